"""Script block values and what running one yields: `ScriptBlock` (a `{ … }`), `collapse` (output used as one
value) and `Discard` (an output sink that keeps nothing).

Imports nothing of the interpreter: the visitor mixins, functions, pipeline and session all use these.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from azskernel.language import ast as A
from azskernel.runtime import pstypes as T
from azskernel.runtime.values import AutomationNull

if TYPE_CHECKING:
    from azskernel.runtime.scopes import Scope
    from azskernel.runtime.session import Session


class ScriptBlock(T.ScriptBlockLike):
    """A `{ … }` value. PowerShell script blocks are not closures: they run in the scope that invokes them."""

    __slots__ = ("ast", "session", "is_filter", "closure", "module")

    def __init__(self, ast: A.ScriptBlockAst, session: Session | None = None, closure: Scope | None = None,
                 module: Any = None) -> None:
        self.ast = ast
        self.session = session
        self.is_filter = ast.is_filter
        self.closure = closure
        """GetNewClosure(): the variables captured when it was made (the block runs under them)."""
        self.module = module
        """The module whose code made it: it runs in that module's session state, wherever it is invoked."""

    def ps_to_string(self) -> str:
        return self.ast.text

    def __repr__(self) -> str:
        return "{" + self.ast.text + "}"

    def invoke_with_underscore(self, value: Any) -> Any:
        """Run with `$_` = value in the current scope (for -replace / -split script blocks)."""
        assert self.session is not None
        out = self.session.interpreter.invoke_scriptblock(self, [], dollar_under=value, dot_source=True)
        return out[0] if len(out) == 1 else out


def collapse(values: list[Any], empty: Any = AutomationNull) -> Any:
    """Output used as one value: nothing is `empty`, one object is itself, more are the list."""
    if not values:
        return empty
    return values[0] if len(values) == 1 else values


class Discard:
    """An output sink that drops what it is given (a for loop's initializer and iterator)."""

    def append(self, item: Any) -> None:
        pass

    def extend(self, items: Any) -> None:
        for _ in items:
            pass
