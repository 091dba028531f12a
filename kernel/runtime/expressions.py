"""Expressions: the `visit_<Node>` half of the interpreter for values — constants, expandable strings,
variables (scope qualifiers, automatic variables, strict mode), casts and `[ref]`, arrays, sub-expressions,
hashtables, script block literals, members and method calls, indexes, the ternary. Operators are in
`operator_expressions.py`.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from azskernel.language import ast as A
from azskernel.runtime import pstypes as T
from azskernel.runtime.conversion import as_list, convert_to, to_bool, to_string
from azskernel.runtime.errors import ErrorCategory, RuntimeException
from azskernel.runtime.indexing import index_value
from azskernel.runtime.members import get_member
from azskernel.runtime.methods import call_method
from azskernel.runtime.scopes import Scope, get_env
from azskernel.runtime.scriptblock import ScriptBlock, collapse
from azskernel.runtime.values import AutomationNull, Hashtable, OrderedHashtable

if TYPE_CHECKING:
    from azskernel.runtime.interpreter import Interpreter
    from azskernel.runtime.session import Session


_SPECIAL_CONSTANTS = {"null": None, "true": True, "false": False}
_FROM_SOURCE = object()
_SPECIAL_NAMES: dict[str, Any] = {**_SPECIAL_CONSTANTS, "psscriptroot": _FROM_SOURCE, "pscommandpath": _FROM_SOURCE}
"""Names read before any scope: the constants, and the two that follow the running code's file."""

_AUTOMATIC = frozenset({"?", "error", "pwd", "pid", "home", "islinux", "iswindows", "ismacos", "iscoreclr", "pshome",
                        "psscriptroot", "pscommandpath", "executioncontext", "psculture", "psuiculture", "ofs", "_",
                        "psitem", "args", "input", "matches", "lastexitcode", "this", "myinvocation",
                        "psboundparameters", "pscmdlet", "foreach", "switch", "sender", "event"})


class ExpressionsMixin:
    """The Interpreter's value expressions (mixed into `interpreter.Interpreter`)."""

    session: Session
    scope: Scope
    _visitors: dict[type, Callable[[Any], Any]]

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
            if folded in _SPECIAL_NAMES:
                special = _SPECIAL_NAMES[folded]
                if special is not _FROM_SOURCE:
                    return special
                if self.source is not None and self.source.file:
                    # the file of the code running now: a dot-sourced script's, or the script a block came from
                    return os.path.dirname(self.source.file) if folded == "psscriptroot" else self.source.file
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
            if var is None and name.casefold() in ("psscriptroot", "pscommandpath"):
                return self.session.automatic_variable(name.casefold())  # they follow the running script's file
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
            return convert_to(self.build_hashtable(operand, OrderedHashtable()), T.PSCUSTOMOBJECT)
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
        return ScriptBlock(node.block, self.session, module=self.scope.module)

    def member_name(self, member: A.Ast) -> str:
        if isinstance(member, A.StringConstantExpressionAst):
            return member.value
        return to_string(self.eval(member))

    def visit_MemberExpressionAst(self, node: A.MemberExpressionAst) -> Any:
        target = self.eval(node.target)
        if node.null_conditional and (target is None or target is AutomationNull):
            return None
        name = self.member_name(node.member)
        if node.static:
            from azskernel.runtime.statics import get_static

            return get_static(target, name)
        if target is AutomationNull:
            target = None
        return get_member(target, name)

    def visit_InvokeMemberExpressionAst(self, node: A.InvokeMemberExpressionAst) -> Any:
        target = self.eval(node.target)
        if node.null_conditional and (target is None or target is AutomationNull):
            return None
        name = self.member_name(node.member)
        args = [self.eval(a) for a in node.arguments]
        args = [None if a is AutomationNull else a for a in args]
        # a generic method's type arguments must name types; the dynamically typed methods here need them only
        # where the result's type depends on them ([array]::Empty[int]())
        type_args = [T.resolve_type(t) for t in node.generic_args]
        if node.static:
            from azskernel.runtime.statics import call_static

            return call_static(self, target, name, args, type_args)
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
                return ScriptBlock(target.ast, self.session, captured, target.module)
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
            from azskernel.runtime.method_errors import method_exception

            raise method_exception(name, args, str(exc) or type(exc).__name__) from exc

    def visit_IndexExpressionAst(self, node: A.IndexExpressionAst) -> Any:
        target = self.eval(node.target)
        if node.null_conditional and (target is None or target is AutomationNull):
            return None
        index = self.eval(node.index)
        return index_value(target, index)

    def visit_TernaryExpressionAst(self, node: A.TernaryExpressionAst) -> Any:
        return self.eval(node.if_true) if to_bool(self.eval(node.condition)) else self.eval(node.if_false)

    def visit_UsingExpressionAst(self, node: A.UsingExpressionAst) -> Any:
        return self.eval(node.expression)


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
