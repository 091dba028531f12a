"""Writes every notebook of notebooks/runbooks and notebooks/labs from the readable source below.

    .venv/bin/python notebooks/build.py           # rewrite the .ipynb files
    .venv/bin/python notebooks/build.py --check   # exit 1 if a committed notebook differs from its source

The notebooks are committed as written here: no outputs, no execution counts (tests/notebooks enforces it).
Cell ids are derived from the notebook and the cell's position, so rebuilding changes nothing that did not
change. A lab exercise cell carries its solution in `metadata.azs.solution` (tag `exercise`); the tests put
the solution in place before running the notebook, and every `self-check` cell prints CORRECT or NOT YET.
"""

from __future__ import annotations

import hashlib
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

HERE = Path(__file__).resolve().parent
GUIDE = "https://learn.microsoft.com/fr-fr/azure-stack/operator/azure-stack-add-vm-image"
"""The seed guide (French); anchors below are its own."""
PS_KERNEL = {"name": "azs-powershell", "display_name": "Azure Stack Hub PowerShell", "language": "powershell"}
PS_LANGUAGE = {"name": "powershell", "file_extension": ".ps1", "mimetype": "text/x-powershell",
               "codemirror_mode": "powershell", "pygments_lexer": "powershell"}
PY_KERNEL = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}
PY_LANGUAGE = {"name": "python", "file_extension": ".py", "mimetype": "text/x-python",
               "codemirror_mode": {"name": "ipython", "version": 3}, "pygments_lexer": "ipython3"}


def guide(anchor: str, text: str) -> str:
    return f"[{text}]({GUIDE}#{anchor})"


STEP1 = guide("considerations", "guide, step 1: considerations")
STEP2 = guide("step-2-upload-a-storage-account", "guide, step 2: upload to a storage account")
STEP2_SAS = guide("step-2-upload-a-storage-account", "guide, step 2.5: make the blob readable (SAS)")
STEP3_PORTAL = guide("step-3-option-1-add-using-the-portal", "guide, step 3 option 1: add using the portal")
STEP3_PS = guide("step-3-option-2-add-using-powershell", "guide, step 3 option 2: add using PowerShell")
REMOVE_PORTAL = guide("remove-using-the-portal", "guide: remove using the portal")
REMOVE_PS = guide("remove-using-powershell", "guide: remove using PowerShell")
CONNECT = guide("step-2-upload-a-storage-account", "guide, step 2.2: connect as an operator")


# -- cells -------------------------------------------------------------------------------------------
def md(text: str) -> Any:
    return new_markdown_cell(text.strip("\n"))


def code(text: str, *tags: str, **azs: Any) -> Any:
    cell = new_code_cell(text.strip("\n"))
    if tags:
        cell.metadata["tags"] = list(tags)
    if azs:
        cell.metadata["azs"] = azs
    return cell


def parameters(text: str) -> Any:
    return code(text, "parameters")


def exercise(text: str, solution: str) -> Any:
    """A cell the learner completes; the tests run `solution` in its place."""
    return code(text, "exercise", solution=solution.strip("\n"))


def check(text: str) -> Any:
    return code(text, "self-check")


# -- shared PowerShell text ------------------------------------------------------------------------------
PS_CONNECTION_PARAMETERS = r"""
# Connection (papermill injects the lab's or the stamp's values; the secret itself never appears here)
$ArmEndpoint          = 'https://adminmanagement.local.azurestack.external'   # the admin ARM endpoint
$EnvironmentName      = 'AzureStackAdmin'
$TenantId             = 'adfs'            # 'adfs' on an AD FS stamp, else the directory (tenant) id
$ClientId             = ''                # the service principal's application id
$ClientSecretVariable = 'AZS_CLIENT_SECRET'   # the NAME of the environment variable holding its secret
$CaBundlePath         = ''                # the stamp's root CA (PEM) when the system does not trust it
$Location             = ''                # '' = the stamp's first location
$TenantArmEndpoint    = ''                # the user (tenant) ARM endpoint, to check what tenants see; '' = skip
"""

PS_CONNECT = r"""
$ErrorActionPreference = 'Stop'   # a failing step stops the runbook (papermill reports the cell)
if ($CaBundlePath) { $env:AZS_CA_BUNDLE = $CaBundlePath }
$secretText = [Environment]::GetEnvironmentVariable($ClientSecretVariable)
if (-not $secretText) {
    throw "The environment variable '$ClientSecretVariable' is empty: set it to the service principal's secret before running this notebook."
}
$credential = New-Object System.Management.Automation.PSCredential($ClientId, (ConvertTo-SecureString $secretText -AsPlainText -Force))
$secretText = $null
$null = Add-AzEnvironment -Name $EnvironmentName -ARMEndpoint $ArmEndpoint
$context = Connect-AzAccount -Environment $EnvironmentName -ServicePrincipal -Credential $credential -TenantId $TenantId
if (-not $Location) { $Location = @(Get-AzLocation)[0].Location }
Get-AzContext | Format-List Name, Account, Environment, Subscription
"Location: $Location"
"""

PY_CONNECTION_PARAMETERS = r"""
# Connection (papermill injects the lab's or the stamp's values; the secret itself never appears here)
arm_endpoint = "https://adminmanagement.local.azurestack.external"  # the admin ARM endpoint
environment_name = "AzureStackAdmin"
tenant_id = "adfs"  # 'adfs' on an AD FS stamp, else the directory (tenant) id
client_id = ""  # the service principal's application id
client_secret_variable = "AZS_CLIENT_SECRET"  # the NAME of the environment variable holding its secret
ca_bundle_path = ""  # the stamp's root CA (PEM) when the system does not trust it
location = ""  # '' = the stamp's first location
tenant_arm_endpoint = ""  # the user (tenant) ARM endpoint, to check what tenants see; '' = skip
"""

PY_CONNECT = r"""
import os

if ca_bundle_path:
    os.environ["AZS_CA_BUNDLE"] = ca_bundle_path
if not os.environ.get(client_secret_variable):
    raise RuntimeError(f"The environment variable {client_secret_variable!r} is empty: set it to the service principal's secret.")
"""

PY_CONNECT_PWSH = r"""
%%pwsh
$credential = New-Object System.Management.Automation.PSCredential($client_id, (ConvertTo-SecureString ([Environment]::GetEnvironmentVariable($client_secret_variable)) -AsPlainText -Force))
$null = Add-AzEnvironment -Name $environment_name -ARMEndpoint $arm_endpoint
$null = Connect-AzAccount -Environment $environment_name -ServicePrincipal -Credential $credential -TenantId $tenant_id
if (-not $location) { $location = @(Get-AzLocation)[0].Location }
Get-AzContext | Format-List Name, Account, Environment, Subscription
"""


# -- runbooks --------------------------------------------------------------------------------------------
def publish_powershell() -> list[Any]:
    return [
        md(f"""
# Publish a custom VM image to Azure Stack Hub

This runbook adds a VM image to the stamp's catalogue from a local VHD, following the guide
[Ajouter une image de machine virtuelle personnalisée à Azure Stack Hub]({GUIDE}) step by step: inspect the
VHD, convert it if needed, upload it to a staging storage account, make a read-only SAS, add the platform
image and watch it provision, check that tenants see it, and clean up.

Run it as is against a stamp or the lab (`azs lab up`), or with papermill, which fills the **parameters**
cell below (`make demo` does: the lab's values come from `azs lab env`). The service principal's secret is
never a parameter: give the *name* of the environment variable that holds it.
"""),
        parameters(PS_CONNECTION_PARAMETERS + r"""
# The image
$VhdPath   = './ubuntu-22.04.vhd'
$Publisher = 'Contoso'
$Offer     = 'UbuntuServer'
$Sku       = '22.04-LTS'
$Version   = '1.0.0'
$OsType    = 'Linux'

# Staging storage (created when missing) and what to do afterwards
$StagingResourceGroup  = 'azs-image-staging'
$StagingStorageAccount = 'azsimagestaging'
$StagingContainer      = 'vhds'
$SasLifetimeHours      = 8
$CleanUp               = $true      # remove the staging blob once the image is Succeeded
$PollingIntervalSec    = 10         # how often to ask the stamp for the image's state
"""),
        md(f"""
## 1. Connect as an operator

Registers the stamp's admin endpoint as an environment and signs in with the service principal
({CONNECT}). The secret is read from the environment variable named by `$ClientSecretVariable`.
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
        md(f"""
## 4. Create or reuse the staging storage

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
## 5. Upload the VHD

`Add-AzVhd` uploads the fixed VHD as a page blob, skipping empty ranges, with live progress ({STEP2}).
"""),
        code(r"""
$upload = Add-AzVhd -Destination $BlobUri -LocalFilePath $UploadPath -ResourceGroupName $StagingResourceGroup -OverWrite
$upload | Format-List LocalFilePath, DestinationUri
"""),
        md(f"""
## 6. Make a read-only SAS

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
## 7. Add the platform image and watch it provision

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
## 8. Check that tenants see it

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
    $seen | Format-Table PublisherName, Offer, Skus, Version, Location
}
"""),
        md(f"""
## 9. The catalogue

Every platform image of the location, as the admin portal lists them ({STEP3_PORTAL}).
"""),
        code(r"""
Get-AzsPlatformImage -Location $Location | Sort-Object Publisher, Offer, Sku, Version |
    Format-Table Publisher, Offer, Sku, Version, OsType, ProvisioningState
"""),
        md("""
## 10. Clean up the staging blob

The stamp has copied the VHD once the image is Succeeded, so the staging blob is no longer needed. Nothing
is removed when the image is not Succeeded (the blob is what you would retry with), nor when `$CleanUp` is
`$false`. The resource group is removed only if this run created it.
"""),
        code(r"""
if ($CleanUp -and $image.ProvisioningState -eq 'Succeeded') {
    Remove-AzStorageBlob -Container $StagingContainer -Blob $BlobName -Context $account.Context -Force
    "Removed the staging blob $BlobName."
    if ($createdGroup) {
        $null = Remove-AzResourceGroup -Name $StagingResourceGroup -Force
        "Removed the staging resource group $StagingResourceGroup (this run created it)."
    }
} else {
    "Staging left in place (CleanUp: $CleanUp, state: $($image.ProvisioningState))."
}
"""),
    ]


def publish_python() -> list[Any]:
    return [
        md(f"""
# Publish a custom VM image to Azure Stack Hub (Python)

The same runbook as `publish-platform-image.ipynb`, in a Python kernel: `%load_ext azsmagics` gives every
cmdlet as a magic (`%Add-AzsPlatformImage ...`), `%%pwsh` cells share their variables with Python, and
`azsmagics.api` has the same cmdlets as functions. It follows the guide
[Ajouter une image de machine virtuelle personnalisée à Azure Stack Hub]({GUIDE}).
"""),
        parameters(PY_CONNECTION_PARAMETERS + r"""
# The image
vhd_path = "./ubuntu-22.04.vhd"
publisher = "Contoso"
offer = "UbuntuServer"
sku = "22.04-LTS"
version = "1.0.0"
os_type = "Linux"

# Staging storage (created when missing) and what to do afterwards
staging_resource_group = "azs-image-staging"
staging_storage_account = "azsimagestaging"
staging_container = "vhds"
sas_lifetime_hours = 8
clean_up = True  # remove the staging blob once the image is Succeeded
polling_interval_sec = 10
"""),
        md(f"## 1. Connect as an operator\n\n({CONNECT}) The secret is read from the environment variable named by `client_secret_variable`."),
        code("%load_ext azsmagics\n" + PY_CONNECT),
        code(PY_CONNECT_PWSH),
        md(f"""
## 2. Inspect the VHD

A fixed VHD, a whole number of MiB, generation 1 ({STEP1}). `%Get-VHD` returns a DataFrame.
"""),
        code(r"""
vhd = %Get-VHD -Path $vhd_path
vhd[["VhdFormat", "VhdType", "Size", "PartitionStyle", "AzureStackHubReady"]]
"""),
        md("## 3. Convert it if needed\n\nA dynamic VHD or a VHDX becomes a fixed VHD rounded up to a whole number of MiB."),
        code(r"""
import math
from pathlib import Path

info = vhd.iloc[0]
if info.PartitionStyle == "GPT":
    raise RuntimeError(f"{vhd_path} is partitioned GPT (generation 2): rebuild the VM as generation 1 (MBR).")
if info.AzureStackHubReady:
    print(f"No conversion needed: {vhd_path} is a fixed VHD of {info.Size // 2**20} MiB.")
    upload_path = vhd_path
else:
    print("Conversion needed:", info.Reasons)
    target_size = math.ceil(info.Size / 2**20) * 2**20
    upload_path = str(Path(vhd_path).with_name(Path(vhd_path).stem + "-fixed.vhd"))
    Path(upload_path).unlink(missing_ok=True)
    %Convert-VHD -Path $vhd_path -DestinationPath $upload_path -VHDType Fixed -SizeBytes $target_size
"""),
        md(f"## 4. Create or reuse the staging storage\n\n({STEP2})"),
        code(r"""
%%pwsh
$ErrorActionPreference = 'Stop'
$createdGroup = $false
if (-not (Get-AzResourceGroup | Where-Object ResourceGroupName -eq $staging_resource_group)) {
    $null = New-AzResourceGroup -Name $staging_resource_group -Location $location
    $createdGroup = $true
}
$account = Get-AzStorageAccount -ResourceGroupName $staging_resource_group | Where-Object StorageAccountName -eq $staging_storage_account
if (-not $account) {
    $account = New-AzStorageAccount -ResourceGroupName $staging_resource_group -Name $staging_storage_account `
        -Location $location -SkuName Standard_LRS -Kind Storage
}
if (-not (Get-AzStorageContainer -Context $account.Context | Where-Object Name -eq $staging_container)) {
    $null = New-AzStorageContainer -Name $staging_container -Permission Off -Context $account.Context
}
$blob_name = "$publisher-$offer-$sku-$version.vhd"
$blob_uri = $account.PrimaryEndpoints.Blob + "$staging_container/$blob_name"
"""),
        code('print("Staging blob:", blob_uri, "| created the group:", createdGroup)'),
        md(f"## 5. Upload the VHD\n\nThe upload shows its progress live ({STEP2}); the magic returns the upload's result."),
        code(r"""
upload = %Add-AzVhd -Destination $blob_uri -LocalFilePath $upload_path -ResourceGroupName $staging_resource_group -OverWrite
print(upload.DestinationUri)
"""),
        md(f"## 6. Make a read-only SAS\n\n({STEP2_SAS}) The SAS stays in a variable; it is never printed."),
        code(r"""
%%pwsh
$sas_uri = New-AzStorageBlobSASToken -Container $staging_container -Blob $blob_name -Permission r `
    -ExpiryTime (Get-Date).AddHours($sas_lifetime_hours) -FullUri -Context $account.Context
"""),
        md(f"## 7. Add the platform image and watch it provision\n\n({STEP3_PS}) The cell form takes the parameters across lines."),
        code(r"""
%%Add-AzsPlatformImage -Publisher $publisher -Offer $offer `
    -Sku $sku -Version $version
    -OsType $os_type -OsUri $sas_uri
    -Location $location -PollingIntervalSec $polling_interval_sec
"""),
        code(r"""
image = _
assert image.ProvisioningState == "Succeeded", image.ProvisioningState
image
"""),
        md("## 8. Check that tenants see it\n\nSigned in to the tenant endpoint with the same service principal, then back to the admin one."),
        code(r"""
%%pwsh
$tenant_view = @()
if ($tenant_arm_endpoint) {
    $null = Add-AzEnvironment -Name "$environment_name-Tenant" -ARMEndpoint $tenant_arm_endpoint
    $null = Connect-AzAccount -Environment "$environment_name-Tenant" -ServicePrincipal -Credential $credential -TenantId $tenant_id
    try { $tenant_view = @(Get-AzVMImage -Location $location -PublisherName $publisher -Offer $offer -Skus $sku) }
    finally { $null = Connect-AzAccount -Environment $environment_name -ServicePrincipal -Credential $credential -TenantId $tenant_id }
}
"""),
        code(r"""
if tenant_arm_endpoint:
    versions = [v.Version for v in tenant_view]
    assert version in versions, f"{publisher}/{offer}/{sku}/{version} is Succeeded but tenants do not see it yet"
    print(f"Tenants see {publisher}/{offer}/{sku} versions: {', '.join(versions)}")
else:
    print("No tenant endpoint given (tenant_arm_endpoint): what tenants see is not checked.")
"""),
        md(f"## 9. The catalogue\n\nAs a DataFrame ({STEP3_PORTAL})."),
        code(r"""
catalogue = %Get-AzsPlatformImage -Location $location
catalogue.sort_values(["Publisher", "Offer", "Sku", "Version"])[["Publisher", "Offer", "Sku", "Version", "OsType", "ProvisioningState"]]
"""),
        md("## 10. Clean up the staging blob\n\nOnly once the image is Succeeded; the group only if this run created it."),
        code(r"""
from azsmagics import api

if clean_up and image.ProvisioningState == "Succeeded":
    api.remove_storage_blob(container=staging_container, blob=blob_name, context=account.Context, force=True)
    print(f"Removed the staging blob {blob_name}.")
    if createdGroup:
        api.remove_resource_group(name=staging_resource_group, force=True)
        print(f"Removed the staging resource group {staging_resource_group} (this run created it).")
else:
    print(f"Staging left in place (clean_up: {clean_up}, state: {image.ProvisioningState}).")
"""),
    ]


def remove_image() -> list[Any]:
    return [
        md(f"""
# Remove a platform image

Removes one image from the stamp's catalogue ({REMOVE_PS}). Tenants can no longer deploy it; VMs already
deployed from it keep running. If a marketplace item refers to the image, remove the item first
({REMOVE_PORTAL}).
"""),
        parameters(PS_CONNECTION_PARAMETERS + r"""
# The image to remove
$Publisher = 'Contoso'
$Offer     = 'UbuntuServer'
$Sku       = '22.04-LTS'
$Version   = '1.0.0'
"""),
        md(f"## 1. Connect as an operator\n\n({CONNECT})"),
        code(PS_CONNECT),
        md("## 2. The image before\n\nA missing image is said clearly and nothing else happens."),
        code(r"""
$before = Get-AzsPlatformImage -Location $Location -Publisher $Publisher -Offer $Offer -Sku $Sku | Where-Object Version -eq $Version
if ($before) { $before | Format-List Publisher, Offer, Sku, Version, OsType, ProvisioningState }
else { "There is no image $Publisher/$Offer/$Sku/$Version at location '$Location'." }
"""),
        md(f"## 3. Remove it\n\n`-Force` because a runbook cannot answer the confirmation prompt ({REMOVE_PS})."),
        code(r"""
if ($before) {
    Remove-AzsPlatformImage -Location $Location -Publisher $Publisher -Offer $Offer -Sku $Sku -Version $Version -Force
}
"""),
        md("## 4. Check it is gone"),
        code(r"""
$after = @(Get-AzsPlatformImage -Location $Location -Publisher $Publisher -Offer $Offer -Sku $Sku |
    Where-Object Version -eq $Version)
if ($after.Count -gt 0) { throw "The image $Publisher/$Offer/$Sku/$Version is still listed." }
"Removed: $Publisher/$Offer/$Sku/$Version is no longer in the catalogue."
"""),
    ]


def image_inventory() -> list[Any]:
    return [
        md("""
# Image inventory

The stamp's platform images as a pandas DataFrame: counts by publisher, OS type and provisioning state,
a chart, and a CSV export for the team's records.
"""),
        parameters(PY_CONNECTION_PARAMETERS + r"""
csv_path = "image-inventory.csv"
"""),
        md("## Connect"),
        code("%load_ext azsmagics\n" + PY_CONNECT),
        code(PY_CONNECT_PWSH),
        md("## The catalogue as a DataFrame"),
        code(r"""
images = %Get-AzsPlatformImage -Location $location
columns = ["Publisher", "Offer", "Sku", "Version", "OsType", "ProvisioningState"]
images = images.reindex(columns=columns)
print(f"{len(images)} platform image(s)")
images.sort_values(columns[:4])
"""),
        md("## Counts by publisher, OS type and state"),
        code(r"""
import pandas as pd

counts = {
    name: images.groupby(column).size().rename("Images").reset_index()
    for name, column in (("by publisher", "Publisher"), ("by OS type", "OsType"), ("by state", "ProvisioningState"))
}
for name, table in counts.items():
    print(name)
    display(table)
"""),
        md("## A chart\n\nImages per publisher, stacked by provisioning state (an SVG drawn here: no plotting library needed)."),
        code(r"""
from html import escape
from IPython.display import SVG

COLOURS = {"Succeeded": "#107c10", "Failed": "#d13438", "Creating": "#0078d4", "Canceled": "#8a6d00"}


def bar_chart(frame: pd.DataFrame) -> SVG:
    table = frame.groupby(["Publisher", "ProvisioningState"]).size().unstack(fill_value=0)
    width, bar, gap, left = 520, 22, 10, 140
    most = max(int(table.sum(axis=1).max()) if len(table) else 1, 1)
    rows = []
    for i, (publisher, counts) in enumerate(table.iterrows()):
        y, x = 10 + i * (bar + gap), left
        rows.append(f'<text x="{left - 6}" y="{y + bar * 0.7}" text-anchor="end" font-size="12">{escape(str(publisher))}</text>')
        for state, count in counts.items():
            w = (width - left - 40) * count / most
            if count:
                rows.append(f'<rect x="{x}" y="{y}" width="{w}" height="{bar}" fill="{COLOURS.get(state, "#605e5c")}">'
                            f'<title>{escape(str(state))}: {count}</title></rect>')
            x += w
        rows.append(f'<text x="{x + 4}" y="{y + bar * 0.7}" font-size="12">{int(counts.sum())}</text>')
    height = 20 + len(table) * (bar + gap)
    return SVG(f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}">{"".join(rows)}</svg>')


bar_chart(images)
"""),
        md("## Export to CSV"),
        code(r"""
images.sort_values(columns[:4]).to_csv(csv_path, index=False)
again = pd.read_csv(csv_path, dtype=str)
assert len(again) == len(images)
print(f"Wrote {len(again)} row(s) to {csv_path}")
"""),
    ]


def image_catalogue() -> list[Any]:
    return [
        md(f"""
# The image catalogue, as in the admin portal

The guide's portal path ({STEP3_PORTAL}; {REMOVE_PORTAL}) in a notebook: a form like the portal's
**Create image** blade (publisher, offer, SKU, version, OS type, OS disk blob URI), checked as you type with
the same rules as `Add-AzsPlatformImage`, showing the provisioning state live; and the catalogue with a
**Remove** button per image that asks before it removes. Both run the cmdlets of this project.
"""),
        parameters(PY_CONNECTION_PARAMETERS + r"""
polling_interval_sec = 10
"""),
        md("## Connect"),
        code("%load_ext azsmagics\n" + PY_CONNECT),
        code(PY_CONNECT_PWSH),
        md("## Create image, and the catalogue"),
        code("%Show-AzsImageCatalogue -PollingIntervalSec $polling_interval_sec"),
        md("""
Fill in the form and press **Create**: the state below the button follows the image until it is Succeeded
(or says why it would fail). Press **Refresh** to list the catalogue again; **Remove** asks
"Remove …? Yes / No" before it removes an image.

The widgets live in `azskernel.jupyter.forms`: `Show-AzsImageCatalogue` draws them in any session whose host
can display widgets, and `image_catalogue(session)` returns them to Python code (to keep a handle on the form).
"""),
    ]


# -- the lab series -------------------------------------------------------------------------------------
LAB_PARAMETERS = PS_CONNECTION_PARAMETERS + r"""
$PracticeVhd = './practice-dynamic.vhd'   # a dynamic VHD to practise on (make demo prepares one)
$WorkFolder  = '.'                        # where the exercises write their files
$PollingIntervalSec = 10
"""

CHECK_HELPER = r"""
function Test-Answer([string]$Name, [bool]$Ok, [string]$Hint) {
    if ($Ok) { "CORRECT - $Name" } else { "NOT YET - ${Name}: $Hint" }
}
"""


def lab_intro(number: int, title: str, text: str) -> Any:
    return md(f"# Lab {number}: {title}\n\n{text.strip()}\n\nExercises are marked **Exercise**; the cell after each "
              "one checks your answer and prints **CORRECT** or **NOT YET** with a hint.")


def lab_setup(extra: str = "") -> Any:
    return code(PS_CONNECT.replace("Get-AzContext | Format-List Name, Account, Environment, Subscription\n", "")
                + CHECK_HELPER + extra)


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
"""),
        parameters(LAB_PARAMETERS),
        code("if ($CaBundlePath) { $env:AZS_CA_BUNDLE = $CaBundlePath }   # trust the stamp's root CA\n" + CHECK_HELPER),
        md("""
**Exercise 1.** Register the stamp's admin endpoint (`$ArmEndpoint`) as an environment named
`$EnvironmentName`, with `Add-AzEnvironment`. Keep the result in `$environment`.
"""),
        exercise("$environment = $null   # your command here",
                 "$environment = Add-AzEnvironment -Name $EnvironmentName -ARMEndpoint $ArmEndpoint"),
        check(r"""
Test-Answer 'Exercise 1' ($environment -and $environment.Name -eq $EnvironmentName -and $environment.ResourceManagerUrl.TrimEnd('/') -eq $ArmEndpoint.TrimEnd('/')) `
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
$ctx = Get-AzContext
Test-Answer 'Exercise 2' ($ctx -and $ctx.Account.Id -eq $ClientId -and $ctx.Environment.Name -eq $EnvironmentName) `
    'Get-AzContext should show your service principal on the environment you registered.'
"""),
        md("""
**Exercise 3.** Which location does the stamp have? Put its name in `$myLocation` (hint: `Get-AzLocation`).
"""),
        exercise("$myLocation = ''", "$myLocation = @(Get-AzLocation)[0].Location"),
        check(r"""
Test-Answer 'Exercise 3' ($myLocation -and $myLocation -eq @(Get-AzLocation)[0].Location) 'look at (Get-AzLocation).Location.'
"""),
    ]


def lab_inspect() -> list[Any]:
    return [
        lab_intro(2, "inspect and convert a VHD", f"""
Azure Stack Hub takes a fixed VHD of a whole number of MiB, from a generation 1 VM ({STEP1}). Your practice
disk, `$PracticeVhd`, is not ready yet: find out why and convert it.
"""),
        parameters(LAB_PARAMETERS),
        code(CHECK_HELPER),
        md("**Exercise 1.** Read the disk with `Get-VHD` and put its type (Fixed or Dynamic) in `$type`."),
        exercise("$type = ''", "$type = (Get-VHD -Path $PracticeVhd).VhdType"),
        check(r"""
Test-Answer 'Exercise 1' ($type -eq 'Dynamic') 'Get-VHD returns an object whose VhdType says Fixed or Dynamic.'
"""),
        md("""
**Exercise 2.** Is its size a whole number of MiB? Put `$true` or `$false` in `$wholeMiB` (hint: the `%`
operator and `1MB`).
"""),
        exercise("$wholeMiB = $null", "$wholeMiB = ((Get-VHD -Path $PracticeVhd).Size % 1MB) -eq 0"),
        check(r"""
$expected = ((Get-VHD -Path $PracticeVhd).Size % 1MB) -eq 0
Test-Answer 'Exercise 2' ($wholeMiB -is [bool] -and $wholeMiB -eq $expected) 'compare (Get-VHD ...).Size % 1MB with 0.'
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
Test-Answer 'Exercise 3' ($result -and $result.AzureStackHubReady) `
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
$blob = Get-AzStorageBlob -Container vhds -Context $account.Context | Where-Object Name -eq lab3.vhd
Test-Answer 'Exercise 1' ($upload -and $blob -and $blob.BlobType -eq 'PageBlob' -and $blob.Length -eq (Get-Item $FixedVhd).Length) `
    'Add-AzVhd -Destination <account blob endpoint>vhds/lab3.vhd -LocalFilePath $FixedVhd -ResourceGroupName $rg'
"""),
        md("""
**Exercise 2.** Is the container private? Put its public access level in `$access`
(hint: `Get-AzStorageContainer`). Remember it for lab 5.
"""),
        exercise("$access = ''", "$access = (Get-AzStorageContainer -Name vhds -Context $account.Context).PublicAccess"),
        check(r"""
Test-Answer 'Exercise 2' ("$access" -eq 'Off') 'look at the PublicAccess property of the container.'
"""),
    ]


def lab_register() -> list[Any]:
    return [
        lab_intro(4, "register the image", f"""
With the VHD in a blob, `Add-AzsPlatformImage` adds it to the catalogue ({STEP3_PS}). The stamp reads the
blob anonymously, so a private blob needs a read-only SAS in its URI ({STEP2_SAS}).
"""),
        parameters(LAB_PARAMETERS),
        lab_setup("$LabNumber = 4\n" + LAB_STAGING + r"""
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
Test-Answer 'Exercise 1' ($sasUri -like "$blobUri*" -and $sasUri -match 'sp=r' -and $sasUri -match 'sig=') `
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
$listed = Get-AzsPlatformImage -Publisher LabPublisher -Offer LabOffer -Sku Lab-Sku | Where-Object Version -eq 1.0.0
Test-Answer 'Exercise 2' ($listed -and $listed.ProvisioningState -eq 'Succeeded') `
    'Add-AzsPlatformImage -Publisher LabPublisher -Offer LabOffer -Sku Lab-Sku -Version 1.0.0 -OsType Linux -OsUri $sasUri'
"""),
        md("Clean up: the image is removed so that the lab can be done again."),
        code("Remove-AzsPlatformImage -Publisher LabPublisher -Offer LabOffer -Sku Lab-Sku -Version 1.0.0 -Force"),
    ]


def lab_troubleshoot() -> list[Any]:
    return [
        lab_intro(5, "troubleshoot an image that ends Failed", f"""
The guide warns: "if the blob is not accessible anonymously, the VM image is created in a failed state"
({STEP2_SAS}). The stamp gives no reason for **Failed**, so you have to find it. Here an image is added from
a private blob without a SAS, skipping the tool's own check (`-SkipPreflight`), as an older script would.
"""),
        parameters(LAB_PARAMETERS),
        lab_setup("$LabNumber = 5\n" + LAB_STAGING + r"""
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
Get-AzsPlatformImage -Publisher LabPublisher -Offer Troubleshoot | Format-Table Publisher, Offer, Sku, Version, ProvisioningState
"""),
        md("""
**Exercise 1.** What state did the image end in? Put it in `$state`.
"""),
        exercise("$state = ''", "$state = (Get-AzsPlatformImage -Publisher LabPublisher -Offer Troubleshoot -Sku Lab-Sku -Version 1.0.0).ProvisioningState"),
        check(r"""
Test-Answer 'Exercise 1' ($state -eq 'Failed') 'Get-AzsPlatformImage ... shows ProvisioningState.'
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
Test-Answer 'Exercise 2' ($isPrivateWithoutSas -eq $true) 'PublicAccess Off and no sig= in the URI: the stamp cannot read the blob.'
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
$now = Get-AzsPlatformImage -Publisher LabPublisher -Offer Troubleshoot -Sku Lab-Sku | Where-Object Version -eq 1.0.0
Test-Answer 'Exercise 3' ($now -and $now.ProvisioningState -eq 'Succeeded') `
    'remove the Failed image, make a read SAS (New-AzStorageBlobSASToken -Permission r -FullUri) and add it again.'
"""),
        md("Clean up, so that the lab can be done again."),
        code("Remove-AzsPlatformImage -Publisher LabPublisher -Offer Troubleshoot -Sku Lab-Sku -Version 1.0.0 -Force"),
    ]


# -- the catalogue of notebooks ---------------------------------------------------------------------------
NOTEBOOKS: dict[str, tuple[Callable[[], list[Any]], str]] = {
    "runbooks/publish-platform-image.ipynb": (publish_powershell, "ps"),
    "runbooks/publish-platform-image-python.ipynb": (publish_python, "py"),
    "runbooks/remove-platform-image.ipynb": (remove_image, "ps"),
    "runbooks/image-inventory.ipynb": (image_inventory, "py"),
    "runbooks/image-catalogue.ipynb": (image_catalogue, "py"),
    "labs/01-connect.ipynb": (lab_connect, "ps"),
    "labs/02-inspect-and-convert-a-vhd.ipynb": (lab_inspect, "ps"),
    "labs/03-upload.ipynb": (lab_upload, "ps"),
    "labs/04-register.ipynb": (lab_register, "ps"),
    "labs/05-troubleshoot-a-failed-image.ipynb": (lab_troubleshoot, "ps"),
}


def build(relative: str) -> Any:
    make, kind = NOTEBOOKS[relative]
    nb = new_notebook(cells=make())
    if kind == "ps":
        nb.metadata["kernelspec"] = dict(PS_KERNEL)
        nb.metadata["language_info"] = dict(PS_LANGUAGE)
    else:
        nb.metadata["kernelspec"] = dict(PY_KERNEL)
        nb.metadata["language_info"] = dict(PY_LANGUAGE)
    for index, cell in enumerate(nb.cells):
        cell["id"] = hashlib.sha1(f"{relative}:{index}".encode()).hexdigest()[:12]
    nbformat.validate(nb)
    return nb


def text_of(nb: Any) -> str:
    return nbformat.writes(nb) + "\n"


def main(argv: list[str]) -> int:
    check_only = "--check" in argv
    stale: list[str] = []
    for relative in NOTEBOOKS:
        path = HERE / relative
        text = text_of(build(relative))
        if check_only:
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                stale.append(relative)
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        print(f"wrote {path.relative_to(HERE.parent)}")
    if stale:
        print("out of date (run .venv/bin/python notebooks/build.py): " + ", ".join(stale), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
