"""Indexing: `$x[i]` reads (arrays with negative and multiple indexes, strings, hashtables, PSObjects, pwsh's
rule for non-indexable values) and `$x[i] = v` writes.
"""

from __future__ import annotations

import decimal
from typing import Any

from azskernel.runtime import operators as O
from azskernel.runtime import pstypes as T
from azskernel.runtime.conversion import convert_to, to_string
from azskernel.runtime.errors import ErrorCategory, RuntimeException
from azskernel.runtime.members import set_member
from azskernel.runtime.values import AutomationNull, PSObject


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


def set_index(obj: Any, index: Any, value: Any) -> None:
    """`$obj[index] = value`."""
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
