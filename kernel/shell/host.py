"""ConsoleHost: the engine's Host for the terminal shell.

Output is formatted text as pwsh prints it; errors, warnings, verbose and debug lines go to stderr in
pwsh's colours when stderr is a terminal. Progress (Write-Progress, uploads, provisioning) is one
line redrawn in place on a terminal and nothing at all otherwise, so redirected output stays quiet.
Prompts (Read-Host, Get-Credential) ask on the terminal, and fail clearly when no one can answer.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any, TextIO

from azskernel.runtime.formatting import format_error
from azskernel.runtime.host import NON_INTERACTIVE, NonInteractiveError, paint
from azskernel.shell.progress import TerminalProgress, progress_line  # noqa: F401 (progress_line: re-exported)

_RED, _YELLOW, _RESET = "\x1b[31;1m", "\x1b[33;1m", "\x1b[0m"


def _painted(text: str, style: str, colour: bool) -> str:
    """Each line painted on its own, so that a pager or a terminal resize does not bleed colour."""
    if not colour:
        return text
    return "\n".join(f"{style}{line}{_RESET}" if line else line for line in text.split("\n"))


class ConsoleHost:
    """Implements azskernel.runtime.host.Host on a terminal (or on redirected streams, plainly)."""

    def __init__(
        self,
        out: TextIO | None = None,
        err: TextIO | None = None,
        *,
        interactive: bool | None = None,
        colour: bool | None = None,
        width: int = 120,
        ask: Callable[[str, bool], str] | None = None,
    ) -> None:
        self.out = out or sys.stdout
        self.err = err or sys.stderr
        self.interactive = bool(sys.stdin.isatty()) if interactive is None else interactive
        self.colour = _isatty(self.err) if colour is None else colour
        self.progress = TerminalProgress(self.err, colour=self.colour)
        self.width = width
        self._ask = ask
        self._formatter: Any = None
        self.feedback: Callable[[Any], str | None] | None = None
        """Set by the interactive shell: the "most similar" names after a not-found error."""

    # -- output --------------------------------------------------------------------------------------
    def write_output(self, objects: list[Any]) -> None:
        # One Out-Default per command, as in pwsh: a table begun by one statement goes on in the next.
        if self._formatter is None:
            from azskernel.runtime.formatting import Formatter

            self._formatter = Formatter(self.width)
        text = self._formatter.feed(list(objects))
        if text:
            self._write(self.out, text)

    def end_command(self) -> None:
        """Closes the command's output (the blank line after a table)."""
        formatter, self._formatter = self._formatter, None
        if formatter is not None:
            text = formatter.finish()
            if text:
                self._write(self.out, text)

    def write_host(self, text: str, *, newline: bool = True, foreground: str | None = None, background: str | None = None) -> None:
        painted = paint(text, foreground) if self.colour and _isatty(self.out) else text
        self._write(self.out, painted + ("\n" if newline else ""))

    def write_error(self, record: Any) -> None:
        self._write(self.err, _painted(format_error(record).rstrip("\n"), _RED, self.colour) + "\n")
        hint = self.feedback(record) if self.feedback is not None else None
        if hint:  # pwsh's feedback after a name that was not found (interactive shell only)
            self._write(self.err, hint + "\n")

    def write_warning(self, text: str) -> None:
        self._write(self.err, _painted(f"WARNING: {text}", _YELLOW, self.colour) + "\n")

    def write_verbose(self, text: str) -> None:
        self._write(self.err, _painted(f"VERBOSE: {text}", _YELLOW, self.colour) + "\n")

    def write_debug(self, text: str) -> None:
        self._write(self.err, _painted(f"DEBUG: {text}", _YELLOW, self.colour) + "\n")

    def write_information(self, record: Any) -> None:
        data = getattr(record, "message_data", record)
        self._write(self.out, f"{data}\n")

    def begin_command(self) -> None:
        """A new command starts: what it reports richly is its own business."""
        self.progress.reset()
        self._formatter = None

    def write_event(self, event: Any) -> None:
        """The session's live-event hook: upload and provisioning events, drawn instead of the plain
        progress records the cmdlets also write for the same operation."""
        self.progress.event(event)

    def write_progress(self, record: Any) -> None:
        self.progress.record(record)

    @property
    def progress_visible(self) -> bool:
        return self.progress.visible

    def clear_progress(self) -> None:
        self.progress.clear()

    def clear(self) -> None:
        if _isatty(self.out):
            self._write(self.out, "\x1b[2J\x1b[H")

    # -- input ---------------------------------------------------------------------------------------
    def read_line(self, prompt: str) -> str:
        return self._read(prompt, password=False)

    def read_secret(self, prompt: str) -> str:
        return self._read(prompt, password=True)

    def _read(self, prompt: str, *, password: bool) -> str:
        if not self.interactive:
            raise NonInteractiveError(NON_INTERACTIVE)
        self.clear_progress()
        if self._ask is not None:
            return self._ask(prompt, password)
        if password:
            import getpass

            return getpass.getpass(prompt)
        return input(prompt)

    def _write(self, stream: TextIO, text: str) -> None:
        self.clear_progress()
        stream.write(text)
        stream.flush()


def _isatty(stream: Any) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False
