""".NET composite and standard/custom format strings: the `-f` operator, String.Format and ToString(fmt).

Covers what scripts use: `{0}`, `{0,5}`, `{0,-5}`, `{0:N2}`, `{0:D3}`, `{0:X8}`/`x8`, `{0:P1}`, `{0:F2}`, `{0:C}`,
`{0:E2}`, `{0:G}`, `{0:R}`, custom numeric (`0.00`, `#,##0`), date patterns (`yyyy-MM-dd HH:mm:ss`), and `{{ }}`.
"""

from __future__ import annotations

import datetime as _dt
import decimal
import re
from typing import Any

from azskernel.runtime.errors import ErrorCategory, RuntimeException


class FormatError(RuntimeException):
    default_id = "FormatError"
    default_category = ErrorCategory.InvalidOperation
    exception_type = "System.FormatException"


def _to_string(value: Any) -> str:
    from azskernel.runtime.conversion import to_string

    return to_string(value)


def _number(value: Any) -> int | float | decimal.Decimal | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float, decimal.Decimal)):
        return value
    return None


def _group(digits: str) -> str:
    out = []
    while len(digits) > 3:
        out.append(digits[-3:])
        digits = digits[:-3]
    out.append(digits)
    return ",".join(reversed(out))


def _fixed(value: int | float | decimal.Decimal, places: int) -> str:
    dec = decimal.Decimal(str(value)) if isinstance(value, float) else decimal.Decimal(value)
    quant = decimal.Decimal(1).scaleb(-places)
    return format(dec.quantize(quant, rounding=decimal.ROUND_HALF_UP), "f")


def format_number(value: int | float | decimal.Decimal, spec: str) -> str:
    """A number with a .NET standard or custom numeric format string."""
    if not spec:
        return _to_string(value)
    m = re.fullmatch(r"([A-Za-z])(\d{0,2})", spec)
    if m is None:
        return _custom_number(value, spec)
    kind, digits = m.group(1), m.group(2)
    precision = int(digits) if digits else None
    upper = kind.upper()
    if upper == "D":
        if not isinstance(value, int):
            raise FormatError("Format specifier was invalid.")
        text = str(abs(value)).rjust(precision or 0, "0")
        return ("-" if value < 0 else "") + text
    if upper == "X":
        if not isinstance(value, int):
            raise FormatError("Format specifier was invalid.")
        number = value if value >= 0 else value + (2**32 if value >= -(2**31) else 2**64)
        text = format(number, "x" if kind == "x" else "X")
        return text.rjust(precision or 0, "0")
    if upper == "N":
        text = _fixed(value, 2 if precision is None else precision)
        sign = ""
        if text.startswith("-"):
            sign, text = "-", text[1:]
        whole, _, frac = text.partition(".")
        result = sign + _group(whole) + ("." + frac if frac else "")
        return result if result.strip("-0.,") else result.lstrip("-")
    if upper == "F":
        text = _fixed(value, 2 if precision is None else precision)
        return text if text.strip("-0.") else text.lstrip("-")
    if upper == "P":
        text = _fixed(decimal.Decimal(str(value)) * 100, 2 if precision is None else precision)
        sign = ""
        if text.startswith("-"):
            sign, text = "-", text[1:]
        whole, _, frac = text.partition(".")
        return f"{sign}{_group(whole)}{'.' + frac if frac else ''} %"
    if upper == "C":
        text = _fixed(value, 2 if precision is None else precision)
        sign = ""
        if text.startswith("-"):
            sign, text = "-", text[1:]
        whole, _, frac = text.partition(".")
        # en-US, as pwsh on a typical Linux machine formats currency
        body = f"${_group(whole)}{'.' + frac if frac else ''}"
        return f"({body})" if sign else body
    if upper == "E":
        text = format(float(value), f".{6 if precision is None else precision}e")
        mant, _, exp = text.partition("e")
        sign = exp[0]
        return f"{mant}{kind}{sign}{exp[1:].rjust(3, '0')}"
    if upper in ("G", "R"):
        if precision and isinstance(value, float) and upper == "G":
            text = format(value, f".{precision}g")
            return text.replace("e+", "E+").replace("e-", "E-")
        if isinstance(value, float):
            from azskernel.runtime.conversion import format_double_roundtrip

            return format_double_roundtrip(value)
        return _to_string(value)
    raise FormatError("Format specifier was invalid.")


def _custom_number(value: int | float | decimal.Decimal, spec: str) -> str:
    section = spec.split(";")[0]
    percent = "%" in section
    number = decimal.Decimal(str(value)) if isinstance(value, float) else decimal.Decimal(value)
    if percent:
        number *= 100
    int_spec, _, frac_spec = section.replace("%", "").partition(".")
    prefix = re.match(r"^[^0#,]*", int_spec).group(0)  # type: ignore[union-attr]
    int_spec = int_spec[len(prefix):]
    suffix_m = re.search(r"[^0#,]*$", frac_spec if frac_spec else int_spec)
    suffix = suffix_m.group(0) if suffix_m else ""
    if frac_spec:
        frac_spec = frac_spec[: len(frac_spec) - len(suffix)]
    else:
        int_spec = int_spec[: len(int_spec) - len(suffix)]
    min_frac = frac_spec.count("0")
    max_frac = len(frac_spec.replace(",", ""))
    text = _fixed(number, max_frac)
    sign = ""
    if text.startswith("-"):
        sign, text = "-", text[1:]
    whole, _, frac = text.partition(".")
    frac = frac.rstrip("0")
    frac = frac.ljust(min_frac, "0")
    min_int = int_spec.replace(",", "").count("0")
    whole = whole.lstrip("0").rjust(min_int, "0")
    if "," in int_spec and whole:
        whole = _group(whole)
    result = whole + ("." + frac if frac else "")
    if not result:
        result = ""
    if result.strip("0.,") == "":
        sign = ""
    return f"{sign}{prefix}{result}{suffix}{'%' if percent else ''}"


_DATE_TOKEN = re.compile(r"yyyy|yy|MMMM|MMM|MM|M|dddd|ddd|dd|d|HH|H|hh|h|mm|m|ss|s|fffffff|ffffff|fff|ff|f|tt|t|K|zzz|zz|z|'[^']*'|\"[^\"]*\"|\\.|.", re.S)


def format_datetime(value: _dt.datetime, spec: str) -> str:
    # the standard formats as the current culture (en-US) writes them; s, u, o and r are culture-independent
    standard = {
        "d": "M/d/yyyy", "D": "dddd, MMMM d, yyyy", "t": "h:mm tt", "T": "h:mm:ss tt",
        "f": "dddd, MMMM d, yyyy h:mm tt", "F": "dddd, MMMM d, yyyy h:mm:ss tt", "g": "M/d/yyyy h:mm tt",
        "G": "M/d/yyyy h:mm:ss tt", "s": "yyyy-MM-ddTHH:mm:ss", "u": "yyyy-MM-dd HH:mm:ssZ",
        "U": "dddd, MMMM d, yyyy h:mm:ss tt",
        "o": "yyyy-MM-ddTHH:mm:ss.fffffffK", "O": "yyyy-MM-ddTHH:mm:ss.fffffffK", "M": "MMMM d", "m": "MMMM d",
        "y": "MMMM yyyy", "Y": "MMMM yyyy", "r": "ddd, dd MMM yyyy HH:mm:ss 'GMT'", "R": "ddd, dd MMM yyyy HH:mm:ss 'GMT'",
    }
    if spec in standard:
        spec = standard[spec]
    out = []
    for tok in _DATE_TOKEN.findall(spec):
        if tok == "yyyy":
            out.append(f"{value.year:04d}")
        elif tok == "yy":
            out.append(f"{value.year % 100:02d}")
        elif tok == "MMMM":
            out.append(value.strftime("%B"))
        elif tok == "MMM":
            out.append(value.strftime("%b"))
        elif tok == "MM":
            out.append(f"{value.month:02d}")
        elif tok == "M":
            out.append(str(value.month))
        elif tok == "dddd":
            out.append(value.strftime("%A"))
        elif tok == "ddd":
            out.append(value.strftime("%a"))
        elif tok == "dd":
            out.append(f"{value.day:02d}")
        elif tok == "d":
            out.append(str(value.day))
        elif tok == "HH":
            out.append(f"{value.hour:02d}")
        elif tok == "H":
            out.append(str(value.hour))
        elif tok == "hh":
            out.append(f"{(value.hour % 12) or 12:02d}")
        elif tok == "h":
            out.append(str((value.hour % 12) or 12))
        elif tok == "mm":
            out.append(f"{value.minute:02d}")
        elif tok == "m":
            out.append(str(value.minute))
        elif tok == "ss":
            out.append(f"{value.second:02d}")
        elif tok == "s":
            out.append(str(value.second))
        elif tok.startswith("f"):
            out.append(f"{value.microsecond:06d}0"[: len(tok)])
        elif tok == "tt":
            out.append("AM" if value.hour < 12 else "PM")
        elif tok == "t":
            out.append("A" if value.hour < 12 else "P")
        elif tok in ("K", "zzz", "zz", "z"):
            offset = value.utcoffset() if value.tzinfo else _dt.datetime.now().astimezone().utcoffset()
            minutes = int(offset.total_seconds() // 60) if offset is not None else 0
            sign = "+" if minutes >= 0 else "-"
            hh, mm = divmod(abs(minutes), 60)
            if tok == "K":  # Utc kind: Z; Local (or an offset): the offset; Unspecified: nothing
                utc = value.tzinfo is _dt.timezone.utc
                out.append("" if value.tzinfo is None else "Z" if utc else f"{sign}{hh:02d}:{mm:02d}")
            elif tok == "zzz":
                out.append(f"{sign}{hh:02d}:{mm:02d}")
            elif tok == "zz":
                out.append(f"{sign}{hh:02d}")
            else:
                out.append(f"{sign}{hh}")
        elif tok[0] in "'\"":
            out.append(tok[1:-1])
        elif tok[0] == "\\":
            out.append(tok[1:])
        else:
            out.append(tok)
    return "".join(out)


def format_value(value: Any, spec: str) -> str:
    """ToString(spec) for a value, as used inside `{0:spec}`."""
    if not spec:
        if isinstance(value, float):
            # String.Format calls double.ToString(): .NET Core's shortest round-trip form
            from azskernel.runtime.conversion import format_double_roundtrip

            return format_double_roundtrip(value)
        return _to_string(value)
    number = _number(value)
    if number is not None:
        return format_number(number, spec)
    if isinstance(value, _dt.datetime):
        return format_datetime(value, spec)
    if isinstance(value, _dt.timedelta):
        return _to_string(value)
    return _to_string(value)


_ITEM = re.compile(r"\{\{|\}\}|\{(\d+)\s*(?:,\s*(-?\d+))?\s*(?::([^}]*))?\}|\{|\}")


def composite_format(template: str, args: list[Any]) -> str:
    """String.Format(template, args...) with .NET's `{index[,alignment][:format]}` items."""

    def one(m: re.Match[str]) -> str:
        token = m.group(0)
        if token == "{{":
            return "{"
        if token == "}}":
            return "}"
        if m.group(1) is None:
            raise FormatError(
                'Error formatting a string: Input string was not in a correct format..',
                error_id="FormatError",
                target=template,
            )
        index = int(m.group(1))
        if index >= len(args):
            raise FormatError(
                "Error formatting a string: Index (zero based) must be greater than or equal to zero and less than "
                "the size of the argument list..",
                error_id="FormatError",
                target=template,
            )
        text = format_value(args[index], m.group(3) or "")
        if m.group(2):
            width = int(m.group(2))
            text = text.ljust(-width) if width < 0 else text.rjust(width)
        return text

    return _ITEM.sub(one, template)
