"""Add-AzVhd's engine against the strict lab's blob endpoint (blob_gate.js in front of Azurite), as it meets a
stamp: Get Page Ranges reported in the stamp's 4 KiB pages, and page-blob sequence numbers that let an upload
own its blob. A recording proxy between the two shows every page write as it reaches the stamp; it rounds
nothing itself, so the 4 KiB ranges a resume sees are the lab's.
Rows of docs/stamp-fidelity.md: "Upload (Add-AzVhd's engine)"."""

from __future__ import annotations

import hashlib
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from azure.storage.blob import BlobClient

from azskernel.vhd.blob_target import BlobTarget
from azskernel.vhd.progress import CancelToken, ProgressEvent
from azskernel.vhd.upload import upload_vhd
from azskernel.vhd.upload_errors import BlobTakenOverError, UploadCancelled
from tests.vhd.test_upload_pages import SIZE, image, whole_pages  # noqa: F401 - the image fixture
from tests.vhd.test_upload_proxy import FaultProxy, Forward
from tests.vhd.test_upload_support import MiB, Store, view_bytes

PAGE = 4096
DEV_ACCOUNT = "devstoreaccount1"
# Azurite's published development key: public by design (Microsoft documents it), so no secret.
DEV_KEY = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="


@pytest.fixture(scope="module")
def stamp(adfs_lab: Any) -> Store:
    """The strict lab's blob endpoint, with the development account every lab serves."""
    return Store(adfs_lab.blob_endpoint(DEV_ACCOUNT).rstrip("/"), DEV_ACCOUNT, DEV_KEY, Path(adfs_lab.ca_bundle))


@pytest.fixture
def recorder(stamp: Store, test_pki: Any) -> Iterator[FaultProxy]:
    """Forwards to the lab, records every page write, and slows them a little so a test can act mid-upload."""
    rule = (lambda req: Forward(delay=0.04) if req.is_page_write else Forward())
    with FaultProxy(stamp.endpoint, str(stamp.ca_bundle), str(test_pki.cert), str(test_pki.key), rule=rule) as proxy:
        yield proxy


def through(proxy: FaultProxy, container: str) -> BlobTarget:
    return BlobTarget.from_account_key(proxy.endpoint, DEV_ACCOUNT, DEV_KEY, container, "disk.vhd")


def test_an_interrupted_upload_resumes_exactly_through_the_stamps_4_kib_page_ranges(
        image: Path, stamp: Store, recorder: FaultProxy, test_pki: Any) -> None:
    container = stamp.new_container()
    token = CancelToken()

    def stop_midway(event: ProgressEvent) -> None:
        if event.bytes_sent >= MiB:
            token.cancel()

    with pytest.raises(UploadCancelled):
        upload_vhd(image, through(recorder, container), ca_bundle=test_pki.ca_bundle, cancel=token,
                   progress=stop_midway, progress_interval=0.02, number_of_uploader_threads=2)
    time.sleep(0.3)
    size = SIZE + 512
    reported = stamp.page_ranges(container, "disk.vhd")
    assert reported, "the interrupted upload left no pages to resume from"
    assert all(start % PAGE == 0 and (end % PAGE == 0 or end == size) for start, end in reported), reported
    first = list(recorder.page_writes)

    result = upload_vhd(image, through(recorder, container), ca_bundle=test_pki.ca_bundle)
    assert result.resumed and result.bytes_present > 0
    blob = stamp.download(container, "disk.vhd")
    assert blob == view_bytes(image)
    assert stamp.properties(container, "disk.vhd").content_settings.content_md5 == hashlib.md5(blob).digest()
    assert first and whole_pages(recorder.page_writes, result.source_size), recorder.page_writes


def test_an_upload_whose_blob_another_client_claims_stops_and_never_marks_it_complete(
        image: Path, stamp: Store, recorder: FaultProxy, test_pki: Any) -> None:
    container = stamp.new_container()
    rival = BlobClient(stamp.endpoint, container, "disk.vhd",
                       credential={"account_name": DEV_ACCOUNT, "account_key": DEV_KEY}, api_version="2019-07-07",
                       connection_verify=str(stamp.ca_bundle))
    claimed: list[int] = []

    def claim_midway(event: ProgressEvent) -> None:
        if event.bytes_sent >= MiB and not claimed:
            claimed.append(rival.get_blob_properties().page_blob_sequence_number)
            rival.set_sequence_number("increment")

    with pytest.raises(BlobTakenOverError) as stopped:
        upload_vhd(image, through(recorder, container), ca_bundle=test_pki.ca_bundle, progress=claim_midway,
                   progress_interval=0.02, number_of_uploader_threads=2)
    assert claimed, "the rival never claimed the blob"
    assert "Another client" in stopped.value.message and DEV_KEY not in stopped.value.message
    properties = stamp.properties(container, "disk.vhd")
    assert properties.page_blob_sequence_number == claimed[0] + 1
    assert properties.content_settings.content_md5 is None
    assert properties.metadata.get("azsupload_state") != "complete"
