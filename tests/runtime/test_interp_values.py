"""conversion, operators and members: PowerShell's value rules (powershell-subset.md §4)."""

from __future__ import annotations

import datetime as dt
import decimal

import pytest

from azskernel.runtime import operators as O
from azskernel.runtime.conversion import ConversionError, convert_to, format_double, to_bool, to_string
from azskernel.runtime.errors import RuntimeException
from azskernel.runtime.members import call_method, get_member, get_properties, set_member, type_names
from azskernel.runtime.pstypes import PSChar, PSVersion
from azskernel.runtime.values import Hashtable, PSObject


@pytest.mark.parametrize("value, text", [
    (None, ""), (True, "True"), (1.0, "1"), (12345600.0, "12345600"), (1e15, "1E+15"), (1e-5, "1E-05"),
    (0.1, "0.1"), (-1.2, "-1.2"), (decimal.Decimal("1.50"), "1.50"), ([1, "a", None], "1 a "),
    (float("inf"), "Infinity"), (PSObject({"a": 1, "b": "x"}), "@{a=1; b=x}"),
])
def test_to_string(value: object, text: str) -> None:
    assert to_string(value) == text


def test_format_double_uses_15_significant_digits() -> None:
    assert format_double(1 / 3) == "0.333333333333333"
    assert format_double(0.1 + 0.2) == "0.3"
    assert format_double(123456789012345.0) == "123456789012345"
    assert format_double(1.7976931348623157e308) == "1.79769313486232E+308"


@pytest.mark.parametrize("value, result", [
    (None, False), (0, False), ("", False), ("False", True), ([], False), ([0], False), ([0, 0], True),
    (PSChar("\0"), False), (PSObject(), True),
])
def test_truthiness(value: object, result: bool) -> None:
    assert to_bool(value) is result


@pytest.mark.parametrize("value, type_, result", [
    ("0x1a", "int", 26), (2.5, "int", 2), (3.5, "int", 4), ("1kb", "int", 1024), (" 12 ", "long", 12),
    ("3.5", "double", 3.5), (None, "string", ""), (1, "string[]", ["1"]), ("a", "char", "a"),
    ("1.2.3", "version", PSVersion((1, 2, 3))), (65, "char", "A"),
])
def test_convert_to(value: object, type_: str, result: object) -> None:
    assert convert_to(value, type_) == result


def test_failed_cast_message() -> None:
    with pytest.raises(ConversionError) as info:
        convert_to("abc", "int")
    assert str(info.value) == ('Cannot convert value "abc" to type "System.Int32". '
                               "Error: \"The input string 'abc' was not in a correct format.\"")


def test_datetime_cast_and_overflow() -> None:
    assert convert_to("2020-01-02", "datetime") == dt.datetime(2020, 1, 2)
    with pytest.raises(RuntimeException, match="too large or too small for an Int32"):
        convert_to(2**40, "int")


def test_left_operand_leads() -> None:
    assert O.add("1", 1) == "11"
    assert O.add(1, "1") == 2
    assert O.add([1], 2) == [1, 2]
    assert O.multiply("ab", 2) == "abab"
    assert O.divide(7, 2) == 3.5 and O.divide(6, 3) == 2
    assert O.add(2**62, 2**62) == float(2**63)


def test_hashtable_addition_rejects_duplicates() -> None:
    merged = O.add(Hashtable({"a": 1}), Hashtable({"b": 2}))
    assert sorted(merged) == ["a", "b"]
    with pytest.raises(RuntimeException, match="already been added"):
        O.add(Hashtable({"a": 1}), Hashtable({"A": 2}))


def test_comparisons_convert_the_right_operand() -> None:
    assert O.equals(1, "1.0") is True
    assert O.equals("1.0", 1) is False
    assert O.compare("gt", "2", 10) is True  # "2" > "10" as strings
    assert O.compare("eq", [1, 2, 1], 1) == [1, 1]
    assert O.compare("lt", None, 1) is True
    assert O.like("File.TXT", "*.txt") and not O.like("File.TXT", "*.txt", ignore_case=False)


def test_split_replace_join() -> None:
    assert O.split("a,b,,c", ",") == ["a", "b", "", "c"]
    assert O.split("a b c", [" ", 2]) == ["a", "b c"]
    assert O.replace("abc", ["(b)", "[$1]"]) == "a[b]c"
    assert O.join([1, 2], "-") == "1-2"
    assert O.format_operator("{0,-3}|{1:N1}", [1, 2.25]) == "1  |2.3"


def test_members_of_built_in_values() -> None:
    assert get_member("abc", "Length") == 3
    assert get_member([PSObject({"n": 1}), PSObject({"n": 2})], "n") == [1, 2]
    assert get_member(None, "x") is None
    assert call_method("a,b", "Split", [","]) == ["a", "b"]
    assert call_method("Hello", "ToUpper", []) == "HELLO"
    table = Hashtable({"Key": 1})
    assert get_member(table, "key") == 1
    set_member(table, "other", 2)
    assert table["OTHER"] == 2
    assert type_names("x") == ["System.String", "System.Object"]
    assert ("Length", 1) in get_properties("x")


def test_unknown_method_names_the_type() -> None:
    with pytest.raises(RuntimeException, match=r"\[System.String\] does not contain a method named 'Frob'"):
        call_method("x", "Frob", [])
    with pytest.raises(RuntimeException, match="null-valued expression"):
        call_method(None, "ToString", [])


def test_setting_a_missing_property_of_a_pscustomobject_fails() -> None:
    with pytest.raises(RuntimeException, match="cannot be found on this object"):
        set_member(PSObject({"a": 1}), "b", 2)
