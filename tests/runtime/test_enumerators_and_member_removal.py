"""`.GetEnumerator()` gives a .NET IEnumerator (MoveNext/Current/Reset) that the pipeline and foreach consume, as
pwsh does (Language/Scripting/ParameterBinding.Tests.ps1, "Parameter pasing is consuming enumerators"); and
`$obj.PSObject.Properties.Remove()` removes an instance member Add-Member added, from a PSCustomObject, an
ordinary object and [DBNull]::Value (ConvertTo-Json.Tests.ps1, "Should handle the ETS properties added to
'DBNull.Value' and 'NullString.Value'")."""

from __future__ import annotations

import pytest

from tests.runtime.interp_support import output, run

ENUMERATOR_CASES = [
    # walked by hand
    ("$e = (1..3).GetEnumerator(); while ($e.MoveNext()) { $e.Current }", "1\n2\n3\n"),
    ("$e = @('a', 'b').GetEnumerator(); $e.MoveNext(); $e.current; $e.MoveNext(); $e.MoveNext(); $e.MoveNext()",
     "True\na\nTrue\nFalse\nFalse\n"),
    ("$e = (1..3).GetEnumerator(); $null = $e.MoveNext(); $null = $e.MoveNext(); $e.Reset(); $null = $e.MoveNext(); "
     "$e.Current", "1\n"),
    # its type, as pwsh names it, and the interface it is
    ("$e = (1, 2).GetEnumerator(); $e.GetType().FullName; $e -is [System.Collections.IEnumerator]; \"$e\"",
     "System.SZArrayEnumerator\nTrue\nSystem.SZArrayEnumerator\n"),
    ("@{a = 1}.GetEnumerator().GetType().FullName; @{a = 1}.GetEnumerator() -is [Collections.IDictionaryEnumerator]",
     "System.Collections.Hashtable+HashtableEnumerator\nTrue\n"),
    ("'ab'.GetEnumerator().GetType().FullName; 'ab'.GetEnumerator() | ForEach-Object { $_.GetType().Name }",
     "System.CharEnumerator\nChar\nChar\n"),
    # an argument is bound, not enumerated: the position stays
    ("$b = (1..4).GetEnumerator(); $null = $b.MoveNext(); & { } $b; $b.Current", "1\n"),
    # the pipeline and foreach go on from where it stands and leave it at its end
    ("$e = (1..4).GetEnumerator(); $null = $e.MoveNext(); $e | ForEach-Object { \"p$_\" }; $e.MoveNext()",
     "p2\np3\np4\nFalse\n"),
    ("$e = (1..3).GetEnumerator(); foreach ($x in $e) { $x }; $e.MoveNext(); @($e).Count", "1\n2\n3\nFalse\n0\n"),
    ("function f { param($p) foreach ($i in $p) { $i * 2 } }; $e = (1..3).GetEnumerator(); f -p $e; $e.MoveNext()",
     "2\n4\n6\nFalse\n"),
    # a hashtable's enumerator: DictionaryEntry values, Key/Value at hand, sorted and filtered in the pipeline
    ("$h = @{b = 2; a = 1}; $h.GetEnumerator() | Sort-Object Name | ForEach-Object { \"$($_.Key)=$($_.Value)\" }",
     "a=1\nb=2\n"),
    ("$h = [ordered]@{x = 1}; $e = $h.GetEnumerator(); $null = $e.MoveNext(); $e.Key; $e.Value; $e.Entry.Name",
     "x\n1\nx\n"),
    ("$h = [ordered]@{x = 1; y = 2}; foreach ($kv in $h.GetEnumerator()) { $kv.Name + $kv.Value }; "
     "@($h.GetEnumerator()).Count; ($h.GetEnumerator() | Where-Object Value -gt 1).Key", "x1\ny2\n2\ny\n"),
]


@pytest.mark.parametrize("script, expected", ENUMERATOR_CASES)
def test_enumerators(script: str, expected: str) -> None:
    assert output(script) == expected


@pytest.mark.parametrize("script, message", [
    ("$e = (1, 2).GetEnumerator(); $e.Current", 'Exception getting "Current": "Enumeration has not started. Call MoveNext."'),
    ("$e = (1, 2).GetEnumerator(); $e | Out-Null; $e.Current", 'Exception getting "Current": "Enumeration already finished."'),
])
def test_current_outside_the_items_is_pwsh_getter_error(script: str, message: str) -> None:
    out, err, _ = run(f"try {{ {script} }} catch {{ $_.Exception.Message; $_.FullyQualifiedErrorId }}")
    assert "Traceback" not in err
    assert out == f"{message}\nExceptionWhenGetting\n"


REMOVE_CASES = [
    # a PSCustomObject: its note properties (from the cast and Add-Member) and script properties are instance members
    ("$o = [pscustomobject]@{a = 1; b = 2}; $o | Add-Member -NotePropertyName n -NotePropertyValue 3; "
     "$o | Add-Member -MemberType ScriptProperty -Name s -Value { 42 }; "
     "$o.psobject.Properties.Remove('N'); $o.psobject.Properties.Remove('s'); $o.psobject.Properties.Remove('b'); "
     "$o.psobject.Properties.Name -join ','; $null -eq $o.s", "a\nTrue\n"),
    # an ordinary object: the added member goes, the adapted (.NET) property stays (pwsh removes instance members only)
    ("$d = Add-Member -InputObject ([datetime]'2020-01-02') -NotePropertyName tag -NotePropertyValue t -PassThru; "
     "$d.tag; $d.psobject.Properties.Remove('tag'); $null -eq $d.tag; $d.psobject.Properties.Remove('Year'); $d.Year",
     "t\nTrue\n2020\n"),
    # DBNull.Value, whose members are shared by every use of it
    ("$p = Add-Member -InputObject ([System.DBNull]::Value) -MemberType NoteProperty -Name dbnull -Value 'x' -PassThru; "
     "$p | ConvertTo-Json -Compress; $p.psobject.Properties.Remove('dbnull'); "
     "[System.DBNull]::Value | ConvertTo-Json -Compress", '{"value":null,"dbnull":"x"}\nnull\n'),
    # a name it does not have: nothing happens, nothing is written
    ("$o = [pscustomobject]@{a = 1}; $o.psobject.Properties.Remove('zz'); $o.psobject.Properties.Name", "a\n"),
    # Add takes another object's property
    ("$o = [pscustomobject]@{a = 1}; $q = [pscustomobject]@{}; $q.psobject.Properties.Add($o.psobject.Properties['a']); "
     "$q.a", "1\n"),
]


@pytest.mark.parametrize("script, expected", REMOVE_CASES)
def test_properties_remove(script: str, expected: str) -> None:
    assert output(script) == expected
