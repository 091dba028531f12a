"""Object cmdlets through the real engine: output text exactly as pwsh prints it."""

from __future__ import annotations

from pathlib import Path

from tests.commands.harness import run_script

DATA = (
    "$data = @([pscustomobject]@{ Name = 'ubuntu'; Size = 30; Publisher = 'Canonical' }, "
    "[pscustomobject]@{ Name = 'win2019'; Size = 127; Publisher = 'Microsoft' }, "
    "[pscustomobject]@{ Name = 'win2022'; Size = 127; Publisher = 'Microsoft' }, "
    "[pscustomobject]@{ Name = 'debian'; Size = 8; Publisher = 'Debian' }); "
)


def out(script: str, tmp_path: Path | None = None) -> str:
    result = run_script(DATA + script, tmp_path)
    assert result.err == "", result.err
    return result.out


def test_where_object_forms() -> None:
    assert out("$data | Where-Object { $_.Size -gt 100 } | ForEach-Object Name") == "win2019\nwin2022\n"
    assert out("$data | Where-Object Publisher -eq 'microsoft' | ForEach-Object Name") == "win2019\nwin2022\n"
    assert out("$data | Where-Object Name -Like 'win*' | ForEach-Object Name") == "win2019\nwin2022\n"
    assert out("$data | Where-Object Name -Match '^d' | ForEach-Object Name") == "debian\n"
    assert out("$data | ? Size -In 8, 30 | % Name") == "ubuntu\ndebian\n"
    assert out("$data | Where-Object Size -NE 127 | Measure-Object | ForEach-Object Count") == "2\n"
    assert out("@([pscustomobject]@{a=$null},[pscustomobject]@{a=1}) | Where-Object -Not a | Measure-Object | % Count") == "1\n"


def test_foreach_object_blocks_and_members() -> None:
    assert out("1..3 | ForEach-Object -Begin { 'b' } -Process { $_ * 2 } -End { 'e' }") == "b\n2\n4\n6\ne\n"
    assert out("1..2 | ForEach-Object { 'b' } { $_ } { 'e' }") == "b\n1\n2\ne\n"
    assert out("'a','bb' | ForEach-Object Length") == "1\n2\n"
    assert out("'a,b' | ForEach-Object Split ','") == "a\nb\n"
    assert run_script("1 | ForEach-Object -Parallel { $_ }").err.startswith("ForEach-Object: ForEach-Object -Parallel is not supported")


def test_select_object_properties_and_calculated() -> None:
    text = out("$data | Select-Object Name, @{Name='GB'; Expression={ $_.Size * 2 }} -First 2")
    assert text == "\nName     GB\n----     --\nubuntu   60\nwin2019 254\n\n"
    assert out("$data | Select-Object -ExpandProperty Name -Last 1") == "debian\n"
    assert out("$data | Select-Object Publisher -Unique | % Publisher") == "Canonical\nMicrosoft\nDebian\n"
    assert out("$data | Select-Object * -ExcludeProperty Size -First 1") == "\nName   Publisher\n----   ---------\nubuntu Canonical\n\n"


def test_select_object_first_stops_upstream() -> None:
    r = run_script("$n = 0; 1..100000 | ForEach-Object { $n++; $_ } | Select-Object -First 2 -Skip 1; \"read $n\"")
    assert r.out == "2\n3\nread 3\n"


def test_select_object_expand_missing_property_is_an_error() -> None:
    result = run_script(DATA + "$data | Select-Object -ExpandProperty Nope")
    assert result.err.startswith("Select-Object: Property \"Nope\" cannot be found.")
    assert result.out == ""


def test_sort_object() -> None:
    assert out("$data | Sort-Object Size, Name -Descending | % Name") == "win2022\nwin2019\nubuntu\ndebian\n"
    assert out("$data | Sort-Object @{Expression='Size'; Descending=$true}, Name | % Name") == "win2019\nwin2022\nubuntu\ndebian\n"
    assert out("3,1,3,2 | Sort-Object -Unique") == "1\n2\n3\n"
    assert out("'b','A','a','C' | Sort-Object -Top 2") in ("A\na\n", "a\nA\n")



def test_sort_object_orders_equal_objects_as_dotnet_list_sort() -> None:
    # List.Sort orders three elements by compare-and-swap: equal objects do not keep their input order, and
    # -Unique keeps the first of each run (pwsh's Sort-Object.Tests.ps1, "Non Case-Sensitive Unique")
    people = ("$a = [pscustomobject]@{F='john'; L='smith'}; $b = [pscustomobject]@{F='joesph'; L='smith'}; "
              "$c = [pscustomobject]@{F='john'; L='smyth'}; ")
    assert out(people + "$a, $b, $c | Sort-Object L -Descending -Unique | % F") == "john\njoesph\n"
    assert out(people + "$a, $b, $c | Sort-Object L -Descending | % F") == "john\njoesph\njohn\n"
    assert out(people + "$a, $b, $c | Sort-Object L -Descending -Stable | % F") == "john\njohn\njoesph\n"


def test_introsort_sorts_as_dotnet() -> None:
    import random

    from azskernel.commands.introsort import introsort

    rng = random.Random(7)
    for size in (0, 1, 2, 3, 4, 16, 17, 100, 1000):
        items = [rng.randrange(20) for _ in range(size)]
        got = list(items)
        introsort(got, lambda x, y: (x > y) - (x < y))
        assert got == sorted(items)
    # up to 16 elements (but 3) .NET sorts by insertion: equal keys keep their order
    pairs = [(k, i) for i, k in enumerate([2, 1, 2, 1, 0, 2])]
    introsort(pairs, lambda x, y: x[0] - y[0])
    assert pairs == [(0, 4), (1, 1), (1, 3), (2, 0), (2, 2), (2, 5)]
    three = [(1, 0), (1, 1), (0, 2)]
    introsort(three, lambda x, y: x[0] - y[0])
    assert three == [(0, 2), (1, 1), (1, 0)]

def test_group_object_table() -> None:
    assert out("$data | Group-Object Publisher") == (
        "\nCount Name                      Group\n"
        "----- ----                      -----\n"
        "    1 Canonical                 {@{Name=ubuntu; Size=30; Publisher=Canonical}}\n"
        "    1 Debian                    {@{Name=debian; Size=8; Publisher=Debian}}\n"
        "    2 Microsoft                 {@{Name=win2019; Size=127; Publisher=Microsoft}, @{Name=win2022; Size=127; Publisher=Mi…\n\n"
    )
    text = out("$data | Group-Object Publisher -NoElement")
    assert text == "\nCount Name\n----- ----\n    1 Canonical\n    1 Debian\n    2 Microsoft\n\n"
    assert out("($data | Group-Object Publisher -AsHashTable)['Microsoft'].Count") == "2\n"


def test_measure_object_list_view() -> None:
    text = out("1..4 | Measure-Object -Sum -Average -Maximum -Minimum")
    assert text == (
        "\nCount             : 4\nAverage           : 2.5\nSum               : 10\nMaximum           : 4\n"
        "Minimum           : 1\nStandardDeviation : \nProperty          : \n\n"
    )
    assert out("($data | Measure-Object Size -Sum).Sum") == "292\n"
    result = run_script(DATA + "$data | Measure-Object Nope -Sum")
    assert "Measure-Object: The property \"Nope\" cannot be found in the input for any objects." in result.err


def test_add_member_and_errors() -> None:
    assert out("$o = [pscustomobject]@{a=1}; $o | Add-Member -NotePropertyName b -NotePropertyValue 2; $o.b") == "2\n"
    assert out("$o = [pscustomobject]@{a=1}; ($o | Add-Member NoteProperty c 3 -PassThru).c") == "3\n"
    result = run_script("$o = [pscustomobject]@{a=1}; $o | Add-Member -NotePropertyName a -NotePropertyValue 2")
    assert result.err == (
        'Add-Member: Cannot add a member with the name "a" because a member with that name already exists. '
        "To overwrite the member anyway, add the Force parameter to your command.\n"
    )


def test_new_object_common_types() -> None:
    assert out("(New-Object PSObject -Property @{ Name = 'x' }).Name") == "x\n"
    assert out("$l = New-Object System.Collections.ArrayList; [void]$l.Add(1); $l.Count") == "1\n"
    script = "$p = ConvertTo-SecureString 'pw' -AsPlainText -Force; $c = New-Object System.Management.Automation.PSCredential ('u', $p); $c.UserName; $c.GetNetworkCredential().Password"
    assert out(script) == "u\npw\n"
    result = run_script("New-Object No.Such.Type")
    assert result.err.startswith("New-Object: Cannot find type [No.Such.Type]")


def test_new_object_psvariable_and_its_constructor_errors() -> None:
    assert out("$v = New-Object System.Management.Automation.PSVariable 'B', 2, ReadOnly; $v.Name; $v.Value; $v.Options") == "B\n2\nReadOnly\n"
    # pwsh's New-Object.Tests.ps1: an argument the constructor cannot take is a MethodException
    text = out("try { New-Object -TypeName System.Management.Automation.PSVariable -ArgumentList 'A', 1, None, 'asd' -ErrorAction Stop } "
               "catch { $_.FullyQualifiedErrorId; \"$($_.CategoryInfo)\"; $_.Exception.Message }")
    assert text == (
        "ConstructorInvokedThrowException,Microsoft.PowerShell.Commands.NewObjectCommand\n"
        "InvalidOperation: (:) [New-Object], MethodException\n"
        'Cannot convert argument "attributes", with value: "asd", for "PSVariable" to type '
        '"System.Collections.ObjectModel.Collection`1[System.Attribute]": "Cannot convert the "asd" value of type '
        '"System.String" to type "System.Collections.ObjectModel.Collection`1[System.Attribute]"."\n'
    )
    assert 'Cannot find an overload for "PSVariable" and the argument count: "0".' in run_script(
        "New-Object System.Management.Automation.PSVariable").err


def test_get_member_lists_note_properties() -> None:
    text = out("[pscustomobject]@{ b = 1; a = 'x' } | Get-Member -MemberType NoteProperty")
    assert "   TypeName: System.Management.Automation.PSCustomObject" in text
    assert "a    NoteProperty string a=x" in text and "b    NoteProperty int b=1" in text


def test_introsort_survives_a_comparison_that_contradicts_itself() -> None:
    import random

    from azskernel.commands.introsort import introsort

    rng = random.Random(3)
    for compare in (lambda x, y: -1, lambda x, y: 1, lambda x, y: rng.choice((-1, 0, 1))):
        items = list(range(200))
        introsort(items, compare)  # .NET would throw; here: some order, nothing lost
        assert sorted(items) == list(range(200))
