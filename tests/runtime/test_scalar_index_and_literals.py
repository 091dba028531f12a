"""Indexing a non-collection, number literals passed as command arguments, and the error record rules that
decide pwsh's concise-view prefix and FullyQualifiedErrorId."""

from __future__ import annotations

import pytest

from azskernel.runtime.errors import ErrorRecord
from azskernel.runtime.formatting import error_reason
from tests.runtime.interp_support import output, run


@pytest.mark.parametrize("source, expected", [
    # ArrayOps.GetNonIndexable: 0 and -1 (compared loosely) give the object, anything else gives no output
    ("$o = [pscustomobject]@{a=1}; $o[0].a; $o[-1].a; $o['0'].a", "1\n1\n1\n"),
    ("$o = [pscustomobject]@{a=1}; @($o[1]).Count; @($o['a']).Count; @($o[0, 1, -1]).Count", "0\n0\n2\n"),
    ("(5)[0]; (5)[-1]; @((5)[2]).Count", "5\n5\n0\n"),
    ("([pscustomobject]@{Location='local'})[0].Location", "local\n"),
    # what is indexable keeps its own rules
    ("'abc'[1]; 'abc'[-1]; @{a=1}['A']; (1, 2, 3)[-1]", "b\nc\n1\n3\n"),
])
def test_indexing_a_scalar(source: str, expected: str) -> None:
    assert output(source) == expected


def test_indexing_null_is_still_an_error() -> None:
    _, err, _ = run("$null[0]")
    assert err == "InvalidOperation: Cannot index into a null array.\n"


@pytest.mark.parametrize("source, expected", [
    # a number argument keeps its text where it becomes a string ...
    ("function f([string]$v) { $v }; f 1.0; f 08; f 0x10; f 1e3; f 5; f -v:2.50", "1.0\n08\n0x10\n1e3\n5\n2.50\n"),
    ("function f([string]$Version) { $Version }; f -Version 1.0", "1.0\n"),
    ("Write-Output 1.0; Write-Output 08; Join-Path a 1.0", "1.0\n08\na/1.0\n"),
    ("function f($v) { \"[$v]\"; [string]$v; $v.ToString() }; f 1.0", "[1.0]\n1.0\n1\n"),
    # ... and is the number everywhere else
    ("function f([int]$i) { $i }; f 08; function g([double]$d) { $d }; g 1.0", "8\n1\n"),
    ("function f($v) { $v + 1; $v -eq 1; $v -is [double]; $v.GetType().Name }; f 1.0", "2\nTrue\nTrue\nDouble\n"),
    # only a bare literal argument carries text: an array or an expression does not
    ("Write-Output 1.0, 2.50; Write-Output (1.0)", "1\n2.5\n1\n"),
])
def test_number_arguments_keep_their_token_text(source: str, expected: str) -> None:
    assert output(source) == expected


@pytest.mark.parametrize("error_id, command, expected", [
    ("PathNotFound,Microsoft.PowerShell.Commands.GetItemCommand", "Get-Item",
     "PathNotFound,Microsoft.PowerShell.Commands.GetItemCommand"),
    ("NotFound", "Get-Thing", "NotFound,Get-Thing"),
    ("NotFound", None, "NotFound"),
])
def test_fully_qualified_error_id(error_id: str, command: str | None, expected: str) -> None:
    assert ErrorRecord("m", error_id=error_id, command_name=command).fully_qualified_error_id == expected


def test_error_reason_prefers_the_recorded_reason() -> None:
    record = ErrorRecord("m", command_name=None)
    record.details["reason"] = "InvalidArgument"
    assert error_reason(record) == "InvalidArgument"


@pytest.mark.parametrize("source, expected", [
    ('[int]"x"', 'InvalidArgument: Cannot convert value "x" to type "System.Int32".'),
    ("$null.Foo()", "InvalidOperation: You cannot call a method on a null-valued expression."),
    ("throw 'boom'", "Exception: boom"),
    ("1/0", "RuntimeException: Attempted to divide by zero."),
    ("Get-Item /no/such/path", "Get-Item: Cannot find path '/no/such/path' because it does not exist."),
])
def test_concise_view_prefix(source: str, expected: str) -> None:
    _, err, _ = run(source)
    assert err.startswith(expected)
