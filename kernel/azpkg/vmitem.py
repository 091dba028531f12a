"""A VM-from-image item's source files, made in memory from a platform image and a few texts: the pattern
Microsoft's own image items and the retired Add-AzsVMImage use (reference azpkg-and-browser.md A6): an
empty default template plus a `createuidefinition` artifact whose `Microsoft.Compute.SingleVm` handler
names the image (publisher, offer, SKU; the newest version is deployed), under the VM wizard blade.

A full deployment template (and its own CreateUiDefinition or UIDefinition) can replace the defaults; the
result goes through exactly the same rules as a folder (builder.build)."""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any, Final

from .manifest import ICON_SIZES, REQUIRED_ICONS, SCHEMA_2015_04, SCREENSHOT_SIZE
from .png import fit_png, placeholder_png
from .source import Source

UI_SCHEMA: Final = "https://gallery.azure.com/schemas/2015-02-12/UIDefinition.json#"
UI_SCHEMA_CREATE_UI_DEF: Final = "https://gallery.azure.com/schemas/2018-02-12/UIDefinition.json#"
TEMPLATE_SCHEMA: Final = "https://schema.management.azure.com/schemas/2015-01-01/deploymentTemplate.json#"
DEFAULT_SIZES: Final = ("Standard_D1", "Standard_A1")
"""The recommended sizes of Microsoft's CustomizedVMGalleryItem (contract/gallery-admin/packages)."""
_COLOURS: Final = {"Linux": (233, 84, 32), "Windows": (0, 120, 212)}

# The portal blade that shows an item, by the handler of its CreateUiDefinition (reference A2; operator
# guide "Update solution templates ... CreateUiDefinition changes" for Microsoft.Azure.CreateUIDef).
_BLADES: Final = {
    "microsoft.compute.singlevm": ("CreateVMWizardBlade", "Microsoft_Azure_Compute", "VirtualMachinePart",
                                   "Microsoft_Azure_Compute", UI_SCHEMA),
    "microsoft.compute.multivm": ("CreateMultiVmWizardBlade", "Microsoft_Azure_Compute", "ResourceGroupMapPinnedPart",
                                  "HubsExtension", UI_SCHEMA),
    "microsoft.azure.createuidef": ("CreateUIDefinitionBlade", "Microsoft_Azure_CreateUIDef",
                                    "ResourceGroupMapPinnedPart", "HubsExtension", UI_SCHEMA_CREATE_UI_DEF),
    "": ("DeployFromTemplateBlade", "HubsExtension", "ResourceGroupMapPinnedPart", "HubsExtension", UI_SCHEMA),
}


@dataclass(frozen=True)
class ImageRef:
    publisher: str
    offer: str
    sku: str
    version: str
    os_type: str
    """Windows or Linux."""


@dataclass(frozen=True)
class ItemText:
    """What the Marketplace shows; every field is optional (defaults describe the image)."""

    display_name: str | None = None
    publisher_display_name: str | None = None
    publisher_legal_name: str | None = None
    summary: str | None = None
    long_summary: str | None = None
    description: str | None = None
    links: tuple[tuple[str, str], ...] = ()
    """(display name, uri) pairs."""
    categories: tuple[str, ...] = ("Compute",)


@dataclass(frozen=True)
class IconSources:
    """Picture bytes. `icon` is scaled to every size; the others are used as they are (checked for their
    exact size) unless `resize` is set. Anything left out gets a generated placeholder."""

    icon: bytes | None = None
    small: bytes | None = None
    medium: bytes | None = None
    large: bytes | None = None
    wide: bytes | None = None
    hero: bytes | None = None
    screenshots: tuple[bytes, ...] = ()
    resize: bool = False


@dataclass(frozen=True)
class Artifacts:
    """Optional replacements of the default template, CreateUiDefinition and UIDefinition (JSON bytes)."""

    template: bytes | None = None
    create_ui_definition: bytes | None = None
    ui_definition: bytes | None = None
    recommended_sizes: tuple[str, ...] = field(default=DEFAULT_SIZES)


def item_name(image: ImageRef) -> str:
    """`<offer>-<sku>` with dots turned into dashes: the manifest's name allows no dots (reference A2)."""
    return f"{image.offer}-{image.sku}".replace(".", "-")


def item_publisher(image: ImageRef) -> str:
    return image.publisher.replace(".", "-")


def _json(value: Any) -> bytes:
    """JSON as Microsoft's samples write it: two-space indents, CRLF."""
    return json.dumps(value, indent=2, ensure_ascii=False).replace("\n", "\r\n").encode()


def default_template() -> dict[str, Any]:
    return {"$schema": TEMPLATE_SCHEMA, "contentVersion": "1.0.0.0", "parameters": {}, "resources": []}


def single_vm_create_ui(image: ImageRef, sizes: tuple[str, ...]) -> dict[str, Any]:
    return {"handler": "Microsoft.Compute.SingleVm", "version": "0.0.1-preview", "parameters": {
        "osPlatform": image.os_type, "recommendedSizes": list(sizes),
        "imageReference": {"publisher": image.publisher, "offer": image.offer, "sku": image.sku},
        "dataDisks": []}}


def ui_definition(handler: str) -> dict[str, Any]:
    blade, extension, part, part_extension, schema = _BLADES.get(handler.casefold(), _BLADES[""])
    return {"$schema": schema, "createDefinition": {
        "createBlade": {"name": blade, "extension": extension},
        "startboardPart": {"name": part, "extension": part_extension}, "startboardPartKeyId": "id"},
        "initialData": {"model": ""}, "options": {}}


def _handler(create_ui: bytes | None) -> str:
    try:
        parsed = json.loads(create_ui) if create_ui else None
    except ValueError:
        return ""  # the packager's JSON rule reports the file
    return str(parsed.get("handler") or "") if isinstance(parsed, dict) else ""


def _texts(image: ImageRef, text: ItemText) -> dict[str, str]:
    names = f"Publisher: {image.publisher}, Offer: {image.offer}, Sku: {image.sku}, Version: {image.version}"
    publisher = text.publisher_display_name or image.publisher
    return {
        "displayName": text.display_name or f"{image.publisher}-{image.offer}-{image.sku}",
        "publisherDisplayName": publisher,
        "publisherLegalName": text.publisher_legal_name or publisher,
        "summary": text.summary or f"Create a {image.os_type} virtual machine from the platform image {image.offer} "
                                   f"{image.sku}.",
        "longSummary": text.long_summary or f"Create a virtual machine from a platform image. {names}",
        "description": text.description or f"<p>Create a virtual machine from a platform image.</p><p>{names}</p>",
    }


def _icons(image: ImageRef, icons: IconSources) -> Iterator[tuple[str, bytes]]:
    colour = _COLOURS.get(image.os_type, _COLOURS["Windows"])
    for kind in (*REQUIRED_ICONS, "hero"):
        size = ICON_SIZES[kind]
        given: bytes | None = getattr(icons, kind)
        if given is not None:
            yield kind, fit_png(given, size) if icons.resize else given
        elif icons.icon is not None:
            yield kind, fit_png(icons.icon, size)
        elif kind != "hero":
            yield kind, placeholder_png(size, image.offer[:12] if kind == "wide" else image.offer[:2].upper(), colour)


def vm_item_source(image: ImageRef, text: ItemText = ItemText(), icons: IconSources = IconSources(),
                   artifacts: Artifacts = Artifacts(), *, name: str | None = None,
                   publisher: str | None = None) -> Source:
    """The source files of an item for `image`, as a folder made by hand would hold them."""
    strings: dict[str, str] = _texts(image, text)
    files: dict[str, bytes] = {}
    manifest: dict[str, Any] = {
        "$schema": SCHEMA_2015_04, "name": name or item_name(image), "publisher": publisher or item_publisher(image),
        "version": image.version, **{key: f"ms-resource:{key}" for key in strings},
        "uiDefinition": {"path": "UIDefinition.json"}, "artifacts": [],
    }
    if artifacts.template is not None:
        files["DeploymentTemplates/mainTemplate.json"] = artifacts.template
        manifest["artifacts"].append({"name": "DefaultTemplate", "type": "Template",
                                      "path": "DeploymentTemplates\\mainTemplate.json", "isDefault": True})
        create_ui = artifacts.create_ui_definition
    else:
        files["DeploymentTemplates/DefaultTemplate.json"] = _json(default_template())
        manifest["artifacts"].append({"name": "DefaultTemplate", "type": "Template",
                                      "path": "DeploymentTemplates\\DefaultTemplate.json", "isDefault": True})
        create_ui = artifacts.create_ui_definition or _json(single_vm_create_ui(image, artifacts.recommended_sizes))
    if create_ui is not None:
        files["DeploymentTemplates/CreateUiDefinition.json"] = create_ui
        manifest["artifacts"].append({"name": "createuidefinition", "type": "Custom",
                                      "path": "DeploymentTemplates\\CreateUiDefinition.json", "isDefault": False})
    files["UIDefinition.json"] = artifacts.ui_definition or _json(ui_definition(_handler(create_ui)))
    manifest["icons"] = {}
    for kind, data in _icons(image, icons):
        files[f"Icons/{kind.capitalize()}.png"] = data
        manifest["icons"][kind] = f"Icons\\{kind.capitalize()}.png"
    manifest["links"] = []
    for index, (label, uri) in enumerate(text.links):
        strings[f"linkDisplayName{index}"] = label
        manifest["links"].append({"displayName": f"ms-resource:linkDisplayName{index}", "uri": uri})
    manifest["screenshots"] = []
    for index, data in enumerate(icons.screenshots):
        files[f"Screenshots/Screenshot{index}.png"] = fit_png(data, SCREENSHOT_SIZE) if icons.resize else data
        manifest["screenshots"].append(f"Screenshots\\Screenshot{index}.png")
    manifest["categories"] = list(text.categories)
    files["Manifest.json"] = _json(manifest)
    files["strings/resources.resjson"] = json.dumps(strings, ensure_ascii=False, separators=(",", ":")).encode()
    return Source.in_memory(files)


def references(template: Any) -> Iterator[Mapping[str, Any]]:
    """Every object of a template or CreateUiDefinition that names an image (publisher, offer and sku)."""
    if isinstance(template, dict):
        keys = {k.casefold() for k in template}
        if {"publisher", "offer", "sku"} <= keys:
            yield template
        for value in template.values():
            yield from references(value)
    elif isinstance(template, list):
        for value in template:
            yield from references(value)
