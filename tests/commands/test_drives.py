"""PowerShell drives and providers: Env:, Alias:, Variable:, Function:, Temp:, New-PSDrive; Set-Location through
drives, its `-`/`+` history, -LiteralPath and LocationChangedAction; Set-Item; Test-Path's filters."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.runtime.interp_support import output


CASES = [
    ("Test-Path Alias:\\gci; Test-Path Env:\\PATH; Test-Path Variable:\\nosuch; Test-Path Function:\\nosuch",
     "True\nTrue\nFalse\nFalse\n"),
    ("(Get-Item Alias:gci).Definition; (Get-ChildItem Alias:gc*).Count -gt 1", "Get-ChildItem\nTrue\n"),
    ("$v = 3; (Get-Item Variable:v).Value; Get-Content Variable:v; Remove-Item Variable:v; $null -eq $v", "3\n3\nTrue\n"),
    ("Set-Item function:greet -Value { 'hi' }; greet; (Get-Item Function:greet).Name; Remove-Item Function:greet; "
     "Test-Path Function:greet", "hi\ngreet\nFalse\n"),
    ("Set-Item Env:AZS_DRIVE_TEST 'x'; $env:AZS_DRIVE_TEST; Remove-Item Env:AZS_DRIVE_TEST; $null -eq $env:AZS_DRIVE_TEST",
     "x\nTrue\n"),
    ("New-Item -Path Alias:zz -Value Get-Date | Out-Null; (Get-Alias zz).Definition", "Get-Date\n"),
    ("$a = Get-Alias gci; $a.Description = 'd'; (Get-Alias gci).Description", "d\n"),
    ("cd Env:; (Get-Location).Path; cd; (Get-Location).Path -eq $HOME", "Env:\\\nTrue\n"),
    ("Test-Path '' ; Test-Path '  '; Test-Path ' :;!@#$%^&*(){}?+|_-' -IsValid; Test-Path '/a path/x' -IsValid",
     "False\nFalse\nFalse\nTrue\n"),
    ("[scriptblock]::Create('1 + 2').Invoke()", "3\n"),
    ("(Get-PSProvider FileSystem).Home -eq $HOME; (Get-PSDrive Temp).Root -eq [IO.Path]::GetTempPath().TrimEnd('/')",
     "True\nTrue\n"),
]


@pytest.mark.parametrize("script, expected", CASES)
def test_drives_and_providers(script: str, expected: str) -> None:
    assert output(script) == expected


def test_new_psdrive_and_the_drive_location(tmp_path: Path) -> None:
    (tmp_path / "d" / "sub").mkdir(parents=True)
    script = (f"New-PSDrive -Name Q -PSProvider FileSystem -Root '{tmp_path / 'd'}' | Out-Null\n"
              "Set-Location Q:\\sub; (Get-Location).Path; (Get-Location).ProviderPath\n"
              f"Set-Location '{tmp_path}'; Set-Location Q:; (Get-Location).Path\n"
              "Test-Path Q:\\sub; Remove-PSDrive Q; Test-Path Q:\\sub")
    assert output(script) == f"Q:/sub\n{tmp_path / 'd' / 'sub'}\nQ:/sub\nTrue\nFalse\n"



def test_resolve_path_relative_stays_inside_the_current_drive(tmp_path: Path) -> None:
    # pwsh's Resolve-Path.Tests.ps1: from a drive's root, a path outside that root comes back whole
    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "f.txt").write_text("")
    script = (f"New-PSDrive -Name Q -PSProvider FileSystem -Root '{tmp_path / 'd'}' | Out-Null\n"
              f"Set-Location Q:; Resolve-Path '{tmp_path}' -Relative; Resolve-Path Q:/f.txt -Relative\n"
              f"Set-Location '{tmp_path}'; Resolve-Path Q:/f.txt -Relative")
    assert output(script) == f"{tmp_path}\n./f.txt\n./d/f.txt\n"

def test_location_history_and_literal_paths(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "-").mkdir()
    script = (f"Set-Location '{tmp_path}'; Set-Location a; Set-Location -; (Get-Location).Path\n"
              "Set-Location +; (Get-Location).Path; Set-Location -LiteralPath ../-; (Get-Location).Path\n"
              "Set-Location -; Set-Location -; Set-Location -; try { Set-Location - } catch { $_.FullyQualifiedErrorId }")
    out = output(script).splitlines()
    assert out[:3] == [str(tmp_path), str(tmp_path / "a"), str(tmp_path / "-")]
    assert out[-1] == "System.InvalidOperationException,Microsoft.PowerShell.Commands.SetLocationCommand"


def test_location_changed_action_runs_after_the_change(tmp_path: Path) -> None:
    script = (f"Set-Location '{tmp_path}'\n"
              "$ExecutionContext.InvokeCommand.LocationChangedAction = { $script:seen = \"$($_.OldPath)>$($_.NewPath)\" }\n"
              "Set-Location /; $seen\n"
              "$ExecutionContext.InvokeCommand.LocationChangedAction = { throw 'Boom' }\n"
              f"try {{ Set-Location '{tmp_path}' }} catch {{ \"$_\" }}; (Get-Location).Path")
    assert output(script) == f"{tmp_path}>/\nBoom\n{tmp_path}\n"


def test_older_than_and_newer_than(tmp_path: Path) -> None:
    script = (f"$f = New-Item -ItemType File -Path '{tmp_path / 'old.txt'}'; $f.LastWriteTime = (Get-Date).AddDays(-1)\n"
              f"Test-Path '{tmp_path / 'old.txt'}' -OlderThan (Get-Date); Test-Path '{tmp_path / 'old.txt'}' -NewerThan (Get-Date)\n"
              f"try {{ Test-Path -Path $null -ErrorAction Stop }} catch {{ $_.FullyQualifiedErrorId }}")
    assert output(script) == "True\nFalse\nNullPathNotPermitted,Microsoft.PowerShell.Commands.TestPathCommand\n"
