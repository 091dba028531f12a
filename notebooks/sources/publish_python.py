"""Runbook: publish a custom VM image from a Python kernel, with the magics and azsmagics.api."""

from __future__ import annotations

from typing import Any

from sources.cells import code, md, parameters
from sources.common import (
    CONNECT,
    GUIDE,
    PY_CONNECT,
    PY_CONNECTION_PARAMETERS,
    PY_CONNECT_PWSH,
    STEP1,
    STEP2,
    STEP2_SAS,
    STEP3_PORTAL,
    STEP3_PS,
    target_note,
)


def publish_python() -> list[Any]:
    return [
        md(f"""
# Publish a custom VM image to Azure Stack Hub (Python)

The same runbook as `publish-platform-image.ipynb`, in a Python kernel: `%load_ext azsmagics` gives every
cmdlet as a magic (`%Add-AzsPlatformImage ...`), `%%pwsh` cells share their variables with Python, and
`azsmagics.api` has the same cmdlets as functions. It follows the guide
[Ajouter une image de machine virtuelle personnalisée à Azure Stack Hub]({GUIDE}).

{target_note(python=True)}
"""),
        parameters(PY_CONNECTION_PARAMETERS + r"""
# The image
vhd_path = "./ubuntu-22.04.vhd"  # on the lab, a sample disk is made when this file does not exist
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
        code(PY_CONNECT),
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

from azskernel.vhd import get_vhd

info = vhd.iloc[0]
if info.PartitionStyle == "GPT":
    raise RuntimeError(f"{vhd_path} is partitioned GPT (generation 2): rebuild the VM as generation 1 (MBR).")
if info.AzureStackHubReady:
    print(f"No conversion needed: {vhd_path} is a fixed VHD of {info.Size // 2**20} MiB.")
    upload_path = vhd_path
else:
    print("Conversion needed:")
    for reason in get_vhd(vhd_path).Reasons:  # the VHD toolkit's own record: the DataFrame holds the reasons as text
        print(f"  - {reason}")
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
