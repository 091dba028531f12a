"""Add-AzVhd's engine: upload a disk image as a fixed-VHD page blob, sending only its non-zero pages.

    inspect   open the source through the fixed view, check it, fingerprint it, look at the blob
    claim     create the blob with this run's sequence number, or claim an unfinished upload of the source
    scan      read allocated extents, find non-zero runs at 512-byte granularity, minus committed pages
    upload    N writers put the coalesced runs (<= 4 MiB each, whole 4 KiB pages) with retries; MD5 alongside
    finalize  write the VHD footer, mark the blob complete and stamp Content-MD5 (other content headers kept)

Every page write and the finalize chain are conditioned on the run's sequence number (page_writer.py), so
two uploads to one blob never mix: the one that lost the blob stops with BlobTakenOverError.

Public API: `upload_vhd` (a path) and `upload_view` (any DiskView), `BlobTarget`, `UploadResult`,
`CancelToken`, `ProgressEvent`. Raises VhdError (the source cannot be read) or UploadError (see
upload_errors.py); a KeyboardInterrupt stops the writers within two seconds and propagates, leaving the
blob resumable. Imports nothing from azskernel outside vhd; fronts render the progress events.
"""

from __future__ import annotations

import base64
import os
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from .blob_target import BlobTarget
from .page_writer import BlobPageWriter, PageWriter, RemoteBlob
from .progress import CancelToken, Clock, Phase, ProgressCallback, ProgressEvent, ProgressMeter
from .resume import STATE_COMPLETE, STATE_UPLOADING, SourceFingerprint, Verdict, decide
from .upload_check import open_checked
from .upload_errors import (
    NOTHING_SENT,
    RESUME_HINT,
    BlobConflictError,
    BlobTakenOverError,
    ContainerMissingError,
    SourceRejectedError,
    TransferFailedError,
    UploadCancelled,
    UploadError,
)
from .upload_md5 import Md5Task
from .upload_pipeline import Pipeline, PipelineConfig
from .upload_plan import HUB_PAGE, CoveredRanges, trusted_ranges
from .upload_proof import disproof
from .upload_retry import RetryPolicy, call_with_retry
from .view import DiskView
from .zeros import nonzero_runs

__all__ = [
    "BlobTarget",
    "CancelToken",
    "Phase",
    "ProgressEvent",
    "RetryPolicy",
    "UploadResult",
    "upload_view",
    "upload_vhd",
]

T = TypeVar("T")
MAX_THREADS = 64
STOP_GRACE = 2.0
"""Seconds the writers get to finish their request after a cancel or interrupt."""
CHECKPOINT_WAIT = 5.0
"""Seconds a checkpoint waits for the writers to be between requests before it gives up until the next one."""


@dataclass(frozen=True)
class UploadResult:
    local_file_path: Path
    destination_uri: str
    """The blob URL without its SAS."""
    source_size: int
    bytes_sent: int
    bytes_skipped: int
    """Zero bytes not sent (holes and zero runs)."""
    bytes_present: int
    """Bytes an earlier, interrupted run had already committed."""
    requests: int
    retries: int
    content_md5: str | None
    """Base64, as stamped on the blob; None when the MD5 was not computed."""
    already_uploaded: bool
    resumed: bool
    elapsed: float

    @property
    def LocalFilePath(self) -> Path:  # noqa: N802 - Add-AzVhd's VhdUploadContext names
        return self.local_file_path

    @property
    def DestinationUri(self) -> str:  # noqa: N802
        return self.destination_uri


def upload_vhd(
    local_path: str | os.PathLike[str],
    destination: BlobTarget,
    *,
    number_of_uploader_threads: int = 8,
    overwrite: bool = False,
    skip_resizing: bool = False,
    progress: ProgressCallback | None = None,
    cancel: CancelToken | None = None,
    ca_bundle: str | os.PathLike[str] | None = None,
    compute_md5: bool = True,
    retry: RetryPolicy | None = None,
    writer: PageWriter | None = None,
    clock: Clock = time.monotonic,
    progress_interval: float = 0.5,
    page_alignment: int = HUB_PAGE,
    checkpoint_interval: float = 30.0,
) -> UploadResult:
    """Upload a fixed/dynamic VHD, a VHDX or a raw image to `destination` as a fixed VHD page blob.

    Sizes that are not whole MiB are presented rounded up (zeros before the footer, nothing written
    locally) unless `skip_resizing`. `writer` replaces the storage client (tests, fault injection).
    `page_alignment` (4096, Azure Stack Hub's page, or another power of two from 512) rounds every Put Page
    out to that unit. Every `checkpoint_interval` seconds the bytes committed are written to the blob's
    metadata (`azsupload_committed`).
    """
    _check_threads(number_of_uploader_threads)
    destination.check_sas()
    view = open_checked(local_path, skip_resizing=skip_resizing)
    own_writer = writer is None
    page_writer: PageWriter = writer or BlobPageWriter(
        destination, ca_bundle=ca_bundle, connections=number_of_uploader_threads
    )
    try:
        return upload_view(
            view,
            page_writer,
            local_path=local_path,
            destination_uri=destination.display_uri,
            number_of_uploader_threads=number_of_uploader_threads,
            overwrite=overwrite,
            progress=progress,
            cancel=cancel,
            compute_md5=compute_md5,
            retry=retry,
            clock=clock,
            progress_interval=progress_interval,
            page_alignment=page_alignment,
            checkpoint_interval=checkpoint_interval,
        )
    finally:
        view.close()
        if own_writer and isinstance(page_writer, BlobPageWriter):
            page_writer.close()


def upload_view(
    view: DiskView,
    writer: PageWriter,
    *,
    local_path: str | os.PathLike[str],
    destination_uri: str,
    number_of_uploader_threads: int = 8,
    overwrite: bool = False,
    progress: ProgressCallback | None = None,
    cancel: CancelToken | None = None,
    compute_md5: bool = True,
    retry: RetryPolicy | None = None,
    clock: Clock = time.monotonic,
    progress_interval: float = 0.5,
    page_alignment: int = HUB_PAGE,
    checkpoint_interval: float = 30.0,
) -> UploadResult:
    """The engine on an already opened and checked view (the caller closes it)."""
    _check_threads(number_of_uploader_threads)
    _check_alignment(page_alignment)
    run = _Run(
        view, writer, local_path=Path(os.path.abspath(local_path)), destination_uri=destination_uri,
        overwrite=overwrite, progress=progress,
        cancel=cancel or CancelToken(), compute_md5=compute_md5, retry=retry or RetryPolicy(), clock=clock,
        interval=progress_interval, config=PipelineConfig(writers=number_of_uploader_threads,
                                                          page_alignment=page_alignment),
        checkpoint_interval=checkpoint_interval,
    )
    return run.execute()


def recorded_md5(metadata: dict[str, str]) -> bytes | None:
    """The MD5 a checkpoint of an earlier run recorded (valid only with a matching fingerprint)."""
    value = {k.lower(): v for k, v in metadata.items()}.get("azsupload_md5", "")
    try:
        digest = base64.b64decode(value, validate=True)
    except ValueError:
        return None
    return digest if len(digest) == 16 else None


def _check_alignment(unit: int) -> None:
    if unit < 512 or unit > 4 << 20 or unit & (unit - 1):
        raise UploadError(f"The page alignment must be a power of two from 512 to 4194304 bytes, not {unit}.")


def _check_threads(n: int) -> None:
    if not 1 <= n <= MAX_THREADS:
        raise UploadError(f"NumberOfUploaderThreads must be between 1 and {MAX_THREADS}, not {n}.")


class _Run:
    def __init__(self, view: DiskView, writer: PageWriter, *, local_path: Path, destination_uri: str,
                 overwrite: bool, progress: ProgressCallback | None, cancel: CancelToken,
                 compute_md5: bool, retry: RetryPolicy, clock: Clock, interval: float, config: PipelineConfig,
                 checkpoint_interval: float) -> None:
        self.view = view
        self.writer = writer
        self.local_path = local_path
        self.destination_uri = destination_uri
        self.overwrite = overwrite
        self.progress = progress
        self.cancel = cancel
        self.compute_md5 = compute_md5
        self.retry = retry
        self.interval = interval
        self.config = config
        self.checkpoint_interval = checkpoint_interval
        self.meter = ProgressMeter(view.size, clock)
        self._last_emit = -1.0e9
        self._clock = clock
        self.sequence = secrets.randbelow(1 << 52) + 1
        """This run's claim on the blob (below 2^53: Azurite keeps it in a JavaScript number)."""
        self.blob_written = False
        """Whether this run created or claimed the blob, so that a rerun has something to resume."""

    # -- helpers -----------------------------------------------------------------------------------------
    def emit(self, force: bool = False) -> None:
        if self.progress is None:
            return
        now = self._clock()
        if force or now - self._last_emit >= self.interval:
            self._last_emit = now
            self.progress(self.meter.snapshot())

    def phase(self, phase: Phase) -> None:
        self.meter.set_phase(phase)
        self.emit(force=True)

    def call(self, fn: Callable[[], T], what: str) -> T:
        try:
            return call_with_retry(fn, what=what, policy=self.retry, cancel=self.cancel,
                                   on_retry=lambda fault, wait: self.meter.add(retries=1))
        except (TransferFailedError, UploadCancelled) as exc:
            if self.blob_written:
                raise
            # Before the blob exists (or is ours) there is nothing to resume: say so instead.
            raise type(exc)(exc.message.replace(RESUME_HINT, NOTHING_SENT)) from None

    def cancelled_error(self) -> UploadCancelled:
        hint = RESUME_HINT if self.blob_written else NOTHING_SENT
        return UploadCancelled(f"The upload of {self.local_path} was cancelled. {hint}")

    def wait(self, is_done: Callable[[], bool], stop: Callable[[], object],
             tick: Callable[[], None] | None = None) -> None:
        """Block until `is_done()`, emitting progress; on cancel or Ctrl-C call `stop()` and give the
        stages STOP_GRACE seconds."""
        try:
            while not is_done():
                if self.cancel.cancelled:
                    stop()
                    return
                time.sleep(min(self.interval, 0.05))
                self.emit()
                if tick is not None:
                    tick()
        except BaseException:  # Ctrl-C, or a failed checkpoint: the stages must not run on alone
            stop()
            raise

    # -- the run -----------------------------------------------------------------------------------------
    def execute(self) -> UploadResult:
        self.phase(Phase.INSPECT)
        extents = list(self.view.extents())
        footer = self.view.read(self.view.size - 512, 512)
        fingerprint = SourceFingerprint.of(self.local_path, self.view.size, footer, extents)
        self.fingerprint = fingerprint
        remote = self.call(self.writer.properties, "Reading the blob's properties")
        decision = decide(remote, fingerprint)

        if decision.verdict is Verdict.CHECK_MD5 and not self.overwrite:
            assert remote is not None and remote.content_md5 is not None
            return self.confirm(remote, extents)
        if decision.verdict is Verdict.CONFLICT and not self.overwrite:
            raise BlobConflictError(
                f"{self.destination_uri} already exists and {decision.reason}. Use -OverWrite to replace it, "
                "or choose another blob name."
            )

        covered = CoveredRanges()
        known_md5: bytes | None = None
        resumed = decision.verdict is Verdict.RESUME and not self.overwrite
        if resumed:
            assert remote is not None
            self.guarded(lambda: self.writer.claim(self.sequence, remote.etag), "Claiming the unfinished upload",
                         lambda blob: True)
            self.blob_written = True
            data_end = self.view.size - 512
            reported = self.call(lambda: self.writer.page_ranges(self.view.size), "Listing the blob's committed pages")
            covered = CoveredRanges(trusted_ranges(reported, self.config.page_alignment, data_end))
            known_md5 = recorded_md5(remote.metadata)
        else:
            if remote is not None:
                self.call(self.writer.delete, "Deleting the existing blob")
            self.create(fingerprint)
            self.blob_written = True
        digest = self.transfer(extents, covered, known_md5)
        self.finalize(footer, digest)
        return self.result(digest, already=False, resumed=resumed)

    def create(self, fingerprint: SourceFingerprint) -> None:
        metadata = fingerprint.metadata(STATE_UPLOADING)

        def create() -> None:
            self.guarded(lambda: self.writer.create(self.view.size, metadata, self.sequence),
                         "Creating the page blob", lambda blob: True)

        try:
            create()
        except ContainerMissingError:
            # Add-AzVhd creates a missing container; a credential that may not gets its own clear error.
            self.call(self.writer.create_container, "Creating the container")
            create()

    def guarded(self, fn: Callable[[], T], what: str, done: Callable[[RemoteBlob], bool]) -> T | None:
        """`fn`, a request conditioned on this run owning the blob. A retry after a lost answer meets its own
        first attempt as a changed blob: when the blob shows this run's sequence number and `done(blob)`,
        the request did succeed (None is returned); otherwise another client took the blob over."""
        try:
            return self.call(fn, what)
        except BlobTakenOverError:
            blob = self.call(self.writer.properties, "Reading the blob's properties")
            if blob is not None and blob.sequence_number == self.sequence and done(blob):
                return None
            raise

    def owned(self) -> RemoteBlob:
        """The blob's properties, if this run still owns it (else BlobTakenOverError)."""
        blob = self.call(self.writer.properties, "Reading the blob's properties")
        if blob is None:
            raise BlobTakenOverError.by("deleted", self.destination_uri, "BlobNotFound")
        if blob.sequence_number != self.sequence:
            raise BlobTakenOverError.by("claimed", self.destination_uri, "SequenceNumberChanged")
        return blob

    def finalize(self, footer: bytes, digest: bytes | None) -> None:
        """Footer, metadata, Content-MD5: a chain of requests each conditioned on the one before, starting
        with a Put Page under this run's sequence number. A blob without the footer is not a VHD, so an
        upload that never reached here cannot pass for an image."""
        self.phase(Phase.FINALIZE)
        if os.stat(self.local_path).st_mtime_ns != self.fingerprint.mtime_ns:
            # Pages sent before and after the change would mix two images: never mark such a blob complete.
            raise SourceRejectedError(
                f"'{self.local_path}' was modified while it was being uploaded, so the blob may mix old and new "
                "data. Make sure nothing writes to the image, then run the command again with -OverWrite."
            )
        etag = self.call(lambda: self.writer.write(self.view.size - 512, footer, self.sequence),
                         "Writing the VHD footer")
        self.meter.add(sent=512, requests=1)
        final = self.fingerprint.metadata(STATE_COMPLETE, committed=self.meter.sent + self.meter.present, md5=digest)
        new = self.guarded(lambda: self.writer.set_metadata(final, etag), "Marking the blob complete",
                           lambda blob: _same_metadata(blob.metadata, final))
        etag = new if new is not None else self.owned().etag
        if digest is not None:
            self.guarded(lambda: self.writer.set_content_md5(digest, etag), "Setting the blob's Content-MD5",
                         lambda blob: blob.content_md5 == digest)

    def confirm(self, remote: RemoteBlob, extents: list[tuple[int, int]]) -> UploadResult:
        """A finished blob: already uploaded only if its Content-MD5 is the source's and it holds the source's
        pages (upload_proof.py); otherwise a conflict, whatever its Content-MD5 says."""
        runs: list[tuple[int, int]] = []
        local = self.hash_only(extents, on_data=lambda offset, data: runs.extend(nonzero_runs(data, offset)))
        if local != remote.content_md5:
            raise BlobConflictError(
                f"{self.destination_uri} already holds a finished upload of a different image (its Content-MD5 "
                f"is not the MD5 of {self.local_path}). Use -OverWrite to replace it, or choose another blob name."
            )
        reason = disproof(
            self.view, runs,
            lambda: self.call(lambda: self.writer.page_ranges(self.view.size), "Listing the blob's committed pages"),
            lambda offset, length: self.call(lambda: self.writer.read(offset, length), "Reading the blob back"),
        )
        if reason is not None:
            raise BlobConflictError(
                f"{self.destination_uri} carries the Content-MD5 of {self.local_path} but does not hold that image: "
                f"{reason}. An upload that did not finish stamped that MD5. Run the command again with "
                "-OverWrite to upload the image anew."
            )
        return self.result(local, already=True, resumed=False)

    def transfer(self, extents: list[tuple[int, int]], covered: CoveredRanges,
                 known_md5: bytes | None) -> bytes | None:
        data_end = self.view.size - 512
        pipeline = Pipeline(
            self.view, extents, self.writer, covered=covered, meter=self.meter, retry=self.retry,
            cancel=self.cancel, config=self.config, sequence_number=self.sequence, end=data_end,
        )
        # An earlier run of this very source may have finished the hash: it is in the metadata, not redone.
        md5 = self.start_md5(extents, pipeline.stopped) if self.compute_md5 and known_md5 is None else None
        self.phase(Phase.SCAN)
        pipeline.start()

        def stop_all() -> None:
            pipeline.stop()
            pipeline.join(STOP_GRACE)

        upload_phase = threading.Event()

        def done() -> bool:
            if pipeline.scan_finished.is_set() and not upload_phase.is_set():
                upload_phase.set()
                self.phase(Phase.UPLOAD)
            return not pipeline.alive()

        last = [self._clock()]

        def checkpoint() -> None:
            if self._clock() - last[0] < self.checkpoint_interval:
                return
            last[0] = self._clock()
            with pipeline.paused(CHECKPOINT_WAIT) as quiet:
                if not quiet:
                    return  # a writer is still in a request (or backing off): try at the next interval
                blob = self.owned()
                digest = md5.result() if md5 is not None and md5.done() else known_md5
                metadata = self.fingerprint.metadata(
                    STATE_UPLOADING, committed=self.meter.sent + self.meter.present, md5=digest)
                try:
                    self.call(lambda: self.writer.set_metadata(metadata, blob.etag), "Recording progress")
                except BlobTakenOverError:
                    self.owned()  # still ours: a late request of this run changed the ETag; skip this one

        self.wait(done, stop_all, checkpoint)
        if pipeline.error is not None:
            raise pipeline.error
        if self.cancel.cancelled:
            raise self.cancelled_error()
        if md5 is None:
            return known_md5 if self.compute_md5 else None
        self.phase(Phase.FINALIZE)
        self.wait(md5.done, lambda: md5.join(STOP_GRACE))
        if self.cancel.cancelled:
            raise self.cancelled_error()
        return md5.result()

    def start_md5(self, extents: list[tuple[int, int]], stopped: Callable[[], bool]) -> Md5Task:
        return Md5Task(self.view, extents, on_bytes=lambda n: self.meter.add(hashed=n), stopped=stopped)

    def hash_only(self, extents: list[tuple[int, int]],
                  on_data: Callable[[int, bytes], None] | None = None) -> bytes:
        stop = CancelToken()
        task = Md5Task(self.view, extents, on_bytes=lambda n: self.meter.add(hashed=n),
                       stopped=lambda: stop.cancelled or self.cancel.cancelled, on_data=on_data)
        self.wait(task.done, lambda: (stop.cancel(), task.join(STOP_GRACE)))
        digest = task.result()
        if digest is None:
            raise self.cancelled_error()
        return digest

    def result(self, digest: bytes | None, *, already: bool, resumed: bool) -> UploadResult:
        self.emit(force=True)
        m = self.meter
        return UploadResult(
            local_file_path=self.local_path,
            destination_uri=self.destination_uri,
            source_size=self.view.size,
            bytes_sent=m.sent,
            bytes_skipped=m.skipped,
            bytes_present=m.present,
            requests=m.requests,
            retries=m.retries,
            content_md5=base64.b64encode(digest).decode() if digest else None,
            already_uploaded=already,
            resumed=resumed,
            elapsed=m.elapsed(),
        )


def _same_metadata(found: dict[str, str], wanted: dict[str, str]) -> bool:
    lowered = {k.lower(): v for k, v in found.items()}
    return all(lowered.get(k.lower()) == v for k, v in wanted.items())
