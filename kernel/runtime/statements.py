"""Statements and control flow: the `exec_<Node>` half of the interpreter (one per statement node), traps,
try/catch/finally, loops with labels, and the exception `throw` raises.

Statements write to an `out` (anything with append/extend); control flow uses the private exceptions of
`control.py`. A statement that fails with a non-`throw` error writes it and the script goes on, as pwsh's
statement-terminating errors do, unless a try is active or $ErrorActionPreference is Stop.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from azskernel.language import ast as A
from azskernel.runtime import operators as O
from azskernel.runtime import pstypes as T
from azskernel.runtime.control import (
    BreakException,
    ContinueException,
    ControlFlow,
    ReturnException,
)
from azskernel.runtime.classes import MethodSink
from azskernel.runtime.conversion import convert_to, enumerate_value, is_enumerable, to_bool, to_string
from azskernel.runtime.errors import (
    ErrorCategory,
    ErrorRecord,
    PSError,
    RuntimeException,
    ScriptPosition,
)
from azskernel.runtime.scriptblock import Discard, collapse
from azskernel.runtime.streamvars import collect
from azskernel.runtime.values import AutomationNull

if TYPE_CHECKING:
    from azskernel.runtime.scopes import Scope
    from azskernel.runtime.session import Session


def throw_record(value: Any, position: ScriptPosition | None) -> RuntimeException:
    """The exception `throw value` raises."""
    if isinstance(value, ErrorRecord):
        exc = RuntimeException(value.message, record=value)
    elif isinstance(value, T.DotNetException):
        record = ErrorRecord(
            message=value.message, error_id=value.message if value.type_name.endswith("RuntimeException") else value.type_name.rsplit(".", 1)[-1],
            category=ErrorCategory.OperationStopped, target=None, position=position, exception_type=value.type_name,
        )
        record.details["exception"] = value
        value.error_record = record
        exc = RuntimeException(value.message, record=record)
    elif isinstance(value, RuntimeException):
        exc = value
    else:
        message = "ScriptHalted" if value is None or value is AutomationNull else to_string(value)
        record = ErrorRecord(message=message, error_id=message, category=ErrorCategory.OperationStopped,
                             target=value if value is not None else None, position=position,
                             exception_type="System.Management.Automation.RuntimeException")
        record.details["reason"] = "Exception"
        record.details["thrown"] = True
        exc = RuntimeException(message, record=record)
    exc.script_terminating = True  # type: ignore[attr-defined]
    if exc.record.position is None:
        exc.record.position = position
    return exc


_SILENT_UNARY = frozenset({"++", "--", "post++", "post--"})


class StatementsMixin:
    """The Interpreter's statements (mixed into `interpreter.Interpreter`)."""

    session: Session
    scope: Scope
    try_depth: int

    def run_statements(self, statements: list[A.Ast], out: Any) -> None:
        traps = [s for s in statements if isinstance(s, A.TrapStatementAst)]
        for statement in statements:
            if traps and isinstance(statement, A.TrapStatementAst):
                continue
            try:
                self.exec_statement(statement, out)
            except RuntimeException as exc:
                if traps:
                    self.run_trap(traps, exc, out)
                    continue
                if not self.statement_error_continues(exc):
                    raise
                self.attach_position(exc, statement)
                if self.session.stream_frames:
                    collect(self.session, "error", exc.record)
                self.session.report_error(exc.record)

    def statement_error_continues(self, exc: RuntimeException) -> bool:
        """A non-throw runtime error ends only its statement, unless inside try or with Stop preference."""
        if getattr(exc, "script_terminating", False) or self.try_depth > 0:
            return False
        pref = self.session.preference("ErrorActionPreference")
        return pref.lower() not in ("stop",)

    def run_trap(self, traps: list[A.TrapStatementAst], exc: RuntimeException, out: Any) -> None:
        trap = next((t for t in traps if t.type_name is None or self.catch_matches([t.type_name], exc.record)), None)
        if trap is None:
            raise exc
        self.attach_position(exc, trap)
        self.session.add_error(exc.record)
        old = self.scope.variables.get("_")
        self.scope.bind("_", exc.record)
        try:
            self.run_statements(trap.body, out)
        except ContinueException:
            return
        except BreakException:
            raise exc from None
        finally:
            if old is not None:
                self.scope.variables["_"] = old
        self.session.report_error(exc.record, add=False)

    def exec_statement(self, node: A.Ast, out: Any) -> None:
        self.session.check_cancel()
        handler = self._statement_visitors.get(type(node))
        try:
            if handler is not None:
                handler(node, out)
            else:
                value = self.eval(node)
                self.write_value(value, out)
        except (ControlFlow, PSError):
            raise
        except RecursionError:
            overflow = RuntimeException(
                "The script failed due to call depth overflow.", error_id="CallDepthOverflow",
                category=ErrorCategory.InvalidOperation, position=self.position_of(node),
            )
            overflow.script_terminating = True  # type: ignore[attr-defined]
            raise overflow from None
        except (KeyboardInterrupt, SystemExit):
            raise
        except Exception as exc:  # never a traceback: name the construct instead
            raise self.internal_error(exc, node) from exc

    @staticmethod
    def write_value(value: Any, out: Any) -> None:
        if value is AutomationNull:
            return
        if is_enumerable(value):
            out.extend(value)
        else:
            out.append(value)

    def exec_PipelineAst(self, node: A.PipelineAst, out: Any) -> None:
        elements = node.elements
        if len(elements) == 1 and type(elements[0]) is A.CommandExpressionAst and not elements[0].redirections:
            # fast path: a lone expression statement needs none of the pipeline machinery
            expression = elements[0].expression
            try:
                value = self.eval(expression)
            except PSError as exc:
                self.attach_position(exc, elements[0])
                self.session.last_status = False
                raise
            self.session.last_status = True
            if type(expression) is A.UnaryExpressionAst and expression.op in _SILENT_UNARY:
                return
            self.write_value(value, out)
            return
        from azskernel.runtime.pipeline import run_pipeline

        run_pipeline(self, node, out)

    def exec_PipelineChainAst(self, node: A.PipelineChainAst, out: Any) -> None:
        self.exec_statement(node.left, out)
        ok = self.session.last_status
        if (node.op == "&&" and ok) or (node.op == "||" and not ok):
            self.exec_statement(node.right, out)

    def exec_AssignmentStatementAst(self, node: A.AssignmentStatementAst, out: Any) -> None:
        value = self.statement_value(node.right)
        self.assign(node.left, node.op, value, node)
        self.session.last_status = True

    def statement_value(self, node: A.Ast) -> Any:
        """The value of a statement used as an expression (assignment right side, parenthesis)."""
        if isinstance(node, A.PipelineAst) and len(node.elements) == 1 and not node.background:
            element = node.elements[0]
            if isinstance(element, A.CommandExpressionAst) and not element.redirections:
                try:
                    value = self.eval(element.expression)
                except PSError as exc:
                    self.attach_position(exc, element)
                    raise
                return None if value is AutomationNull else value
        if isinstance(node, A.AssignmentStatementAst):
            self.exec_AssignmentStatementAst(node, None)
            return self.eval(node.left)
        collected: list[Any] = []
        self.exec_statement(node, collected)
        return collapse(collected, None)

    def exec_IfStatementAst(self, node: A.IfStatementAst, out: Any) -> None:
        for condition, body in node.clauses:
            if to_bool(self.condition_value(condition)):
                self.run_statements(body, out)
                return
        if node.else_body is not None:
            self.run_statements(node.else_body, out)

    def condition_value(self, node: A.Ast) -> Any:
        value = self.statement_value(node)
        return value

    def _loop_body(self, node: A.LoopAst, body: list[A.Ast], out: Any) -> bool:
        """Run one iteration; False when the loop must stop (break)."""
        if self.session.cancel_token.is_set():
            self.session.check_cancel()
        try:
            self.run_statements(body, out)
        except BreakException as exc:
            if exc.label is None or (node.label and exc.label.casefold() == node.label.casefold()):
                return False
            raise
        except ContinueException as exc:
            if exc.label is None or (node.label and exc.label.casefold() == node.label.casefold()):
                return True
            raise
        return True

    def exec_WhileStatementAst(self, node: A.WhileStatementAst, out: Any) -> None:
        while to_bool(self.condition_value(node.condition)):
            if not self._loop_body(node, node.body, out):
                return

    def exec_DoLoopStatementAst(self, node: A.DoLoopStatementAst, out: Any) -> None:
        while True:
            if not self._loop_body(node, node.body, out):
                return
            result = to_bool(self.condition_value(node.condition))
            if result == node.until:
                return

    def exec_ForStatementAst(self, node: A.ForStatementAst, out: Any) -> None:
        if node.initializer is not None:
            self.exec_statement(node.initializer, Discard())
        while True:
            if node.condition is not None and not to_bool(self.condition_value(node.condition)):
                return
            if not self._loop_body(node, node.body, out):
                return
            if node.iterator is not None:
                self.exec_statement(node.iterator, Discard())

    def lazy_range(self, node: A.Ast) -> Any:
        """The lazy items of a statement that is just `a..b` (foreach and pipelines need not build the list)."""
        if isinstance(node, A.PipelineAst) and len(node.elements) == 1:
            node = node.elements[0]
        if isinstance(node, A.CommandExpressionAst) and not node.redirections:
            node = node.expression
        if isinstance(node, A.BinaryExpressionAst) and node.op == "..":
            left, right = self.eval(node.left), self.eval(node.right)
            return O.range_iter(None if left is AutomationNull else left, None if right is AutomationNull else right)
        return None

    def exec_ForEachStatementAst(self, node: A.ForEachStatementAst, out: Any) -> None:
        lazy = self.lazy_range(node.iterable)
        if lazy is not None:
            for item in lazy:
                self.assign_variable(node.variable, item)
                if not self._loop_body(node, node.body, out):
                    return
            return
        collection = self.statement_value(node.iterable)
        items = enumerate_value(collection) if collection is not None else ()
        if collection is None:
            return
        for item in list(items) if isinstance(items, (list, tuple)) else items:
            self.assign_variable(node.variable, item)
            if not self._loop_body(node, node.body, out):
                return

    def exec_SwitchStatementAst(self, node: A.SwitchStatementAst, out: Any) -> None:
        from azskernel.runtime.switch import run_switch

        run_switch(self, node, out)

    def exec_TryStatementAst(self, node: A.TryStatementAst, out: Any) -> None:
        self.try_depth += 1
        try:
            try:
                self.run_statements(node.body, out)
            finally:
                self.try_depth -= 1
        except RuntimeException as exc:
            self.attach_position(exc, node)
            clause = None
            for catch in node.catches:
                if not catch.types or self.catch_matches(catch.types, exc.record):
                    clause = catch
                    break
            if clause is None:
                if node.finally_body is not None:
                    self.run_statements(node.finally_body, out)
                raise
            self.session.add_error(exc.record)
            old = self.scope.variables.get("_")
            old_item = self.scope.variables.get("psitem")
            self.scope.bind("_", exc.record)
            self.scope.bind("PSItem", exc.record)
            try:
                self.run_statements(clause.body, out)
            finally:
                for key, saved in (("_", old), ("psitem", old_item)):
                    if saved is not None:
                        self.scope.variables[key] = saved
                    else:
                        self.scope.variables.pop(key, None)
                if node.finally_body is not None:
                    self.run_statements(node.finally_body, out)
            return
        except BaseException:
            if node.finally_body is not None:
                self.run_statements(node.finally_body, out)
            raise
        if node.finally_body is not None:
            self.run_statements(node.finally_body, out)

    def catch_matches(self, type_names: list[str], record: ErrorRecord) -> bool:
        from azskernel.runtime.members import get_member as _gm

        exception = _gm(record, "Exception")
        names: list[str] = []
        while exception is not None:
            names.extend(n.casefold() for n in exception.ps_type_names)
            exception = getattr(exception, "inner", None)
        if not names:
            names = [record.exception_type.casefold()]
        for type_name in type_names:
            found = T.find_type(type_name)
            full = (found.full_name if found is not None else type_name).casefold()
            if full in names or ("system." + full) in names:
                return True
        return False

    def exec_TrapStatementAst(self, node: A.TrapStatementAst, out: Any) -> None:
        return None

    def exec_TypeDefinitionAst(self, node: A.TypeDefinitionAst, out: Any) -> None:
        # already defined when its script started (pwsh defines a script's types up front); a definition that
        # arrives another way ([scriptblock]::Create, Invoke-Expression of a fragment) is defined here
        self.session.define_types([node])

    def exec_FunctionDefinitionAst(self, node: A.FunctionDefinitionAst, out: Any) -> None:
        from azskernel.runtime.functions import define_function

        define_function(self, node)

    def exec_ReturnStatementAst(self, node: A.ReturnStatementAst, out: Any) -> None:
        if type(out) is MethodSink:
            out.clear()  # a class method returns only what `return` gives
        if node.pipeline is not None:
            self.exec_statement(node.pipeline, out)
        raise ReturnException()

    def exec_ExitStatementAst(self, node: A.ExitStatementAst, out: Any) -> None:
        from azskernel.runtime.control import ScriptExit

        code = 0
        if node.pipeline is not None:
            value = self.statement_value(node.pipeline)
            try:
                code = int(convert_to(value, "int")) if value is not None else 0
            except RuntimeException:
                code = 0
        raise ScriptExit(code)

    def exec_ThrowStatementAst(self, node: A.ThrowStatementAst, out: Any) -> None:
        value = self.statement_value(node.pipeline) if node.pipeline is not None else None
        if value is None and node.pipeline is None:
            current = self.scope.find("_")
            if current is not None and isinstance(current.value, ErrorRecord) and self.try_depth >= 0:
                raise throw_record(current.value, None)
        raise throw_record(value, self.position_of(node))

    def exec_BreakStatementAst(self, node: A.BreakStatementAst, out: Any) -> None:
        raise BreakException(self._label(node.label))

    def exec_ContinueStatementAst(self, node: A.ContinueStatementAst, out: Any) -> None:
        raise ContinueException(self._label(node.label))

    def _label(self, node: A.Ast | None) -> str | None:
        if node is None:
            return None
        return to_string(self.eval(node)).lstrip(":")

    def exec_UsingStatementAst(self, node: A.UsingStatementAst, out: Any) -> None:
        from azskernel.runtime.module_loader import use_module

        try:
            use_module(self, node.name)  # type: ignore[arg-type]
        except RuntimeException as exc:
            self.attach_position(exc, node)  # type: ignore[attr-defined]
            raise

    def exec_DataStatementAst(self, node: A.DataStatementAst, out: Any) -> None:
        if node.variable is None:
            self.run_statements(node.body, out)
            return
        values: list[Any] = []
        self.run_statements(node.body, values)
        self.scope.set_local(node.variable, collapse(values, None))

    def exec_BlockStatementAst(self, node: A.BlockStatementAst, out: Any) -> None:
        self.run_statements(node.body, out)
