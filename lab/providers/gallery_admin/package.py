"""The stamp's side of a .azpkg: open it as Microsoft's `PackageReader` does (OPC structure only; reference
azpkg-and-browser.md A4) and read the gallery item it describes (A5; golden pair
`microsoft.vmss.1.3.6.azpkg` <-> `examples/GalleryItem/Create.json`, and the recorded TestUbuntu item).

An independent implementation of the contract: this module knows the package format from the reference,
not from the client's builder."""

from __future__ import annotations

import codecs
import io
import json
import zipfile
from dataclasses import dataclass
from typing import Any, Final
from urllib.parse import unquote
from xml.etree import ElementTree

_REL = "http://schemas.microsoft.com/azpkg/2013/12/"
_RELS_NS: Final = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_TYPES_NS: Final = "{http://schemas.openxmlformats.org/package/2006/content-types}"
CONTENT_TYPES: Final = "[Content_Types].xml"
RESOURCE: Final = "ms-resource:"


class PackageRefused(Exception):
    """What the reader would refuse; the message says why."""


def _json(data: bytes) -> Any:
    """.NET's tolerance: any BOM, U+00A0 as white space outside strings, control characters inside them."""
    for bom, encoding in ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
                          (codecs.BOM_UTF16_BE, "utf-16")):
        if data.startswith(bom):
            text = data.decode(encoding)
            break
    else:
        text = data.decode("utf-8")
    chars, quoted, escaped = [], False, False
    for ch in text:
        if quoted:
            escaped, quoted = (False, quoted) if escaped else (ch == "\\", ch != '"')
        elif ch == '"':
            quoted = True
        elif ch == "\u00a0":
            ch = " "
        chars.append(ch)
    return json.loads("".join(chars), strict=False)


def _path_key(path: str) -> str:
    return path.replace("\\", "/").lstrip("/").casefold()


def _rels_of(part: str) -> str:
    folder, _, name = part.rpartition("/")
    return f"{folder}/_rels/{name}.rels" if folder else f"_rels/{name}.rels"


@dataclass
class ItemPackage:
    parts: dict[str, bytes]
    manifest: dict[str, Any]
    strings: dict[str, Any]
    content_types: dict[str, str]
    """Part name -> content type (overrides and defaults resolved)."""

    def targets(self, rel_type: str, source: str = "") -> list[str]:
        data = self.parts.get(_rels_of(source) if source else "_rels/.rels")
        if data is None:
            return []
        try:
            root = ElementTree.fromstring(data)
        except ElementTree.ParseError:
            raise PackageRefused(f"the relationships part of '/{source}' is not XML") from None
        return [unquote(r.get("Target", "")).lstrip("/") for r in root.iter(_RELS_NS) if r.get("Type") == _REL + rel_type]

    def find(self, path: str) -> str | None:
        """A part by a manifest or URL path, case-insensitively (the packages come from Windows)."""
        wanted = _path_key(path)
        return next((p for p in self.parts if p.casefold() == wanted), None)

    def text(self, value: Any) -> Any:
        if isinstance(value, str) and value.startswith(RESOURCE):
            return self.strings.get(value[len(RESOURCE):], value)
        return value

    @property
    def identity(self) -> str:
        return f"{self.manifest['publisher']}.{self.manifest['name']}.{self.manifest['version']}"


def open_package(data: bytes) -> ItemPackage:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            parts = {i.filename: archive.read(i) for i in archive.infolist() if not i.is_dir()}
    except (zipfile.BadZipFile, EOFError, OSError, ValueError):
        raise PackageRefused("the file is not a ZIP package") from None
    types = _content_types(parts)
    package = ItemPackage(parts, {}, {}, types)
    manifests = [p for p in package.targets("manifest") if p in parts]
    if not manifests:
        raise PackageRefused("Manifest file part relation not found (a plain ZIP of a source folder is not a package)")
    try:
        manifest = _json(parts[manifests[0]])
    except ValueError:
        raise PackageRefused(f"the manifest '/{manifests[0]}' is not JSON") from None
    if not isinstance(manifest, dict) or not all(isinstance(manifest.get(k), str) and manifest[k]
                                                 for k in ("publisher", "name", "version")):
        raise PackageRefused("the manifest has no publisher, name and version")
    package.manifest = manifest
    for strings in package.targets("strings"):
        try:
            loaded = _json(parts.get(strings, b"{}"))
        except ValueError:
            raise PackageRefused(f"the strings part '/{strings}' is not JSON") from None
        package.strings = loaded if isinstance(loaded, dict) else {}
    _check_relations(package)
    return package


def _content_types(parts: dict[str, bytes]) -> dict[str, str]:
    if CONTENT_TYPES not in parts:
        raise PackageRefused("[Content_Types].xml is missing (a plain ZIP is not a package)")
    try:
        root = ElementTree.fromstring(parts[CONTENT_TYPES])
    except ElementTree.ParseError:
        raise PackageRefused("[Content_Types].xml is not XML") from None
    defaults = {d.get("Extension", "").casefold(): d.get("ContentType", "") for d in root.iter(_TYPES_NS + "Default")}
    overrides = {unquote(o.get("PartName", "")).lstrip("/").casefold(): o.get("ContentType", "")
                 for o in root.iter(_TYPES_NS + "Override")}
    types = {}
    for name in parts:
        if name == CONTENT_TYPES:
            continue
        leaf = name.rpartition("/")[2]
        kind = overrides.get(name.casefold()) or (defaults.get(leaf.rpartition(".")[2].casefold()) if "." in leaf else None)
        if not kind:
            raise PackageRefused(f"the part '/{name}' has no content type")
        types[name] = kind
    return types


def _check_relations(package: ItemPackage) -> None:
    ui = [p for p in package.targets("uidefinition") if p in package.parts]
    if not ui:
        raise PackageRefused("UI definition file part relation not found")
    related = {p.casefold(): p for p in package.targets("artifact")}
    for artifact in package.manifest.get("artifacts") or []:
        path = str(artifact.get("path", "")).replace("\\", "/").lstrip("/") if isinstance(artifact, dict) else ""
        part = related.get(path.casefold())
        if part is None or part not in package.parts:
            raise PackageRefused(f"artifact file part relation not found for '{path}'")
        if not [p for p in package.targets("deploymenttemplateproperties", part) if p in package.parts]:
            raise PackageRefused(f"artifact properties relation not found for '/{part}'")
    for image in package.targets("image"):
        if image not in package.parts or not [p for p in package.targets("imageproperties", image) if p in package.parts]:
            raise PackageRefused(f"image properties relation not found for '/{image}'")


def _uri(base: str, path: Any) -> str:
    return base + str(path).replace("\\", "/").lstrip("/")


_PRODUCT_TEXTS: Final = (("legalTerms", "legalTermsUri", "LegalTerms"),
                          ("privacyPolicy", "privacyPolicyUri", "PrivacyPolicy"))
"""(the manifest's text, the answer's URI of the file the gallery writes it to, the file's name stem)."""


def _products(package: ItemPackage) -> list[dict[str, Any]]:
    products = package.manifest.get("products")
    return [p for p in products if isinstance(p, dict)] if isinstance(products, list) else []


def product_files(package: ItemPackage) -> dict[str, str]:
    """The files the gallery writes from the manifest's products and serves beside the package's own: each
    product's legal terms and privacy policy, resolved, at `Content/<LegalTerms|PrivacyPolicy><n>.DEFAULT.txt`
    (the recorded Canonical.UbuntuServer1804LTS-ARM.1.0.3 item; `DEFAULT` is the default culture)."""
    out = {}
    for n, product in enumerate(_products(package)):
        for key, _, stem in _PRODUCT_TEXTS:
            text = package.text(product.get(key))
            if isinstance(text, str):
                out[f"Content/{stem}{n}.DEFAULT.txt"] = text
    return out


def _offer(package: ItemPackage, offer: Any) -> dict[str, Any] | None:
    if not isinstance(offer, dict):
        return None
    plans = [{"planId": plan.get("planId"),
              **{key: package.text(plan.get(key)) for key in ("displayName", "summary", "description")}}
             for plan in offer.get("plans") or [] if isinstance(plan, dict)]
    return {"publisherId": offer.get("publisherId"), "offerId": offer.get("offerId"), "plans": plans}


def products(package: ItemPackage, base: str) -> list[dict[str, Any]]:
    """The manifest's products as the gallery answers them (recorded fields, in their order): texts resolved,
    the legal texts also as files under `base`, `useEnterpriseContract` false unless the manifest says true."""
    files = product_files(package)
    out = []
    for n, product in enumerate(_products(package)):
        item: dict[str, Any] = {key: package.text(product.get(key)) for key in ("displayName", "publisherDisplayName")}
        item["pricingDetailsUri"] = product.get("pricingDetailsUri")
        item["offerDetails"] = _offer(package, product.get("offerDetails"))
        item.update({key: package.text(product.get(key)) for key, _, _ in _PRODUCT_TEXTS})
        for _, uri_key, stem in _PRODUCT_TEXTS:
            path = f"Content/{stem}{n}.DEFAULT.txt"
            item[uri_key] = _uri(base, path) if path in files else None
        item["useEnterpriseContract"] = product.get("useEnterpriseContract") is True
        out.append(item)
    return out


def served_file(package: ItemPackage, path: str) -> tuple[bytes, str] | None:
    """An item file by its URL path (case-insensitively, as from Windows): a package part other than the OPC
    metadata, or a file the gallery wrote from the products; with its content type."""
    part = package.find(path)
    if part is not None:
        if part == CONTENT_TYPES or "_rels/" in f"/{part}":
            return None
        return package.parts[part], package.content_types.get(part, "application/octet-stream")
    text = next((t for name, t in product_files(package).items() if name.casefold() == _path_key(path)), None)
    return None if text is None else (text.encode("utf-8"), "text/plain; charset=utf-8")


def item_properties(package: ItemPackage, base: str, created: str, changed: str) -> dict[str, Any]:
    """The item's `properties` as the gallery returns them, its files under `base` (ends with '/')."""
    m = package.manifest
    icons: dict[str, str] = {}
    screenshots: list[str] = []
    groups: list[dict[str, Any]] = []
    if isinstance(m.get("images"), list):
        for group in m["images"]:
            items = [{"id": i.get("id"), "uri": _uri(base, i.get("path")), "type": i.get("type")}
                     for i in group.get("items") or [] if isinstance(i, dict)]
            groups.append({"context": group.get("context", "ibiza"), "items": items})
            icons.update({i["id"]: i["uri"] for i in items if i["type"] == "icon"})
            screenshots += [i["uri"] for i in items if i["type"] == "screenshot"]
    else:
        icons = {k: _uri(base, v) for k, v in (m.get("icons") or {}).items()}
        screenshots = [_uri(base, s) for s in m.get("screenshots") or []]
        groups = [{"context": "ibiza", "items": [{"id": k, "uri": v, "type": "icon"} for k, v in icons.items()]}]
    artifacts = [{"name": a.get("name"), "uri": _uri(base, a.get("path")), "type": str(a.get("type", "")).lower()}
                 for a in m.get("artifacts") or []]
    default = next((a.get("name") for a in m.get("artifacts") or [] if a.get("isDefault")), None)
    ui = _uri(base, (m.get("uiDefinition") or {}).get("path", ""))
    props: dict[str, Any] = {
        "identity": package.identity, "publisher": m["publisher"],
        "publisherDisplayName": package.text(m.get("publisherDisplayName")), "itemName": m["name"],
        "itemDisplayName": package.text(m.get("displayName")), "version": m["version"],
        "summary": package.text(m.get("summary")), "longSummary": package.text(m.get("longSummary")),
        "description": package.text(m.get("description")), "uiDefinitionUri": ui,
        "createdTime": created, "changedTime": changed,
    }
    if isinstance(m.get("marketingMaterial"), dict):
        props["marketingMaterial"] = m["marketingMaterial"]
    props.update({
        "itemType": "GalleryItem", "categoryIds": list(m.get("categories") or []), "screenshotUris": screenshots,
        "links": [{"id": str(i), "displayName": package.text(link.get("displayName")), "uri": link.get("uri")}
                  for i, link in enumerate(m.get("links") or []) if isinstance(link, dict)],
        "filters": list(m.get("filters") or []), "iconFileUris": icons, "artifacts": artifacts,
        "metadata": m.get("metadata") if isinstance(m.get("metadata"), dict) else {}, "properties": {},
        "images": groups, "products": products(package, base), "searchScore": 0.0,
        "definitionTemplates": {
            "uiDefinitionFileUri": ui, "defaultDeploymentTemplateId": default,
            "deploymentTemplateFileUris": {a["name"]: a["uri"] for a in artifacts if a["type"] in ("template", "custom")},
            "deploymentFragmentFileUris": {a["name"]: a["uri"] for a in artifacts if a["type"] == "fragment"},
        },
        "additionalProperties": {}, "keywords": [],
    })
    return props
