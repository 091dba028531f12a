"""Microsoft.Compute operation table: user endpoint only, api-version 2020-06-01."""

from __future__ import annotations

from ...arm.routing import API_COMPUTE, Operation
from . import handlers

_LOC = "/subscriptions/{subscriptionId}/providers/Microsoft.Compute/locations/{location}/publishers"
_OFFERS = _LOC + "/{publisher}/artifacttypes/vmimage/offers"
_SKUS = _OFFERS + "/{offer}/skus"
_VERSIONS = _SKUS + "/{sku}/versions"
_VMS = "/subscriptions/{subscriptionId}/resourceGroups/{resourceGroupName}/providers/Microsoft.Compute/virtualMachines"
_VM = _VMS + "/{vmName}"
_EXT = _VM + "/extensions"

OPERATIONS = [
    Operation("GET", _LOC, handlers.list_publishers, API_COMPUTE, "user"),
    Operation("GET", _OFFERS, handlers.list_offers, API_COMPUTE, "user"),
    Operation("GET", _SKUS, handlers.list_skus, API_COMPUTE, "user"),
    Operation("GET", _VERSIONS, handlers.list_versions, API_COMPUTE, "user"),
    Operation("GET", _VERSIONS + "/{version}", handlers.get_version, API_COMPUTE, "user"),
    Operation("GET", _VMS, handlers.list_vms, API_COMPUTE, "user"),
    Operation("PUT", _VM, handlers.put_vm, API_COMPUTE, "user"),
    Operation("GET", _VM, handlers.get_vm, API_COMPUTE, "user"),
    Operation("DELETE", _VM, handlers.delete_vm, API_COMPUTE, "user"),
    Operation("GET", _EXT, handlers.list_extensions, API_COMPUTE, "user"),
    Operation("PUT", _EXT + "/{extensionName}", handlers.put_extension, API_COMPUTE, "user"),
    Operation("GET", _EXT + "/{extensionName}", handlers.get_extension, API_COMPUTE, "user"),
    Operation("DELETE", _EXT + "/{extensionName}", handlers.delete_extension, API_COMPUTE, "user"),
]
