"""Static members of the text types: [string], [convert], [regex] (and a Regex's own methods),
[Text.Encoding], and the StringBuilder and Encoding objects they hand out. Each function raises KeyError for a
member it lacks; statics.py turns that into pwsh's error.
"""

from __future__ import annotations

import base64
import re
from typing import Any

from azskernel.runtime.adapted import RegexMatch
from azskernel.runtime.conversion import as_list, convert_to, to_bool, to_number, to_string
from azskernel.runtime.dotnetformat import composite_format
from azskernel.runtime.method_errors import MemberError, method_exception
from azskernel.runtime import regexes
from azskernel.runtime.regexes import compile_regex, expand_replacement


class Encoding:
    """[System.Text.Encoding]::UTF8 and friends, and what `[System.Text.UTF32Encoding]::new()` and its siblings
    make: a codec, its .NET class and whether it writes a byte order mark (GetPreamble)."""

    def __init__(self, name: str, codec: str, type_name: str = "System.Text.Encoding", bom: bool = False) -> None:
        self.name = name
        self.codec = codec
        self.type_name = type_name
        self.bom = bom

    @property
    def ps_type_names(self) -> tuple[str, ...]:
        if self.type_name == "System.Text.Encoding":
            return ("System.Text.Encoding", "System.Object")
        return (self.type_name, "System.Text.Encoding", "System.Object")

    def ps_properties(self) -> list[tuple[str, Any]]:
        return [("EncodingName", self.name), ("WebName", self.codec), ("BodyName", self.codec)]

    def GetPreamble(self) -> list[int]:  # noqa: N802
        if not self.bom:
            return []
        return list({"utf-8": b"\xef\xbb\xbf", "utf-16-le": b"\xff\xfe", "utf-16-be": b"\xfe\xff",
                     "utf-32-le": b"\xff\xfe\x00\x00", "utf-32-be": b"\x00\x00\xfe\xff"}.get(self.codec, b""))

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


def new_encoding(type_name: str, args: list[Any]) -> Encoding:
    """`[System.Text.UTF8Encoding]::new($bom)`, `[UnicodeEncoding]::new($bigEndian, $bom)`,
    `[UTF32Encoding]::new($bigEndian, $bom)`, `[ASCIIEncoding]::new()` (.NET's defaults when not given)."""
    flags = [bool(a) for a in args]
    if type_name == "System.Text.UTF8Encoding":
        return Encoding("Unicode (UTF-8)", "utf-8", type_name, bom=flags[0] if flags else False)
    if type_name == "System.Text.ASCIIEncoding":
        return Encoding("US-ASCII", "ascii", type_name)
    big = flags[0] if flags else False
    bom = flags[1] if len(flags) > 1 else True
    if type_name == "System.Text.UnicodeEncoding":
        return Encoding("Unicode (Big-Endian)" if big else "Unicode", "utf-16-be" if big else "utf-16-le", type_name, bom)
    return Encoding("Unicode (UTF-32 Big-Endian)" if big else "Unicode (UTF-32)", "utf-32-be" if big else "utf-32-le",
                    type_name, bom)


ENCODING_TYPES = ("System.Text.UTF8Encoding", "System.Text.UnicodeEncoding", "System.Text.UTF32Encoding",
                  "System.Text.ASCIIEncoding")


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


def string_static(name: str, args: list[Any]) -> Any:
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


def convert_static(name: str, args: list[Any]) -> Any:
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
    raise MemberError(f"Method invocation failed because [System.Text.RegularExpressions.Regex] does not contain a method named '{name}'.")


def regex_call(name: str, args: list[Any]) -> Any:
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
