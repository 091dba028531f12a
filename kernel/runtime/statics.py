"""Static members and constructors of the .NET types operator scripts use: `[math]::Round`, `[string]::Join`,
`[datetime]::UtcNow`, `[guid]::NewGuid()`, `[System.IO.Path]::Combine`, `[Environment]::NewLine`, `[uri]`,
`[version]`, `[convert]`, `[regex]`, `[IO.File]`, `[Text.Encoding]`, enums, `[T]::new(...)`.

The members of each family of types live in static_math.py, static_text.py, static_time.py and
static_system.py, the constructors in constructors.py; this module routes `[T]::Member` to them and keeps
the process-wide settings scripts may assign.

Anything else is a RuntimeException naming the type and member (pwsh: "Method invocation failed because
[T] does not contain a method named 'M'.").
"""

from __future__ import annotations

import math
import os
import re
import uuid
from typing import TYPE_CHECKING, Any

from azskernel.runtime import pstypes as T
from azskernel.runtime.constructors import construct, new_instance, new_object
from azskernel.runtime.conversion import as_list, convert_to, format_double, to_number, to_string
from azskernel.runtime.classes import ClassType
from azskernel.runtime.enums import EnumValue, find_enum
from azskernel.runtime.errors import ErrorCategory, RuntimeException
from azskernel.runtime.method_errors import method_exception
from azskernel.runtime.method_values import static_method_value
from azskernel.runtime.static_math import char_static, math_static, number_static
from azskernel.runtime.static_system import (
    directory_static,
    environment_call,
    environment_member,
    file_static,
    path_static,
)
from azskernel.runtime.static_text import (
    ENCODINGS,
    Encoding,
    StringBuilder,
    convert_static,
    regex_call,
    regex_instance_call,
    string_static,
)
from azskernel.runtime.static_time import datetime_call, datetime_member, timespan_call
from azskernel.runtime.values import AutomationNull

if TYPE_CHECKING:
    from azskernel.runtime.interpreter import Interpreter


def _no_static(type_: T.PSType, name: str, method: bool = True) -> RuntimeException:
    if method:
        return RuntimeException(
            f"Method invocation failed because [{type_.full_name}] does not contain a method named '{name}'.",
            error_id="MethodNotFound", category=ErrorCategory.InvalidOperation, target=name,
        )
    return RuntimeException(
        f"The static member '{name}' of [{type_.full_name}] is not supported by this shell.",
        error_id="StaticMemberNotSupported", category=ErrorCategory.NotImplemented, target=name,
    )


def get_static(target: Any, name: str) -> Any:
    """`[Type]::Member` (a property or field)."""
    type_ = _type_operand(target)
    method = static_method_value(type_, name)
    if method is not None:
        return method
    if isinstance(type_, ClassType):
        return type_.definition.get_static(name)
    lname = name.casefold()
    return _static(None, type_, lname, name, None)


def call_static(interp: Interpreter | None, target: Any, name: str, args: list[Any],
                type_args: list[T.PSType] | None = None) -> Any:
    """`[T]::Name(args)`; `type_args` are a generic method's (`[array]::Empty[int]()`)."""
    type_ = _type_operand(target)
    lname = name.casefold()
    if type_args and lname == "empty" and type_.full_name == "System.Array" and not args:
        return T.TypedArray([], type_args[0])
    if isinstance(type_, ClassType):
        if lname == "new":
            return type_.definition.new(args)
        return type_.definition.call_static(name, args)
    if lname == "new":
        return construct(interp, type_, args)
    return _static(interp, type_, lname, name, args)


# Process-wide settings scripts assign before calling web services; TLS is always verified here, so they are
# remembered (and read back) but change nothing.
_SETTABLE: dict[tuple[str, str], Any] = {
    ("system.net.servicepointmanager", "securityprotocol"): None,
    ("system.net.servicepointmanager", "servercertificatevalidationcallback"): None,
    ("system.net.servicepointmanager", "expect100continue"): True,
    ("system.net.servicepointmanager", "defaultconnectionlimit"): 2,
    ("system.net.servicepointmanager", "checkcertificaterevocationlist"): False,
}


def set_static(target: Any, name: str, value: Any) -> None:
    type_ = _type_operand(target)
    if isinstance(type_, ClassType):
        type_.definition.set_static(name, value)
        return
    key = (type_.full_name.casefold(), name.casefold())
    if key in _SETTABLE:
        _SETTABLE[key] = value
        return
    if type_.full_name == "System.Environment" and name.casefold() == "currentdirectory":
        os.chdir(to_string(value))
        return
    raise RuntimeException(f"'{name}' is a ReadOnly property.", error_id="PropertyAssignmentException",
                           category=ErrorCategory.InvalidOperation)


_NULL_SINGLETONS: dict[str, Any] = {
    "System.DBNull": T.DBNULL, "System.Management.Automation.Language.NullString": T.NULLSTRING,
    "System.Management.Automation.Internal.AutomationNull": AutomationNull,
}


def _type_operand(target: Any) -> T.PSType:
    if isinstance(target, T.PSType):
        return target
    if target is None:
        raise RuntimeException("You cannot call a method on a null-valued expression.", error_id="InvokeMethodOnNull",
                               category=ErrorCategory.InvalidOperation)
    return T.type_of(target)


def _static(interp: Interpreter | None, type_: T.PSType, lname: str, name: str, args: list[Any] | None) -> Any:
    full = type_.full_name
    is_call = args is not None
    a = args or []
    if not is_call and (full.casefold(), lname) in _SETTABLE:
        return _SETTABLE[(full.casefold(), lname)]
    enum_type = find_enum(full)
    try:
        if enum_type is not None:
            if is_call and lname in ("parse", "getnames", "getvalues"):
                if lname == "getnames":
                    return [m for m, _ in enum_type.members]
                if lname == "getvalues":
                    return [EnumValue(enum_type.full_name, m, n) for m, n in enum_type.members]
                return enum_type.convert(a[-1])
            value = enum_type.get(name)
            if value is not None:
                return value
            raise KeyError(name)
        if lname == "value" and not is_call and full in _NULL_SINGLETONS:
            return _NULL_SINGLETONS[full]
        if full in ("System.Management.Automation.Cmdlet", "System.Management.Automation.PSCmdlet") and not is_call:
            from azskernel.runtime.cmdlet import COMMON_PARAMETERS, SHOULD_PROCESS_PARAMETERS

            return {"commonparameters": list(COMMON_PARAMETERS),
                    "optionalcommonparameters": [*SHOULD_PROCESS_PARAMETERS, "UseTransaction"]}[lname]
        if full == "System.Enum" and is_call:
            from azskernel.runtime.enums import enum_static

            return enum_static(lname, a)
        if full == "System.Management.Automation.WildcardPattern" and is_call:
            from azskernel.runtime.automation_types import wildcard_static

            return wildcard_static(lname, a)
        if full == "System.Management.Automation.LanguagePrimitives" and is_call:
            from azskernel.runtime.automation_types import language_primitives_static

            return language_primitives_static(lname, a)
        if full == "System.Net.IPAddress":
            from azskernel.runtime.static_system import ipaddress_static

            return ipaddress_static(lname, a)
        if full == "System.DateTimeOffset":
            from azskernel.runtime.static_time import datetime_offset_call

            return datetime_offset_call(lname, a)
        if full in ("System.Double", "System.Single") and not is_call and lname in ("nan", "positiveinfinity",
                                                                                     "negativeinfinity", "epsilon"):
            value = {"nan": math.nan, "positiveinfinity": math.inf, "negativeinfinity": -math.inf,
                     "epsilon": 5e-324 if full == "System.Double" else 1.401298464324817e-45}[lname]
            return convert_to(value, type_)
        if full == "System.Globalization.CultureInfo":
            from azskernel.runtime.culture import culture, culture_static

            if is_call and lname in ("getcultureinfo", "createspecificculture"):
                return culture(a[0])
            return culture_static(lname)
        if full == "System.Management.Automation.ScriptBlock" and lname == "create" and interp is not None:
            return interp.create_scriptblock(to_string(a[0]))
        if full == "System.Math":
            if not is_call:
                return {"pi": math.pi, "e": math.e, "tau": math.tau}[lname]
            return math_static(lname, a)
        if full == "System.String":
            if lname == "empty":
                return ""
            return string_static(lname, a)
        if full == "System.IO.Path":
            if not is_call:
                return {"directoryseparatorchar": T.PSChar(os.sep), "altdirectoryseparatorchar": T.PSChar("/"),
                        "pathseparator": T.PSChar(os.pathsep), "volumeseparatorchar": T.PSChar("/")}[lname]
            return path_static(lname, a)
        if full == "System.IO.File":
            return file_static(lname, a)
        if full == "System.IO.Directory":
            return directory_static(lname, a)
        if full == "System.Convert":
            return convert_static(lname, a)
        if full == "System.Environment":
            return environment_call(lname, a) if is_call else environment_member(lname)
        if full == "System.DateTime":
            return datetime_call(lname, a) if is_call else datetime_member(lname)
        if full == "System.TimeSpan":
            return timespan_call(lname, a)
        if full == "System.Guid":
            if lname == "newguid":
                return uuid.uuid4()
            if lname == "empty":
                return uuid.UUID(int=0)
            if lname in ("parse",):
                return convert_to(a[0], "guid")
            if lname == "tryparse":
                try:
                    convert_to(a[0], "guid")
                    return True
                except RuntimeException:
                    return False
        if full == "System.Uri":
            from urllib.parse import quote, unquote

            if lname == "escapedatastring":
                return quote(to_string(a[0]), safe="-_.~")
            if lname == "unescapedatastring":
                return unquote(to_string(a[0]))
            if lname == "escapeuristring":
                return quote(to_string(a[0]), safe="-_.~:/?#[]@!$&'()*+,;=%")
            if lname == "iswellformeduristring":
                return re.match(r"^[a-zA-Z][a-zA-Z0-9+.\-]*://[^\s]+$", to_string(a[0])) is not None
            if lname == "trycreate":
                return True
            if lname == "urischemehttps":
                return "https"
            if lname == "urischemehttp":
                return "http"
        if full == "System.Version":
            if lname == "parse":
                return convert_to(a[0], "version")
        if full == "System.Text.RegularExpressions.Regex":
            return regex_call(lname, a)
        if full == "System.Text.Encoding":
            if lname == "getencoding":
                return ENCODINGS.get(to_string(a[0]).lower().replace("-", ""), ENCODINGS["utf8"])
            return ENCODINGS[lname]
        if full == "System.Char":
            return char_static(lname, a)
        if full == "System.Boolean":
            if lname == "parse":
                text = to_string(a[0]).strip().lower()
                if text in ("true", "false"):
                    return text == "true"
                raise method_exception("Parse", a, f"String '{a[0]}' was not recognized as a valid Boolean.",
                                       inner_type="System.FormatException")
            if lname == "truestring":
                return "True"
            if lname == "falsestring":
                return "False"
        if full in T.INTEGER_RANGES or full in ("System.Double", "System.Single", "System.Decimal",
                                                "System.Numerics.BigInteger"):
            return number_static(type_, lname, args)
        if full == "System.Threading.Thread" and lname == "sleep":
            import time

            time.sleep(float(to_number(a[0])) / 1000)
            return AutomationNull
        if full == "System.Net.WebUtility" or full == "System.Web.HttpUtility":
            import html
            from urllib.parse import quote_plus, unquote_plus

            return {"htmlencode": lambda: html.escape(to_string(a[0])), "htmldecode": lambda: html.unescape(to_string(a[0])),
                    "urlencode": lambda: quote_plus(to_string(a[0])), "urldecode": lambda: unquote_plus(to_string(a[0]))}[lname]()
        if full == "System.Reflection.Assembly":
            from azskernel.runtime.static_reflection import assembly_static

            return assembly_static(lname, a)
        if full == "System.BitConverter":
            if lname == "tostring":
                return "-".join(f"{int(b) & 0xFF:02X}" for b in as_list(a[0]))
        if full == "System.Console":
            if lname in ("writeline", "write"):
                if interp is not None:
                    interp.session.emit_host(to_string(a[0]) if a else "", newline=lname == "writeline")
                return AutomationNull
        if full == "System.Management.Automation.PSCustomObject" or full == "System.Object":
            if lname == "referenceequals":
                return a[0] is a[1]
            if lname == "equals":
                from azskernel.runtime.operators import equals

                return equals(a[0], a[1])
        if full == "System.Array":
            if lname == "reverse":
                a[0].reverse()
                return AutomationNull
            if lname == "indexof":
                from azskernel.runtime.operators import equals

                return next((i for i, x in enumerate(a[0]) if equals(x, a[1])), -1)
            if lname == "sort":
                from functools import cmp_to_key

                from azskernel.runtime.operators import compare_values

                a[0].sort(key=cmp_to_key(compare_values))
                return AutomationNull
            if lname == "empty":
                return []
    except KeyError:
        pass
    except RuntimeException:
        raise
    except (ValueError, TypeError, OverflowError, ZeroDivisionError, IndexError, OSError) as exc:
        raise method_exception(name, a, str(exc) or type(exc).__name__) from exc
    if not is_call:
        if T.find_type(full) is None or full in ("System.String",):
            pass
        return _unsupported_member(type_, name)
    raise _no_static(type_, name)


def _unsupported_member(type_: T.PSType, name: str) -> Any:
    raise RuntimeException(
        f"The static member '{name}' of [{type_.full_name}] is not supported by this shell.",
        error_id="StaticMemberNotSupported", category=ErrorCategory.NotImplemented, target=name,
    )


# Encoding, StringBuilder, regex_instance_call, new_instance and new_object live in static_text.py and
# constructors.py; they stay importable from here, where they were first.
__all__ = ["call_static", "format_double", "get_static", "new_instance", "new_object", "regex_instance_call", "set_static",
           "Encoding", "StringBuilder"]
