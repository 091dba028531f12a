"""Script functions' parameter binding as pwsh does it: remaining arguments taking unknown `-name` text, named
arguments from different sets, AllowNull/AllowEmptyString/AllowEmptyCollection, a string's Length by property
name, [bool] in advanced functions, at most 32 sets, and validation attributes' ErrorMessage."""

from __future__ import annotations

import pytest

from tests.runtime.interp_support import output

REST = "function f { param([Parameter(Position=1)] $a, [Parameter(ValueFromRemainingArguments)] $rest) $rest -join ',' }; "
SETS = ("function s { param([Parameter(ParameterSetName='one', Position=1)] $a, "
        "[Parameter(ParameterSetName='two', Position=1)] $b, [Parameter(ValueFromRemainingArguments)] $rest) $rest -join ',' }; ")


def _error_id(call: str) -> str:
    return f"try {{ {call} }} catch {{ $_.FullyQualifiedErrorId }}"


CASES = [
    (REST + "f a b c d; f a b -a c -q d", "b,c,d\na,b,-q,d\n"),
    (SETS + _error_id("s -a a -b b c d") + "; s -a a b c d", "AmbiguousParameterSet,s\nb,c,d\n"),
    ("function n { param([Parameter(Mandatory)][AllowNull()] $a) 'ok' }; n -a $null", "ok\n"),
    ("function e { param([Parameter(Mandatory)][string] $a) $a }; " + _error_id("e -a ''"),
     "ParameterArgumentValidationErrorEmptyStringNotAllowed,e\n"),
    ("function e { param([Parameter(Mandatory)][AllowEmptyString()][string] $a) 'ok' }; e -a ''", "ok\n"),
    ("function c { param([Parameter(Mandatory)][string[]] $a) $a }; " + _error_id("c -a @()"),
     "ParameterArgumentValidationErrorEmptyArrayNotAllowed,c\n"),
    ("function c { param([Parameter(Mandatory)][AllowEmptyCollection()][string[]] $a) 'ok' }; c -a @()", "ok\n"),
    ("function l { param([Parameter(ValueFromPipeline)][int] $p = 10, [Parameter(ValueFromPipelineByPropertyName)]"
     "[int] $Length = 100) process { \"$p $Length\" } }; 'abc' | l", "10 3\n"),
    ("function b { [CmdletBinding()] param([bool[]] $p) $p }; " + _error_id("b 'a','b'") +
     "; function b2 { param([bool[]] $p) $p }; b2 'a', ''", "ParameterArgumentTransformationError,b\nTrue\nFalse\n"),
    ("$sb = [scriptblock]::Create('param(' + ((1..33 | ForEach-Object { \"[Parameter(ParameterSetName='s$_')]`$a$_\" }) -join ',') + ') 1'); "
     + _error_id("& $sb -a1 1"), "ParsingTooManyParameterSets\n"),
    ("function v { [CmdletBinding()] param([ValidateScript({$_ -gt 2}, ErrorMessage = \"Item '{0}' failed '{1}'\")] $p) $p }; "
     "try { v -p 2 } catch { $_.Exception.Message }", "Cannot validate argument on parameter 'p'. Item '2' failed '$_ -gt 2'\n"),
    ("function v { param([ValidatePattern('^a', ErrorMessage = \"'{0}' is not '{1}'\")] $p) $p }; "
     "try { v -p b } catch { $_.Exception.Message }", "Cannot validate argument on parameter 'p'. 'b' is not '^a'\n"),
    ("function v { param([ValidateSet('A', 'B', IgnoreCase = $false, ErrorMessage = \"'{0}' not in '{1}'\")] $p) $p }; "
     "try { v -p a } catch { $_.Exception.Message }; v -p A", "Cannot validate argument on parameter 'p'. 'a' not in 'A,B'\nA\n"),
]


@pytest.mark.parametrize("script, expected", CASES)
def test_script_binding(script: str, expected: str) -> None:
    assert output(script) == expected
