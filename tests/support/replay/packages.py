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
from typing import Any

from .mapping import BlobRef

_ICONS = {"small": (40, 40), "medium": (90, 90), "large": (115, 115), "wide": (255, 115)}
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


def gallery_package(ref: BlobRef, item: Any) -> tuple[bytes, str]:
    """An OPC zip with the manifest, UI definition, default template, strings and icons of a recorded item."""
    props = (item or {}).get("properties") or {}
    manifest = {
        "$schema": "https://gallery.azure.com/schemas/2014-09-01/manifest.json#",
        "name": props.get("itemName"), "publisher": props.get("publisher"), "version": props.get("version"),
        "displayName": props.get("itemDisplayName"), "publisherDisplayName": props.get("publisherDisplayName"),
        "publisherLegalName": props.get("publisherDisplayName"), "summary": props.get("summary"),
        "longSummary": props.get("longSummary"), "description": props.get("description"),
        "uiDefinition": {"path": "UIDefinition.json"},
        "artifacts": [{"name": "DefaultTemplate", "type": "Template", "path": "DeploymentTemplates/DefaultTemplate.json",
                       "isDefault": True}],
        "icons": {name: f"Icons/{name.title()}.png" for name in _ICONS},
        "links": [{"displayName": link.get("displayName"), "uri": link.get("uri")} for link in props.get("links") or []],
        "categories": props.get("categoryIds") or [],
        "filters": props.get("filters") or [],
    }
    parts: dict[str, bytes] = {
        "Manifest.json": json.dumps(manifest, indent=2).encode(),
        "UIDefinition.json": json.dumps({"$schema": "https://gallery.azure.com/schemas/2015-02-12/UIDefinition.json#",
                                         "createDefinition": {"createBlade": {"name": "DeployFromTemplateBlade",
                                                                              "extension": "HubsExtension"}}}).encode(),
        "DeploymentTemplates/DefaultTemplate.json": json.dumps({
            "$schema": "https://schema.management.azure.com/schemas/2015-01-01/deploymentTemplate.json#",
            "contentVersion": "1.0.0.0", "parameters": {}, "resources": []}).encode(),
        "strings/resources.resjson": b"{}",
        **{f"Icons/{name.title()}.png": png(*size) for name, size in _ICONS.items()},
    }
    relations = [("manifest", "Manifest.json"), ("uidefinition", "UIDefinition.json"),
                 ("artifact", "DeploymentTemplates/DefaultTemplate.json"), ("strings", "strings/resources.resjson"),
                 *((f"icon/{name}", f"Icons/{name.title()}.png") for name in _ICONS)]
    rels = "".join(f'<Relationship Type="{_RELS}{kind}" Target="/{target}" Id="R{i:016x}" />'
                   for i, (kind, target) in enumerate(relations))
    content_types = ('<?xml version="1.0" encoding="utf-8"?><Types xmlns="http://schemas.openxmlformats.org/package/'
                     '2006/content-types"><Default Extension="json" ContentType="application/json" /><Default '
                     'Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml" />'
                     '<Default Extension="png" ContentType="image/png" /><Default Extension="resjson" '
                     'ContentType="text/json" /></Types>')
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as z:
        z.writestr("[Content_Types].xml", content_types)
        z.writestr("_rels/.rels", f'<?xml version="1.0" encoding="utf-8"?><Relationships xmlns="{_OPC_RELS}">{rels}'
                                  "</Relationships>")
        for name, data in parts.items():
            z.writestr(name, data)
    return buffer.getvalue(), "BlockBlob"
