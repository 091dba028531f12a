"""One blob, several uploads: an upload owns its blob for its whole life, and "already uploaded" is proved.

Two `-OverWrite` runs to one blob used to interleave: the first run's page writes landed in the blob the
second had recreated, and the first ended with success, stamping the MD5 of a file the blob did not hold.
"""

from __future__ import annotations

import base64
import hashlib
import threading
from pathlib import Path

import pytest

from azskernel.vhd.upload import upload_vhd
from azskernel.vhd.upload_errors import BlobConflictError, BlobTakenOverError
from tests.vhd.test_upload_faults import through
from tests.vhd.test_upload_proxy import FaultProxy, Forward
from tests.vhd.test_upload_support import (  # noqa: F401 - the store fixture
    MiB,
    scattered_chunks,
    store,
    view_bytes,
    write_sparse_image,
)

SIZE = 24 * MiB


@pytest.fixture(scope="module")
def images(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("own")
    a, b = root / "a.raw", root / "b.raw"
    write_sparse_image(a, SIZE, scattered_chunks(SIZE, 8, MiB, seed=31, sub_sector=False))
    write_sparse_image(b, SIZE, scattered_chunks(SIZE, 8, MiB, seed=32, sub_sector=False))
    return a, b


@pytest.fixture
def slow_proxy(store, test_pki):  # type: ignore[no-untyped-def]
    rule = (lambda req: Forward(delay=0.15) if req.is_page_write else Forward())
    with FaultProxy(store.endpoint, str(store.ca_bundle), str(test_pki.cert), str(test_pki.key), rule=rule) as p:
        yield p


def test_a_second_overwrite_run_takes_the_blob_and_the_first_stops_without_mixing(images, store, slow_proxy):
    image_a, image_b = images
    container = store.new_container()
    started_b = threading.Event()
    outcome: dict[str, object] = {}

    def on_progress(event) -> None:  # type: ignore[no-untyped-def]
        if event.bytes_sent >= 2 * MiB:
            started_b.set()

    def run_a() -> None:
        try:
            outcome["a"] = upload_vhd(image_a, through(slow_proxy, store, container), ca_bundle=store.ca_bundle,
                                      overwrite=True, number_of_uploader_threads=2, progress=on_progress,
                                      progress_interval=0.02)
        except BaseException as exc:  # noqa: BLE001 - inspected below
            outcome["a"] = exc

    first = threading.Thread(target=run_a)
    first.start()
    assert started_b.wait(60), "the first upload never got going"
    second = upload_vhd(image_b, store.key_target(container), ca_bundle=store.ca_bundle, overwrite=True)
    first.join(60)

    assert not second.already_uploaded
    error = outcome["a"]
    assert isinstance(error, BlobTakenOverError), error
    assert "Another client" in error.message and "stopped" in error.message and store.key not in error.message
    blob = store.download(container, "disk.vhd")
    assert blob == view_bytes(image_b)
    assert store.properties(container, "disk.vhd").content_settings.content_md5 == hashlib.md5(blob).digest()
    # The first image is not "already uploaded" there, and the second is, provably.
    with pytest.raises(BlobConflictError):
        upload_vhd(image_a, store.key_target(container), ca_bundle=store.ca_bundle)
    assert upload_vhd(image_b, store.key_target(container), ca_bundle=store.ca_bundle).already_uploaded


def test_a_finished_blob_missing_pages_is_not_already_uploaded_whatever_its_md5(images, store):
    image_a, _ = images
    container = store.new_container()
    first = upload_vhd(image_a, store.key_target(container), ca_bundle=store.ca_bundle)
    client = store.service().get_blob_client(container, "disk.vhd")
    data_offset = next(o for o, n in store.page_ranges(container, "disk.vhd") if o >= MiB)
    client.clear_page(data_offset, 64 * 1024)
    assert client.get_blob_properties().content_settings.content_md5 == base64.b64decode(first.content_md5 or "")

    with pytest.raises(BlobConflictError) as info:
        upload_vhd(image_a, store.key_target(container), ca_bundle=store.ca_bundle)
    message = info.value.message
    assert "does not hold that image" in message and "never written" in message and "-OverWrite" in message
    again = upload_vhd(image_a, store.key_target(container), ca_bundle=store.ca_bundle, overwrite=True)
    assert not again.already_uploaded and store.download(container, "disk.vhd") == view_bytes(image_a)


def test_a_finished_blob_holding_other_bytes_is_not_already_uploaded_whatever_its_md5(images, store):
    image_a, image_b = images
    container = store.new_container()
    upload_vhd(image_b, store.key_target(container), ca_bundle=store.ca_bundle)
    client = store.service().get_blob_client(container, "disk.vhd")
    # Image A's pages are all there (so coverage holds), but hold B's bytes; the MD5 stamped is A's.
    data = view_bytes(image_a)
    for offset in range(0, SIZE, 4 * MiB):
        client.upload_page(bytes(x ^ 0x5A for x in data[offset : offset + 4 * MiB]), offset, 4 * MiB)
    from azure.storage.blob import ContentSettings

    client.set_http_headers(ContentSettings(content_md5=bytearray(hashlib.md5(data).digest())))

    with pytest.raises(BlobConflictError, match="differ from the image's"):
        upload_vhd(image_a, store.key_target(container), ca_bundle=store.ca_bundle)
