"""The -split operator's options and limits, and hashtable casts to .NET types and [pscustomobject]."""

from __future__ import annotations

import pytest

from tests.runtime.interp_support import output

SPLIT_CASES = [
    ("('a,b,c' -split ',', 2) -join '|'; ('a,b,c' -split ',', -2) -join '|'", "a|b,c\na,b|c\n"),
    ("('abcBd' -csplit 'B') -join '|'; ('abcBd' -csplit 'B', 0, 'IgnoreCase') -join '|'", "abc|d\na|c|d\n"),
    ("('a:b' -split '(:)') -join '|'; ('a:b' -split '(:)', 0, 'ExplicitCapture') -join '|'", "a|:|b\na|b\n"),
    ("(\"a`nbxc`nd\" -split '^b', 0, 'Multiline').Count; (\"a`nbx`nc\" -split 'b.+c', 0, 'Singleline').Count",
     "2\n2\n"),
    ("('a: b:c' -split ': ', 0, 'IgnorePatternWhitespace') -join '|'", "a| b|c\n"),
    ("('a.b' -split '.', 0, 'SimpleMatch') -join '|'", "a|b\n"),
    ("try { 'abc' -split 'b', 0, 'RegexMatch,SimpleMatch' } catch { $_.FullyQualifiedErrorId }",
     "InvalidSplitOptionCombination\n"),
    ("('a b c d' -split { $_ -eq ' ' }, -2) -join '|'; ('a b c d' -split { $_ -eq ' ' }, 2) -join '|'",
     "a b c|d\na|b c d\n"),
]

CAST_CASES = [
    ("$c = [System.Management.Automation.Host.Coordinates]@{ X = 10; Y = '33' }; $c.X; $c.Y.GetType().Name",
     "10\nInt32\n"),
    ("try { [System.Management.Automation.Host.Coordinates]@{ blah = 1 } } catch { $_.FullyQualifiedErrorId; "
     "$_.Exception.InnerException.ErrorRecord.FullyQualifiedErrorId; $_.Exception.Message }",
     'ObjectCreationError\nObjectCreationError\nCannot create object of type "System.Management.Automation.Host.Coordinates". '
     "The blah property was not found for the System.Management.Automation.Host.Coordinates object. "
     "The available property is: [X <System.Int32>] , [Y <System.Int32>]\n"),
    ("try { [hashtable][pscustomobject]@{ a = 1 } } catch { $_.Exception.InnerException.ErrorRecord.FullyQualifiedErrorId }",
     "InvalidCastConstructorException\n"),
    ("$o = [pscustomobject]@{ PSTypeName = 'My.Type'; A = 1 }; $o.PSTypeNames[0]; @($o.psobject.Properties).Count",
     "My.Type\n1\n"),
    ("(New-Object psobject -Property $null).GetType().Name; $null -eq [hashtable]$null", "PSCustomObject\nTrue\n"),
    ("try { New-Object System.Management.Automation.PSCustomObject } catch { $_.FullyQualifiedErrorId }",
     "CannotFindAppropriateCtor,Microsoft.PowerShell.Commands.NewObjectCommand\n"),
    ("try { New-Object System.Management.Automation.Host.Coordinates -Property @{ xx = 1 } } catch { $_.FullyQualifiedErrorId }",
     "InvalidOperationException,Microsoft.PowerShell.Commands.NewObjectCommand\n"),
    ("([System.Collections.Generic.List[int]]@(1)).GetType().GetGenericArguments()[0].Name", "Int32\n"),
    ("([System.IO.FileInfo]'some.txt').ToString()", "some.txt\n"),
]


@pytest.mark.parametrize("script, expected", SPLIT_CASES + CAST_CASES)
def test_split_and_casts(script: str, expected: str) -> None:
    assert output(script) == expected
