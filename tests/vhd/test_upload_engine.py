"""The engine through its seams: a DiskView that records its reads and an in-memory PageWriter.

These show what a real server cannot: holes are never read, memory stays within the byte budget, and a
fault raised by the writer itself is retried like one from the wire.
"""

from __future__ import annotations

import hashlib
import threading
import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from azskernel.vhd.page_writer import RemoteBlob
from azskernel.vhd.progress import CancelToken
from azskernel.vhd.upload import upload_view
from azskernel.vhd.upload_errors import BlobTakenOverError, TransientError, UploadCancelled
from azskernel.vhd.upload_pipeline import PipelineConfig
from azskernel.vhd.upload_retry import RetryPolicy

MiB = 1024 * 1024


class RecordingView:
    """A fixed view over an in-memory disk with explicit extents; remembers every read."""

    def __init__(self, data: bytes, extents: list[tuple[int, int]]) -> None:
        self._data = data
        self._extents = extents
        self.reads: list[tuple[int, int]] = []
        self._lock = threading.Lock()

    @property
    def size(self) -> int:
        return len(self._data)

    @property
    def virtual_size(self) -> int:
        return len(self._data) - 512

    def read(self, offset: int, length: int) -> bytes:
        with self._lock:
            self.reads.append((offset, length))
        return self._data[offset : offset + length]

    def extents(self) -> Iterator[tuple[int, int]]:
        yield from self._extents

    def close(self) -> None:
        pass


class MemoryBlob:
    """A PageWriter keeping the page blob in memory, with the service's conditions (sequence number, ETag,
    If-None-Match on create); can be slowed down and made to fail."""

    def __init__(self, delay: float = 0.0, fail_every: int = 0) -> None:
        self.remote: RemoteBlob | None = None
        self.data = bytearray()
        self.written: list[tuple[int, int]] = []
        self.delay = delay
        self.fail_every = fail_every
        self.writes = 0
        self.in_flight = 0
        self.max_in_flight = 0
        self._version = 0
        self._lock = threading.Lock()

    def _update(self, **changes: object) -> str:
        assert self.remote is not None
        self._version += 1
        self.remote = replace(self.remote, etag=f"v{self._version}", **changes)  # type: ignore[arg-type]
        return self.remote.etag

    def _check(self, etag: str | None = None, sequence: int | None = None) -> None:
        if self.remote is None:
            raise BlobTakenOverError("gone", status=404, code="BlobNotFound")
        if etag is not None and etag != self.remote.etag:
            raise BlobTakenOverError("changed", status=412, code="ConditionNotMet")
        if sequence is not None and sequence != self.remote.sequence_number:
            raise BlobTakenOverError("claimed", status=412, code="SequenceNumberConditionNotMet")

    def properties(self) -> RemoteBlob | None:
        return self.remote

    def create(self, size: int, metadata: dict[str, str], sequence_number: int) -> None:
        with self._lock:
            if self.remote is not None:
                raise BlobTakenOverError("exists", status=409, code="BlobAlreadyExists")
            self.data = bytearray(size)
            self.written = []
            self.remote = RemoteBlob(size, True, dict(metadata), sequence_number=sequence_number)
            self._update()

    def create_container(self) -> None:
        pass

    def delete(self) -> None:
        self.remote = None

    def claim(self, sequence_number: int, etag: str) -> None:
        with self._lock:
            self._check(etag=etag)
            self._update(sequence_number=sequence_number)

    def write(self, offset: int, data: bytes, sequence_number: int) -> str:
        with self._lock:
            self.writes += 1
            if self.fail_every and self.writes % self.fail_every == 0:
                raise TransientError("injected", retry_after=0.0)
            self._check(sequence=sequence_number)
            self.in_flight += len(data)
            self.max_in_flight = max(self.max_in_flight, self.in_flight)
        time.sleep(self.delay)
        self.data[offset : offset + len(data)] = data
        with self._lock:
            self.in_flight -= len(data)
            self.written.append((offset, offset + len(data)))
            return self._update()

    def read(self, offset: int, length: int) -> bytes:
        return bytes(self.data[offset : offset + length])

    def page_ranges(self, size: int) -> list[tuple[int, int]]:
        merged: list[tuple[int, int]] = []
        for lo, hi in sorted(self.written):
            if merged and lo <= merged[-1][1]:
                merged[-1] = (merged[-1][0], max(hi, merged[-1][1]))
            else:
                merged.append((lo, hi))
        return merged

    def set_metadata(self, metadata: dict[str, str], etag: str | None = None) -> str:
        with self._lock:
            self._check(etag=etag)
            return self._update(metadata=dict(metadata))

    def set_content_md5(self, md5: bytes, etag: str) -> str:
        with self._lock:
            self._check(etag=etag)
            return self._update(content_md5=md5)


def disk(tmp_path: Path) -> tuple[RecordingView, list[tuple[int, int]], Path]:
    size = 40 * MiB + 512
    data = bytearray(size)
    extents = [(2 * MiB, 3 * MiB), (9 * MiB, MiB), (20 * MiB, 8 * MiB), (size - 512, 512)]
    for offset, length in extents:
        data[offset : offset + length] = hashlib.sha256(str(offset).encode()).digest() * (length // 32)
    data[22 * MiB : 23 * MiB] = bytes(MiB)  # a zero run inside an extent
    path = tmp_path / "memory.vhd"
    path.write_bytes(b"")
    return RecordingView(bytes(data), extents), extents, path


def test_holes_are_never_read_and_the_blob_is_exact(tmp_path):
    view, extents, path = disk(tmp_path)
    blob = MemoryBlob()
    result = upload_view(view, blob, local_path=path, destination_uri="mem://blob")
    reads = list(view.reads)
    assert bytes(blob.data) == view.read(0, view.size)
    for offset, length in reads:
        assert any(o <= offset and offset + length <= o + n for o, n in extents), (offset, length)
    assert result.bytes_sent == 3 * MiB + MiB + 7 * MiB + 512
    assert blob.remote is not None and blob.remote.content_md5 == hashlib.md5(bytes(blob.data)).digest()


def test_bytes_in_flight_stay_within_the_budget(tmp_path, monkeypatch):
    view, _, path = disk(tmp_path)
    blob = MemoryBlob(delay=0.01)
    # 8 writers, but a budget of two 4 MiB requests: no more than 8 MiB may be held at once.
    monkeypatch.setattr(PipelineConfig, "budget_bytes", lambda self: 8 * MiB)
    upload_view(view, blob, local_path=path, destination_uri="mem://blob")
    assert 0 < blob.max_in_flight <= 8 * MiB
    assert bytes(blob.data) == view.read(0, view.size)


def test_faults_raised_by_the_writer_are_retried(tmp_path):
    view, _, path = disk(tmp_path)
    blob = MemoryBlob(fail_every=3)
    result = upload_view(view, blob, local_path=path, destination_uri="mem://blob", number_of_uploader_threads=2,
                         retry=RetryPolicy(sleep=lambda s, token: False))
    assert result.retries > 0
    assert bytes(blob.data) == view.read(0, view.size)


def test_cancel_before_start_sends_nothing(tmp_path):
    view, _, path = disk(tmp_path)
    token = CancelToken()
    token.cancel()
    blob = MemoryBlob()
    with pytest.raises(UploadCancelled):
        upload_view(view, blob, local_path=path, destination_uri="mem://blob", cancel=token)
    assert blob.writes == 0


def test_a_resume_reuses_the_md5_an_earlier_run_recorded(tmp_path):
    view, _, path = disk(tmp_path)
    blob = MemoryBlob()
    first = upload_view(view, blob, local_path=path, destination_uri="mem://blob")
    assert blob.remote is not None
    # As if the first run had died after its last checkpoint: no Content-MD5 yet, the metadata has the hash.
    blob.remote = replace(blob.remote, content_md5=None)
    blob.written = []
    events: list = []
    again = upload_view(view, blob, local_path=path, destination_uri="mem://blob", progress=events.append)
    assert again.resumed and again.content_md5 == first.content_md5
    assert events[-1].bytes_hashed == 0
    assert blob.remote.content_md5 == hashlib.md5(bytes(blob.data)).digest()


def test_a_source_modified_during_the_upload_is_never_marked_complete(tmp_path):
    import os

    from azskernel.vhd.upload_errors import SourceRejectedError

    view, _, path = disk(tmp_path)
    blob = MemoryBlob(delay=0.02)

    def touch(event) -> None:  # type: ignore[no-untyped-def]
        if event.bytes_sent and not touched:
            touched.append(True)
            os.utime(path, ns=(1, 1))

    touched: list[bool] = []
    with pytest.raises(SourceRejectedError, match="modified while it was being uploaded"):
        upload_view(view, blob, local_path=path, destination_uri="mem://blob", progress=touch, progress_interval=0.01)
    assert blob.remote is not None and blob.remote.content_md5 is None
    assert blob.remote.metadata["azsupload_state"] == "uploading"
