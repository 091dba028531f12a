"""Add-Member: every member type it can add, its parameter sets as pwsh resolves them, and its errors."""

from __future__ import annotations

import pytest

from tests.runtime.interp_support import output, run

CASES = [
    ("$o = [pscustomobject]@{ A = 1 }; $o | Add-Member -MemberType NoteProperty -Name B -Value 2; $o.B", "2\n"),
    ("$o = [pscustomobject]@{ A = 1 }; $o | Add-Member ScriptProperty Twice { $this.A * 2 }; $o.A = 5; $o.Twice",
     "10\n"),
    ("$o = [pscustomobject]@{ A = 1 }; $o | Add-Member ScriptProperty P { $this.A } { $this.A = $args[0] }; $o.P = 9; $o.A",
     "9\n"),
    ("$o = [pscustomobject]@{ A = 1 }; $o | Add-Member ScriptMethod Add { param($n) $this.A + $n }; $o.Add(4); $o.add(1)",
     "5\n2\n"),
    ("$o = [pscustomobject]@{ A = 1 }; $o | Add-Member AliasProperty Alias A; $o.Alias", "1\n"),
    ("$r = Add-Member -InputObject a -MemberType AliasProperty -Name Cnt -Value Length -SecondValue String -PassThru; "
     "$r.Cnt.GetType().Name", "String\n"),
    ("$r = Add-Member -InputObject 'abc' -MemberType ScriptMethod -Name Len -Value { $this.Length } -PassThru; "
     "$r; $r.Len(); $r -is [string]", "abc\n3\nTrue\n"),
    # the simplified forms: a name that is also a member type only names the note when it is not one Add-Member adds
    ("(Add-Member -InputObject a property Any -PassThru).property", "Any\n"),
    ("(Add-Member -InputObject a 23 Any -PassThru).23", "Any\n"),
    ("(Add-Member -InputObject a 8 np Any -PassThru).np", "Any\n"),
    ("(Add-Member -InputObject a 16 sp { 1 + 1 } -PassThru).sp", "2\n"),
    ("$o = New-Object psobject; Add-Member -InputObject $o @{ Name = 'n'; N = 1 }; $o.Name; $o.N", "n\n1\n"),
    ("$a = 'string' | Add-Member -NotePropertyName T -NotePropertyValue 1 -TypeName MyType -PassThru; $a.PSTypeNames[0]",
     "MyType\n"),
    ("$a = 1,2,3; $a = Add-Member -InputObject $a -MemberType NoteProperty -Name Name -Value V -PassThru; $a.Name; $a.Count",
     "V\n3\n"),
    ("$o = [pscustomobject]@{}; $o | Add-Member NoteProperty N 1; $o | Add-Member @{ N = 'hello' } -Force; $o.N", "hello\n"),
]


@pytest.mark.parametrize("script, expected", CASES)
def test_add_member(script: str, expected: str) -> None:
    assert output(script) == expected


@pytest.mark.parametrize("script, error_id", [
    ("Add-Member -InputObject a -MemberType ScriptMethod -Name N -Value x -SecondValue y", "Value2ShouldNotBeSpecified"),
    ("Add-Member -InputObject a -MemberType Method -Name N", "CannotAddMemberType"),
    ("Add-Member -InputObject a -MemberType ScriptProperty -Name N -Value $null -SecondValue $null",
     "Value1AndValue2AreNotBothNull"),
    ("Add-Member -InputObject a -MemberType ScriptMethod -Name N -Value something", "ConvertToFinalInvalidCastException"),
    ("Add-Member -InputObject a -MemberType AliasProperty -Name N -Value x -SecondValue NoSuchType",
     "InvalidCastFromStringToType"),
    ("Add-Member -Name $null", "ParameterArgumentValidationErrorNullNotAllowed"),
    ("Add-Member -MemberType ''", "CannotConvertArgumentNoMessage"),
])
def test_add_member_errors_name_the_cmdlet_class(script: str, error_id: str) -> None:
    out = output(f"try {{ {script} }} catch {{ $_.FullyQualifiedErrorId }}")
    assert out == f"{error_id},Microsoft.PowerShell.Commands.AddMemberCommand\n"


def test_an_existing_member_is_a_non_terminating_invalid_operation() -> None:
    out, err, _ = run("$o = [pscustomobject]@{ A = 1 }; Add-Member -InputObject $o A 2 -ErrorVariable ev "
                      "-ErrorAction SilentlyContinue; $ev[0].Exception.GetType().FullName; $o.A")
    assert out == "System.InvalidOperationException\n1\n" and err == ""
