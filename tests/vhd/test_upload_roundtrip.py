"""Byte-exact round trips through real Azurite over HTTPS, one per source kind, plus the finished-blob rules."""

from __future__ import annotations

import base64
import hashlib
from pathlib import Path

import pytest
from azure.storage.blob import ContentSettings

from azskernel.vhd.blob_target import BlobTarget
from azskernel.vhd.progress import Phase, ProgressEvent
from azskernel.vhd.upload import upload_vhd
from azskernel.vhd.upload_errors import BlobConflictError, UploadError
from tests.vhd.test_upload_support import (  # noqa: F401 - the store fixture
    MiB,
    convert,
    nonzero_sectors,
    scattered_chunks,
    store,
    view_bytes,
    write_sparse_image,
)

SIZE = 48 * MiB


@pytest.fixture(scope="module")
def raw_image(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("img") / "disk.raw"
    write_sparse_image(path, SIZE, scattered_chunks(SIZE, 6, MiB, seed=5))
    return path


@pytest.mark.parametrize(
    "kind", ["raw", "fixed", "dynamic", "vhdx"],
)
def test_round_trip_is_byte_exact_and_sends_only_nonzero_sectors(kind, raw_image, store, qemu_img, tmp_path):
    source = {
        "raw": lambda: raw_image,
        "fixed": lambda: convert(qemu_img, raw_image, tmp_path / "d.vhd", "vpc", "fixed"),
        "dynamic": lambda: convert(qemu_img, raw_image, tmp_path / "d.vhd", "vpc", "dynamic"),
        "vhdx": lambda: convert(qemu_img, raw_image, tmp_path / "d.vhdx", "vhdx"),
    }[kind]()
    container = store.new_container()
    events: list[ProgressEvent] = []
    result = upload_vhd(source, store.key_target(container, f"{kind}.vhd"), ca_bundle=store.ca_bundle,
                        progress=events.append, number_of_uploader_threads=4)

    expected = view_bytes(source)
    assert store.download(container, f"{kind}.vhd") == expected
    assert result.source_size == len(expected) == SIZE + 512
    # Only non-zero sectors (plus gaps of at most 4 KiB merged into a request) go on the wire.
    nonzero = nonzero_sectors(expected)
    assert nonzero <= result.bytes_sent <= nonzero + 4 * 4096 + 512
    assert result.bytes_sent + result.bytes_skipped == result.source_size
    assert result.content_md5 == base64.b64encode(hashlib.md5(expected).digest()).decode()
    props = store.properties(container, f"{kind}.vhd")
    assert bytes(props.content_settings.content_md5) == hashlib.md5(expected).digest()
    assert props.metadata["azsupload_state"] == "complete"
    assert result.destination_uri == store.key_target(container, f"{kind}.vhd").display_uri
    assert result.LocalFilePath == source.resolve()
    phases = [e.phase for e in events]
    assert phases[0] is Phase.INSPECT and Phase.FINALIZE in phases
    assert events[-1].bytes_sent == result.bytes_sent and events[-1].scan_done


def test_finished_blob_with_same_md5_is_already_uploaded(raw_image, store):
    container = store.new_container()
    target = store.key_target(container)
    upload_vhd(raw_image, target, ca_bundle=store.ca_bundle)
    again = upload_vhd(raw_image, target, ca_bundle=store.ca_bundle)
    assert again.already_uploaded and again.bytes_sent == 0 and again.requests == 0


def test_finished_blob_of_another_image_is_a_conflict_unless_overwrite(raw_image, store, tmp_path):
    container = store.new_container()
    target = store.key_target(container)
    upload_vhd(raw_image, target, ca_bundle=store.ca_bundle)
    other = tmp_path / "other.raw"
    write_sparse_image(other, SIZE, [(2 * MiB, b"other" * 1000)])
    with pytest.raises(BlobConflictError, match="OverWrite"):
        upload_vhd(other, target, ca_bundle=store.ca_bundle)
    result = upload_vhd(other, target, ca_bundle=store.ca_bundle, overwrite=True)
    assert not result.already_uploaded
    assert store.download(container, "disk.vhd") == view_bytes(other)


def test_content_headers_other_than_md5_are_kept(raw_image, store):
    container = store.new_container()
    target = store.key_target(container)
    svc = store.service().get_blob_client(container, "disk.vhd")
    upload_vhd(raw_image, target, ca_bundle=store.ca_bundle)
    svc.set_http_headers(ContentSettings(content_type="application/x-vhd", cache_control="no-cache"))
    # An unfinished (no Content-MD5) blob of this source: the rerun finishes it and keeps the headers. Only
    # the VHD footer is sent again: it is always the last write, made under the run's claim on the blob.
    result = upload_vhd(raw_image, target, ca_bundle=store.ca_bundle)
    assert result.resumed and result.bytes_sent == 512
    props = store.properties(container, "disk.vhd")
    assert props.content_settings.content_type == "application/x-vhd"
    assert props.content_settings.cache_control == "no-cache"
    assert props.content_settings.content_md5


def test_sas_destination_round_trip(raw_image, store):
    container = store.new_container()
    result = upload_vhd(raw_image, BlobTarget.from_sas_url(store.blob_sas_url(container, "sas.vhd")),
                        ca_bundle=store.ca_bundle)
    assert "sig=" not in result.destination_uri and "?" not in result.destination_uri
    assert store.download(container, "sas.vhd") == view_bytes(raw_image)


def test_missing_container_is_created(raw_image, store):
    result = upload_vhd(raw_image, store.key_target("fresh-container"), ca_bundle=store.ca_bundle)
    assert store.download("fresh-container", "disk.vhd") == view_bytes(raw_image)
    assert result.bytes_sent > 0


def test_page_alignment_4k_writes_only_whole_4k_pages(raw_image, store):
    container = store.new_container()
    result = upload_vhd(raw_image, store.key_target(container), ca_bundle=store.ca_bundle, page_alignment=4096)
    assert store.download(container, "disk.vhd") == view_bytes(raw_image)
    ranges = store.page_ranges(container, "disk.vhd")
    # The footer's 512 bytes end the blob and are the only piece that cannot be a whole 4 KiB page.
    assert all(start % 4096 == 0 and (end % 4096 == 0 or end == result.source_size) for start, end in ranges)
    # The single non-zero bytes cost a 4 KiB page each instead of a sector.
    assert result.bytes_sent <= nonzero_sectors(view_bytes(raw_image)) + 5 * 4096


def test_bad_page_alignment_is_refused(raw_image, store):
    with pytest.raises(UploadError, match="power of two"):
        upload_vhd(raw_image, store.key_target("c"), page_alignment=1000)
