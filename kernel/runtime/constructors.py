"""`[T]::new(args)` and `New-Object -TypeName T -ArgumentList …`: the constructors of the .NET types operator
scripts create (exceptions, collections, StringBuilder, Uri, Version, Guid, DateTime, TimeSpan, Regex,
ErrorRecord, PSCredential, …). Any other type is a RuntimeException naming it.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Any

from azskernel.runtime import pstypes as T
from azskernel.runtime.automation_types import PSTypeName, WildcardPattern
from azskernel.runtime.classes import ClassType
from azskernel.runtime.collections_ext import HashSet, SortedDictionary
from azskernel.runtime.conversion import as_list, convert_to, to_number, to_string
from azskernel.runtime.errors import ErrorCategory, RuntimeException
from azskernel.runtime.netrecords import RECORD_TYPES
from azskernel.runtime.static_system import IPAddress
from azskernel.runtime.static_text import ENCODING_TYPES, StringBuilder, new_encoding, regex_call, string_static
from azskernel.runtime.static_time import date_only_call, datetime_call, datetime_offset_call, time_only_call, timespan_call
from azskernel.runtime.values import Hashtable, OrderedHashtable, PSObject

if TYPE_CHECKING:
    from azskernel.runtime.interpreter import Interpreter


def construct(interp: Interpreter | None, type_: T.PSType, args: list[Any]) -> Any:
    if isinstance(type_, ClassType):
        return type_.definition.new(args)
    full = type_.full_name
    if full in RECORD_TYPES and not args:
        return RECORD_TYPES[full]()
    if full in ENCODING_TYPES:
        return new_encoding(full, args)
    if full == "System.Management.Automation.WildcardPattern" and args:
        return WildcardPattern(args[0], args[1] if len(args) > 1 else None)
    if full == "System.Management.Automation.PSTypeName" and len(args) == 1:
        return PSTypeName(args[0])
    if T.DotNetException in type_.py:
        message = to_string(args[0]) if args else f"Exception of type '{full}' was thrown."
        inner = args[1] if len(args) > 1 and isinstance(args[1], T.DotNetException) else None
        extra: dict[str, Any] = {}
        if full == "System.ArgumentNullException" and len(args) == 1:
            message = f"Value cannot be null. (Parameter '{to_string(args[0])}')"
            extra["ParamName"] = to_string(args[0])
        elif full in ("System.ArgumentException", "System.ArgumentOutOfRangeException") and len(args) >= 2 and isinstance(args[1], str):
            message = f"{to_string(args[0])} (Parameter '{args[1]}')"
            extra["ParamName"] = args[1]
        return T.DotNetException(full, message, inner, extra=extra)
    if full in ("System.Collections.ArrayList",) or full.startswith("System.Collections.Generic.List["):
        element = type_.generic_args[0] if type_.generic_args else None
        items = as_list(args[0]) if args and isinstance(args[0], (list, tuple)) else []
        return T.ArrayList(items, element)
    if full.startswith("System.Collections.Generic.HashSet["):
        return HashSet(as_list(args[0]) if args and isinstance(args[0], (list, tuple)) else (), type_.generic_args[0])
    if full.startswith("System.Collections.Generic.Dictionary["):
        return Hashtable()
    if full == "System.Collections.Hashtable":
        return Hashtable()
    if full == "System.Collections.Specialized.OrderedDictionary":
        return OrderedHashtable()
    if full == "System.Text.StringBuilder":
        return StringBuilder(args[0] if args else "")
    if full == "System.Uri":
        if len(args) == 2:
            from urllib.parse import urljoin

            return convert_to(urljoin(to_string(args[0]), to_string(args[1])), "uri")
        return convert_to(args[0], "uri")
    if full == "System.Version":
        if len(args) == 1:
            return convert_to(args[0], "version")
        return T.PSVersion(tuple(int(to_number(a)) for a in args))
    if full == "System.Guid":
        return convert_to(args[0], "guid") if args else uuid.UUID(int=0)
    if full == "System.DateTime":
        return datetime_call("new", args)
    if full == "System.TimeSpan":
        return timespan_call("new", args)
    if full == "System.Text.RegularExpressions.Regex":
        return regex_call("new", args)
    if full == "System.Management.Automation.PSCustomObject" or full == "System.Management.Automation.PSObject":
        return PSObject()
    if full == "System.Object":
        return PSObject(type_names=("System.Object",))
    if full == "System.String":
        return string_static("new", args)
    if full == "System.Management.Automation.ErrorRecord":
        from azskernel.runtime.errors import ErrorCategory as _C
        from azskernel.runtime.errors import ErrorRecord

        exc = args[0] if args else T.DotNetException("System.Exception", "")
        category = _C(to_string(args[2])) if len(args) > 2 and to_string(args[2]) in _C.__members__ else _C.NotSpecified
        record = ErrorRecord(message=to_string(getattr(exc, "message", exc)), error_id=to_string(args[1]) if len(args) > 1 else "",
                             category=category, target=args[3] if len(args) > 3 else None,
                             exception_type=getattr(exc, "type_name", "System.Exception"))
        if isinstance(exc, T.DotNetException):
            record.details["exception"] = exc
        return record
    if full == "System.Management.Automation.PSCredential":
        from azskernel.runtime.credentials import PSCredential, SecureString

        if len(args) == 2 and isinstance(args[1], SecureString):
            return PSCredential(to_string(args[0]), args[1])
        raise RuntimeException(
            'Cannot find an overload for "PSCredential" and the argument count: "' + str(len(args)) + '". '
            "Pass a user name and a SecureString (ConvertTo-SecureString).",
            error_id="ConstructorNotFound", category=ErrorCategory.InvalidArgument,
        )
    if full == "System.Security.SecureString":
        from azskernel.runtime.credentials import SecureString

        return SecureString("")
    if full == "System.DateTimeOffset":
        return datetime_offset_call("new", args)
    if full in ("System.DateOnly", "System.TimeOnly"):
        return (date_only_call if full == "System.DateOnly" else time_only_call)("new", args)
    if full == "System.Net.IPAddress":
        return IPAddress(to_string(args[0]))
    if full.startswith("System.Collections.Generic.SortedDictionary["):
        return SortedDictionary()
    if full == "System.Globalization.CultureInfo" and args:
        return convert_to(args[0], type_)
    if full in ("System.IO.FileInfo", "System.IO.DirectoryInfo") and len(args) == 1:
        return convert_to(to_string(args[0]), type_)
    if full in T.INTEGER_RANGES or full in ("System.Double", "System.Boolean", "System.Decimal", "System.Single"):
        return convert_to(0, type_)
    if full == "System.Char" and not args:
        return T.PSChar("\0")
    if type_.element is not None and len(args) == 1:  # new T[n]: n default values
        length = int(convert_to(args[0], "int"))
        default = construct(interp, type_.element, []) if type_.element.full_name in _DEFAULTABLE else None
        return T.TypedArray([default] * length, type_.element)
    raise RuntimeException(
        f"Cannot create an object of type [{full}]: its constructor is not supported by this shell.",
        error_id="ConstructorNotSupported", category=ErrorCategory.NotImplemented, target=full,
    )


_DEFAULTABLE = frozenset({*T.INTEGER_RANGES, "System.Double", "System.Single", "System.Boolean", "System.Decimal",
                          "System.Char"})
"""Value types whose arrays start filled with their default (0, false, [char]0); others start with $null."""


def new_instance(type_: T.PSType, args: list[Any]) -> Any:
    """`[T]::new(args)` for the command library's New-Object."""
    return construct(None, type_, list(args))


def new_object(interp: Interpreter | None, type_name: str, args: list[Any]) -> Any:
    """New-Object -TypeName X -ArgumentList …: the same constructors as `[X]::new(…)`."""
    return construct(interp, T.resolve_type(type_name), args)
