"""Where Add-AzVhd's upload progress goes: the uploader's own events (azskernel.vhd.progress.ProgressEvent)
to the session's event hook, so that a notebook draws its rich upload widget (phase, bar, bytes sent and
skipped, rate, ETA), and a plain Write-Progress record for hosts without the hook. Both come from the one
progress model (azskernel.progress_view): the record's percentage and status are the widget's bar and caption.
The event goes first, so that a front which draws events knows the record that follows is the same work.
When the upload returns, a last event in the `done` phase gives every display its final state.

The hook is throttled here because a front pays for each update (a comm message per widget change); what a
renderer must see is never held back: the first event, every phase change, the end of the scan and the last
byte sent. No SDK import here.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable
from typing import Any

from azskernel.progress_view import DONE, upload_view
from azskernel.runtime.host import ProgressRecord

ACTIVITY = "Add-AzVhd"
"""The records' activity: the fronts skip records of this activity once they draw the rich events."""

MIN_INTERVAL = 0.25
"""Seconds between two forwarded events of the same phase."""

MiB = 1024 * 1024


def progress_record(ev: Any) -> ProgressRecord:
    """The Write-Progress view of one upload event: the shared model's percentage, caption and ETA."""
    view = upload_view(ev)
    return ProgressRecord(activity=ACTIVITY, status=view.caption, percent_complete=view.percent,
                          seconds_remaining=int(view.eta) if view.eta is not None else -1)


def done_record() -> ProgressRecord:
    return ProgressRecord(activity=ACTIVITY, status="Done", completed=True)


class UploadProgress:
    """The uploader's progress callback for a cmdlet: forwards each event to `write_progress` as a record
    and, throttled, to `event` (the session hook through the cmdlet's Reporter)."""

    def __init__(self, write_progress: Callable[[ProgressRecord], None], event: Callable[[Any], None], *,
                 clock: Callable[[], float] = time.monotonic, min_interval: float = MIN_INTERVAL) -> None:
        self._write_progress = write_progress
        self._event = event
        self._clock = clock
        self._min_interval = min_interval
        self._last: tuple[Any, bool, bool] | None = None
        self._latest: Any = None
        self._last_at = float("-inf")

    def __call__(self, ev: Any) -> None:
        self._latest = ev
        now = self._clock()
        # A new phase, the scan's end and the last byte sent are always shown; between them, a few a second.
        state = (ev.phase, bool(ev.scan_done), bool(ev.scan_done and ev.bytes_sent >= ev.bytes_to_send))
        if state != self._last or now - self._last_at >= self._min_interval:
            self._last, self._last_at = state, now
            self._event(ev)
        self._write_progress(progress_record(ev))

    def finish(self) -> None:
        """The upload returned: the displays end on `done` (100%, the totals, how long it took)."""
        latest = self._latest
        if latest is not None and dataclasses.is_dataclass(latest):
            done = dataclasses.replace(latest, phase=type(latest.phase)(DONE), eta=0.0)
            self._event(done)
            self._write_progress(progress_record(done))
        self._write_progress(done_record())
