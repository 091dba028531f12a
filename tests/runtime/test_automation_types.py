"""[WildcardPattern], [PSTypeName], the Encoding classes, Join-Path -Extension, ConvertFrom-Json -AsHashtable's type."""

from __future__ import annotations

import pytest

from tests.runtime.interp_support import output

CASES = [
    ("$w = [WildcardPattern]::new('a*'); $w.IsMatch('abc'); $w.IsMatch('ABC'); "
     "[WildcardPattern]::new('a*', 'IgnoreCase').IsMatch('ABC')", "True\nFalse\nTrue\n"),
    ("[WildcardPattern]::ContainsWildcardCharacters('a*'); [WildcardPattern]::ContainsWildcardCharacters('a`*'); "
     "[WildcardPattern]::Escape('a*b'); [WildcardPattern]::Unescape('a`*b')", "True\nFalse\na`*b\na*b\n"),
    ("[System.Management.Automation.WildcardPattern]::Get('f?o', 'IgnoreCase').IsMatch('FOO'); "
     "[WildcardPattern]::new('a*b?').ToWql()", "True\na%b_\n"),
    ("([System.Management.Automation.PSTypeName]'int').Type.FullName; "
     "$null -eq ([System.Management.Automation.PSTypeName]'NoSuchType').Type", "System.Int32\nTrue\n"),
    ("$e = [System.Text.UTF32Encoding]::new(); $e.GetBytes('a').Count; $e.GetPreamble().Count; $e -is [System.Text.Encoding]",
     "4\n4\nTrue\n"),
    ("[System.Text.UTF8Encoding]::new($false).GetPreamble().Count; [System.Text.UTF8Encoding]::new($true).GetPreamble().Count; "
     "[System.Text.UnicodeEncoding]::new($true, $false).GetBytes('a') -join ','", "0\n3\n0,97\n"),
    ("Join-Path a b -Extension .txt; Join-Path a b.md -Extension txt; Join-Path a b.md -Extension ''", "a/b.txt\na/b.txt\na/b\n"),
    ("$h = '{\"a\":1,\"A\":2}' | ConvertFrom-Json -AsHashtable; $h.GetType().Name; $h.Count; $h['A']; $h -is [hashtable]",
     "OrderedHashtable\n2\n2\nTrue\n"),
]


@pytest.mark.parametrize("script, expected", CASES)
def test_automation_types(script: str, expected: str) -> None:
    assert output(script) == expected
