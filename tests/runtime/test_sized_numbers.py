"""Numbers of every .NET width: literal suffixes, casts, -is, and what arithmetic on them gives."""

from __future__ import annotations

import pytest

from azskernel.language.numbers import Byte, Int16, Int64, UInt32, UInt64, parse_number
from tests.runtime.interp_support import output


@pytest.mark.parametrize("text, expected", [
    ("1200u", UInt32(1200)), ("127ul", UInt64(127)), ("127s", Int16(127)), ("10l", Int64(10)), ("5uy", Byte(5)),
    ("200y", None), ("300uy", None), ("70000us", None), ("40000s", None),
])
def test_suffixed_literals_are_typed_and_range_checked(text: str, expected: object) -> None:
    value = parse_number(text)
    assert value == expected and type(value) is type(expected)


CASES = [
    ("[byte]5 -is [byte]; ([long]1).GetType().Name; ([int16]$null).GetType().Name; ([float]$true).GetType().Name",
     "True\nInt64\nInt16\nSingle\n"),
    ("('1200u' -as [int16]).GetType().Name; $null -eq ('200y' -as [int])", "Int16\nTrue\n"),
    ("([byte]1 + [byte]1).GetType().Name; 1s + 1; [int16]5 -eq 5; \"$([uint64]7)\"", "Int32\n2\nTrue\n7\n"),
    ("[float]1.1; ([bigint]'1234').GetType().Name", "1.1\nBigInteger\n"),
    ("([System.Collections.ObjectModel.Collection[int]]@(1,2)).GetType().Name; ([Collections.Generic.List[string]]1).GetType().Name",
     "Collection`1\nList`1\n"),
    ("[bool]@([ConsoleColor]::Black); [bool]@([ConsoleColor]::Yellow)", "False\nTrue\n"),
    ("([System.IO.FileInfo]'nofile.txt').Name; ([System.IO.FileInfo]'nofile.txt') -is [System.IO.FileInfo]",
     "nofile.txt\nTrue\n"),
]


@pytest.mark.parametrize("script, expected", CASES)
def test_sized_numbers_and_typed_collections(script: str, expected: str) -> None:
    assert output(script) == expected
