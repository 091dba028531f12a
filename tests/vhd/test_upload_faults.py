"""Retries, exhausted retries, cancel and Ctrl-C, through a fault-injecting HTTPS proxy in front of Azurite."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest

from azskernel.vhd.blob_target import BlobTarget
from azskernel.vhd.progress import CancelToken, ProgressEvent
from azskernel.vhd.upload import upload_vhd
from azskernel.vhd.upload_errors import ThrottledError, TransferFailedError, UploadCancelled
from azskernel.vhd.upload_retry import RetryPolicy
from tests.vhd.test_upload_proxy import FaultProxy, Forward, Reply, Request, Reset
from tests.vhd.test_upload_support import (  # noqa: F401 - the store fixture
    MiB,
    scattered_chunks,
    store,
    view_bytes,
    write_sparse_image,
)

SIZE = 32 * MiB


@pytest.fixture(scope="module")
def image(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("img") / "disk.raw"
    write_sparse_image(path, SIZE, scattered_chunks(SIZE, 10, MiB, seed=9, sub_sector=False))
    return path


@pytest.fixture
def proxy(store, test_pki):  # type: ignore[no-untyped-def]
    with FaultProxy(store.endpoint, str(store.ca_bundle), str(test_pki.cert), str(test_pki.key)) as p:
        yield p


class Sleeps:
    """RetryPolicy.sleep that records the waits asked for and returns at once."""

    def __init__(self) -> None:
        self.waits: list[float] = []

    def __call__(self, seconds: float, token: CancelToken) -> bool:
        self.waits.append(seconds)
        return token.cancelled


def through(proxy: FaultProxy, store, container: str) -> BlobTarget:  # type: ignore[no-untyped-def]
    return BlobTarget.from_account_key(proxy.endpoint, store.account, store.key, container, "disk.vhd")


def test_resets_and_503_with_retry_after_are_retried_to_an_exact_blob(image, store, proxy):
    def rule(req: Request) -> Forward | Reply | Reset:
        if req.is_page_write and req.index in (1, 4):
            return Reset()
        if req.is_page_write and req.index == 2:
            return Reply(503, "ServerBusy", {"Retry-After": "3"})
        if req.method == "HEAD" and req.index == 0:
            return Reply(500, "InternalError")
        return Forward()

    proxy.rule = rule
    container = store.new_container()
    sleeps = Sleeps()
    result = upload_vhd(image, through(proxy, store, container), ca_bundle=store.ca_bundle,
                        number_of_uploader_threads=2, retry=RetryPolicy(sleep=sleeps))
    assert store.download(container, "disk.vhd") == view_bytes(image)
    assert proxy.faults == 4 and result.retries == 4
    # Retry-After: 3 is a floor for that wait; the others are short exponential backoffs.
    assert sum(1 for w in sleeps.waits if w >= 3) == 1
    assert all(w < 3 for w in sleeps.waits if w < 3)


def test_throttling_that_never_ends_fails_with_a_resumable_message(image, store, proxy):
    proxy.rule = lambda req: Reply(503, "ServerBusy", {"Retry-After": "1"}) if req.is_page_write and req.index >= 3 \
        else Forward()
    container = store.new_container()
    with pytest.raises(ThrottledError) as info:
        upload_vhd(image, through(proxy, store, container), ca_bundle=store.ca_bundle,
                   number_of_uploader_threads=1, retry=RetryPolicy(max_tries=3, sleep=Sleeps()))
    assert "Run the same command again" in info.value.message and "throttl" in info.value.message
    assert store.key not in info.value.message
    # The rerun (no more faults) resumes: the three committed writes are not sent again.
    proxy.rule = lambda req: Forward()
    committed = proxy.page_bytes_committed
    result = upload_vhd(image, through(proxy, store, container), ca_bundle=store.ca_bundle)
    assert result.resumed and result.bytes_present == committed
    assert store.download(container, "disk.vhd") == view_bytes(image)


def test_server_errors_that_never_end_fail_with_a_resumable_message(image, store, proxy):
    proxy.rule = lambda req: Reply(500, "InternalError") if req.is_page_write else Forward()
    with pytest.raises(TransferFailedError) as info:
        upload_vhd(image, through(proxy, store, store.new_container()), ca_bundle=store.ca_bundle,
                   retry=RetryPolicy(max_tries=2, sleep=Sleeps()))
    assert not isinstance(info.value, ThrottledError)
    assert "failed after 2 tries" in info.value.message and "resume" in info.value.message


def test_cancel_token_stops_the_writers_within_two_seconds_and_leaves_a_resumable_blob(image, store, proxy):
    proxy.rule = lambda req: Forward(delay=0.3) if req.is_page_write else Forward()
    container = store.new_container()
    token = CancelToken()
    cancelled_at: list[float] = []

    def on_progress(event: ProgressEvent) -> None:
        if event.bytes_sent >= 2 * MiB and not token.cancelled:
            cancelled_at.append(time.monotonic())
            token.cancel()

    with pytest.raises(UploadCancelled, match="resume"):
        upload_vhd(image, through(proxy, store, container), ca_bundle=store.ca_bundle, cancel=token,
                   progress=on_progress, progress_interval=0.05, number_of_uploader_threads=4)
    assert time.monotonic() - cancelled_at[0] < 2.0
    assert not [t for t in threading.enumerate() if t.name.startswith(("vhd-put", "vhd-scan", "vhd-md5"))]
    proxy.rule = lambda req: Forward()
    result = upload_vhd(image, through(proxy, store, container), ca_bundle=store.ca_bundle)
    assert result.resumed and result.bytes_present >= 2 * MiB
    assert store.download(container, "disk.vhd") == view_bytes(image)


def test_keyboard_interrupt_stops_the_writers_and_propagates(image, store, proxy):
    proxy.rule = lambda req: Forward(delay=0.3) if req.is_page_write else Forward()

    interrupted_at: list[float] = []

    def on_progress(event: ProgressEvent) -> None:
        if event.bytes_sent >= MiB:
            interrupted_at.append(time.monotonic())
            raise KeyboardInterrupt  # what Ctrl-C does in the caller's thread

    with pytest.raises(KeyboardInterrupt):
        upload_vhd(image, through(proxy, store, store.new_container()), ca_bundle=store.ca_bundle,
                   progress=on_progress, progress_interval=0.05, number_of_uploader_threads=4)
    assert time.monotonic() - interrupted_at[0] < 2.0
    assert not [t for t in threading.enumerate() if t.name.startswith(("vhd-put", "vhd-scan"))]
