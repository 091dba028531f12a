"""What the uploader says when it cannot start: the host it could not reach, no resume hint when nothing
was sent, and a character device named as such instead of "empty (0 bytes)"."""

from __future__ import annotations

from pathlib import Path

import pytest

from azskernel.vhd import open_disk
from azskernel.vhd.blob_target import BlobTarget
from azskernel.vhd.errors import VhdNotAFileError
from azskernel.vhd.progress import CancelToken
from azskernel.vhd.upload import upload_vhd
from azskernel.vhd.upload_errors import TransferFailedError
from azskernel.vhd.upload_retry import RetryPolicy
from tests.support.ports import free_port
from tests.vhd.test_upload_support import MiB, write_sparse_image


def test_a_refused_connection_names_the_host_and_offers_no_resume(tmp_path: Path) -> None:
    image = tmp_path / "disk.raw"
    write_sparse_image(image, 21 * MiB, [(3 * MiB, b"\x01" * 4096)])
    port = free_port()
    target = BlobTarget.from_account_key(f"https://127.0.0.1:{port}/acct", "acct", "a2V5", "c", "disk.vhd")
    with pytest.raises(TransferFailedError) as info:
        upload_vhd(image, target, retry=RetryPolicy(max_tries=2, sleep=lambda s, token: token.cancelled))
    message = info.value.message
    assert f"127.0.0.1:{port}" in message and "connection refused" in message
    assert "Nothing was sent" in message and "resume" not in message


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/null"])
def test_a_character_device_is_named_as_one(device: str) -> None:
    with pytest.raises(VhdNotAFileError, match=f"'{device}' is a character device, not a disk image file"):
        open_disk(device)


def test_a_pipe_is_named_as_one(tmp_path: Path) -> None:
    import os

    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    fd = os.open(fifo, os.O_RDWR | os.O_NONBLOCK)  # a writer, so opening it for reading does not block
    try:
        with pytest.raises(VhdNotAFileError, match="is a pipe"):
            open_disk(fifo)
    finally:
        os.close(fd)


def test_cancel_before_the_blob_exists_says_nothing_was_sent(tmp_path: Path) -> None:
    image = tmp_path / "disk.raw"
    write_sparse_image(image, 21 * MiB, [(3 * MiB, b"\x01" * 4096)])
    token = CancelToken()
    token.cancel()
    target = BlobTarget.from_account_key(f"https://127.0.0.1:{free_port()}/acct", "acct", "a2V5", "c", "disk.vhd")
    from azskernel.vhd.upload_errors import UploadCancelled

    with pytest.raises(UploadCancelled, match="Nothing was sent"):
        upload_vhd(image, target, cancel=token)
