"""The switch statement: each input value against each clause (equality, -wildcard, -regex, script block)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from azskernel.language import ast as A
from azskernel.runtime import operators as O
from azskernel.runtime.control import BreakException, ContinueException
from azskernel.runtime.conversion import enumerate_value, to_bool, to_string
from azskernel.runtime.regexes import compile_regex
from azskernel.runtime.values import AutomationNull

if TYPE_CHECKING:
    from azskernel.runtime.interpreter import Interpreter


def _inputs(interp: Interpreter, node: A.SwitchStatementAst) -> list[Any]:
    if node.file is not None:
        path = interp.session.resolve_path(to_string(interp.eval(node.file)))
        with open(path, encoding="utf-8-sig") as handle:
            return handle.read().splitlines()
    assert node.condition is not None
    value = interp.statement_value(node.condition)
    if value is AutomationNull:
        return []
    if value is None:
        return [None]
    return list(enumerate_value(value))


def run_switch(interp: Interpreter, node: A.SwitchStatementAst, out: Any) -> None:
    flags = node.flags
    case = flags.get("casesensitive", False)
    scope = interp.scope
    saved = scope.variables.get("_")
    try:
        for item in _inputs(interp, node):
            scope.bind("_", item)
            matched = False
            try:
                for condition, body in node.clauses:
                    if _matches(interp, condition, item, flags, case):
                        matched = True
                        interp.run_statements(body, out)
                if not matched and node.default is not None:
                    interp.run_statements(node.default, out)
            except ContinueException as exc:
                if exc.label is None or (node.label and exc.label.casefold() == node.label.casefold()):
                    continue
                raise
            except BreakException as exc:
                if exc.label is None or (node.label and exc.label.casefold() == node.label.casefold()):
                    return
                raise
    finally:
        if saved is not None:
            scope.variables["_"] = saved
        else:
            scope.variables.pop("_", None)


def _matches(interp: Interpreter, condition: A.Ast, item: Any, flags: dict[str, bool], case: bool) -> bool:
    if isinstance(condition, A.ScriptBlockExpressionAst):
        result: list[Any] = []
        interp.run_statements(condition.block.end_block.statements if condition.block.end_block else [], result)
        return to_bool(result[0] if len(result) == 1 else result)
    value = interp.eval(condition)
    if flags.get("regex"):
        m = compile_regex(to_string(value), not case).search(to_string(item))
        if m is not None:
            interp.set_matches(m)
        return m is not None
    if flags.get("wildcard"):
        return O.like(item, value, not case)
    if isinstance(item, str) or item is None:
        return O.equals(to_string(item) if item is not None else "", value, not case) if item is not None else value is None
    return O.equals(item, value, not case)
