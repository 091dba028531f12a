"""JupyterHost: the engine's Host for a notebook cell, turning streams into Jupyter messages.

Output is published as it is produced. Text (scalars, Write-Host) goes to stdout; Write-Error, warnings,
verbose and debug lines go to stderr in pwsh's colours; objects become MIME bundles (display.py).

A run of objects is one table that grows: it is published as `display_data` with a display id and
then updated (`update_display_data`, a few times a second at most) as more rows of the same shape
arrive. A table that is still the cell's last output when the cell ends, having been held back less
than HOLD seconds, is the cell's result (`execute_result`, Out[n]) instead.
"""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from azskernel.runtime.host import NON_INTERACTIVE as PS_NON_INTERACTIVE
from azskernel.runtime.host import NonInteractiveError, paint

from .errorview import concise_view, stream_line
from .widgets import RichEvents

HOLD = 0.3
"""Seconds a new table waits to see whether it is the cell's result before it is shown anyway."""
THROTTLE = 0.25
"""Seconds between two updates of a growing table."""


def _display() -> Any:
    from . import display  # pandas and the formatter load with the first output, not with the kernel

    return display


class Frontend(Protocol):
    """What the kernel gives the host: the iopub channel and the stdin channel."""

    def publish(self, msg_type: str, content: dict[str, Any]) -> None: ...

    def ask(self, prompt: str, password: bool) -> str: ...

    def display(self, obj: Any) -> None: ...


NON_INTERACTIVE = (
    PS_NON_INTERACTIVE + " (This cell runs without a frontend that can answer prompts: pass the value as a parameter instead.)"
)


@dataclass
class _Table:
    objects: list[Any]
    shape: tuple[str, ...]
    born: float
    display_id: str = field(default_factory=lambda: uuid.uuid4().hex)
    shown: bool = False
    dirty: bool = False
    """Rows arrived since the bundle was rendered."""
    last_render: float = 0.0
    bundle: dict[str, str] | None = None


class JupyterHost:
    """Implements azskernel.runtime.host.Host for one kernel; `begin_cell`/`end_cell` frame each cell."""

    def __init__(
        self,
        frontend: Frontend,
        *,
        width: int = 120,
        clock: Callable[[], float] = time.monotonic,
        hold: float = HOLD,
        throttle: float = THROTTLE,
        progress: Callable[[Any], None] | None = None,
    ) -> None:
        self._frontend = frontend
        self.width = width
        self.interactive = False
        self.feedback: Callable[[Any], str | None] | None = None
        """Set by the kernel: the "most similar" names after a not-found error."""
        self._clock = clock
        self._hold = hold
        self._throttle = throttle
        self._lock = threading.RLock()
        self._table: _Table | None = None
        self._timer: threading.Timer | None = None
        self._progress = progress
        self._rich = RichEvents()

    # -- cell framing ------------------------------------------------------------------------------
    def begin_cell(self, *, allow_stdin: bool, source: str = "") -> None:
        with self._lock:
            self.interactive = allow_stdin
            self._table = None
            self._rich.clear()

    def end_cell(self) -> dict[str, str] | None:
        """Finishes the cell's output; returns the bundle to send as the execute_result, if any."""
        with self._lock:
            self._cancel_timer()
            table, self._table = self._table, None
            if self._progress is not None and hasattr(self._progress, "finish"):
                self._progress.finish()
            if table is None:
                return None
            if not table.shown:
                return table.bundle if table.bundle is not None and not table.dirty else _display().bundle_for(table.objects, self.width)
            if table.dirty:
                self._send_table(table, update=True)
            return None

    # -- output ------------------------------------------------------------------------------------
    def write_output(self, objects: list[Any]) -> None:
        for kind, run in _display().split_runs(list(objects)):
            if kind == "text":
                self._text("stdout", _display().format_plain(run, self.width))
            else:
                self._objects(run)

    def write_host(self, text: str, *, newline: bool = True, foreground: str | None = None, background: str | None = None) -> None:
        painted = paint(text, foreground)
        self._text("stdout", painted + ("\n" if newline else ""), newline=False)

    def write_error(self, record: Any) -> None:
        self._text("stderr", concise_view(record))
        hint = self.feedback(record) if self.feedback is not None else None
        if hint:  # pwsh's feedback after a name that was not found
            self._text("stderr", hint)

    def write_warning(self, text: str) -> None:
        self._text("stderr", stream_line("WARNING", text))

    def write_verbose(self, text: str) -> None:
        self._text("stderr", stream_line("VERBOSE", text))

    def write_debug(self, text: str) -> None:
        self._text("stderr", stream_line("DEBUG", text))

    def write_information(self, record: Any) -> None:
        data = getattr(record, "message_data", record)
        self._text("stdout", data if isinstance(data, str) else _display().format_plain([data], self.width))

    def write_event(self, event: Any) -> None:
        """The session's live-event hook (Azure provisioning, upload progress): richer than records.

        The cmdlets also report the same operation as plain progress records; once the rich event
        has been seen in a cell, those records are not drawn a second time.
        """
        kind = self._rich.note(event)
        if kind is None:
            return
        if kind == "upload":
            # The cmdlet wrote a plain record before its first rich event: that bar gives way.
            close = getattr(self._progress, "close_activity", None)
            if close is not None:
                close("Add-AzVhd")
        self.write_progress(event)

    def write_progress(self, record: Any) -> None:
        if self._rich.covers(record):
            return
        if self._progress is not None:
            with self._lock:
                self._close_table()
            self._progress(record)

    def display(self, obj: Any) -> None:
        """Shows a widget (Show-AzsImageCatalogue's form and table) in the cell, after the output so far."""
        with self._lock:
            self._close_table()
        self._frontend.display(obj)

    def clear(self) -> None:
        with self._lock:
            self._cancel_timer()
            self._table = None
            self._frontend.publish("clear_output", {"wait": False})

    # -- input -------------------------------------------------------------------------------------
    def read_line(self, prompt: str) -> str:
        return self._ask(prompt, password=False)

    def read_secret(self, prompt: str) -> str:
        return self._ask(prompt, password=True)

    def _ask(self, prompt: str, *, password: bool) -> str:
        if not self.interactive:
            raise NonInteractiveError(NON_INTERACTIVE)
        with self._lock:
            self._close_table()
        return self._frontend.ask(prompt, password)

    # -- internals ---------------------------------------------------------------------------------
    def _text(self, name: str, text: str, *, newline: bool = True) -> None:
        if newline and text and not text.endswith("\n"):
            text += "\n"
        with self._lock:
            self._close_table()
            if text:
                self._frontend.publish("stream", {"name": name, "text": text})

    def _objects(self, run: list[Any]) -> None:
        # Rendering reads properties, which may run script code: it happens here, on the cell's
        # thread, never on the timer's; the timer only publishes a bundle rendered already.
        with self._lock:
            this = _display().shape(run[0])
            table = self._table
            if table is not None and table.shape == this:
                table.objects.extend(run)
                table.dirty = True
                if not table.shown:
                    table.bundle = _display().bundle_for(table.objects, self.width)
                    table.dirty = False
                elif self._clock() - table.last_render >= self._throttle:
                    self._send_table(table, update=True)
                return
            self._close_table()
            table = _Table(list(run), this, self._clock())
            table.bundle = _display().bundle_for(table.objects, self.width)
            self._table = table
            if self._hold <= 0:
                self._send_table(table, update=False)
            else:
                self._arm(self._hold)

    def _on_timer(self) -> None:
        """A table still held back after HOLD seconds: shown as it was last rendered."""
        with self._lock:
            self._timer = None
            table = self._table
            if table is not None and not table.shown and table.bundle is not None:
                self._publish_table(table, table.bundle, update=False)

    def _arm(self, delay: float) -> None:
        if self._timer is not None:
            return
        timer = threading.Timer(max(delay, 0.01), self._on_timer)
        timer.daemon = True
        self._timer = timer
        timer.start()

    def _cancel_timer(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None

    def _close_table(self) -> None:
        table, self._table = self._table, None
        self._cancel_timer()
        if table is None:
            return
        if not table.shown:
            self._send_table(table, update=False)
        elif table.dirty:
            self._send_table(table, update=True)

    def _send_table(self, table: _Table, *, update: bool) -> None:
        if table.dirty or table.bundle is None:
            table.bundle = _display().bundle_for(table.objects, self.width)
        self._publish_table(table, table.bundle, update=update)

    def _publish_table(self, table: _Table, bundle: dict[str, str], *, update: bool) -> None:
        content = {"data": bundle, "metadata": {}, "transient": {"display_id": table.display_id}}
        self._frontend.publish("update_display_data" if update else "display_data", content)
        table.shown = True
        table.dirty = False
        table.last_render = self._clock()
