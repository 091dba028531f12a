"""The uploader through a misbehaving storage path: a 1 GiB disk (about 10% data, in 128 KiB pieces) through
the fault proxy at 0%, 10% and 20% mixed faults (resets before and after the request took effect, 503 with
Retry-After, 500, slow answers), against Azurite over TLS. Prints throughput, faults, retries and the bytes
sent again, and checks every blob byte-exact (committed ranges read back, every non-zero sector covered).

    .venv/bin/python bench/upload_faults.py [--data-mib 102] [--rates 0,0.1,0.2]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from azskernel.vhd.blob_target import BlobTarget  # noqa: E402
from azskernel.vhd.upload import upload_vhd  # noqa: E402
from tests.soak.test_upload_soak import FAST_RETRY, GiB, MiB, assert_exact, mixed_faults, sparse_image  # noqa: E402
from tests.support.azurite import start_azurite  # noqa: E402
from tests.support.tls import make_pki  # noqa: E402
from tests.vhd.test_upload_proxy import FaultProxy  # noqa: E402
from tests.vhd.test_upload_support import Store  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-mib", type=int, default=102)
    parser.add_argument("--rates", default="0,0.1,0.2")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        pki = make_pki(root / "pki")
        azurite = start_azurite(pki, root / "azurite")
        try:
            store = Store(azurite.blob_endpoint, azurite.account, azurite.key, azurite.ca_bundle)
            image = sparse_image(root / "disk.raw", GiB, args.data_mib, seed=1, chunk=128 * 1024)
            base = None
            rates = [float(r) for r in args.rates.split(",")]
            for n, rate in enumerate([rates[0], *rates]):  # the first run only warms caches and imports up
                with FaultProxy(store.endpoint, str(store.ca_bundle), str(pki.cert), str(pki.key),
                                rule=mixed_faults(rate, seed=2)) as proxy:
                    container = store.new_container()
                    target = BlobTarget.from_account_key(proxy.endpoint, store.account, store.key, container,
                                                         "disk.vhd")
                    began = time.monotonic()
                    result = upload_vhd(image, target, ca_bundle=store.ca_bundle, retry=FAST_RETRY)
                    took = time.monotonic() - began
                    assert_exact(store, container, image, result)
                    if n == 0:
                        continue
                    base = base or took
                    resent = proxy.page_bytes_received - result.bytes_sent
                    print(f"faults {rate:4.0%}: {took:5.1f} s ({result.bytes_sent / MiB / took:6.1f} MiB/s of data, "
                          f"x{took / base:.2f} of the clean run), {proxy.faults} faults, {result.retries} retries, "
                          f"{resent / MiB:.1f} MiB sent again, byte-exact")
        finally:
            azurite.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
