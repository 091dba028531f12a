"""The common parameters that capture streams in variables: -OutVariable, -ErrorVariable, -WarningVariable,
-InformationVariable (each `+name` appends to what the variable holds) and -PipelineVariable.

A command given any of them opens a `StreamVariables` when its pipeline is built: each variable is set, in the
caller's scope, to an ArrayList that then fills as the command runs. While a command runs, the session's
`stream_frames` lists the open frames of it and of the commands it runs inside (a function's -ErrorVariable
collects what the commands in its body write), innermost first; `collect` appends to all of them, as pwsh
appends to every ErrorVariable up the pipe chain.
"""

from __future__ import annotations

from typing import Any

from azskernel.runtime import pstypes as T
from azskernel.runtime.conversion import to_string

_KINDS = (("OutVariable", "output"), ("ErrorVariable", "error"), ("WarningVariable", "warning"),
          ("InformationVariable", "information"))


class StreamVariables:
    """One command's capture lists (None for a stream it does not capture) and its pipeline variable's name."""

    __slots__ = ("output", "error", "warning", "information", "pipeline_variable", "scope")

    def __init__(self, scope: Any) -> None:
        self.output: list[Any] | None = None
        self.error: list[Any] | None = None
        self.warning: list[Any] | None = None
        self.information: list[Any] | None = None
        self.pipeline_variable: str | None = None
        self.scope = scope


CAPTURE_PARAMETERS = frozenset({"OutVariable", "ErrorVariable", "WarningVariable", "InformationVariable",
                                "PipelineVariable"})
"""The parameters' names as the binder binds them (its canonical spelling), for a quick check of the keys."""


def open_stream_variables(bound: Any, scope: Any) -> StreamVariables | None:
    """The frame for a command's bound parameters (None when it captures nothing); the variables are set now."""
    if not bound or dict.keys(bound).isdisjoint(CAPTURE_PARAMETERS):
        return None
    frame: StreamVariables | None = None
    for parameter, kind in _KINDS:
        if parameter not in bound or not bound[parameter]:
            continue
        name = to_string(bound[parameter])
        append = name.startswith("+")
        name = name.lstrip("+")
        items = T.ArrayList()
        if append:
            existing = scope.find(name)
            current = existing.value if existing is not None else None
            if isinstance(current, T.ArrayList):
                items = current  # the same list grows
            elif isinstance(current, list | tuple):
                items = T.ArrayList(current)
            elif current is not None:
                items = T.ArrayList([current])
        scope.set_local(name, items)
        frame = frame or StreamVariables(scope)
        setattr(frame, kind, items)
    if "PipelineVariable" in bound and bound["PipelineVariable"]:
        frame = frame or StreamVariables(scope)
        frame.pipeline_variable = to_string(bound["PipelineVariable"])
    return frame


def collect(session: Any, kind: str, value: Any) -> None:
    """Append what a command wrote to a stream to every open frame capturing that stream."""
    for frame in session.stream_frames:
        items = getattr(frame, kind)
        if items is not None:
            items.append(value)


class TeeEmitter:
    """The output of a command with -OutVariable or -PipelineVariable: kept, named, then passed on one by one."""

    __slots__ = ("inner", "frame")

    def __init__(self, inner: Any, frame: StreamVariables) -> None:
        self.inner = inner
        self.frame = frame

    def append(self, item: Any) -> None:
        frame = self.frame
        if frame.output is not None:
            frame.output.append(item)
        if frame.pipeline_variable is not None:
            frame.scope.set_local(frame.pipeline_variable, item)
        self.inner.append(item)

    def extend(self, items: Any) -> None:
        for item in items:
            self.append(item)


__all__ = ["CAPTURE_PARAMETERS", "StreamVariables", "TeeEmitter", "collect", "open_stream_variables"]
