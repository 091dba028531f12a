"""Runbook: publish a custom VM image from a Python kernel, with the magics and azsmagics.api."""

from __future__ import annotations

from typing import Any

from sources.cells import code, md, parameters
from sources.common import (
    CONNECT,
    GUIDE,
    IMAGE_TEST,
    MARKETPLACE_TEXT,
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

# Test-AzsImage, before anything is sent
image_mode = "Generalized"  # 'Specialized' for a migrated VM's disk
ignore_image_errors = False  # True: publish even when Test-AzsImage finds an Error (shown as warnings)

# The Marketplace item (the guide's last step), so that tenants find the image in the portal
publish_marketplace_item = True  # False: stop at the platform image (templates and PowerShell only)
item_display_name = ""  # the title in the Marketplace; empty: offer and SKU
item_summary = ""  # one line under the title; empty: a line naming the image
item_icon_path = ""  # a picture, scaled to every icon size; empty: icons drawn for the offer
marketplace_container = "marketplace"  # a private container of the staging account, for the .azpkg

# Staging storage (created when missing) and what to do afterwards
staging_resource_group = "azs-image-staging"
staging_storage_account = "azsimagestaging"
staging_container = "vhds"
sas_lifetime_hours = 8
clean_up = True  # remove the staging blobs once the image (and item) are published
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
        md("## 4. Test inside the image\n" + IMAGE_TEST + "\n`%Test-AzsImage` returns a DataFrame, one row per check."),
        code(r"""
checks = %Test-AzsImage -Path $upload_path -Mode $image_mode
display(checks[["Id", "Check", "Status", "Severity", "Message"]])
failed = checks[(checks.Status == "Failed") & (checks.Severity == "Error")]
warned = checks[(checks.Status != "Passed") & (checks.Severity == "Warning")]
found = "\n".join(f"  {c.Id} {c.Check}: {c.Message}" for c in failed.itertuples())
if len(failed) and not ignore_image_errors:
    stop = (f"Test-AzsImage found {len(failed)} error(s) in {upload_path}, so nothing was sent: the Hub would take the "
            f"image, but its VMs would not boot or provision.\n{found}\nFix the image and run the runbook again, or set "
            "ignore_image_errors = True to publish it anyway.")
    %Write-Error -Message $stop -ErrorAction Stop
if len(failed):
    note = f"Published despite Test-AzsImage's {len(failed)} error(s) (ignore_image_errors):\n{found}"
    %Write-Warning -Message $note
print(f"Test-AzsImage: {(checks.Status == 'Passed').sum()} of {len(checks)} checks passed, {len(failed)} error(s), "
      f"{len(warned)} warning(s).")
"""),
        md(f"## 5. Create or reuse the staging storage\n\n({STEP2})"),
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
        md(f"## 6. Upload the VHD\n\nThe upload shows its progress live ({STEP2}); the magic returns the upload's result."),
        code(r"""
upload = %Add-AzVhd -Destination $blob_uri -LocalFilePath $upload_path -ResourceGroupName $staging_resource_group -OverWrite
print(upload.DestinationUri)
"""),
        md(f"## 7. Make a read-only SAS\n\n({STEP2_SAS}) The SAS stays in a variable; it is never printed."),
        code(r"""
%%pwsh
$sas_uri = New-AzStorageBlobSASToken -Container $staging_container -Blob $blob_name -Permission r `
    -ExpiryTime (Get-Date).AddHours($sas_lifetime_hours) -FullUri -Context $account.Context
"""),
        md(f"## 8. Add the platform image and watch it provision\n\n({STEP3_PS}) The cell form takes the parameters across lines."),
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
        md("## 9. Check that tenants see it\n\nSigned in to the tenant endpoint with the same service principal, then back to the admin one."),
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
        md("## 10. Publish the Marketplace item\n" + MARKETPLACE_TEXT + "\nHere through `azsmagics.api`, the cmdlets as "
           "Python functions sharing the magics' sign-in."),
        code(r"""
from datetime import datetime, timedelta, timezone

from azsmagics import api

item = package = None
if not publish_marketplace_item:
    print("No Marketplace item (publish_marketplace_item is False): tenants deploy the image with templates and PowerShell.")
else:
    texts = {"summary": item_summary, "icon_path": item_icon_path}
    package = api.new_gallery_item_package(publisher=publisher, offer=offer, sku=sku, version=version, os_type=os_type,
                                           display_name=item_display_name or f"{offer} {sku}", output_path=work_folder,
                                           force=True, **{name: value for name, value in texts.items() if value})
    if marketplace_container not in [c.Name for c in api.get_storage_container(context=account.Context)]:
        api.new_storage_container(name=marketplace_container, permission="Off", context=account.Context)
    api.set_storage_blob_content(file=package.FullName, container=marketplace_container, blob=package.Name,
                                 context=account.Context, force=True)
    package_uri = api.new_storage_blob_sas_token(container=marketplace_container, blob=package.Name, permission="r",
                                                 expiry_time=datetime.now(timezone.utc) + timedelta(hours=sas_lifetime_hours),
                                                 full_uri=True, context=account.Context)
    item = api.add_gallery_item(gallery_item_uri=package_uri)
    print(f"Marketplace item {item.Name}: {item.ItemDisplayName} (publisher {item.Publisher}, version {item.Version})")
"""),
        md(f"## 11. The catalogue\n\nThe platform images as a DataFrame ({STEP3_PORTAL}), then the Marketplace items."),
        code(r"""
catalogue = %Get-AzsPlatformImage -Location $location
catalogue.sort_values(["Publisher", "Offer", "Sku", "Version"])[["Publisher", "Offer", "Sku", "Version", "OsType", "ProvisioningState"]]
"""),
        code(r"""
items = %Get-AzsGalleryItem
if item is not None:
    assert item.Name in list(items.get("Name", [])), f"the Marketplace item {item.Name} was added but is not listed"
items.reindex(columns=["Name", "ItemDisplayName", "Publisher", "Version"]).sort_values("Name")
"""),
        md("## 12. Clean up the staging blobs\n\nOnly once the image is Succeeded; the group only if this run created it."),
        code(r"""
if clean_up and image.ProvisioningState == "Succeeded":
    api.remove_storage_blob(container=staging_container, blob=blob_name, context=account.Context, force=True)
    print(f"Removed the staging blob {blob_name}.")
    if item is not None:
        api.remove_storage_blob(container=marketplace_container, blob=package.Name, context=account.Context, force=True)
        print(f"Removed the package blob {package.Name} (the stamp keeps the item).")
    if createdGroup:
        api.remove_resource_group(name=staging_resource_group, force=True)
        print(f"Removed the staging resource group {staging_resource_group} (this run created it).")
else:
    print(f"Staging left in place (clean_up: {clean_up}, state: {image.ProvisioningState}).")
"""),
    ]
