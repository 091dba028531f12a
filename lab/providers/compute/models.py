"""Tenant view of compute: the catalogue built from Succeeded platform images, VMs and their extensions.

VMs are records only (no hypervisor here): enough for extension management as an operator does it.
"""

from __future__ import annotations

import uuid
from typing import TYPE_CHECKING, Any

from ..compute_admin import models as admin_models

if TYPE_CHECKING:
    from ...context import Lab

VM_KIND = "virtualMachine"
EXTENSION_KIND = "vmExtension"


def catalogue(lab: Lab) -> list[tuple[str, str, str, str, dict[str, Any]]]:
    """(publisher, offer, sku, version, image) of every image a tenant can use now."""
    parent = admin_models.image_parent(lab.config.admin_subscription, lab.config.location)
    out = []
    for doc in lab.store.documents(admin_models.IMAGE_KIND, parent):
        if doc["properties"]["provisioningState"] == "Succeeded":
            out.append((*admin_models.image_coordinates(doc), doc))
    return out


def vm_parent(sub: str, group: str) -> str:
    return f"{sub}/{group}"


def vm_doc(sub: str, group: str, name: str, location: str, body: dict[str, Any]) -> dict[str, Any]:
    props = dict(body.get("properties") or {})
    os_profile = dict(props.get("osProfile") or {})
    os_profile.pop("adminPassword", None)  # never stored, never returned, as ARM does
    if os_profile:
        props["osProfile"] = os_profile
    props["vmId"] = str(uuid.uuid4())
    props["provisioningState"] = "Succeeded"
    return {"id": f"/subscriptions/{sub}/resourceGroups/{group}/providers/Microsoft.Compute/virtualMachines/{name}",
            "name": name, "type": "Microsoft.Compute/virtualMachines", "location": location,
            "tags": body.get("tags") or {}, "properties": props}


def extension_doc(vm: dict[str, Any], name: str, location: str, body: dict[str, Any]) -> dict[str, Any]:
    props = dict(body.get("properties") or {})
    props.pop("protectedSettings", None)
    props["provisioningState"] = "Succeeded"
    return {"id": f"{vm['id']}/extensions/{name}", "name": name,
            "type": "Microsoft.Compute/virtualMachines/extensions", "location": location,
            "tags": body.get("tags") or {}, "properties": props}


SEED_GROUP, SEED_VM, SEED_EXTENSION = "winvmrg1", "windowsvm", "CustomScriptExtension"


def seed(lab: Lab) -> None:
    """Once per lab: the VM of the seed document, with the extension its Remove-AzureRmVMExtension removes."""
    if lab.store.get("labSeed", "", "compute") is not None:
        return
    sub, loc = lab.config.user_subscription, lab.config.location
    lab.store.put("resourceGroup", sub, SEED_GROUP, {
        "id": f"/subscriptions/{sub}/resourceGroups/{SEED_GROUP}", "name": SEED_GROUP,
        "type": "Microsoft.Resources/resourceGroups", "location": loc, "tags": {},
        "properties": {"provisioningState": "Succeeded"}})
    vm = vm_doc(sub, SEED_GROUP, SEED_VM, loc, {"properties": {
        "hardwareProfile": {"vmSize": "Standard_A2_v2"},
        "storageProfile": {"osDisk": {"osType": "Windows", "name": "windowsvm-os", "createOption": "FromImage"}}}})
    lab.store.put(VM_KIND, vm_parent(sub, SEED_GROUP), SEED_VM, vm)
    ext = extension_doc(vm, SEED_EXTENSION, loc, {"properties": {
        "publisher": "Microsoft.Compute", "type": "CustomScriptExtension", "typeHandlerVersion": "1.9",
        "autoUpgradeMinorVersion": True}})
    lab.store.put(EXTENSION_KIND, vm["id"], SEED_EXTENSION, ext)
    lab.store.put("labSeed", "", "compute", {"done": True})


async def delete_group_contents(lab: Lab, sub: str, group: str) -> None:
    for vm in lab.store.documents(VM_KIND, vm_parent(sub, group)):
        for ext in lab.store.documents(EXTENSION_KIND, vm["id"]):
            lab.store.delete(EXTENSION_KIND, vm["id"], ext["name"])
        lab.store.delete(VM_KIND, vm_parent(sub, group), vm["name"])
