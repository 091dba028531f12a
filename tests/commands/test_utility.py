"""Utility cmdlets: dates, random, prompts, secrets, variables, Select-String, modules, help."""

from __future__ import annotations

import re
from pathlib import Path

from tests.commands.harness import run_script


def test_get_date_and_timespan() -> None:
    r = run_script("Get-Date -Year 2024 -Month 2 -Day 29 -Hour 13 -Minute 5 -Second 0 -Format 'yyyy-MM-dd HH:mm:ss'; "
                   "(New-TimeSpan -Hours 2).TotalMinutes; (Get-Date -Date '2020-01-02').Day")
    assert r.out == "2024-02-29 13:05:00\n120\n2\n"
    r = run_script("Get-Date -Month 13")
    assert r.err.startswith("Get-Date: Cannot validate argument on parameter 'Month'. The 13 argument is greater than the maximum allowed range of 12.")


def test_new_guid_displays_as_table() -> None:
    out = run_script("New-Guid").out
    assert re.fullmatch(r"\nGuid\n----\n[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\n\n", out)


def test_get_random() -> None:
    r = run_script("$a = Get-Random -Minimum 1 -Maximum 7 -SetSeed 5; $b = Get-Random -Minimum 1 -Maximum 7 -SetSeed 5; $a -eq $b; "
                   "($a -ge 1) -and ($a -lt 7); (1..10 | Get-Random -Count 3).Count; (1..5 | Get-Random -Shuffle | Measure-Object -Sum).Sum")
    assert r.out == "True\nTrue\n3\n15\n"
    assert "cannot be greater than or equal to the Maximum" in run_script("Get-Random -Minimum 5 -Maximum 5").err
    assert run_script("$r = Get-Random 10; $r -ge 0 -and $r -lt 10; (Get-Random 5,6,7) -in 5,6,7").out == "True\nTrue\n"


def test_prompts_fail_clearly_when_not_interactive() -> None:
    assert run_script("Read-Host 'Name'").err == "Read-Host: PowerShell is in NonInteractive mode. Read and Prompt functionality is not available.\n"
    assert "NonInteractive" in run_script("Get-Credential").err


def test_prompts_when_interactive() -> None:
    r = run_script("$n = Read-Host 'Name'; \"hi $n\"; $c = Get-Credential -UserName admin; $c.UserName; $c.GetNetworkCredential().Password",
                   interactive=True, answers=["bob", "s3cret"])
    assert r.out == "hi bob\nPowerShell credential request\nEnter your credentials.\nadmin\ns3cret\n"


def test_secure_string_never_shows_its_text() -> None:
    r = run_script("$s = ConvertTo-SecureString 'TopSecret!' -AsPlainText -Force; $s; \"$s\"; $s | Format-List; "
                   "$s | ConvertTo-Json -Compress; $c = [pscredential]::new('u', $s); $c; ($s | ConvertFrom-SecureString).Length")
    assert "TopSecret!" not in r.out + r.err
    assert "System.Security.SecureString" in r.out
    r = run_script("$h = 'TopSecret!' | ConvertTo-SecureString -AsPlainText | ConvertFrom-SecureString; "
                   "(ConvertTo-SecureString $h | ConvertFrom-SecureString -AsPlainText)")
    assert r.out == "TopSecret!\n"
    assert "Input string was not in a correct format" in run_script("ConvertTo-SecureString 'zz'").err


def test_variables() -> None:
    r = run_script("Set-Variable -Name img -Value 'disk'; $img; Get-Variable img -ValueOnly; (Get-Variable im*).Name; "
                   "New-Variable img 2; Get-Variable nope")
    assert r.out == "disk\ndisk\nimg\n"
    assert r.err == "New-Variable: A variable with name 'img' already exists.\nGet-Variable: Cannot find a variable with the name 'nope'.\n"


def test_select_string(tmp_path: Path) -> None:
    (tmp_path / "log.txt").write_text("ok\nERROR one\nfine\nerror two\n")
    r = run_script("Select-String -Path log.txt -Pattern 'error' | ForEach-Object LineNumber; "
                   "Select-String -Path log.txt -Pattern 'ERROR' -CaseSensitive; 'abc','xyz' | Select-String b; "
                   "'abc' | Select-String -Pattern q -Quiet; 'abc' | Select-String -Pattern b -Quiet", tmp_path)
    # MatchInfos print as pwsh's custom view (a blank line before and after them); -Quiet writes nothing when
    # nothing matches (pwsh's own Select-String.Tests.ps1)
    assert r.out == "2\n4\n\nlog.txt:2:ERROR one\nabc\nTrue\n\n"  # the bool is out of band: the document closes at the end


def test_modules() -> None:
    r = run_script("Import-Module Az.Accounts; Import-Module AzureStack.Connect -Force; Import-Module NoSuchModule; 'after'")
    assert r.out == "after\n"
    assert r.err == "Import-Module: The specified module 'NoSuchModule' was not loaded because no valid module file was found in any module directory.\n"


def test_import_module_runs_a_script_module(tmp_path: Path) -> None:
    (tmp_path / "tools.psm1").write_text("function Get-Answer { 42 }\n")
    r = run_script("Import-Module ./tools.psm1; Get-Answer", tmp_path)
    assert r.out == "42\n", r.err


def test_set_strict_mode_accepts_versions() -> None:
    assert run_script("Set-StrictMode -Version Latest; Set-StrictMode -Off; 'ok'").out == "ok\n"
    assert "Set-StrictMode" in run_script("Set-StrictMode -Version banana").err


def test_get_command_and_help() -> None:
    r = run_script("Get-Command Get-VHD | Format-List Name, CommandType, Source; (Get-Command -Noun VHD).Count; Get-Command Get-VHD -Syntax")
    assert r.out == "\nName        : Get-VHD\nCommandType : Cmdlet\nSource      : Hyper-V\n\n3\nGet-VHD [-Path] <string[]> [<CommonParameters>]\n\n"
    r = run_script("Get-Command No-Such")
    assert r.err.startswith("Get-Command: The term 'No-Such' is not recognized as a name of a cmdlet")
    text = run_script("Get-Help Select-Object").out
    assert text.startswith("\nNAME\n    Select-Object\n    \nSYNOPSIS\n    Selects objects or object properties.\n")
    assert "    Select-Object [[-Property] <System.Object[]>]" in text
    full = run_script("Get-Help Convert-VHD -Full").out
    assert "[-VHDType {Fixed | Dynamic | Differencing}]" in full and "Accept pipeline input?       true (ByPropertyName)" in full
    assert run_script("Get-Help Nope-Nope").err.startswith("Get-Help: Get-Help could not find Nope-Nope")


def test_get_command_sees_script_functions() -> None:
    r = run_script("function Get-Mine { 1 }; (Get-Command Get-Mine).CommandType; (Get-Command Get-Mi*).Name; "
                   "if (Get-Command Nope-X -ErrorAction SilentlyContinue) { 'yes' } else { 'no' }")
    assert r.out == "Function\nGet-Mine\nno\n"


def test_version_table() -> None:
    r = run_script("$PSVersionTable.PSVersion.Major; $PSVersionTable.PSEdition")
    assert r.out == "7\nCore\n"


def test_help_of_a_script_function_uses_its_comment_help() -> None:
    script = (
        "function Publish-Image {\n"
        "    <#\n    .SYNOPSIS\n        Publishes an image.\n    .PARAMETER Path\n        The VHD to publish.\n"
        "    .EXAMPLE\n        Publish-Image -Path ./disk.vhd\n        Publishes disk.vhd.\n    #>\n"
        "    [CmdletBinding()]\n    param([Parameter(Mandatory)][string]$Path, [int[]]$Sizes, [switch]$Force)\n}\n"
        "Get-Help Publish-Image -Full\nGet-Command Publish-Image -Syntax\n"
    )
    r = run_script(script)
    assert r.err == ""
    assert "SYNOPSIS\n    Publishes an image.\n" in r.out
    # help shows the types as pwsh's comment-based help does (Type.Name), Get-Command -Syntax as its syntax does
    assert "\n    Publish-Image [-Path] <String> [[-Sizes] <Int32[]>] [-Force] [<CommonParameters>]\n" in r.out
    assert "\nPublish-Image [-Path] <string> [[-Sizes] <int[]>] [-Force] [<CommonParameters>]\n" in r.out
    assert "    -Path <String>\n        The VHD to publish.\n" in r.out
    # no blank line after the code: it is all code (pwsh splits code from remarks at the first blank line)
    assert "    PS > Publish-Image -Path ./disk.vhd\n    Publishes disk.vhd.\n" in r.out
