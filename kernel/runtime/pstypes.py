"""PowerShell type names and the small .NET-like value classes that have no plain Python equivalent.

`resolve_type("int")` turns a type literal's text into a `PSType` (full .NET name, short name, the Python
class that carries its values). `type_of(value)` answers `$x.GetType()`. Unknown types raise a
RuntimeException naming the type, as pwsh's "Unable to find type [X]." does.
"""

from __future__ import annotations

import contextvars
import datetime as _dt
import decimal
import re
import uuid
from dataclasses import dataclass, field
from typing import Any

from azskernel.language.lexicon import split_type_names
from azskernel.language.numbers import Single
from azskernel.runtime.errors import ErrorCategory, RuntimeException
from azskernel.runtime.values import Hashtable, OrderedHashtable, PSObject


class PSChar(str):
    """[char]: a one-character string that reports System.Char."""

    ps_type_names = ("System.Char", "System.ValueType", "System.Object")


class SwitchParameter:
    """[switch]: truthy when present; `.IsPresent`."""

    ps_type_names = ("System.Management.Automation.SwitchParameter", "System.ValueType", "System.Object")
    __slots__ = ("is_present",)

    def __init__(self, present: bool = False) -> None:
        self.is_present = bool(present)

    def __bool__(self) -> bool:
        return self.is_present

    def __eq__(self, other: object) -> bool:
        if isinstance(other, SwitchParameter):
            return self.is_present == other.is_present
        if isinstance(other, bool):
            return self.is_present == other
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self.is_present)

    def __repr__(self) -> str:
        return f"SwitchParameter({self.is_present})"


class ArrayList(list):  # type: ignore[type-arg]
    """System.Collections.ArrayList / List[T]: a growable list (Add returns the index)."""

    ps_type_names = ("System.Collections.ArrayList", "System.Object")

    def __init__(self, items: Any = (), element: PSType | None = None,
                 generic: str = "System.Collections.Generic.List") -> None:
        super().__init__(items)
        self.element = element
        self.generic = generic
        """The generic collection type it stands for when typed (List[T], ObjectModel.Collection[T])."""


class TypedArray(list):  # type: ignore[type-arg]
    """A typed .NET array such as string[] or int[]; a plain list is object[]."""

    def __init__(self, items: Any, element: PSType) -> None:
        super().__init__(items)
        self.element = element


@dataclass(frozen=True)
class PSVersion:
    parts: tuple[int, ...]

    ps_type_names = ("System.Version", "System.Object")

    def __str__(self) -> str:
        return ".".join(str(p) for p in self.parts)

    def __lt__(self, other: PSVersion) -> bool:
        return self.parts < other.parts

    def __le__(self, other: PSVersion) -> bool:
        return self.parts <= other.parts

    def __gt__(self, other: PSVersion) -> bool:
        return self.parts > other.parts

    def __ge__(self, other: PSVersion) -> bool:
        return self.parts >= other.parts


@dataclass(frozen=True)
class PSUri:
    text: str

    ps_type_names = ("System.Uri", "System.Object")

    def __str__(self) -> str:
        return self.text


@dataclass
class DotNetException:
    """A .NET exception object: what `$_.Exception` is and what `[XException]::new(...)` makes."""

    type_name: str
    message: str
    inner: DotNetException | None = None
    error_record: Any = None
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def ps_type_names(self) -> tuple[str, ...]:
        chain = [self.type_name]
        for base in EXCEPTION_BASES.get(self.type_name, ("System.Exception",)):
            if base not in chain:
                chain.append(base)
        if "System.Exception" not in chain:
            chain.append("System.Exception")
        chain.append("System.Object")
        return tuple(chain)

    def __str__(self) -> str:
        return self.message


EXCEPTION_BASES: dict[str, tuple[str, ...]] = {
    "System.Management.Automation.RuntimeException": ("System.SystemException", "System.Exception"),
    "System.Management.Automation.CommandNotFoundException": (
        "System.Management.Automation.RuntimeException", "System.SystemException", "System.Exception"),
    "System.Management.Automation.ParameterBindingException": (
        "System.Management.Automation.RuntimeException", "System.SystemException", "System.Exception"),
    "System.Management.Automation.ParameterBindingValidationException": (
        "System.Management.Automation.ParameterBindingException",
        "System.Management.Automation.RuntimeException", "System.SystemException", "System.Exception"),
    "System.Management.Automation.CmdletInvocationException": (
        "System.Management.Automation.RuntimeException", "System.SystemException", "System.Exception"),
    "System.Management.Automation.ActionPreferenceStopException": (
        "System.Management.Automation.RuntimeException", "System.SystemException", "System.Exception"),
    "System.Management.Automation.PSInvalidCastException": (
        "System.InvalidCastException", "System.SystemException", "System.Exception"),
    "System.Management.Automation.SetValueInvocationException": (
        "System.Management.Automation.SetValueException", "System.Management.Automation.RuntimeException",
        "System.SystemException", "System.Exception"),
    "System.Management.Automation.MethodInvocationException": (
        "System.Management.Automation.RuntimeException", "System.SystemException", "System.Exception"),
    "System.Management.Automation.ItemNotFoundException": (
        "System.Management.Automation.SessionStateException",
        "System.Management.Automation.RuntimeException", "System.SystemException", "System.Exception"),
    "System.DivideByZeroException": ("System.ArithmeticException", "System.SystemException", "System.Exception"),
    "System.ArgumentNullException": ("System.ArgumentException", "System.SystemException", "System.Exception"),
    "System.ArgumentOutOfRangeException": ("System.ArgumentException", "System.SystemException", "System.Exception"),
    "System.ArgumentException": ("System.SystemException", "System.Exception"),
    "System.InvalidOperationException": ("System.SystemException", "System.Exception"),
    "System.NotSupportedException": ("System.SystemException", "System.Exception"),
    "System.NotImplementedException": ("System.SystemException", "System.Exception"),
    "System.FormatException": ("System.SystemException", "System.Exception"),
    "System.IO.IOException": ("System.SystemException", "System.Exception"),
    "System.IO.FileNotFoundException": ("System.IO.IOException", "System.SystemException", "System.Exception"),
    "System.IO.DirectoryNotFoundException": ("System.IO.IOException", "System.SystemException", "System.Exception"),
    "System.UnauthorizedAccessException": ("System.SystemException", "System.Exception"),
    "System.TimeoutException": ("System.SystemException", "System.Exception"),
    "System.Net.WebException": ("System.InvalidOperationException", "System.SystemException", "System.Exception"),
    "Microsoft.PowerShell.Commands.HttpResponseException": ("System.Net.Http.HttpRequestException", "System.Exception"),
    "Microsoft.PowerShell.Commands.WriteErrorException": ("System.SystemException", "System.Exception"),
}


class _NullLike:
    """A singleton that is not $null to `??` and `-is`, but converts to an empty string ([DBNull]::Value,
    [NullString]::Value). Members added to it stay on the singleton (`_ps_notes`), as pwsh's instance members do."""

    __slots__ = ("_ps_notes",)
    ps_type_names: tuple[str, ...] = ()

    def __bool__(self) -> bool:
        return False

    def ps_to_string(self) -> str:
        return ""

    def __repr__(self) -> str:
        return self.ps_type_names[0]


class DBNullValue(_NullLike):
    __slots__ = ()
    ps_type_names = ("System.DBNull", "System.Object")


class NullStringValue(_NullLike):
    """[NullString]::Value: what a [string] parameter of a .NET method receives as a real null."""

    __slots__ = ()
    ps_type_names = ("System.Management.Automation.Language.NullString", "System.Object")


DBNULL = DBNullValue()
NULLSTRING = NullStringValue()


class ScriptBlockLike:
    """Marker base for the interpreter's ScriptBlock, so conversion can recognise it without importing it."""

    ps_type_names = ("System.Management.Automation.ScriptBlock", "System.Object")


@dataclass(frozen=True)
class PSType:
    """A .NET type as a type literal names it: `[int]`, `[string[]]`, `[System.IO.Path]`."""

    full_name: str
    py: tuple[type, ...] = ()
    element: PSType | None = None
    generic_args: tuple[PSType, ...] = ()

    ps_type_names = ("System.RuntimeType", "System.Type", "System.Object")

    @property
    def name(self) -> str:
        if self.generic_args:
            return self.full_name.split("[", 1)[0].rsplit(".", 1)[-1] + f"`{len(self.generic_args)}"
        return self.full_name.rsplit(".", 1)[-1]

    @property
    def is_array(self) -> bool:
        return self.element is not None

    def __str__(self) -> str:
        return self.full_name


def _t(full: str, *py: type) -> PSType:
    return PSType(full, py)


OBJECT = _t("System.Object", object)
STRING = _t("System.String", str)
CHAR = _t("System.Char", PSChar)
BOOL = _t("System.Boolean", bool)
INT = _t("System.Int32", int)
LONG = _t("System.Int64", int)
BYTE = _t("System.Byte", int)
SBYTE = _t("System.SByte", int)
SHORT = _t("System.Int16", int)
USHORT = _t("System.UInt16", int)
UINT = _t("System.UInt32", int)
ULONG = _t("System.UInt64", int)
BIGINT = _t("System.Numerics.BigInteger", int)
DOUBLE = _t("System.Double", float)
SINGLE = _t("System.Single", float)
DECIMAL = _t("System.Decimal", decimal.Decimal)
DATETIME = _t("System.DateTime", _dt.datetime)
TIMESPAN = _t("System.TimeSpan", _dt.timedelta)
GUID = _t("System.Guid", uuid.UUID)
URI = _t("System.Uri", PSUri)
VERSION = _t("System.Version", PSVersion)
REGEX = _t("System.Text.RegularExpressions.Regex", re.Pattern)
HASHTABLE = _t("System.Collections.Hashtable", Hashtable)
ORDERED = _t("System.Collections.Specialized.OrderedDictionary", OrderedHashtable)
PSCUSTOMOBJECT = _t("System.Management.Automation.PSCustomObject", PSObject)
PSOBJECT = _t("System.Management.Automation.PSObject", object)
SCRIPTBLOCK = _t("System.Management.Automation.ScriptBlock", ScriptBlockLike)
SWITCH = _t("System.Management.Automation.SwitchParameter", SwitchParameter)
VOID = _t("System.Void")
TYPE = _t("System.Type", PSType)
ARRAYLIST = _t("System.Collections.ArrayList", ArrayList)
OBJECT_ARRAY = PSType("System.Object[]", (list, tuple), OBJECT)
ARRAY = PSType("System.Array", (list, tuple), OBJECT)
EXCEPTION = _t("System.Exception", DotNetException)
ERRORRECORD = _t("System.Management.Automation.ErrorRecord")
SECURESTRING = _t("System.Security.SecureString")
PSCREDENTIAL = _t("System.Management.Automation.PSCredential")
XML = _t("System.Xml.XmlDocument")
REF = _t("System.Management.Automation.PSReference")

INTEGER_RANGES: dict[str, tuple[int, int]] = {
    "System.Int32": (-(2**31), 2**31 - 1),
    "System.Int64": (-(2**63), 2**63 - 1),
    "System.Byte": (0, 255),
    "System.SByte": (-128, 127),
    "System.Int16": (-(2**15), 2**15 - 1),
    "System.UInt16": (0, 2**16 - 1),
    "System.UInt32": (0, 2**32 - 1),
    "System.UInt64": (0, 2**64 - 1),
    "System.IntPtr": (-(2**63), 2**63 - 1),
}

_SIMPLE: dict[str, PSType] = {}


def _alias(t: PSType, *names: str) -> None:
    for n in (t.full_name, *names):
        _SIMPLE[n.casefold()] = t
        if n.lower().startswith("system."):
            _SIMPLE[n[7:].casefold()] = t


def register_type(t: PSType, *names: str) -> None:
    """Make a type another runtime module defines findable by its full name (and the short names given)."""
    _alias(t, *names)


_alias(OBJECT, "object")
_alias(STRING, "string")
_alias(CHAR, "char")
_alias(BOOL, "bool", "boolean")
_alias(INT, "int", "int32")
_alias(LONG, "long", "int64")
_alias(BYTE, "byte")
_alias(SBYTE, "sbyte")
_alias(SHORT, "short", "int16")
_alias(USHORT, "ushort", "uint16")
_alias(UINT, "uint", "uint32")
_alias(ULONG, "ulong", "uint64")
_alias(BIGINT, "bigint")
_alias(_t("System.IntPtr", int), "intptr")
_alias(DOUBLE, "double")
_alias(SINGLE, "float", "single")
_alias(DECIMAL, "decimal")
_alias(DATETIME, "datetime")
_alias(TIMESPAN, "timespan")
_alias(GUID, "guid")
_alias(URI, "uri")
_alias(VERSION, "version")
_alias(REGEX, "regex")
_alias(HASHTABLE, "hashtable")
_alias(ORDERED, "ordered")
_alias(PSCUSTOMOBJECT, "pscustomobject")
_alias(PSOBJECT, "psobject")
_alias(SCRIPTBLOCK, "scriptblock")
_alias(SWITCH, "switch")
_alias(VOID, "void")
_alias(TYPE, "type")
_alias(ARRAYLIST, "arraylist")
_alias(ARRAY, "array")
_alias(EXCEPTION, "exception")
_alias(ERRORRECORD, "errorrecord", "System.Management.Automation.ErrorRecord")
_alias(SECURESTRING, "securestring")
_alias(PSCREDENTIAL, "pscredential")
_alias(XML, "xml")
_alias(REF, "ref")
_alias(_t("System.DBNull", DBNullValue), "dbnull")
_alias(_t("System.Globalization.CultureInfo"), "cultureinfo")
_alias(_t("System.Enum"), "enum")
_alias(_t("System.DateTimeOffset"), "datetimeoffset")
_alias(_t("System.DateOnly"), "dateonly")
_alias(_t("System.TimeOnly"), "timeonly")
_alias(_t("System.Net.IPAddress"), "ipaddress")
for _io in ("System.IO.FileInfo", "System.IO.DirectoryInfo", "System.IO.FileSystemInfo",
            "System.Management.Automation.PathInfo", "System.Management.Automation.PSDriveInfo",
            "System.Management.Automation.ProviderInfo", "Microsoft.PowerShell.Commands.MatchInfo",
            "Microsoft.PowerShell.Commands.GroupInfo"):
    _alias(_t(_io))
_alias(_t("System.Management.Automation.Language.NullString", NullStringValue), "nullstring")
_alias(_t("System.Management.Automation.Internal.AutomationNull"))
for _interface in ("System.Collections.IEnumerator", "System.Collections.IDictionaryEnumerator"):
    _alias(_t(_interface))  # what GetEnumerator returns is one (`-is`, enumerators.py)
for _encoding in ("System.Text.UTF8Encoding", "System.Text.UnicodeEncoding", "System.Text.UTF32Encoding",
                  "System.Text.ASCIIEncoding"):
    _alias(_t(_encoding))

# Types used only for their static members (the interpreter's statics module knows their members).
STATIC_ONLY = (
    "System.Math", "System.Convert", "System.Environment", "System.IO.Path", "System.IO.File",
    "System.IO.Directory", "System.Text.Encoding", "System.Management.Automation.ActionPreference",
    "System.StringSplitOptions", "System.StringComparison", "System.DateTimeKind", "System.Net.WebUtility",
    "System.Web.HttpUtility", "System.Uri", "System.BitConverter", "System.Threading.Thread",
    "System.Collections.Generic.List", "System.Collections.Generic.HashSet",
    "System.Collections.Generic.Dictionary", "System.Text.StringBuilder", "System.Console",
    "System.Management.Automation.ErrorCategory", "System.IO.SearchOption", "System.ConsoleColor",
    "System.Net.ServicePointManager", "System.Net.SecurityProtocolType", "System.Array", "System.Reflection.Assembly",
    "System.Management.Automation.CommandTypes", "System.Management.Automation.Cmdlet",
    "System.Management.Automation.PSCmdlet", "System.Management.Automation.LanguagePrimitives",
)
for _full in STATIC_ONLY:
    if _full.casefold() not in _SIMPLE:
        _alias(_t(_full))
_SIMPLE["math"] = _SIMPLE["system.math"]
_SIMPLE["actionpreference"] = _SIMPLE["system.management.automation.actionpreference"]
_SIMPLE["stringbuilder"] = _SIMPLE["system.text.stringbuilder"]

for _exc in EXCEPTION_BASES:
    _alias(_t(_exc, DotNetException))
    _SIMPLE[_exc.rsplit(".", 1)[-1].casefold()] = _SIMPLE[_exc.casefold()]
for _extra in ("System.ArithmeticException", "System.SystemException", "System.InvalidCastException",
               "System.Net.Http.HttpRequestException", "System.OverflowException",
               "System.Management.Automation.SessionStateException",
               "System.Management.Automation.PipelineStoppedException"):
    _alias(_t(_extra, DotNetException))
    _SIMPLE.setdefault(_extra.rsplit(".", 1)[-1].casefold(), _SIMPLE[_extra.casefold()])

def _register_enums() -> None:
    """Every .NET enum enums.py knows resolves by full name, without `System.`, and by short name."""
    from azskernel.runtime.enums import ENUM_LIST

    for enum_type in ENUM_LIST:
        full = enum_type.full_name
        if full.casefold() not in _SIMPLE:
            _alias(_t(full))
        _SIMPLE.setdefault(full.rsplit(".", 1)[-1].casefold(), _SIMPLE[full.casefold()])


_register_enums()

_GENERIC_RE = re.compile(r"^(?P<base>[^\[\]]+)\[(?P<args>.+)\]$")


def _without_assembly(text: str) -> str:
    """`System.Int32, System.Private.CoreLib` (an assembly-qualified name): the type name before the first comma
    outside brackets; generic arguments keep theirs (`List[string], mscorlib` -> `List[string]`)."""
    return split_type_names(text)[0]


def resolve_type(name: str) -> PSType:
    """The PSType a type literal names; RuntimeException 'Unable to find type [name].' otherwise."""
    found = find_type(name)
    if found is None:
        raise RuntimeException(
            f"Unable to find type [{name}].",
            error_id="TypeNotFound",
            category=ErrorCategory.InvalidOperation,
            target=name,
        )
    return found


SESSION_TYPES: contextvars.ContextVar[dict[str, PSType] | None] = contextvars.ContextVar("azs_session_types", default=None)
"""The types a running session's scripts defined (`class`, `enum`), by folded name; the session sets it while it
runs, so a type literal anywhere in the run (casts, -is, New-Object, parameters) finds them."""


def find_type(name: str) -> PSType | None:
    text = name.strip()
    if text.startswith("[") and text.endswith("]") and text.count("[") == text.count("]"):
        text = text[1:-1].strip()  # "[int]" as text names the type too (pwsh's string-to-Type conversion)
    if "," in text:
        text = _without_assembly(text)
    defined = SESSION_TYPES.get()
    if defined:
        found = defined.get(text.casefold())
        if found is not None:
            return found
    if text.endswith("[]"):
        inner = find_type(text[:-2])
        if inner is None:
            return None
        if inner is OBJECT:
            return OBJECT_ARRAY
        return PSType(inner.full_name + "[]", (list, tuple), inner)
    simple = _SIMPLE.get(text.casefold())
    if simple is not None:
        return simple
    match = _GENERIC_RE.match(text)
    if match:
        base = match.group("base").strip()
        args = [find_type(a) for a in split_type_names(match.group("args"))]
        if any(a is None for a in args):
            return None
        base_fold = base.casefold().removeprefix("system.").removeprefix("collections.generic.")
        full = {
            "list": "System.Collections.Generic.List",
            "collections.objectmodel.collection": "System.Collections.ObjectModel.Collection",
            "hashset": "System.Collections.Generic.HashSet",
            "dictionary": "System.Collections.Generic.Dictionary",
            "sorteddictionary": "System.Collections.Generic.SortedDictionary",
            "nullable": "System.Nullable",
            "func": "System.Func",
            "action": "System.Action",
        }.get(base_fold)
        if full is None:
            return None
        gargs = tuple(a for a in args if a is not None)
        if full == "System.Nullable":
            return gargs[0]
        inner = ",".join(a.full_name for a in gargs)
        return PSType(f"{full}[{inner}]", (), None, gargs)
    return None


def type_of(value: Any) -> PSType:
    """`$value.GetType()`."""
    if value is None:
        raise RuntimeException(
            "You cannot call a method on a null-valued expression.",
            error_id="InvokeMethodOnNull",
            category=ErrorCategory.InvalidOperation,
        )
    if isinstance(value, bool):
        return BOOL
    if isinstance(value, int):
        sized = getattr(type(value), "dotnet", None)  # a SizedInt: Int64, Byte, ... (language/numbers.py)
        if sized is not None:
            return _SIMPLE[sized.casefold()]
        if INTEGER_RANGES["System.Int32"][0] <= value <= INTEGER_RANGES["System.Int32"][1]:
            return INT
        if INTEGER_RANGES["System.Int64"][0] <= value <= INTEGER_RANGES["System.Int64"][1]:
            return LONG
        return BIGINT
    if isinstance(value, float):
        return SINGLE if type(value) is Single else DOUBLE
    if isinstance(value, decimal.Decimal):
        return DECIMAL
    if isinstance(value, PSChar):
        return CHAR
    if isinstance(value, str):
        return STRING
    if isinstance(value, TypedArray):
        return PSType(value.element.full_name + "[]", (list,), value.element)
    if isinstance(value, ArrayList):
        if value.element is not None:
            return PSType(f"{value.generic}[{value.element.full_name}]", (), None, (value.element,))
        return ARRAYLIST
    if isinstance(value, (list, dict, _dt.datetime)):
        own = getattr(value, "ps_type_names", None)  # a HashSet, a SortedDictionary, a DateTimeOffset
        if own:
            return find_type(own[0]) or PSType(own[0])
    if isinstance(value, (list, tuple)):
        return OBJECT_ARRAY
    if isinstance(value, OrderedHashtable):
        return ORDERED
    if isinstance(value, Hashtable):
        return HASHTABLE
    if isinstance(value, PSObject):
        return find_type(value.type_names[0]) or PSType(value.type_names[0])
    if isinstance(value, _dt.datetime):
        return DATETIME
    if isinstance(value, _dt.timedelta):
        return TIMESPAN
    if isinstance(value, uuid.UUID):
        return GUID
    if isinstance(value, re.Pattern):
        return REGEX
    if isinstance(value, PSType):
        return PSType("System.RuntimeType")
    names = getattr(value, "ps_type_names", None)
    if names:
        return find_type(names[0]) or PSType(names[0])
    return PSType(f"{type(value).__module__}.{type(value).__qualname__}")
