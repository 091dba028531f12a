"""Runbook: remove a platform image (PowerShell kernel)."""

from __future__ import annotations

from typing import Any

from sources.cells import code, md, parameters
from sources.common import CONNECT, PS_CONNECT, PS_CONNECTION_PARAMETERS, REMOVE_PORTAL, REMOVE_PS, target_note


def remove_image() -> list[Any]:
    return [
        md(f"""
# Remove a platform image

Removes one image from the stamp's catalogue ({REMOVE_PS}). Tenants can no longer deploy it; VMs already
deployed from it keep running. If a Marketplace item deploys the image, the guide removes the item first
({REMOVE_PORTAL}): this runbook finds those items and removes them before the image, unless told to keep them.

{target_note()}
"""),
        parameters(PS_CONNECTION_PARAMETERS + r"""
# The image to remove
$Publisher = 'Contoso'
$Offer     = 'UbuntuServer'
$Sku       = '22.04-LTS'
$Version   = '1.0.0'
$RemoveMarketplaceItems = $true   # remove the Marketplace items that deploy the image first (the guide's order); $false: keep them
"""),
        md(f"## 1. Connect as an operator\n\n({CONNECT})"),
        code(PS_CONNECT),
        md("## 2. The image before\n\nA missing image is said clearly and nothing else happens."),
        code(r"""
$before = Get-AzsPlatformImage -Location $Location -Publisher $Publisher -Offer $Offer -Sku $Sku | Where-Object Version -eq $Version
if ($before) { $before | Format-List Publisher, Offer, Sku, Version, OsType, ProvisioningState }
else { "There is no image $Publisher/$Offer/$Sku/$Version at location '$Location'." }
"""),
        md(f"""
## 3. Its Marketplace items first

`Find-AzsGalleryItem` reads each Marketplace item's templates for the image it deploys ({REMOVE_PORTAL}). A VM
wizard item names no version: it deploys the newest, so while other versions of the image remain it keeps
working and is kept. The stamp finishes removing an item in the background; the cell waits until it is no
longer listed.
"""),
        code(r"""
$items = @(if ($before) { Find-AzsGalleryItem -Publisher $Publisher -Offer $Offer -Sku $Sku -Version $Version })
$others = @(Get-AzsPlatformImage -Location $Location -Publisher $Publisher -Offer $Offer -Sku $Sku | Where-Object Version -ne $Version)
if ($items.Count -eq 0) {
    "No Marketplace item deploys $Publisher/$Offer/$Sku/$Version."
} elseif ($others.Count -gt 0) {
    "Kept the Marketplace item(s) $(($items.Name) -join ', '): version(s) $(($others.Version) -join ', ') remain, which an item without a version then deploys (remove an item that names $Version with Remove-AzsGalleryItem)."
} elseif (-not $RemoveMarketplaceItems) {
    "Kept the Marketplace item(s) $(($items.Name) -join ', ') (`$RemoveMarketplaceItems is `$false): Remove-AzsPlatformImage will warn."
} else {
    foreach ($found in $items) {
        Remove-AzsGalleryItem -Name $found.Name
        "Removed the Marketplace item $($found.Name) ($($found.ItemDisplayName)); the portal may take a few minutes to stop showing it."
    }
    # The stamp finishes a removal in the background: until then the item is still listed (and would be warned about).
    $deadline = (Get-Date).AddMinutes(5)
    while (@(Get-AzsGalleryItem | Where-Object { $_.Name -in $items.Name }).Count -gt 0) {
        if ((Get-Date) -gt $deadline) { throw "The Marketplace item(s) $(($items.Name) -join ', ') are still listed 5 minutes after their removal." }
        Start-Sleep -Seconds 1
    }
}
"""),
        md(f"## 4. Remove the image\n\n`-Force` because a runbook cannot answer the confirmation prompt ({REMOVE_PS})."),
        code(r"""
if ($before) {
    Remove-AzsPlatformImage -Location $Location -Publisher $Publisher -Offer $Offer -Sku $Sku -Version $Version -Force
}
"""),
        md("## 5. Check it is gone"),
        code(r"""
$after = @(Get-AzsPlatformImage -Location $Location -Publisher $Publisher -Offer $Offer -Sku $Sku |
    Where-Object Version -eq $Version)
if ($after.Count -gt 0) { throw "The image $Publisher/$Offer/$Sku/$Version is still listed." }
"Removed: $Publisher/$Offer/$Sku/$Version is no longer in the catalogue."
"""),
    ]
