"""FullyQualifiedErrorId names the cmdlet's .NET class as pwsh writes it, a function by its name."""

from __future__ import annotations

import pytest

from azskernel.runtime.cmdlet import CommandInfo
from tests.runtime.interp_support import output


@pytest.mark.parametrize("script, expected", [
    ("Get-Content /no/such/file -ErrorAction Stop", "PathNotFound,Microsoft.PowerShell.Commands.GetContentCommand"),
    ("Write-Error x -ErrorAction Stop", "Microsoft.PowerShell.Commands.WriteErrorException"),
    ("ConvertTo-Json -Depth 101 -InputObject 1", "ParameterArgumentValidationError,Microsoft.PowerShell.Commands.ConvertToJsonCommand"),
    ("function get-foo([Parameter(Mandatory)][string]$a) {}; get-foo -a $null",
     "ParameterArgumentValidationErrorNullNotAllowed,get-foo"),
    # an error from a command a cmdlet ran keeps that command's class
    ("1 | ForEach-Object { Get-Item /no/such -ErrorAction Stop }", "PathNotFound,Microsoft.PowerShell.Commands.GetItemCommand"),
])
def test_fully_qualified_error_ids(script: str, expected: str) -> None:
    assert output(f"try {{ {script} }} catch {{ $_.FullyQualifiedErrorId }}") == expected + "\n"


def test_type_name_follows_the_verb_noun_rule_of_powershells_modules() -> None:
    assert CommandInfo("Set-Content", None, module="Microsoft.PowerShell.Management").type_name == \
        "Microsoft.PowerShell.Commands.SetContentCommand"
    assert CommandInfo("Add-AzsPlatformImage", None, module="Azs.Compute.Admin").type_name == "Add-AzsPlatformImage"
    assert CommandInfo("f", None, command_type="Function").type_name == "f"
    assert CommandInfo("Get-VHD", None, module="Microsoft.PowerShell.Utility", dotnet_class="X.GetVHD").type_name == "X.GetVHD"


@pytest.mark.parametrize("script, expected", [
    # the common action parameters: by unique prefix, never Suspend, never null
    ("Write-Output x -ErrorAction Ig; 'ok'", "x\nok\n"),
    ("try { Write-Output x -ErrorAction Suspend } catch { $_.FullyQualifiedErrorId }",
     "ParameterBindingFailed,Microsoft.PowerShell.Commands.WriteOutputCommand\n"),
    ("try { Test-Path x -WarningAction $null } catch { $_.FullyQualifiedErrorId; $_.Exception.InnerException.InnerException.GetType().Name }",
     "ParameterBindingFailed,Microsoft.PowerShell.Commands.TestPathCommand\nPSInvalidCastException\n"),
    # an [ActionPreference] variable refuses Suspend; a stream written under a Suspend preference fails
    ("try { $global:ErrorActionPreference = 'Suspend' } catch { $_.CategoryInfo.Reason }; $ErrorActionPreference",
     "ArgumentTransformationMetadataException\nContinue\n"),
    ("function f { [CmdletBinding()] param() Write-Warning w }; & { $WarningPreference = 'Suspend'; try { f } catch { $_.FullyQualifiedErrorId } }",
     "System.NotSupportedException,Microsoft.PowerShell.Commands.WriteWarningCommand\n"),
    # under Stop the error variable holds the ActionPreferenceStopException carrying the record
    ("try { Get-Item /no/such -ErrorAction Stop -ErrorVariable ev } catch {}; $ev[0].GetType().Name; $ev[0].ErrorRecord.Exception.GetType().Name",
     "ActionPreferenceStopException\nItemNotFoundException\n"),
    ("[System.Management.Automation.Cmdlet]::CommonParameters -join ','",
     "Verbose,Debug,ErrorAction,WarningAction,InformationAction,ErrorVariable,WarningVariable,InformationVariable,"
     "OutVariable,OutBuffer,PipelineVariable,ProgressAction\n"),
])
def test_action_preferences(script: str, expected: str) -> None:
    assert output(script) == expected
