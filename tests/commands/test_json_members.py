"""ConvertTo-Json and the members Add-Member adds, the types pwsh writes as objects or strings, and -Depth."""

from __future__ import annotations

import pytest

from tests.runtime.interp_support import output

CASES = [
    # a scalar or array with added members becomes {"value": ..., members}; a dictionary keeps them beside its keys
    ("$n = Add-Member -InputObject 5 -MemberType NoteProperty -Name M -Value 2 -PassThru; $n | ConvertTo-Json -Compress",
     '{"value":5,"M":2}\n'),
    ("$a = Add-Member -InputObject @(1,2) -MemberType NoteProperty -Name M -Value x -PassThru; ConvertTo-Json $a -Compress",
     '{"value":[1,2],"M":"x"}\n'),
    ("$h = Add-Member -InputObject @{a=1} -MemberType NoteProperty -Name M -Value 2 -PassThru; ConvertTo-Json $h -Compress",
     '{"a":1,"M":2}\n'),
    # a string's and a DateTime's added members are ignored
    ("$s = Add-Member -InputObject 'hi' -MemberType NoteProperty -Name M -Value 2 -PassThru; $s | ConvertTo-Json -Compress",
     '"hi"\n'),
    ("$d = Add-Member -InputObject ([datetime]::new(2024,6,15,0,0,0,[DateTimeKind]::Utc)) NoteProperty M 2 -PassThru; "
     "$d | ConvertTo-Json -Compress", '"2024-06-15T00:00:00Z"\n'),
    # piped objects bring their type's extended members (Guid's Guid, IPAddress's IPAddressToString); -InputObject not
    ("[guid]::Empty | ConvertTo-Json -Compress",
     '{"value":"00000000-0000-0000-0000-000000000000","Guid":"00000000-0000-0000-0000-000000000000"}\n'),
    ("ConvertTo-Json -InputObject ([guid]::Empty) -Compress", '"00000000-0000-0000-0000-000000000000"\n'),
    ("([ipaddress]'10.0.0.1' | ConvertTo-Json -Compress) -match '\"IPAddressToString\":\"10.0.0.1\"}$'", "True\n"),
    # an added member of a nested reference-type value stays out; a class instance's only when piped
    ("$ip = [ipaddress]'10.0.0.1'; $ip | Add-Member NoteProperty L 1; "
     "([pscustomobject]@{ a = $ip } | ConvertTo-Json -Compress) -match '\"L\"'", "False\n"),
    ("class C { [int]$A = 1 }; $c = [C]::new(); $c | Add-Member NoteProperty N 2; "
     "$c | ConvertTo-Json -Compress; ConvertTo-Json -InputObject $c -Compress", '{"A":1,"N":2}\n{"A":1}\n'),
    ("$e = Add-Member -InputObject ([DayOfWeek]::Monday) NoteProperty X 1 -PassThru; $e | ConvertTo-Json -Compress; "
     "[DayOfWeek]::Monday | ConvertTo-Json -Compress", '{"value":1,"X":1}\n1\n'),
    # DateTimeOffset as text with its offset; DateOnly/TimeOnly as objects; floats as round-trip text
    ("[DateTimeOffset]::new(2024,6,15,10,30,0,[TimeSpan]::Zero) | ConvertTo-Json", '"2024-06-15T10:30:00+00:00"\n'),
    ("[DateOnly]::new(2024,6,15) | ConvertTo-Json -Compress",
     '{"Year":2024,"Month":6,"Day":15,"DayOfWeek":6,"DayOfYear":167,"DayNumber":739051}\n'),
    ("[double]::NaN | ConvertTo-Json; [float]1.1 | ConvertTo-Json; 1.0 | ConvertTo-Json", '"NaN"\n1.1\n1.0\n'),
    ("$d = [System.Collections.Generic.SortedDictionary[string,int]]::new(); $d['b'] = 2; $d['a'] = 1; "
     "$d | ConvertTo-Json -Compress; $d.GetType().Name", '{"a":1,"b":2}\nSortedDictionary`2\n'),
    # beyond -Depth a value is written as its string
    ("ConvertTo-Json -InputObject ([pscustomobject]@{a=[pscustomobject]@{b=1}}) -Depth 0 -Compress 3>$null",
     '{"a":"@{b=1}"}\n'),
]


@pytest.mark.parametrize("script, expected", CASES)
def test_convertto_json(script: str, expected: str) -> None:
    assert output(script) == expected


def test_dbnull_and_nullstring_serialize_as_null_and_carry_added_members() -> None:
    from azskernel.runtime.pstypes import DBNULL, NULLSTRING

    assert output("[DBNull]::Value, [NullString]::Value | ConvertTo-Json -Compress; @{c = [DBNull]::Value} | ConvertTo-Json -Compress") == (
        "[null,null]\n{\"c\":null}\n")
    try:  # pwsh's ConvertTo-Json.Tests.ps1: the members stay on the singletons, which serialize as {"value":null,...}
        script = ("$p1 = Add-Member -InputObject ([System.DBNull]::Value) -MemberType NoteProperty -Name dbnull -Value 'dbnull' -PassThru; "
                  "$p2 = Add-Member -InputObject ([NullString]::Value) -MemberType NoteProperty -Name nullstr -Value 'nullstr' -PassThru; "
                  "$p1, $p2 | ConvertTo-Json -Compress; [DBNull]::Value.dbnull")
        assert output(script) == '[{"value":null,"dbnull":"dbnull"},{"value":null,"nullstr":"nullstr"}]\ndbnull\n'
    finally:
        for singleton in (DBNULL, NULLSTRING):
            if hasattr(singleton, "_ps_notes"):
                del singleton._ps_notes
