"""New-AzsGalleryItemPackage: a Marketplace item package (.azpkg) made in Python on any OS, from a
platform image and a few texts, or from a folder laid out as Microsoft's packager expects
(`AzureGallery.exe package -m <manifest> -o <folder>`), checked against every rule of that packager
(azskernel.azpkg). Not in Azs.Gallery.Admin: Microsoft ships only a Windows .exe for this step.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from azskernel.runtime.cmdlet import cmdlet, parameter

from ..errors import ParameterRuleError, PackageInvalidError
from ..events import Reporter
from ..rules import check_image_id, normalise_os_type, raise_if
from ._support import ctx_reporter, resolve_path, run

MODULE_GALLERY_ADMIN = "Azs.Gallery.Admin"
_ICON_KINDS = ("small", "medium", "large", "wide", "hero")


def _read(parameter: str, path: str | None) -> bytes | None:
    if not path:
        return None
    try:
        return Path(path).read_bytes()
    except OSError as exc:
        raise ParameterRuleError(parameter, f"-{parameter} '{path}' cannot be read: {exc.strerror or exc}.",
                                 value=path) from None


def _links(value: Any) -> tuple[tuple[str, str], ...]:
    """@{'Documentation'='https://...'}, 'Documentation=https://...' strings, or (label, uri) pairs."""
    out: list[tuple[str, str]] = []
    for item in _as_list(value):
        pairs = getattr(item, "items", None)
        if callable(pairs) and not isinstance(item, str):
            out += [(str(k), str(v)) for k, v in pairs()]
            continue
        if isinstance(item, (list, tuple)) and len(item) == 2:
            out.append((str(item[0]), str(item[1])))
            continue
        label, sep, uri = str(item).partition("=")
        if not sep or not uri.strip():
            raise ParameterRuleError("Link", f"-Link '{item}' is not 'Display name=https://...' (or a hashtable "
                                             "@{'Display name'='https://...'}).", value=item)
        out.append((label.strip(), uri.strip()))
    return tuple(out)


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return list(value) if isinstance(value, (list, tuple)) else [value]


def package_error(exc: Exception) -> PackageInvalidError:
    """azpkg's errors in the Azure layer's shape: one record listing every broken rule."""
    from azskernel.azpkg import PackageRuleError, PackageRulesError

    rules = exc.errors if isinstance(exc, PackageRulesError) else [exc] if isinstance(exc, PackageRuleError) else []
    if not rules:
        return PackageInvalidError(str(exc))
    if len(rules) == 1:
        return PackageInvalidError(f"The package breaks a rule of Microsoft's packager, so nothing was written: "
                                   f"{rules[0].message}", error_id=f"GalleryItemPackageInvalid.{rules[0].rule}",
                                   target=rules[0].where or None)
    lines = "\n".join(f"- {r.message}" for r in rules)
    return PackageInvalidError(f"The package breaks {len(rules)} rules of Microsoft's packager, so nothing was "
                               f"written:\n{lines}", target=rules[0].where or None)


def new_gallery_item_package(
    *,
    publisher: str | None = None,
    offer: str | None = None,
    sku: str | None = None,
    version: str | None = None,
    os_type: str | None = None,
    path: str | None = None,
    output_path: str = ".",
    item_name: str | None = None,
    item_publisher: str | None = None,
    display_name: str | None = None,
    publisher_display_name: str | None = None,
    publisher_legal_name: str | None = None,
    summary: str | None = None,
    long_summary: str | None = None,
    description: str | None = None,
    link: Any = None,
    category: Any = None,
    icon_path: str | None = None,
    small_icon_path: str | None = None,
    medium_icon_path: str | None = None,
    large_icon_path: str | None = None,
    wide_icon_path: str | None = None,
    hero_icon_path: str | None = None,
    screenshot_path: Any = None,
    resize_icons: bool = False,
    deployment_template_path: str | None = None,
    create_ui_definition_path: str | None = None,
    ui_definition_path: str | None = None,
    recommended_size: Any = None,
    strict: bool = False,
    force: bool = False,
    reporter: Reporter | None = None,
) -> Any:
    """Build `<publisher>.<name>.<version>.azpkg` in `output_path` and return its FileInfo.

    With `path` (a source folder or its manifest), package that folder; otherwise describe the platform
    image (publisher, offer, sku, version, os_type) and the item is made for it. Raises ParameterRulesError
    (a parameter breaks a rule) or PackageInvalidError (the package would break the packager's rules);
    nothing is written then."""
    from azskernel import azpkg
    from azskernel.azpkg.vmitem import DEFAULT_SIZES
    from azskernel.commands.items import FileSystemItem

    rep = reporter or Reporter()
    try:
        if path:
            source = azpkg.Source.from_folder(path)
        else:
            source = azpkg.vm_item_source(
                _image(publisher, offer, sku, version, os_type),
                azpkg.ItemText(display_name, publisher_display_name, publisher_legal_name, summary, long_summary,
                               description, _links(link), tuple(str(c) for c in _as_list(category)) or ("Compute",)),
                _icons(icon_path, small_icon_path, medium_icon_path, large_icon_path, wide_icon_path, hero_icon_path,
                       screenshot_path, resize_icons),
                azpkg.Artifacts(_read("DeploymentTemplatePath", deployment_template_path),
                                _read("CreateUiDefinitionPath", create_ui_definition_path),
                                _read("UiDefinitionPath", ui_definition_path),
                                tuple(str(s) for s in _as_list(recommended_size)) or DEFAULT_SIZES),
                name=item_name, publisher=item_publisher)
        built = azpkg.build(source, strict=strict)
        for warning in built.warnings:
            rep.warning(warning)
        if not path and deployment_template_path:
            _check_template_names_image(built, publisher or "", offer or "", sku or "", rep)
        saved = built.save(output_path, overwrite=force)
    except azpkg.PackageError as exc:
        raise package_error(exc) from None
    except ValueError as exc:  # a picture Pillow cannot read, for -IconPath / -ResizeIcons
        raise ParameterRuleError("IconPath", f"A picture could not be read: {exc}.") from None
    rep.verbose(f"Wrote {saved} ({len(built.data)} bytes): gallery item {built.identity}.")
    return FileSystemItem(saved)


def _image(publisher: str | None, offer: str | None, sku: str | None, version: str | None, os_type: str | None) -> Any:
    from azskernel.azpkg import ImageRef

    image, errors = check_image_id(publisher, offer, sku, version)
    os_kind = normalise_os_type(os_type)
    if not isinstance(os_kind, str):
        errors.append(os_kind)
    raise_if(errors)
    return ImageRef(image.publisher, image.offer, image.sku, image.version, str(os_kind))


def _icons(icon: str | None, small: str | None, medium: str | None, large: str | None, wide: str | None,
           hero: str | None, screenshots: Any, resize: bool) -> Any:
    from azskernel.azpkg import IconSources

    given = dict(zip(_ICON_KINDS, (small, medium, large, wide, hero), strict=True))
    read = {kind: _read(f"{kind.capitalize()}IconPath", value) for kind, value in given.items()}
    shots = tuple(_read("ScreenshotPath", str(s)) or b"" for s in _as_list(screenshots))
    return IconSources(_read("IconPath", icon), screenshots=shots, resize=resize, **read)


def _check_template_names_image(built: Any, publisher: str, offer: str, sku: str, rep: Reporter) -> None:
    """A given template should deploy the image the item is for; say so when none of its references does."""
    import json
    import zipfile
    from io import BytesIO

    from azskernel.azpkg import references

    with zipfile.ZipFile(BytesIO(built.data)) as archive:
        template = json.loads(archive.read("DeploymentTemplates/mainTemplate.json"))
    wanted = (publisher.casefold(), offer.casefold(), sku.casefold())
    found = [{k.casefold(): str(v).casefold() for k, v in ref.items()} for ref in references(template)]
    if not any((f.get("publisher"), f.get("offer"), f.get("sku")) == wanted for f in found):
        rep.warning(f"The deployment template names no imageReference {publisher}/{offer}/{sku} literally (it may use "
                    "parameters): make sure it deploys that platform image.")


# -- cmdlet -------------------------------------------------------------------------------------------

_FILE_PARAMETERS = ("path", "icon_path", "small_icon_path", "medium_icon_path", "large_icon_path", "wide_icon_path",
                    "hero_icon_path", "deployment_template_path", "create_ui_definition_path", "ui_definition_path")
_FROM_IMAGE = "FromImage"
_FROM_FOLDER = "FromFolder"


@cmdlet(
    "New-AzsGalleryItemPackage",
    module=MODULE_GALLERY_ADMIN,
    default_parameter_set=_FROM_IMAGE,
    synopsis="Makes a Marketplace item package (.azpkg) for a platform image, or from a package source folder.",
    description=(
        "What Microsoft's Windows-only packager (AzureGallery.exe package -m <manifest> -o <folder>) does, on any OS: "
        "checks every rule it enforces (manifest schema, names, text lengths, string resources, artifacts, PNG icons at "
        "their exact sizes) and writes <publisher>.<name>.<version>.azpkg, whole or not at all. From a platform image "
        "it makes the item Microsoft's own image items are made of: the VM wizard with the image's publisher, offer and "
        "SKU, icons from -IconPath (scaled) or generated. Upload the file to a blob the stamp can read, then "
        "Add-AzsGalleryItem -GalleryItemUri."
    ),
    examples=(
        ("New-AzsGalleryItemPackage -Publisher Contoso -Offer UbuntuServer -Sku 22.04-LTS -Version 1.0.0 -OsType Linux "
         "-DisplayName 'Ubuntu Server 22.04 LTS' -IconPath ./logo.png -OutputPath ./out",
         "Makes ./out/Contoso.UbuntuServer-22-04-LTS.1.0.0.azpkg for the platform image."),
        ("New-AzsGalleryItemPackage -Path ./MyItem/Manifest.json -OutputPath ./out", "Packages a source folder."),
    ),
    output_type=("System.IO.FileInfo",),
)
@parameter("Publisher", type="string", parameter_sets=_FROM_IMAGE, mandatory=True, help="The platform image's publisher.")
@parameter("Offer", type="string", parameter_sets=_FROM_IMAGE, mandatory=True, help="The platform image's offer.")
@parameter("Sku", type="string", parameter_sets=_FROM_IMAGE, mandatory=True, help="The platform image's SKU.")
@parameter("Version", type="string", parameter_sets=_FROM_IMAGE, mandatory=True, help="The image's version (#.#.#); also the item's.")
@parameter("OsType", type="string", parameter_sets=_FROM_IMAGE, mandatory=True, validate_set=("Windows", "Linux"), help="Windows or Linux.")
@parameter("Path", type="string", parameter_sets=_FROM_FOLDER, mandatory=True, aliases=("ManifestPath",), path=True,
           help="A package source folder (Manifest.json, UIDefinition.json, DeploymentTemplates, Icons, strings), or its manifest.")
@parameter("OutputPath", type="string", path=True, help="The folder to write the .azpkg into (default: the current location).")
@parameter("ItemName", type="string", parameter_sets=_FROM_IMAGE, help="The manifest's name (default: <offer>-<sku>, dots as dashes).")
@parameter("ItemPublisher", type="string", parameter_sets=_FROM_IMAGE, help="The manifest's publisher (default: the image's).")
@parameter("DisplayName", type="string", parameter_sets=_FROM_IMAGE, help="The item's title in the Marketplace.")
@parameter("PublisherDisplayName", type="string", parameter_sets=_FROM_IMAGE, help="The publisher name users see.")
@parameter("PublisherLegalName", type="string", parameter_sets=_FROM_IMAGE, help="The publisher's legal name.")
@parameter("Summary", type="string", parameter_sets=_FROM_IMAGE, help="One line under the title.")
@parameter("LongSummary", type="string", parameter_sets=_FROM_IMAGE, help="The longer summary.")
@parameter("Description", type="string", parameter_sets=_FROM_IMAGE, help="The description (HTML: h1-h5, p, ol, ul, li, a, br, strong, em, b, i).")
@parameter("Link", type="object[]", parameter_sets=_FROM_IMAGE, help="Links: @{'Documentation'='https://...'} or 'Documentation=https://...'.")
@parameter("Category", type="string[]", parameter_sets=_FROM_IMAGE, help="Marketplace categories (default: Compute).")
@parameter("IconPath", type="string", parameter_sets=_FROM_IMAGE, path=True, help="A picture scaled to every icon size.")
@parameter("SmallIconPath", type="string", parameter_sets=_FROM_IMAGE, path=True, help="The 40x40 PNG icon.")
@parameter("MediumIconPath", type="string", parameter_sets=_FROM_IMAGE, path=True, help="The 90x90 PNG icon.")
@parameter("LargeIconPath", type="string", parameter_sets=_FROM_IMAGE, path=True, help="The 115x115 PNG icon.")
@parameter("WideIconPath", type="string", parameter_sets=_FROM_IMAGE, path=True, help="The 255x115 PNG icon.")
@parameter("HeroIconPath", type="string", parameter_sets=_FROM_IMAGE, path=True, help="The optional 815x290 PNG hero picture.")
@parameter("ScreenshotPath", type="string[]", parameter_sets=_FROM_IMAGE, help="Up to five 533x324 PNG screenshots.")
@parameter("ResizeIcons", switch=True, parameter_sets=_FROM_IMAGE, help="Scale the given icons and screenshots to their sizes instead of refusing other sizes.")
@parameter("DeploymentTemplatePath", type="string", parameter_sets=_FROM_IMAGE, path=True, help="A full deployment template instead of the VM wizard.")
@parameter("CreateUiDefinitionPath", type="string", parameter_sets=_FROM_IMAGE, path=True, help="Your own CreateUiDefinition.json.")
@parameter("UiDefinitionPath", type="string", parameter_sets=_FROM_IMAGE, path=True, help="Your own UIDefinition.json.")
@parameter("RecommendedSize", type="string[]", parameter_sets=_FROM_IMAGE, help="VM sizes the wizard recommends (default: Standard_D1, Standard_A1).")
@parameter("Strict", switch=True, help="Also refuse what only the 2015 packager refuses (a 2015-10-01 manifest without a screenshot).")
@parameter("Force", switch=True, help="Overwrite an existing package file.")
def new_azs_gallery_item_package(ctx: Any, **p: Any) -> Any:
    files = {k: resolve_path(ctx, p[k]) for k in _FILE_PARAMETERS}
    files["output_path"] = resolve_path(ctx, p["output_path"] or ".") or "."
    shots = [resolve_path(ctx, str(s)) for s in _as_list(p["screenshot_path"])]
    rep = ctx_reporter(ctx)
    return run(ctx, lambda: new_gallery_item_package(**{**p, **files, "screenshot_path": shots or None, "reporter": rep}))


COMMANDS = (new_azs_gallery_item_package,)
__all__ = ["COMMANDS", "MODULE_GALLERY_ADMIN", "new_gallery_item_package", "package_error"]
