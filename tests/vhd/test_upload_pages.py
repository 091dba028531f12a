"""Azure Stack Hub's 4 KiB pages and 880-character blob names.

A Hub reports page ranges rounded out to its 4 KiB page. An uploader that writes 512-byte sectors and
trusts such ranges on resume can skip bytes it never wrote; this one writes whole 4 KiB pages (the VHD
footer aside) and trusts whole pages only. The proxy here rounds Azurite's ranges out as a Hub does.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from azskernel.vhd.blob_target import MAX_BLOB_NAME, BlobTarget, DestinationUriError
from azskernel.vhd.progress import CancelToken, ProgressEvent
from azskernel.vhd.upload import upload_vhd
from azskernel.vhd.upload_errors import BlobConflictError, UploadCancelled
from azskernel.vhd.upload_plan import trusted_ranges
from tests.vhd.test_upload_faults import through
from tests.vhd.test_upload_proxy import FaultProxy, Forward
from tests.vhd.test_upload_support import (  # noqa: F401 - the store fixture
    MiB,
    store,
    view_bytes,
    write_sparse_image,
)

SIZE = 20 * MiB


@pytest.fixture(scope="module")
def image(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Runs that start and end inside 4 KiB pages, single non-zero bytes, and two runs sharing a page."""
    import random

    rng = random.Random(44)
    chunks = [(MiB + 1536, rng.randbytes(3000)), (3 * MiB + 512, rng.randbytes(512)), (3 * MiB + 3584, b"\x07"),
              (5 * MiB - 700, rng.randbytes(9000))]
    chunks += [(o, rng.randbytes(200_000)) for o in range(6 * MiB + 2048, 18 * MiB, 700_000)]
    path = tmp_path_factory.mktemp("pages") / "disk.raw"
    write_sparse_image(path, SIZE, chunks)
    return path


@pytest.fixture
def hub_proxy(store, test_pki):  # type: ignore[no-untyped-def]
    with FaultProxy(store.endpoint, str(store.ca_bundle), str(test_pki.cert), str(test_pki.key),
                    rule=lambda req: Forward(delay=0.05) if req.is_page_write else Forward()) as p:
        p.page_ranges_unit = 4096
        yield p


def whole_pages(writes: list[tuple[int, int]], size: int) -> bool:
    footer = (size - 512, size)
    return all(w == footer or (w[0] % 4096 == 0 and w[1] % 4096 == 0) for w in writes)


def test_writes_are_whole_4k_pages_and_a_resume_through_rounded_ranges_is_exact(image, store, hub_proxy):
    container = store.new_container()
    token = CancelToken()

    def cancel_midway(event: ProgressEvent) -> None:
        if event.bytes_sent >= 2 * MiB:
            token.cancel()

    with pytest.raises(UploadCancelled):
        upload_vhd(image, through(hub_proxy, store, container), ca_bundle=store.ca_bundle, cancel=token,
                   progress=cancel_midway, progress_interval=0.02, number_of_uploader_threads=2)
    time.sleep(0.3)
    first_writes = list(hub_proxy.page_writes)
    result = upload_vhd(image, through(hub_proxy, store, container), ca_bundle=store.ca_bundle)
    assert result.resumed and result.bytes_present > 0
    assert store.download(container, "disk.vhd") == view_bytes(image)
    assert first_writes and whole_pages(hub_proxy.page_writes, result.source_size), hub_proxy.page_writes


def test_an_unfinished_upload_written_in_sectors_is_not_resumed(image, store, hub_proxy):
    container = store.new_container()
    token = CancelToken()
    with pytest.raises(UploadCancelled):
        upload_vhd(image, through(hub_proxy, store, container), ca_bundle=store.ca_bundle, cancel=token,
                   progress=lambda e: token.cancel() if e.bytes_sent else None, progress_interval=0.01)
    client = store.service().get_blob_client(container, "disk.vhd")
    client.set_blob_metadata({**client.get_blob_properties().metadata, "azsupload": "1"})
    with pytest.raises(BlobConflictError, match="earlier version"):
        upload_vhd(image, through(hub_proxy, store, container), ca_bundle=store.ca_bundle)


def test_only_whole_pages_of_reported_ranges_are_trusted():
    end = 10 * 4096 + 1024  # a data end that is not a multiple of 4 KiB (-SkipResizing)
    assert trusted_ranges([(512, 8192)], 4096, end) == [(4096, 8192)]
    assert trusted_ranges([(0, 4096), (4096, 6144)], 4096, end) == [(0, 4096)]
    assert trusted_ranges([(8 * 4096, end + 512)], 4096, end) == [(8 * 4096, end)]
    assert trusted_ranges([(10 * 4096 + 512, end)], 4096, end) == []
    assert trusted_ranges([(9 * 4096 + 512, end)], 4096, end) == [(10 * 4096, end)]
    assert trusted_ranges([(0, 512)], 512, end) == [(0, 512)]


def test_a_blob_name_over_880_characters_is_refused_before_any_request(image, store, hub_proxy):
    name = "é" * (MAX_BLOB_NAME - 3) + ".vhd"
    with pytest.raises(DestinationUriError, match="881 characters long; Azure Stack Hub allows at most 880"):
        BlobTarget.from_account_key(hub_proxy.endpoint, store.account, store.key, "c", name)
    with pytest.raises(DestinationUriError, match="at most 880"):
        BlobTarget.from_sas_url(f"https://acct.blob.local.azurestack.external/c/{'x' * 881}?sv=1&sig=abc")
    ok = BlobTarget.from_account_key(hub_proxy.endpoint, store.account, store.key, "c", "n" * 876 + ".vhd")
    assert ok.blob_url.endswith(".vhd")
    assert hub_proxy.page_requests == hub_proxy.other_requests == 0
