"""Lab 6: diagnose and fix an image, one broken image per family of Test-AzsImage's checks."""

from __future__ import annotations

from typing import Any

from sources.cells import check, code, exercise, md, parameters
from sources.common import MARKETPLACE, PS_CONNECTION_PARAMETERS, STEP1, STEP2, STEP3_PS
from sources.labs import lab_intro, lab_setup, remove_lab_images

PARAMETERS = PS_CONNECTION_PARAMETERS + r"""
$WorkFolder         = ''   # where the lab's images are built; '' = a temporary folder
$PollingIntervalSec = 10
"""

SETUP = r"""
$LabNumber = 6
$images = @{}
Get-AzsTrainingImage -Path (Join-Path $WorkFolder 'lab6-images') | ForEach-Object { $images[$_.Name] = $_ }
$rg = 'lab6-rg'; $accountName = 'lab6acct'
if (-not (Get-AzResourceGroup | Where-Object ResourceGroupName -eq $rg)) { $null = New-AzResourceGroup -Name $rg -Location $Location }
$account = Get-AzStorageAccount -ResourceGroupName $rg | Where-Object StorageAccountName -eq $accountName
if (-not $account) { $account = New-AzStorageAccount -ResourceGroupName $rg -Name $accountName -Location $Location -SkuName Standard_LRS -Kind Storage }
if (-not (Get-AzStorageContainer -Context $account.Context | Where-Object Name -eq vhds)) {
    $null = New-AzStorageContainer -Name vhds -Permission Off -Context $account.Context
}
$containerFixed = Join-Path $WorkFolder 'lab6-container-fixed.vhd'   # exercise 10 makes it, in this run
if (Test-Path $containerFixed) { Remove-Item $containerFixed }
# Your answer: the Ids Test-AzsImage reports Failed or CannotInspect as an Error or a Warning (in any order).
function Test-Ids($Answer, $Expected) {
    $given = @($Answer | Where-Object { $_ } | ForEach-Object { "$_".Trim().ToUpper() } | Sort-Object)
    $given.Count -gt 0 -and ($given -join ',') -eq (@($Expected | Sort-Object) -join ',')
}
# What the image would do on a real Hub, and the fix: shown once you have looked.
function Show-Lesson([string]$Name) {
    "On a real Hub: $($images[$Name].Symptom)"
    "The fix: $($images[$Name].Fix)"
}
$images.Values | Sort-Object Family, Name | Format-Table Name, Family, Mode
"""

DIAGNOSE = (
    # image, what the exercise says about it
    ("container", "the disk as it came from Hyper-V"),
    ("generation-2", "an Ubuntu from a generation 2 VM"),
    ("agent-missing", "an Ubuntu whose builder forgot a package"),
    ("provisioning-Auto", "an Ubuntu whose waagent.conf someone edited"),
    ("cloud-init-and-fstab", "an Ubuntu with cloud-init and fstab 'prepared' by hand"),
    ("not-deprovisioned", "an Ubuntu captured straight from a running VM"),
    ("no-udf", "an Ubuntu with a trimmed kernel"),
    ("windows-not-sysprepped", "a Windows Server captured without Sysprep"),
    ("lvm-root", "a Red Hat-style disk with its root on LVM"),
)
HINT = ("run Test-AzsImage -Path $images['{name}'].Path | Format-List Id, Status, Severity, Message, and keep the Ids "
        "whose Status is Failed or CannotInspect with Severity Error or Warning, e.g. $answer{n} = 'L1', 'L2'.")


def _diagnose(n: int, name: str, what: str, ids: str) -> list[Any]:
    return [
        md(f"**Exercise {n}.** `$images['{name}']`: {what}. Test it, then put the Ids of the checks that fail in "
           f"`$answer{n}`."),
        exercise(f"$answer{n} = @()   # Test-AzsImage -Path $images['{name}'].Path | Format-List Id, Status, Severity, Message",
                 f"Test-AzsImage -Path $images['{name}'].Path | Format-List Id, Status, Severity, Message\n"
                 f"$answer{n} = {ids}"),
        check(f"Test-Answer 'Exercise {n}' {{ Test-Ids $answer{n} $images['{name}'].Failing }} `\n"
              f"    '{HINT.format(name=name, n=n).replace(chr(39), chr(39) * 2)}'"),
        code(f"Show-Lesson '{name}'"),
    ]


SOLUTIONS = {
    "container": "'D2', 'D3'", "generation-2": "'D4'", "agent-missing": "'L1'", "provisioning-Auto": "'L4'",
    "cloud-init-and-fstab": "'L6', 'L7'", "not-deprovisioned": "'L8'", "no-udf": "'L9'",
    "windows-not-sysprepped": "'W2'", "lvm-root": "'D5', 'L1', 'L2', 'L3', 'L4', 'L5', 'L6', 'L7', 'L8', 'L9'",
}


def lab_diagnose() -> list[Any]:
    cells: list[Any] = [
        lab_intro(6, "diagnose and fix an image", f"""
Step 1 of the guide is what must be true **inside** the image ({STEP1}). The stamp checks none of it: it takes
a VHD without a Linux agent, or a Windows that was never Sysprepped, ends the image **Succeeded**, and tenants
meet the failure later, when a VM does not boot or does not provision. `Test-AzsImage` reads inside the disk,
without mounting it, and says which rule is broken and what to run.

The setup builds one broken image per family of checks (`Get-AzsTrainingImage`, in the work folder), signs in
and makes a storage account. For each image: **diagnose** it (which checks fail?), then read what a tenant
would meet and the fix. Then: the trap (a broken image published as an older script would), a **fix** for
real, **publishing safely** with `-TestImage`, and a migrated VM's disk (`-Mode Specialized`).

To collect the Ids without typing them: `Test-AzsImage ... | Where-Object {{ $_.Status -ne 'Passed' -and
$_.Severity -ne 'Info' }} | ForEach-Object Id`.
"""),
        parameters(PARAMETERS),
        lab_setup(SETUP + remove_lab_images("Diagnose")),
        md("## Diagnose"),
    ]
    for n, (name, what) in enumerate(DIAGNOSE, 1):
        cells += _diagnose(n, name, what, SOLUTIONS[name])
    n = len(DIAGNOSE)
    cells += [
        md(f"""
## The trap

An older script uploads and registers without looking inside ({STEP2}, {STEP3_PS}). Here the agent-missing
image goes to the stamp that way: the stamp reads nothing inside the VHD, so the image ends **Succeeded**, as
it would on a real Hub. The failure would come at the first VM deployment.
"""),
        code(r"""
$trap = $images['agent-missing']
$null = Add-AzVhd -Destination ($account.PrimaryEndpoints.Blob + 'vhds/trap.vhd') -LocalFilePath $trap.Path -ResourceGroupName $rg -OverWrite
$sas = New-AzStorageBlobSASToken -Container vhds -Blob trap.vhd -Permission r -ExpiryTime (Get-Date).AddHours(2) -FullUri -Context $account.Context
$published = Add-AzsPlatformImage -Publisher LabPublisher -Offer Diagnose -Sku trap -Version 1.0.0 -OsType Linux -OsUri $sas -PollingIntervalSec $PollingIntervalSec
"The stamp says: $($published.ProvisioningState)."
"A tenant would meet: $($trap.Symptom)"
"""),
        md(f"""
## Fix

**Exercise {n + 1}.** The container is the one family you fix on this machine. Make `$containerFixed` (a
path in the work folder, free for you) a fixed VHD of a whole number of MiB from `$images['container'].Path`:
`Convert-VHD -VHDType Fixed`, then `Resize-VHD` to the size Test-AzsImage names (or `Convert-VHD -SizeBytes`
at once).
"""),
        exercise("# your commands here", r"""
Convert-VHD -Path $images['container'].Path -DestinationPath $containerFixed -VHDType Fixed
Resize-VHD -Path $containerFixed -SizeBytes ([math]::Ceiling((Get-VHD $containerFixed).Size / 1MB) * 1MB)
"""),
        check(f"""
Test-Answer 'Exercise {n + 1}' {{
    (Test-Path $containerFixed) -and @(Test-AzsImage -Path $containerFixed | Where-Object {{ $_.Status -ne 'Passed' -and $_.Severity -ne 'Info' }}).Count -eq 0
}} 'Convert-VHD -Path $images[''container''].Path -DestinationPath $containerFixed -VHDType Fixed, then Resize-VHD -SizeBytes <the next whole MiB>.'
"""),
        md("""
**The others** are fixed inside the VM (`$images[...].Fix` says what to run), which is then generalized and
captured again. The next cell stands for that: it builds the agent-missing image as it is once the agent is
installed and the VM captured again.
"""),
        code(r"""
$recaptured = (Get-AzsTrainingImage -Path (Join-Path $WorkFolder 'lab6-images') -Name agent-missing -Repaired).Path
"The fix: $($images['agent-missing'].Fix)"
"Captured again: $recaptured"
"""),
        md(r"""
## Publish safely

`Add-AzVhd -TestImage` and `Add-AzsPlatformImage -TestImage -LocalFilePath` run Test-AzsImage first: an
**Error** stops them before anything is sent. Here the broken image is stopped, and no blob is written:
"""),
        code(r"""
try {
    $null = Add-AzVhd -Destination ($account.PrimaryEndpoints.Blob + 'vhds/stopped.vhd') -LocalFilePath $trap.Path -ResourceGroupName $rg -TestImage -ErrorAction Stop
} catch {
    "Add-AzVhd stopped: $(($_.Exception.Message -split "`n")[0])"
}
"Blob written: $([bool](Get-AzStorageBlob -Container vhds -Context $account.Context | Where-Object Name -eq stopped.vhd))"
"""),
        md(f"""
**Exercise {n + 2}.** Publish the recaptured image (`$recaptured`) safely: upload it to `vhds/safe.vhd` with
`Add-AzVhd -TestImage`, make a read-only SAS, and add it as `LabPublisher` / `Diagnose` / `safe` / `1.0.0`
(Linux) with `Add-AzsPlatformImage -TestImage -LocalFilePath $recaptured` (add `-PollingIntervalSec
$PollingIntervalSec`). Keep the image in `$safe`. (The Marketplace item would come next: {MARKETPLACE}.)
"""),
        exercise("$safe = $null", r"""
$safeBlob = $account.PrimaryEndpoints.Blob + 'vhds/safe.vhd'
$null = Add-AzVhd -Destination $safeBlob -LocalFilePath $recaptured -ResourceGroupName $rg -OverWrite -TestImage
$safeSas = New-AzStorageBlobSASToken -Container vhds -Blob safe.vhd -Permission r -ExpiryTime (Get-Date).AddHours(2) -FullUri -Context $account.Context
$safe = Add-AzsPlatformImage -Publisher LabPublisher -Offer Diagnose -Sku safe -Version 1.0.0 -OsType Linux -OsUri $safeSas `
    -TestImage -LocalFilePath $recaptured -PollingIntervalSec $PollingIntervalSec
"""),
        check(f"""
Test-Answer 'Exercise {n + 2}' {{
    $listed = Get-AzsPlatformImage -Publisher LabPublisher -Offer Diagnose -Sku safe | Where-Object Version -eq 1.0.0
    $blob = Get-AzStorageBlob -Container vhds -Context $account.Context | Where-Object Name -eq safe.vhd
    $safe -and $safe.ProvisioningState -eq 'Succeeded' -and $listed -and $blob -and $blob.Length -eq (Get-Item $recaptured).Length
}} 'Add-AzVhd -Destination <account blob endpoint>vhds/safe.vhd -LocalFilePath $recaptured -TestImage, a read SAS, then Add-AzsPlatformImage ... -Sku safe -TestImage -LocalFilePath $recaptured.'
"""),
        md(f"""
## A migrated VM's disk

**Exercise {n + 3}.** `$images['migrated']` is the disk of a VM migrated as it is (specialized): it keeps its
identity, on purpose. Test it as a generalized image, then with `-Mode Specialized`. Put the Ids that fail
as generalized in `$answer{n + 3}`, and the mode it passes in `$passesAs`.
"""),
        exercise(f"$answer{n + 3} = @(); $passesAs = ''", f"""
Test-AzsImage -Path $images['migrated'].Path | Format-List Id, Status, Severity, Message
Test-AzsImage -Path $images['migrated'].Path -Mode Specialized | Format-List Id, Status, Severity, Message
$answer{n + 3} = 'L4', 'L5', 'L8'
$passesAs = 'Specialized'
"""),
        check(f"""
Test-Answer 'Exercise {n + 3}' {{
    $generalized = Test-AzsImage -Path $images['migrated'].Path | Where-Object {{ $_.Status -ne 'Passed' -and $_.Severity -ne 'Info' }}
    (Test-Ids $answer{n + 3} $generalized.Id) -and $passesAs -eq 'Specialized'
}} 'test it twice (without -Mode, then -Mode Specialized): which checks fail the first time, and which mode has none?'
"""),
        code("Show-Lesson 'migrated'"),
        md("Clean up: this lab's images are removed from the stamp so that the lab can be done again."),
        code(remove_lab_images("Diagnose")),
    ]
    return cells
