"""Platform image and VM extension artifact state, and the request schemas (from the 2015-12-01-preview swagger).

Images live under kind `platformImage`, parent `{subscription}/{location}`, name
`{publisher}/{offer}/{sku}/{version}` (case-insensitive key; the document keeps the creator's casing).
"""

from __future__ import annotations

import json
from typing import Any

IMAGE_KIND = "platformImage"
EXTENSION_KIND = "vmExtensionArtifact"
IMAGE_TYPE = "Microsoft.Compute.Admin/locations/artifactTypes/publishers/offers/skus/versions"
EXTENSION_TYPE = "Microsoft.Compute.Admin/locations/artifactTypes/publishers/types/versions"
STATES = ("Creating", "Failed", "Succeeded", "Canceled")
OS_TYPES = ("Unknown", "Windows", "Linux")

# PlatformImages.json#/definitions/PlatformImageParameters, with its $refs resolved.
PLATFORM_IMAGE_PARAMETERS: dict[str, Any] = {
    "type": "object",
    "properties": {
        "properties": {
            "type": "object",
            "properties": {
                "osDisk": {"type": "object", "properties": {
                    "osType": {"type": "string", "enum": list(OS_TYPES)},
                    "uri": {"type": "string"}}},
                "dataDisks": {"type": "array", "items": {"type": "object", "properties": {
                    "lun": {"type": "integer", "format": "int32"},
                    "uri": {"type": "string"}}}},
                "details": {"type": "object", "properties": {"billingPartNumber": {"type": "string"}}},
                "provisioningState": {"type": "string", "enum": list(STATES)},
            },
        }
    },
}

# VMExtensions.json#/definitions/VMExtensionParameters, with its $refs resolved.
VM_EXTENSION_PARAMETERS: dict[str, Any] = {
    "type": "object",
    "properties": {
        "properties": {
            "type": "object",
            "properties": {
                "vmOsType": {"type": "string", "enum": list(OS_TYPES)},
                "publisher": {"type": "string"},
                "computeRole": {"type": "string"},
                "vmScaleSetEnabled": {"type": "boolean"},
                "supportMultipleExtensions": {"type": "boolean"},
                "isSystemExtension": {"type": "boolean"},
                "sourceBlob": {"type": "object", "properties": {"uri": {"type": "string"}}},
                "provisioningState": {"type": "string", "enum": list(STATES)},
            },
        }
    },
}


def image_parent(sub: str, location: str) -> str:
    return f"{sub}/{location}"


def image_name(p: dict[str, str]) -> str:
    return f"{p['publisher']}/{p['offer']}/{p['sku']}/{p['version']}"


def image_id(sub: str, location: str, p: dict[str, str]) -> str:
    return (f"/subscriptions/{sub}/providers/Microsoft.Compute.Admin/locations/{location}/artifactTypes/"
            f"platformImage/publishers/{p['publisher']}/offers/{p['offer']}/skus/{p['sku']}/versions/{p['version']}")


def new_image(sub: str, location: str, p: dict[str, str], props: dict[str, Any]) -> dict[str, Any]:
    """The resource as the live service returns it (recordings): name null, dataDisks/details null when not
    given, and `replicate` false, a property the swagger does not document."""
    os_disk = props.get("osDisk") or {}
    return {
        "id": image_id(sub, location, p),
        "name": None,
        "type": IMAGE_TYPE,
        "location": location,
        "properties": {
            "osDisk": {"osType": os_disk.get("osType"), "uri": os_disk.get("uri")},
            "dataDisks": props.get("dataDisks"),
            "details": props.get("details"),
            "replicate": False,
            "provisioningState": "Creating",
        },
    }


def set_state(doc: dict[str, Any], state: str) -> dict[str, Any]:
    doc["properties"]["provisioningState"] = state
    return doc


def image_coordinates(doc: dict[str, Any]) -> tuple[str, str, str, str]:
    """(publisher, offer, sku, version) read back from the id, in the creator's casing. Read by position from
    the end (.../publishers/P/offers/O/skus/S/versions/V): a publisher may well be named "offers"."""
    parts: list[str] = str(doc["id"]).split("/")
    return parts[-7], parts[-5], parts[-3], parts[-1]


def id_segments(doc: dict[str, Any], *segments: str) -> tuple[str, ...]:
    """The values after the named segments of the document's id (names case-insensitive), in the creator's casing."""
    parts: list[str] = str(doc["id"]).split("/")
    lower = [x.lower() for x in parts]
    return tuple(parts[lower.index(segment.lower()) + 1] for segment in segments)


def extension_parent(sub: str, location: str) -> str:
    return f"{sub}/{location}"


EXTENSION_FLAGS = ("vmScaleSetEnabled", "supportMultipleExtensions", "isSystemExtension")


def extension_doc(sub: str, location: str, p: dict[str, str], props: dict[str, Any],
                  state: str = "Creating") -> dict[str, Any]:
    """The artifact as the live service returns it: every property present, in the recorded order; a flag not
    given is false (the recorded PUT gave two and the answer had all three); vmOsType and computeRole not given
    are null, since neither the swagger nor the recordings say more."""
    out: dict[str, Any] = {
        "publisher": props.get("publisher") or p["publisher"],
        "extensionType": p["type"],
        "typeHandlerVersion": p["version"],
        "vmOsType": props.get("vmOsType"),
        "computeRole": props.get("computeRole"),
    }
    out.update({flag: bool(props.get(flag, False)) for flag in EXTENSION_FLAGS})
    out["sourceBlob"] = props.get("sourceBlob")
    out["provisioningState"] = state
    return {
        "id": (f"/subscriptions/{sub}/providers/Microsoft.Compute.Admin/locations/{location}/artifactTypes/"
               f"VMExtension/publishers/{p['publisher']}/types/{p['type']}/versions/{p['version']}"),
        "name": None, "type": EXTENSION_TYPE, "location": location, "properties": out,
    }


def join_raw(texts: list[str]) -> bytes:
    """A JSON array from stored document texts, without decoding them (large listings)."""
    return ("[" + ",".join(texts) + "]").encode()


def dumps(doc: Any) -> bytes:
    return json.dumps(doc, separators=(",", ":")).encode()
