"""The request bodies the Hub profile (2020-09-01-hybrid) accepts, for the request-body test.

Microsoft.Storage 2019-06-01 and Microsoft.Resources 2019-10-01: our own transcription into JSON Schema of the
models in Azure/azure-rest-api-specs (written here, not a copied spec file):
- specification/storage/resource-manager/Microsoft.Storage/stable/2019-06-01/storage.json
  #/definitions/StorageAccountCreateParameters, StorageAccountPropertiesCreateParameters, Identity,
  StorageAccountRegenerateKeyParameters, StorageAccountCheckNameAvailabilityParameters; the Sku model of the same
  version (name required, eight names; tier read-only);
- specification/resources/resource-manager/Microsoft.Resources/stable/2019-10-01/resources.json
  #/definitions/ResourceGroup (location required; id, name, type, properties.provisioningState read-only).
Compute.Admin 2015-12-01-preview: built at test time from the swagger in ../shared/contract/compute-admin.
Microsoft.Compute 2020-06-01: the cmdlets send it no body (GETs, and DELETE of a VM extension).

Every object is closed (`additionalProperties: false`) and read-only properties are left out: a body may carry
only what the pinned api-version's model lets a client write. That is what a newer SDK would break.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

STORAGE_SKU_NAMES = ["Standard_LRS", "Standard_GRS", "Standard_RAGRS", "Standard_ZRS", "Premium_LRS", "Premium_ZRS",
                     "Standard_GZRS", "Standard_RAGZRS"]
STORAGE_KINDS = ["Storage", "StorageV2", "BlobStorage", "FileStorage", "BlockBlobStorage"]


def _closed(properties: dict[str, Any], required: list[str] | None = None) -> dict[str, Any]:
    schema: dict[str, Any] = {"type": "object", "properties": properties, "additionalProperties": False}
    if required:
        schema["required"] = required
    return schema


STRING_MAP = {"type": "object", "additionalProperties": {"type": "string"}}

STORAGE_ACCOUNT_CREATE = _closed({
    "sku": _closed({"name": {"type": "string", "enum": STORAGE_SKU_NAMES}}, ["name"]),
    "kind": {"type": "string", "enum": STORAGE_KINDS},
    "location": {"type": "string"},
    "tags": STRING_MAP,
    "identity": _closed({"type": {"type": "string", "enum": ["SystemAssigned"]}}, ["type"]),
    "properties": _closed({
        "customDomain": {"type": "object"}, "encryption": {"type": "object"}, "networkAcls": {"type": "object"},
        "accessTier": {"type": "string", "enum": ["Hot", "Cool"]},
        "azureFilesIdentityBasedAuthentication": {"type": "object"},
        "supportsHttpsTrafficOnly": {"type": "boolean"}, "isHnsEnabled": {"type": "boolean"},
        "largeFileSharesState": {"type": "string", "enum": ["Disabled", "Enabled"]},
        "routingPreference": {"type": "object"},
    }),
}, ["sku", "kind", "location"])

STORAGE_REGENERATE_KEY = _closed({"keyName": {"type": "string"}}, ["keyName"])
STORAGE_CHECK_NAME = _closed({"name": {"type": "string"},
                              "type": {"type": "string", "enum": ["Microsoft.Storage/storageAccounts"]}},
                             ["name", "type"])

RESOURCE_GROUP = _closed({
    "properties": _closed({}),
    "location": {"type": "string"},
    "managedBy": {"type": "string"},
    "tags": STRING_MAP,
}, ["location"])


def _resolve(node: Any, files: dict[str, dict[str, Any]], here: str) -> Any:
    """A swagger 2.0 schema with its $refs (local and to sibling files) inlined, read-only properties dropped, int32
    bounded and every object closed, as JSON Schema."""
    if "$ref" in node:
        target, _, pointer = node["$ref"].partition("#")
        name = target or here
        found: Any = files[name]
        for part in pointer.strip("/").split("/"):
            found = found[part]
        return _resolve(found, files, name)
    out: dict[str, Any] = {k: v for k, v in node.items() if k in ("type", "enum", "required")}
    if node.get("format") == "int32":
        out.update(minimum=-(2**31), maximum=2**31 - 1)
    if "items" in node:
        out["items"] = _resolve(node["items"], files, here)
    if "properties" in node:
        out["type"] = "object"
        out["properties"] = {k: _resolve(v, files, here) for k, v in node["properties"].items() if not v.get("readOnly")}
        out["additionalProperties"] = False
    return out


def compute_admin_schemas(contract: Path) -> dict[str, dict[str, Any]]:
    """PlatformImageParameters and VMExtensionParameters from the Compute.Admin 2015-12-01-preview swagger."""
    folder = contract / "compute-admin"
    files = {name: json.loads((folder / name).read_text(encoding="utf-8"))
             for name in ("PlatformImages.json", "VMExtensions.json", "Compute.json")}
    return {
        "PlatformImageParameters": _resolve(files["PlatformImages.json"]["definitions"]["PlatformImageParameters"],
                                            files, "PlatformImages.json"),
        "VMExtensionParameters": _resolve(files["VMExtensions.json"]["definitions"]["VMExtensionParameters"],
                                          files, "VMExtensions.json"),
    }


def gallery_admin_schemas(contract: Path) -> dict[str, dict[str, Any]]:
    """GalleryItemUriPayload (the body of POST galleryItems) from the Gallery.Admin 2015-04-01 swagger."""
    folder = contract / "gallery-admin"
    files = {name: json.loads((folder / name).read_text(encoding="utf-8")) for name in ("GalleryItem.json", "Gallery.json")}
    return {"GalleryItemUriPayload": _resolve(files["GalleryItem.json"]["definitions"]["GalleryItemUriPayload"], files,
                                              "GalleryItem.json")}
