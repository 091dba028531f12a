"""$PSScriptRoot and $PSCommandPath follow the file of the code running (a dot-sourced script's, a block's);
here-strings keep CRLF; [char] ranges; script parameters mandatory in one set only."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.commands.harness import run_script
from tests.runtime.interp_support import output


def test_psscriptroot_follows_the_running_file(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "inner.ps1").write_text(
        '"inner: $PSScriptRoot"\n$global:sb = { "sb: $PSScriptRoot" }\nfunction global:g { Split-Path $PSCommandPath -Leaf }\n')
    outer = tmp_path / "outer.ps1"
    outer.write_text('"outer: $PSScriptRoot"\n. ./sub/inner.ps1\n& $sb\ng\n"outer again: $PSScriptRoot"\n')
    r = run_script(outer.read_text(), tmp_path, file=str(outer))
    assert r.out == (f"outer: {tmp_path}\ninner: {tmp_path}/sub\nsb: {tmp_path}/sub\ninner.ps1\n"
                     f"outer again: {tmp_path}\n")


CASES = [
    ("$a = Invoke-Expression \"@'`r`nA`r`nB`r`n'@\"; [int[]][char[]]$a -join ','", "65,13,10,66\n"),
    ("$r = [char]'0'..[char]'2'; $r[0].GetType().Name; ('0'..'2')[0].GetType().Name; ('a'..'c') -join ''",
     "Char\nInt32\nabc\n"),
    ("function f { param([Parameter(ParameterSetName='a', Mandatory)][Parameter(ParameterSetName='b')] $x, "
     "[Parameter(ParameterSetName='a')][switch] $y, [Parameter(ParameterSetName='b')][switch] $z) "
     "$PSCmdlet.ParameterSetName }; f -z; try { f -y } catch { $_.FullyQualifiedErrorId }",
     "b\nMissingMandatoryParameter,f\n"),
]


@pytest.mark.parametrize("script, expected", CASES)
def test_strings_ranges_and_sets(script: str, expected: str) -> None:
    assert output(script) == expected
