"""Get-Process; Write-Error's parameter sets and what its record carries (CategoryInfo, ErrorDetails, the exception
given); ConvertTo-Json's non-string keys; Add-Content on a directory; Add-Member on an array stays on it."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.commands.harness import run_script

CASES = [
    ("(Get-Process -Id $PID).Id -eq $PID; (Get-Process -Id $PID).SI -eq (Get-Process -Id $PID).SessionId",
     "True\nTrue\n"),
    ("try { Get-Process -Name no-such-process-here -ErrorAction Stop } catch { $_.FullyQualifiedErrorId }",
     "NoProcessFoundForGivenName,Microsoft.PowerShell.Commands.GetProcessCommand\n"),
    ("@(Get-Process -Name no-such-* ).Count", "0\n"),
    ("$e = Write-Error myerrortext 2>&1; $e -is [System.Management.Automation.ErrorRecord]; "
     "$e.Exception.GetType().FullName; $e.CategoryInfo.GetMessage(); $e.FullyQualifiedErrorId",
     "True\nMicrosoft.PowerShell.Commands.WriteErrorException\nNotSpecified: (:) [Write-Error], WriteErrorException\n"
     "Microsoft.PowerShell.Commands.WriteErrorException\n"),
    ("$x = New-Object System.ArgumentNullException -ArgumentList p; "
     "$e = Write-Error -Message m -Exception $x -ErrorId id -Category syntaxerror -RecommendedAction act 2>&1; "
     "$e.Exception.ParamName; $e.CategoryInfo.Category; $e.ErrorDetails.Message; $e.ErrorDetails.RecommendedAction",
     "p\nSyntaxError\nm\nact\n"),
    ("$e = Write-Error -Activity A -Reason R -TargetName N -TargetType T -Message M 2>&1; $e.CategoryInfo.GetMessage()",
     "NotSpecified: (N:T) [A], R\n"),
    ("try { [int]::Parse('foo') } catch {}; (Write-Error $Error[0] 2>&1).Exception.GetType().Name; "
     "(Write-Error $Error[0].Exception.InnerException 2>&1).Exception.GetType().Name",
     "MethodInvocationException\nFormatException\n"),
    ("function f { Write-Error x }; (f 2>&1).FullyQualifiedErrorId; (& { Write-Error y } 2>&1).FullyQualifiedErrorId",
     "Microsoft.PowerShell.Commands.WriteErrorException,f\nMicrosoft.PowerShell.Commands.WriteErrorException\n"),
    ("try { ConvertTo-Json -InputObject @{ 1 = 'a' } } catch { $_.FullyQualifiedErrorId }",
     "NonStringKeyInDictionary,Microsoft.PowerShell.Commands.ConvertToJsonCommand\n"),
    ("$h = @{ a = 1 }; $h.Keys.GetType().FullName; $h.Values.GetType().FullName",
     "System.Collections.Hashtable+KeyCollection\nSystem.Collections.Hashtable+ValueCollection\n"),
    ("$a = @(1, 2); Add-Member -InputObject $a N V; $a.N; "
     "Add-Member -InputObject $a N W -ErrorVariable ev -ErrorAction SilentlyContinue; $ev[0].Exception.GetType().Name",
     "V\nInvalidOperationException\n"),
]


@pytest.mark.parametrize("script, expected", CASES)
def test_process_and_errors(script: str, expected: str) -> None:
    assert run_script(script).out == expected


def test_add_content_on_a_directory(tmp_path: Path) -> None:
    r = run_script("try { Add-Content -Path . -Value x -ErrorAction Stop } catch { $_.FullyQualifiedErrorId }", tmp_path)
    assert r.out == "WriteContainerContentException,Microsoft.PowerShell.Commands.AddContentCommand\n"


MORE = [
    ("$v = (New-Object psobject).GetType(); $v.IsSerializable; \"$($v.BaseType)\"; [int].BaseType.Name; "
     "class A {}; class B : A {}; [B].BaseType.Name", "False\nSystem.Object\nValueType\nA\n"),
    ("(New-Object -TypeName int[] -ArgumentList 3) -join ','; [int][char](New-Object -TypeName char)", "0,0,0\n0\n"),
    ("try { New-Object -TypeName NoSuchTypeAnywhere } catch { $_.CategoryInfo.Reason }", "PSArgumentException\n"),
    # Sort-Object: $null meets numbers as 0; Ascending wins over Descending in a hashtable
    ("(@([pscustomobject]@{ Y = 8 }, [pscustomobject]@{ Y = $null }, [pscustomobject]@{ Y = -2 }) | Sort-Object Y).Y "
     "-join ','", "-2,,8\n"),
    ("(5, 15, 2 | Sort-Object @{ e = { $_ }; descending = $false; ascending = $false } -Descending) -join ','",
     "15,5,2\n"),
]


@pytest.mark.parametrize("script, expected", MORE)
def test_types_new_object_and_sort(script: str, expected: str) -> None:
    assert run_script(script).out == expected


def test_new_item_links(tmp_path: Path) -> None:
    (tmp_path / "f.txt").write_text("x")
    r = run_script(f"$l = New-Item -ItemType HardLink -Path '{tmp_path}' -Name h -Target '{tmp_path}/f.txt'; "
                   f"(Get-Item '{tmp_path}/h').LinkType; $null -eq (Get-Item '{tmp_path}/h').Target; "
                   f"try {{ New-Item -ItemType SymbolicLink -Path '{tmp_path}' -Name s }} catch {{ $_.FullyQualifiedErrorId; "
                   "$_.Exception.ParamName }", tmp_path)
    assert r.out == "HardLink\nTrue\nArgumentNull,Microsoft.PowerShell.Commands.NewItemCommand\ncontent\n"
