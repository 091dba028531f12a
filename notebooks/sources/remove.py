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
deployed from it keep running. If a marketplace item refers to the image, remove the item first
({REMOVE_PORTAL}).

{target_note()}
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
