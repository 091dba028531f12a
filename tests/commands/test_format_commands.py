"""Format-Table/List, JSON and CSV cmdlets; the Format-Table and ConvertTo-Json conformance cases."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.commands.harness import run_script
from tests.support.shared import CONFORMANCE_CASES

CONFORMANCE = CONFORMANCE_CASES


def _cases() -> list[dict[str, str]]:
    if not CONFORMANCE.exists():
        return []
    cases = [json.loads(line) for line in CONFORMANCE.read_text().splitlines() if line.strip()]
    return [c for c in cases if c["id"].startswith(("format-output-", "pipeline-"))]


@pytest.mark.parametrize("case", _cases(), ids=lambda c: c["id"])
def test_conformance_output_cases(case: dict[str, str]) -> None:
    r = run_script(case["script"])
    assert r.out == case["expected_output"]


def test_format_table_options() -> None:
    base = "$o = [pscustomobject]@{Name='disk';Size=10;Kind='Fixed'}; "
    assert run_script(base + "$o | Format-Table Name, Size").out == "\nName Size\n---- ----\ndisk   10\n\n"
    assert run_script(base + "$o | Format-Table Name -HideTableHeaders").out == "\ndisk\n\n"
    assert run_script(base + "$o | Format-Table @{L='GB';E={$_.Size/2}}, Kind").out == "\nGB Kind\n-- ----\n 5 Fixed\n\n"
    assert run_script(base + "$o | Format-Table N*").out == "\nName\n----\ndisk\n\n"


def test_format_list_and_star() -> None:
    r = run_script("[pscustomobject]@{a=1;b='x'} | Format-List; [pscustomobject]@{a=1;b='x'} | Format-List b")
    assert r.out == "\na : 1\nb : x\n\n\nb : x\n\n"


def test_format_table_bad_key_is_a_clear_error() -> None:
    r = run_script("[pscustomobject]@{a=1} | Format-Table @{Nme='x'; E={1}}")
    assert r.err.startswith('Format-Table: The "Nme" key is not valid.')


def test_convert_to_json_shapes() -> None:
    script = "@{ a = 1; b = @(1, 2); c = @{ d = $true }; e = $null; f = 1.5; g = 'q\"' } | ConvertTo-Json -Depth 3"
    text = run_script(script).out
    assert json.loads(text) == {"a": 1, "b": [1, 2], "c": {"d": True}, "e": None, "f": 1.5, "g": 'q"'}
    assert run_script("[ordered]@{ x = @(); y = @{} } | ConvertTo-Json -Compress").out == '{"x":[],"y":{}}\n'
    assert run_script("[pscustomobject]@{ n = 2.0 } | ConvertTo-Json -Compress").out == '{"n":2.0}\n'
    assert run_script("ConvertTo-Json @(1) -AsArray -Compress").out == "[1]\n"
    r = run_script("@{ a = @{ b = @{ c = 1 } } } | ConvertTo-Json -Depth 1 -Compress")
    assert r.out == 'WARNING: Resulting JSON is truncated as serialization has exceeded the set depth of 1.\n{"a":{"b":"System.Collections.Hashtable"}}\n'


def test_json_dates_round_trip() -> None:
    script = (
        "[pscustomobject]@{ d = [datetime]'2024-02-29T13:05:00.5' } | ConvertTo-Json -Compress; "
        """('{"d":"2024-02-29T13:05:00Z"}' | ConvertFrom-Json).d.Hour"""
    )
    assert run_script(script).out == '{"d":"2024-02-29T13:05:00.5"}\n13\n'


def test_convert_from_json() -> None:
    r = run_script("$o = '{\"name\":\"disk\",\"tags\":[1,2],\"nested\":{\"x\":true}}' | ConvertFrom-Json; $o.name; $o.tags.Count; $o.nested.x")
    assert r.out == "disk\n2\nTrue\n"
    assert run_script("('[1,2,3]' | ConvertFrom-Json).Count").out == "3\n"
    # -AsHashtable: pwsh's OrderedHashtable, whose keys compare case-sensitively
    assert run_script("$h = '{\"a\":1}' | ConvertFrom-Json -AsHashtable; $h['a']; $null -eq $h['A']").out == "1\nTrue\n"
    r = run_script("'{bad' | ConvertFrom-Json")
    assert r.err.startswith("ConvertFrom-Json: Conversion from JSON failed with error:")


def test_csv_round_trip(tmp_path: Path) -> None:
    r = run_script(
        "[pscustomobject]@{Name='a,b';Size=1},[pscustomobject]@{Name='c';Size=$null} | Export-Csv x.csv; "
        "Get-Content x.csv; (Import-Csv x.csv)[0].Name; [pscustomobject]@{a=1} | ConvertTo-Csv -UseQuotes AsNeeded",
        tmp_path,
    )
    assert r.out == '"Name","Size"\n"a,b","1"\n"c",""\na,b\na\n1\n'
    assert run_script("('a,b','1,2' | ConvertFrom-Csv).b").out == "2\n"



def test_csv_type_line_names_the_objects_type() -> None:
    # pwsh's ConvertFrom-Csv.Tests.ps1: #TYPE T gives the objects the type names T and CSV:T, and nothing else
    r = run_script("$o = '#TYPE My.Custom.Object','a,b','1,2' | ConvertFrom-Csv; $o.PSObject.TypeNames; $o.b; "
                   "$o | ConvertTo-Csv -IncludeTypeInformation")
    assert r.out == 'My.Custom.Object\nCSV:My.Custom.Object\n2\n#TYPE My.Custom.Object\n"a","b"\n"1","2"\n'
    assert run_script("('a,b','#TYPE x','1,2' | ConvertFrom-Csv)[0].a").out == "#TYPE x\n"  # only the first line says a type


def test_table_cells_show_floats_with_the_cultures_decimals() -> None:
    # pwsh 7.3+: a table shows doubles, floats and decimals with NumberDecimalDigits (2 in en-US), rounded half away
    # from zero on the exact value; a list keeps every digit
    r = run_script("[pscustomobject]@{double = [double]1234.56789; float = [float]9876.54321; decimal = [decimal]4567.123456789; i = 3} | Format-Table; "
                   "[pscustomobject]@{a = 0.125; b = [decimal]2.345; c = 2.0} | Format-Table; [pscustomobject]@{a = 0.125} | Format-List")
    assert r.out == (
        "\n double   float decimal i\n ------   ----- ------- -\n1234.57 9876.54 4567.12 3\n\n"
        "\n   a    b    c\n   -    -    -\n0.13 2.35 2.00\n\n"
        "\na : 0.125\n\n"
    )

def test_format_table_group_by() -> None:
    r = run_script("[pscustomobject]@{P='a';N=1},[pscustomobject]@{P='a';N=22},[pscustomobject]@{P='b';N=3} | Format-Table N -GroupBy P")
    assert r.out == "\n   P: a\n\n N\n -\n 1\n22\n\n\n   P: b\n\nN\n-\n3\n\n"


def test_format_table_autosize_overrides_view_widths() -> None:
    assert run_script("@{a=1} | Format-Table -AutoSize").out == "\nName Value\n---- -----\na    1\n\n"
    assert run_script("@{a=1} | Format-Table").out == "\nName                           Value\n----                           -----\na                              1\n\n"


@pytest.mark.parametrize("command", ["Format-List x", "Format-Table x", "Select-Object x", "Format-List", "Format-Table"])
def test_null_input_is_skipped(command: str) -> None:
    # pwsh's InnerFormatShapeCommand and Select-Object ignore a $null input object
    r = run_script(f"$null | {command}; @($null, [pscustomobject]@{{x = 2}}) | {command} | Out-String -Stream | Where-Object {{ $_ }}")
    assert r.err == ""
    assert "2" in r.out and r.out.count("x") == 1
