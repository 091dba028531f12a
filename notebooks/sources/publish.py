"""Runbook: publish a custom VM image (PowerShell kernel), step by step as in the seed guide."""

from __future__ import annotations

from typing import Any

from sources.cells import code, md, parameters
from sources.common import (
    CONNECT,
    GUIDE,
    IMAGE_TEST,
    MARKETPLACE_TEXT,
    PS_CONNECT,
    PS_CONNECTION_PARAMETERS,
    STEP1,
    STEP2,
    STEP2_SAS,
    STEP3_PORTAL,
    STEP3_PS,
    target_note,
)


def publish_powershell() -> list[Any]:
    return [
        md(f"""
# Publish a custom VM image to Azure Stack Hub

This runbook adds a VM image to the stamp's catalogue from a local VHD, following the guide
[Ajouter une image de machine virtuelle personnalisée à Azure Stack Hub]({GUIDE}) step by step: inspect the
VHD, convert it if needed, test inside the image, upload it to a staging storage account, make a read-only SAS,
add the platform image and watch it provision, check that tenants see it, publish its Marketplace item, and
clean up.

{target_note()}

With papermill, the **parameters** cell below is filled in for you (`make demo` does so with the lab's values
from `azs lab env`). The service principal's secret is never a parameter: give the *name* of the environment
variable that holds it.
"""),
        parameters(PS_CONNECTION_PARAMETERS + r"""
# The image
$VhdPath   = './ubuntu-22.04.vhd'   # on the lab, a sample disk is made when this file does not exist
$Publisher = 'Contoso'
$Offer     = 'UbuntuServer'
$Sku       = '22.04-LTS'
$Version   = '1.0.0'
$OsType    = 'Linux'

# Test-AzsImage, before anything is sent
$ImageMode         = 'Generalized'  # 'Specialized' for a migrated VM's disk
$IgnoreImageErrors = $false         # $true: publish even when Test-AzsImage finds an Error (shown as warnings)

# The Marketplace item (the guide's last step), so that tenants find the image in the portal
$PublishMarketplaceItem = $true     # $false: stop at the platform image (templates and PowerShell only)
$ItemDisplayName        = ''        # the title in the Marketplace; empty: offer and SKU
$ItemSummary            = ''        # one line under the title; empty: a line naming the image
$ItemIconPath           = ''        # a picture, scaled to every icon size; empty: icons drawn for the offer
$MarketplaceContainer   = 'marketplace'  # a private container of the staging account, for the .azpkg

# Staging storage (created when missing) and what to do afterwards
$StagingResourceGroup  = 'azs-image-staging'
$StagingStorageAccount = 'azsimagestaging'
$StagingContainer      = 'vhds'
$SasLifetimeHours      = 8
$CleanUp               = $true      # remove the staging blobs once the image (and item) are published
$PollingIntervalSec    = 10         # how often to ask the stamp for the image's state
"""),
        md(f"""
## 1. Connect as an operator

Points the parameters at the lab or the stamp (`Use-AzsTarget`), registers the stamp's admin endpoint as an
environment and signs in with the service principal ({CONNECT}). The secret is read from the environment
variable named by `$ClientSecretVariable`.
"""),
        code(PS_CONNECT),
        md(f"""
## 2. Inspect the VHD

Azure Stack Hub takes a **fixed** VHD (not VHDX, not dynamic) whose size is a **whole number of MiB**, of
a **generation 1** VM (MBR partitioning) ({STEP1}). `Get-VHD` reads the file and says whether it is ready,
and if not, why.
"""),
        code(r"""
$vhd = Get-VHD -Path $VhdPath
$vhd | Format-List VhdFormat, VhdType, Size, FileSize, PartitionStyle, AzureStackHubReady
"""),
        md("""
## 3. Convert it if needed

A dynamic VHD or a VHDX becomes a fixed VHD, rounded up to a whole number of MiB, next to the original.
A generation 2 disk (GPT with an EFI system partition) cannot be converted: it has to be rebuilt as a
generation 1 VM.
"""),
        code(r"""
if ($vhd.PartitionStyle -eq 'GPT') {
    throw "$VhdPath is partitioned GPT (a generation 2 VM): Azure Stack Hub boots generation 1 images only. Rebuild the VM as generation 1 (MBR)."
}
if ($vhd.AzureStackHubReady) {
    "No conversion needed: $VhdPath is a fixed VHD of $($vhd.Size / 1MB) MiB."
    $UploadPath = $VhdPath
} else {
    'Conversion needed:'
    $vhd.Reasons | ForEach-Object { "  - $_" }
    $targetSize = [math]::Ceiling($vhd.Size / 1MB) * 1MB
    $UploadPath = Join-Path (Split-Path $VhdPath -Parent) ((Split-Path $VhdPath -LeafBase) + '-fixed.vhd')
    if (Test-Path $UploadPath) { Remove-Item $UploadPath }
    Convert-VHD -Path $VhdPath -DestinationPath $UploadPath -VHDType Fixed -SizeBytes $targetSize
    Get-VHD -Path $UploadPath | Format-List Path, VhdType, Size, AzureStackHubReady
}
"""),
        md("## 4. Test inside the image\n" + IMAGE_TEST),
        code(r"""
$checks = Test-AzsImage -Path $UploadPath -Mode $ImageMode
$checks
$imageErrors = @($checks | Where-Object { $_.Status -eq 'Failed' -and $_.Severity -eq 'Error' })
$warned = @($checks | Where-Object { $_.Status -ne 'Passed' -and $_.Severity -eq 'Warning' })
$found = ($imageErrors | ForEach-Object { "  $($_.Id) $($_.Check): $($_.Message)" }) -join "`n"
if ($imageErrors.Count -gt 0 -and -not $IgnoreImageErrors) {
    $stop = "Test-AzsImage found $($imageErrors.Count) error(s) in $UploadPath, so nothing was sent: the Hub would take " +
            "the image, but its VMs would not boot or provision.`n$found`nFix the image and run the runbook again, or " +
            "set `$IgnoreImageErrors = `$true to publish it anyway."
    throw $stop
}
if ($imageErrors.Count -gt 0) { Write-Warning "Published despite Test-AzsImage's $($imageErrors.Count) error(s) (`$IgnoreImageErrors):`n$found" }
"Test-AzsImage: $(@($checks | Where-Object Status -eq 'Passed').Count) of $($checks.Count) checks passed, $($imageErrors.Count) error(s), $($warned.Count) warning(s)."
"""),
        md(f"""
## 5. Create or reuse the staging storage

The image is uploaded as a page blob to a storage account of the stamp ({STEP2}). The resource group,
account and container are created only when they do not exist; the container stays private.
"""),
        code(r"""
# Listing and filtering, rather than getting by name, so that "missing" is an empty answer, not an error.
$createdGroup = $false
if (-not (Get-AzResourceGroup | Where-Object ResourceGroupName -eq $StagingResourceGroup)) {
    $null = New-AzResourceGroup -Name $StagingResourceGroup -Location $Location
    $createdGroup = $true
}
$account = Get-AzStorageAccount -ResourceGroupName $StagingResourceGroup | Where-Object StorageAccountName -eq $StagingStorageAccount
if (-not $account) {
    $account = New-AzStorageAccount -ResourceGroupName $StagingResourceGroup -Name $StagingStorageAccount `
        -Location $Location -SkuName Standard_LRS -Kind Storage
}
if (-not (Get-AzStorageContainer -Context $account.Context | Where-Object Name -eq $StagingContainer)) {
    $null = New-AzStorageContainer -Name $StagingContainer -Permission Off -Context $account.Context
}
$BlobName = "$Publisher-$Offer-$Sku-$Version.vhd"
$BlobUri  = $account.PrimaryEndpoints.Blob + "$StagingContainer/$BlobName"
"Staging blob: $BlobUri"
"""),
        md(f"""
## 6. Upload the VHD

`Add-AzVhd` uploads the fixed VHD as a page blob, skipping empty ranges, with live progress ({STEP2}).
"""),
        code(r"""
$upload = Add-AzVhd -Destination $BlobUri -LocalFilePath $UploadPath -ResourceGroupName $StagingResourceGroup -OverWrite
$upload | Format-List LocalFilePath, DestinationUri
"""),
        md(f"""
## 7. Make a read-only SAS

The stamp reads the blob without credentials: if the container is private and the URI has no SAS, the
image ends **Failed** ({STEP2_SAS}). A read-only SAS that expires after `$SasLifetimeHours` hours keeps the
container private.
"""),
        code(r"""
$sasUri = New-AzStorageBlobSASToken -Container $StagingContainer -Blob $BlobName -Permission r `
    -ExpiryTime (Get-Date).AddHours($SasLifetimeHours) -FullUri -Context $account.Context
"A read SAS valid for $SasLifetimeHours hours was made (its signature is not shown)."
"""),
        md(f"""
## 8. Add the platform image and watch it provision

`Add-AzsPlatformImage` checks the guide's rules (names without spaces or special characters, version
`#.#.#`, OS type Windows or Linux), checks the blob the stamp will read, then creates the image and shows
its state until it is **Succeeded** ({STEP3_PS}).
"""),
        code(r"""
$image = Add-AzsPlatformImage -Publisher $Publisher -Offer $Offer -Sku $Sku -Version $Version `
    -OsType $OsType -OsUri $sasUri -Location $Location -PollingIntervalSec $PollingIntervalSec
$image | Format-List Publisher, Offer, Sku, Version, OsType, ProvisioningState
"""),
        md("""
## 9. Check that tenants see it

Once Succeeded, the image is in the compute catalogue that tenants' ARM templates and `New-AzVM` use. The
check signs in to the tenant endpoint (`$TenantArmEndpoint`) with the same service principal, lists the
image there, and signs back in to the admin endpoint.
"""),
        code(r"""
if (-not $TenantArmEndpoint) {
    'No tenant endpoint given ($TenantArmEndpoint): what tenants see is not checked.'
} else {
    $null = Add-AzEnvironment -Name "$EnvironmentName-Tenant" -ARMEndpoint $TenantArmEndpoint
    $null = Connect-AzAccount -Environment "$EnvironmentName-Tenant" -ServicePrincipal -Credential $credential -TenantId $TenantId
    try {
        $seen = @(Get-AzVMImage -Location $Location -PublisherName $Publisher -Offer $Offer -Skus $Sku)
    } finally {
        $null = Connect-AzAccount -Environment $EnvironmentName -ServicePrincipal -Credential $credential -TenantId $TenantId
    }
    if (-not ($seen | Where-Object Version -eq $Version)) {
        $versions = ($seen | ForEach-Object { $_.Version }) -join ', '
        throw "The image $Publisher/$Offer/$Sku/$Version is Succeeded but tenants do not see it at location '$Location' yet (versions seen: '$versions')."
    }
    $seen
}
"""),
        md("## 10. Publish the Marketplace item\n" + MARKETPLACE_TEXT),
        code(r"""
$item = $null
if (-not $PublishMarketplaceItem) {
    'No Marketplace item ($PublishMarketplaceItem is $false): tenants deploy the image with templates and PowerShell.'
} else {
    $package = @{ Publisher = $Publisher; Offer = $Offer; Sku = $Sku; Version = $Version; OsType = $OsType
                  DisplayName = $(if ($ItemDisplayName) { $ItemDisplayName } else { "$Offer $Sku" })
                  OutputPath = $WorkFolder; Force = $true }
    if ($ItemSummary) { $package.Summary = $ItemSummary }
    if ($ItemIconPath) { $package.IconPath = $ItemIconPath }
    $azpkg = New-AzsGalleryItemPackage @package
    if (-not (Get-AzStorageContainer -Context $account.Context | Where-Object Name -eq $MarketplaceContainer)) {
        $null = New-AzStorageContainer -Name $MarketplaceContainer -Permission Off -Context $account.Context
    }
    $null = $azpkg | Set-AzStorageBlobContent -Container $MarketplaceContainer -Context $account.Context -Force
    $packageUri = New-AzStorageBlobSASToken -Container $MarketplaceContainer -Blob $azpkg.Name -Permission r `
        -ExpiryTime (Get-Date).AddHours($SasLifetimeHours) -FullUri -Context $account.Context
    $item = Add-AzsGalleryItem -GalleryItemUri $packageUri
    $item | Format-List Name, ItemDisplayName, Publisher, Version, Summary
}
"""),
        md(f"""
## 11. The catalogue

Every platform image of the location, as the admin portal lists them ({STEP3_PORTAL}), and the Marketplace
items.
"""),
        code(r"""
Get-AzsPlatformImage -Location $Location | Sort-Object Publisher, Offer, Sku, Version
"""),
        code(r"""
$items = @(Get-AzsGalleryItem | Sort-Object Name)
if ($item -and -not ($items | Where-Object Name -eq $item.Name)) { throw "The Marketplace item $($item.Name) was added but is not listed." }
$items | Select-Object Name, ItemDisplayName, Publisher, Version
"""),
        md("""
## 12. Clean up the staging blobs

The stamp has copied the VHD once the image is Succeeded, and the package once the item is added, so the
staging blobs are no longer needed. Nothing is removed when the image is not Succeeded (the blob is what you
would retry with), nor when `$CleanUp` is `$false`. The resource group is removed only if this run created it.
"""),
        code(r"""
if ($CleanUp -and $image.ProvisioningState -eq 'Succeeded') {
    Remove-AzStorageBlob -Container $StagingContainer -Blob $BlobName -Context $account.Context -Force
    "Removed the staging blob $BlobName."
    if ($item) {
        Remove-AzStorageBlob -Container $MarketplaceContainer -Blob $azpkg.Name -Context $account.Context -Force
        "Removed the package blob $($azpkg.Name) (the stamp keeps the item)."
    }
    if ($createdGroup) {
        $null = Remove-AzResourceGroup -Name $StagingResourceGroup -Force
        "Removed the staging resource group $StagingResourceGroup (this run created it)."
    }
} else {
    "Staging left in place (CleanUp: $CleanUp, state: $($image.ProvisioningState))."
}
"""),
    ]
