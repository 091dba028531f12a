"""The clean block at run time, generic method calls, ConvertFrom-Json's number types and lenient reading, and
en-US standard date formats."""

from __future__ import annotations

import pytest

from tests.runtime.interp_support import output

CASES = [
    # clean runs after end (its success output discarded), and when the command fails
    ("function f { begin { 'b' } end { 'e' } clean { 'dropped'; $global:cleaned = 'yes' } }; f; $cleaned",
     "b\ne\nyes\n"),
    ("function g { process { throw 'boom' } clean { $global:after = 'ran' } }; try { g } catch { 'caught' }; $after",
     "caught\nran\n"),
    ("function h { clean { Write-Output 'x'; Write-Host 'host output stays' } }; h", "host output stays\n"),
    ("[array]::Empty[int]().GetType().Name; [array]::Empty[string]().Count", "Int32[]\n0\n"),
    # ConvertFrom-Json: Int64 (BigInteger beyond it), doubles; Newtonsoft's lenient syntax
    ("(ConvertFrom-Json '5').GetType().Name; (ConvertFrom-Json '5.0').GetType().Name; "
     "(ConvertFrom-Json '50000000000000000000000').GetType().Name", "Int64\nDouble\nBigInteger\n"),
    ("(ConvertFrom-Json \"{name:1, 'other':'two', /* c */ list:[1,2,],}\").other", "two\n"),
    ("$r = ConvertFrom-Json \"['one', {'First':1}]\"; $r[0]; $r[1].First", "one\n1\n"),
    ("try { ConvertFrom-Json '{a:' } catch { $_.FullyQualifiedErrorId }",
     "System.ArgumentException,Microsoft.PowerShell.Commands.ConvertFromJsonCommand\n"),
    # the standard date formats are en-US's; K writes Z for a UTC time
    ("$d = [datetime]::new(2008, 9, 22, 14, 1, 54); $d.ToString('d'); $d.ToString('g'); $d.ToString('D')",
     "9/22/2008\n9/22/2008 2:01 PM\nMonday, September 22, 2008\n"),
    ("[datetime]::SpecifyKind([datetime]'2008-09-22T14:01:54', 'Utc').ToString('o')", "2008-09-22T14:01:54.0000000Z\n"),
    # exact big numbers: a negative decimal literal, a long BigInteger string; an integer meets a double as a double
    ("[decimal]::MinValue -eq '-79228162514264337593543950335'; [bigint]'123456789012345678901234567890'",
     "True\n123456789012345678901234567890\n"),
    ("[bigint]'50000000000000000000000000000000000' -eq 5E+34", "True\n"),
    # members added to a reference-type value (a Version) stay on it
    ("$v = [version]'1.2'; $v | Add-Member NoteProperty Note n; $v.Note", "n\n"),
]


@pytest.mark.parametrize("script, expected", CASES)
def test_clean_generic_and_json(script: str, expected: str) -> None:
    assert output(script) == expected
