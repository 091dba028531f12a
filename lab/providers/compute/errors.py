"""Microsoft.Compute error codes."""

from __future__ import annotations

from ...errors import ArmError


def image_not_found(location: str) -> ArmError:
    return ArmError(404, "NotFound", f"Artifact: VMImage was not found in location '{location}'.")


def vm_not_found(name: str) -> ArmError:
    return ArmError(404, "ResourceNotFound",
                    f"The Resource 'Microsoft.Compute/virtualMachines/{name}' under resource group was not found.")


def extension_not_found(vm: str, name: str) -> ArmError:
    return ArmError(404, "NotFound", f"The extension '{name}' of virtual machine '{vm}' was not found.")
