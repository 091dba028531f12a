"""Static members of [math], the number types ([int]::MaxValue, [double]::Parse, [int]::TryParse(s, [ref]$n))
and [char]. Each function raises KeyError for a member it lacks; statics.py turns that into pwsh's error.
"""

from __future__ import annotations

import decimal
import math
from decimal import Decimal
from typing import Any

from azskernel.runtime import pstypes as T
from azskernel.runtime.conversion import convert_to, to_number, to_string
from azskernel.runtime.enums import EnumValue
from azskernel.runtime.errors import RuntimeException
from azskernel.runtime.method_errors import method_exception


def math_static(name: str, args: list[Any]) -> Any:
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


def round_like_math(value: float, digits: int = 0) -> float:
    """[math]::Round: half to even."""
    if digits == 0:
        return float(round(value))
    q = decimal.Decimal(repr(value)).quantize(decimal.Decimal(1).scaleb(-digits), rounding=decimal.ROUND_HALF_EVEN)
    return float(q)


def number_static(type_: T.PSType, name: str, args: list[Any] | None) -> Any:
    full = type_.full_name
    if name == "zero" and full == "System.IntPtr":
        return convert_to(0, type_)
    if name == "maxvalue":
        if full in T.INTEGER_RANGES:
            return T.INTEGER_RANGES[full][1]
        if full == "System.Double":
            return 1.7976931348623157e308
        if full == "System.Single":
            return convert_to(3.4028234663852886e38, type_)
        if full == "System.Decimal":
            return Decimal("79228162514264337593543950335")
    if name == "minvalue":
        if full in T.INTEGER_RANGES:
            return T.INTEGER_RANGES[full][0]
        if full == "System.Double":
            return -1.7976931348623157e308
        if full == "System.Single":
            return convert_to(-3.4028234663852886e38, type_)
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
            raise method_exception("Parse", args, "The input string '" + to_string(args[0]) + "' was not in a correct format.",
                                   inner_type="System.FormatException") from exc
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


def char_static(name: str, args: list[Any]) -> Any:
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
