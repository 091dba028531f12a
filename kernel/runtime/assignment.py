"""Assignment: `=` and the compound operators to variables (with scope qualifiers and type constraints),
members, static members, indexes, casts and array destructuring.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from azskernel.language import ast as A
from azskernel.runtime import operators as O
from azskernel.runtime import pstypes as T
from azskernel.runtime.conversion import as_list, convert_to
from azskernel.runtime.errors import RuntimeException
from azskernel.runtime.indexing import index_value, set_index
from azskernel.runtime.members import set_member
from azskernel.runtime.scopes import set_env
from azskernel.runtime.scriptblock import ScriptBlock
from azskernel.runtime.values import AutomationNull

if TYPE_CHECKING:
    from azskernel.runtime.scopes import Scope
    from azskernel.runtime.session import Session


class AssignmentMixin:
    """The Interpreter's assignments (mixed into `interpreter.Interpreter`)."""

    session: Session
    scope: Scope

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
            set_index(obj, index, value)
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
            set_index(obj, index, value)
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
