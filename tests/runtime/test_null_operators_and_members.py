"""pwsh 7's null operators (`??`, `??=`, `?.`, `?[]`) and the member access forms: blanks after the dot,
numeric member names, `.ForEach{}` without parentheses, case-insensitive method names."""

from __future__ import annotations

import pytest

from azskernel.language import ast as A, parse
from tests.runtime.interp_support import output, run

CASES = [
    ("$x = $null; $x ?? 100; 1 ?? 2; $null ?? $null ?? 3", "100\n1\n3\n"),
    # `??` binds tighter than comparisons and logic, looser than arithmetic, -f and ..
    ("$true -and $null ?? $true; 'x' -eq $null ?? 'x'; 2 + $null ?? 3; 2 * $null ?? 3", "True\nTrue\n2\n0\n"),
    ("('abc' -as [datetime] ?? 1) -eq $null", "True\n"),
    ("$v ??= 1; $v ??= 2; $v; $w = 5; $w ??= 6; $w", "1\n5\n"),
    ("$z ??= $null ?? 100; $z", "100\n"),
    # `$?` is a whole name, so `$???$false` is `$?` `??` `$false`
    ("$???$false", "True\n"),
    ("$a? = 'named'; $a?", "named\n"),
    ("${n}?.Length; ${n}?[0]; ${n}?.Foo(); 'after'", "after\n"),
    ("$s = 'abc'; ${s}?.Length; ${s}?[1]; ${s}?.ToUpper()", "3\nb\nABC\n"),
    ("$a = 1..3; ${a}?[0,1] -join ','; ${a}?[-1]", "1,2\n3\n"),
    ("[int32]::MaxValue?.ToString()", "2147483647\n"),
    ("$x = [System.DBNull]::Value; $x ??= 200; $x.GetType().FullName", "System.DBNull\n"),
    ("$x = [System.Management.Automation.Internal.AutomationNull]::Value; $x ?? 7", "7\n"),
    # member access forms
    ("$r = 1,2,3; $r. Count", "3\n"),
    ("$h = @{ '23' = 'x' }; $h.23", "x\n"),
    ("(1,2,3).ForEach{ $_ * 2 } -join ','; (1,2,3).Where{ $_ -gt 1 } -join ','", "2,4,6\n2,3\n"),
    ("'abc'.TOUPPER(); 'a,b'.split(',').count", "ABC\n2\n"),
    ("$a = 'x'; Write-Output $a. foo", "x.\nfoo\n"),
]


@pytest.mark.parametrize("script, expected", CASES)
def test_null_operators_and_member_access(script: str, expected: str) -> None:
    assert output(script) == expected


def test_null_conditional_nodes() -> None:
    statement = parse("${a}?.b?[0]").end_block.statements[0]  # type: ignore[union-attr]
    expression = statement.elements[0].expression  # type: ignore[attr-defined]
    assert isinstance(expression, A.IndexExpressionAst) and expression.null_conditional
    assert isinstance(expression.target, A.MemberExpressionAst) and expression.target.null_conditional


def test_a_missing_method_still_fails_after_null_conditional_access() -> None:
    _, err, code = run("(Get-Date)?.NoSuchMethod()")
    assert code == 1 and "does not contain a method named 'NoSuchMethod'" in err
