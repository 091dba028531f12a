"""Static members and constructors of the .NET types operator scripts use: `[math]::Round`, `[string]::Join`,
`[datetime]::UtcNow`, `[guid]::NewGuid()`, `[System.IO.Path]::Combine`, `[Environment]::NewLine`, `[uri]`,
`[version]`, `[convert]`, `[regex]`, `[IO.File]`, `[Text.Encoding]`, enums, `[T]::new(...)`.

Anything else is a RuntimeException naming the type and member (pwsh: "Method invocation failed because
[T] does not contain a method named 'M'.").
"""

from __future__ import annotations

import base64
import datetime as _dt
import math
import os
import re
import socket
import tempfile
import uuid
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from azskernel.runtime import pstypes as T
from azskernel.runtime.conversion import (
    as_list,
    convert_to,
    format_double,
    parse_datetime,
    to_bool,
    to_number,
    to_string,
)
from azskernel.runtime.dotnetformat import composite_format
from azskernel.runtime.enums import ENUMS, EnumValue
from azskernel.runtime.errors import ErrorCategory, RuntimeException
from azskernel.runtime.members import RegexMatch, method_exception
from azskernel.runtime import regexes
from azskernel.runtime.regexes import compile_regex, expand_replacement
from azskernel.runtime.values import AutomationNull, Hashtable, OrderedHashtable, PSObject

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


class Encoding:
    """[System.Text.Encoding]::UTF8 and friends."""

    ps_type_names = ("System.Text.Encoding", "System.Object")

    def __init__(self, name: str, codec: str) -> None:
        self.name = name
        self.codec = codec

    def ps_properties(self) -> list[tuple[str, Any]]:
        return [("EncodingName", self.name), ("WebName", self.codec), ("BodyName", self.codec)]

    def GetBytes(self, text: Any) -> list[int]:  # noqa: N802
        return list(to_string(text).encode(self.codec))

    def GetString(self, data: Any, *rest: Any) -> str:  # noqa: N802
        raw = bytes(int(b) for b in as_list(data))
        if len(rest) == 2:
            raw = raw[int(rest[0]):int(rest[0]) + int(rest[1])]
        return raw.decode(self.codec, errors="replace")

    def ps_to_string(self) -> str:
        return f"System.Text.{self.name.replace('-', '')}Encoding"


ENCODINGS = {
    "utf8": Encoding("Unicode (UTF-8)", "utf-8"), "ascii": Encoding("US-ASCII", "ascii"),
    "unicode": Encoding("Unicode", "utf-16-le"), "bigendianunicode": Encoding("Unicode (Big-Endian)", "utf-16-be"),
    "utf32": Encoding("Unicode (UTF-32)", "utf-32-le"), "default": Encoding("Unicode (UTF-8)", "utf-8"),
    "latin1": Encoding("Western European (ISO)", "latin-1"),
}


class StringBuilder:
    ps_type_names = ("System.Text.StringBuilder", "System.Object")

    def __init__(self, initial: Any = "") -> None:
        self.parts = [to_string(initial)] if isinstance(initial, str) else []

    def ps_properties(self) -> list[tuple[str, Any]]:
        return [("Length", len(self.ps_to_string())), ("Capacity", 16)]

    def Append(self, value: Any = "") -> StringBuilder:  # noqa: N802
        self.parts.append(to_string(value))
        return self

    def AppendLine(self, value: Any = "") -> StringBuilder:  # noqa: N802
        self.parts.append(to_string(value) + "\n")
        return self

    def AppendFormat(self, template: Any, *args: Any) -> StringBuilder:  # noqa: N802
        self.parts.append(composite_format(to_string(template), list(args)))
        return self

    def Clear(self) -> StringBuilder:  # noqa: N802
        self.parts = []
        return self

    def ToString(self) -> str:  # noqa: N802
        return self.ps_to_string()

    def ps_to_string(self) -> str:
        return "".join(self.parts)


def _math(name: str, args: list[Any]) -> Any:
    def num(i: int = 0) -> Any:
        return to_number(args[i])

    if name == "round":
        value = num()
        digits = int(to_number(args[1])) if len(args) > 1 and not isinstance(args[1], (str, EnumValue)) else 0
        away = any(to_string(a).lower() == "awayfromzero" for a in args[1:])
        if isinstance(value, Decimal):
            from decimal import ROUND_HALF_EVEN, ROUND_HALF_UP

            return value.quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP if away else ROUND_HALF_EVEN)
        if away:
            factor = 10**digits
            return math.floor(abs(float(value)) * factor + 0.5) / factor * (1 if value >= 0 else -1)
        from azskernel.runtime.members import round_like_math

        return round_like_math(float(value), digits)
    if name in ("floor", "ceiling", "truncate"):
        value = num()
        fn = {"floor": math.floor, "ceiling": math.ceil, "truncate": math.trunc}[name]
        return Decimal(fn(value)) if isinstance(value, Decimal) else float(fn(value))
    if name == "abs":
        return abs(num())
    if name == "pow":
        return float(num(0)) ** float(num(1))
    if name == "sqrt":
        value = float(num())
        return math.sqrt(value) if value >= 0 else math.nan
    if name in ("max", "min"):
        a, b = num(0), num(1)
        return (max if name == "max" else min)(a, b)
    if name == "log":
        value = float(num())
        if len(args) > 1:
            return math.log(value, float(num(1)))
        return math.log(value) if value > 0 else (-math.inf if value == 0 else math.nan)
    if name == "log10":
        return math.log10(float(num()))
    if name == "log2":
        return math.log2(float(num()))
    if name == "exp":
        return math.exp(float(num()))
    if name in ("sin", "cos", "tan", "asin", "acos", "atan"):
        return getattr(math, name)(float(num()))
    if name == "atan2":
        return math.atan2(float(num(0)), float(num(1)))
    if name == "sign":
        value = num()
        return (value > 0) - (value < 0)
    if name == "divrem":
        a, b = int(num(0)), int(num(1))
        return int(a / b)
    if name == "clamp":
        return min(max(num(0), num(1)), num(2))
    raise KeyError(name)


def _string_static(name: str, args: list[Any]) -> Any:
    if name == "isnullorempty":
        return args[0] is None or to_string(args[0]) == ""
    if name == "isnullorwhitespace":
        return args[0] is None or to_string(args[0]).strip() == ""
    if name == "join":
        sep = to_string(args[0])
        items = args[1:]
        if len(items) == 1 and isinstance(items[0], (list, tuple)):
            items = list(items[0])
        return sep.join(to_string(x) for x in items)
    if name == "format":
        template = to_string(args[0])
        rest = args[1:]
        if len(rest) == 1 and isinstance(rest[0], (list, tuple)):
            rest = list(rest[0])
        return composite_format(template, rest)
    if name == "concat":
        items = args
        if len(items) == 1 and isinstance(items[0], (list, tuple)):
            items = list(items[0])
        return "".join(to_string(x) for x in items)
    if name == "compare":
        a, b = to_string(args[0]), to_string(args[1])
        ignore = len(args) > 2 and (to_bool(args[2]) if isinstance(args[2], bool) else "ignorecase" in to_string(args[2]).lower())
        if ignore:
            a, b = a.casefold(), b.casefold()
        return (a > b) - (a < b)
    if name == "equals":
        return to_string(args[0]) == to_string(args[1])
    if name == "new":
        if len(args) == 2:
            return to_string(args[0]) * int(to_number(args[1]))
        value = args[0]
        return "".join(to_string(c) for c in value) if isinstance(value, (list, tuple)) else to_string(value)
    raise KeyError(name)


def _path_static(name: str, args: list[Any]) -> Any:
    s = [to_string(a) for a in args]
    if name == "combine":
        parts = [p for a in args for p in (as_list(a) if isinstance(a, (list, tuple)) else [a])]
        return os.path.join(*[to_string(p) for p in parts]) if parts else ""
    if name == "getfilename":
        return os.path.basename(s[0].replace("\\", "/"))
    if name == "getfilenamewithoutextension":
        return os.path.splitext(os.path.basename(s[0].replace("\\", "/")))[0]
    if name == "getextension":
        return os.path.splitext(s[0])[1]
    if name == "getdirectoryname":
        return os.path.dirname(s[0])
    if name == "gettemppath":
        return tempfile.gettempdir() + os.sep
    if name == "gettempfilename":
        fd, path = tempfile.mkstemp(suffix=".tmp")
        os.close(fd)
        return path
    if name == "getrandomfilename":
        return uuid.uuid4().hex[:8] + "." + uuid.uuid4().hex[:3]
    if name == "ispathrooted":
        return os.path.isabs(s[0])
    if name == "getfullpath":
        return os.path.abspath(s[0])
    if name == "changeextension":
        root = os.path.splitext(s[0])[0]
        return root + ("" if args[1] is None else ("." + s[1].lstrip(".")))
    if name == "hasextension":
        return bool(os.path.splitext(s[0])[1])
    if name == "getpathroot":
        return "/" if s[0].startswith("/") else ""
    if name == "getinvalidfilenamechars":
        return [T.PSChar("/"), T.PSChar("\0")]
    if name == "getinvalidpathchars":
        return [T.PSChar("\0")]
    raise KeyError(name)


def _file_static(name: str, args: list[Any]) -> Any:
    path = to_string(args[0]) if args else ""
    if name == "exists":
        return os.path.isfile(path)
    if name == "readalltext":
        with open(path, encoding="utf-8-sig") as h:
            return h.read()
    if name == "readalllines":
        with open(path, encoding="utf-8-sig") as h:
            return h.read().splitlines()
    if name == "readallbytes":
        with open(path, "rb") as h:
            return list(h.read())
    if name in ("writealltext", "appendalltext"):
        with open(path, "a" if name.startswith("append") else "w", encoding="utf-8") as h:
            h.write(to_string(args[1]))
        return AutomationNull
    if name in ("writealllines", "appendalllines"):
        with open(path, "a" if name.startswith("append") else "w", encoding="utf-8") as h:
            for line in as_list(args[1]):
                h.write(to_string(line) + "\n")
        return AutomationNull
    if name == "writeallbytes":
        with open(path, "wb") as h:
            h.write(bytes(int(b) for b in as_list(args[1])))
        return AutomationNull
    if name == "delete":
        if os.path.exists(path):
            os.remove(path)
        return AutomationNull
    if name == "copy":
        import shutil

        shutil.copyfile(path, to_string(args[1]))
        return AutomationNull
    raise KeyError(name)


def _directory_static(name: str, args: list[Any]) -> Any:
    path = to_string(args[0]) if args else ""
    if name == "exists":
        return os.path.isdir(path)
    if name == "createdirectory":
        os.makedirs(path, exist_ok=True)
        return PSObject([("FullName", os.path.abspath(path)), ("Name", os.path.basename(path))])
    if name == "getfiles":
        return sorted(os.path.join(path, f) for f in os.listdir(path) if os.path.isfile(os.path.join(path, f)))
    if name == "getdirectories":
        return sorted(os.path.join(path, f) for f in os.listdir(path) if os.path.isdir(os.path.join(path, f)))
    if name == "getcurrentdirectory":
        return os.getcwd()
    raise KeyError(name)


def _convert_static(name: str, args: list[Any]) -> Any:
    if name == "tobase64string":
        data = bytes(int(b) & 0xFF for b in as_list(args[0]))
        return base64.b64encode(data).decode("ascii")
    if name == "frombase64string":
        try:
            return list(base64.b64decode(to_string(args[0]), validate=True))
        except ValueError:
            raise method_exception("FromBase64String", args, "The input is not a valid Base-64 string as it contains "
                                   "a non-base 64 character, more than two padding characters, or an illegal character "
                                   "among the padding characters.") from None
    if name in ("toint32", "toint64", "toint16", "tobyte", "touint32", "touint64"):
        target = {"toint32": "int", "toint64": "long", "toint16": "short", "tobyte": "byte", "touint32": "uint",
                  "touint64": "ulong"}[name]
        if len(args) > 1 and isinstance(args[0], str):
            return int(to_string(args[0]), int(to_number(args[1])))
        return convert_to(args[0], target)
    if name == "todouble":
        return convert_to(args[0], "double")
    if name == "todecimal":
        return convert_to(args[0], "decimal")
    if name == "toboolean":
        if isinstance(args[0], str):
            text = args[0].strip().lower()
            if text in ("true", "false"):
                return text == "true"
            raise method_exception("ToBoolean", args, f"String '{args[0]}' was not recognized as a valid Boolean.")
        return to_bool(args[0])
    if name == "tostring":
        if len(args) > 1 and isinstance(args[0], int):
            base = int(to_number(args[1]))
            value = args[0]
            if base == 2:
                return format(value, "b")
            if base == 8:
                return format(value, "o")
            if base == 16:
                return format(value, "x")
            return str(value)
        return to_string(args[0])
    if name == "todatetime":
        return convert_to(args[0], "datetime")
    if name == "tochar":
        return convert_to(args[0], "char")
    if name == "tohexstring":
        return bytes(int(b) & 0xFF for b in as_list(args[0])).hex().upper()
    if name == "fromhexstring":
        return list(bytes.fromhex(to_string(args[0])))
    raise KeyError(name)


def _environment_member(name: str) -> Any:
    if name == "newline":
        return "\n"
    if name == "machinename":
        return socket.gethostname().split(".")[0]
    if name == "username":
        import getpass

        try:
            return getpass.getuser()
        except (KeyError, OSError):
            return ""
    if name == "processorcount":
        return os.cpu_count() or 1
    if name == "currentdirectory":
        return os.getcwd()
    if name in ("is64bitprocess", "is64bitoperatingsystem"):
        return True
    if name == "osversion":
        import platform

        return PSObject([("Platform", "Unix"), ("VersionString", f"{platform.system()} {platform.release()}"),
                         ("Version", platform.release())])
    if name == "tickcount" or name == "tickcount64":
        import time

        return int(time.monotonic() * 1000)
    if name == "userdomainname":
        return ""
    if name == "systemdirectory":
        return "/usr/bin"
    if name == "processid":
        return os.getpid()
    raise KeyError(name)


def _environment_call(name: str, args: list[Any]) -> Any:
    if name == "getenvironmentvariable":
        from azskernel.runtime.scopes import get_env

        return get_env(to_string(args[0]))
    if name == "setenvironmentvariable":
        from azskernel.runtime.scopes import set_env

        set_env(to_string(args[0]), args[1] if len(args) > 1 else None)
        return AutomationNull
    if name == "getenvironmentvariables":
        return Hashtable(os.environ.items())
    if name == "getfolderpath":
        return os.path.expanduser("~")
    if name == "exit":
        from azskernel.runtime.control import ScriptExit

        raise ScriptExit(int(to_number(args[0])) if args else 0)
    if name == "expandenvironmentvariables":
        return re.sub(r"%([^%]+)%", lambda m: os.environ.get(m.group(1), m.group(0)), to_string(args[0]))
    return _environment_member(name)


def _datetime_member(name: str) -> Any:
    if name == "now":
        return _dt.datetime.now()
    if name == "utcnow":
        return _dt.datetime.now(_dt.timezone.utc).replace(tzinfo=None)
    if name == "today":
        return _dt.datetime.combine(_dt.date.today(), _dt.time())
    if name == "minvalue":
        return _dt.datetime(1, 1, 1)
    if name == "maxvalue":
        return _dt.datetime(9999, 12, 31, 23, 59, 59, 999999)
    raise KeyError(name)


_NET_TO_STRPTIME = [("yyyy", "%Y"), ("MM", "%m"), ("dd", "%d"), ("HH", "%H"), ("mm", "%M"), ("ss", "%S"),
                    ("fff", "%f"), ("yy", "%y"), ("tt", "%p"), ("hh", "%I"), ("MMM", "%b")]


def _datetime_call(name: str, args: list[Any]) -> Any:
    if name == "parse":
        return parse_datetime(to_string(args[0]))
    if name == "parseexact":
        fmt = to_string(args[1])
        py = fmt
        for net, pyf in sorted(_NET_TO_STRPTIME, key=lambda p: -len(p[0])):
            py = py.replace(net, pyf)
        try:
            return _dt.datetime.strptime(to_string(args[0]), py)
        except ValueError:
            raise method_exception("ParseExact", args, "String '" + to_string(args[0]) + "' was not recognized as a valid DateTime.") from None
    if name == "daysinmonth":
        import calendar

        return calendar.monthrange(int(to_number(args[0])), int(to_number(args[1])))[1]
    if name == "isleapyear":
        import calendar

        return calendar.isleap(int(to_number(args[0])))
    if name == "new":
        nums = [int(to_number(a)) for a in args]
        if len(nums) == 1:
            return _dt.datetime(1, 1, 1) + _dt.timedelta(microseconds=nums[0] // 10)
        return _dt.datetime(*nums[:7])
    if name == "fromfiletime" or name == "fromfiletimeutc":
        return _dt.datetime(1601, 1, 1) + _dt.timedelta(microseconds=int(to_number(args[0])) // 10)
    if name == "specifykind":
        return args[0]
    return _datetime_member(name)


def _timespan_call(name: str, args: list[Any]) -> Any:
    if name.startswith("from"):
        unit = name[4:]
        value = float(to_number(args[0]))
        key = {"days": "days", "hours": "hours", "minutes": "minutes", "seconds": "seconds",
               "milliseconds": "milliseconds", "ticks": "microseconds"}.get(unit)
        if key is None:
            raise KeyError(name)
        if key == "microseconds":
            value = value / 10
        return _dt.timedelta(**{key: value})
    if name == "zero":
        return _dt.timedelta(0)
    if name == "maxvalue":
        return _dt.timedelta.max
    if name == "minvalue":
        return _dt.timedelta.min
    if name == "parse":
        return convert_to(args[0], "timespan")
    if name == "new":
        nums = [int(to_number(a)) for a in args]
        if len(nums) == 1:
            return _dt.timedelta(microseconds=nums[0] / 10)
        if len(nums) == 3:
            return _dt.timedelta(hours=nums[0], minutes=nums[1], seconds=nums[2])
        if len(nums) >= 4:
            return _dt.timedelta(days=nums[0], hours=nums[1], minutes=nums[2], seconds=nums[3],
                                 milliseconds=nums[4] if len(nums) > 4 else 0)
    raise KeyError(name)


def regex_instance_call(regex: re.Pattern[str], lname: str, name: str, args: list[Any]) -> Any:
    if lname == "ismatch":
        return regex.search(to_string(args[0])) is not None
    if lname == "match":
        return RegexMatch(regex.search(to_string(args[0])))
    if lname == "matches":
        return [RegexMatch(m) for m in regex.finditer(to_string(args[0]))]
    if lname == "replace":
        template = to_string(args[1])
        return regex.sub(lambda m: expand_replacement(template, m), to_string(args[0]))
    if lname == "split":
        return regex.split(to_string(args[0]))
    if lname == "tostring":
        return regex.pattern
    from azskernel.runtime.members import MemberError

    raise MemberError(f"Method invocation failed because [System.Text.RegularExpressions.Regex] does not contain a method named '{name}'.")


def _regex_call(name: str, args: list[Any]) -> Any:
    timed = regexes.timed_call(name, args)  # the match-timeout overloads (regexes.py)
    if timed is not None:
        return timed
    if name == "escape":
        return re.sub(r"([\\*+?|{}\[\]()^$.#\s])", lambda m: "\\" + ({"\n": "n", "\t": "t", "\r": "r", " ": " "}.get(m.group(1), m.group(1))), to_string(args[0]))
    if name == "unescape":
        return re.sub(r"\\(.)", lambda m: {"n": "\n", "t": "\t", "r": "\r"}.get(m.group(1), m.group(1)), to_string(args[0]))
    if name == "new":
        ignore = len(args) > 1 and "ignorecase" in to_string(args[1]).lower()
        return compile_regex(to_string(args[0]), ignore)
    ignore = len(args) > 2 and "ignorecase" in to_string(args[-1]).lower()
    if name in ("ismatch", "match", "matches", "split"):
        return regex_instance_call(compile_regex(to_string(args[1]), ignore), name, name, [args[0]])
    if name == "replace":
        return regex_instance_call(compile_regex(to_string(args[1]), len(args) > 3 and ignore), name, name, [args[0], args[2]])
    raise KeyError(name)


def _construct(interp: Interpreter | None, type_: T.PSType, args: list[Any]) -> Any:
    full = type_.full_name
    if T.DotNetException in type_.py:
        message = to_string(args[0]) if args else f"Exception of type '{full}' was thrown."
        inner = args[1] if len(args) > 1 and isinstance(args[1], T.DotNetException) else None
        if full == "System.ArgumentNullException" and len(args) == 1:
            message = f"Value cannot be null. (Parameter '{to_string(args[0])}')"
        elif full in ("System.ArgumentException", "System.ArgumentOutOfRangeException") and len(args) >= 2 and isinstance(args[1], str):
            message = f"{to_string(args[0])} (Parameter '{args[1]}')"
        return T.DotNetException(full, message, inner)
    if full in ("System.Collections.ArrayList",) or full.startswith("System.Collections.Generic.List["):
        element = type_.generic_args[0] if type_.generic_args else None
        items = as_list(args[0]) if args and isinstance(args[0], (list, tuple)) else []
        return T.ArrayList(items, element)
    if full.startswith("System.Collections.Generic.HashSet["):
        from azskernel.runtime.collections_ext import HashSet

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
        return _datetime_call("new", args)
    if full == "System.TimeSpan":
        return _timespan_call("new", args)
    if full == "System.Text.RegularExpressions.Regex":
        return _regex_call("new", args)
    if full == "System.Management.Automation.PSCustomObject" or full == "System.Management.Automation.PSObject":
        return PSObject()
    if full == "System.Object":
        return PSObject(type_names=("System.Object",))
    if full == "System.String":
        return _string_static("new", args)
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
    if full in T.INTEGER_RANGES or full in ("System.Double", "System.Boolean", "System.Decimal"):
        return convert_to(0, type_)
    raise RuntimeException(
        f"Cannot create an object of type [{full}]: its constructor is not supported by this shell.",
        error_id="ConstructorNotSupported", category=ErrorCategory.NotImplemented, target=full,
    )


def new_instance(type_: T.PSType, args: list[Any]) -> Any:
    """`[T]::new(args)` for the command library's New-Object."""
    return _construct(None, type_, list(args))


def new_object(interp: Interpreter | None, type_name: str, args: list[Any]) -> Any:
    """New-Object -TypeName X -ArgumentList …: the same constructors as `[X]::new(…)`."""
    return _construct(interp, T.resolve_type(type_name), args)


def _number_static(type_: T.PSType, name: str, args: list[Any] | None) -> Any:
    full = type_.full_name
    if name == "maxvalue":
        if full in T.INTEGER_RANGES:
            return T.INTEGER_RANGES[full][1]
        if full == "System.Double":
            return 1.7976931348623157e308
        if full == "System.Single":
            return 3.4028234663852886e38
        if full == "System.Decimal":
            return Decimal("79228162514264337593543950335")
    if name == "minvalue":
        if full in T.INTEGER_RANGES:
            return T.INTEGER_RANGES[full][0]
        if full == "System.Double":
            return -1.7976931348623157e308
        if full == "System.Decimal":
            return Decimal("-79228162514264337593543950335")
    if full == "System.Double":
        if name == "nan":
            return math.nan
        if name == "positiveinfinity":
            return math.inf
        if name == "negativeinfinity":
            return -math.inf
        if name == "epsilon":
            return 5e-324
        if name == "isnan" and args:
            return math.isnan(float(to_number(args[0])))
        if name == "isinfinity" and args:
            return math.isinf(float(to_number(args[0])))
    if name == "parse" and args is not None:
        try:
            return convert_to(to_string(args[0]).strip(), type_)
        except RuntimeException as exc:
            raise method_exception("Parse", args, "The input string '" + to_string(args[0]) + "' was not in a correct format.") from exc
    if name == "tryparse" and args is not None:
        try:
            value = convert_to(to_string(args[0]).strip(), type_)
        except RuntimeException:
            _set_ref(args, 0 if full != "System.Double" else 0.0)
            return False
        _set_ref(args, value)
        return True
    raise KeyError(name)


def _set_ref(args: list[Any], value: Any) -> None:
    if len(args) > 1 and hasattr(args[-1], "ps_type_names") and "PSReference" in args[-1].ps_type_names[0]:
        args[-1].Value = value


def _char_static(name: str, args: list[Any]) -> Any:
    c = to_string(args[0])[:1] if args else ""
    checks = {"isdigit": str.isdigit, "isletter": str.isalpha, "isupper": str.isupper, "islower": str.islower,
              "iswhitespace": str.isspace, "isletterordigit": str.isalnum, "ispunctuation": lambda x: x in "!\"#%&'()*,-./:;?@[\\]_{}"}
    if name in checks:
        return bool(c) and checks[name](c)
    if name == "toupper":
        return T.PSChar(c.upper())
    if name == "tolower":
        return T.PSChar(c.lower())
    if name == "maxvalue":
        return T.PSChar("\uffff")
    raise KeyError(name)


def get_static(target: Any, name: str) -> Any:
    """`[Type]::Member` (a property or field)."""
    type_ = _type_operand(target)
    lname = name.casefold()
    return _static(None, type_, lname, name, None)


def call_static(interp: Interpreter | None, target: Any, name: str, args: list[Any]) -> Any:
    type_ = _type_operand(target)
    lname = name.casefold()
    if lname == "new":
        return _construct(interp, type_, args)
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
    key = (type_.full_name.casefold(), name.casefold())
    if key in _SETTABLE:
        _SETTABLE[key] = value
        return
    if type_.full_name == "System.Environment" and name.casefold() == "currentdirectory":
        os.chdir(to_string(value))
        return
    raise RuntimeException(f"'{name}' is a ReadOnly property.", error_id="PropertyAssignmentException",
                           category=ErrorCategory.InvalidOperation)


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
    enum_type = ENUMS.get(full.casefold())
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
        if full == "System.Math":
            if not is_call:
                return {"pi": math.pi, "e": math.e, "tau": math.tau}[lname]
            return _math(lname, a)
        if full == "System.String":
            if lname == "empty":
                return ""
            return _string_static(lname, a)
        if full == "System.IO.Path":
            if not is_call:
                return {"directoryseparatorchar": T.PSChar(os.sep), "altdirectoryseparatorchar": T.PSChar("/"),
                        "pathseparator": T.PSChar(os.pathsep), "volumeseparatorchar": T.PSChar("/")}[lname]
            return _path_static(lname, a)
        if full == "System.IO.File":
            return _file_static(lname, a)
        if full == "System.IO.Directory":
            return _directory_static(lname, a)
        if full == "System.Convert":
            return _convert_static(lname, a)
        if full == "System.Environment":
            return _environment_call(lname, a) if is_call else _environment_member(lname)
        if full == "System.DateTime":
            return _datetime_call(lname, a) if is_call else _datetime_member(lname)
        if full == "System.TimeSpan":
            return _timespan_call(lname, a)
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
            return _regex_call(lname, a)
        if full == "System.Text.Encoding":
            if lname == "getencoding":
                return ENCODINGS.get(to_string(a[0]).lower().replace("-", ""), ENCODINGS["utf8"])
            return ENCODINGS[lname]
        if full == "System.Char":
            return _char_static(lname, a)
        if full == "System.Boolean":
            if lname == "parse":
                text = to_string(a[0]).strip().lower()
                if text in ("true", "false"):
                    return text == "true"
                raise method_exception("Parse", a, f"String '{a[0]}' was not recognized as a valid Boolean.")
            if lname == "truestring":
                return "True"
            if lname == "falsestring":
                return "False"
        if full in T.INTEGER_RANGES or full in ("System.Double", "System.Single", "System.Decimal"):
            return _number_static(type_, lname, args)
        if full == "System.Threading.Thread" and lname == "sleep":
            import time

            time.sleep(float(to_number(a[0])) / 1000)
            return AutomationNull
        if full == "System.Net.WebUtility" or full == "System.Web.HttpUtility":
            import html
            from urllib.parse import quote_plus, unquote_plus

            return {"htmlencode": lambda: html.escape(to_string(a[0])), "htmldecode": lambda: html.unescape(to_string(a[0])),
                    "urlencode": lambda: quote_plus(to_string(a[0])), "urldecode": lambda: unquote_plus(to_string(a[0]))}[lname]()
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


__all__ = ["call_static", "format_double", "get_static", "new_object", "set_static", "Encoding", "StringBuilder"]
