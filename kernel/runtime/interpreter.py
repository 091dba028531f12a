"""The tree-walking interpreter: one `visit_<Node>` per AST node (ast.NodeVisitor's dispatch by class name).

Statements write to an `out` (anything with append/extend: a list when output is captured, a pipeline's
downstream, or the session's top-level sink). Expressions return values. Control flow uses the private
exceptions of `control.py`. Runtime errors are RuntimeExceptions carrying an ErrorRecord; a statement that
fails with a non-`throw` error writes it and the script goes on, as pwsh's statement-terminating errors do,
unless a try is active or $ErrorActionPreference is Stop.
"""

from __future__ import annotations

import decimal
import os
from collections.abc import Callable
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
from azskernel.runtime.conversion import (
    as_list,
    convert_to,
    enumerate_value,
    is_enumerable,
    to_bool,
    to_number,
    to_string,
)
from azskernel.runtime.errors import (
    ErrorCategory,
    ErrorRecord,
    PSError,
    RuntimeException,
    ScriptPosition,
)
from azskernel.runtime.members import call_method, get_member, set_member
from azskernel.runtime.scopes import Scope, get_env, set_env
from azskernel.runtime.values import UNSET, AutomationNull, Hashtable, OrderedHashtable, PSObject

if TYPE_CHECKING:
    from azskernel.runtime.session import Session


class ScriptBlock(T.ScriptBlockLike):
    """A `{ … }` value. PowerShell script blocks are not closures: they run in the scope that invokes them."""

    __slots__ = ("ast", "session", "is_filter", "closure")

    def __init__(self, ast: A.ScriptBlockAst, session: Session | None = None, closure: Scope | None = None) -> None:
        self.ast = ast
        self.session = session
        self.is_filter = ast.is_filter
        self.closure = closure
        """GetNewClosure(): the variables captured when it was made (the block runs under them)."""

    def ps_to_string(self) -> str:
        return self.ast.text

    def __repr__(self) -> str:
        return "{" + self.ast.text + "}"

    def invoke_with_underscore(self, value: Any) -> Any:
        """Run with `$_` = value in the current scope (for -replace / -split script blocks)."""
        assert self.session is not None
        out = self.session.interpreter.invoke_scriptblock(self, [], dollar_under=value, dot_source=True)
        return out[0] if len(out) == 1 else out


_SPECIAL_CONSTANTS = {"null": None, "true": True, "false": False}


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


class Interpreter:
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

    # ------------------------------------------------------------------ statements

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
            self.exec_statement(node.initializer, _Discard())
        while True:
            if node.condition is not None and not to_bool(self.condition_value(node.condition)):
                return
            if not self._loop_body(node, node.body, out):
                return
            if node.iterator is not None:
                self.exec_statement(node.iterator, _Discard())

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

    def exec_FunctionDefinitionAst(self, node: A.FunctionDefinitionAst, out: Any) -> None:
        from azskernel.runtime.functions import define_function

        define_function(self, node)

    def exec_ReturnStatementAst(self, node: A.ReturnStatementAst, out: Any) -> None:
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

    def exec_DataStatementAst(self, node: A.DataStatementAst, out: Any) -> None:
        self.run_statements(node.body, out)

    def exec_BlockStatementAst(self, node: A.BlockStatementAst, out: Any) -> None:
        self.run_statements(node.body, out)

    # ------------------------------------------------------------------ assignment

    def assign(self, target: A.Ast, op: str, value: Any, node: A.Ast) -> None:
        if op != "=" and isinstance(target, A.IndexExpressionAst):
            # evaluate the target and the index once (`$a[$i++] += 1`)
            obj = self.eval(target.target)
            index = self.eval(target.index)
            current = index_value(obj, index)
            if op == "??=":
                if current is not None:
                    return
            else:
                value = O.ARITHMETIC[op[0]](current, value)
            self.set_index(obj, index, value)
            return
        if op != "=":
            current = self.eval(target)
            if op == "??=":
                if current is not None and current is not AutomationNull:
                    return
            else:
                value = O.ARITHMETIC[op[0]](current, value)
        if isinstance(target, A.VariableExpressionAst):
            self.assign_variable(target, value)
        elif isinstance(target, A.MemberExpressionAst):
            obj = self.eval(target.target)
            name = self.member_name(target.member)
            if target.static:
                from azskernel.runtime.statics import set_static

                set_static(obj, name, value)
            else:
                set_member(obj, name, value)
        elif isinstance(target, A.IndexExpressionAst):
            obj = self.eval(target.target)
            index = self.eval(target.index)
            self.set_index(obj, index, value)
        elif isinstance(target, A.ConvertExpressionAst):
            type_ = T.resolve_type(target.type_name)
            converted = convert_to(value, type_)
            inner = target.operand
            while isinstance(inner, A.ConvertExpressionAst):
                inner = inner.operand
            if isinstance(inner, A.VariableExpressionAst):
                var = self.assign_variable(inner, converted)
                if var is not None:
                    var.type_constraint = type_
        elif isinstance(target, A.ArrayLiteralAst):
            values = as_list(value) if value is not None else [None]
            targets = target.elements
            for i, t in enumerate(targets):
                if i == len(targets) - 1:
                    rest = values[i:]
                    v = rest[0] if len(rest) == 1 else (rest if rest else None)
                else:
                    v = values[i] if i < len(values) else None
                self.assign(t, "=", v, node)
        else:
            raise RuntimeException("The assignment expression is not valid.", error_id="InvalidLeftHandSide")

    def set_index(self, obj: Any, index: Any, value: Any) -> None:
        if isinstance(obj, dict):
            obj[index] = value
            return
        if isinstance(obj, list):
            i = int(convert_to(index, "int"))
            if not -len(obj) <= i < len(obj):
                raise RuntimeException("Index was outside the bounds of the array.", error_id="IndexOutOfRange",
                                       category=ErrorCategory.InvalidOperation)
            if isinstance(obj, T.TypedArray):
                value = convert_to(value, obj.element)
            obj[i] = value
            return
        if isinstance(obj, PSObject):
            set_member(obj, to_string(index), value)
            return
        if obj is None:
            raise RuntimeException("Cannot index into a null array.", error_id="NullArray",
                                   category=ErrorCategory.InvalidOperation)
        raise RuntimeException(f"Unable to index into an object of type {T.type_of(obj).full_name}.",
                               error_id="CannotIndex", category=ErrorCategory.InvalidOperation)

    def assign_variable(self, var: A.VariableExpressionAst, value: Any) -> Any:
        if value is AutomationNull:
            value = None
        name = var.name
        scope = var.scope
        if scope is None:
            if name.casefold() == "null":
                return None
            return self.scope.set_local(name, value)
        if scope == "env":
            set_env(name, value)
            return None
        if scope == "global":
            return self.scope.global_scope().set_local(name, value)
        if scope == "script":
            return self.scope.script_scope().set_local(name, value)
        if scope in ("local", "private", "variable"):
            v = self.scope.set_local(name, value)
            if scope == "private":
                v.private = True
            return v
        if scope == "function":
            if isinstance(value, ScriptBlock):
                from azskernel.runtime.functions import FunctionInfo

                self.scope.functions[name.casefold()] = FunctionInfo(name, value)
            return None
        return self.scope.set_local(f"{scope}:{name}", value)

    # ------------------------------------------------------------------ expressions

    def eval(self, node: A.Ast) -> Any:
        visitor = self._visitors.get(type(node))
        if visitor is None:
            raise RuntimeException(
                f"The {type(node).__name__.removesuffix('Ast')} construct is not supported by this shell yet.",
                error_id="NotSupported", category=ErrorCategory.NotImplemented, position=self.position_of(node),
            )
        return visitor(node)

    def visit_ConstantExpressionAst(self, node: A.ConstantExpressionAst) -> Any:
        return node.value

    def visit_StringConstantExpressionAst(self, node: A.StringConstantExpressionAst) -> Any:
        return node.value

    def visit_ExpandableStringExpressionAst(self, node: A.ExpandableStringExpressionAst) -> Any:
        ofs_var = self.scope.find("OFS")
        ofs = to_string(ofs_var.value) if ofs_var is not None and ofs_var.value is not None else " "
        pieces = []
        for part in node.parts:
            if isinstance(part, str):
                pieces.append(part)
            else:
                value = self.eval(part)
                pieces.append(to_string(value, ofs))
        return "".join(pieces)

    def visit_VariableExpressionAst(self, node: A.VariableExpressionAst) -> Any:
        return self.read_variable(node.name, node.scope)

    def read_variable(self, name: str, scope: str | None = None) -> Any:
        if scope is None:
            folded = name.casefold()
            if folded in _SPECIAL_CONSTANTS:
                return _SPECIAL_CONSTANTS[folded]
            var = self.scope.find(name)
            if var is not None:
                return var.value
            if self.session.strict_mode and folded not in _AUTOMATIC and not folded.isdigit():
                raise RuntimeException(
                    f"The variable '${name}' cannot be retrieved because it has not been set.",
                    error_id="VariableIsUndefined", category=ErrorCategory.InvalidOperation, target=name,
                )
            return self.session.automatic_variable(folded)
        if scope == "env":
            return get_env(name)
        if scope == "global":
            var = self.scope.global_scope().variables.get(name.casefold())
            return var.value if var is not None else self.session.automatic_variable(name.casefold())
        if scope == "script":
            var = self.scope.script_scope().find(name)
            return var.value if var is not None else None
        if scope in ("local", "private"):
            var = self.scope.variables.get(name.casefold())
            return var.value if var is not None else None
        if scope in ("variable", "using"):
            return self.read_variable(name, None)
        if scope == "function":
            fn = self.scope.find_function(name)
            return fn.scriptblock if fn is not None else None
        var = self.scope.find(f"{scope}:{name}")
        return var.value if var is not None else None

    def visit_TypeExpressionAst(self, node: A.TypeExpressionAst) -> Any:
        return T.resolve_type(node.type_name)

    def visit_ConvertExpressionAst(self, node: A.ConvertExpressionAst) -> Any:
        name = node.type_name.casefold()
        operand = node.operand
        if name == "ordered":
            if not isinstance(operand, A.HashtableAst):
                raise RuntimeException(
                    "The ordered attribute can be specified only on a hash literal node.",
                    error_id="OrderedAttributeOnlyOnHashLiteralNode", category=ErrorCategory.InvalidOperation,
                )
            return self.build_hashtable(operand, OrderedHashtable())
        if name in ("pscustomobject", "system.management.automation.pscustomobject") and isinstance(operand, A.HashtableAst):
            table = self.build_hashtable(operand, OrderedHashtable())
            return PSObject((to_string(k), v) for k, v in table.items())
        if name in ("ref", "system.management.automation.psreference"):
            return PSReference(self, operand)
        value = self.eval(operand)
        return convert_to(value, T.resolve_type(node.type_name))

    def visit_ArrayLiteralAst(self, node: A.ArrayLiteralAst) -> Any:
        return [self.eval(e) for e in node.elements]

    def visit_ArrayExpressionAst(self, node: A.ArrayExpressionAst) -> Any:
        collected: list[Any] = []
        if len(node.statements) == 1:
            single = node.statements[0]
            if isinstance(single, A.PipelineAst) and len(single.elements) == 1:
                element = single.elements[0]
                if isinstance(element, A.CommandExpressionAst) and not element.redirections:
                    value = self.eval(element.expression)
                    return as_list(value) if value is not None else [None]
        self.run_statements(node.statements, collected)
        return collected

    def visit_SubExpressionAst(self, node: A.SubExpressionAst) -> Any:
        collected: list[Any] = []
        self.run_statements(node.statements, collected)
        return collapse(collected)

    def visit_ParenExpressionAst(self, node: A.ParenExpressionAst) -> Any:
        inner = node.pipeline
        if isinstance(inner, A.AssignmentStatementAst):
            self.exec_AssignmentStatementAst(inner, None)
            return self.eval(inner.left)
        if isinstance(inner, A.PipelineAst) and len(inner.elements) == 1:
            element = inner.elements[0]
            if isinstance(element, A.CommandExpressionAst) and not element.redirections:
                return self.eval(element.expression)
        collected: list[Any] = []
        self.exec_statement(inner, collected)
        return collapse(collected)

    def visit_HashtableAst(self, node: A.HashtableAst) -> Any:
        return self.build_hashtable(node, Hashtable())

    def build_hashtable(self, node: A.HashtableAst, table: Hashtable) -> Hashtable:
        for key_node, value_node in node.pairs:
            key = self.eval(key_node)
            if key in table:
                raise RuntimeException(
                    f"Duplicate keys '{to_string(key)}' are not allowed in hash literals.",
                    error_id="DuplicateKeyInHashLiteral", category=ErrorCategory.ParserError,
                    position=self.position_of(key_node),
                )
            table[key] = self.statement_value(value_node)
        return table

    def visit_ScriptBlockExpressionAst(self, node: A.ScriptBlockExpressionAst) -> Any:
        return ScriptBlock(node.block, self.session)

    def visit_UnaryExpressionAst(self, node: A.UnaryExpressionAst) -> Any:
        op = node.op
        if op in ("++", "--", "post++", "post--"):
            current = self.eval(node.operand)
            updated = O.add(current if current is not None else 0, 1 if "+" in op else -1)
            self.assign(node.operand, "=", updated, node)
            return updated if not op.startswith("post") else current
        value = self.eval(node.operand)
        if op == "not":
            return not to_bool(value)
        if op == "-":
            if isinstance(value, (list, tuple)):
                raise O.OperatorError("Method invocation failed because [System.Object[]] does not contain a method named 'op_UnaryNegation'.")
            number = to_number(value)
            return -number
        if op == "+":
            return to_number(value)
        if op == ",":
            return [value]
        if op == "bnot":
            return ~int(convert_to(value, "long"))
        if op in ("split", "isplit", "csplit"):
            return O.unary_split(value)
        if op == "join":
            return O.join(value, "")
        raise RuntimeException(f"Unknown unary operator {op}.")

    def visit_BinaryExpressionAst(self, node: A.BinaryExpressionAst) -> Any:
        op = node.op
        if op == "and":
            return to_bool(self.eval(node.left)) and to_bool(self.eval(node.right))
        if op == "or":
            return to_bool(self.eval(node.left)) or to_bool(self.eval(node.right))
        if op == "??":
            value = self.eval(node.left)
            return self.eval(node.right) if value is None or value is AutomationNull else value
        left = self.eval(node.left)
        right = self.eval(node.right)
        tl, tr = type(left), type(right)
        if (tl is int or tl is float) and (tr is int or tr is float):
            fast = _FAST_NUMERIC.get(op)
            if fast is not None:
                result = fast(left, right)
                if result is not None and (type(result) is not int or -2147483648 <= result <= 2147483647):
                    return result
        if left is AutomationNull:
            left = None
        if right is AutomationNull:
            right = None
        fn = O.ARITHMETIC.get(op)
        if fn is not None:
            return fn(left, right)
        return self.binary_dash(op, left, right)

    def binary_dash(self, op: str, left: Any, right: Any) -> Any:
        ignore_case = True
        base = op
        if op[0] in "ic" and op[1:] in _CASE_OPS:
            ignore_case = op[0] == "i"
            base = op[1:]
        if base in ("eq", "ne", "gt", "ge", "lt", "le", "like", "notlike", "match", "notmatch"):
            matches: list[Any] = []
            result = O.compare(base, left, right, ignore_case, matches if base == "match" else None)
            if matches:
                self.set_matches(matches[0])
            return result
        if base == "contains":
            return O.contains(left, right, ignore_case)
        if base == "notcontains":
            return not O.contains(left, right, ignore_case)
        if base == "in":
            return O.contains(right, left, ignore_case)
        if base == "notin":
            return not O.contains(right, left, ignore_case)
        if base == "replace":
            return O.replace(left, right, ignore_case)
        if base == "split":
            return O.split(left, right, ignore_case)
        if op == "join":
            return O.join(left, right)
        if op == "f":
            return O.format_operator(left, right)
        if op == "is":
            return O.is_operator(left, self.type_operand(right))
        if op == "isnot":
            return not O.is_operator(left, self.type_operand(right))
        if op == "as":
            return O.as_operator(left, self.type_operand(right))
        if op == "..":
            return O.range_values(left, right)
        if op in ("band", "bor", "bxor", "shl", "shr"):
            return O.bitwise(op, left, right)
        if op == "xor":
            return to_bool(left) != to_bool(right)
        raise RuntimeException(f"The operator -{op} is not supported.", error_id="NotSupported")

    @staticmethod
    def type_operand(value: Any) -> Any:
        if isinstance(value, T.PSType):
            return value
        return T.resolve_type(to_string(value))

    def set_matches(self, match: Any) -> None:
        """$Matches as .NET numbers groups: 0, then unnamed groups in order, then named ones by name."""
        table = Hashtable()
        named = set(match.re.groupindex.values())
        number = 1
        for i in range(match.re.groups + 1):
            if i in named:
                continue
            if match.group(i) is not None:
                table[0 if i == 0 else number] = match.group(i)
            if i:
                number += 1
        for name, index in match.re.groupindex.items():
            if match.group(index) is not None:
                table[name] = match.group(index)
        self.scope.set_local("Matches", table)

    def member_name(self, member: A.Ast) -> str:
        if isinstance(member, A.StringConstantExpressionAst):
            return member.value
        return to_string(self.eval(member))

    def visit_MemberExpressionAst(self, node: A.MemberExpressionAst) -> Any:
        target = self.eval(node.target)
        name = self.member_name(node.member)
        if node.static:
            from azskernel.runtime.statics import get_static

            return get_static(target, name)
        if target is AutomationNull:
            target = None
        return get_member(target, name)

    def visit_InvokeMemberExpressionAst(self, node: A.InvokeMemberExpressionAst) -> Any:
        target = self.eval(node.target)
        name = self.member_name(node.member)
        args = [self.eval(a) for a in node.arguments]
        args = [None if a is AutomationNull else a for a in args]
        if node.static:
            from azskernel.runtime.statics import call_static

            return call_static(self, target, name, args)
        return self.call_method(target, name, args)

    def call_method(self, target: Any, name: str, args: list[Any]) -> Any:
        lname = name.casefold()
        if lname in ("where", "foreach") and target is not None:
            from azskernel.runtime.functions import magic_foreach, magic_where

            if lname == "where":
                return magic_where(self, target, args)
            return magic_foreach(self, target, args)
        if isinstance(target, ScriptBlock):
            if lname in ("invoke", "invokereturnasis"):
                out = self.invoke_scriptblock(target, args)
                if lname == "invokereturnasis":
                    return collapse(out)
                return out
            if lname == "getnewclosure":
                captured = Scope(self.scope.global_scope())
                chain = []
                scope: Scope | None = self.scope
                while scope is not None and scope.parent is not None:
                    chain.append(scope)
                    scope = scope.parent
                for frame in reversed(chain):
                    for key, var in frame.variables.items():
                        captured.set_local(var.name, var.value)
                return ScriptBlock(target.ast, self.session, captured)
            if lname == "tostring":
                return target.ast.text
        if target is AutomationNull:
            target = None
        try:
            return call_method(target, name, args)
        except RuntimeException:
            raise
        except (RecursionError, KeyboardInterrupt):
            raise
        except (TypeError, ValueError, IndexError, KeyError, AttributeError, OverflowError, ArithmeticError) as exc:
            from azskernel.runtime.members import method_exception

            raise method_exception(name, args, str(exc) or type(exc).__name__) from exc

    def visit_IndexExpressionAst(self, node: A.IndexExpressionAst) -> Any:
        target = self.eval(node.target)
        index = self.eval(node.index)
        return index_value(target, index)

    def visit_TernaryExpressionAst(self, node: A.TernaryExpressionAst) -> Any:
        return self.eval(node.if_true) if to_bool(self.eval(node.condition)) else self.eval(node.if_false)

    def visit_UsingExpressionAst(self, node: A.UsingExpressionAst) -> Any:
        return self.eval(node.expression)

    # ------------------------------------------------------------------ script blocks

    def invoke_scriptblock(self, block: ScriptBlock, args: list[Any], *, input: list[Any] | None = None,
                           dollar_under: Any = UNSET, dot_source: bool = False) -> list[Any]:
        from azskernel.runtime.functions import invoke_block

        out: list[Any] = []
        invoke_block(self, block, args, out, input=input, dollar_under=dollar_under, dot_source=dot_source)
        return out


_AUTOMATIC = frozenset({"?", "error", "pwd", "pid", "home", "islinux", "iswindows", "ismacos", "iscoreclr", "pshome",
                        "psscriptroot", "pscommandpath", "executioncontext", "psculture", "psuiculture", "ofs", "_",
                        "psitem", "args", "input", "matches", "lastexitcode", "this", "myinvocation",
                        "psboundparameters", "pscmdlet", "foreach", "switch", "sender", "event"})
def _fast_div(a: Any, b: Any) -> Any:
    if b == 0:
        return None  # let the general path raise pwsh's error
    if type(a) is int and type(b) is int and a % b == 0:
        return a // b
    return a / b


def _fast_mod(a: Any, b: Any) -> Any:
    if type(a) is not int or type(b) is not int or b == 0:
        return None
    r = abs(a) % abs(b)
    return -r if a < 0 else r


_FAST_NUMERIC: dict[str, Callable[[Any, Any], Any]] = {
    "+": lambda a, b: a + b, "-": lambda a, b: a - b, "*": lambda a, b: a * b, "/": _fast_div, "%": _fast_mod,
    "eq": lambda a, b: a == b, "ieq": lambda a, b: a == b, "ceq": lambda a, b: a == b,
    "ne": lambda a, b: a != b, "ine": lambda a, b: a != b, "cne": lambda a, b: a != b,
    "lt": lambda a, b: a < b, "ilt": lambda a, b: a < b, "clt": lambda a, b: a < b,
    "le": lambda a, b: a <= b, "ile": lambda a, b: a <= b, "cle": lambda a, b: a <= b,
    "gt": lambda a, b: a > b, "igt": lambda a, b: a > b, "cgt": lambda a, b: a > b,
    "ge": lambda a, b: a >= b, "ige": lambda a, b: a >= b, "cge": lambda a, b: a >= b,
}


_SILENT_UNARY = frozenset({"++", "--", "post++", "post--"})
_CASE_OPS = frozenset({"eq", "ne", "gt", "ge", "lt", "le", "like", "notlike", "match", "notmatch", "replace",
                       "contains", "notcontains", "in", "notin", "split"})


class PSReference:
    """`[ref]$x`: `.Value` reads and writes the variable (for [int]::TryParse(s, [ref]$n) and by-ref parameters)."""

    ps_type_names = ("System.Management.Automation.PSReference", "System.Object")

    def __init__(self, interp: Interpreter, target: A.Ast) -> None:
        self._interp = interp
        self._target = target
        self._value = None if isinstance(target, (A.VariableExpressionAst, A.MemberExpressionAst, A.IndexExpressionAst)) else interp.eval(target)

    @property
    def Value(self) -> Any:  # noqa: N802
        if isinstance(self._target, (A.VariableExpressionAst, A.MemberExpressionAst, A.IndexExpressionAst)):
            return self._interp.eval(self._target)
        return self._value

    @Value.setter
    def Value(self, value: Any) -> None:  # noqa: N802
        if isinstance(self._target, (A.VariableExpressionAst, A.MemberExpressionAst, A.IndexExpressionAst)):
            self._interp.assign(self._target, "=", value, self._target)
        else:
            self._value = value

    def ps_properties(self) -> list[tuple[str, Any]]:
        return [("Value", self.Value)]


class _Discard:
    def append(self, item: Any) -> None:
        pass

    def extend(self, items: Any) -> None:
        for _ in items:
            pass


def collapse(values: list[Any], empty: Any = AutomationNull) -> Any:
    """Output used as one value: nothing is `empty`, one object is itself, more are the list."""
    if not values:
        return empty
    return values[0] if len(values) == 1 else values


def index_value(target: Any, index: Any) -> Any:
    """`$x[index]`: arrays (negative and multiple indexes), strings, hashtables, PSObjects."""
    if target is None or target is AutomationNull:
        raise RuntimeException("Cannot index into a null array.", error_id="NullArray",
                               category=ErrorCategory.InvalidOperation)
    if isinstance(target, dict):
        if isinstance(index, (list, tuple)):
            return [target.get(k) for k in index]
        return target.get(index) if index is not None else None
    if isinstance(target, str):
        if isinstance(index, (list, tuple)):
            return [index_value(target, i) for i in index if _in_range(target, i)]
        i = int(convert_to(index, "int"))
        if -len(target) <= i < len(target):
            return T.PSChar(target[i])
        return None
    if isinstance(target, (list, tuple)):
        if isinstance(index, str) and type(target).__getitem__ is not list.__getitem__:
            return target[index]  # a collection indexed by name ($obj.PSObject.Properties['Name'])
        if isinstance(index, (list, tuple)):
            return [target[int(convert_to(i, "int"))] for i in index if _in_range(target, i)]
        try:
            i = int(convert_to(index, "int"))
        except RuntimeException:
            return None
        if -len(target) <= i < len(target):
            return target[i]
        return None
    if hasattr(target, "__getitem__") and not isinstance(target, (int, float, decimal.Decimal, PSObject)):
        try:
            return target[index]
        except (KeyError, IndexError, TypeError):
            return None
    return _index_non_indexable(target, index)


def _index_non_indexable(target: Any, index: Any) -> Any:
    """pwsh's ArrayOps.GetNonIndexable: an index equal to 0 or -1 yields the object itself, any other yields no
    output; several indexes are each looked up this way (slicing)."""
    if isinstance(index, (list, tuple)):
        return [target for i in index if _is_first_or_last(i)]
    return target if _is_first_or_last(index) else AutomationNull


def _is_first_or_last(index: Any) -> bool:
    if index is None or index is AutomationNull:
        return False
    try:
        return O.equals(0, index) or O.equals(-1, index)
    except RuntimeException:
        return False


def _in_range(target: Any, index: Any) -> bool:
    try:
        i = int(convert_to(index, "int"))
    except RuntimeException:
        return False
    return -len(target) <= i < len(target)


def current_directory() -> str:
    return os.getcwd()
