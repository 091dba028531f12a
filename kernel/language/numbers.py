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

MULTIPLIERS = {"kb": 1024, "mb": 1024**2, "gb": 1024**3, "tb": 1024**4, "pb": 1024**5}
INT32_MAX = 2**31 - 1
INT64_MAX = 2**63 - 1
_DOUBLE_MAX = int(sys.float_info.max)
_DOUBLE_MAX_DIGITS = len(str(_DOUBLE_MAX))
"""An integer literal larger than [double]::MaxValue fits no type: tokenizer.cs TryGetNumberValue fails."""


def parse_number(text: str) -> int | float | decimal.Decimal | None:
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
        value = -value
    if mult != 1:
        value = value * mult
        if isinstance(value, float) and value == int(value) and abs(value) <= INT64_MAX and "." not in text and "e" not in text.lower():
            value = int(value)
    return value
