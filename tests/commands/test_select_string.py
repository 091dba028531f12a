"""Select-String: MatchInfo (type, string form, context), -Raw, -Quiet, -NotMatch, -AllMatches, -List, -Culture;
Get-Culture and [cultureinfo]."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.runtime.interp_support import output, run


CASES = [
    ("$r = 'hello','Hello' | Select-String hello -CaseSensitive; $r -is [Microsoft.PowerShell.Commands.MatchInfo]; $r.Line",
     "True\nhello\n"),
    ("('hello','Hello','goodbye' | Select-String -Pattern l | Out-String) -eq \"`nhello`nHello`n`n\"", "True\n"),
    ("$null -eq ('hello' | Select-String -Quiet nomatch); 'hello' | Select-String -Quiet ll", "True\nTrue\n"),
    ("'hello','Hello','goodbye' | Select-String goodbye -NotMatch | ForEach-Object Line", "hello\nHello\n"),
    ("('hello' | Select-String l -AllMatches).Matches.Count; ('hello' | Select-String l).Matches[0].Index", "2\n2\n"),
    ("('hello' | Select-String hello -Raw).GetType().Name", "String\n"),
    ("'file' | Select-String -Pattern 'fIle' -Culture tr-TR -SimpleMatch; 'file' | Select-String -Pattern \"f`u{0130}le\" -Culture tr-TR -SimpleMatch",
     "\nfile\n\n"),
    ("'file' | Select-String -Pattern 'fIle' -Culture en-US -SimpleMatch | ForEach-Object Line", "file\n"),
    ("(Get-Culture).Name; [cultureinfo]::CurrentCulture.NumberFormat.NumberDecimalSeparator; ([cultureinfo]'0x419').Name",
     "en-US\n.\nru-RU\n"),
]


@pytest.mark.parametrize("script, expected", CASES)
def test_select_string(script: str, expected: str) -> None:
    assert output(script) == expected


def test_files_context_and_relative_paths(tmp_path: Path) -> None:
    (tmp_path / "t.txt").write_text("one\ntwo\nthree\nfour\n")
    script = (f"Set-Location '{tmp_path}'; Select-String three t.txt -Context 1 | ForEach-Object {{ $_.ToString() }}\n"
              "Select-String t t.txt -List | ForEach-Object LineNumber\n"
              "(Select-String o t.txt).Count")
    assert output(script) == "  t.txt:2:two\n> t.txt:3:three\n  t.txt:4:four\n2\n3\n"


@pytest.mark.parametrize("script, error_id", [
    ("'1' | Select-String -Pattern x -Culture ru-RU", "CannotSpecifyCultureWithoutSimpleMatch,Microsoft.PowerShell.Commands.SelectStringCommand"),
    ("'1' | Select-String -Pattern x -Raw -Quiet", "AmbiguousParameterSet,Select-String"),
])
def test_select_string_refuses(script: str, error_id: str) -> None:
    out, _, _ = run(f"try {{ {script} }} catch {{ $_.FullyQualifiedErrorId }}")
    assert out.strip().split(",")[0] == error_id.split(",")[0]
