"""The adapted properties of built-in values, as .NET shows them to PowerShell: `get_properties(obj)` for
strings, arrays, hashtables, dates, time spans, URIs, versions, types, ErrorRecords and exceptions, and the
public attributes of Python objects; with the small .NET types they need (DictionaryEntry, Match).
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
import decimal
import re
import uuid
from typing import Any

from azskernel.runtime import pstypes as T
from azskernel.runtime.conversion import to_string
from azskernel.runtime.dotnetformat import format_datetime
from azskernel.runtime.enums import EnumValue
from azskernel.runtime.errors import ErrorRecord
from azskernel.runtime.values import AutomationNull, Hashtable, PSObject


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
    details = record.details
    reason = details.get("category_reason") or record.exception_type.rsplit(".", 1)[-1]
    target = record.target
    target_name = details.get("category_target_name") or (to_string(target) if target is not None else "")
    target_type = details.get("category_target_type") or (T.type_of(target).name if target is not None else "")
    activity = details.get("category_activity") or record.command_name or ""
    info = _TextPSObject([
        ("Category", record.category.value), ("Activity", activity), ("Reason", reason),
        ("TargetName", target_name), ("TargetType", target_type),
    ], ("System.Management.Automation.ErrorCategoryInfo", "System.Object"))
    info.text = f"{record.category.value}: ({target_name}:{target_type}) [{activity}], {reason}"
    return info


class _TextPSObject(PSObject):
    """A property bag with its own ToString() and GetMessage() (CategoryInfo)."""

    __slots__ = ("text",)

    def to_string_override(self) -> str:
        return self.text

    @property
    def ps_methods(self) -> dict[str, Any]:
        return {"getmessage": lambda *_: self.text}


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
        ("DayOfYear", d.timetuple().tm_yday), ("Hour", d.hour), ("Kind", _kind(d)),
        ("Millisecond", d.microsecond // 1000), ("Microsecond", d.microsecond % 1000), ("Nanosecond", 0),
        ("Minute", d.minute), ("Month", d.month), ("Second", d.second),
        ("Ticks", (d.replace(tzinfo=None) - _dt.datetime(1, 1, 1)) // _dt.timedelta(microseconds=1) * 10),
        ("TimeOfDay", d - d.replace(hour=0, minute=0, second=0, microsecond=0)), ("Year", d.year),
        ("DateTime", format_datetime(d, "F")),  # the ScriptProperty pwsh's types add: the long date and time
    ]


def _kind(d: _dt.datetime) -> Any:
    from azskernel.runtime.enums import find_enum

    kinds = find_enum("System.DateTimeKind")
    assert kinds is not None
    if d.tzinfo is None:
        return kinds.get("Unspecified")
    return kinds.get("Utc" if d.tzinfo is _dt.timezone.utc else "Local")


def _timespan_properties(t: _dt.timedelta) -> list[tuple[str, Any]]:
    ticks = t // _dt.timedelta(microseconds=1) * 10
    total_ms = ticks / 10_000
    sign = -1 if ticks < 0 else 1
    a = abs(ticks)
    return [
        ("Ticks", ticks), ("Days", sign * (a // 864_000_000_000)), ("Hours", sign * (a // 36_000_000_000 % 24)),
        ("Milliseconds", sign * (a // 10_000 % 1000)), ("Microseconds", sign * (a // 10 % 1000)),
        ("Nanoseconds", sign * (a % 10 * 100)), ("Minutes", sign * (a // 600_000_000 % 60)),
        ("Seconds", sign * (a // 10_000_000 % 60)), ("TotalDays", total_ms / 86_400_000),
        ("TotalHours", total_ms / 3_600_000), ("TotalMilliseconds", total_ms), ("TotalMicroseconds", ticks / 10),
        ("TotalNanoseconds", float(ticks * 100)), ("TotalMinutes", total_ms / 60_000), ("TotalSeconds", total_ms / 1000),
    ]


def uri_properties(u: T.PSUri) -> list[tuple[str, Any]]:
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


class HashtableCollection(list):  # type: ignore[type-arg]
    """A Hashtable's Keys or Values: the items, reporting .NET's nested collection type."""

    def __init__(self, items: list[Any], type_name: str) -> None:
        super().__init__(items)
        self.type_name = type_name

    @property
    def ps_type_names(self) -> tuple[str, ...]:
        return (self.type_name, "System.Object")


def _version_properties(v: T.PSVersion) -> list[tuple[str, Any]]:
    p = list(v.parts) + [-1] * (4 - len(v.parts))
    return [("Major", p[0]), ("Minor", p[1]), ("Build", p[2]), ("Revision", p[3]),
            ("MajorRevision", -1 if p[3] < 0 else p[3] >> 16), ("MinorRevision", -1 if p[3] < 0 else p[3] & 0xFFFF)]


_VALUE_TYPES = frozenset({*T.INTEGER_RANGES, "System.Double", "System.Single", "System.Decimal", "System.Boolean",
                          "System.Char", "System.DateTime", "System.TimeSpan", "System.Guid"})


def _base_type(t: T.PSType) -> T.PSType | None:
    """A type's BaseType: its PowerShell base class, System.Array, System.ValueType, System.Enum or System.Object."""
    if t.full_name == "System.Object":
        return None
    base = getattr(getattr(t, "definition", None), "base", None)  # a PowerShell class's base class
    if base is not None:
        return base  # type: ignore[no-any-return]
    name = ("System.Array" if t.is_array else "System.ValueType" if t.full_name in _VALUE_TYPES else
            "System.Enum" if getattr(t, "enum", None) is not None else "System.Object")
    return T.find_type(name) or T.PSType(name)


def _type_properties(t: T.PSType) -> list[tuple[str, Any]]:
    value_type = t.full_name in _VALUE_TYPES
    return [("Name", t.name), ("FullName", t.full_name), ("IsArray", t.is_array),
            ("Namespace", t.full_name.rsplit(".", 1)[0] if "." in t.full_name else ""),
            ("BaseType", _base_type(t)), ("IsPublic", True), ("IsClass", not value_type), ("IsValueType", value_type),
            ("IsSerializable", value_type or t.full_name in ("System.String", "System.Object"))]


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
        keys, values = list(obj.keys()), list(obj.values())
        if type(obj) is Hashtable:
            keys = HashtableCollection(keys, "System.Collections.Hashtable+KeyCollection")
            values = HashtableCollection(values, "System.Collections.Hashtable+ValueCollection")
        return [("IsReadOnly", False), ("IsFixedSize", False), ("IsSynchronized", False),
                ("Keys", keys), ("Values", values), ("SyncRoot", None), ("Count", len(obj))]
    if isinstance(obj, str):
        notes = getattr(obj, "ps_notes", None)  # a string with note properties (help's <parameterValue required=…>)
        return [("Length", len(obj)), *notes.items()] if notes else [("Length", len(obj))]
    if isinstance(obj, bool) or isinstance(obj, (int, float, decimal.Decimal)):
        return []
    if isinstance(obj, (list, tuple)):
        return [("Length", len(obj)), ("LongLength", len(obj)), ("Rank", 1), ("Count", len(obj)),
                ("IsReadOnly", False), ("IsFixedSize", not isinstance(obj, T.ArrayList)), ("IsSynchronized", False)]
    if isinstance(obj, _dt.datetime):
        own = getattr(obj, "ps_properties", None)  # DateTimeOffset
        return list(own()) if own is not None else _datetime_properties(obj)
    if isinstance(obj, _dt.timedelta):
        return _timespan_properties(obj)
    if isinstance(obj, uuid.UUID):
        return [("Guid", str(obj))]
    if isinstance(obj, T.PSUri):
        return uri_properties(obj)
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

