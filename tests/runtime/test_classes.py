"""PowerShell classes and enums at run time: construction, members, statics, inheritance, conversion, enums."""

from __future__ import annotations

import pytest

from tests.runtime.interp_support import output, run

CLASSES = """
class Base {
    [string]$Name = 'base'
    [string] Hello() { return "hello $($this.Name)" }
    [string] Kind() { return 'base' }
}
class Item : Base {
    [int]$Size = 5
    hidden [string]$Secret = 's'
    static [int]$Made = 0
    Item() { [Item]::Made++ }
    Item([int]$size) { $this.Size = $size; [Item]::Made++ }
    [int] Twice() { 'discarded'; return $this.Size * 2 }
    [void] Nothing() { 'discarded' }
    [string] Kind() { return 'item' }
    static [int] Add([int]$a, [int]$b) { return $a + $b }
    [string] ToString() { return "Item($($this.Size))" }
}
"""

CASES = [
    ("[Item]::new().Size; [Item]::new(7).Size", "5\n7\n"),
    ("$i = [Item]::new(3); $i.Twice(); $i.Nothing(); 'after'", "6\nafter\n"),
    ("[Item]::Add(2, 3); $null = [Item]::new(); $null = [Item]::new(); [Item]::Made", "5\n2\n"),
    ("$i = [Item]::new(); \"$i\"; $i.Hello(); $i.Kind()", "Item(5)\nhello base\nitem\n"),
    ("$i = [Item]::new(); $i -is [Item]; $i -is [Base]; $i.GetType().Name", "True\nTrue\nItem\n"),
    ("$i = [Item]::new(); $i.Size = '42'; $i.Size.GetType().Name", "Int32\n"),
    ("$i = [Item]@{ Size = 9; Name = 'n' }; $i.Size; $i.Name", "9\nn\n"),
    ("$i = [Item]::new(); $i.Secret; ($i | ConvertTo-Json -Compress)", 's\n{"Size":5,"Secret":"s","Name":"base"}\n'),
    ("[Item]::new() | Format-List | Out-String", "\nSize : 5\nName : base\n\n\n"),
    # used above its definition: pwsh defines a script's types before running it
    ("$early = [Later]::new(); $early.A\nclass Later { [int]$A = 1 }", "1\n"),
    ("class WithCtor { [int]$a; WithCtor([hashtable]$h) { $this.a = 100 } }\n([WithCtor]@{ a = 1 }).a", "100\n"),
    ("class Defaults { [string]$s; [int]$i; [bool]$b; [object]$o }\n$d = [Defaults]::new(); $null -eq $d.s; $d.i; $d.b; $null -eq $d.o",
     "True\n0\nFalse\nTrue\n"),
    # enums
    ("enum Day { Mon; Tue; Wed = 10; Thu }\n[Day]::Wed; [int][Day]::Thu; [Day]'tue'; [Day]1", "Wed\n11\nTue\nTue\n"),
    ("[Flags()] enum Color { Red = 1; Green = 2; Blue = 4 }\n[Color]'Red, Blue'; [Color]5; [int][Color]'Green,Blue'",
     "Red, Blue\nRed, Blue\n6\n"),
    ("enum E { A; B }\n[E]::A -is [E]; [E]::B -eq 1; [E]::B -eq 'b'", "True\nTrue\nTrue\n"),
]


@pytest.mark.parametrize("script, expected", CASES)
def test_classes(script: str, expected: str) -> None:
    assert output(CLASSES + script) == expected


def test_unknown_property_in_a_hashtable_conversion_names_the_available_ones() -> None:
    _, err, code = run(CLASSES + "[Item]@{ Nope = 1 }")
    assert code == 1 and "The Nope property was not found for the Item object" in err and "[Size <System.Int32>]" in err


def test_a_missing_method_is_pwshs_method_not_found() -> None:
    _, err, code = run(CLASSES + "[Item]::new().Nope()")
    assert code == 1 and "does not contain a method named 'Nope'" in err


def test_an_undefined_enum_number_is_refused() -> None:
    _, err, code = run("enum E { A; B }\n[E]7")
    assert code == 1 and "enumeration values that are not valid" in err
