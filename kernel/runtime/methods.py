"""`$obj.Name(args)`: `call_method` dispatches on the value's type to the methods scripts use (strings in
string_methods.py, collections in collection_methods.py; dates, time spans, numbers and the rest here).
Where/ForEach are the interpreter's (they run script blocks). A method the type lacks raises pwsh's
"Method invocation failed because [X] does not contain a method named 'M'."
"""

from __future__ import annotations

import datetime as _dt
import decimal
import re
import uuid
from typing import Any

from azskernel.runtime import pstypes as T
from azskernel.runtime.adapted import uri_properties
from azskernel.runtime.classes import ClassInstance
from azskernel.runtime.collection_methods import call_dict, call_list, loose_equal
from azskernel.runtime.conversion import to_number, to_string
from azskernel.runtime.dotnetformat import format_value
from azskernel.runtime.errors import ErrorCategory, ErrorRecord, RuntimeException
from azskernel.runtime.etsmembers import added_members
from azskernel.runtime.method_errors import no_method
from azskernel.runtime.static_text import regex_instance_call
from azskernel.runtime.string_methods import call_string
from azskernel.runtime.values import AutomationNull, ETSMember, PSObject, plain_number


def _add_months(d: _dt.datetime, months: int) -> _dt.datetime:
    import calendar

    total = d.month - 1 + months
    year, month = d.year + total // 12, total % 12 + 1
    day = min(d.day, calendar.monthrange(year, month)[1])
    return d.replace(year=year, month=month, day=day)


def _call_datetime(d: _dt.datetime, lname: str, name: str, args: list[Any]) -> Any:
    def num() -> float:
        return float(to_number(args[0]))

    if lname == "adddays":
        return d + _dt.timedelta(days=num())
    if lname == "addhours":
        return d + _dt.timedelta(hours=num())
    if lname == "addminutes":
        return d + _dt.timedelta(minutes=num())
    if lname == "addseconds":
        return d + _dt.timedelta(seconds=num())
    if lname == "addmilliseconds":
        return d + _dt.timedelta(milliseconds=num())
    if lname == "addticks":
        return d + _dt.timedelta(microseconds=num() / 10)
    if lname == "addmonths":
        return _add_months(d, int(num()))
    if lname == "addyears":
        return _add_months(d, int(num()) * 12)
    if lname == "add":
        return d + args[0]
    if lname == "subtract":
        other = args[0]
        return d - other
    if lname == "tostring":
        if args:
            return format_value(d, to_string(args[0]))
        return to_string(d)
    if lname == "touniversaltime":
        if d.tzinfo is None:
            return d.astimezone(_dt.timezone.utc).replace(tzinfo=None)
        return d.astimezone(_dt.timezone.utc)
    if lname == "tolocaltime":
        return d.replace(tzinfo=_dt.timezone.utc).astimezone().replace(tzinfo=None) if d.tzinfo is None else d.astimezone()
    # the current culture's patterns: en-US, as pwsh's own tests assume
    if lname == "toshortdatestring":
        return format_value(d, "M/d/yyyy")
    if lname == "tolongdatestring":
        return format_value(d, "dddd, MMMM d, yyyy")
    if lname == "toshorttimestring":
        return format_value(d, "h:mm tt")
    if lname == "tolongtimestring":
        return format_value(d, "h:mm:ss tt")
    if lname == "tofiletime" or lname == "tofiletimeutc":
        return int((d.replace(tzinfo=None) - _dt.datetime(1601, 1, 1)) / _dt.timedelta(microseconds=1)) * 10
    if lname == "compareto":
        return (d > args[0]) - (d < args[0])
    if lname == "equals":
        return d == args[0]
    raise no_method(d, name)


def _call_number(value: Any, lname: str, name: str, args: list[Any]) -> Any:
    value = plain_number(value)  # .NET's methods see the number, not the literal text of `f 1.0`
    args = [plain_number(a) for a in args]
    if lname == "tostring":
        if args and isinstance(args[0], str):
            return format_value(value, args[0])
        return to_string(value)
    if lname == "compareto":
        other = to_number(args[0])
        return (value > other) - (value < other)
    if lname == "equals":
        return loose_equal(value, args[0]) and type(value) is type(args[0])
    if lname == "gethashcode":
        return hash(value) & 0x7FFFFFFF
    raise no_method(value, name)


_METHOD_NAMES: dict[type, dict[str, str]] = {}


def _method_named(cls: type, lname: str) -> str:
    """The PascalCase method a Python class defines under a name in any case (`$PSCmdlet.writeobject`)."""
    names = _METHOD_NAMES.get(cls)
    if names is None:
        names = {n.casefold(): n for n in dir(cls) if n[:1].isupper()}
        _METHOD_NAMES[cls] = names
    return names.get(lname, "_")


def call_method(obj: Any, name: str, args: list[Any]) -> Any:
    """`$obj.Name(args)`. Where/ForEach are the interpreter's (they run script blocks)."""
    if obj is None or obj is AutomationNull:
        raise RuntimeException(
            "You cannot call a method on a null-valued expression.",
            error_id="InvokeMethodOnNull", category=ErrorCategory.InvalidOperation,
        )
    lname = name.lower()
    if lname == "gettype" and not args:
        return T.type_of(obj)
    if isinstance(obj, PSObject):
        member = obj.member(name)
        if isinstance(member, ETSMember) and member.is_method:
            return member.invoke(obj, args)
        method = obj.get(name) if obj.has(name) else None
        script_method = getattr(obj, "ps_methods", {}).get(lname) if hasattr(obj, "ps_methods") else None
        if script_method is not None:
            return script_method(*args)
        if lname == "tostring":
            return to_string(obj)
        if lname == "psobject":
            return obj
        if lname == "equals":
            return obj is args[0]
        if callable(method):
            return method(*args)
        raise no_method(obj, name)
    if isinstance(obj, ClassInstance):
        return obj.call(name, args)
    notes = added_members(obj)
    if notes is not None:
        member = notes.member(name)
        if isinstance(member, ETSMember) and member.is_method:
            return member.invoke(obj, args)
    if isinstance(obj, str):
        return call_string(obj, lname, name, args)
    if isinstance(obj, bool):
        if lname == "tostring":
            return to_string(obj)
        if lname == "equals":
            return obj == args[0]
        raise no_method(obj, name)
    if isinstance(obj, (int, float, decimal.Decimal)):
        return _call_number(obj, lname, name, args)
    if isinstance(obj, dict):
        return call_dict(obj, lname, name, args)
    if isinstance(obj, (list, tuple)):
        own = getattr(type(obj), "ps_own_methods", None)  # a list type's methods that differ from a list's
        if own is not None and lname in own:
            return getattr(obj, own[lname])(*args)
        return call_list(obj, lname, name, args)
    if isinstance(obj, _dt.datetime):
        return _call_datetime(obj, lname, name, args)
    if isinstance(obj, _dt.timedelta):
        if lname == "add":
            return obj + args[0]
        if lname == "subtract":
            return obj - args[0]
        if lname == "tostring":
            return to_string(obj)
        if lname == "negate":
            return -obj
        raise no_method(obj, name)
    if isinstance(obj, ErrorRecord):
        if lname == "tostring":
            return obj.message
        raise no_method(obj, name)
    if isinstance(obj, T.DotNetException):
        if lname == "tostring":
            return f"{obj.type_name}: {obj.message}"
        if lname == "getbaseexception":
            inner = obj
            while inner.inner is not None:
                inner = inner.inner
            return inner
        raise no_method(obj, name)
    if isinstance(obj, re.Pattern):
        return regex_instance_call(obj, lname, name, args)
    if isinstance(obj, T.PSType) and lname in ("getgenericarguments", "getelementtype") and not args:
        if lname == "getelementtype":
            return obj.element
        return T.TypedArray(obj.generic_args, T.PSType("System.Type"))
    if lname == "tostring":
        if isinstance(obj, uuid.UUID) and args:
            fmt = to_string(args[0]).upper()
            text = str(obj)
            return {"N": text.replace("-", ""), "B": "{" + text + "}", "P": "(" + text + ")"}.get(fmt, text)
        return to_string(obj)
    if lname == "equals":
        return obj == args[0]
    if isinstance(obj, T.PSUri) and lname == "getleftpart":
        props = dict(uri_properties(obj))
        return f"{props['Scheme']}://{props['Authority']}"
    # Python objects may expose methods by PowerShell name (PascalCase, matched whatever the case) or snake_case.
    snake = re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", name).lower()
    for candidate in (name, _method_named(type(obj), lname), snake):
        if not candidate.startswith("_"):
            method = getattr(obj, candidate, None)
            if callable(method) and not isinstance(method, type):
                result = method(*args)
                return AutomationNull if result is None else result
    raise no_method(obj, name)
