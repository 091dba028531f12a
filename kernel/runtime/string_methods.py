"""The methods of System.String scripts call: `"a,b".Split(',')`, `.Replace`, `.Substring`, `.PadLeft`, …"""

from __future__ import annotations

import re
from typing import Any

from azskernel.runtime import pstypes as T
from azskernel.runtime.conversion import to_bool, to_number, to_string
from azskernel.runtime.enums import EnumValue
from azskernel.runtime.enumerators import sequence_enumerator
from azskernel.runtime.method_errors import method_exception, no_method


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


def call_string(s: str, lname: str, name: str, args: list[Any]) -> Any:
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
        return sequence_enumerator(s)
    if lname == "gethashcode":
        return hash(s) & 0x7FFFFFFF
    if lname == "chars":
        return T.PSChar(s[int(to_number(args[0]))])
    raise no_method(s, name)

