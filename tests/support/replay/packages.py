"""Blob contents the replay makes when a request needs a blob to exist: an extension package and a gallery
package (.azpkg) shaped from a recorded item. Minimal on purpose: the real package builder is the product's;
these only have to be what the recorded request pointed at. (VHDs are made with qemu-img by the test.)
"""

from __future__ import annotations

import io
import json
import struct
import zipfile
import zlib
from dataclasses import dataclass
from typing import Any

from .mapping import BlobRef

_SIZES = {"small": (40, 40), "medium": (90, 90), "large": (115, 115), "wide": (255, 115), "hero": (815, 290)}
"""Icon sizes the packager requires (reference azpkg-and-browser.md A3)."""
_RELS = "http://schemas.microsoft.com/azpkg/2013/12/"
_OPC_RELS = "http://schemas.openxmlformats.org/package/2006/relationships"


def png(width: int, height: int) -> bytes:
    """A grey PNG of the given size (8-bit greyscale, one IDAT)."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    rows = b"".join(b"\0" + b"\x80" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")


def extension_package(ref: BlobRef, doc: Any) -> tuple[bytes, str]:
    """A zip holding a handler manifest, as an extension package does."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("HandlerManifest.json", json.dumps([{"version": 1.0, "handlerManifest": {
            "installCommand": "install.cmd", "enableCommand": "enable.cmd", "uninstallCommand": "uninstall.cmd"}}]))
    return buffer.getvalue(), "BlockBlob"


def _relative(uri: Any, identity: str) -> str:
    """A file's path inside the package, from the URI the gallery served it at (`.../<identity>/<path>`)."""
    return str(uri).split(f"/{identity}/", 1)[-1]


_STAMP_WRITTEN = ("legalTermsUri", "privacyPolicyUri")
"""Product fields the gallery makes (the files it writes the legal texts to), not the manifest's."""


def _manifest_product(product: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in product.items() if key not in _STAMP_WRITTEN}


@dataclass(frozen=True)
class _Layout:
    """Where a recorded item's files sit in its package, read back from the URIs the stamp served them at."""

    ui: str
    artifacts: list[dict[str, Any]]
    pictures: list[tuple[str, str, str]]
    """(id, path, icon | screenshot)."""
    images: list[dict[str, Any]]
    """The manifest's `images` groups (2015-10-01 schema) when the item has them."""

    @staticmethod
    def of(props: dict[str, Any]) -> _Layout:
        identity = str(props.get("identity"))
        default = (props.get("definitionTemplates") or {}).get("defaultDeploymentTemplateId")
        artifacts = [{"name": a.get("name"), "type": str(a.get("type", "template")).title(),
                      "path": _relative(a.get("uri"), identity), "isDefault": a.get("name") == default}
                     for a in props.get("artifacts") or []]
        images = [{"context": group.get("context"),
                   "items": [{"id": i.get("id"), "path": _relative(i.get("uri"), identity), "type": i.get("type")}
                             for i in group.get("items") or []]}
                  for group in props.get("images") or []]
        pictures = [(i["id"], i["path"], i["type"]) for group in images for i in group["items"]] or [
            *((key, _relative(uri, identity), "icon") for key, uri in (props.get("iconFileUris") or {}).items()),
            *((str(n), _relative(uri, identity), "screenshot") for n, uri in enumerate(props.get("screenshotUris") or []))]
        ui = _relative(props.get("uiDefinitionUri") or "UIDefinition.json", identity)
        return _Layout(ui, artifacts, pictures, images)

    def manifest(self, props: dict[str, Any]) -> dict[str, Any]:
        pictures = {"images": self.images} if self.images else {
            "icons": {key: path for key, path, kind in self.pictures if kind == "icon"},
            "screenshots": [path for _, path, kind in self.pictures if kind == "screenshot"]}
        return {
            "$schema": f"https://gallery.azure.com/schemas/{'2015-10-01' if self.images else '2015-04-01'}/manifest.json#",
            "name": props.get("itemName"), "publisher": props.get("publisher"), "version": props.get("version"),
            "displayName": props.get("itemDisplayName"), "publisherDisplayName": props.get("publisherDisplayName"),
            "publisherLegalName": props.get("publisherDisplayName"), "summary": props.get("summary"),
            "longSummary": props.get("longSummary"), "description": props.get("description"),
            "uiDefinition": {"path": self.ui}, "artifacts": self.artifacts, **pictures,
            "links": [{"displayName": x.get("displayName"), "uri": x.get("uri")} for x in props.get("links") or []],
            "categories": props.get("categoryIds") or [], "filters": props.get("filters") or [],
            **{key: props[key] for key in ("marketingMaterial", "metadata") if props.get(key)},
            **({"products": [_manifest_product(p) for p in props["products"]]} if props.get("products") else {}),
        }

    def relations(self) -> list[tuple[str, str]]:
        out = [("manifest", "Manifest.json"), ("uidefinition", self.ui), ("strings", "strings/resources.resjson"),
               *(("artifact", a["path"]) for a in self.artifacts)]
        if self.images:
            return out + [("image", path) for _, path, _ in self.pictures]
        # sic: `screeenshot` is the packager's relationship name (A1)
        return out + [(f"icon/{key}" if kind == "icon" else "screeenshot", path) for key, path, kind in self.pictures]

    def properties(self) -> list[tuple[str, str, str, str]]:
        """(part, relationship, property part name, XML) of each artifact and, in the images schema, each image."""
        out = [(path, "imageproperties", "ImageProperties",
                f"<ImageProperties><Context>ibiza</Context><Id>{key}</Id><Type>{kind}</Type></ImageProperties>")
               for key, path, kind in self.pictures] if self.images else []
        return out + [(a["path"], "deploymenttemplateproperties", "Artifact",
                       f"<Artifact><Name>{a['name']}</Name><Type>{a['type']}</Type><Path>{a['path']}</Path>"
                       f"<IsDefault>{str(a['isDefault']).lower()}</IsDefault></Artifact>") for a in self.artifacts]


def gallery_package(ref: BlobRef, item: Any) -> tuple[bytes, str]:
    """An OPC package (reference azpkg-and-browser.md A1, A4) of a recorded gallery item: its manifest says what
    the item says, and its files sit at the paths the stamp served them from."""
    props = (item or {}).get("properties") or {}
    layout = _Layout.of(props)
    template = {"$schema": "https://schema.management.azure.com/schemas/2015-01-01/deploymentTemplate.json#",
                "contentVersion": "1.0.0.0", "parameters": {}, "resources": []}
    parts: dict[str, bytes] = {
        "Manifest.json": json.dumps(layout.manifest(props), indent=2).encode(),
        layout.ui: json.dumps({"$schema": "https://gallery.azure.com/schemas/2015-02-12/UIDefinition.json#",
                               "createDefinition": {"createBlade": {"name": "DeployFromTemplateBlade",
                                                                    "extension": "HubsExtension"}}}).encode(),
        "strings/resources.resjson": b"{}",
        **{a["path"]: json.dumps(template).encode() for a in layout.artifacts},
        **{path: png(*(_SIZES.get(key, (40, 40)) if kind == "icon" else (533, 324)))
           for key, path, kind in layout.pictures},
    }
    overrides = []
    for n, (path, kind, name, xml) in enumerate(layout.properties()):
        folder, _, leaf = path.rpartition("/")
        target = f"{n + 1:032x}/{name}"
        parts[f"{folder + '/' if folder else ''}_rels/{leaf}.rels"] = _rels([(kind, target)])
        parts[target] = f'<?xml version="1.0" encoding="utf-8"?>{xml}'.encode()
        overrides.append(f'<Override PartName="/{target}" ContentType="text/xml" />')
    content_types = ('<?xml version="1.0" encoding="utf-8"?><Types xmlns="http://schemas.openxmlformats.org/package/'
                     '2006/content-types"><Default Extension="json" ContentType="application/json" /><Default '
                     'Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml" />'
                     '<Default Extension="png" ContentType="image/png" /><Default Extension="resjson" '
                     f'ContentType="text/json" />{"".join(overrides)}</Types>')
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as z:
        z.writestr("[Content_Types].xml", content_types)
        z.writestr("_rels/.rels", _rels(layout.relations()))
        for name, data in parts.items():
            z.writestr(name, data)
    return buffer.getvalue(), "BlockBlob"


def _rels(relations: list[tuple[str, str]]) -> bytes:
    items = "".join(f'<Relationship Type="{_RELS}{kind}" Target="/{target}" Id="R{i:016x}" />'
                    for i, (kind, target) in enumerate(relations))
    return f'<?xml version="1.0" encoding="utf-8"?><Relationships xmlns="{_OPC_RELS}">{items}</Relationships>'.encode()
