"""Progress on a terminal, for the interactive shell and `azs -File` / `-Command`: pwsh's minimal progress bar
(one line, redrawn in place on stderr, at the terminal's real width), and nothing at all when stderr is not
a terminal, so redirected output and CI logs stay quiet.

Upload events are drawn from the shared model (azskernel.progress_view), the same numbers as the notebook
widgets. The cmdlets also write plain Write-Progress records for the work their rich events show; once an
activity has shown rich events its records are skipped, so one bar is drawn per piece of work.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable
from typing import Any, TextIO

from azskernel.progress_text import human_duration
from azskernel.progress_view import minimal_bar, upload_view

MIN_INTERVAL = 0.1
"""Seconds between two redraws (the first and the last state of an activity are never held back)."""


def progress_status(event: Any) -> tuple[str, str, int] | None:
    """(activity, status, percent) for one progress event, or None when the event ends its activity."""
    if hasattr(event, "bytes_sent") and hasattr(event, "phase"):
        view = upload_view(event)
        return "Add-AzVhd", view.caption, view.percent
    if hasattr(event, "state") and hasattr(event, "resource"):
        if getattr(event, "done", False):
            return None
        return str(event.resource), f"{event.state} ({human_duration(getattr(event, 'elapsed', 0.0))})", -1
    if hasattr(event, "activity") and hasattr(event, "percent_complete"):
        if event.completed:
            return None
        status = str(event.status)
        if getattr(event, "seconds_remaining", -1) >= 0:
            status += f" ({human_duration(event.seconds_remaining)} left)"
        return str(event.activity), status, int(event.percent_complete)
    return None


def progress_line(event: Any, width: int = 120, *, colour: bool = False) -> str | None:
    """The bar for one event at `width` columns (plain marks when `colour` is off)."""
    shown = progress_status(event)
    if shown is None:
        return None
    activity, status, percent = shown
    return minimal_bar(activity, status, percent, width, colour=colour)


def terminal_width(stream: Any, fallback: int = 120) -> int:
    try:
        return os.get_terminal_size(stream.fileno()).columns or fallback
    except (AttributeError, OSError, ValueError):
        return fallback


class TerminalProgress:
    """Draws progress events and records on `stream` when it is a terminal; silent otherwise."""

    def __init__(self, stream: TextIO, *, visible: bool | None = None, colour: bool = True,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.stream = stream
        self.visible = _isatty(stream) if visible is None else visible
        self.colour = colour
        self._clock = clock
        self._rich: set[str] = set()
        self._shown = False
        self._last_at = float("-inf")
        self._last_key: tuple[str, int] | None = None

    def reset(self) -> None:
        """A new command: every activity may draw its records again."""
        self._rich.clear()

    def event(self, event: Any) -> None:
        """A rich event (upload, provisioning): drawn, and its activity's plain records skipped from now on."""
        if hasattr(event, "bytes_sent"):
            self._rich.add("add-azvhd")
        elif hasattr(event, "resource") and hasattr(event, "state"):
            self._rich.add(f"{event.resource}:".casefold())
        else:
            return
        self._draw(event)

    def record(self, record: Any) -> None:
        if hasattr(record, "activity") and self._rich:
            status = str(record.status).casefold()
            if str(record.activity).casefold() in self._rich or any(status.startswith(r) for r in self._rich):
                return
        self._draw(record)

    def _draw(self, event: Any) -> None:
        if not self.visible:
            return
        shown = progress_status(event)
        if shown is None:
            self.clear()
            return
        activity, status, percent = shown
        now = self._clock()
        key = (activity, percent)
        final = percent >= 100 or self._last_key is None or self._last_key[0] != activity
        if not final and now - self._last_at < MIN_INTERVAL:
            return
        self._last_at, self._last_key = now, key
        width = terminal_width(self.stream) - 1  # the last column would wrap on some terminals
        self.stream.write("\r\x1b[K" + minimal_bar(activity, status, percent, width, colour=self.colour))
        self.stream.flush()
        self._shown = True

    def clear(self) -> None:
        if self._shown:
            self.stream.write("\r\x1b[K")
            self.stream.flush()
            self._shown = False
            self._last_key = None


def _isatty(stream: Any) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False


__all__ = ["TerminalProgress", "progress_line", "progress_status", "terminal_width"]
