"""Script modules as pwsh has them, on the test modules under fixtures/modules (their own texts say what each
one exercises): import by name and path, module scope, exports, manifests, Get-Module/Get-Command, removal,
New-Module, manifests written and tested, #requires, using module, and the one-line errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.commands.harness import run_script

FIXTURES = Path(__file__).parent / "fixtures"
MODULES = FIXTURES / "modules"


@pytest.fixture(autouse=True)
def module_path(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PSModulePath", str(MODULES))


def run(source: str, cwd: Path = FIXTURES):  # type: ignore[no-untyped-def]
    return run_script(source, cwd)


def test_import_by_name_runs_in_the_module_scope() -> None:
    r = run("Import-Module Greeter\nGet-Greeting -Name Ada\ngg\nGet-GreetingCount\n"
            "\"[$count][$hidden][$GreeterVersion]\"\nGet-Farewell Bob\nGet-Phrase x")
    assert r.err == ""
    # $script:count lives in the module; $hidden stays private, the exported variable is shared; the nested module
    # came from "$PSScriptRoot\Common.psm1" (a backslash path) and the strings from en-US via Import-LocalizedData
    assert r.out == ("Hello, Ada (1) from Greeter\nHello, world (2) from Greeter\n2\n[][][1.2.3]\n"
                     "Goodbye, Bob\ncommon:x\n")


def test_private_members_stay_in_the_module() -> None:
    r = run("Import-Module Greeter\n"
            "foreach ($n in 'Format-Farewell', 'Get-CommonPhrase', 'Get-Greeting') {\n"
            "  \"$n=$([bool](Get-Command $n -ErrorAction SilentlyContinue))\" }\n"
            "$m = Get-Module Greeter\n& $m { $script:count = 41 }\nGet-Greeting\n& $m Format-Farewell Cy")
    assert r.out == ("Format-Farewell=False\nGet-CommonPhrase=False\nGet-Greeting=True\n"
                     "Hello, world (42) from Greeter\nGoodbye, Cy\n")


def test_get_module_and_get_command_describe_the_module() -> None:
    r = run("Import-Module Greeter\n$m = Get-Module Greeter\n"
            "\"$($m.Name) $($m.Version) $($m.ModuleType) $($m.Description)\"\n"
            "($m.ExportedCommands.Keys | Sort-Object) -join ','\n"
            "(Get-Command -Module Greeter | ForEach-Object Name) -join ','\n"
            "(Get-Command -Noun Greeting* -Verb Get | ForEach-Object Name) -join ','\n"
            "$c = Get-Command Get-Greeting; \"$($c.Source)|$($c.ModuleName)|$($c.Version)|$($c.Module.Name)\"\n"
            "(Get-Module -All | Where-Object Name -eq Common).Name\n"
            "(Get-Module | Where-Object Name -eq Common).Name")
    assert r.err == ""
    assert r.out.splitlines() == [
        "Greeter 1.2.3 Script Greets people (a fixture of the module tests).",
        "Get-Farewell,Get-Greeting,Get-GreetingCount,Get-Phrase,gg",
        "Get-Greeting,Get-GreetingCount,Get-Farewell,Get-Phrase",
        "Get-Greeting,Get-GreetingCount",
        "Greeter|Greeter|1.2.3|Greeter",
        "Common",
    ]


def test_get_module_table_as_pwsh_shows_it() -> None:
    r = run("Import-Module Versioned\nGet-Module Versioned")
    assert r.out == ("\nModuleType Version    PreRelease Name                                ExportedCommands\n"
                     "---------- -------    ---------- ----                                ----------------\n"
                     "Script     2.1.0                 Versioned                           {Get-VersionedVersion}\n\n")


def test_prefix_passthru_force_and_remove() -> None:
    r = run("$m = Import-Module Greeter -Prefix My -PassThru\n\"$($m.Name) $($m.Prefix)\"\nGet-MyGreeting\n"
            "Import-Module Greeter -Force\nGet-Greeting\nRemove-Module Greeter\n"
            "[bool](Get-Command Get-Greeting -ErrorAction SilentlyContinue)\n[bool](Get-Module Greeter)\n"
            "Remove-Module Greeter")
    assert r.out == "Greeter My\nHello, world (1) from Greeter\nHello, world (1) from Greeter\nFalse\nFalse\n"
    assert r.err.startswith("Remove-Module: \nLine |\n   9 |  Remove-Module Greeter\n")
    assert "No modules were removed. Verify that the specification of modules to remove is correct" in r.err


def test_manifest_required_nested_scripts_and_filters() -> None:
    r = run("Import-Module Requirer -ArgumentList fast\nInvoke-ReqRequirer\n$RequirerSetupRan\n"
            "(Get-Command -Module Requirer | ForEach-Object Name) -join ','\n"
            "[bool](Get-Command Invoke-ReqHidden -ErrorAction SilentlyContinue)\n[bool](Get-Module Greeter)")
    assert r.err == ""
    # RequiredModules came first (globally), ScriptsToProcess ran in the caller's scope, the nested module's
    # functions passed FunctionsToExport ('Get-Help*'), and DefaultCommandPrefix named them
    assert r.out == ("mode=fast; helper=helped; greeting=Hello, req (1) from Greeter\nTrue\n"
                     "Get-ReqHelper,Get-ReqHelperSecret,Invoke-ReqRequirer\nFalse\nTrue\n")


def test_versions_by_name() -> None:
    r = run("Import-Module Versioned\nGet-VersionedVersion\nImport-Module Versioned -RequiredVersion 1.0.0 -Force\n"
            "Get-VersionedVersion\nImport-Module Versioned -MinimumVersion 3.0")
    assert r.out == "2.1.0\n1.0.0\n"
    assert "The specified module 'Versioned' with version '3.0' was not loaded" in r.err


def test_import_by_path_global_and_scope_local() -> None:
    r = run("function Load { Import-Module ./modules/Versioned/1.0.0/Versioned.psm1 -Scope Local; Get-VersionedVersion }\n"
            "Load\n[bool](Get-Command Get-VersionedVersion -ErrorAction SilentlyContinue)\n"
            "function LoadGlobal { Import-Module ./modules/Versioned/1.0.0/Versioned.psm1 -Global -Force }\n"
            "LoadGlobal\nGet-VersionedVersion")
    assert r.err == ""
    assert r.out == "1.0.0\nFalse\n1.0.0\n"


def test_errors_are_one_clear_line() -> None:
    r = run("Import-Module Binary\nImport-Module NoSuchModule\nImport-Module ActiveDirectory\n'went on'")
    # each error is one message line (the first statement's comes without the `Line |` block)
    messages = [line[7:] if line.startswith("     | ") else line[len("Import-Module: "):] for line in r.err.splitlines()
                if (line.startswith("     | ") and "~" not in line) or line.startswith("Import-Module: '")]
    assert messages == [
        "'Binary.dll' (the root module of Binary.psd1) is a binary module: a .NET assembly, which this shell cannot "
        "load. Only script modules (.psm1, .psd1, .ps1) can be imported.",
        "The specified module 'NoSuchModule' was not loaded because no valid module file was found in any module "
        "directory.",
        "The specified module 'ActiveDirectory' was not loaded because no valid module file was found in any module "
        "directory. It is a Windows-only module, which this shell cannot load.",
    ]
    assert r.out == "went on\n"


def test_requires_statements() -> None:
    r = run("Import-Module ./scripts/NeedsVpn.psm1\nGet-Fine\n& ./scripts/NeedsNewer.ps1\n& ./scripts/NeedsMissing.ps1\n"
            "Use-Vpn\n'end'")
    assert r.out.startswith("WARNING: NeedsVpn.psm1: #requires names the Windows-only module VpnClient;")
    assert r.out.endswith("fine\nend\n")
    assert ('The script \'NeedsNewer.ps1\' cannot be run because it contained a "#requires" statement for PowerShell '
            "9.0.") in r.err
    assert ("following modules that are specified by the \"#requires\" statements of the script are missing: "
            "NoSuchModuleAnywhere.") in r.err
    assert "It is a command of the Windows-only module VpnClient" in r.err


def test_using_module_and_new_module() -> None:
    r = run("using module Greeter\nGet-Greeting -Name using\n"
            "$dyn = New-Module -Name Dyn -ScriptBlock { $x = 5; function Get-Dyn { \"dyn $x\" }; function Get-Other { 1 } } "
            "-Function Get-Dyn\nGet-Dyn\n[bool](Get-Command Get-Other -ErrorAction SilentlyContinue)\n"
            "\"$($dyn.ModuleType) $([bool](Get-Module Dyn))\"\n$dyn | Import-Module\n[bool](Get-Module Dyn)")
    assert r.err == ""
    assert r.out == "Hello, using (1) from Greeter\ndyn 5\nFalse\nDynamic False\nTrue\n"


def test_new_and_test_module_manifest(tmp_path: Path) -> None:
    (tmp_path / "Made.psm1").write_text("function Get-Made { 'made' }\nfunction Get-NotMade { 'no' }\n")
    r = run("New-ModuleManifest -Path ./Made.psd1 -RootModule Made.psm1 -ModuleVersion 2.0 -FunctionsToExport Get-Made "
            "-Description 'A made module'\n$t = Test-ModuleManifest ./Made.psd1\n\"$($t.Name) $($t.Version) $($t.Description)\"\n"
            "Import-Module ./Made.psd1\nGet-Made\n[bool](Get-Command Get-NotMade -ErrorAction SilentlyContinue)", tmp_path)
    assert r.err == ""
    assert r.out == "Made 2.0 A made module\nmade\nFalse\n"
    text = (tmp_path / "Made.psd1").read_text()
    assert "# Module manifest for module 'Made'" in text and "FunctionsToExport = 'Get-Made'" in text


def test_script_root_and_command_path_follow_the_running_file(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.ps1").write_text('"b: $(Split-Path -Leaf $PSScriptRoot) $(Split-Path -Leaf $PSCommandPath)"\n')
    (tmp_path / "a.ps1").write_text('. "$PSScriptRoot\\sub\\b.ps1"\n"a: $(Split-Path -Leaf $PSCommandPath)"\n'
                                    "function f { \"f: $(Split-Path -Leaf $script:PSCommandPath)\" }\nf\n")
    r = run("& ./a.ps1", tmp_path)
    assert r.out == "b: sub b.ps1\na: a.ps1\nf: a.ps1\n"


def test_reflection_assembly_and_data_files(tmp_path: Path) -> None:
    (tmp_path / "data.psd1").write_text("@{ Name = 'x'; Items = @(1, 2); Dir = $PSScriptRoot }\n")
    (tmp_path / "bad.psd1").write_text("@{ Name = (Get-Date) }\n")
    r = run("$null = [System.Reflection.Assembly]::LoadWithPartialName('System.Web')\n"
            "[Reflection.Assembly]::Load('System.Net.Http').FullName.Split(',')[0]\n"
            "$d = Import-PowerShellDataFile ./data.psd1\n\"$($d.Name) $($d.Items.Count) $(Split-Path -Leaf $d.Dir)\"\n"
            "Import-PowerShellDataFile ./bad.psd1\n[Reflection.Assembly]::LoadFrom('/opt/lib/Vendor.dll')", tmp_path)
    assert r.out == f"System.Net.Http\nx 2 {tmp_path.name}\n"
    assert "The command 'Get-Date' is not allowed in a PowerShell data file." in r.err
    assert "Could not load file or assembly 'Vendor.dll'. '/opt/lib/Vendor.dll' is a .NET assembly" in r.err


def test_export_module_member_outside_a_module() -> None:
    r = run("Export-ModuleMember -Function x")
    assert r.err.startswith("Export-ModuleMember: The Export-ModuleMember cmdlet can only be called from inside a module.")


def test_list_available_reads_manifests_without_running_them() -> None:
    r = run("Get-Module -ListAvailable | ForEach-Object { \"$($_.Name) $($_.Version) $($_.ModuleType)\" }")
    assert r.err == ""
    assert r.out.splitlines() == ["Binary 1.0 Manifest", "Greeter 1.2.3 Script", "Requirer 0.1 Script",
                                  "Versioned 2.1.0 Script"]


def test_utf16_files_and_named_data_sections(tmp_path: Path) -> None:
    # Windows PowerShell saves UTF-16 with a BOM (AsHciADArtifactsPreCreationTool.psd1, Bootstrap.ps1)
    (tmp_path / "Wide.psm1").write_bytes("data Text { ConvertFrom-StringData 'Hi = héllo' }\n"
                                         "function Get-Wide { $Text.Hi }\n".encode("utf-16"))
    (tmp_path / "Wide.psd1").write_bytes("@{ RootModule = 'Wide.psm1'; ModuleVersion = '1.0' }\n".encode("utf-16"))
    r = run("Import-Module ./Wide.psd1\nGet-Wide\n[bool](Get-Variable Text -ErrorAction SilentlyContinue)", tmp_path)
    assert r.err == ""
    assert r.out == "héllo\nFalse\n"
