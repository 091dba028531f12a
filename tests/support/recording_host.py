"""A Host (the engine's host protocol) that records every stream in lists, for tests that run commands or
PowerShell text and then look at what each stream received."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class RecordingHost:
    interactive: bool = False
    answers: list[str] = field(default_factory=list)
    """What the prompts get, in order; a prompt past the last answer gets an empty string."""
    output: list[Any] = field(default_factory=list)
    errors: list[Any] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    verbose: list[str] = field(default_factory=list)
    debug: list[str] = field(default_factory=list)
    information: list[Any] = field(default_factory=list)
    progress: list[Any] = field(default_factory=list)
    text: list[str] = field(default_factory=list)
    """Write-Host text, one entry per call."""
    prompts: list[str] = field(default_factory=list)

    def write_output(self, objects: list[Any]) -> None:
        self.output.extend(objects)

    def write_host(self, text: str, *, newline: bool = True, foreground: str | None = None, background: str | None = None) -> None:
        self.text.append(text)

    def write_error(self, record: Any) -> None:
        self.errors.append(record)

    def write_warning(self, text: str) -> None:
        self.warnings.append(text)

    def write_verbose(self, text: str) -> None:
        self.verbose.append(text)

    def write_debug(self, text: str) -> None:
        self.debug.append(text)

    def write_information(self, record: Any) -> None:
        self.information.append(record)

    def write_progress(self, record: Any) -> None:
        self.progress.append(record)

    def read_line(self, prompt: str) -> str:
        self.prompts.append(prompt)
        return self.answers.pop(0) if self.answers else ""

    def read_secret(self, prompt: str) -> str:
        return self.read_line(prompt)

    def clear(self) -> None:
        return None

    def everything(self) -> str:
        """All text any stream received (for secret scans)."""
        parts = [repr(o) for o in self.output] + [getattr(e, "message", str(e)) for e in self.errors]
        parts += self.warnings + self.verbose + self.debug + self.text
        parts += [repr(p) for p in self.progress] + [repr(i) for i in self.information]
        return "\n".join(str(p) for p in parts)
