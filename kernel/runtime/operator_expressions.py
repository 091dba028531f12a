"""Operator expressions: unary and binary nodes. Plain int/float arithmetic and comparison take a fast path;
everything else goes through `operators.py` (PowerShell's conversion rules), and -match sets $Matches.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from azskernel.language import ast as A
from azskernel.runtime import operators as O
from azskernel.runtime import pstypes as T
from azskernel.runtime.conversion import convert_to, to_bool, to_number, to_string
from azskernel.runtime.errors import RuntimeException
from azskernel.runtime.values import AutomationNull, Hashtable

if TYPE_CHECKING:
    from azskernel.runtime.scopes import Scope


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


_CASE_OPS = frozenset({"eq", "ne", "gt", "ge", "lt", "le", "like", "notlike", "match", "notmatch", "replace",
                       "contains", "notcontains", "in", "notin", "split"})


class OperatorExpressionsMixin:
    """The Interpreter's operators (mixed into `interpreter.Interpreter`)."""

    scope: Scope

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
