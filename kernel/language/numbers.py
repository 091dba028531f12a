"""PowerShell number literals: `42`, `0x1F`, `1.5e3`, `10L`, `1.6d`, `1GB`, `2kb` (tokenizer.cs ScanNumber rules).

`parse_number(text)` returns an int, float or Decimal, or None when the text is not a number. The runtime uses
the same function to convert strings to numbers (`"0xabc" + 0`, `[int]"1kb"`), as LanguagePrimitives does.
"""

from __future__ import annotations

import decimal
import re
import sys

_NUMBER_RE = re.compile(
    r"""(?ix)
    ^(?P<sign>[+\-\u2013\u2014\u2015]?)
    (?:
        0x(?P<hex>[0-9a-f]+)
      | 0b(?P<bin>[01]+)
      | (?P<dec>(?:\d+\.?\d*|\.\d+)(?:e[+\-\u2013\u2014\u2015]?\d+)?)
    )
    (?P<type>ul|us|uy|u|l|d|y|s|n)?
    (?P<mult>kb|mb|gb|tb|pb)?$
    """
)

class SizedInt(int):
    """An integer of a particular .NET type other than Int32 (a literal's suffix or a cast decides it): it computes
    as an int and reports its type (`1s` is an Int16, `[byte]1` a Byte)."""

    __slots__ = ()
    dotnet = "System.Int32"
    minimum: int | None = -(2**31)
    maximum: int | None = 2**31 - 1


def _sized(name: str, dotnet: str, minimum: int | None, maximum: int | None) -> type[SizedInt]:
    return type(name, (SizedInt,), {"__slots__": (), "dotnet": dotnet, "minimum": minimum, "maximum": maximum,
                                    "__module__": __name__})


SByte = _sized("SByte", "System.SByte", -128, 127)
Byte = _sized("Byte", "System.Byte", 0, 255)
Int16 = _sized("Int16", "System.Int16", -(2**15), 2**15 - 1)
UInt16 = _sized("UInt16", "System.UInt16", 0, 2**16 - 1)
UInt32 = _sized("UInt32", "System.UInt32", 0, 2**32 - 1)
Int64 = _sized("Int64", "System.Int64", -(2**63), 2**63 - 1)
UInt64 = _sized("UInt64", "System.UInt64", 0, 2**64 - 1)
BigInteger = _sized("BigInteger", "System.Numerics.BigInteger", None, None)
IntPtr = _sized("IntPtr", "System.IntPtr", -(2**63), 2**63 - 1)  # a pointer-sized integer, 64 bits here

SIZED_INTS: dict[str, type[SizedInt]] = {cls.dotnet: cls for cls in (SByte, Byte, Int16, UInt16, UInt32, Int64, UInt64,
                                                                     BigInteger, IntPtr)}
"""The integer classes by .NET name (Int32 is a plain int)."""


class Single(float):
    """A System.Single (`[float]`): computes as a double, prints with a single's 7 significant digits."""

    __slots__ = ()
    dotnet = "System.Single"


_SUFFIX_TYPES: dict[str, type[SizedInt]] = {"l": Int64, "u": UInt32, "ul": UInt64, "y": SByte, "uy": Byte, "s": Int16,
                                            "us": UInt16, "n": BigInteger}


def sized(cls: type[SizedInt], value: int) -> SizedInt | None:
    """`value` as `cls`, or None when it is out of the type's range."""
    if (cls.minimum is not None and value < cls.minimum) or (cls.maximum is not None and value > cls.maximum):
        return None
    return cls(value)


MULTIPLIERS = {"kb": 1024, "mb": 1024**2, "gb": 1024**3, "tb": 1024**4, "pb": 1024**5}
INT32_MAX = 2**31 - 1
INT64_MAX = 2**63 - 1
_DOUBLE_MAX = int(sys.float_info.max)
_DOUBLE_MAX_DIGITS = len(str(_DOUBLE_MAX))
"""An integer literal larger than [double]::MaxValue fits no type: tokenizer.cs TryGetNumberValue fails."""


def parse_number(text: str) -> int | float | decimal.Decimal | None:
    """The value of a number literal: an int (a SizedInt when a suffix types it), float or Decimal; None when the
    text is not one or is out of its suffix's range (`200y`)."""
    if len(text) < 19 and text.isascii() and text.isdigit():
        return int(text)  # plain digits that fit in an Int64: most literals
    m = _NUMBER_RE.match(text)
    if m is None:
        return None
    negative = m.group("sign") not in ("", "+")
    suffix = (m.group("type") or "").lower()
    mult = MULTIPLIERS.get((m.group("mult") or "").lower(), 1)
    value: int | float | decimal.Decimal
    if m.group("hex") is not None:
        raw = int(m.group("hex"), 16)
        # Hex literals are two's complement within their natural width, as in pwsh (0xFFFFFFFF is -1).
        digits = len(m.group("hex").lstrip("0"))
        if suffix != "n" and digits <= 8 and raw > INT32_MAX:
            raw -= 2**32
        elif suffix != "n" and 8 < digits <= 16 and raw > INT64_MAX:
            raw -= 2**64
        value = raw
    elif m.group("bin") is not None:
        value = int(m.group("bin"), 2)
    else:
        body = m.group("dec").replace("\u2013", "-").replace("\u2014", "-").replace("\u2015", "-")
        if suffix == "d":
            value = decimal.Decimal(body)
        elif "." in body or "e" in body.lower():
            if suffix in ("l", "u", "ul", "y", "uy", "s", "us", "n"):
                f = float(body)
                if f != int(f):
                    return None
                value = int(f)
            else:
                value = float(body)
        else:
            digits = body.lstrip("0")
            if len(digits) > _DOUBLE_MAX_DIGITS:
                return None  # beyond [double]::MaxValue: pwsh's BadNumericConstant (and no huge int conversion)
            value = int(body)
            if value > _DOUBLE_MAX:
                return None
            if not suffix and value > INT64_MAX:
                value = float(value) if value > 79228162514264337593543950335 else decimal.Decimal(value)
    if negative:
        value = value.copy_negate() if isinstance(value, decimal.Decimal) else -value  # exact: no context rounding
    if mult != 1:
        value = value * mult
        if isinstance(value, float) and value == int(value) and abs(value) <= INT64_MAX and "." not in text and "e" not in text.lower():
            value = int(value)
    if suffix in _SUFFIX_TYPES and isinstance(value, int):
        kind = _SUFFIX_TYPES[suffix]
        if suffix == "u" and value > UInt32.maximum:  # type: ignore[operator]
            kind = UInt64
        return sized(kind, value)
    return value
