"""A host that records every stream, and a session with the built-ins and the Azure cmdlets, for tests that
run PowerShell text through the real engine."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class RecordingHost:
    interactive: bool = False
    answers: list[str] = field(default_factory=list)
    output: list[Any] = field(default_factory=list)
    errors: list[Any] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    verbose: list[str] = field(default_factory=list)
    information: list[Any] = field(default_factory=list)
    progress: list[Any] = field(default_factory=list)
    text: list[str] = field(default_factory=list)
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
        self.verbose.append(text)

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
        parts += self.warnings + self.verbose + self.text + [repr(p) for p in self.progress] + [repr(i) for i in self.information]
        return "\n".join(str(p) for p in parts)


def new_session(host: RecordingHost) -> Any:
    try:
        from azskernel.engine import create_session  # type: ignore[attr-defined]

        return create_session(host)
    except Exception:  # noqa: BLE001 - no engine yet (or a broken one): assemble the session here
        from azskernel.azure.cmdlets import register
        from azskernel.runtime.cmdlet import CommandRegistry
        from azskernel.runtime.session import Session

        registry = CommandRegistry()
        try:
            from azskernel.commands import register_builtins  # type: ignore[attr-defined]

            register_builtins(registry)
        except Exception:  # noqa: BLE001 - the built-ins are another part, still moving; these tests need none
            registry = CommandRegistry()
        register(registry)
        return Session(host, commands=registry)


def run(session: Any, source: str) -> Any:
    """Run a script; a terminating error is returned (as its record) instead of raised."""
    from azskernel.runtime.control import ScriptTerminated

    try:
        session.run(source)
    except ScriptTerminated as exc:
        return exc.record
    return None
