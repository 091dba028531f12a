"""The tree-walking interpreter: one `visit_<Node>` per expression node and one `exec_<Node>` per statement
node (ast.NodeVisitor's dispatch by class name), gathered from the mixins it is made of:

    statements.py            exec_*: statements, control flow, try/trap, throw
    assignment.py            assign(): variables, members, indexes, casts, destructuring
    expressions.py           visit_*: values, variables, casts, members and method calls, indexes
    operator_expressions.py  visit_Unary/BinaryExpressionAst: the fast numeric path, then operators.py

This module keeps what ties them together: the dispatch tables, source positions of errors, and running a
script block. Expressions return values; statements write to an `out`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from azskernel.language import ast as A
from azskernel.runtime.assignment import AssignmentMixin
from azskernel.runtime.errors import ErrorCategory, PSError, RuntimeException, ScriptPosition
from azskernel.runtime.expressions import ExpressionsMixin, PSReference
from azskernel.runtime.indexing import index_value
from azskernel.runtime.operator_expressions import OperatorExpressionsMixin
from azskernel.runtime.scopes import Scope
from azskernel.runtime.scriptblock import ScriptBlock, collapse
from azskernel.runtime.statements import StatementsMixin, throw_record
from azskernel.runtime.values import UNSET

if TYPE_CHECKING:
    from azskernel.runtime.session import Session


class Interpreter(StatementsMixin, AssignmentMixin, ExpressionsMixin, OperatorExpressionsMixin):
    def __init__(self, session: Session) -> None:
        self.session = session
        self.scope: Scope = session.global_scope
        self.try_depth = 0
        self.source: A.Source | None = None
        self.call_stack: list[str] = []
        """Names of the script functions running (innermost last); "" for script blocks."""
        self._visitors: dict[type, Callable[[Any], Any]] = {}
        self._statement_visitors: dict[type, Callable[[Any, Any], None]] = {}
        for name in dir(self):
            if name.startswith("visit_"):
                node_type = getattr(A, name[6:], None)
                if node_type is not None:
                    self._visitors[node_type] = getattr(self, name)
            elif name.startswith("exec_"):
                node_type = getattr(A, name[5:], None)
                if node_type is not None:
                    self._statement_visitors[node_type] = getattr(self, name)

    # ------------------------------------------------------------------ positions and errors

    def position_of(self, node: A.Ast) -> ScriptPosition | None:
        source = self.source
        if source is None:
            return None
        line, column, text = source.location(node.pos)
        length = max(1, min(node.end, node.pos + len(text) - column + 1) - node.pos)
        return ScriptPosition(source.file, line, column, text, length)

    def attach_position(self, exc: PSError, node: A.Ast) -> None:
        record = getattr(exc, "record", None)
        if record is None:
            return
        if record.position is None:
            record.position = self.position_of(node)
        if "reason" not in record.details and record.command_name is None:
            # ConciseView's `Reason:` prefix for a script error: the category, else the exception's short name
            category = record.category.value
            record.details["reason"] = (category if category != "NotSpecified"
                                        else record.exception_type.rsplit(".", 1)[-1])

    def internal_error(self, exc: BaseException, node: A.Ast) -> RuntimeException:
        construct = type(node).__name__.removesuffix("Ast")
        text = ""
        if self.source is not None:
            text = self.source.text[node.pos:node.end].strip().splitlines()[0][:60] if node.end > node.pos else ""
        message = f"internal error while running {construct} '{text}': {type(exc).__name__}: {exc}"
        err = RuntimeException(message, error_id="InternalError", category=ErrorCategory.NotSpecified,
                               position=self.position_of(node))
        return err

    # ------------------------------------------------------------------ script blocks

    def create_scriptblock(self, text: str) -> ScriptBlock:
        """`[scriptblock]::Create(text)`: parsed now, a ParseError becoming pwsh's ParseException."""
        from azskernel.language import ParseError, parse
        from azskernel.runtime.session import parse_error_record

        try:
            tree = parse(text)
        except ParseError as exc:
            record = parse_error_record(exc)
            raise RuntimeException(record.message, record=record) from None
        return ScriptBlock(tree, self.session)

    def invoke_scriptblock(self, block: ScriptBlock, args: list[Any], *, input: list[Any] | None = None,
                           dollar_under: Any = UNSET, dot_source: bool = False, this: Any = UNSET) -> list[Any]:
        from azskernel.runtime.functions import invoke_block

        out: list[Any] = []
        invoke_block(self, block, args, out, input=input, dollar_under=dollar_under, dot_source=dot_source, this=this)
        return out


# Where these lived before the interpreter was split; other code imports them from here.
__all__ = ["Interpreter", "PSReference", "ScriptBlock", "collapse", "index_value", "throw_record"]
