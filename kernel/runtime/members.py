"""Members of values as PowerShell adapts them: properties, methods, member enumeration.

`get_member(obj, name)` reads a property (PSObject note properties, hashtable keys, .NET-like properties of
built-in values such as `"abc".Length`, public attributes of Python objects); on a collection that lacks it,
it enumerates the member over the elements. `call_method(obj, name, args)` runs the string/array/hashtable/
date/number methods scripts use. Anything unsupported raises a RuntimeException that names the member and
the type, as pwsh's "Method invocation failed because [X] does not contain a method named 'M'." does.
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
import decimal
import re
import uuid
from typing import Any

from azskernel.runtime import pstypes as T
from azskernel.runtime.conversion import (
    as_list,
    convert_to,
    is_enumerable,
    to_bool,
    to_number,
    to_string,
)
from azskernel.runtime.conversion import type_names as _type_names
from azskernel.runtime.dotnetformat import format_value
from azskernel.runtime.enums import EnumValue
from azskernel.runtime.errors import ErrorCategory, ErrorRecord, RuntimeException
from azskernel.runtime.values import AutomationNull, Hashtable, PSObject, plain_number

MISSING = object()


class MemberError(RuntimeException):
    default_id = "MethodNotFound"
    default_category = ErrorCategory.InvalidOperation


def type_names(obj: Any) -> list[str]:
    """PowerShell type names, most derived first (e.g. ["System.String", "System.Object"])."""
    if obj is None:
        return []
    return _type_names(obj)


@dataclasses.dataclass
class DictionaryEntry:
    key: Any
    value: Any
    ps_type_names = ("System.Collections.DictionaryEntry", "System.ValueType", "System.Object")

    def ps_properties(self) -> list[tuple[str, Any]]:
        return [("Name", self.key), ("Key", self.key), ("Value", self.value)]


@dataclasses.dataclass
class RegexMatch:
    """A System.Text.RegularExpressions.Match."""

    match: re.Match[str] | None
    ps_type_names = ("System.Text.RegularExpressions.Match", "System.Text.RegularExpressions.Group",
                     "System.Text.RegularExpressions.Capture", "System.Object")

    def ps_properties(self) -> list[tuple[str, Any]]:
        m = self.match
        groups = []
        if m is not None:
            names = {v: k for k, v in m.re.groupindex.items()}
            for i in range(m.re.groups + 1):
                groups.append(PSObject([("Name", names.get(i, str(i))), ("Success", m.group(i) is not None),
                                        ("Value", m.group(i) or ""), ("Index", m.start(i)),
                                        ("Length", len(m.group(i) or ""))], ("System.Text.RegularExpressions.Group", "System.Object")))
        return [
            ("Groups", groups), ("Success", m is not None), ("Name", "0"),
            ("Captures", [self] if m else []), ("Index", m.start() if m else 0),
            ("Length", len(m.group(0)) if m else 0), ("Value", m.group(0) if m else ""),
        ]

    def ps_to_string(self) -> str:
        return self.match.group(0) if self.match else ""


def _exception_of(record: ErrorRecord) -> T.DotNetException:
    cached = record.details.get("exception")
    if cached is None:
        cached = T.DotNetException(record.exception_type, record.message, error_record=record)
        record.details["exception"] = cached
    return cached


def _category_info(record: ErrorRecord) -> PSObject:
    reason = record.exception_type.rsplit(".", 1)[-1]
    target = record.target
    target_name = to_string(target) if target is not None else ""
    target_type = T.type_of(target).name if target is not None else ""
    info = _TextPSObject([
        ("Category", record.category.value), ("Activity", record.command_name or ""), ("Reason", reason),
        ("TargetName", target_name), ("TargetType", target_type),
    ], ("System.Management.Automation.ErrorCategoryInfo", "System.Object"))
    info.text = f"{record.category.value}: ({target_name}:{target_type}) [{record.command_name or ''}], {reason}"
    return info


class _TextPSObject(PSObject):
    """A property bag with its own ToString() (CategoryInfo)."""

    __slots__ = ("text",)

    def to_string_override(self) -> str:
        return self.text


def _invocation_info(record: ErrorRecord) -> PSObject:
    pos = record.position
    return PSObject([
        ("MyCommand", record.command_name), ("ScriptName", (pos.file or "") if pos else ""),
        ("ScriptLineNumber", pos.line if pos else 0), ("OffsetInLine", pos.column if pos else 0),
        ("Line", pos.line_text if pos else ""), ("PositionMessage", ""),
        ("InvocationName", record.command_name or ""),
    ], ("System.Management.Automation.InvocationInfo", "System.Object"))


def _error_record_properties(record: ErrorRecord) -> list[tuple[str, Any]]:
    details = record.details.get("error_details")
    return [
        ("Exception", _exception_of(record)),
        ("TargetObject", record.target),
        ("CategoryInfo", _category_info(record)),
        ("FullyQualifiedErrorId", record.fully_qualified_error_id),
        ("ErrorDetails", details),
        ("InvocationInfo", _invocation_info(record)),
        ("ScriptStackTrace", record.details.get("stack", "")),
        ("PipelineIterationInfo", []),
    ]


def _exception_properties(exc: T.DotNetException) -> list[tuple[str, Any]]:
    props = [
        ("Message", exc.message), ("InnerException", exc.inner), ("ErrorRecord", exc.error_record),
        ("Source", None), ("HResult", -2146233087), ("StackTrace", None), ("Data", Hashtable()),
    ]
    props.extend(exc.extra.items())
    return props


def _datetime_properties(d: _dt.datetime) -> list[tuple[str, Any]]:
    from azskernel.runtime.enums import EnumValue as _E

    return [
        ("DisplayHint", "DateTime"), ("Date", d.replace(hour=0, minute=0, second=0, microsecond=0)),
        ("Day", d.day), ("DayOfWeek", _E("System.DayOfWeek", d.strftime("%A"), (d.weekday() + 1) % 7)),
        ("DayOfYear", d.timetuple().tm_yday), ("Hour", d.hour), ("Kind", "Unspecified" if d.tzinfo is None else "Utc"),
        ("Millisecond", d.microsecond // 1000), ("Microsecond", d.microsecond % 1000), ("Minute", d.minute),
        ("Month", d.month), ("Second", d.second),
        ("Ticks", (d.replace(tzinfo=None) - _dt.datetime(1, 1, 1)) // _dt.timedelta(microseconds=1) * 10),
        ("TimeOfDay", d - d.replace(hour=0, minute=0, second=0, microsecond=0)), ("Year", d.year),
    ]


def _timespan_properties(t: _dt.timedelta) -> list[tuple[str, Any]]:
    ticks = t // _dt.timedelta(microseconds=1) * 10
    total_ms = ticks / 10_000
    sign = -1 if ticks < 0 else 1
    a = abs(ticks)
    return [
        ("Ticks", ticks), ("Days", sign * (a // 864_000_000_000)), ("Hours", sign * (a // 36_000_000_000 % 24)),
        ("Milliseconds", sign * (a // 10_000 % 1000)), ("Minutes", sign * (a // 600_000_000 % 60)),
        ("Seconds", sign * (a // 10_000_000 % 60)), ("TotalDays", total_ms / 86_400_000),
        ("TotalHours", total_ms / 3_600_000), ("TotalMilliseconds", total_ms),
        ("TotalMinutes", total_ms / 60_000), ("TotalSeconds", total_ms / 1000),
    ]


def _uri_properties(u: T.PSUri) -> list[tuple[str, Any]]:
    from urllib.parse import urlsplit

    parts = urlsplit(u.text)
    default_ports = {"http": 80, "https": 443, "ftp": 21}
    port = parts.port or default_ports.get(parts.scheme.lower(), -1)
    path = parts.path or "/"
    segments = re.findall(r"[^/]*/|[^/]+$", path)
    return [
        ("AbsolutePath", path), ("AbsoluteUri", u.text if parts.path else u.text + "/"), ("LocalPath", path),
        ("Authority", parts.netloc.split("@")[-1]), ("Host", parts.hostname or ""), ("IsAbsoluteUri", True),
        ("OriginalString", u.text), ("PathAndQuery", path + (f"?{parts.query}" if parts.query else "")),
        ("Port", port), ("Query", f"?{parts.query}" if parts.query else ""),
        ("Fragment", f"#{parts.fragment}" if parts.fragment else ""), ("Scheme", parts.scheme.lower()),
        ("Segments", segments), ("UserInfo", parts.username or ""),
        ("DnsSafeHost", parts.hostname or ""),
    ]


def _version_properties(v: T.PSVersion) -> list[tuple[str, Any]]:
    p = list(v.parts) + [-1] * (4 - len(v.parts))
    return [("Major", p[0]), ("Minor", p[1]), ("Build", p[2]), ("Revision", p[3]),
            ("MajorRevision", -1 if p[3] < 0 else p[3] >> 16), ("MinorRevision", -1 if p[3] < 0 else p[3] & 0xFFFF)]


def _type_properties(t: T.PSType) -> list[tuple[str, Any]]:
    return [("Name", t.name), ("FullName", t.full_name), ("IsArray", t.is_array),
            ("Namespace", t.full_name.rsplit(".", 1)[0] if "." in t.full_name else ""),
            ("BaseType", None), ("IsPublic", True), ("IsClass", True)]


def _python_properties(obj: Any) -> list[tuple[str, Any]]:
    custom = getattr(obj, "ps_properties", None)
    if callable(custom):
        return list(custom())
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        return [(f.name, getattr(obj, f.name)) for f in dataclasses.fields(obj) if not f.name.startswith("_")]
    attrs = getattr(obj, "__dict__", None)
    if attrs:
        return [(k, v) for k, v in attrs.items() if not k.startswith("_")]
    return []


def get_properties(obj: Any) -> list[tuple[str, Any]]:
    """The adapted property list of any value, in display order."""
    if obj is None or obj is AutomationNull:
        return []
    if isinstance(obj, PSObject):
        return list(obj.items())
    if isinstance(obj, ErrorRecord):
        return _error_record_properties(obj)
    if isinstance(obj, T.DotNetException):
        return _exception_properties(obj)
    if isinstance(obj, dict):
        return [("IsReadOnly", False), ("IsFixedSize", False), ("IsSynchronized", False),
                ("Keys", list(obj.keys())), ("Values", list(obj.values())), ("SyncRoot", None), ("Count", len(obj))]
    if isinstance(obj, str):
        return [("Length", len(obj))]
    if isinstance(obj, bool) or isinstance(obj, (int, float, decimal.Decimal)):
        return []
    if isinstance(obj, (list, tuple)):
        return [("Length", len(obj)), ("LongLength", len(obj)), ("Rank", 1), ("Count", len(obj)),
                ("IsReadOnly", False), ("IsFixedSize", not isinstance(obj, T.ArrayList)), ("IsSynchronized", False)]
    if isinstance(obj, _dt.datetime):
        return _datetime_properties(obj)
    if isinstance(obj, _dt.timedelta):
        return _timespan_properties(obj)
    if isinstance(obj, uuid.UUID):
        return [("Guid", str(obj))]
    if isinstance(obj, T.PSUri):
        return _uri_properties(obj)
    if isinstance(obj, T.PSVersion):
        return _version_properties(obj)
    if isinstance(obj, T.PSType):
        return _type_properties(obj)
    if isinstance(obj, T.SwitchParameter):
        return [("IsPresent", obj.is_present)]
    if isinstance(obj, EnumValue):
        return [("value__", obj.number)]
    if isinstance(obj, re.Pattern):
        return [("Options", "None"), ("RightToLeft", False), ("MatchTimeout", -1)]
    return _python_properties(obj)


def _lookup(props: list[tuple[str, Any]], name: str) -> Any:
    folded = name.casefold()
    for key, value in props:
        if key.casefold() == folded:
            return value
    return MISSING


def _python_attr(obj: Any, name: str) -> Any:
    """A Python object's attribute by PowerShell name: exact, case-insensitive, or PascalCase→snake_case."""
    snake = re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", name).lower()
    for candidate in (name, snake):
        if not candidate.startswith("_") and hasattr(obj, candidate):
            value = getattr(obj, candidate)
            if not callable(value) or isinstance(value, type):
                return value
    return MISSING


def get_member_or_missing(obj: Any, name: str) -> Any:
    if isinstance(obj, PSObject):
        if obj.has(name):
            return obj.get(name)
        return MISSING
    if isinstance(obj, dict):
        if name in obj:
            return obj[name]
        return _lookup(get_properties(obj), name)
    if isinstance(obj, str) and name.casefold() == "length":
        return len(obj)
    if isinstance(obj, (list, tuple)):
        found = _lookup(get_properties(obj), name)
        return found
    props = get_properties(obj)
    found = _lookup(props, name)
    if found is MISSING and not isinstance(obj, (str, int, float, bool, decimal.Decimal)):
        found = _python_attr(obj, name)
    return found


class PSPropertyInfo:
    """One entry of `$obj.PSObject.Properties`."""

    ps_type_names = ("System.Management.Automation.PSNoteProperty", "System.Management.Automation.PSPropertyInfo",
                     "System.Object")

    def __init__(self, owner: Any, name: str, value: Any) -> None:
        self.owner = owner
        self.Name = name
        self.Value = value

    def ps_properties(self) -> list[tuple[str, Any]]:
        kind = "NoteProperty" if isinstance(self.owner, PSObject) else "Property"
        return [("MemberType", kind), ("IsSettable", True), ("IsGettable", True), ("Value", self.Value),
                ("TypeNameOfValue", T.type_of(self.Value).full_name if self.Value is not None else "System.Object"),
                ("Name", self.Name), ("IsInstance", True)]

    def ps_to_string(self) -> str:
        return f"{T.type_of(self.Value).full_name if self.Value is not None else 'System.Object'} {self.Name}={to_string(self.Value)}"


class PropertyCollection(list):  # type: ignore[type-arg]
    """`$obj.PSObject.Properties`: enumerable, indexable by name, `.Add()`, `.Remove()`, `.Match()`."""

    def __init__(self, owner: Any) -> None:
        super().__init__(PSPropertyInfo(owner, n, v) for n, v in get_properties(owner))
        self.owner = owner

    def __getitem__(self, key: Any) -> Any:  # type: ignore[override]
        if isinstance(key, str):
            return next((p for p in self if p.Name.casefold() == key.casefold()), None)
        return list.__getitem__(self, key)

    def Add(self, prop: Any, *_: Any) -> None:  # noqa: N802
        if isinstance(self.owner, PSObject):
            self.owner.set(to_string(get_member(prop, "Name")), get_member(prop, "Value"))

    def Remove(self, name: Any) -> None:  # noqa: N802
        if isinstance(self.owner, PSObject):
            self.owner.remove(to_string(name))

    def Match(self, pattern: Any) -> list[Any]:  # noqa: N802
        from azskernel.runtime.operators import like

        return [p for p in self if like(p.Name, pattern)]


class PSObjectView:
    """`$obj.PSObject`: the adapter PowerShell wraps every value in."""

    ps_type_names = ("System.Management.Automation.PSObject", "System.Object")

    def __init__(self, target: Any) -> None:
        self.target = target

    def ps_properties(self) -> list[tuple[str, Any]]:
        names = type_names(self.target)
        if isinstance(self.target, PSObject):
            names = self.target.type_names
        return [("Properties", PropertyCollection(self.target)), ("TypeNames", names),
                ("BaseObject", self.target), ("ImmediateBaseObject", self.target),
                ("Members", PropertyCollection(self.target)), ("Methods", [])]

    def Copy(self) -> Any:  # noqa: N802
        if isinstance(self.target, PSObject):
            return PSObject(self.target.items(), self.target.type_names)
        return self.target


def get_member(obj: Any, name: str) -> Any:
    """`$obj.Name`: the property, member enumeration over collections, $null when absent."""
    if obj is None or obj is AutomationNull:
        # every value has the intrinsic Count/Length: $null has 0
        return 0 if name.casefold() in ("count", "length") else None
    if name.casefold() == "psobject":
        return PSObjectView(obj)
    found = get_member_or_missing(obj, name)
    if found is not MISSING:
        return found
    if is_enumerable(obj):
        results: list[Any] = []
        for item in obj:
            value = get_member(item, name) if not is_enumerable(item) else get_member(item, name)
            if value is None:
                if item is not None and get_member_or_missing(item, name) is not MISSING:
                    results.append(None)
                continue
            if is_enumerable(value):
                results.extend(value)
            else:
                results.append(value)
        if len(results) == 1:
            return results[0]
        return results if results else None
    if name.casefold() in ("count", "length"):
        return 1
    return None


def set_member(obj: Any, name: str, value: Any) -> None:
    """`$obj.Name = value`."""
    if obj is None:
        raise RuntimeException(
            f"The property '{name}' cannot be found on this object. Verify that the property exists and can be set.",
            error_id="PropertyAssignmentException", category=ErrorCategory.InvalidOperation,
        )
    if isinstance(obj, PSObject):
        if not obj.has(name):
            raise RuntimeException(
                f"The property '{name}' cannot be found on this object. Verify that the property exists and can be set.",
                error_id="PropertyAssignmentException", category=ErrorCategory.InvalidOperation,
            )
        obj.set(name, value)
        return
    if isinstance(obj, dict):
        obj[name] = value
        return
    if isinstance(obj, (list, tuple)):
        for item in obj:
            set_member(item, name, value)
        return
    snake = re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", name).lower()
    for candidate in (name, snake):
        if not candidate.startswith("_") and hasattr(obj, candidate) and not isinstance(obj, (str, int, float)):
            try:
                setattr(obj, candidate, value)
                return
            except (AttributeError, dataclasses.FrozenInstanceError):
                break
    raise RuntimeException(
        f"'{name}' is a ReadOnly property." if get_member_or_missing(obj, name) is not MISSING else
        f"The property '{name}' cannot be found on this object. Verify that the property exists and can be set.",
        error_id="PropertyAssignmentException", category=ErrorCategory.InvalidOperation,
    )


# ---------------------------------------------------------------- methods


def _no_method(obj: Any, name: str) -> MemberError:
    tname = T.type_of(obj).full_name if obj is not None else "null"
    return MemberError(
        f"Method invocation failed because [{tname}] does not contain a method named '{name}'.",
        error_id="MethodNotFound",
        target=obj,
    )


def method_exception(name: str, args: list[Any], message: str, exc_type: str = "System.Management.Automation.MethodInvocationException") -> RuntimeException:
    err = RuntimeException(
        f'Exception calling "{name}" with "{len(args)}" argument(s): "{message}"',
        error_id="MethodInvocationException" if exc_type.endswith("MethodInvocationException") else exc_type.rsplit(".", 1)[-1],
        category=ErrorCategory.NotSpecified,
    )
    err.record.exception_type = exc_type
    return err


def _string_comparison(args: list[Any], index: int) -> bool:
    """True when a StringComparison argument asks to ignore case."""
    if len(args) > index:
        text = to_string(args[index])
        return text.lower().endswith("ignorecase")
    return False


def _str_split(s: str, args: list[Any]) -> list[str]:
    if not args:
        return s.split() if False else re.split(r"[\s]", s) if s else [""]
    options = 0
    count = None
    seps_arg = args[0]
    rest = args[1:]
    for extra in rest:
        if isinstance(extra, EnumValue):
            options = extra.number
        elif isinstance(extra, int) and not isinstance(extra, bool):
            count = extra
        elif isinstance(extra, str):
            options = 1 if "removeemptyentries" in extra.lower() else 0
    if isinstance(seps_arg, (list, tuple)):
        seps = [to_string(x) for x in seps_arg]
    else:
        seps = [to_string(seps_arg)]
    if all(len(x) <= 1 for x in seps) and isinstance(seps_arg, (list, tuple)):
        pattern = "[" + "".join(re.escape(x) for x in seps if x) + "]" if any(seps) else None
    else:
        pattern = "|".join(re.escape(x) for x in sorted(seps, key=len, reverse=True) if x) or None
    if pattern is None:
        parts = [s]
    elif count is not None:
        parts = re.split(pattern, s, maxsplit=max(count - 1, 0)) if count > 0 else []
    else:
        parts = re.split(pattern, s)
    if options & 2:
        parts = [p.strip() for p in parts]
    if options & 1:
        parts = [p for p in parts if p != ""]
    return parts


def _trim_chars(args: list[Any]) -> str | None:
    if not args:
        return None
    chars = []
    for a in args:
        if isinstance(a, (list, tuple)):
            chars.extend(to_string(x) for x in a)
        else:
            chars.append(to_string(a))
    return "".join(chars)


def _call_string(s: str, lname: str, name: str, args: list[Any]) -> Any:
    n = len(args)
    if lname == "toupper" or lname == "toupperinvariant":
        return s.upper()
    if lname == "tolower" or lname == "tolowerinvariant":
        return s.lower()
    if lname == "trim":
        return s.strip(_trim_chars(args))
    if lname == "trimstart":
        return s.lstrip(_trim_chars(args))
    if lname == "trimend":
        return s.rstrip(_trim_chars(args))
    if lname == "split":
        return _str_split(s, args)
    if lname == "replace":
        old, new = to_string(args[0]), to_string(args[1]) if n > 1 else ""
        if old == "":
            raise method_exception(name, args, "String cannot be of zero length. (Parameter 'oldValue')")
        if n > 2 and to_bool(args[2]) or _string_comparison(args, 2):
            return re.sub(re.escape(old), lambda _m: new, s, flags=re.IGNORECASE)
        return s.replace(old, new)
    if lname == "contains":
        sub = to_string(args[0])
        return sub.casefold() in s.casefold() if _string_comparison(args, 1) else sub in s
    if lname == "startswith":
        sub = to_string(args[0])
        return s.casefold().startswith(sub.casefold()) if _string_comparison(args, 1) or (n > 1 and args[1] is True) else s.startswith(sub)
    if lname == "endswith":
        sub = to_string(args[0])
        return s.casefold().endswith(sub.casefold()) if _string_comparison(args, 1) or (n > 1 and args[1] is True) else s.endswith(sub)
    if lname in ("indexof", "lastindexof"):
        sub = to_string(args[0])
        hay, needle = (s.casefold(), sub.casefold()) if _string_comparison(args, n - 1) and n > 1 and isinstance(args[-1], (str, EnumValue)) and not isinstance(args[-1], T.PSChar) and "ignorecase" in to_string(args[-1]).lower() else (s, sub)
        start = args[1] if n > 1 and isinstance(args[1], int) and not isinstance(args[1], bool) else None
        if lname == "indexof":
            return hay.find(needle, start or 0)
        return hay.rfind(needle, 0, None if start is None else start + 1)
    if lname == "indexofany":
        chars = to_string(args[0]) if not isinstance(args[0], (list, tuple)) else "".join(to_string(c) for c in args[0])
        positions = [s.find(c) for c in chars if c in s]
        return min(positions) if positions else -1
    if lname == "substring":
        start = int(to_number(args[0]))
        if start > len(s) or start < 0:
            raise method_exception(name, args, "startIndex cannot be larger than length of string. (Parameter 'startIndex')")
        if n > 1:
            length = int(to_number(args[1]))
            if start + length > len(s) or length < 0:
                raise method_exception(name, args, "Index and length must refer to a location within the string. (Parameter 'length')")
            return s[start:start + length]
        return s[start:]
    if lname == "padleft":
        return s.rjust(int(to_number(args[0])), to_string(args[1]) if n > 1 else " ")
    if lname == "padright":
        return s.ljust(int(to_number(args[0])), to_string(args[1]) if n > 1 else " ")
    if lname == "insert":
        i = int(to_number(args[0]))
        return s[:i] + to_string(args[1]) + s[i:]
    if lname == "remove":
        i = int(to_number(args[0]))
        if n > 1:
            return s[:i] + s[i + int(to_number(args[1])):]
        return s[:i]
    if lname == "tochararray":
        return T.TypedArray([T.PSChar(c) for c in s], T.CHAR)
    if lname == "equals":
        other = args[0]
        if _string_comparison(args, 1):
            return isinstance(other, str) and s.casefold() == other.casefold()
        return isinstance(other, str) and s == other
    if lname == "compareto":
        other = to_string(args[0])
        return (s > other) - (s < other)
    if lname == "tostring":
        return s
    if lname == "normalize":
        import unicodedata

        return unicodedata.normalize("NFC", s)
    if lname == "getenumerator":
        return [T.PSChar(c) for c in s]
    if lname == "gethashcode":
        return hash(s) & 0x7FFFFFFF
    if lname == "chars":
        return T.PSChar(s[int(to_number(args[0]))])
    raise _no_method(s, name)


def _call_list(lst: Any, lname: str, name: str, args: list[Any]) -> Any:
    from azskernel.runtime.collections_ext import HashSet

    if isinstance(lst, HashSet):
        if lname == "add":
            return lst.add(args[0])
        if lname == "contains":
            return args[0] in lst
        if lname == "remove":
            if args[0] in lst:
                lst.remove(args[0])
                return True
            return False
        if lname == "unionwith":
            for x in as_list(args[0]):
                lst.add(x)
            return AutomationNull
    growable = isinstance(lst, T.ArrayList)
    if lname == "contains":
        return any(_loose_equal(x, args[0]) for x in lst)
    if lname == "indexof":
        for i, x in enumerate(lst):
            if _loose_equal(x, args[0]):
                return i
        return -1
    if lname in ("add", "remove", "removeat", "insert", "clear", "addrange", "removerange", "reverse", "sort", "toarray", "insertrange"):
        if lname == "toarray":
            return list(lst)
        if lname == "reverse" and not growable:
            lst.reverse()
            return AutomationNull
        if not growable:
            raise method_exception(name, args, "Collection was of a fixed size.", "System.Management.Automation.MethodInvocationException")
        if lname == "add":
            value = args[0]
            if lst.element is not None:
                value = convert_to(value, lst.element)
            lst.append(value)
            return len(lst) - 1 if lst.element is None else AutomationNull
        if lname == "addrange":
            lst.extend(as_list(args[0]))
            return AutomationNull
        if lname == "remove":
            for i, x in enumerate(lst):
                if _loose_equal(x, args[0]):
                    del lst[i]
                    return True if lst.element is not None else AutomationNull
            return False if lst.element is not None else AutomationNull
        if lname == "removeat":
            index = int(to_number(args[0]))
            if not 0 <= index < len(lst):
                raise method_exception(name, args, "Index was out of range. Must be non-negative and less than the size of the collection. (Parameter 'index')")
            del lst[index]
            return AutomationNull
        if lname == "removerange":
            start, count = int(to_number(args[0])), int(to_number(args[1]))
            del lst[start:start + count]
            return AutomationNull
        if lname == "insert":
            lst.insert(int(to_number(args[0])), args[1])
            return AutomationNull
        if lname == "insertrange":
            i = int(to_number(args[0]))
            lst[i:i] = as_list(args[1])
            return AutomationNull
        if lname == "clear":
            lst.clear()
            return AutomationNull
        if lname == "reverse":
            lst.reverse()
            return AutomationNull
        if lname == "sort":
            from azskernel.runtime.operators import compare_values

            import functools

            lst.sort(key=functools.cmp_to_key(compare_values))
            return AutomationNull
    if lname == "getvalue":
        return lst[int(to_number(args[0]))]
    if lname == "setvalue":
        lst[int(to_number(args[1]))] = args[0]
        return AutomationNull
    if lname == "clone":
        return type(lst)(lst) if not isinstance(lst, (T.ArrayList, T.TypedArray)) else (
            T.ArrayList(lst, lst.element) if isinstance(lst, T.ArrayList) else T.TypedArray(lst, lst.element))
    if lname == "tostring":
        return T.type_of(lst).full_name
    if lname == "getenumerator":
        return list(lst)
    if lname == "copyto":
        target = args[0]
        offset = int(to_number(args[1])) if len(args) > 1 else 0
        for i, x in enumerate(lst):
            target[offset + i] = x
        return AutomationNull
    raise _no_method(lst, name)


def _loose_equal(a: Any, b: Any) -> bool:
    from azskernel.runtime.operators import equals

    return equals(a, b, ignore_case=False)


def _call_dict(d: dict, lname: str, name: str, args: list[Any]) -> Any:  # type: ignore[type-arg]
    if lname in ("containskey", "contains"):
        return args[0] in d
    if lname == "containsvalue":
        return any(_loose_equal(v, args[0]) for v in d.values())
    if lname == "add":
        if args[0] in d:
            raise method_exception(
                name, args,
                f"Item has already been added. Key in dictionary: '{to_string(args[0])}'  Key being added: '{to_string(args[0])}'",
            )
        d[args[0]] = args[1] if len(args) > 1 else None
        return AutomationNull
    if lname == "remove":
        if args[0] in d:
            del d[args[0]]
        return AutomationNull
    if lname == "clear":
        d.clear()
        if isinstance(d, Hashtable):
            d._keys.clear()
        return AutomationNull
    if lname == "clone":
        return d.copy() if isinstance(d, Hashtable) else Hashtable(d.items())
    if lname == "getenumerator":
        return [DictionaryEntry(k, v) for k, v in d.items()]
    if lname == "tostring":
        return to_string(d)
    if lname == "get_item":
        return d.get(args[0])
    if lname == "set_item":
        d[args[0]] = args[1]
        return AutomationNull
    if lname == "trygetvalue":
        return args[0] in d
    raise _no_method(d, name)


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
    if lname == "toshortdatestring":
        return format_value(d, "MM/dd/yyyy")
    if lname == "tolongdatestring":
        return format_value(d, "dddd, dd MMMM yyyy")
    if lname == "toshorttimestring":
        return format_value(d, "HH:mm")
    if lname == "tolongtimestring":
        return format_value(d, "HH:mm:ss")
    if lname == "tofiletime" or lname == "tofiletimeutc":
        return int((d.replace(tzinfo=None) - _dt.datetime(1601, 1, 1)) / _dt.timedelta(microseconds=1)) * 10
    if lname == "compareto":
        return (d > args[0]) - (d < args[0])
    if lname == "equals":
        return d == args[0]
    raise _no_method(d, name)


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
        return _loose_equal(value, args[0]) and type(value) is type(args[0])
    if lname == "gethashcode":
        return hash(value) & 0x7FFFFFFF
    raise _no_method(value, name)


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
        raise _no_method(obj, name)
    if isinstance(obj, str):
        return _call_string(obj, lname, name, args)
    if isinstance(obj, bool):
        if lname == "tostring":
            return to_string(obj)
        if lname == "equals":
            return obj == args[0]
        raise _no_method(obj, name)
    if isinstance(obj, (int, float, decimal.Decimal)):
        return _call_number(obj, lname, name, args)
    if isinstance(obj, dict):
        return _call_dict(obj, lname, name, args)
    if isinstance(obj, (list, tuple)):
        return _call_list(obj, lname, name, args)
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
        raise _no_method(obj, name)
    if isinstance(obj, ErrorRecord):
        if lname == "tostring":
            return obj.message
        raise _no_method(obj, name)
    if isinstance(obj, T.DotNetException):
        if lname == "tostring":
            return f"{obj.type_name}: {obj.message}"
        if lname == "getbaseexception":
            inner = obj
            while inner.inner is not None:
                inner = inner.inner
            return inner
        raise _no_method(obj, name)
    if isinstance(obj, re.Pattern):
        from azskernel.runtime.statics import regex_instance_call

        return regex_instance_call(obj, lname, name, args)
    if lname == "tostring":
        if isinstance(obj, uuid.UUID) and args:
            fmt = to_string(args[0]).upper()
            text = str(obj)
            return {"N": text.replace("-", ""), "B": "{" + text + "}", "P": "(" + text + ")"}.get(fmt, text)
        return to_string(obj)
    if lname == "equals":
        return obj == args[0]
    if isinstance(obj, T.PSUri) and lname == "getleftpart":
        props = dict(_uri_properties(obj))
        return f"{props['Scheme']}://{props['Authority']}"
    # Python objects may expose methods by PowerShell name (PascalCase) or snake_case.
    snake = re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", name).lower()
    for candidate in (name, snake):
        if not candidate.startswith("_"):
            method = getattr(obj, candidate, None)
            if callable(method) and not isinstance(method, type):
                result = method(*args)
                return AutomationNull if result is None else result
    raise _no_method(obj, name)


def round_like_math(value: float, digits: int = 0) -> float:
    """[math]::Round: half to even."""
    if digits == 0:
        return float(round(value))
    q = decimal.Decimal(repr(value)).quantize(decimal.Decimal(1).scaleb(-digits), rounding=decimal.ROUND_HALF_EVEN)
    return float(q)


__all__ = [
    "DictionaryEntry", "MemberError", "PSObjectView", "RegexMatch", "call_method", "get_member", "get_properties",
    "method_exception", "round_like_math", "set_member", "type_names",
]
