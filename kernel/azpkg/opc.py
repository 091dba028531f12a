"""Writes a package as .NET's System.IO.Packaging writes it for Microsoft's packager (reference
azpkg-and-browser.md A1, checked against the two Windows-built packages in contract/gallery-admin):

- a ZIP whose entries are stored, "made by" 4.5 (MS-DOS), "needs" 1.0, in the order manifest, package
  relationships, pictures, strings, UI definition, then each artifact with its relationships and property
  part, and `[Content_Types].xml` last;
- `[Content_Types].xml` and every `.rels` part: a UTF-8 BOM, the XML declaration, no line breaks,
  `<Relationship Type Target Id />` in that order; relationship Ids `R` + 16 hex, or `DEFAULT_` + 32 hex
  for pictures and strings;
- property parts (`/<32 hex>/Artifact`, `/<32 hex>/ImageProperties`) as XmlSerializer writes them: no BOM,
  CRLF, two-space indents;
- payload parts (manifest, UI definition, templates, pictures, strings) byte for byte as given.
"""

from __future__ import annotations

import datetime as dt
import io
import uuid
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from typing import Final
from urllib.parse import quote
from xml.sax.saxutils import escape, quoteattr

from .files import Parts
from .manifest import Manifest
from .source import Source

AZPKG: Final = "http://schemas.microsoft.com/azpkg/2013/12/"
REL_MANIFEST: Final = AZPKG + "manifest"
REL_UI_DEFINITION: Final = AZPKG + "uidefinition"
REL_ARTIFACT: Final = AZPKG + "artifact"
REL_STRINGS: Final = AZPKG + "strings"
REL_LOCALIZED_STRINGS: Final = AZPKG + "localizedstrings"
REL_IMAGE: Final = AZPKG + "image"
REL_SCREENSHOT: Final = AZPKG + "screeenshot"  # sic: three e's, as Microsoft's packager spells it
REL_ARTIFACT_PROPERTIES: Final = AZPKG + "deploymenttemplateproperties"
REL_IMAGE_PROPERTIES: Final = AZPKG + "imageproperties"
RELATIONSHIPS_NS: Final = "http://schemas.openxmlformats.org/package/2006/relationships"
CONTENT_TYPES_NS: Final = "http://schemas.openxmlformats.org/package/2006/content-types"
DEFAULT_TYPES: Final = (("json", "application/json"), ("rels", "application/vnd.openxmlformats-package.relationships+xml"),
                        ("png", "image/png"), ("resjson", "text/json"))
XML_HEAD: Final = '\ufeff<?xml version="1.0" encoding="utf-8"?>'
_SERIALIZER_NS: Final = ' xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema"'


def icon_relationship(icon_id: str) -> str:
    return f"{AZPKG}icon/{icon_id}"


@dataclass(frozen=True)
class Relationship:
    type: str
    target: str
    """A part name with its leading '/'."""
    id: str


def new_hex() -> str:
    return uuid.uuid4().hex


def part_uri(name: str) -> str:
    """A part name as an OPC URI: a leading '/', reserved characters percent-encoded."""
    return "/" + quote(name, safe="/._-~()!*'$,;=@+")


def rels_name(part: str) -> str:
    """`DeploymentTemplates/x.json` -> `DeploymentTemplates/_rels/x.json.rels`."""
    folder, _, file = part.rpartition("/")
    return f"{folder}/_rels/{file}.rels" if folder else f"_rels/{file}.rels"


def relationships_xml(rels: list[Relationship]) -> bytes:
    body = "".join(f"<Relationship Type={quoteattr(r.type)} Target={quoteattr(r.target)} Id={quoteattr(r.id)} />"
                   for r in rels)
    return f'{XML_HEAD}<Relationships xmlns="{RELATIONSHIPS_NS}">{body}</Relationships>'.encode()


def properties_xml(root: str, fields: list[tuple[str, str]]) -> bytes:
    lines = [f'<?xml version="1.0"?>', f"<{root}{_SERIALIZER_NS}>",
             *(f"  <{name}>{escape(value)}</{name}>" for name, value in fields), f"</{root}>"]
    return "\r\n".join(lines).encode()


def content_types_xml(overrides: list[tuple[str, str]]) -> bytes:
    defaults = "".join(f'<Default Extension="{ext}" ContentType="{kind}" />' for ext, kind in DEFAULT_TYPES)
    body = "".join(f"<Override PartName={quoteattr(part_uri(name))} ContentType={quoteattr(kind)} />"
                   for name, kind in overrides)
    return f'{XML_HEAD}<Types xmlns="{CONTENT_TYPES_NS}">{defaults}{body}</Types>'.encode()


class _Layout:
    """Entries in writing order, relationships per source part, content-type overrides."""

    def __init__(self, ids: Callable[[], str]) -> None:
        self.ids = ids
        self.entries: list[tuple[str, bytes | None]] = []
        self.written: set[str] = set()
        self.package_rels: list[Relationship] = []
        self.overrides: list[tuple[str, str]] = []

    def add(self, name: str, data: bytes | None, content_type: str | None = None) -> None:
        if name in self.written:
            return
        self.written.add(name)
        self.entries.append((name, data))
        if content_type is not None:
            self.overrides.append((name, content_type))

    def relate(self, rel_type: str, part: str, default: bool = False) -> None:
        rel_id = f"DEFAULT_{self.ids()}" if default else f"R{self.ids()[:16]}"
        self.package_rels.append(Relationship(rel_type, part_uri(part), rel_id))

    def properties(self, part: str, rel_type: str, root: str, fields: list[tuple[str, str]]) -> None:
        """The part's own `.rels` pointing at a new `/<hex>/<root>` property part, both added now."""
        props = f"{self.ids()}/{root}"
        self.add(rels_name(part), relationships_xml([Relationship(rel_type, part_uri(props), f"R{self.ids()[:16]}")]))
        self.add(props, properties_xml(root, fields), "text/xml")


def layout_package(manifest: Manifest, parts: Parts, source: Source, ids: Callable[[], str] = new_hex
                   ) -> list[tuple[str, bytes]]:
    """The package's entries, in order, with their bytes."""
    lay = _Layout(ids)
    lay.add(parts.manifest, source.read(parts.manifest),
            None if parts.manifest.casefold().endswith(".json") else "application/json")
    lay.relate(REL_MANIFEST, parts.manifest)
    lay.add("_rels/.rels", None)  # its bytes are known once every relationship is
    for item in parts.pictures:
        picture, part = item.picture, item.part
        lay.add(part, source.read(part))
        if picture.context is None:
            lay.relate(icon_relationship(picture.id) if picture.type == "icon" else REL_SCREENSHOT, part, default=True)
        else:
            lay.relate(REL_IMAGE, part, default=True)
            lay.properties(part, REL_IMAGE_PROPERTIES, "ImageProperties",
                           [("Context", picture.context), ("Id", picture.id), ("Type", picture.type)])
    if parts.strings is not None:
        lay.add(parts.strings, source.read(parts.strings))
        lay.relate(REL_STRINGS, parts.strings, default=True)
        localized = [Relationship(REL_LOCALIZED_STRINGS, part_uri(part), f"{culture}_{ids()}")
                     for culture, part in parts.localized_strings.items()]
        if localized:
            lay.add(rels_name(parts.strings), relationships_xml(localized))
            for part in parts.localized_strings.values():
                lay.add(part, source.read(part))
    lay.add(parts.ui_definition, source.read(parts.ui_definition), "text/json")
    lay.relate(REL_UI_DEFINITION, parts.ui_definition)
    for item in parts.artifacts:
        artifact = item.artifact
        lay.add(item.part, source.read(item.part), "text/json")
        lay.relate(REL_ARTIFACT, item.part)
        lay.properties(item.part, REL_ARTIFACT_PROPERTIES, "Artifact",
                       [("Name", artifact.name), ("Type", artifact.type), ("Path", artifact.path),
                        ("IsDefault", "true" if artifact.is_default else "false")])
    entries = [(name, relationships_xml(lay.package_rels) if data is None else data) for name, data in lay.entries]
    entries.append(("[Content_Types].xml", content_types_xml(lay.overrides)))
    return entries


def zip_entries(entries: list[tuple[str, bytes]], when: dt.datetime | None = None) -> bytes:
    """Stored entries with the header fields .NET's ZIP writer uses."""
    stamp = (when or dt.datetime.now()).timetuple()[:6]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as archive:
        for name, data in entries:
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_STORED
            info.create_system = 0
            info.create_version = 45
            info.extract_version = 10
            info.external_attr = 0
            archive.writestr(info, data)
    return out.getvalue()
