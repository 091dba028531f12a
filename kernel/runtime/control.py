"""Control flow as private exceptions (jlox's Return): break, continue, return, exit, pipeline stop.

They are not errors and never reach a user; `ScriptExit` and `ScriptTerminated` are what `Session.run`
raises to its front (exit code; an uncaught terminating error, not yet written).
"""

from __future__ import annotations

from typing import Any


class ControlFlow(Exception):
    """Base: carries no traceback worth keeping."""


class BreakException(ControlFlow):
    def __init__(self, label: str | None = None) -> None:
        super().__init__(label)
        self.label = label


class ContinueException(ControlFlow):
    def __init__(self, label: str | None = None) -> None:
        super().__init__(label)
        self.label = label


class ReturnException(ControlFlow):
    pass


class ScriptExit(ControlFlow):
    """`exit N`: ends the script (or the whole run at top level) with an exit code."""

    def __init__(self, code: int = 0) -> None:
        super().__init__(code)
        self.code = code


class ScriptTerminated(Exception):
    """An uncaught terminating error ended the script; `record` is the ErrorRecord (not yet written)."""

    def __init__(self, record: Any) -> None:
        super().__init__(getattr(record, "message", str(record)))
        self.record = record


class PipelineStoppedException(ControlFlow):
    """The run was cancelled (Ctrl+C, kernel interrupt) or Select-Object -First stopped upstream."""


class StopUpstream(ControlFlow):
    """A downstream command has all it needs (Select-Object -First): stop feeding it quietly."""

    def __init__(self, stage: int = 0) -> None:
        super().__init__(stage)
        self.stage = stage
