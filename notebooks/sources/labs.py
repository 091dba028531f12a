"""The lab series: five training notebooks with exercises (solutions in metadata) and self-checks."""

from __future__ import annotations

from typing import Any

from sources.cells import check, code, exercise, md, parameters
from sources.common import CONNECT, PS_CONNECTION_PARAMETERS, PS_SIGN_IN, PS_TARGET, STEP1, STEP2, STEP2_SAS, STEP3_PS, target_note


LAB_PARAMETERS = PS_CONNECTION_PARAMETERS + r"""
$PracticeVhd = './practice-dynamic.vhd'   # a dynamic VHD to practise on (on the lab, made when it does not exist)
$WorkFolder  = ''                         # where the exercises write their files; '' = a temporary folder
$PollingIntervalSec = 10
"""

CHECK_HELPER = r"""
# Each self-check runs its test here: an error while testing (not signed in yet, nothing there yet) is a NOT YET.
function Test-Answer([string]$Name, [scriptblock]$Test, [string]$Hint) {
    $ErrorActionPreference = 'Stop'
    try { $ok = [bool](& $Test) } catch { $ok = $false }
    if ($ok) { "CORRECT - $Name" } else { "NOT YET - ${Name}: $Hint" }
}
"""


def lab_intro(number: int, title: str, text: str) -> Any:
    return md(f"# Lab {number}: {title}\n\n{text.strip()}\n\nExercises are marked **Exercise**; the cell after each "
              "one checks your answer, as this run of the notebook left it, and prints **CORRECT** or **NOT YET** "
              f"with a hint.\n\n{target_note()}")


def lab_setup(extra: str = "") -> Any:
    return code(PS_TARGET + PS_SIGN_IN + CHECK_HELPER + extra)


def remove_lab_images(offer: str) -> str:
    """Removes this lab's images, if any (a run stopped half-way, or the clean-up of a run with blank answers)."""
    return (f"Get-AzsPlatformImage -Publisher LabPublisher -Offer {offer} -ErrorAction SilentlyContinue | ForEach-Object {{\n"
            f"    Remove-AzsPlatformImage -Publisher LabPublisher -Offer {offer} -Sku $_.Sku -Version $_.Version -Force\n}}")


LAB_STAGING = r"""
$rg = "lab$LabNumber-rg"; $accountName = "lab$($LabNumber)acct"
if (-not (Get-AzResourceGroup | Where-Object ResourceGroupName -eq $rg)) { $null = New-AzResourceGroup -Name $rg -Location $Location }
$account = Get-AzStorageAccount -ResourceGroupName $rg | Where-Object StorageAccountName -eq $accountName
if (-not $account) { $account = New-AzStorageAccount -ResourceGroupName $rg -Name $accountName -Location $Location -SkuName Standard_LRS -Kind Storage }
if (-not (Get-AzStorageContainer -Context $account.Context | Where-Object Name -eq vhds)) {
    $null = New-AzStorageContainer -Name vhds -Permission Off -Context $account.Context
}
$FixedVhd = Join-Path $WorkFolder "lab$LabNumber-fixed.vhd"
if (-not (Test-Path $FixedVhd)) {
    $size = [math]::Ceiling((Get-VHD $PracticeVhd).Size / 1MB) * 1MB
    Convert-VHD -Path $PracticeVhd -DestinationPath $FixedVhd -VHDType Fixed -SizeBytes $size
}
"""


def lab_connect() -> list[Any]:
    return [
        lab_intro(1, "connect to the stamp as an operator", f"""
Everything an operator does with images starts by signing in to the **admin** endpoint ({CONNECT}).
You will register the stamp as an environment, sign in with a service principal, and look at your context.
The first cell signs out any sign-in saved by an earlier session, so that you sign in yourself.
"""),
        parameters(PS_CONNECTION_PARAMETERS),
        code("Use-AzsTarget -Target $Target   # the lab's values for what is left empty\n"
             "if ($CaBundlePath) { $env:AZS_CA_BUNDLE = $CaBundlePath }   # trust the stamp's root CA\n"
             "if (Get-AzContext) { $null = Disconnect-AzAccount }   # start signed out: exercise 2 signs in\n" + CHECK_HELPER),
        md("""
**Exercise 1.** Register the stamp's admin endpoint (`$ArmEndpoint`) as an environment named
`$EnvironmentName`, with `Add-AzEnvironment`. Keep the result in `$environment`.
"""),
        exercise("$environment = $null   # your command here",
                 "$environment = Add-AzEnvironment -Name $EnvironmentName -ARMEndpoint $ArmEndpoint"),
        check(r"""
Test-Answer 'Exercise 1' { $environment -and $environment.Name -eq $EnvironmentName -and $environment.ResourceManagerUrl.TrimEnd('/') -eq $ArmEndpoint.TrimEnd('/') } `
    'call Add-AzEnvironment -Name $EnvironmentName -ARMEndpoint $ArmEndpoint and assign it to $environment.'
"""),
        md("""
**Exercise 2.** Sign in with the service principal: build a `PSCredential` from `$ClientId` and the secret
in the environment variable named by `$ClientSecretVariable`, then `Connect-AzAccount -Environment ...
-ServicePrincipal -Credential ... -TenantId $TenantId`. Never paste the secret itself into the notebook.
"""),
        exercise("# your commands here", r"""
$secure = ConvertTo-SecureString ([Environment]::GetEnvironmentVariable($ClientSecretVariable)) -AsPlainText -Force
$credential = New-Object System.Management.Automation.PSCredential($ClientId, $secure)
$null = Connect-AzAccount -Environment $EnvironmentName -ServicePrincipal -Credential $credential -TenantId $TenantId
"""),
        check(r"""
# Signed in by this notebook: the context is your service principal on your environment, and the stamp answers
# with it (a sign-in saved by an earlier session keeps no secret, so it could not).
Test-Answer 'Exercise 2' {
    $ctx = Get-AzContext
    $ctx -and $ctx.Account.Id -eq $ClientId -and $ctx.Environment.Name -eq $EnvironmentName -and @(Get-AzLocation).Count -gt 0
} 'sign in with Connect-AzAccount here; then Get-AzContext shows your service principal on the environment you registered.'
"""),
        md("""
**Exercise 3.** Which location does the stamp have? Put its name in `$myLocation` (hint: `Get-AzLocation`).
"""),
        exercise("$myLocation = ''", "$myLocation = @(Get-AzLocation)[0].Location"),
        check(r"""
Test-Answer 'Exercise 3' { $myLocation -and $myLocation -eq @(Get-AzLocation)[0].Location } 'look at (Get-AzLocation).Location (sign in first).'
"""),
    ]


def lab_inspect() -> list[Any]:
    return [
        lab_intro(2, "inspect and convert a VHD", f"""
Azure Stack Hub takes a fixed VHD of a whole number of MiB, from a generation 1 VM ({STEP1}). Your practice
disk, `$PracticeVhd`, is not ready yet: find out why and convert it.
"""),
        parameters(LAB_PARAMETERS),
        code("Use-AzsTarget -Target $Target   # on the lab, makes the practice disk when it is missing\n" + CHECK_HELPER),
        md("**Exercise 1.** Read the disk with `Get-VHD` and put its type (Fixed or Dynamic) in `$type`."),
        exercise("$type = ''", "$type = (Get-VHD -Path $PracticeVhd).VhdType"),
        check(r"""
Test-Answer 'Exercise 1' { $type -eq 'Dynamic' } 'Get-VHD returns an object whose VhdType says Fixed or Dynamic.'
"""),
        md("""
**Exercise 2.** Is its size a whole number of MiB? Put `$true` or `$false` in `$wholeMiB` (hint: the `%`
operator and `1MB`).
"""),
        exercise("$wholeMiB = $null", "$wholeMiB = ((Get-VHD -Path $PracticeVhd).Size % 1MB) -eq 0"),
        check(r"""
Test-Answer 'Exercise 2' { $wholeMiB -is [bool] -and $wholeMiB -eq (((Get-VHD -Path $PracticeVhd).Size % 1MB) -eq 0) } 'compare (Get-VHD ...).Size % 1MB with 0.'
"""),
        md("""
**Exercise 3.** Convert it to a fixed VHD at `$fixedPath`, rounded up to a whole number of MiB, with
`Convert-VHD -VHDType Fixed -SizeBytes ...`. Then `Get-VHD $fixedPath` should say `AzureStackHubReady`.
"""),
        code(r"""
$fixedPath = Join-Path $WorkFolder 'lab2-fixed.vhd'
if (Test-Path $fixedPath) { Remove-Item $fixedPath }
"""),
        exercise("# your command here", r"""
$size = [math]::Ceiling((Get-VHD -Path $PracticeVhd).Size / 1MB) * 1MB
Convert-VHD -Path $PracticeVhd -DestinationPath $fixedPath -VHDType Fixed -SizeBytes $size
"""),
        check(r"""
$result = if (Test-Path $fixedPath) { Get-VHD -Path $fixedPath } else { $null }
Test-Answer 'Exercise 3' { $result -and $result.AzureStackHubReady } `
    'Convert-VHD -Path $PracticeVhd -DestinationPath $fixedPath -VHDType Fixed -SizeBytes <a whole number of MiB>.'
if ($result) { $result | Format-List VhdType, Size, AzureStackHubReady }
"""),
    ]


def lab_upload() -> list[Any]:
    return [
        lab_intro(3, "upload the VHD to a storage account", f"""
The image goes to the stamp as a page blob in a storage account ({STEP2}). The setup cell signs in and
makes a resource group, an account and a private container `vhds` for you.
"""),
        parameters(LAB_PARAMETERS),
        lab_setup("$LabNumber = 3\n" + LAB_STAGING),
        md("""
**Exercise 1.** Upload `$FixedVhd` to the container `vhds` of `$account` as `lab3.vhd`, with `Add-AzVhd`
(`-Destination` is the blob's URL: `$account.PrimaryEndpoints.Blob` + `vhds/lab3.vhd`). Keep the result in
`$upload`.
"""),
        exercise("$upload = $null", r"""
$upload = Add-AzVhd -Destination ($account.PrimaryEndpoints.Blob + 'vhds/lab3.vhd') -LocalFilePath $FixedVhd -ResourceGroupName $rg -OverWrite
"""),
        check(r"""
Test-Answer 'Exercise 1' {
    $blob = Get-AzStorageBlob -Container vhds -Context $account.Context | Where-Object Name -eq lab3.vhd
    $upload -and $blob -and $blob.BlobType -eq 'PageBlob' -and $blob.Length -eq (Get-Item $FixedVhd).Length
} `
    'Add-AzVhd -Destination <account blob endpoint>vhds/lab3.vhd -LocalFilePath $FixedVhd -ResourceGroupName $rg'
"""),
        md("""
**Exercise 2.** Is the container private? Put its public access level in `$access`
(hint: `Get-AzStorageContainer`). Remember it for lab 5.
"""),
        exercise("$access = ''", "$access = (Get-AzStorageContainer -Name vhds -Context $account.Context).PublicAccess"),
        check(r"""
Test-Answer 'Exercise 2' { "$access" -eq 'Off' } 'look at the PublicAccess property of the container.'
"""),
    ]


def lab_register() -> list[Any]:
    return [
        lab_intro(4, "register the image", f"""
With the VHD in a blob, `Add-AzsPlatformImage` adds it to the catalogue ({STEP3_PS}). The stamp reads the
blob anonymously, so a private blob needs a read-only SAS in its URI ({STEP2_SAS}).
"""),
        parameters(LAB_PARAMETERS),
        lab_setup("$LabNumber = 4\n" + LAB_STAGING + remove_lab_images("LabOffer") + r"""
$blobUri = $account.PrimaryEndpoints.Blob + 'vhds/lab4.vhd'
$null = Add-AzVhd -Destination $blobUri -LocalFilePath $FixedVhd -ResourceGroupName $rg -OverWrite
"""),
        md("""
**Exercise 1.** Make a read-only SAS URI for the blob `lab4.vhd` that expires in 2 hours
(`New-AzStorageBlobSASToken ... -Permission r -ExpiryTime ... -FullUri`). Keep it in `$sasUri`; do not
print it: a SAS is a secret.
"""),
        exercise("$sasUri = ''", r"""
$sasUri = New-AzStorageBlobSASToken -Container vhds -Blob lab4.vhd -Permission r -ExpiryTime (Get-Date).AddHours(2) -FullUri -Context $account.Context
"""),
        check(r"""
Test-Answer 'Exercise 1' { $sasUri -like "$blobUri*" -and $sasUri -match 'sp=r' -and $sasUri -match 'sig=' } `
    'the SAS URI starts with the blob URI and carries sp=r and a signature.'
"""),
        md("""
**Exercise 2.** Add the image `LabPublisher` / `LabOffer` / `Lab-Sku` / `1.0.0`, OS type Linux, from
`$sasUri`, with `Add-AzsPlatformImage` (add `-PollingIntervalSec $PollingIntervalSec`). Keep it in `$image`.
"""),
        exercise("$image = $null", r"""
$image = Add-AzsPlatformImage -Publisher LabPublisher -Offer LabOffer -Sku Lab-Sku -Version 1.0.0 -OsType Linux -OsUri $sasUri -PollingIntervalSec $PollingIntervalSec
"""),
        check(r"""
Test-Answer 'Exercise 2' {
    $listed = Get-AzsPlatformImage -Publisher LabPublisher -Offer LabOffer -Sku Lab-Sku | Where-Object Version -eq 1.0.0
    $image -and $image.ProvisioningState -eq 'Succeeded' -and $listed -and $listed.ProvisioningState -eq 'Succeeded'
} `
    'Add-AzsPlatformImage -Publisher LabPublisher -Offer LabOffer -Sku Lab-Sku -Version 1.0.0 -OsType Linux -OsUri $sasUri'
"""),
        md("Clean up: the image is removed so that the lab can be done again."),
        code(remove_lab_images("LabOffer")),
    ]


def lab_troubleshoot() -> list[Any]:
    return [
        lab_intro(5, "troubleshoot an image that ends Failed", f"""
The guide warns: "if the blob is not accessible anonymously, the VM image is created in a failed state"
({STEP2_SAS}). The stamp gives no reason for **Failed**, so you have to find it. Here an image is added from
a private blob without a SAS, skipping the tool's own check (`-SkipPreflight`), as an older script would.
"""),
        parameters(LAB_PARAMETERS),
        lab_setup("$LabNumber = 5\n" + LAB_STAGING + remove_lab_images("Troubleshoot") + r"""
$blobUri = $account.PrimaryEndpoints.Blob + 'vhds/lab5.vhd'
$null = Add-AzVhd -Destination $blobUri -LocalFilePath $FixedVhd -ResourceGroupName $rg -OverWrite
"""),
        md("The broken run: the image is created from the private blob's plain URI."),
        code(r"""
try {
    $null = Add-AzsPlatformImage -Publisher LabPublisher -Offer Troubleshoot -Sku Lab-Sku -Version 1.0.0 -OsType Linux `
        -OsUri $blobUri -SkipPreflight -PollingIntervalSec $PollingIntervalSec -ErrorAction Stop
} catch {
    "Add-AzsPlatformImage said: $($_.Exception.Message)"
}
Get-AzsPlatformImage -Publisher LabPublisher -Offer Troubleshoot
"""),
        md("""
**Exercise 1.** What state did the image end in? Put it in `$state`.
"""),
        exercise("$state = ''", "$state = (Get-AzsPlatformImage -Publisher LabPublisher -Offer Troubleshoot -Sku Lab-Sku -Version 1.0.0).ProvisioningState"),
        check(r"""
Test-Answer 'Exercise 1' { $state -eq 'Failed' } 'Get-AzsPlatformImage ... shows ProvisioningState.'
"""),
        md("""
**Exercise 2.** Why? Check the blob the way the stamp reads it. The container's public access level is in
`(Get-AzStorageContainer -Name vhds -Context $account.Context).PublicAccess`, and the URI has no `sig=`.
Put `$true` in `$isPrivateWithoutSas` if the container is private and the URI carries no SAS.
"""),
        exercise("$isPrivateWithoutSas = $null", r"""
$isPrivateWithoutSas = ((Get-AzStorageContainer -Name vhds -Context $account.Context).PublicAccess -eq 'Off') -and ($blobUri -notmatch 'sig=')
"""),
        check(r"""
Test-Answer 'Exercise 2' { $isPrivateWithoutSas -eq $true } 'PublicAccess Off and no sig= in the URI: the stamp cannot read the blob.'
"""),
        md("""
**Exercise 3.** Fix it: a failed image blocks the same version, so remove it first (or use `-Force`), make a
read-only SAS for `lab5.vhd`, and add the image again from the SAS URI. Keep the new image in `$fixed`.
"""),
        exercise("$fixed = $null", r"""
Remove-AzsPlatformImage -Publisher LabPublisher -Offer Troubleshoot -Sku Lab-Sku -Version 1.0.0 -Force
$sasUri = New-AzStorageBlobSASToken -Container vhds -Blob lab5.vhd -Permission r -ExpiryTime (Get-Date).AddHours(2) -FullUri -Context $account.Context
$fixed = Add-AzsPlatformImage -Publisher LabPublisher -Offer Troubleshoot -Sku Lab-Sku -Version 1.0.0 -OsType Linux -OsUri $sasUri -PollingIntervalSec $PollingIntervalSec
"""),
        check(r"""
Test-Answer 'Exercise 3' {
    $now = Get-AzsPlatformImage -Publisher LabPublisher -Offer Troubleshoot -Sku Lab-Sku | Where-Object Version -eq 1.0.0
    $fixed -and $fixed.ProvisioningState -eq 'Succeeded' -and $now -and $now.ProvisioningState -eq 'Succeeded'
} `
    'remove the Failed image, make a read SAS (New-AzStorageBlobSASToken -Permission r -FullUri) and add it again.'
"""),
        md("Clean up, so that the lab can be done again."),
        code(remove_lab_images("Troubleshoot")),
    ]
