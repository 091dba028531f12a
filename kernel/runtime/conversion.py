"""PowerShell's value conversions: to string, to bool, to number, and casts to a named type.

The rules are LanguagePrimitives' (powershell-subset.md §4): `$null` is "" / 0 / False, numbers print in the
invariant culture with .NET's shortest round-trip form, arrays join with `$OFS` (" "), `[int]` rounds half to
even, strings parse as PowerShell number literals (`"0x1a"`, `"1kb"`). A failed cast raises RuntimeException
with pwsh's InvalidCastException wording.
"""

from __future__ import annotations

import datetime as _dt
import decimal
import math
import re
import uuid
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from azskernel.language.numbers import SIZED_INTS, Single, parse_number
from azskernel.runtime import pstypes as T
from azskernel.runtime.enums import EnumValue
from azskernel.runtime.errors import ErrorCategory, RuntimeException
from azskernel.runtime.values import (
    UNSET,
    AutomationNull,
    Hashtable,
    LiteralDecimal,
    LiteralFloat,
    OrderedHashtable,
    PSObject,
)

NUMERIC = (int, float, decimal.Decimal)
_PLAIN_TYPES = frozenset({str, int, float, bool, list, tuple, dict, decimal.Decimal})


class ConversionError(RuntimeException):
    default_id = "ConvertToFinalInvalidCastException"
    default_category = ErrorCategory.InvalidArgument
    exception_type = "System.Management.Automation.PSInvalidCastException"


# ---------------------------------------------------------------- collections


def is_enumerable(value: Any) -> bool:
    """True for what the pipeline enumerates one level: arrays and lists, not strings or dictionaries."""
    if isinstance(value, (str, dict, bytes)) or value is None:
        return False
    if isinstance(value, (list, tuple, set, frozenset)):
        return True
    if isinstance(value, Iterator):
        return True
    return bool(getattr(value, "ps_enumerable", False))


def enumerate_value(value: Any) -> Iterable[Any]:
    """The items the pipeline sees for `value`: its elements when enumerable, else the value alone."""
    if value is AutomationNull:
        return ()
    if is_enumerable(value):
        return value
    return (value,)


def as_list(value: Any) -> list[Any]:
    """`@(value)`: the value's items as a new list ($null gives one element only when it is a real $null)."""
    if value is AutomationNull:
        return []
    if is_enumerable(value):
        return list(value)
    return [value]


# ---------------------------------------------------------------- strings


def _special_double(value: float) -> str | None:
    """NaN, the infinities and the two zeros, which both of .NET's double formats spell the same way."""
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "Infinity" if value > 0 else "-Infinity"
    if value == 0:
        return "-0" if math.copysign(1.0, value) < 0 else "0"
    return None


def format_double(value: float) -> str:
    """A double as PowerShell converts it to text: 15 significant digits ("G15", the precision pwsh kept from
    .NET Framework), E notation from 1E+15 and below 1E-05 (`0.1 + 0.2` prints 0.3, `[math]::PI` 3.14159265358979)."""
    special = _special_double(value)
    if special is not None:
        return special
    text = f"{value:.15g}"
    if "e" in text:
        mantissa, _, exp = text.partition("e")
        sign = "-" if exp.startswith("-") else "+"
        return f"{mantissa}E{sign}{abs(int(exp)):02d}"
    return text


def format_double_roundtrip(value: float) -> str:
    """A double as .NET Core's ToString() prints it (String.Format, `-f`): shortest round-trip digits."""
    special = _special_double(value)
    if special is not None:
        return special
    text = repr(value)
    mantissa, _, exp = text.partition("e")
    sign = ""
    if mantissa.startswith("-"):
        sign, mantissa = "-", mantissa[1:]
    int_part, _, frac = mantissa.partition(".")
    if frac == "0":
        frac = ""
    digits = (int_part + frac).lstrip("0")
    # decimal exponent of the first significant digit
    exponent = int(exp or 0) + len(int_part) - 1
    if int_part == "0":
        lead = len(frac) - len(frac.lstrip("0"))
        exponent = int(exp or 0) - lead - 1
    digits = digits.rstrip("0") or "0"
    if exponent >= 15 or exponent < -4:
        body = digits[0] + ("." + digits[1:] if len(digits) > 1 else "")
        return f"{sign}{body}E{'+' if exponent >= 0 else '-'}{abs(exponent):02d}"
    if exponent >= 0:
        if len(digits) <= exponent + 1:
            return sign + digits + "0" * (exponent + 1 - len(digits))
        return sign + digits[: exponent + 1] + "." + digits[exponent + 1 :]
    return sign + "0." + "0" * (-exponent - 1) + digits


def format_single(value: float) -> str:
    """[float] values print with about 7 significant digits, as System.Single does."""
    if math.isnan(value) or math.isinf(value) or value == 0:
        return format_double(value)
    for precision in range(6, 10):
        text = f"{value:.{precision}g}"
        import struct

        if struct.unpack("f", struct.pack("f", float(text)))[0] == struct.unpack("f", struct.pack("f", value))[0]:
            return format_double(float(text))
    return format_double(value)


def format_decimal(value: decimal.Decimal) -> str:
    text = format(value, "f")
    return text


def format_datetime(value: _dt.datetime) -> str:
    """Invariant-culture DateTime.ToString(): MM/dd/yyyy HH:mm:ss."""
    return value.strftime("%m/%d/%Y %H:%M:%S")


def format_timespan(value: _dt.timedelta) -> str:
    total = value.total_seconds()
    sign = "-" if total < 0 else ""
    ticks = abs(round(total * 10_000_000))
    days, rem = divmod(ticks, 864_000_000_000)
    hours, rem = divmod(rem, 36_000_000_000)
    minutes, rem = divmod(rem, 600_000_000)
    seconds, frac = divmod(rem, 10_000_000)
    text = f"{hours:02d}:{minutes:02d}:{seconds:02d}"
    if days:
        text = f"{days}.{text}"
    if frac:
        text += f".{frac:07d}"
    return sign + text


def to_string(value: Any, ofs: str = " ") -> str:
    """PowerShell's string conversion (as in "$x" and [string]$x; invariant culture)."""
    if value is None or value is AutomationNull or value is UNSET:
        return ""
    if isinstance(value, str):
        return str.__str__(value)
    if isinstance(value, bool):
        return "True" if value else "False"
    if isinstance(value, int):
        if type(value) is int:
            return str(value)
        return getattr(value, "token_text", None) or int.__repr__(value)
    if isinstance(value, float):
        if type(value) is Single:
            return format_single(value)
        return format_double(value) if type(value) is not LiteralFloat else value.token_text
    if isinstance(value, decimal.Decimal):
        return format_decimal(value) if type(value) is not LiteralDecimal else value.token_text
    if isinstance(value, T.SwitchParameter):
        return "True" if value.is_present else "False"
    if isinstance(value, (list, tuple)):
        return ofs.join(_element_string(v, ofs) for v in value)
    if isinstance(value, OrderedHashtable):
        return "System.Collections.Specialized.OrderedDictionary"
    if isinstance(value, Hashtable):
        return "System.Collections.Hashtable"
    if isinstance(value, dict):
        return "System.Collections.Hashtable"
    if isinstance(value, PSObject):
        custom = getattr(value, "to_string_override", None)
        if custom is not None:
            return custom()
        if value.type_names and "System.Management.Automation.PSCustomObject" not in value.type_names:
            return value.type_names[0]
        inner = "; ".join(f"{n}={to_string(v, ofs)}" for n, v in value.items())
        return "@{" + inner + "}"
    if isinstance(value, _dt.datetime):
        return format_datetime(value)
    if isinstance(value, _dt.timedelta):
        return format_timespan(value)
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, re.Pattern):
        return value.pattern
    if isinstance(value, T.PSType):
        return value.full_name
    method = getattr(value, "ps_to_string", None)
    if callable(method):
        return str(method())
    if isinstance(value, (T.PSVersion, T.PSUri, T.DotNetException)):
        return str(value)
    if isinstance(value, (set, frozenset)) or isinstance(value, Iterator):
        return ofs.join(to_string(v, ofs) for v in value)
    if isinstance(value, bytes):
        return " ".join(str(b) for b in value)
    names = getattr(value, "ps_type_names", None)
    if names and type(value).__str__ is object.__str__:
        return names[0]
    return str(value)


def _element_string(value: Any, ofs: str) -> str:
    """An array element joined into a string: its .NET ToString(), so a nested array is its type name and a
    PSCustomObject is "" (pwsh's `[string]@(1, @(2, 3))` is "1 System.Object[]")."""
    if isinstance(value, (list, tuple)):
        return T.type_of(value).full_name
    if type(value) is PSObject and "System.Management.Automation.PSCustomObject" in value.type_names:
        return ""
    return to_string(value, ofs)


# ---------------------------------------------------------------- booleans


def to_bool(value: Any) -> bool:
    """PowerShell truthiness (§4): $null, 0, "", empty collection, [char]0 are false."""
    if value is None or value is AutomationNull:
        return False
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        return len(value) > 0 and not (isinstance(value, T.PSChar) and value == "\0")
    if isinstance(value, NUMERIC):
        return value != 0
    if isinstance(value, T.SwitchParameter):
        return value.is_present
    if isinstance(value, EnumValue):
        return value.number != 0
    if isinstance(value, (list, tuple)):
        if len(value) == 0:
            return False
        if len(value) == 1:
            return to_bool(value[0])
        return True
    return True


# ---------------------------------------------------------------- numbers


def _bad_number(value: Any, target: str) -> ConversionError:
    return ConversionError(
        f'Cannot convert value "{to_string(value)}" to type "{target}". '
        f"Error: \"The input string '{to_string(value)}' was not in a correct format.\"",
        error_id="InvalidCastFromStringToInteger" if "Int" in target else "InvalidCastFromStringToDoubleOrSingle",
        target=value,
    )


def parse_numeric_string(text: str, target: str = "System.Int32") -> int | float | decimal.Decimal:
    stripped = text.strip()
    if stripped == "":
        return 0
    number = parse_number(stripped)
    if number is None:
        lowered = stripped.lower()
        if lowered in ("infinity", "+infinity"):
            return math.inf
        if lowered == "-infinity":
            return -math.inf
        if lowered == "nan":
            return math.nan
        # "1,000" style thousands separators parse in the invariant culture for doubles
        if re.fullmatch(r"[+-]?\d{1,3}(,\d{3})+(\.\d+)?", stripped):
            return parse_numeric_string(stripped.replace(",", ""), target)
        raise _bad_number(text, target)
    return number


def to_number(value: Any) -> int | float | decimal.Decimal:
    """The number an arithmetic operator sees: strings parse as literals, $null is 0, bools 0/1."""
    if value is None or value is AutomationNull:
        return 0
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, NUMERIC):
        return value
    if isinstance(value, T.SwitchParameter):
        return int(value.is_present)
    if isinstance(value, T.PSChar):
        return ord(value)
    if isinstance(value, str):
        return parse_numeric_string(value, "System.Int32" if re.fullmatch(r"\s*[+-]?\d+\s*", value) else "System.Double")
    if isinstance(value, (list, tuple)) and len(value) == 1:
        return to_number(value[0])
    if isinstance(value, EnumValue):
        return value.number
    raise ConversionError(
        f'Cannot convert the "{to_string(value)}" value of type "{T.type_of(value).full_name}" to type "System.Int32".',
        target=value,
    )


def round_half_even(value: float | decimal.Decimal) -> int:
    if isinstance(value, decimal.Decimal):
        return int(value.to_integral_value(rounding=decimal.ROUND_HALF_EVEN))
    if math.isnan(value) or math.isinf(value):
        raise OverflowError
    return round(value)


_DIGITS = re.compile(r"\s*[+-]?\d+\s*")


def _to_integer(value: Any, target: T.PSType) -> int:
    name = target.full_name
    lo, hi = T.INTEGER_RANGES.get(name, (-(2**127), 2**127))
    if isinstance(value, str) and name == "System.Numerics.BigInteger" and _DIGITS.fullmatch(value):
        number = int(value)  # exact, however long
    elif isinstance(value, str) and not isinstance(value, T.PSChar):
        number = parse_numeric_string(value, name)
    elif isinstance(value, T.PSChar):
        number = ord(value)
    else:
        number = to_number(value)
    try:
        result = int(number) if isinstance(number, int) else round_half_even(number)
    except OverflowError:
        result = hi + 1
    if not lo <= result <= hi:
        short = name.rsplit(".", 1)[-1]
        raise ConversionError(
            f'Cannot convert value "{to_string(value)}" to type "{name}". '
            f'Error: "Value was either too large or too small for {"a" if short[0] not in "UI" else "an"} {short}."',
            target=value,
        )
    sized = SIZED_INTS.get(name)
    return result if sized is None else sized(result)


# ---------------------------------------------------------------- dates and misc parsers

_DATE_FORMATS = (
    "%Y-%m-%dT%H:%M:%S.%f%z", "%Y-%m-%dT%H:%M:%S%z", "%Y-%m-%dT%H:%M:%S.%f", "%Y-%m-%dT%H:%M:%S",
    "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%d", "%m/%d/%Y %H:%M:%S", "%m/%d/%Y %H:%M",
    "%m/%d/%Y", "%Y/%m/%d", "%Y/%m/%d %H:%M:%S", "%d %B %Y", "%B %d, %Y", "%b %d, %Y", "%d %b %Y",
    "%m/%d/%Y %I:%M:%S %p", "%m/%d/%Y %I:%M %p", "%H:%M:%S", "%H:%M",
)


def parse_datetime(text: str) -> _dt.datetime:
    cleaned = text.strip()
    if cleaned.endswith("Z"):
        cleaned = cleaned[:-1] + "+0000"
    cleaned = re.sub(r"(\.\d{6})\d+", r"\1", cleaned)
    for fmt in _DATE_FORMATS:
        try:
            parsed = _dt.datetime.strptime(cleaned, fmt)
        except ValueError:
            continue
        if fmt.startswith("%H"):
            today = _dt.date.today()
            parsed = parsed.replace(year=today.year, month=today.month, day=today.day)
        if parsed.tzinfo is not None:
            parsed = parsed.astimezone().replace(tzinfo=None)
        return parsed
    raise ConversionError(
        f'Cannot convert value "{text}" to type "System.DateTime". Error: "String \'{text}\' was not recognized as a valid DateTime."',
        target=text,
    )


def parse_timespan(text: str) -> _dt.timedelta:
    m = re.fullmatch(r"\s*(-)?(?:(\d+)\.)?(\d+):(\d+)(?::(\d+)(?:\.(\d{1,7}))?)?\s*", text)
    if m is None:
        if re.fullmatch(r"\s*-?\d+\s*", text):
            return _dt.timedelta(days=int(text))
        raise ConversionError(
            f'Cannot convert value "{text}" to type "System.TimeSpan". Error: "String \'{text}\' was not recognized as a valid TimeSpan."',
            target=text,
        )
    neg, days, hours, minutes, seconds, frac = m.groups()
    span = _dt.timedelta(days=int(days or 0), hours=int(hours), minutes=int(minutes), seconds=int(seconds or 0),
                         microseconds=int((frac or "0").ljust(7, "0")) // 10)
    return -span if neg else span


def parse_version(text: str) -> T.PSVersion:
    stripped = text.strip()
    if not re.fullmatch(r"\d+(\.\d+){1,3}", stripped):
        raise ConversionError(
            f'Cannot convert value "{text}" to type "System.Version". Error: "Version string portion was too short or too long."',
            target=text,
        )
    return T.PSVersion(tuple(int(p) for p in stripped.split(".")))


def parse_guid(text: str) -> uuid.UUID:
    try:
        return uuid.UUID(text.strip().strip("{}"))
    except ValueError:
        raise ConversionError(
            f'Cannot convert value "{text}" to type "System.Guid". Error: "Guid should contain 32 digits with 4 dashes (xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)."',
            target=text,
        ) from None


# ---------------------------------------------------------------- casts


def _cannot(value: Any, target: T.PSType) -> ConversionError:
    source = T.type_of(value).full_name if value is not None else "null"
    return ConversionError(
        f'Cannot convert the "{to_string(value)}" value of type "{source}" to type "{target.full_name}".',
        target=value,
    )


cannot_convert = _cannot
"""The failed cast's error, for the modules that register conversions (GENERIC_CONVERTERS)."""


def _resolve(type_: Any) -> T.PSType:
    if isinstance(type_, T.PSType):
        return type_
    if isinstance(type_, str):
        return T.resolve_type(type_)
    mapping = {
        str: T.STRING, int: T.INT, float: T.DOUBLE, bool: T.BOOL, decimal.Decimal: T.DECIMAL,
        list: T.OBJECT_ARRAY, tuple: T.OBJECT_ARRAY, dict: T.HASHTABLE, Hashtable: T.HASHTABLE,
        OrderedHashtable: T.ORDERED, PSObject: T.PSCUSTOMOBJECT, _dt.datetime: T.DATETIME,
        _dt.timedelta: T.TIMESPAN, uuid.UUID: T.GUID, object: T.OBJECT, T.SwitchParameter: T.SWITCH,
        T.PSVersion: T.VERSION, T.PSUri: T.URI,
    }
    if type_ in mapping:
        return mapping[type_]
    if isinstance(type_, type):
        names = getattr(type_, "ps_type_names", None)
        return T.PSType(names[0] if names else type_.__qualname__, (type_,))
    raise TypeError(f"not a type: {type_!r}")


def is_instance(value: Any, type_: Any) -> bool:
    """`-is`: whether the value is of that type (or derives from it)."""
    target = _resolve(type_)
    if value is None:
        return False
    name = target.full_name
    if name == "System.Object":
        return True
    if name == "System.Management.Automation.PSObject":
        return True
    if target.is_array:
        if not isinstance(value, (list, tuple)):
            return False
        if target.element is T.OBJECT:
            return not isinstance(value, T.TypedArray) or True
        return isinstance(value, T.TypedArray) and value.element.full_name == target.element.full_name
    if name in T.INTEGER_RANGES or name == "System.Numerics.BigInteger":
        return isinstance(value, int) and not isinstance(value, bool) and T.type_of(value).full_name == name
    if name == "System.ValueType":
        return isinstance(value, (int, float, decimal.Decimal, bool, _dt.datetime, _dt.timedelta, uuid.UUID))
    if name == "System.Array":
        return isinstance(value, (list, tuple)) and not isinstance(value, T.ArrayList)
    if name in ("System.Collections.IEnumerable", "System.Collections.ICollection", "System.Collections.IList"):
        return isinstance(value, (list, tuple, dict)) or (name == "System.Collections.IEnumerable" and isinstance(value, str))
    if name in ("System.Collections.IDictionary",):
        return isinstance(value, dict)
    if name == "System.Management.Automation.PSCustomObject":
        return isinstance(value, PSObject)
    names = type_names(value)
    folded = name.casefold()
    # an interface a value declares (an enumerator is an IEnumerator)
    return any(n.casefold() == folded for n in (*names, *getattr(value, "ps_interfaces", ())))


def type_names(value: Any) -> list[str]:
    """PowerShell type names of a value, most derived first."""
    if isinstance(value, PSObject):
        return list(value.type_names)
    if type(value) not in _PLAIN_TYPES:
        notes = getattr(value, "_ps_notes", None)  # Add-Member -TypeName (etsmembers.type_name_list)
        if notes is not None and notes.type_names:
            return list(notes.type_names)
    names = getattr(value, "ps_type_names", None)
    if names:
        return list(names)
    t = T.type_of(value)
    out = [t.full_name]
    if isinstance(value, (int, float, decimal.Decimal, bool, _dt.datetime, _dt.timedelta, uuid.UUID)):
        out.append("System.ValueType")
    if isinstance(value, (list, tuple)) and not isinstance(value, T.ArrayList):
        out.append("System.Array")
    out.append("System.Object")
    return out


_PARSED_TYPES: dict[str, tuple[type, Callable[[str], Any], Callable[[int], Any] | None]] = {
    # target -> (its Python type, the parser for a string, the conversion from .NET ticks of 100 ns)
    "System.DateTime": (_dt.datetime, parse_datetime, lambda ticks: _dt.datetime(1, 1, 1) + _dt.timedelta(microseconds=ticks // 10)),
    "System.TimeSpan": (_dt.timedelta, parse_timespan, lambda ticks: _dt.timedelta(microseconds=ticks / 10)),
    "System.Guid": (uuid.UUID, parse_guid, None),
}


STRING_PARSERS: dict[str, Callable[[str], Any]] = {}
"""Types a string converts to through their Parse method (pwsh's conversion by a static Parse), by full name;
the modules defining them register here (IPAddress, DateTimeOffset, DateOnly, TimeOnly)."""

GENERIC_CONVERTERS: dict[str, Callable[[Any, T.PSType], Any]] = {}
"""Conversions to a generic type by its base name (`System.Func`: method values to delegates), registered by the
modules that define them (method_values.py)."""

HASHTABLE_TYPES: dict[str, Callable[[dict[Any, Any]], Any]] = {}
"""Types a hashtable converts to by setting their properties (`[Coordinates]@{X=1}`), registered by netrecords.py;
the function raises netrecords.PropertyNotSettable or a conversion error for a key or value that does not fit."""


def _object_creation_error(value: Any, target: T.PSType, reason: str, inner_id: str = "ObjectCreationError") -> ConversionError:
    """pwsh's failed hashtable-to-object (or object-to-hashtable) conversion: the error carries the cast
    exception whose own record has the specific id."""
    message = (f'Cannot create object of type "{target.full_name}". {reason}' if inner_id == "ObjectCreationError"
               else reason)
    err = ConversionError(message, error_id=inner_id, target=value)
    inner_record = ConversionError(message, error_id=inner_id, target=value).record
    cast = "System.Management.Automation.PSInvalidCastException"
    inner = T.DotNetException(cast, message, None, inner_record)
    err.record.details["exception"] = T.DotNetException("System.Management.Automation.RuntimeException", message,
                                                        inner, err.record)
    return err


def convert_to(value: Any, type_: Any) -> Any:
    """Cast `value` to a PowerShell type (a PSType, a type-literal string such as "int[]", or a Python type)."""
    target = _resolve(type_)
    if value is AutomationNull:
        value = None
    name = target.full_name
    if name == "System.Object" or name == "System.Management.Automation.PSObject":
        return value
    if name == "System.Void":
        return AutomationNull
    if target.is_array:
        element = target.element or T.OBJECT
        if isinstance(value, str) and element.full_name == "System.Char":
            return T.TypedArray([T.PSChar(c) for c in value], element)
        items = as_list(value) if value is not None else []
        if element is T.STRING:
            # a .NET string[] holds nulls as nulls (Test-Path -Path $null, $null sees two null paths)
            converted = [None if v is None else convert_to(v, element) for v in items]
        else:
            converted = [convert_to(v, element) for v in items]
        if element is T.OBJECT:
            return converted
        return T.TypedArray(converted, element)
    if name == "System.String":
        if value is None:
            return ""
        return to_string(value)
    if name == "System.Boolean":
        return to_bool(value)
    if name == "System.Management.Automation.SwitchParameter":
        return T.SwitchParameter(to_bool(value))
    if name in T.INTEGER_RANGES or name == "System.Numerics.BigInteger":
        if value is None:
            value = 0
        if isinstance(value, (list, tuple)):
            if len(value) == 1:
                return convert_to(value[0], target)
            raise _cannot(value, target)
        if not isinstance(value, (str, bool, int, float, decimal.Decimal, T.SwitchParameter, EnumValue)):
            raise _cannot(value, target)
        return _to_integer(value, target)
    if name in ("System.Double", "System.Single"):
        if value is None:
            return Single(0.0) if name == "System.Single" else 0.0
        if isinstance(value, str) and not isinstance(value, T.PSChar):
            number = parse_numeric_string(value, name)
        elif isinstance(value, (bool, int, float, decimal.Decimal, T.SwitchParameter, T.PSChar, EnumValue)):
            number = to_number(value)
        else:
            raise _cannot(value, target)
        return Single(number) if name == "System.Single" else float(number)
    if name == "System.Decimal":
        if value is None:
            return decimal.Decimal(0)
        if isinstance(value, float):
            return decimal.Decimal(format_double(value))
        if isinstance(value, (str, bool, int, decimal.Decimal)):
            number = to_number(value) if not isinstance(value, str) else parse_numeric_string(value, name)
            return decimal.Decimal(number) if not isinstance(number, float) else decimal.Decimal(format_double(number))
        raise _cannot(value, target)
    if name == "System.Char":
        if isinstance(value, T.PSChar):
            return value
        if isinstance(value, str) and len(value) == 1:
            return T.PSChar(value)
        if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 0xFFFF:
            return T.PSChar(chr(value))
        if isinstance(value, str):
            raise ConversionError(
                f'Cannot convert value "{value}" to type "System.Char". Error: "String must be exactly one character long."',
                target=value,
            )
        raise _cannot(value, target)
    parsed = _PARSED_TYPES.get(name)
    if parsed is not None:
        python_type, parse_text, from_ticks = parsed
        if isinstance(value, python_type):
            return value
        if isinstance(value, str):
            return parse_text(value)
        if from_ticks is not None and isinstance(value, int) and not isinstance(value, bool):
            return from_ticks(value)
        raise _cannot(value, target)
    if name == "System.Version":
        if isinstance(value, T.PSVersion):
            return value
        if isinstance(value, (str, int, float)):
            return parse_version(to_string(value))
        raise _cannot(value, target)
    if name == "System.Uri":
        if isinstance(value, T.PSUri):
            return value
        if isinstance(value, str):
            if not re.match(r"^[a-zA-Z][a-zA-Z0-9+.\-]*:", value.strip()):
                raise ConversionError(
                    f'Cannot convert value "{value}" to type "System.Uri". Error: "Invalid URI: The format of the URI could not be determined."',
                    target=value,
                )
            return T.PSUri(value.strip())
        raise _cannot(value, target)
    if name == "System.Text.RegularExpressions.Regex":
        if isinstance(value, re.Pattern):
            return value
        from azskernel.runtime.regexes import compile_regex

        return compile_regex(to_string(value), ignore_case=False)
    if name in ("System.Collections.Hashtable", "System.Collections.Specialized.OrderedDictionary") and value is None:
        return None  # null converts to any reference type
    if name == "System.Collections.Hashtable":
        if isinstance(value, Hashtable) and not isinstance(value, OrderedHashtable):
            return value
        if isinstance(value, dict):
            return Hashtable(value.items())
        if isinstance(value, PSObject):
            raise _object_creation_error(value, target, _cannot(value, target).record.message,
                                         "InvalidCastConstructorException")
        raise _cannot(value, target)
    if name == "System.Collections.Specialized.OrderedDictionary":
        if isinstance(value, OrderedHashtable):
            return value
        if isinstance(value, dict):
            return OrderedHashtable(value.items())
        raise _cannot(value, target)
    if name == "System.Management.Automation.PSCustomObject":
        if isinstance(value, dict):
            made = PSObject()
            for k, v in value.items():
                if isinstance(k, str) and k.casefold() == "pstypename":  # names the object's type, first
                    made.type_names.insert(0, to_string(v))
                else:
                    made.set(to_string(k), v)
            return made
        if isinstance(value, PSObject):
            return value
        return value
    if (name == "System.Collections.ArrayList" or name.startswith("System.Collections.Generic.List[")
            or name.startswith("System.Collections.ObjectModel.Collection[")):
        element = target.generic_args[0] if target.generic_args else None
        items = as_list(value) if value is not None else []
        if element is not None:
            items = [convert_to(v, element) for v in items]
        return T.ArrayList(items, element, name.split("[", 1)[0])
    if name.startswith("System.Collections.Generic.HashSet["):
        from azskernel.runtime.collections_ext import HashSet

        element = target.generic_args[0]
        return HashSet((convert_to(v, element) for v in as_list(value)) if value is not None else (), element)
    if name == "System.Type":
        if isinstance(value, T.PSType):
            return value
        if isinstance(value, str):
            return T.resolve_type(value)
        raise _cannot(value, target)
    if name == "System.Management.Automation.ScriptBlock":
        if isinstance(value, T.ScriptBlockLike):
            return value
        raise _cannot(value, target)
    if T.DotNetException in target.py:
        if isinstance(value, T.DotNetException):
            return value
        if isinstance(value, str):
            return T.DotNetException(name, value)
        raise _cannot(value, target)
    if name == "System.Globalization.CultureInfo" and value is not None:
        from azskernel.runtime.culture import culture

        return culture(value)
    if name in ("System.IO.FileInfo", "System.IO.DirectoryInfo", "System.IO.FileSystemInfo") and isinstance(value, str):
        from pathlib import Path

        from azskernel.runtime.fileinfo import FileSystemItem

        return FileSystemItem(Path(value).absolute(), original=value)
    if target.generic_args:
        generic = GENERIC_CONVERTERS.get(name.split("[", 1)[0])
        if generic is not None:
            return generic(value, target)
    definition = getattr(target, "definition", None)
    if definition is not None:  # a PowerShell class (runtime/classes.py)
        return definition.convert(value, target)
    from_table = HASHTABLE_TYPES.get(name)
    if from_table is not None and isinstance(value, dict):
        try:
            return from_table(value)
        except RuntimeException as exc:
            raise _object_creation_error(value, target, exc.record.message) from exc
        except Exception as exc:  # noqa: BLE001 - netrecords.PropertyNotSettable (the runtime layer below it)
            raise _object_creation_error(value, target, str(exc)) from exc
    parse = STRING_PARSERS.get(name)
    if parse is not None and isinstance(value, str):
        try:
            return parse(value)
        except (ValueError, RuntimeException) as exc:
            raise _cannot(value, target) from exc
    from azskernel.runtime.enums import find_enum

    enum_type = find_enum(name)
    if enum_type is not None:
        return enum_type.convert(value)
    if value is not None and any(n.casefold() == name.casefold() for n in type_names(value)):
        return value
    if value is None:
        return None
    raise _cannot(value, target)
