"""PowerShell's operators on values (powershell-subset.md §4): arithmetic led by the left operand,
comparisons that convert the right operand to the left's type and filter when the left is a collection,
-like/-match/-replace/-split/-join/-f, -contains/-in, -is/-as, bitwise and range operators.
"""

from __future__ import annotations

import datetime as _dt
import decimal
import math
import os
import re
from typing import Any

from azskernel.language.numbers import BigInteger
from azskernel.runtime import pstypes as T
from azskernel.runtime.conversion import (
    ConversionError,
    as_list,
    convert_to,
    is_instance,
    to_bool,
    to_number,
    to_string,
)
from azskernel.runtime.dotnetformat import composite_format
from azskernel.runtime.enums import EnumValue
from azskernel.runtime.errors import ErrorCategory, RuntimeException
from azskernel.runtime import regexes
from azskernel.runtime.regexes import compile_regex, expand_replacement
from azskernel.runtime.splitop import split_operator
from azskernel.runtime.values import AutomationNull, Hashtable, OrderedHashtable, PSObject

INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1


class OperatorError(RuntimeException):
    default_id = "OperatorError"
    default_category = ErrorCategory.InvalidOperation


def _is_list(value: Any) -> bool:
    return isinstance(value, (list, tuple))


def _numeric(value: Any) -> Any:
    if isinstance(value, EnumValue):
        return value.number
    return to_number(value)


INT32_MIN, INT32_MAX = -(2**31), 2**31 - 1


def _widen(value: Any, x: Any = 0, y: Any = 0) -> Any:
    """Integer overflow widens to double, as pwsh does: int32 op int32 beyond int32, or beyond int64; an
    operation on a BigInteger stays an exact BigInteger."""
    if isinstance(value, int) and not isinstance(value, bool):
        if type(x) is BigInteger or type(y) is BigInteger:
            return BigInteger(value)
        if not INT64_MIN <= value <= INT64_MAX:
            return float(value)
        if not INT32_MIN <= value <= INT32_MAX and INT32_MIN <= x <= INT32_MAX and INT32_MIN <= y <= INT32_MAX:
            return float(value)
    return value


def _arith(op: str, a: Any, b: Any) -> Any:
    x, y = _numeric(a), _numeric(b)
    if isinstance(x, decimal.Decimal) or isinstance(y, decimal.Decimal):
        if isinstance(x, float) or isinstance(y, float):
            x, y = float(x), float(y)
        else:
            x, y = decimal.Decimal(x), decimal.Decimal(y)
    if op == "+":
        return _widen(x + y, x, y) if isinstance(x, int) and isinstance(y, int) else x + y
    if op == "-":
        return _widen(x - y, x, y) if isinstance(x, int) and isinstance(y, int) else x - y
    if op == "*":
        return _widen(x * y, x, y) if isinstance(x, int) and isinstance(y, int) else x * y
    if op == "/":
        if y == 0:
            raise _divide_by_zero()
        if isinstance(x, int) and isinstance(y, int):
            if x % y == 0:
                return _widen(x // y)
            return x / y
        return x / y
    if op == "%":
        if y == 0:
            raise _divide_by_zero()
        if isinstance(x, int) and isinstance(y, int):
            r = abs(x) % abs(y)
            return -r if x < 0 else r
        if isinstance(x, decimal.Decimal):
            return x % y
        return math.fmod(x, y)
    raise OperatorError(f"Unknown operator {op}.")


def _wrapped(dotnet_type: str, message: str) -> OperatorError:
    """pwsh wraps a .NET exception of an operator in a RuntimeException; `catch [T]` sees the inner one."""
    err = OperatorError(message, error_id="RuntimeException", category=ErrorCategory.NotSpecified)
    inner = T.DotNetException(dotnet_type, message)
    err.record.details["exception"] = T.DotNetException(
        "System.Management.Automation.RuntimeException", message, inner, err.record)
    return err


def _divide_by_zero() -> OperatorError:
    return _wrapped("System.DivideByZeroException", "Attempted to divide by zero.")


def out_of_memory() -> OperatorError:
    return _wrapped("System.OutOfMemoryException", "Exception of type 'System.OutOfMemoryException' was thrown.")


_MAX_STRING = 0x3FFFFFDF
"""The longest .NET string (String.MaxLength); longer is an OutOfMemoryException whatever the memory."""
_ELEMENT_BYTES = 8


def _check_allocation(count: int, item_bytes: int, limit: int) -> None:
    """What .NET's allocator would refuse (beyond its limit, or beyond the memory there is) is refused here
    before Python tries it: an OutOfMemoryException as pwsh reports it, not a MemoryError or a swapping host."""
    if count > limit or count * item_bytes > _available_memory() // 4:
        raise out_of_memory()


def _available_memory() -> int:
    try:
        return int(os.sysconf("SC_AVPHYS_PAGES")) * int(os.sysconf("SC_PAGE_SIZE"))
    except (ValueError, OSError, AttributeError):
        return 1 << 62


def _op_failed(op: str, a: Any, b: Any) -> OperatorError:
    left = T.type_of(a).full_name if a is not None else "null"
    return OperatorError(
        f"Method invocation failed because [{left}] does not contain a method named 'op_{_OP_NAMES.get(op, op)}'.",
        error_id="MethodNotFound",
    )


_OP_NAMES = {"+": "Addition", "-": "Subtraction", "*": "Multiply", "/": "Division", "%": "Modulus"}


def add(a: Any, b: Any) -> Any:
    if a is AutomationNull:
        a = None
    if b is AutomationNull:
        b = None
    if a is None:
        if b is None:
            return None
        if _is_list(b):
            return list(b)
        if isinstance(b, (str, int, float, decimal.Decimal)) and not isinstance(b, bool):
            return b
        return add(0, b) if isinstance(b, bool) else b
    if isinstance(a, T.PSChar) and isinstance(b, (int, float, decimal.Decimal)) and not isinstance(b, bool):
        return _arith("+", ord(a), b)
    if isinstance(a, str):
        return str.__str__(a) + to_string(b)
    if _is_list(a):
        result = list(a)
        if _is_list(b):
            result.extend(b)
        else:
            result.append(b)
        return result
    if isinstance(a, dict):
        if not isinstance(b, dict):
            raise OperatorError("A hash table can only be added to another hash table.", error_id="AddHashTableToNonHashTable")
        result_h = OrderedHashtable(a.items()) if isinstance(a, OrderedHashtable) else Hashtable(a.items())
        for k, v in b.items():
            if k in result_h:
                raise OperatorError(
                    f"Item has already been added. Key in dictionary: '{to_string(k)}'  Key being added: '{to_string(k)}'",
                    error_id="DuplicateKeyInHashLiteral",
                )
            result_h[k] = v
        return result_h
    if isinstance(a, _dt.datetime):
        if isinstance(b, _dt.timedelta):
            return a + b
        raise _op_failed("+", a, b)
    if isinstance(a, _dt.timedelta):
        if isinstance(b, _dt.timedelta):
            return a + b
        if isinstance(b, _dt.datetime):
            raise _op_failed("+", a, b)
    if isinstance(a, (int, float, decimal.Decimal, bool, T.SwitchParameter, EnumValue)):
        if isinstance(b, str):
            b = _string_operand(b, a)
        return _arith("+", a, b)
    raise _op_failed("+", a, b)


def _string_operand(b: str, a: Any) -> Any:
    try:
        return to_number(b)
    except ConversionError:
        raise ConversionError(
            f'Cannot convert value "{b}" to type "{T.type_of(a).full_name if not isinstance(a, bool) else "System.Int32"}". '
            f"Error: \"The input string '{b}' was not in a correct format.\"",
            error_id="InvalidCastFromStringToInteger",
        ) from None


def subtract(a: Any, b: Any) -> Any:
    if a is AutomationNull:
        a = None
    if isinstance(a, _dt.datetime):
        if isinstance(b, _dt.datetime):
            return a.replace(tzinfo=None) - b.replace(tzinfo=None) if (a.tzinfo is None) != (b.tzinfo is None) else a - b
        if isinstance(b, _dt.timedelta):
            return a - b
    if isinstance(a, _dt.timedelta) and isinstance(b, _dt.timedelta):
        return a - b
    if _is_list(a) or isinstance(a, dict):
        raise _op_failed("-", a, b)
    if isinstance(b, str) and not isinstance(a, str):
        b = _string_operand(b, a if a is not None else 0)
    return _arith("-", a, b)


def multiply(a: Any, b: Any) -> Any:
    if a is AutomationNull:
        a = None
    if isinstance(a, str):
        count = convert_to(b, "int")
        if count < 0:
            raise OperatorError("The value of the argument must be non-negative.")
        _check_allocation(len(a) * count, 4, _MAX_STRING)
        return str.__str__(a) * count
    if _is_list(a):
        count = convert_to(b, "int")
        # ArrayOps.Multiply: the new length must be an Int32 (else pwsh's cast error, with that length)
        length = convert_to(len(a) * count, "int") if count > 1 else len(a) * count
        _check_allocation(length, _ELEMENT_BYTES, 0x7FFFFFC7)  # Array.MaxLength
        return list(a) * count
    if isinstance(a, dict):
        raise _op_failed("*", a, b)
    if isinstance(b, str):
        b = _string_operand(b, a if a is not None else 0)
    return _arith("*", a, b)


def divide(a: Any, b: Any) -> Any:
    if a is AutomationNull:
        a = None
    if _is_list(a) or isinstance(a, dict):
        raise _op_failed("/", a, b)
    if isinstance(a, _dt.timedelta) and isinstance(b, (int, float)):
        return a / b
    return _arith("/", a, b)


def modulo(a: Any, b: Any) -> Any:
    if _is_list(a) or isinstance(a, dict):
        raise _op_failed("%", a, b)
    return _arith("%", a, b)


ARITHMETIC = {"+": add, "-": subtract, "*": multiply, "/": divide, "%": modulo}


# ---------------------------------------------------------------- comparison


def _convert_for_compare(b: Any, a: Any) -> tuple[bool, Any]:
    """The right operand converted to the left operand's type; (False, None) when impossible."""
    try:
        if isinstance(a, bool):
            return True, to_bool(b)
        if isinstance(a, (int, float, decimal.Decimal)):
            if isinstance(b, (int, float, decimal.Decimal)) and not isinstance(b, bool):
                return True, b
            if b is None:
                return True, None
            if isinstance(b, EnumValue):
                return True, b.number
            return True, to_number(b)
        if isinstance(a, T.PSChar):
            if isinstance(b, str):
                return True, b
            if isinstance(b, int):
                return True, T.PSChar(chr(b))
            return True, to_string(b)
        if isinstance(a, str):
            return True, to_string(b) if b is not None else None
        if isinstance(a, EnumValue):
            if isinstance(b, EnumValue):
                return True, b
            return True, convert_to(b, a.type_name)
        if isinstance(a, _dt.datetime) and isinstance(b, (str, int)) and not isinstance(b, bool):
            return True, convert_to(b, "datetime")  # a number is ticks
        if isinstance(a, T.PSVersion) and isinstance(b, str):
            return True, convert_to(b, "version")
        if isinstance(a, _dt.timedelta) and isinstance(b, str):
            return True, convert_to(b, "timespan")
    except (RuntimeException, ValueError, TypeError, OverflowError):
        return False, None
    return True, b


def equals(a: Any, b: Any, ignore_case: bool = True) -> bool:
    if a is AutomationNull:
        a = None
    if b is AutomationNull:
        b = None
    if a is None:
        return b is None
    if b is None:
        return False
    if isinstance(a, T.SwitchParameter):
        a = a.is_present
    ok, bb = _convert_for_compare(b, a)
    if not ok:
        return False
    if isinstance(a, str):
        if not isinstance(bb, str):
            return False
        if ignore_case:
            return a.casefold() == bb.casefold()
        return str.__eq__(a, bb)
    if isinstance(a, EnumValue):
        return a == bb
    if isinstance(a, (int, float, decimal.Decimal)) and isinstance(bb, (int, float, decimal.Decimal)):
        if isinstance(a, decimal.Decimal) and isinstance(bb, float):
            return float(a) == bb
        if isinstance(bb, decimal.Decimal) and isinstance(a, float):
            return a == float(bb)
        # an integer meets a double as a double, as .NET does
        if type(a) is not type(bb) and isinstance(a, float) != isinstance(bb, float):
            try:
                return float(a) == float(bb)
            except OverflowError:
                return False
        return a == bb
    if isinstance(a, (PSObject, list, dict)):
        return a is bb
    try:
        return bool(a == bb)
    except Exception:
        return False


def compare_values(a: Any, b: Any, ignore_case: bool = True) -> int:
    """-1/0/1 as LanguagePrimitives.Compare: right converted to the left's type; $null is the smallest."""
    if a is AutomationNull:
        a = None
    if b is AutomationNull:
        b = None
    if a is None:
        if b is None:
            return 0
        if isinstance(b, (int, float, decimal.Decimal)) and not isinstance(b, bool):
            return _cmp(0, b)
        if isinstance(b, bool):
            return _cmp(False, b)
        if isinstance(b, str):
            return _cmp("", b.casefold() if ignore_case else b)
        return -1
    if b is None:
        if isinstance(a, (int, float, decimal.Decimal)) and not isinstance(a, bool):
            return _cmp(a, 0)
        if isinstance(a, str):
            return _cmp(a, "") if a else 0
        return 1
    if isinstance(a, T.SwitchParameter):
        a = a.is_present
    ok, bb = _convert_for_compare(b, a)
    if not ok:
        raise OperatorError(
            f'Cannot compare "{to_string(a)}" to "{to_string(b)}" because the objects are not the same type or the object '
            f'"{to_string(a)}" does not implement "IComparable".',
            error_id="ComparisonFailure",
        )
    if isinstance(a, str):
        x, y = (a.casefold(), bb.casefold()) if ignore_case else (a, bb)
        return _string_cmp(x, y, ignore_case)
    if isinstance(a, EnumValue):
        return _cmp(a.number, bb.number if isinstance(bb, EnumValue) else bb)
    if isinstance(a, _dt.datetime) and isinstance(bb, _dt.datetime) and (a.tzinfo is None) != (bb.tzinfo is None):
        a, bb = a.replace(tzinfo=None), bb.replace(tzinfo=None)  # .NET compares the clock readings (ticks)
    try:
        return _cmp(a, bb)
    except TypeError:
        raise OperatorError(
            f'Cannot compare "{to_string(a)}" because it is not IComparable.', error_id="NotIcomparable"
        ) from None


def _string_cmp(x: str, y: str, ignore_case: bool) -> int:
    if x == y:
        return 0
    # culture-aware ordering puts lower-case before upper-case for otherwise equal letters
    kx, ky = x.casefold(), y.casefold()
    if kx != ky:
        return _cmp(kx, ky)
    return _cmp(x.swapcase(), y.swapcase())


def _cmp(a: Any, b: Any) -> int:
    return (a > b) - (a < b)


_WILDCARD_CACHE: dict[tuple[str, bool], re.Pattern[str]] = {}


def wildcard_regex(pattern: str, ignore_case: bool = True) -> re.Pattern[str]:
    key = (pattern, ignore_case)
    cached = _WILDCARD_CACHE.get(key)
    if cached is not None:
        return cached
    out = []
    i = 0
    while i < len(pattern):
        c = pattern[i]
        if c == "`" and i + 1 < len(pattern):
            out.append(re.escape(pattern[i + 1]))
            i += 2
            continue
        if c == "*":
            out.append(".*")
        elif c == "?":
            out.append(".")
        elif c == "[":
            close = pattern.find("]", i + 1)
            if close < 0:
                out.append(re.escape(c))
            else:
                body = pattern[i + 1:close]
                out.append("[" + body.replace("\\", "\\\\").replace("[", "\\[") + "]")
                i = close
        else:
            out.append(re.escape(c))
        i += 1
    compiled = re.compile("".join(out) + r"\Z", re.S | (re.IGNORECASE if ignore_case else 0))
    _WILDCARD_CACHE[key] = compiled
    return compiled


def like(a: Any, pattern: Any, ignore_case: bool = True) -> bool:
    return wildcard_regex(to_string(pattern), ignore_case).match(to_string(a)) is not None


def _comparison_scalar(op: str, a: Any, b: Any, ignore_case: bool, matches_out: list[Any] | None) -> Any:
    if op == "eq":
        return equals(a, b, ignore_case)
    if op == "ne":
        return not equals(a, b, ignore_case)
    if op == "gt":
        return compare_values(a, b, ignore_case) > 0
    if op == "ge":
        return compare_values(a, b, ignore_case) >= 0
    if op == "lt":
        return compare_values(a, b, ignore_case) < 0
    if op == "le":
        return compare_values(a, b, ignore_case) <= 0
    if op == "like":
        return like(a, b, ignore_case)
    if op == "notlike":
        return not like(a, b, ignore_case)
    if op in ("match", "notmatch"):
        regex = compile_regex(to_string(b), ignore_case)
        m = regexes.search(regex, to_string(a))
        if matches_out is not None and m is not None:
            matches_out.append(m)
        return (m is not None) if op == "match" else (m is None)
    raise OperatorError(f"Unknown comparison operator -{op}.")


def compare(op: str, a: Any, b: Any, ignore_case: bool = True, matches_out: list[Any] | None = None) -> Any:
    """-eq/-ne/-gt/-ge/-lt/-le/-like/-notlike/-match/-notmatch; filters when the left side is a collection."""
    if a is AutomationNull:
        a = None
    if _is_list(a):
        return [x for x in a if _comparison_scalar(op, x, b, ignore_case, None)]
    return _comparison_scalar(op, a, b, ignore_case, matches_out)


def contains(collection: Any, item: Any, ignore_case: bool = True) -> bool:
    for x in as_list(collection) if collection is not None else [None]:
        if equals(x, item, ignore_case):
            return True
    return False


def replace(a: Any, b: Any, ignore_case: bool = True) -> Any:
    args = as_list(b) if _is_list(b) else [b]
    if len(args) > 2:
        raise OperatorError(
            "The -replace operator allows only two elements to follow it, not " + str(len(args)) + ".",
            error_id="BadReplaceArgument",
        )
    pattern = to_string(args[0])
    replacement = args[1] if len(args) > 1 else ""
    regex = compile_regex(pattern, ignore_case)

    def one(text: Any) -> str:
        if callable(replacement) and hasattr(replacement, "invoke_with_underscore"):
            return regexes.sub(regex, lambda m: to_string(replacement.invoke_with_underscore(_match_object(m))),
                               to_string(text))
        template = to_string(replacement)
        return regexes.sub(regex, lambda m: expand_replacement(template, m), to_string(text))

    if _is_list(a):
        return [one(x) for x in a]
    return one(a)


def _match_object(m: re.Match[str]) -> Any:
    from azskernel.runtime.adapted import RegexMatch

    return RegexMatch(m)


def split(a: Any, b: Any, ignore_case: bool = True) -> list[str]:
    return split_operator(a, b, ignore_case)


def unary_split(a: Any) -> list[str]:
    out: list[str] = []
    for text in (as_list(a) if _is_list(a) else [a]):
        out.extend(p for p in re.split(r"\s+", to_string(text)) if p)
    return out


def join(a: Any, b: Any) -> str:
    sep = to_string(b)
    return sep.join(to_string(x) for x in (as_list(a) if a is not None else []))


def format_operator(a: Any, b: Any) -> str:
    args = list(b) if _is_list(b) else [b]
    return composite_format(to_string(a), args)


def _range_char(value: Any) -> str | None:
    if isinstance(value, T.PSChar) or (isinstance(value, str) and len(value) == 1 and not value.isdigit()):
        return value
    return None


def range_iter(a: Any, b: Any) -> Any:
    """`a..b` as a lazy sequence (a Python range, or chars for 'a'..'z'); pipelines and foreach walk it lazily."""
    first, last = _range_char(a), _range_char(b)
    if first is not None and last is not None:  # pwsh's AsChar: a [char], or a one-letter string but a digit
        x, y = ord(first), ord(last)
        step = 1 if y >= x else -1
        return (T.PSChar(chr(c)) for c in range(x, y + step, step))
    x = convert_to(a, "int") if not isinstance(a, bool) else int(a)
    y = convert_to(b, "int") if not isinstance(b, bool) else int(b)
    step = 1 if y >= x else -1
    return range(x, y + step, step)


def range_values(a: Any, b: Any) -> list[Any]:
    values = range_iter(a, b)
    if isinstance(values, range) and len(values) > 50_000_000:
        raise OperatorError("The range is too large.", error_id="RangeTooBig")
    return list(values)


def bitwise(op: str, a: Any, b: Any) -> Any:
    x = convert_to(a, "long") if not isinstance(a, EnumValue) else a.number
    y = convert_to(b, "long") if not isinstance(b, EnumValue) else b.number
    if op in ("band", "bor", "bxor"):
        result = x & y if op == "band" else x | y if op == "bor" else x ^ y
        return _as_enum(a, result) if isinstance(a, EnumValue) else result
    if op == "shl":
        return x << y
    if op == "shr":
        return x >> y
    raise OperatorError(f"Unknown operator -{op}.")


def _as_enum(like: EnumValue, number: int) -> Any:
    """A bitwise result on an enum stays of its type ([FileAttributes]::ReadOnly -bor 'Hidden' is ReadOnly, Hidden)."""
    from azskernel.runtime.enums import find_enum

    enum = find_enum(like.type_name)
    if enum is None:
        return number
    for name, value in enum.members:
        if value == number:
            return EnumValue(enum.full_name, name, number)
    combined = enum.combine(number) if enum.flags else None
    return combined if combined is not None else EnumValue(enum.full_name, str(number), number)


def as_operator(a: Any, type_name: Any) -> Any:
    try:
        return convert_to(a, type_name)
    except RuntimeException:
        return None


def is_operator(a: Any, type_value: Any) -> bool:
    return is_instance(a, type_value)
