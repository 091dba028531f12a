"""Method values (PSMethod): a method named without a call, its OverloadDefinitions and Invoke, and its conversion to
delegate types (Func/Action) as pwsh does it (Language/Parser/Conversions.Tests.ps1, "method conversion")."""

from __future__ import annotations

import pytest

from tests.runtime.interp_support import output, run

CLASS = """
class M {
    [int] Twice([int] $value) { return 2 * $value }
    static [int] Thrice([int] $value) { return 3 * $value }
    static [int] Add([int] $i, [int16] $j) { return $i + $j }
    static [int] Apply([int] $value, [Func[int, int]] $function) { return $function.Invoke($value) }
    static [int] Apply([int] $a, [int16] $b, [Func[int, int16, int]] $function) { return $function.Invoke($a, $b) }
    static [void] Log([string] $s) { $script:logged = $s }
}
class N {
    [string] Get([System.IO.FileSystemInfo] $fsinfo, [object] $o) { return "variant" }
    [object] Get([System.IO.FileInfo] $finfo, [string] $s) { return "exact" }
    [string] Loose([int] $i, [string] $s) { return "int" }
    [string] Loose([System.IO.FileSystemInfo] $fsinfo, [object] $o) { return "variant" }
}
"""

CASES = [
    # a class's instance and static methods as values
    ("$m = [M]::new(); $v = $m.Twice; $v.GetType().FullName; $v.Name; $v.MemberType; $v.IsInstance; $v.Invoke(21)",
     "System.Management.Automation.PSMethod\nTwice\nMethod\nTrue\n42\n"),
    ("$v = [M]::Thrice; $v.IsInstance; $v.OverloadDefinitions; $v.Invoke(5)", "False\nstatic int Thrice(int value)\n15\n"),
    ("[M]::Apply.OverloadDefinitions",
     "static int Apply(int value, System.Func[System.Int32,System.Int32] function)\n"
     "static int Apply(int a, int16 b, System.Func[System.Int32,System.Int16,System.Int32] function)\n"),
    # the emulated .NET types' methods
    ('"abc".ToUpper.OverloadDefinitions; "abc".ToUpper.Invoke()', "string ToUpper()\nstring ToUpper(cultureinfo culture)\nABC\n"),
    ("[math]::Round.Invoke(2.567, 1); [math]::Round.OverloadDefinitions.Count; [string]::Join.Invoke('-', @('a', 'b'))",
     "2.6\n8\na-b\n"),
    # written to output: pwsh's PSMethod view
    ("[M]::Thrice", "\nOverloadDefinitions\n-------------------\nstatic int Thrice(int value)\n\n\n"),
    # conversion to delegates, and a method value passed to a delegate-typed parameter
    ("$f = [Func[int, int]] [M]::Thrice; $f.Invoke(3); $f -is [Func[int, int]]; [M]::Apply(1, $f)", "9\nTrue\n3\n"),
    ("[M]::Apply(3, 4, [M]::Add); $f = [Func[int, int16, int]] [M]::Add; $f.Invoke(2, 6)", "7\n8\n"),
    ("[Func[int, int]] $f = [M]::new().Twice; $f.Invoke(4)", "8\n"),
    ("$a = [Action[string]] [M]::Log; $a.Invoke('hi'); $script:logged", "hi\n"),
    ("$g = [Func[double, double]] [math]::Round; $g.Invoke(2.5); $g.Invoke(3.5)", "2\n4\n"),
    ("class P { static [IntPtr] Id([IntPtr] $i) { return $i } static [int] Id([int] $i) { return $i } }\n"
     "$f = [Func[IntPtr, IntPtr]] [P]::Id; $f.Invoke(10).GetType().FullName; [P]::Id.OverloadDefinitions[0]",
     "System.IntPtr\nstatic System.IntPtr Id(System.IntPtr i)\n"),
    # overload choice by the delegate's signature: an exact match first, else the first matching with variance
    ("$n = [N]::new(); ([Func[[System.IO.FileInfo], [string], [object]]] $n.Get).Invoke($null, $null); "
     "([Func[[System.IO.FileInfo], [string], [object]]] $n.Loose).Invoke($null, 'x')", "exact\nvariant\n"),
]


@pytest.mark.parametrize("script, expected", CASES)
def test_method_values(script: str, expected: str) -> None:
    assert output(CLASS + script) == expected


def test_a_missing_member_is_still_null() -> None:
    assert output(CLASS + '$null -eq "abc".NoSuchThing; $null -eq [M]::new().NoSuchThing') == "True\nTrue\n"


@pytest.mark.parametrize("script", [
    "[Func[string, int]] [M]::Thrice",
    "[Func[int, int, int]] [M]::Thrice",
    "[Func[long, long]] [M]::Thrice",  # no variance between value types
])
def test_a_delegate_that_fits_no_overload_is_a_cast_error(script: str) -> None:
    out, err, _ = run(CLASS + script)
    assert "Traceback" not in err
    assert 'Cannot convert the "static int Thrice(int value)" value of type "System.Management.Automation.PSMethod"' in err
    assert out == ""


def test_language_primitives_convert_to_fails_with_pwsh_error_id() -> None:
    script = CLASS + """
try { [System.Management.Automation.LanguagePrimitives]::ConvertTo([M]::Thrice, [Func[string, int]]) }
catch { $_.FullyQualifiedErrorId; $_.Exception.InnerException.GetType().FullName }
[System.Management.Automation.LanguagePrimitives]::ConvertTo('5', [int]) + 1
"""
    assert output(script) == "PSInvalidCastException\nSystem.Management.Automation.PSInvalidCastException\n6\n"


def test_a_delegate_invoked_with_the_wrong_count_says_so() -> None:
    out, err, _ = run(CLASS + "$f = [Func[int, int]] [M]::Thrice; $f.Invoke(1, 2)")
    assert 'Cannot find an overload for "Invoke" and the argument count: "2".' in err
    assert "Traceback" not in err
