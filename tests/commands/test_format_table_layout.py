"""Format-Table's layout details (wide characters, centered columns, wrapped multi-line cells), -ExcludeProperty,
-View errors, dictionaries under -Property, a DateTime as a table or list; Resolve-Path -RelativeBasePath/-Force."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.commands.harness import run_script

CASES = [
    ("[pscustomobject]@{ Name = 'T'; Age = 30; City = 'S' } | Format-Table -ExcludeProperty Age | Out-String",
     "\nName City\n---- ----\nT    S\n\n\n"),
    ("[pscustomobject]@{ P1 = 1; P2 = 2; Other = 3 } | Format-List -ExcludeProperty P* | Out-String", "\nOther : 3\n\n\n"),
    # East Asian wide characters take two columns
    ("[pscustomobject]@{ '哇' = '62'; 'dbda' = 'KM'; '消息' = '千' } | Format-Table | Out-String",
     "\n哇 dbda 消息\n-- ---- ----\n62 KM   千\n\n\n"),
    ("[pscustomobject]@{ one = 1 } | Format-Table @{ l='one'; e='one'; width=10; alignment='center' } | Out-String",
     "\n   one\n   ---\n    1\n\n\n"),
    # with -Wrap a column is as wide as its whole text, line breaks included (pwsh's sizing)
    ("[pscustomobject]@{ Name = \"ab`ncd\"; A = 1 } | Format-Table -Wrap | Out-String",
     "\nName  A\n----  -\nab    1\ncd\n\n\n"),
    ("@{} | Format-Table -Property foo, bar | Out-String", "\n"),
    ("try { New-Object psobject | Format-Table -View bar } catch { $_.FullyQualifiedErrorId; $_.CategoryInfo.Reason }",
     "FormatViewNotFound,Microsoft.PowerShell.Commands.FormatTableCommand\nPipelineStoppedException\n"),
    ("([datetime]'2024-01-02 03:04:05' | Format-List | Out-String) -match 'DateTime    : Tuesday, January 2, 2024 3:04:05 AM'",
     "True\n"),
]


@pytest.mark.parametrize("script, expected", CASES)
def test_format_table_layout(script: str, expected: str) -> None:
    assert run_script(script).out == expected


def test_resolve_path_relative_base_and_force(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / ".hidden.txt").write_text("")
    script = (f"(Resolve-Path -Path ./sub -RelativeBasePath '{tmp_path}').ProviderPath; "
              f"Resolve-Path -Path ./sub -RelativeBasePath '{tmp_path}' -Relative; "
              f"@(Resolve-Path -Path './.hid*' -RelativeBasePath '{tmp_path}' -ErrorAction SilentlyContinue).Count; "
              f"(Resolve-Path -Path './.hid*' -RelativeBasePath '{tmp_path}' -Force).Path")
    assert run_script(script).out == f"{tmp_path}/sub\n./sub\n0\n{tmp_path}/.hidden.txt\n"
