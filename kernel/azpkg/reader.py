"""Reads a package the way Microsoft's package reader does (`PackageReader`: OPC structure only, reference
azpkg-and-browser.md A4): the content types, the package relationships to the manifest, the UI definition
and each artifact, and each artifact's (and image's) property relationship. It does not re-check the
packager's rules (picture sizes, strings): a package can pass here and still break them."""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import unquote
from xml.etree import ElementTree

from . import jsontext
from .errors import PackageFormatError
from .manifest import RESOURCE_PREFIX
from .opc import (
    CONTENT_TYPES_NS,
    REL_ARTIFACT,
    REL_ARTIFACT_PROPERTIES,
    REL_IMAGE,
    REL_IMAGE_PROPERTIES,
    REL_MANIFEST,
    REL_STRINGS,
    REL_UI_DEFINITION,
    RELATIONSHIPS_NS,
    Relationship,
    rels_name,
)
from .source import normalise

CONTENT_TYPES = "[Content_Types].xml"


@dataclass
class Package:
    parts: dict[str, bytes]
    """Part name (no leading '/') -> bytes; `[Content_Types].xml` and `.rels` parts included."""
    defaults: dict[str, str] = field(default_factory=dict)
    overrides: dict[str, str] = field(default_factory=dict)
    """Part name (no leading '/') -> content type."""
    manifest_part: str = ""
    manifest: dict[str, Any] = field(default_factory=dict)
    strings: dict[str, Any] = field(default_factory=dict)

    def relationships(self, source: str = "") -> list[Relationship]:
        """The relationships of a part ('' for the package's own)."""
        data = self.parts.get(rels_name(source) if source else "_rels/.rels")
        if data is None:
            return []
        try:
            root = ElementTree.fromstring(data)
        except ElementTree.ParseError:
            raise PackageFormatError(f"The relationships of '/{source}' are not valid XML.") from None
        return [Relationship(r.get("Type", ""), r.get("Target", ""), r.get("Id", ""))
                for r in root.iter(f"{{{RELATIONSHIPS_NS}}}Relationship")]

    def related(self, rel_type: str, source: str = "") -> list[str]:
        """Part names the relationships of a type point at (missing parts included, as named)."""
        return [unquote(r.target).lstrip("/") for r in self.relationships(source) if r.type == rel_type]

    def content_type(self, part: str) -> str | None:
        found = {k.casefold(): v for k, v in self.overrides.items()}.get(part.casefold())
        if found is not None:
            return found
        extension = part.rpartition(".")[2].casefold() if "." in part.rpartition("/")[2] else ""
        return self.defaults.get(extension)

    @property
    def identity(self) -> str:
        m = self.manifest
        return f"{m.get('publisher')}.{m.get('name')}.{m.get('version')}"

    def text(self, key: str) -> Any:
        """A manifest field with `ms-resource:` resolved through the default strings."""
        value = self.manifest.get(key)
        if isinstance(value, str) and value.startswith(RESOURCE_PREFIX):
            return self.strings.get(value[len(RESOURCE_PREFIX):], value)
        return value

    def part(self, manifest_path: str) -> str | None:
        """The part a manifest path designates (case-insensitive, as on Windows)."""
        wanted = normalise(manifest_path).casefold()
        return next((name for name in self.parts if name.casefold() == wanted), None)


def read_package(data: bytes) -> Package:
    """Open and check a package; raises PackageFormatError with what is wrong."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        parts = {info.filename: archive.read(info) for info in archive.infolist() if not info.is_dir()}
    except (zipfile.BadZipFile, OSError, EOFError, ValueError) as exc:
        raise PackageFormatError(f"The file is not a ZIP package ({exc}).") from None
    package = Package(parts)
    _content_types(package)
    manifests = [p for p in package.related(REL_MANIFEST) if p in parts]
    if not manifests:
        raise PackageFormatError("Manifest file part relation not found in the package: it is a plain ZIP, not a "
                                 "package made by a gallery packager.")
    package.manifest_part = manifests[0]
    try:
        manifest = jsontext.loads(parts[package.manifest_part])
    except ValueError as exc:
        raise PackageFormatError(f"The manifest '/{package.manifest_part}' is not JSON ({exc}).") from None
    if not isinstance(manifest, dict):
        raise PackageFormatError(f"The manifest '/{package.manifest_part}' is not a JSON object.")
    package.manifest = manifest
    for strings in package.related(REL_STRINGS):
        try:
            loaded = jsontext.loads(parts.get(strings, b"{}"))
            package.strings = loaded if isinstance(loaded, dict) else {}
        except ValueError:
            raise PackageFormatError(f"The strings part '/{strings}' is not JSON.") from None
    _check_structure(package)
    return package


def _content_types(package: Package) -> None:
    data = package.parts.get(CONTENT_TYPES)
    if data is None:
        raise PackageFormatError("The package has no [Content_Types].xml part: it is a plain ZIP, not a package.")
    try:
        root = ElementTree.fromstring(data)
    except ElementTree.ParseError:
        raise PackageFormatError("[Content_Types].xml is not valid XML.") from None
    for item in root.iter(f"{{{CONTENT_TYPES_NS}}}Default"):
        package.defaults[item.get("Extension", "").casefold()] = item.get("ContentType", "")
    for item in root.iter(f"{{{CONTENT_TYPES_NS}}}Override"):
        package.overrides[unquote(item.get("PartName", "")).lstrip("/")] = item.get("ContentType", "")
    for name in package.parts:
        if name != CONTENT_TYPES and package.content_type(name) is None:
            raise PackageFormatError(f"The part '/{name}' has no content type in [Content_Types].xml.")


def _check_structure(package: Package) -> None:
    ui = package.related(REL_UI_DEFINITION)
    if not ui or ui[0] not in package.parts:
        raise PackageFormatError("UI definition part relation not found in the package.")
    artifacts = {name.casefold(): name for name in package.related(REL_ARTIFACT)}
    for index, artifact in enumerate(package.manifest.get("artifacts") or []):
        path = normalise(str(artifact.get("path", ""))) if isinstance(artifact, dict) else ""
        part = artifacts.get(path.casefold())
        if part is None or part not in package.parts:
            raise PackageFormatError(f"Artifact part relation not found for artifacts[{index}] ('{path}').")
        props = package.related(REL_ARTIFACT_PROPERTIES, part)
        if not props or props[0] not in package.parts:
            raise PackageFormatError(f"Artifact properties relation not found for '/{part}'.")
    for image in package.related(REL_IMAGE):
        props = package.related(REL_IMAGE_PROPERTIES, image)
        if image not in package.parts or not props or props[0] not in package.parts:
            raise PackageFormatError(f"Image properties relation not found for '/{image}'.")
