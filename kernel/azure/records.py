"""Output objects shaped like Az's: the same property names and type names, and their default views.

A record is a PSObject (so the engine's member access, formatting and ConvertTo-Json see its properties in
Az's order) that Python code can also read as attributes: `image.ProvisioningState` or
`image.provisioning_state`. `VIEWS` holds the default view of each type name, as Az's format.ps1xml files
declare it; `register_views` hands them to the formatting layer. No SDK import here.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any, Final

from azskernel.runtime.values import PSObject

from .context import AzContext, AzSubscription
from .environment import AzEnvironment
from .redaction import redact_uri

_SNAKE = re.compile(r"_([a-z0-9])")


class AzRecord(PSObject):
    """A PSObject with attribute access (PascalCase or snake_case) for the Python API."""

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__") or name in ("_props", "type_names"):
            raise AttributeError(name)
        for candidate in (name, name.replace("_", "")):
            if self.has(candidate):
                return self.get(candidate)
        raise AttributeError(f"{self.type_names[0].rsplit('.', 1)[-1]} has no property '{name}'")

    def to_dict(self) -> dict[str, Any]:
        return {k: (v.to_dict() if isinstance(v, AzRecord) else v) for k, v in self.items()}

    def to_string_override(self) -> str:
        """What "$x" and a table cell show: the property Az's ToString() returns, else the type name."""
        text_property = self.__dict__.get("_text")
        if text_property:
            return str(self.get(text_property) or "")
        return self.type_names[0]

    def __str__(self) -> str:
        return self.to_string_override()


def record(type_name: str, properties: Mapping[str, Any] | Iterable[tuple[str, Any]], *, text: str | None = None) -> AzRecord:
    """An AzRecord; `text` names the property its string form shows (Az's ToString)."""
    rec = AzRecord(properties, type_names=(type_name, "System.Object"))
    if text:
        rec.__dict__["_text"] = text
    return rec


# type names (Az's) ----------------------------------------------------------------------------------

T_ENVIRONMENT: Final = "Microsoft.Azure.Commands.Profile.Models.PSAzureEnvironment"
T_CONTEXT: Final = "Microsoft.Azure.Commands.Profile.Models.Core.PSAzureContext"
T_PROFILE: Final = "Microsoft.Azure.Commands.Profile.Models.Core.PSAzureProfile"
T_ACCOUNT: Final = "Microsoft.Azure.Commands.Profile.Models.PSAzureRmAccount"
T_SUBSCRIPTION: Final = "Microsoft.Azure.Commands.Profile.Models.PSAzureSubscription"
T_TENANT: Final = "Microsoft.Azure.Commands.Profile.Models.PSAzureTenant"
T_LOCATION: Final = "Microsoft.Azure.Commands.ResourceManager.Cmdlets.SdkModels.PSResourceProviderLocation"
T_RESOURCE_GROUP: Final = "Microsoft.Azure.Commands.ResourceManager.Cmdlets.SdkModels.PSResourceGroup"
T_STORAGE_ACCOUNT: Final = "Microsoft.Azure.Commands.Management.Storage.Models.PSStorageAccount"
T_STORAGE_KEY: Final = "Microsoft.Azure.Management.Storage.Models.StorageAccountKey"
T_STORAGE_CONTEXT: Final = "Microsoft.WindowsAzure.Commands.Storage.AzureStorageContext"
T_CONTAINER: Final = "Microsoft.WindowsAzure.Commands.Common.Storage.ResourceModel.AzureStorageContainer"
T_BLOB: Final = "Microsoft.WindowsAzure.Commands.Common.Storage.ResourceModel.AzureStorageBlob"
T_COPY_STATE: Final = "Microsoft.Azure.Storage.Blob.CopyState"
T_PLATFORM_IMAGE: Final = "Microsoft.Azure.PowerShell.Cmdlets.ComputeAdmin.Models.Api20151201Preview.PlatformImage"
T_VM_EXTENSION_ADMIN: Final = "Microsoft.Azure.PowerShell.Cmdlets.ComputeAdmin.Models.Api20151201Preview.VMExtension"
T_VM_IMAGE: Final = "Microsoft.Azure.Commands.Compute.Models.PSVirtualMachineImage"
T_VM: Final = "Microsoft.Azure.Commands.Compute.Models.PSVirtualMachine"
T_VHD_UPLOAD: Final = "Microsoft.Azure.Commands.Compute.Models.VhdUploadContext"
T_OPERATION: Final = "Microsoft.Azure.Commands.Compute.Models.PSAzureOperationResponse"
_GALLERY_MODELS: Final = "Microsoft.Azure.PowerShell.Cmdlets.GalleryAdmin.Models.Api20150401."
T_GALLERY_ITEM: Final = _GALLERY_MODELS + "GalleryItem"
T_GALLERY_ARTIFACT: Final = _GALLERY_MODELS + "Artifact"
T_GALLERY_LINK: Final = _GALLERY_MODELS + "LinkProperties"

VIEWS: Final[dict[str, tuple[str, tuple[str, ...]]]] = {
    # (kind, properties) as Az's format files show them by default.
    T_ENVIRONMENT: ("table", ("Name", "Resource Manager Url=ResourceManagerUrl", "ActiveDirectory Authority=ActiveDirectoryAuthority", "Type")),
    T_CONTEXT: ("table", ("Name", "Account", "SubscriptionName", "Environment", "TenantId")),
    T_PROFILE: ("table", ("Account", "SubscriptionName", "TenantId", "Environment")),
    T_SUBSCRIPTION: ("table", ("Name", "Id", "TenantId", "State")),
    T_TENANT: ("table", ("Id", "Name")),
    T_LOCATION: ("table", ("Location", "DisplayName", "Providers")),
    T_RESOURCE_GROUP: ("list", ("ResourceGroupName", "Location", "ProvisioningState", "Tags", "ResourceId")),
    T_STORAGE_ACCOUNT: ("table", ("StorageAccountName", "ResourceGroupName", "PrimaryLocation", "SkuName", "Kind", "AccessTier", "CreationTime", "ProvisioningState")),
    T_STORAGE_KEY: ("table", ("KeyName", "Value", "Permissions")),
    T_CONTAINER: ("table", ("Name", "PublicAccess", "LastModified")),
    T_BLOB: ("table", ("Name", "BlobType", "Length", "ContentType", "LastModified", "AccessTier", "SnapshotTime", "IsDeleted")),
    T_COPY_STATE: ("list", ("CopyId", "CompletionTime", "Status", "Source", "BytesCopied", "TotalBytes", "StatusDescription")),
    T_PLATFORM_IMAGE: ("table", ("Publisher", "Offer", "Sku", "Version", "OsType", "ProvisioningState", "Location")),
    T_VM_EXTENSION_ADMIN: ("list", ("Publisher", "ExtensionType", "TypeHandlerVersion", "VMOSType", "ComputeRole", "ProvisioningState", "SourceBlob", "Location")),
    T_VM_IMAGE: ("table", ("PublisherName", "Location", "Offer", "Skus", "Version")),
    T_VM: ("table", ("ResourceGroupName", "Name", "Location", "VmSize", "OsType", "ProvisioningState")),
    T_VHD_UPLOAD: ("list", ("LocalFilePath", "DestinationUri")),
    T_OPERATION: ("table", ("RequestId", "IsSuccessStatusCode", "StatusCode", "ReasonPhrase")),
    # Azs.Gallery.Admin.format.ps1xml
    T_GALLERY_ITEM: ("table", ("Name", "Publisher", "PublisherDisplayName", "ItemName", "ItemDisplayName", "Version", "Summary")),
    T_GALLERY_ARTIFACT: ("table", ("Name", "Type", "Uri")),
}


_COMPUTED: Final[dict[tuple[str, str], Any]] = {
    # The key is there for scripts ($keys[0].Value) but never shown by default: output may be logged or shared.
    (T_STORAGE_KEY, "Value"): lambda obj: "********",
}


def register_views() -> None:
    """Give the default views (entries are `Property` or `Header=Property`) to the formatting layer (azskernel.runtime.formatting's registry)."""
    from azskernel.runtime.formatting import Column, ListView, TableView, register_view

    for type_name, (kind, props) in VIEWS.items():
        columns = []
        for entry in props:
            header, _, prop = entry.partition("=")
            columns.append(Column(header, _COMPUTED.get((type_name, header)) or prop or None))
        register_view(type_name, TableView(tuple(columns)) if kind == "table" else ListView(tuple(columns)))


# builders -------------------------------------------------------------------------------------------


def environment_record(env: AzEnvironment) -> AzRecord:
    return record(T_ENVIRONMENT, text="Name", properties=[
        ("Name", env.name),
        ("Type", env.type),
        ("EnableAdfsAuthentication", env.enable_adfs_authentication),
        ("OnPremise", env.enable_adfs_authentication),
        ("ActiveDirectoryServiceEndpointResourceId", env.audience),
        ("AdTenant", env.ad_tenant or ("adfs" if env.enable_adfs_authentication else "Common")),
        ("GalleryUrl", env.gallery_url),
        ("ManagementPortalUrl", env.management_portal_url),
        ("ResourceManagerUrl", env.resource_manager_url),
        ("StorageEndpointSuffix", env.storage_endpoint_suffix),
        ("ActiveDirectoryAuthority", env.active_directory_authority),
        ("GraphUrl", env.graph_url),
        ("GraphEndpointResourceId", env.graph_audience),
        ("AzureKeyVaultDnsSuffix", env.key_vault_dns_suffix),
        ("AzureKeyVaultServiceEndpointResourceId", env.key_vault_resource_id
         or (f"https://{env.key_vault_dns_suffix}" if env.key_vault_dns_suffix else "")),
        *env.extra_endpoints,
    ])


def subscription_record(sub: AzSubscription) -> AzRecord:
    return record(T_SUBSCRIPTION, text="Id", properties=[
        ("Name", sub.name), ("Id", sub.id), ("TenantId", sub.tenant_id), ("State", sub.state),
        ("SubscriptionId", sub.id),
    ])


def context_record(ctx: AzContext, env: AzEnvironment | None) -> AzRecord:
    sub = subscription_record(ctx.subscription) if ctx.subscription else None
    return record(T_CONTEXT, [
        ("Name", ctx.name),
        ("Account", account_record(ctx)),
        ("Environment", environment_record(env) if env else ctx.environment),
        ("Subscription", sub),
        ("Tenant", record(T_TENANT, [("Id", ctx.tenant_id), ("Name", None)], text="Id")),
        ("SubscriptionName", ctx.subscription.name if ctx.subscription else None),
        ("TenantId", ctx.tenant_id),
    ])


def profile_record(ctx: AzContext, env: AzEnvironment) -> AzRecord:
    """What Connect-AzAccount returns: its table shows Account, SubscriptionName, TenantId, Environment."""
    return record(T_PROFILE, [
        ("Account", account_record(ctx)),
        ("SubscriptionName", ctx.subscription.name if ctx.subscription else None),
        ("TenantId", ctx.tenant_id),
        ("Environment", env.name),
        ("Context", context_record(ctx, env)),
    ])


def account_record(ctx: AzContext) -> AzRecord:
    """Shows as its id (Az's PSAzureRmAccount.ToString) but keeps .Id, .Type, .Tenants."""
    return record(T_ACCOUNT, [("Id", ctx.account.id), ("Type", ctx.account.type), ("Tenants", [ctx.tenant_id])], text="Id")


def location_record(raw: Mapping[str, Any]) -> AzRecord:
    return record(T_LOCATION, [
        ("Location", raw.get("name")),
        ("DisplayName", raw.get("displayName") or raw.get("name")),
        ("Providers", raw.get("providers") or []),
        ("Latitude", (raw.get("metadata") or {}).get("latitude") or raw.get("latitude")),
        ("Longitude", (raw.get("metadata") or {}).get("longitude") or raw.get("longitude")),
    ])


def resource_group_record(rg: Any) -> AzRecord:
    return record(T_RESOURCE_GROUP, [
        ("ResourceGroupName", rg.name),
        ("Location", rg.location),
        ("ProvisioningState", getattr(rg.properties, "provisioning_state", None) if rg.properties else None),
        ("Tags", dict(rg.tags) if rg.tags else None),
        ("TagsTable", None),
        ("ResourceId", rg.id),
        ("ManagedBy", getattr(rg, "managed_by", None)),
    ])


def platform_image_record(raw: Mapping[str, Any]) -> AzRecord:
    rid = str(raw.get("id") or "")
    parts = _id_segments(rid)
    props = raw.get("properties") or {}
    os_disk = props.get("osDisk") or {}
    details = props.get("details") or {}
    data_disks = [
        record("Microsoft.Azure.PowerShell.Cmdlets.ComputeAdmin.Models.Api20151201Preview.DataDisk",
               [("Lun", d.get("lun")), ("Uri", redact_uri(str(d.get("uri") or "")))])
        for d in props.get("dataDisks") or []
    ]
    return record(T_PLATFORM_IMAGE, [
        ("Publisher", parts.get("publishers")),
        ("Offer", parts.get("offers")),
        ("Sku", parts.get("skus")),
        ("Version", parts.get("versions")),
        ("OsType", os_disk.get("osType")),
        ("OsUri", redact_uri(str(os_disk.get("uri") or "")) or None),
        ("ProvisioningState", props.get("provisioningState")),
        ("BillingPartNumber", details.get("billingPartNumber") or None),
        ("DataDisks", data_disks),
        ("Location", raw.get("location") or parts.get("locations")),
        ("Id", rid),
        ("Name", raw.get("name")),
        ("Type", raw.get("type")),
    ])


def vm_extension_admin_record(raw: Mapping[str, Any]) -> AzRecord:
    rid = str(raw.get("id") or "")
    parts = _id_segments(rid)
    props = raw.get("properties") or {}
    source = props.get("sourceBlob") or {}
    return record(T_VM_EXTENSION_ADMIN, [
        ("Publisher", props.get("publisher") or parts.get("publishers")),
        ("ExtensionType", props.get("extensionType") or parts.get("types")),
        ("TypeHandlerVersion", props.get("typeHandlerVersion") or parts.get("versions")),
        ("Version", parts.get("versions")),
        ("VMOSType", props.get("vmOsType")),
        ("ComputeRole", props.get("computeRole")),
        ("VMScaleSetEnabled", props.get("vmScaleSetEnabled")),
        ("SupportMultipleExtensions", props.get("supportMultipleExtensions")),
        ("IsSystemExtension", props.get("isSystemExtension")),
        ("SourceBlob", redact_uri(str(source.get("uri") or "")) or None),
        ("ProvisioningState", props.get("provisioningState")),
        ("Location", raw.get("location") or parts.get("locations")),
        ("Id", rid),
    ])


def gallery_item_record(raw: Mapping[str, Any]) -> AzRecord:
    """Azs.Gallery.Admin's GalleryItem: the resource with its properties flattened, as the module's model is."""
    props = raw.get("properties") or {}
    icons = props.get("iconFileUris") or {}
    templates = props.get("definitionTemplates") or {}
    marketing = props.get("marketingMaterial") or {}
    return record(T_GALLERY_ITEM, [
        ("Name", raw.get("name")),
        ("Publisher", props.get("publisher")),
        ("PublisherDisplayName", props.get("publisherDisplayName")),
        ("ItemName", props.get("itemName")),
        ("ItemDisplayName", props.get("itemDisplayName")),
        ("Version", props.get("version")),
        ("Summary", props.get("summary")),
        ("LongSummary", props.get("longSummary")),
        ("Description", props.get("description")),
        ("Identity", props.get("identity")),
        ("UiDefinitionUri", props.get("uiDefinitionUri")),
        ("CreatedTime", props.get("createdTime")),
        ("ChangedTime", props.get("changedTime")),
        ("ItemType", props.get("itemType")),
        ("CategoryId", list(props.get("categoryIds") or [])),
        ("ScreenshotUri", list(props.get("screenshotUris") or [])),
        ("Link", [record(T_GALLERY_LINK, [("Id", x.get("id")), ("DisplayName", x.get("displayName")), ("Uri", x.get("uri"))])
                  for x in props.get("links") or []]),
        ("Filter", list(props.get("filters") or [])),
        ("IconFileUriSmall", icons.get("small")),
        ("IconFileUriMedium", icons.get("medium")),
        ("IconFileUriLarge", icons.get("large")),
        ("IconFileUriWide", icons.get("wide")),
        ("IconFileUriHero", icons.get("hero")),
        ("Artifact", [record(T_GALLERY_ARTIFACT, [("Name", x.get("name")), ("Type", x.get("type")), ("Uri", x.get("uri"))])
                      for x in props.get("artifacts") or []]),
        ("Image", list(props.get("images") or [])),
        ("Product", list(props.get("products") or [])),
        ("ResourceGroupName", props.get("resourceGroupName")),
        ("DefinitionTemplateUiDefinitionFileUri", templates.get("uiDefinitionFileUri")),
        ("DefinitionTemplateDefaultDeploymentTemplateId", templates.get("defaultDeploymentTemplateId")),
        ("DefinitionTemplateDeploymentTemplateFileUri", dict(templates.get("deploymentTemplateFileUris") or {})),
        ("DefinitionTemplateDeploymentFragmentFileUri", dict(templates.get("deploymentFragmentFileUris") or {})),
        ("MarketingMaterialPath", marketing.get("path")),
        ("MarketingMaterialLearnUri", marketing.get("learnUri")),
        ("Metadata", props.get("metadata")),
        ("AdditionalProperty", dict(props.get("additionalProperties") or {})),
        ("Id", raw.get("id")),
        ("Type", raw.get("type")),
        ("Location", raw.get("location")),
    ], text="Name")


def _id_segments(rid: str) -> dict[str, str]:
    """`/a/1/b/2` -> {"a": "1", "b": "2"} with case-folded keys (ids keep the creator's case for values)."""
    segs = [s for s in rid.split("/") if s]
    return {segs[i].lower(): segs[i + 1] for i in range(0, len(segs) - 1, 2)}


register_views()
