"""Resume after the uploader process is killed with SIGKILL midway: the rerun sends only what is missing.

The first run goes through a proxy that slows every Put Page, so the kill lands with requests in flight;
the proxy counts the page bytes it received and those Azurite committed.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from azskernel.vhd.blob_target import BlobTarget
from azskernel.vhd.upload import upload_vhd
from tests.vhd.test_upload_proxy import FaultProxy, Forward
from tests.vhd.test_upload_support import (  # noqa: F401 - the store fixture
    MiB,
    scattered_chunks,
    store,
    view_bytes,
    write_sparse_image,
)

SIZE = 96 * MiB
THREADS = 4

CHILD = """
import sys
from azskernel.vhd.blob_target import BlobTarget
from azskernel.vhd.upload import upload_vhd

path, endpoint, account, key, container, ca = sys.argv[1:7]
def show(event):
    print("sent", event.bytes_sent, flush=True)
upload_vhd(path, BlobTarget.from_account_key(endpoint, account, key, container, "disk.vhd"), ca_bundle=ca,
           number_of_uploader_threads=%d, progress=show, progress_interval=0.02, checkpoint_interval=0.2)
print("finished", flush=True)
""" % THREADS


@pytest.fixture(scope="module")
def image(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("img") / "disk.raw"
    write_sparse_image(path, SIZE, scattered_chunks(SIZE, 24, MiB, seed=21))
    return path


def test_rerun_after_sigkill_sends_only_what_was_not_committed(image, store, test_pki):
    container = store.new_container()
    with FaultProxy(store.endpoint, str(store.ca_bundle), str(test_pki.cert), str(test_pki.key),
                    rule=lambda req: Forward(delay=0.1) if req.is_page_write else Forward()) as proxy:
        child = subprocess.Popen(
            [sys.executable, "-c", CHILD, str(image), proxy.endpoint, store.account, store.key, container,
             str(store.ca_bundle)],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        )
        last_sent = 0
        assert child.stdout is not None
        deadline = time.monotonic() + 60
        for line in child.stdout:
            assert not line.startswith("finished"), "the upload ended before it could be killed"
            last_sent = int(line.split()[1])
            if last_sent >= 8 * MiB or time.monotonic() > deadline:
                break
        os.kill(child.pid, signal.SIGKILL)
        child.wait()
        time.sleep(0.5)  # let the proxy finish forwarding what it had already received
        received, committed = proxy.page_bytes_received, proxy.page_bytes_committed

    assert child.returncode == -signal.SIGKILL
    assert 8 * MiB <= last_sent <= committed <= received
    props = store.properties(container, "disk.vhd")
    assert not props.content_settings.content_md5 and props.metadata["azsupload_state"] == "uploading"
    # The last checkpoint is behind the truth, never ahead of it.
    assert 0 < int(props.metadata["azsupload_committed"]) <= committed

    target = BlobTarget.from_account_key(store.endpoint, store.account, store.key, container, "disk.vhd")
    result = upload_vhd(image, target, ca_bundle=store.ca_bundle)
    assert result.resumed and not result.already_uploaded
    assert store.download(container, "disk.vhd") == view_bytes(image)

    total = result.bytes_sent + result.bytes_present
    resent = received + result.bytes_sent - total
    in_flight = received - committed
    assert resent <= in_flight <= THREADS * 4 * MiB
    assert result.bytes_present == committed
