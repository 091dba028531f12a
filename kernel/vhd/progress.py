"""Progress events, the cancel token and the clock seam of the uploader (no UI here: fronts render events).

Counters are updated from worker threads; events are built and delivered on the caller's thread only,
so a renderer never has to be thread-safe.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from enum import Enum

Clock = Callable[[], float]
"""Monotonic seconds; injected so tests and benches control time."""


class Phase(str, Enum):
    INSPECT = "inspect"
    SCAN = "scan"
    UPLOAD = "upload"
    FINALIZE = "finalize"
    DONE = "done"
    """Sent by the fronts' adapter once the upload has returned: the final state a display ends on."""


@dataclass(frozen=True)
class ProgressEvent:
    phase: Phase
    source_size: int
    """Bytes of the fixed VHD being uploaded (virtual size + footer)."""
    bytes_scanned: int
    """Bytes of the source planned so far (read and zero-scanned, or known to be holes)."""
    bytes_to_send: int
    """Non-zero bytes found so far that the blob still lacks; final once the scan is done."""
    bytes_sent: int
    bytes_skipped: int
    """Bytes not sent because they are zero (holes or zero runs)."""
    bytes_present: int
    """Bytes not sent because an earlier run already committed them (resume)."""
    bytes_hashed: int
    elapsed: float
    rate: float
    """Bytes sent per second since the upload started."""
    eta: float | None
    """Seconds left, once the scan is done and a rate is known."""
    scan_done: bool

    @property
    def percent(self) -> float | None:
        """Share of the bytes to send that are sent, once the scan has found them all."""
        if not self.scan_done:
            return None
        return 100.0 if self.bytes_to_send == 0 else 100.0 * self.bytes_sent / self.bytes_to_send


ProgressCallback = Callable[[ProgressEvent], None]


class CancelToken:
    """Set from any thread (or a signal handler) to stop an upload; the blob stays resumable."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def cancel(self) -> None:
        self._event.set()

    @property
    def cancelled(self) -> bool:
        return self._event.is_set()

    def wait(self, timeout: float) -> bool:
        """Sleep up to `timeout` seconds; True as soon as the token is cancelled."""
        return self._event.wait(timeout)


class ProgressMeter:
    """Thread-safe counters plus rate/ETA; `snapshot()` turns them into an event."""

    def __init__(self, source_size: int, clock: Clock = time.monotonic) -> None:
        self._lock = threading.Lock()
        self._clock = clock
        self._start = clock()
        self._upload_start: float | None = None
        self.phase = Phase.INSPECT
        self.source_size = source_size
        self.scanned = 0
        self.to_send = 0
        self.sent = 0
        self.skipped = 0
        self.present = 0
        self.hashed = 0
        self.scan_done = False
        self.requests = 0
        self.retries = 0

    def add(self, **counts: int) -> None:
        with self._lock:
            for name, value in counts.items():
                setattr(self, name, getattr(self, name) + value)

    def finish_scan(self) -> None:
        with self._lock:
            self.scan_done = True

    def set_phase(self, phase: Phase) -> None:
        with self._lock:
            self.phase = phase
            if phase in (Phase.SCAN, Phase.UPLOAD) and self._upload_start is None:
                self._upload_start = self._clock()

    def elapsed(self) -> float:
        return self._clock() - self._start

    def snapshot(self) -> ProgressEvent:
        with self._lock:
            now = self._clock()
            running = now - self._upload_start if self._upload_start is not None else 0.0
            rate = self.sent / running if running > 0 else 0.0
            left = self.to_send - self.sent
            eta = left / rate if self.scan_done and rate > 0 else (0.0 if self.scan_done and left == 0 else None)
            return ProgressEvent(
                phase=self.phase,
                source_size=self.source_size,
                bytes_scanned=self.scanned,
                bytes_to_send=self.to_send,
                bytes_sent=self.sent,
                bytes_skipped=self.skipped,
                bytes_present=self.present,
                bytes_hashed=self.hashed,
                elapsed=now - self._start,
                rate=rate,
                eta=eta,
                scan_done=self.scan_done,
            )

