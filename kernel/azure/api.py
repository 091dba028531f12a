"""The Python API: every Azure cmdlet as a function with snake_case keyword arguments.

    from azskernel.azure import api
    api.add_environment(name="AzureStackAdmin", arm_endpoint="https://adminmanagement.local.azurestack.external")
    api.connect_account(environment="AzureStackAdmin", credential=(app_id, secret), tenant_id=tenant)
    image = api.add_platform_image(publisher="Contoso", offer="Ubuntu", sku="22.04", version="1.0.0",
                                   os_type="Linux", os_uri=sas_uri, reporter=api.Reporter(event=print))

Each function takes `profile=` (an AzProfile; default: the process's, loaded from the config folder) and
`reporter=` (where verbose lines, warnings and live events go). Errors are AzsError subclasses
(azskernel.azure.errors) with clear, redacted messages; results are AzRecords (attribute access by Az's
property names). Importing this module imports no Azure SDK.
"""

from __future__ import annotations

from .cmdlets.accounts import (
    add_environment,
    connect_account,
    disconnect_account,
    get_context,
    get_environment,
    get_location,
    get_subscription,
    set_context,
)
from .cmdlets.compute import (
    add_vhd,
    get_vm,
    get_vm_image,
    get_vm_image_offer,
    get_vm_image_publisher,
    get_vm_image_sku,
    remove_vm_extension,
)
from .cmdlets.compute_admin import add_platform_image, get_platform_image, remove_platform_image
from .cmdlets.extensions import add_vm_extension, get_vm_extension, remove_vm_extension_admin
from .cmdlets.gallery import (
    add_gallery_item,
    find_gallery_item,
    get_gallery_item,
    publish_marketplace_item,
    remove_gallery_item,
)
from .cmdlets.gallery_package import new_gallery_item_package
from .cmdlets.resources import get_resource_group, new_resource_group, remove_resource_group
from .cmdlets.storage import (
    get_blob_copy_state,
    get_storage_account,
    get_storage_account_key,
    get_storage_blob,
    get_storage_container,
    new_account_sas_token,
    new_blob_sas_token,
    new_container_sas_token,
    new_storage_account,
    new_storage_container,
    new_storage_context,
    remove_storage_blob,
    set_storage_container_acl,
    start_blob_copy,
)
from .cmdlets.storage_content import set_storage_blob_content
from .context import AzProfile, default_profile
from .events import DeviceCodeEvent, PreflightEvent, ProvisioningEvent, Reporter, set_event_hook
from .preflight import check_blob
from .target import resolve_target, use_target

__all__ = sorted([
    "AzProfile", "DeviceCodeEvent", "PreflightEvent", "ProvisioningEvent", "Reporter", "add_environment",
    "add_gallery_item", "add_platform_image", "find_gallery_item", "get_gallery_item", "new_gallery_item_package",
    "publish_marketplace_item", "remove_gallery_item", "set_storage_blob_content", "add_vhd", "add_vm_extension", "check_blob", "connect_account", "default_profile",
    "disconnect_account", "get_blob_copy_state", "get_context", "get_environment", "get_location",
    "get_platform_image", "get_resource_group", "get_storage_account", "get_storage_account_key",
    "get_storage_blob", "get_storage_container", "get_subscription", "get_vm", "get_vm_extension", "get_vm_image",
    "get_vm_image_offer", "get_vm_image_publisher", "get_vm_image_sku", "new_account_sas_token", "new_blob_sas_token",
    "new_container_sas_token", "new_resource_group", "new_storage_account", "new_storage_container",
    "new_storage_context", "remove_platform_image", "remove_resource_group", "remove_storage_blob",
    "remove_vm_extension", "remove_vm_extension_admin", "resolve_target", "set_context", "set_event_hook",
    "set_storage_container_acl", "start_blob_copy", "use_target",
], key=str.casefold)
