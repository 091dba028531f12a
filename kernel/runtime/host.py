"""The host protocol: how the engine talks to whoever runs it (azs -File, the shell, the Jupyter kernel).

The engine never prints. Top-level pipeline output goes to `write_output` as objects (the host decides
whether to format them as text, as pwsh's Out-Default does, or to display them richly); the other streams
arrive as records. Input is asked through the host, which may refuse when it is not interactive
(`NonInteractiveError`). `paint` is Write-Host's -ForegroundColor as the text fronts draw it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from .errors import ErrorCategory, RuntimeException

NON_INTERACTIVE = "PowerShell is in NonInteractive mode. Read and Prompt functionality is not available."
"""pwsh's words when a prompt has no one to answer it; a front may add what to do instead."""

CONSOLE_COLOURS = {
    "black": 30, "darkred": 31, "darkgreen": 32, "darkyellow": 33, "darkblue": 34, "darkmagenta": 35,
    "darkcyan": 36, "gray": 37, "darkgray": 90, "red": 91, "green": 92, "yellow": 93, "blue": 94,
    "magenta": 95, "cyan": 96, "white": 97,
}
"""ConsoleColor names (casefolded) to ANSI SGR foreground codes."""


class NonInteractiveError(RuntimeException):
    default_id = "NonInteractive"
    default_category = ErrorCategory.InvalidOperation
    exception_type = "System.Management.Automation.PSInvalidOperationException"


def paint(text: str, foreground: str | None) -> str:
    """`text` in the ANSI colour of a ConsoleColor name; unchanged for no colour or a name pwsh does not know."""
    code = CONSOLE_COLOURS.get((foreground or "").casefold())
    return f"\x1b[{code}m{text}\x1b[0m" if code and text else text


@dataclass(frozen=True)
class ProgressRecord:
    activity: str
    status: str = "Processing"
    percent_complete: int = -1
    seconds_remaining: int = -1
    current_operation: str = ""
    activity_id: int = 0
    parent_activity_id: int = -1
    completed: bool = False


class Host(Protocol):
    interactive: bool
    """False when no one can answer a prompt (azs -File in CI, papermill): prompts must fail, not hang."""

    def write_output(self, objects: list[Any]) -> None:
        """Objects that reached the end of a top-level pipeline, in order (one call per pipeline batch)."""

    def write_host(self, text: str, *, newline: bool = True, foreground: str | None = None, background: str | None = None) -> None: ...

    def write_error(self, record: Any) -> None:
        """A non-terminating error (an ErrorRecord) or a terminating one that ended the script."""

    def write_warning(self, text: str) -> None: ...

    def write_verbose(self, text: str) -> None: ...

    def write_debug(self, text: str) -> None: ...

    def write_information(self, record: Any) -> None: ...

    def write_progress(self, record: ProgressRecord) -> None: ...

    def read_line(self, prompt: str) -> str: ...

    def read_secret(self, prompt: str) -> str: ...

    def clear(self) -> None: ...
