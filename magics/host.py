"""The engine's Host inside IPython: streams to stdout/stderr, objects as rich displays, progress as widgets.

Output of `%%pwsh` is shown as it arrives: scalars as pwsh's text, runs of objects as the same HTML tables
the azs-powershell kernel shows (azskernel.jupyter.display). Errors, warnings, verbose and debug lines go to
stderr in pwsh's concise view. Progress (Write-Progress records, upload and provisioning events) uses the
kernel's ipywidgets renderer when IPython runs in a kernel, and is not drawn in a terminal IPython.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

from azskernel.jupyter import display as rich
from azskernel.jupyter.errorview import concise_view, stream_line
from azskernel.jupyter.widgets import RichEvents

Display = Callable[[Any], None]


def _display_bundle(bundle: dict[str, str]) -> None:
    from IPython.display import display

    display(bundle, raw=True)


def _display_widget(widget: Any) -> None:
    from IPython.display import display

    display(widget)


class IPythonHost:
    """Implements azskernel.runtime.host.Host for magics; `widgets` says whether progress is drawn."""

    def __init__(self, *, widgets: bool, width: int = 120, show: Callable[[dict[str, str]], None] = _display_bundle,
                 show_widget: Display = _display_widget, interactive: bool = False) -> None:
        self.width = width
        self.interactive = interactive
        self._show = show
        self._show_widget = show_widget
        self._rich = RichEvents()
        self.held: list[Any] | None = None
        """While a line magic runs, the error records it wrote (shown, or raised, when it ends)."""
        self.progress: Any = None
        if widgets:
            from azskernel.jupyter.widgets import ProgressWidgetRenderer

            self.progress = ProgressWidgetRenderer(show_widget)

    # -- framing -----------------------------------------------------------------------------------
    def begin(self, *, hold_errors: bool = False) -> None:
        self._rich.clear()
        self.held = [] if hold_errors else None

    def release(self) -> list[Any]:
        """The held error records (and stop holding)."""
        held, self.held = self.held or [], None
        return held

    def end(self) -> None:
        if self.progress is not None:
            self.progress.flush()

    # -- output ------------------------------------------------------------------------------------
    def write_output(self, objects: list[Any]) -> None:
        for kind, run in rich.split_runs(list(objects)):
            if kind == "text":
                self._out(rich.format_plain(run, self.width))
            else:
                self._show(rich.bundle_for(run, self.width))

    def write_host(self, text: str, *, newline: bool = True, foreground: str | None = None, background: str | None = None) -> None:
        sys.stdout.write(text + ("\n" if newline else ""))
        sys.stdout.flush()

    def write_error(self, record: Any) -> None:
        if self.held is not None:
            self.held.append(record)
            return
        self._err(concise_view(record))

    def write_warning(self, text: str) -> None:
        self._err(stream_line("WARNING", text))

    def write_verbose(self, text: str) -> None:
        self._err(stream_line("VERBOSE", text))

    def write_debug(self, text: str) -> None:
        self._err(stream_line("DEBUG", text))

    def write_information(self, record: Any) -> None:
        data = getattr(record, "message_data", record)
        self._out(data if isinstance(data, str) else rich.format_plain([data], self.width))

    def write_event(self, event: Any) -> None:
        """The session's live-event hook (upload and provisioning events): richer than progress records."""
        if self._rich.note(event) is None:
            return
        if self.progress is not None:
            self.progress(event)

    def write_progress(self, record: Any) -> None:
        # The cmdlets also report what the events show as plain records: draw one of the two only.
        if self._rich.covers(record):
            return
        if self.progress is not None:
            self.progress(record)

    def display(self, obj: Any) -> None:
        """Shows a widget (Show-AzsImageCatalogue) below the running cell."""
        self._show_widget(obj)

    def clear(self) -> None:
        from IPython.display import clear_output

        clear_output()

    # -- input -------------------------------------------------------------------------------------
    def read_line(self, prompt: str) -> str:
        self._need_interactive()
        return input(prompt)

    def read_secret(self, prompt: str) -> str:
        self._need_interactive()
        import getpass

        return getpass.getpass(prompt)

    def _need_interactive(self) -> None:
        if not self.interactive:
            from azskernel.runtime.errors import ErrorCategory, RuntimeException

            raise RuntimeException(
                "PowerShell is in NonInteractive mode. Read and Prompt functionality is not available."
                " (Magics do not prompt: pass the value as a parameter instead.)",
                error_id="NonInteractive",
                category=ErrorCategory.InvalidOperation,
            )

    # -- internals ---------------------------------------------------------------------------------
    def _out(self, text: str) -> None:
        if text:
            sys.stdout.write(text if text.endswith("\n") else text + "\n")
            sys.stdout.flush()

    def _err(self, text: str) -> None:
        if text:
            sys.stderr.write(text if text.endswith("\n") else text + "\n")
            sys.stderr.flush()


__all__ = ["IPythonHost"]
