"""The recorded families: which recordings, which provider serves them, and how the replay makes a resource
the recording finds in place (its seed) and the blobs a request names.

A family needs no code beyond this entry: its recordings are replayed by the engine as they stand. A seed is
the request that makes the recorded resource exist through the provider's own API, written in the stamp's
terms (the mapping turns it into the lab's); `blobs` lists the request-body fields naming a blob that must
exist, with the kind of content it holds (`vhd`, `package`, `azpkg`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

SEED_STORAGE = "https://replayseed.blob.stamp.invalid"
"""Where the replay puts the packages of seeded resources whose recorded document names none."""
ARM = "https://management.azure.com"


@dataclass(frozen=True)
class Request:
    method: str
    uri: str
    body: Any


@dataclass(frozen=True)
class Family:
    name: str
    namespace: str
    api_version: str
    collection: str
    """Path of the collection, with `{subscription}` and `{location}`: probed to see whether the lab serves it."""
    recordings: tuple[str, ...]
    blobs: tuple[tuple[str, str], ...]
    seed: Callable[[dict[str, Any]], Request]

    def seed_uri(self, doc: dict[str, Any]) -> str:
        return f"{ARM}{doc['id']}?api-version={self.api_version}"


def _seed_image(doc: dict[str, Any]) -> Request:
    props = doc["properties"]
    body = {key: props[key] for key in ("osDisk", "dataDisks", "details") if props.get(key) is not None}
    return Request("PUT", PLATFORM_IMAGES.seed_uri(doc), {"properties": body})


def _seed_extension(doc: dict[str, Any]) -> Request:
    props = doc["properties"]
    body = {key: props[key] for key in ("vmOsType", "computeRole", "vmScaleSetEnabled", "supportMultipleExtensions",
                                        "isSystemExtension") if props.get(key) is not None}
    identity = f"{props['publisher']}.{props['extensionType']}.{props['typeHandlerVersion']}"
    body["sourceBlob"] = props.get("sourceBlob") or {"uri": f"{SEED_STORAGE}/extensions/{identity}.zip"}
    return Request("PUT", VM_EXTENSIONS.seed_uri(doc), {"properties": body})


def _seed_gallery_item(doc: dict[str, Any]) -> Request:
    collection = doc["id"].rsplit("/", 1)[0]
    return Request("POST", f"{ARM}{collection}?api-version={GALLERY_ITEMS.api_version}",
                   {"galleryItemUri": f"{SEED_STORAGE}/gallery/{doc['name']}.azpkg"})


_COMPUTE_ADMIN = "/subscriptions/{subscription}/providers/Microsoft.Compute.Admin/locations/{location}/artifactTypes"

PLATFORM_IMAGES = Family(
    "platform images", "Microsoft.Compute.Admin", "2015-12-01-preview", _COMPUTE_ADMIN + "/platformImage",
    ("Azs.Compute.Admin.Add-AzsPlatformImage",),
    (("properties.osDisk.uri", "vhd"), ("properties.dataDisks[].uri", "vhd")),
    _seed_image)

VM_EXTENSIONS = Family(
    "VM extensions", "Microsoft.Compute.Admin", "2015-12-01-preview", _COMPUTE_ADMIN + "/VMExtension",
    ("Azs.Compute.Admin.Add-AzsVMExtension",),
    (("properties.sourceBlob.uri", "package"),),
    _seed_extension)

GALLERY_ITEMS = Family(
    "gallery items", "Microsoft.Gallery.Admin", "2015-04-01",
    "/subscriptions/{subscription}/providers/Microsoft.Gallery.Admin/galleryItems",
    ("Azs.Gallery.Admin.Add-AzsGalleryItem", "Azs.Gallery.Admin.Get-AzsGalleryItem",
     "Azs.Gallery.Admin.Remove-AzsGalleryItem"),
    (("galleryItemUri", "azpkg"),),
    _seed_gallery_item)

FAMILIES = (PLATFORM_IMAGES, VM_EXTENSIONS, GALLERY_ITEMS)


def values_at(body: Any, path: str) -> list[Any]:
    """The values at a dotted path where `name[]` walks every item of a list."""
    values = [body]
    for step in path.split("."):
        each = step.endswith("[]")
        step = step.removesuffix("[]")
        values = [v.get(step) for v in values if isinstance(v, dict)]
        if each:
            values = [item for v in values if isinstance(v, list) for item in v]
    return [v for v in values if v is not None]
