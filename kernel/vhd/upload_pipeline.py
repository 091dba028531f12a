"""The transfer stages: one scanner thread (read window -> zero runs -> minus committed pages -> coalesce)
feeding N writer threads (Put Page with retries) through a queue bounded in bytes.

Memory stays under `budget` bytes of queued/in-flight page data plus one read window, whatever the disk
size. The first error stops every stage; `stop()` (a cancel) makes them all return within a request.
Every Put Page carries the run's sequence number (the blob's owner); `paused()` holds the writers so the
engine can read and write the blob's metadata under one ETag.
"""

from __future__ import annotations

import queue
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from .page_writer import PageWriter
from .progress import CancelToken, ProgressMeter
from .upload_errors import TransientError
from .upload_plan import HUB_PAGE, MAX_PUT_PAGE, MERGE_GAP, SECTOR, CoveredRanges, align_runs, coalesce, read_windows
from .upload_retry import RetryPolicy, call_with_retry
from .view import DiskView
from .zeros import nonzero_runs

_POLL = 0.1
"""Seconds a blocked stage waits before looking at the stop flag again."""


@dataclass(frozen=True)
class PipelineConfig:
    writers: int = 8
    merge_gap: int = MERGE_GAP
    page_alignment: int = HUB_PAGE
    """Put Page offsets/lengths are multiples of this (the end of the data aside); 4 KiB for Azure Stack Hub."""
    budget: int = 0
    """Bytes of page data allowed in the queue and in flight; 0 picks 2 requests per writer, at most 128 MiB."""

    def budget_bytes(self) -> int:
        return self.budget or min(128 << 20, 2 * self.writers * MAX_PUT_PAGE)


class _ByteBudget:
    def __init__(self, limit: int) -> None:
        self._limit = limit
        self._used = 0
        self._cond = threading.Condition()

    def acquire(self, n: int, stopped: Callable[[], bool]) -> bool:
        with self._cond:
            while self._used > 0 and self._used + n > self._limit:
                if stopped():
                    return False
                self._cond.wait(_POLL)
            self._used += n
            return True

    def release(self, n: int) -> None:
        with self._cond:
            self._used -= n
            self._cond.notify_all()


class Pipeline:
    def __init__(
        self,
        view: DiskView,
        extents: list[tuple[int, int]],
        writer: PageWriter,
        *,
        covered: CoveredRanges,
        meter: ProgressMeter,
        retry: RetryPolicy,
        cancel: CancelToken,
        config: PipelineConfig,
        sequence_number: int,
        end: int | None = None,
    ) -> None:
        self._view = view
        self._sequence = sequence_number
        self._end = view.size if end is None else end
        """Bytes of the view sent by the writers; the engine writes the rest (the VHD footer) itself."""
        self._extents = extents
        self._writer = writer
        self._covered = covered
        self._meter = meter
        self._retry = retry
        self._cancel = cancel
        self._config = config
        self._stop = CancelToken()
        self._budget = _ByteBudget(config.budget_bytes())
        self._queue: queue.Queue[tuple[int, bytes] | None] = queue.Queue()
        self._error: BaseException | None = None
        self._lock = threading.Lock()
        self._threads: list[threading.Thread] = []
        self.scan_finished = threading.Event()
        self._hold = threading.Condition()
        self._held = False
        self._writing = 0

    # -- control ---------------------------------------------------------------------------------------
    def start(self) -> None:
        self._threads.append(threading.Thread(target=self._guard(self._scan), name="vhd-scan", daemon=True))
        for i in range(self._config.writers):
            self._threads.append(threading.Thread(target=self._guard(self._write), name=f"vhd-put-{i}", daemon=True))
        for thread in self._threads:
            thread.start()

    def stopped(self) -> bool:
        return self._stop.cancelled or self._cancel.cancelled

    def stop(self) -> None:
        self._stop.cancel()

    def alive(self) -> bool:
        return any(t.is_alive() for t in self._threads)

    def join(self, timeout: float | None = None) -> bool:
        """Wait for every stage; False if some are still running after `timeout` seconds."""
        for thread in self._threads:
            thread.join(timeout)
        return not self.alive()

    @property
    def error(self) -> BaseException | None:
        return self._error

    @contextmanager
    def paused(self, timeout: float) -> Iterator[bool]:
        """Hold the writers between requests; yields True once none is in a request (False after `timeout`)."""
        deadline = time.monotonic() + timeout
        with self._hold:
            self._held = True
            while self._writing and time.monotonic() < deadline and not self.stopped():
                self._hold.wait(_POLL)
            quiet = self._writing == 0
        try:
            yield quiet
        finally:
            with self._hold:
                self._held = False
                self._hold.notify_all()

    def _enter_write(self) -> bool:
        with self._hold:
            while self._held:
                if self.stopped():
                    return False
                self._hold.wait(_POLL)
            self._writing += 1
            return True

    def _leave_write(self) -> None:
        with self._hold:
            self._writing -= 1
            self._hold.notify_all()

    def _guard(self, fn: Callable[[], None]) -> Callable[[], None]:
        def run() -> None:
            try:
                fn()
            except BaseException as exc:
                with self._lock:
                    if self._error is None:
                        self._error = exc
                self._stop.cancel()

        return run

    # -- stages ----------------------------------------------------------------------------------------
    def _scan(self) -> None:
        meter, size = self._meter, self._end
        pos = 0
        try:
            for offset, length in read_windows(self._extents, size, unit=self._config.page_alignment):
                if self.stopped():
                    return
                if offset > pos:
                    meter.add(scanned=offset - pos, skipped=offset - pos)
                pos = offset + length
                self._scan_window(offset, self._view.read(offset, length))
            if pos < size:
                meter.add(scanned=size - pos, skipped=size - pos)
            tail = self._view.size - size
            if tail:
                meter.add(scanned=tail, to_send=tail)  # the footer: planned here, written by the engine last
            meter.finish_scan()
            self.scan_finished.set()
        finally:
            for _ in self._threads[1:]:
                self._queue.put(None)

    def _scan_window(self, offset: int, data: bytes) -> None:
        runs = nonzero_runs(data, offset)
        unit = self._config.page_alignment
        if unit > SECTOR:
            # Whole pages: the zero bytes that pad a run out to its pages are sent (and found present) with it.
            runs = align_runs(runs, unit, offset, offset + len(data))
        needed = sum(n for _, n in runs)
        missing = [part for run in runs for part in self._covered.subtract(*run)] if self._covered else runs
        present = needed - sum(n for _, n in missing)
        requests = coalesce(missing, gap=self._config.merge_gap)
        sending = sum(n for _, n in requests)
        # Merged gaps may re-send a few committed bytes: count them as sent, not present.
        present = min(present, len(data) - sending)
        self._meter.add(
            scanned=len(data), to_send=sending, present=present, skipped=len(data) - sending - present
        )
        for start, n in requests:
            if not self._budget.acquire(n, self.stopped):
                return
            self._queue.put((start, data[start - offset : start - offset + n]))

    def _write(self) -> None:
        while True:
            try:
                item = self._queue.get(timeout=_POLL)
            except queue.Empty:
                if self.stopped():
                    return
                continue
            if item is None:
                return
            offset, data = item
            try:
                if self.stopped() or not self._enter_write():
                    continue
                try:
                    call_with_retry(
                        lambda: self._writer.write(offset, data, self._sequence),
                        what=f"Writing {len(data)} bytes at offset {offset}",
                        policy=self._retry,
                        cancel=self._stop,
                        on_retry=self._count_retry,
                    )
                finally:
                    self._leave_write()
                self._meter.add(sent=len(data), requests=1)
            finally:
                self._budget.release(len(data))

    def _count_retry(self, fault: TransientError, wait: float) -> None:
        self._meter.add(retries=1)
