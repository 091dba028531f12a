"""Helpers shared by the built-in cmdlets: wildcards, property specs (incl. calculated properties),
PowerShell-style comparison for sorting/filtering, and the shape of errors cmdlets write.
"""

from __future__ import annotations

import datetime as _dt
import decimal
import functools
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from azskernel.runtime.automation_types import contains_wildcard_characters, unescape
from azskernel.runtime.conversion import convert_to, is_enumerable, to_bool, to_string
from azskernel.runtime.errors import ErrorCategory, ErrorRecord, PSError, RuntimeException
from azskernel.runtime.members import get_member, get_properties
from azskernel.runtime.operators import like as ps_like
from azskernel.runtime.operators import wildcard_regex
from azskernel.runtime.pstypes import ScriptBlockLike
from azskernel.runtime.values import UNSET, Hashtable, PSObject


# -- wildcards --------------------------------------------------------------------------------
has_wildcard = contains_wildcard_characters
"""WildcardPattern.ContainsWildcardCharacters: a wildcard character that no backtick escapes."""

unescape_wildcard = unescape
"""WildcardPattern.Unescape: the literal text a pattern stands for (its backticks removed)."""


def wildcard(pattern: str, case_sensitive: bool = False) -> re.Pattern[str]:
    """PowerShell wildcard (`*`, `?`, `[a-z]`, backtick escapes) as a regex to `.match` whole names."""
    return wildcard_regex(pattern, not case_sensitive)


def like(value: Any, pattern: Any, case_sensitive: bool = False) -> bool:
    return ps_like(value, pattern, not case_sensitive)


# -- comparison -------------------------------------------------------------------------------
_NUMBER = (int, float, decimal.Decimal)


def _is_number(v: Any) -> bool:
    return isinstance(v, _NUMBER) and not isinstance(v, bool)


def ps_equals(left: Any, right: Any, case_sensitive: bool = False) -> bool:
    """`left -eq right` for scalars: the right operand converts to the left's type."""
    if left is None or right is None:
        return left is None and right is None
    if isinstance(left, str):
        r = to_string(right)
        return left == r if case_sensitive else left.casefold() == r.casefold()
    if isinstance(left, bool):
        return left == to_bool(right)
    if _is_number(left):
        try:
            r = convert_to(right, "double") if not _is_number(right) else right
        except PSError:
            return False
        return left == r
    if isinstance(left, _dt.datetime) and isinstance(right, str):
        try:
            return left == convert_to(right, "datetime")
        except PSError:
            return False
    return bool(left == right)


def ps_compare(left: Any, right: Any, case_sensitive: bool = False) -> int:
    """Ordering as Sort-Object and -lt/-gt use it: numbers numerically, strings case-insensitively."""
    if left is None or right is None:
        if _is_number(left) or _is_number(right):  # null meets a number as 0 (pwsh's LanguagePrimitives.Compare)
            return ps_compare(left if left is not None else 0, right if right is not None else 0, case_sensitive)
        return (left is not None) - (right is not None)
    if _is_number(left) and _is_number(right):
        return (left > right) - (left < right)
    if _is_number(left):
        try:
            r = convert_to(right, "double")
            return (left > r) - (left < r)
        except PSError:
            pass
    if isinstance(left, _dt.datetime) and isinstance(right, _dt.datetime):
        return (left > right) - (left < right)
    if isinstance(left, bool) and isinstance(right, bool):
        return int(left) - int(right)
    a, b = to_string(left), to_string(right)
    if not case_sensitive:
        fa, fb = a.casefold(), b.casefold()
        return (fa > fb) - (fa < fb)
    return (a > b) - (a < b)


def compare_where(op: str, left: Any, right: Any) -> bool:
    """The simplified Where-Object comparison (`Where-Object Prop -op Value`)."""
    cs = op.startswith("c") and op not in ("contains",)
    base = op[1:] if cs else op
    if base in ("eq", "ne"):
        if is_enumerable(left):
            hits = [x for x in left if ps_equals(x, right, cs)]
            return bool(hits) if base == "eq" else bool([x for x in left if not ps_equals(x, right, cs)])
        result = ps_equals(left, right, cs)
        return result if base == "eq" else not result
    if base in ("gt", "ge", "lt", "le"):
        items = list(left) if is_enumerable(left) else [left]
        for x in items:
            c = ps_compare(x, right, cs)
            if {"gt": c > 0, "ge": c >= 0, "lt": c < 0, "le": c <= 0}[base]:
                return True
        return False
    if base in ("like", "notlike"):
        result = any(like(x, right, cs) for x in (left if is_enumerable(left) else [left]))
        return result if base == "like" else not result
    if base in ("match", "notmatch"):
        from azskernel.runtime.regexes import compile_regex

        rx = compile_regex(to_string(right), not cs)
        result = any(rx.search(to_string(x)) for x in (left if is_enumerable(left) else [left]))
        return result if base == "match" else not result
    if base in ("contains", "notcontains"):
        items = list(left) if is_enumerable(left) else [left]
        result = any(ps_equals(x, right, cs) for x in items)
        return result if base == "contains" else not result
    if base in ("in", "notin"):
        items = list(right) if is_enumerable(right) else [right]
        result = any(ps_equals(x, left, cs) for x in items)
        return result if base == "in" else not result
    if base in ("is", "isnot"):
        from azskernel.runtime.conversion import is_instance

        result = is_instance(left, right)
        return result if base == "is" else not result
    raise ValueError(op)


def sort_key(case_sensitive: bool = False) -> Callable[[Any], Any]:
    return functools.cmp_to_key(lambda a, b: ps_compare(a, b, case_sensitive))


# -- properties -------------------------------------------------------------------------------
@dataclass(frozen=True)
class PropertySpec:
    """A property to read: by name (wildcards allowed), or calculated (@{Name=..; Expression=..})."""

    name: str
    expression: Any = None
    """A script block or a property name; None reads `name`."""
    wildcard: bool = False
    extra: Hashtable | None = None

    def names_for(self, obj: Any) -> list[str]:
        if self.wildcard:
            rx = wildcard(self.name)
            return [n for n, _ in property_list(obj) if rx.match(n)]
        return [self.name]

    def value(self, ctx: Any, obj: Any, name: str | None = None) -> Any:
        if isinstance(self.expression, ScriptBlockLike):
            out = ctx.invoke_script(self.expression, dollar_under=obj, input=[obj])
            return out[0] if len(out) == 1 else (None if not out else list(out))
        if self.expression is not None:
            return read_property(obj, to_string(self.expression))
        return read_property(obj, name or self.name)


_KEY_ALIASES = {
    "name": "name", "n": "name", "label": "name", "l": "name",
    "expression": "expression", "e": "expression",
    "width": "width", "w": "width", "alignment": "alignment", "align": "alignment", "a": "alignment",
    "formatstring": "formatstring", "f": "formatstring",
    "ascending": "ascending", "asc": "ascending", "descending": "descending", "desc": "descending",
}


def property_specs(values: Any, command: str, allowed: tuple[str, ...] = ("name", "expression")) -> list[PropertySpec]:
    """Turn -Property arguments (names, wildcards, script blocks, hashtables) into specs."""
    if values is None:
        return []
    items = list(values) if isinstance(values, list | tuple) else [values]
    specs = []
    for item in items:
        if isinstance(item, ScriptBlockLike):
            specs.append(PropertySpec(to_string(item).strip(), item))
        elif isinstance(item, dict):
            fields = Hashtable()
            for k, v in item.items():
                key = _KEY_ALIASES.get(to_string(k).casefold())
                if key is None or (key not in allowed and key not in ("name",)):
                    raise RuntimeException(
                        f'The "{to_string(k)}" key is not valid. Only the following keys are allowed: '
                        + ", ".join(a.capitalize() for a in allowed) + ".",
                        error_id="DictionaryKeyUnknownKey",
                        category=ErrorCategory.InvalidArgument,
                        command_name=command,
                    )
                fields[key] = v
            expression = fields.get("expression")
            if expression is None:
                raise RuntimeException(
                    'The "Expression" key is missing in the property hashtable. Add an Expression key with a property '
                    "name or a script block, for example @{Name='Size'; Expression={ $_.Length }}.",
                    error_id="DictionaryKeyMissingKey",
                    category=ErrorCategory.InvalidArgument,
                    command_name=command,
                )
            name = to_string(fields.get("name")) if "name" in fields else to_string(expression).strip()
            specs.append(PropertySpec(name, expression, extra=fields))
        else:
            text = to_string(item)
            specs.append(PropertySpec(text, None, wildcard=has_wildcard(text)))
    return specs


def property_list(obj: Any) -> list[tuple[str, Any]]:
    if isinstance(obj, PSObject):
        return list(obj.items())
    if isinstance(obj, dict):
        return get_properties(obj)
    return get_properties(obj)


def read_property(obj: Any, name: str) -> Any:
    if isinstance(obj, PSObject):
        return obj.get(name)
    if isinstance(obj, dict):
        if name in obj:
            return obj[name]
    return get_member(obj, name)


def has_property(obj: Any, name: str) -> bool:
    if isinstance(obj, PSObject):
        return obj.has(name)
    if isinstance(obj, dict) and name in obj:
        return True
    from azskernel.runtime.members import get_member_or_missing
    from azskernel.runtime.members import MISSING  # type: ignore[attr-defined]

    return get_member_or_missing(obj, name) is not MISSING


# -- errors -----------------------------------------------------------------------------------
def error(message: str, error_id: str, category: ErrorCategory, target: Any = None, command: str | None = None) -> RuntimeException:
    return RuntimeException(message, error_id=error_id, category=category, target=target, command_name=command)


def record(message: str, error_id: str, category: ErrorCategory, target: Any = None) -> ErrorRecord:
    return ErrorRecord(message=message, error_id=error_id, category=category, target=target)


def first_or_list(values: list[Any]) -> Any:
    return values[0] if len(values) == 1 else values


__all__ = [
    "PropertySpec",
    "UNSET",
    "compare_where",
    "error",
    "has_property",
    "has_wildcard",
    "unescape_wildcard",
    "like",
    "property_specs",
    "ps_compare",
    "ps_equals",
    "read_property",
    "record",
    "sort_key",
    "wildcard",
]
