"""Get/New/Set/Remove/Clear-Variable over the scope chain: -Scope, -Option, -Description, -Include/-Exclude, and
pwsh's errors."""

from __future__ import annotations

import pytest

from tests.runtime.interp_support import output, run

CASES = [
    ("New-Variable foo bar -Description 'my description'; $v = Get-Variable foo; $v.Value; $v.Description; $v.Options",
     "bar\nmy description\nNone\n"),
    ("New-Variable foo bar -Option Constant; (Get-Variable foo).Options; Set-Variable foo 2 -ErrorAction SilentlyContinue; $foo",
     "Constant\nbar\n"),
    ("New-Variable v 1 -Option ReadOnly; Set-Variable v 2 -ErrorAction SilentlyContinue; $v; Set-Variable v 3 -Force; $v",
     "1\n3\n"),
    ("New-Variable v 1; Set-Variable v -Option Constant -ErrorAction SilentlyContinue; (Get-Variable v).Options", "None\n"),
    ("New-Variable v 1 -Option AllScope; & { $v = 2 }; $v", "2\n"),
    ("& { New-Variable p 1 -Option Private; $p }; $null -eq $p", "1\nTrue\n"),
    ("New-Variable tmpa 1; New-Variable tmpb 2; New-Variable tmpmy 3; Remove-Variable tmp* -Exclude *my*; "
     "$null -eq $tmpa; $null -eq $tmpb; $tmpmy", "True\nTrue\n3\n"),
    ("New-Variable tmpa 1; New-Variable tmpmy 3; Remove-Variable tmp* -Include *my*; $tmpa; $null -eq $tmpmy", "1\nTrue\n"),
    ("$g = 'x'; & { Remove-Variable g -ErrorAction SilentlyContinue; $g }; $g", "x\nx\n"),
    ("$g = 'x'; & { Remove-Variable g -Scope 1 }; $null -eq $g", "True\n"),
    ("New-Variable -Scope global -Name gv1 -Value 1; Get-Variable -Scope global -Name gv1 -ValueOnly", "1\n"),
    ("New-Variable foo bar; & { Clear-Variable foo; $null -eq $foo }; $foo", "True\nbar\n"),
    ("'value' | New-Variable -Name piped; $piped", "value\n"),
    ("(Set-Variable -Name t -Value 'x' -Description 'd' -PassThru).Description", "d\n"),
]


@pytest.mark.parametrize("script, expected", CASES)
def test_variable_cmdlets(script: str, expected: str) -> None:
    assert output(script) == expected


@pytest.mark.parametrize("script, error_id, exception", [
    ("New-Variable foo 1; New-Variable foo 2 -ErrorAction Stop", "VariableAlreadyExists",
     "System.Management.Automation.SessionStateException"),
    ("New-Variable foo 1 -Option ReadOnly; Remove-Variable foo -ErrorAction Stop", "VariableNotRemovable",
     "System.Management.Automation.SessionStateUnauthorizedAccessException"),
    ("New-Variable foo 1 -Option Constant; Remove-Variable foo -Force -ErrorAction Stop", "VariableNotRemovable",
     "System.Management.Automation.SessionStateUnauthorizedAccessException"),
    ("Get-Variable nosuchvariable -ErrorAction Stop", "VariableNotFound",
     "System.Management.Automation.ItemNotFoundException"),
])
def test_variable_errors(script: str, error_id: str, exception: str) -> None:
    command = script.split(";")[-1].strip().split()[0].replace("-", "")
    out = output(f"try {{ {script} }} catch {{ $_.FullyQualifiedErrorId; $_.Exception.GetType().FullName }}")
    assert out == f"{error_id},Microsoft.PowerShell.Commands.{command}Command\n{exception}\n"


def test_a_scope_beyond_the_chain_is_an_error() -> None:
    _, err, _ = run("Get-Variable x -Scope 99")
    assert "exceeds the number of active scopes" in err
