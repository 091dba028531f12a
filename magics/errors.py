"""The one exception type the magics raise: IPython shows it as pwsh's concise error view, no traceback.

IPython asks an exception for `_render_traceback_()` before formatting a Python traceback (its own
parallel engines use this); ipykernel sends those lines as the `error` message's traceback. So a failing
`%Add-AzsPlatformImage` shows exactly what the azs-powershell kernel shows for the same command.
"""

from __future__ import annotations

from typing import Any


class CommandError(Exception):
    """A PowerShell error (parse, binding, a cmdlet's terminating error) raised out of a magic or the API.

    `record` is the engine's ErrorRecord; `str(exc)` is its message (never a secret: the engine redacts).
    """

    def __init__(self, record: Any) -> None:
        super().__init__(getattr(record, "message", str(record)))
        self.record = record

    @property
    def message(self) -> str:
        return str(getattr(self.record, "message", self.record))

    @property
    def error_id(self) -> str:
        return str(getattr(self.record, "error_id", ""))

    def concise(self, *, colour: bool = True) -> str:
        """pwsh 7's concise view of the record (what `_render_traceback_` shows)."""
        try:
            from azskernel.jupyter.errorview import concise_view

            return concise_view(self.record, colour=colour)
        except Exception:  # noqa: BLE001 - a view that cannot format must still say what failed
            name = getattr(self.record, "command_name", None)
            return f"{name}: {self.message}" if name else self.message

    def _render_traceback_(self) -> list[str]:
        return self.concise().split("\n")


def record_of(exc: BaseException) -> Any:
    """The ErrorRecord an engine exception carries, or one made from it (a bug: one line, no traceback)."""
    from azskernel.runtime.errors import ErrorRecord

    record = getattr(exc, "record", None)
    if record is not None:
        return record
    name = type(exc).__name__
    if name in ("PipelineStoppedException", "KeyboardInterrupt"):
        return ErrorRecord(
            "The pipeline has been stopped.",
            error_id="PipelineStopped",
            exception_type="System.Management.Automation.PipelineStoppedException",
        )
    if name == "ParseError":
        return _parse_record(exc)
    return ErrorRecord(f"{name}: {exc}", error_id="InternalError", exception_type=f"azs.{name}")


def _parse_record(exc: Any) -> Any:
    from azskernel.runtime.errors import ErrorCategory, ErrorRecord, ScriptPosition

    line = int(getattr(exc, "line", 0) or 0)
    column = int(getattr(exc, "column", 0) or 0)
    text = str(getattr(exc, "text", "") or "")
    position = ScriptPosition(getattr(exc, "file", None), line, column, text, int(getattr(exc, "length", 1) or 1)) if line else None
    message = str(getattr(exc, "message", "") or exc)
    return ErrorRecord(
        message,
        error_id=str(getattr(exc, "error_id", "") or "ParseError"),
        category=ErrorCategory.ParserError,
        position=position,
        exception_type="System.Management.Automation.ParseException",
    )


__all__ = ["CommandError", "record_of"]
