"""The uploader under a storage path that misbehaves: mixed faults on every request, SIGKILLs at random
moments, and two uploads racing for one blob. Every finished blob must be byte-exact."""

from __future__ import annotations

import hashlib
import os
import random
import signal
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from azskernel.vhd import open_disk
from azskernel.vhd.blob_target import BlobTarget
from azskernel.vhd.upload import UploadResult, upload_vhd
from azskernel.vhd.upload_errors import BlobTakenOverError
from azskernel.vhd.upload_retry import RetryPolicy
from azskernel.vhd.zeros import nonzero_runs
from tests.vhd.test_upload_proxy import FaultProxy, Forward, Reply, Request, Reset
from tests.vhd.test_upload_support import MiB, store, write_sparse_image  # noqa: F401 - the store fixture

GiB = 1024 * MiB
FAST_RETRY = RetryPolicy(max_tries=12, base_delay=0.02, max_delay=0.5)


def sparse_image(path: Path, size: int, data_mib: int, seed: int, chunk: int = MiB) -> Path:
    """`size` bytes, with `data_mib` MiB of random data in `chunk`-sized pieces at random places."""
    rng = random.Random(seed)
    slots = rng.sample(range(MiB // chunk, size // chunk - 1), data_mib * MiB // chunk)
    write_sparse_image(path, size, [(s * chunk, rng.randbytes(chunk)) for s in sorted(slots)])
    return path


def assert_exact(store, container: str, image: Path, result: UploadResult | None = None) -> None:  # type: ignore[no-untyped-def]
    """Byte-exact without reading the zeros: every committed range equals the source there, and every non-zero
    sector of the source lies in a committed range (a page blob reads zeros elsewhere)."""
    client = store.service().get_blob_client(container, "disk.vhd")
    ranges: list[tuple[int, int]] = []
    for lo, hi in store.page_ranges(container, "disk.vhd"):
        if ranges and lo <= ranges[-1][1]:
            ranges[-1] = (ranges[-1][0], max(hi, ranges[-1][1]))
        else:
            ranges.append((lo, hi))
    with open_disk(image) as view, ThreadPoolExecutor(8) as pool:
        assert client.get_blob_properties().size == view.size
        remote = pool.map(lambda r: client.download_blob(offset=r[0], length=r[1] - r[0]).readall(), ranges)
        for (lo, hi), data in zip(ranges, remote):
            assert data == view.read(lo, hi - lo), (lo, hi)
        for offset, length in view.extents():
            start = offset - offset % 512
            end = min(view.size, -(-(offset + length) // 512) * 512)
            for pos in range(start, end, 4 * MiB):
                n = min(4 * MiB, end - pos)
                for run, size in nonzero_runs(view.read(pos, n), pos):
                    assert any(lo <= run and run + size <= hi for lo, hi in ranges), (run, size)
    if result is not None and result.content_md5:
        import base64

        assert base64.b64encode(client.get_blob_properties().content_settings.content_md5).decode() == result.content_md5


def mixed_faults(rate: float, seed: int):  # type: ignore[no-untyped-def]
    """A proxy rule: `rate` of all requests (page writes, reads, metadata) meet a fault, of five kinds."""
    rng = random.Random(seed)
    lock = threading.Lock()

    def rule(req: Request) -> Forward | Reply | Reset:
        with lock:
            roll, kind = rng.random(), rng.random()
        if roll >= rate:
            return Forward()
        if kind < 0.3:
            return Reset()
        if kind < 0.5:
            return Forward(reset_after=True)  # applied, answer lost: the retry meets its own first attempt
        if kind < 0.7:
            return Reply(503, "ServerBusy", {"Retry-After": "0"})
        if kind < 0.85:
            return Reply(500, "InternalError")
        return Forward(delay=0.2)

    return rule


@pytest.fixture
def proxy(store, test_pki):  # type: ignore[no-untyped-def]
    with FaultProxy(store.endpoint, str(store.ca_bundle), str(test_pki.cert), str(test_pki.key)) as p:
        yield p


def test_one_gib_through_ten_percent_mixed_faults_is_byte_exact(store, proxy, scale, figures, tmp_path):  # type: ignore[no-untyped-def]
    # 128 KiB pieces: a few hundred writes, so that 10% faults are a few dozen
    image = sparse_image(tmp_path / "disk.raw", GiB, scale.upload_data_mib, seed=1, chunk=128 * 1024)
    proxy.rule = mixed_faults(scale.fault_rate, seed=2)
    container = store.new_container()
    target = BlobTarget.from_account_key(proxy.endpoint, store.account, store.key, container, "disk.vhd")
    began = time.monotonic()
    result = upload_vhd(image, target, ca_bundle=store.ca_bundle, retry=FAST_RETRY)
    took = time.monotonic() - began
    assert_exact(store, container, image, result)
    resent = proxy.page_bytes_received - result.bytes_sent
    figures("faults", f"1 GiB, {result.bytes_sent / MiB:.1f} MiB sent in {result.requests} writes, "
                      f"{proxy.page_requests + proxy.other_requests} requests at {scale.fault_rate:.0%} faults: "
                      f"{proxy.faults} faults, {result.retries} retries, {resent / MiB:.1f} MiB re-sent, "
                      f"{took:.1f} s, byte-exact")
    assert proxy.faults > 0 and result.retries > 0


CHILD = """
import sys
from azskernel.vhd.blob_target import BlobTarget
from azskernel.vhd.upload import upload_vhd
path, endpoint, account, key, container, ca = sys.argv[1:7]
def show(event):
    print(event.bytes_sent, flush=True)
upload_vhd(path, BlobTarget.from_account_key(endpoint, account, key, container, "disk.vhd"), ca_bundle=ca,
           number_of_uploader_threads=4, progress=show, progress_interval=0.02, checkpoint_interval=0.3)
print("finished", flush=True)
"""


def test_random_sigkills_then_a_resume_is_byte_exact(store, proxy, scale, figures, tmp_path):  # type: ignore[no-untyped-def]
    # Each kill lets at most ~6 MiB in (a threshold up to 2 MiB, then what the 4 writers have in flight):
    # enough data that the last kill still lands before the end.
    data_mib = max(48, 8 * scale.kills)
    image = sparse_image(tmp_path / "disk.raw", 512 * MiB, data_mib, seed=3)
    proxy.rule = lambda req: Forward(delay=0.03) if req.is_page_write else Forward()
    container = store.new_container()
    rng = random.Random(4)
    kills = 0
    for _ in range(scale.kills):
        child = subprocess.Popen([sys.executable, "-c", CHILD, str(image), proxy.endpoint, store.account, store.key,
                                  container, str(store.ca_bundle)], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                 text=True)
        assert child.stdout is not None
        threshold = rng.randrange(256 * 1024, 2 * MiB)
        for line in child.stdout:
            assert not line.startswith("finished"), "the upload ended before it could be killed"
            if int(line) >= threshold:
                break
        os.kill(child.pid, signal.SIGKILL)
        child.wait()
        kills += child.returncode == -signal.SIGKILL
        time.sleep(0.2)
    proxy.rule = lambda req: Forward()
    target = BlobTarget.from_account_key(proxy.endpoint, store.account, store.key, container, "disk.vhd")
    result = upload_vhd(image, target, ca_bundle=store.ca_bundle)
    assert result.resumed
    assert_exact(store, container, image, result)
    unique = result.bytes_present + result.bytes_sent
    resent = proxy.page_bytes_received - unique
    figures("sigkill", f"{kills} SIGKILLs during a 512 MiB upload ({unique / MiB:.1f} MiB to send): "
                       f"{resent / MiB:.2f} MiB re-sent in all, {result.bytes_present / MiB:.1f} MiB found present "
                       "by the last run, byte-exact")
    assert kills == scale.kills


def test_two_writers_racing_for_one_blob_never_mix(store, proxy, scale, figures, tmp_path):  # type: ignore[no-untyped-def]
    a = sparse_image(tmp_path / "a.raw", 64 * MiB, 12, seed=5)
    b = sparse_image(tmp_path / "b.raw", 64 * MiB, 12, seed=6)
    proxy.rule = lambda req: Forward(delay=0.01) if req.is_page_write else Forward()
    rng = random.Random(7)
    outcomes: dict[str, int] = {"won": 0, "taken over": 0}
    for round_ in range(scale.writer_rounds):
        for overwrite, images in ((True, (a, b)), (False, (a, a))):
            container = store.new_container()
            results: dict[int, object] = {}

            def run(i: int, image: Path) -> None:
                time.sleep(rng.random() * 0.2)
                target = BlobTarget.from_account_key(proxy.endpoint, store.account, store.key, container, "disk.vhd")
                try:
                    results[i] = upload_vhd(image, target, ca_bundle=store.ca_bundle, overwrite=overwrite,
                                            number_of_uploader_threads=2)
                except BaseException as exc:  # noqa: BLE001 - inspected below
                    results[i] = exc

            threads = [threading.Thread(target=run, args=(i, image)) for i, image in enumerate(images)]
            for t in threads:
                t.start()
            for t in threads:
                t.join(120)
            winners = [i for i, r in results.items() if isinstance(r, UploadResult)]
            losers = [r for r in results.values() if not isinstance(r, UploadResult)]
            assert winners, results
            assert all(isinstance(r, BlobTakenOverError) for r in losers), losers
            outcomes["won"] += len(winners)
            outcomes["taken over"] += len(losers)
            md5 = store.properties(container, "disk.vhd").content_settings.content_md5
            holder = next(images[i] for i in winners if hashlib.md5(
                store.download(container, "disk.vhd")).digest() == md5)
            assert_exact(store, container, holder)
    figures("two writers", f"{scale.writer_rounds * 2} races (overwrite with two images; two runs of one image): "
                           f"{outcomes['won']} runs finished, {outcomes['taken over']} stopped as taken over, "
                           "every blob exact")
