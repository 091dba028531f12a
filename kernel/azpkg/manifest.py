"""The manifest and the rules Microsoft's packager (AzureGalleryPackager 5.2.1.78) enforces on it, each with
the packager's message where the reference records it (reference azpkg-and-browser.md A2-A3; the
operator guide's manifest reference, azure-stack-create-and-publish-marketplace-item.md).

`check_manifest` returns every broken rule at once (nothing is written while one is broken), plus warnings
for what the packager refuses but stamps accept (a 2015-10-01 item without a screenshot).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, Final

from .errors import PackageRuleError

SCHEMA_BASE: Final = "https://gallery.azure.com/schemas/"
SCHEMA_2014_09: Final = SCHEMA_BASE + "2014-09-01/manifest.json#"
SCHEMA_2015_04: Final = SCHEMA_BASE + "2015-04-01/manifest.json#"
SCHEMA_2015_10: Final = SCHEMA_BASE + "2015-10-01/manifest.json#"


@dataclass(frozen=True)
class Schema:
    uri: str
    images: bool
    """True: `images` groups (2015-10-01); False: the `icons` object and `screenshots` list."""
    artifact_types: tuple[str, ...]


SCHEMAS: Final = {s.uri.casefold(): s for s in (
    Schema(SCHEMA_2014_09, False, ("Template", "Fragment")),
    Schema(SCHEMA_2015_04, False, ("Template", "Fragment", "Metadata", "Custom")),
    Schema(SCHEMA_2015_10, True, ("Template", "Fragment", "Metadata", "Custom")),
)}

NAME_PATTERN: Final = "^[A-Za-z0-9][A-Za-z0-9-_$]+$"
VERSION_PATTERN: Final = r"^\d+\.\d+\.\d+(-[A-Za-z0-9.-]+)?$"
ARTIFACT_NAME_PATTERN: Final = "^[A-Za-z0-9-_.]+$"
RESOURCE_PREFIX: Final = "ms-resource:"

ICON_SIZES: Final = {"small": (40, 40), "medium": (90, 90), "large": (115, 115), "wide": (255, 115),
                     "hero": (815, 290)}
SCREENSHOT_SIZE: Final = (533, 324)
REQUIRED_ICONS: Final = ("small", "medium", "large", "wide")
MAX_SCREENSHOTS: Final = 5

# (property, minLength, maxLength, pattern) of the top-level strings; ms-resource values skip the lengths.
_TEXT_RULES: Final = (
    ("name", None, 200, NAME_PATTERN),
    ("publisher", None, 100, NAME_PATTERN),
    ("version", None, None, VERSION_PATTERN),
    ("displayName", None, 256, None),
    ("publisherDisplayName", None, 256, None),
    ("publisherLegalName", None, 256, None),
    ("summary", 60, 100, None),
    ("longSummary", 140, 256, None),
    ("description", 500, 5000, None),
)
REQUIRED: Final = ("name", "publisher", "version", "displayName", "publisherDisplayName", "publisherLegalName",
                   "summary", "longSummary", "description", "uiDefinition", "artifacts")


@dataclass(frozen=True)
class Artifact:
    name: str
    type: str
    path: str
    """As the manifest writes it (backslashes kept: the package's property part records it so)."""
    is_default: bool


@dataclass(frozen=True)
class Picture:
    id: str
    """small, medium, large, wide, hero, or a screenshot's id."""
    type: str
    """icon or screenshot."""
    path: str
    context: str | None = None
    """The image group's context (`ibiza`) under the images schema; None under the icons schema."""

    @property
    def size(self) -> tuple[int, int] | None:
        return ICON_SIZES.get(self.id) if self.type == "icon" else SCREENSHOT_SIZE


@dataclass
class Manifest:
    raw: dict[str, Any]
    schema: Schema
    artifacts: list[Artifact] = field(default_factory=list)
    pictures: list[Picture] = field(default_factory=list)

    @property
    def publisher(self) -> str:
        return str(self.raw["publisher"])

    @property
    def name(self) -> str:
        return str(self.raw["name"])

    @property
    def version(self) -> str:
        return str(self.raw["version"])

    @property
    def identity(self) -> str:
        """`<publisher>.<name>.<version>`: the gallery item's name, and the package file's stem."""
        return f"{self.publisher}.{self.name}.{self.version}"

    @property
    def ui_definition(self) -> str:
        return str(self.raw["uiDefinition"]["path"])


def _type_name(value: Any) -> str:
    """JSON.NET's names for JSON types, as its schema messages print them."""
    if value is None:
        return "Null"
    if isinstance(value, bool):
        return "Boolean"
    return {int: "Integer", float: "Float", str: "String", list: "Array", dict: "Object"}.get(type(value), "Object")


class _Checker:
    def __init__(self, strings: dict[str, Any] | None, strict: bool) -> None:
        self.strings = strings
        self.strict = strict
        self.errors: list[PackageRuleError] = []
        self.warnings: list[str] = []

    def fail(self, rule: str, message: str, where: str = "") -> None:
        self.errors.append(PackageRuleError(rule, message, where))

    def string(self, value: Any, path: str) -> str | None:
        if not isinstance(value, str):
            self.fail("SchemaType", f"Invalid type. Expected String but got {_type_name(value)}. Path '{path}'.", path)
            return None
        return value

    def text(self, value: Any, path: str, minimum: int | None, maximum: int | None, pattern: str | None) -> None:
        text = self.string(value, path)
        if text is None:
            return
        if pattern is not None and not re.match(pattern, text):
            self.fail("SchemaPattern", f"String '{text}' does not match regex pattern '{pattern}'. Path '{path}'.", path)
        if text.startswith(RESOURCE_PREFIX):
            return  # the packager skips the length rules of a localised string
        if maximum is not None and len(text) > maximum:
            self.fail("SchemaMaxLength", f"String '{_short(text)}' exceeds maximum length of {maximum}. Path '{path}'.",
                      path)
        if minimum is not None and len(text) < minimum:
            self.fail("SchemaMinLength", f"String '{_short(text)}' is less than minimum length of {minimum}. "
                                         f"Path '{path}'.", path)


def _short(text: str) -> str:
    return text if len(text) <= 80 else text[:77] + "..."


def _strings_in(value: Any, path: str = "") -> Iterator[tuple[str, str]]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings_in(item, f"{path}.{key}" if path else str(key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _strings_in(item, f"{path}[{index}]")


def check_manifest(raw: Any, strings: dict[str, Any] | None, *, strict: bool = False
                   ) -> tuple[Manifest | None, list[PackageRuleError], list[str]]:
    """Every packager rule on the manifest itself (files are checked by `files.check_files`). The manifest is
    returned whenever its schema is known, so that the file rules can be checked too."""
    c = _Checker(strings, strict)
    if not isinstance(raw, dict):
        c.fail("SchemaType", f"Invalid type. Expected Object but got {_type_name(raw)}. Path ''.")
        return None, c.errors, c.warnings
    schema = SCHEMAS.get(str(raw.get("$schema", "")).casefold())
    if schema is None:
        c.fail("UnsupportedSchema", "Unsupported $schema found.", "$schema")
        return None, c.errors, c.warnings
    missing = [name for name in REQUIRED if name not in raw]
    if missing:
        c.fail("SchemaRequired", f"Required properties are missing from object: {', '.join(missing)}. Path ''.")
    for name, minimum, maximum, pattern in _TEXT_RULES:
        if name in raw:
            c.text(raw[name], name, minimum, maximum, pattern)
    ui = raw.get("uiDefinition")
    if "uiDefinition" in raw:
        if not isinstance(ui, dict) or "path" not in ui:
            c.fail("SchemaRequired", "Required properties are missing from object: path. Path 'uiDefinition'.",
                   "uiDefinition")
        else:
            c.string(ui["path"], "uiDefinition.path")
    manifest = Manifest(raw, schema)
    manifest.artifacts = _artifacts(c, raw.get("artifacts"), schema)
    manifest.pictures = _images(c, raw) if schema.images else _icons(c, raw)
    _links(c, raw.get("links"))
    _resources(c, raw)
    return manifest, c.errors, c.warnings


def _artifacts(c: _Checker, value: Any, schema: Schema) -> list[Artifact]:
    if value is None:
        return []
    if not isinstance(value, list):
        c.fail("SchemaType", f"Invalid type. Expected Array but got {_type_name(value)}. Path 'artifacts'.", "artifacts")
        return []
    out: list[Artifact] = []
    for i, item in enumerate(value):
        path = f"artifacts[{i}]"
        if not isinstance(item, dict):
            c.fail("SchemaType", f"Invalid type. Expected Object but got {_type_name(item)}. Path '{path}'.", path)
            continue
        missing = [k for k in ("name", "type", "path") if k not in item]
        if missing:
            c.fail("SchemaRequired", f"Required properties are missing from object: {', '.join(missing)}. "
                                     f"Path '{path}'.", path)
            continue
        c.text(item["name"], f"{path}.name", None, None, ARTIFACT_NAME_PATTERN)
        kind = c.string(item["type"], f"{path}.type")
        if kind is not None and kind not in schema.artifact_types:
            c.fail("SchemaEnum", f"Value \"{kind}\" is not defined in enum. Path '{path}.type'. (The "
                                 f"{schema.uri} schema allows {', '.join(schema.artifact_types)}.)", f"{path}.type")
        c.string(item["path"], f"{path}.path")
        default = item.get("isDefault", False)
        if not isinstance(default, bool):
            c.fail("SchemaType", f"Invalid type. Expected Boolean but got {_type_name(default)}. "
                                 f"Path '{path}.isDefault'.", f"{path}.isDefault")
            default = False
        out.append(Artifact(str(item["name"]), str(item["type"]), str(item["path"]), default))
    seen: set[str] = set()
    for artifact in out:
        if artifact.name.casefold() in seen:
            c.fail("ArtifactNameTwice", f"Artifact names must be distinct: '{artifact.name}' is used twice.",
                   "artifacts")
        seen.add(artifact.name.casefold())
    defaults = [a for a in out if a.is_default]
    if out and (len(defaults) != 1 or defaults[0].type != "Template"):
        found = ", ".join(f"'{a.name}' ({a.type})" for a in defaults) or "none"
        c.fail("DefaultTemplate", "Exactly one artifact must be the default (isDefault: true), and it must be of type "
                                  f"Template; found {found}.", "artifacts")
    return out


def _icons(c: _Checker, raw: dict[str, Any]) -> list[Picture]:
    if "images" in raw:
        c.fail("SchemaImages", f"'images' belongs to the 2015-10-01 manifest schema; the {raw['$schema']} schema "
                               "takes an 'icons' object (small, medium, large, wide, hero) and 'screenshots'.", "images")
    icons = raw.get("icons")
    pictures: list[Picture] = []
    if not isinstance(icons, dict):
        c.fail("SchemaRequired", "Required properties are missing from object: icons. Path ''." if icons is None else
               f"Invalid type. Expected Object but got {_type_name(icons)}. Path 'icons'.", "icons")
        return pictures
    missing = [k for k in REQUIRED_ICONS if k not in icons]
    if missing:
        c.fail("SchemaRequired", f"Required properties are missing from object: {', '.join(missing)}. Path 'icons'.",
               "icons")
    for key in (*REQUIRED_ICONS, "hero"):
        if key in icons and c.string(icons[key], f"icons.{key}") is not None:
            pictures.append(Picture(key, "icon", icons[key]))
    shots = raw.get("screenshots", [])
    if not isinstance(shots, list):
        c.fail("SchemaType", f"Invalid type. Expected Array but got {_type_name(shots)}. Path 'screenshots'.",
               "screenshots")
        return pictures
    if len(shots) > MAX_SCREENSHOTS:
        c.fail("SchemaMaxItems", f"Array item count {len(shots)} exceeds maximum count of {MAX_SCREENSHOTS}. "
                                 "Path 'screenshots'.", "screenshots")
    for i, shot in enumerate(shots):
        if c.string(shot, f"screenshots[{i}]") is not None:
            pictures.append(Picture(f"screenshot{i}", "screenshot", shot))
    return pictures


def _images(c: _Checker, raw: dict[str, Any]) -> list[Picture]:
    for old in ("icons", "screenshots"):
        if old in raw:
            c.fail("SchemaImages", f"'{old}' belongs to the 2014-09-01 and 2015-04-01 manifest schemas; the "
                                   "2015-10-01 schema takes 'images' groups instead.", old)
    groups = raw.get("images")
    pictures: list[Picture] = []
    if not isinstance(groups, list):
        c.fail("SchemaRequired", "Required properties are missing from object: images. Path ''." if groups is None
               else f"Invalid type. Expected Array but got {_type_name(groups)}. Path 'images'.", "images")
        return pictures
    for g, group in enumerate(groups):
        items = group.get("items") if isinstance(group, dict) else None
        if not isinstance(items, list):
            c.fail("SchemaRequired", f"Required properties are missing from object: items. Path 'images[{g}]'.",
                   f"images[{g}]")
            continue
        context = str(group.get("context") or "ibiza")
        for i, item in enumerate(items):
            path = f"images[{g}].items[{i}]"
            if not isinstance(item, dict) or any(k not in item for k in ("id", "path", "type")):
                c.fail("SchemaRequired", f"Required properties are missing from object: id, path, type. Path '{path}'.",
                       path)
                continue
            kind = str(item["type"])
            if kind not in ("icon", "screenshot"):
                c.fail("SchemaEnum", f"Value \"{kind}\" is not defined in enum. Path '{path}.type'.", f"{path}.type")
                continue
            if c.string(item["path"], f"{path}.path") is not None:
                pictures.append(Picture(str(item["id"]), kind, item["path"], context))
    icons = {p.id for p in pictures if p.type == "icon"}
    missing = [k for k in REQUIRED_ICONS if k not in icons]
    if missing:
        c.fail("ImagesIcons", f"The images must include the icons small, medium, large and wide; missing: "
                              f"{', '.join(missing)}.", "images")
    if not any(p.type == "screenshot" for p in pictures):
        message = ("The packager (5.2.1.78) wants at least one screenshot image (533x324) in a 2015-10-01 manifest; "
                   "stamps accept items without one.")
        if c.strict:
            c.fail("ImagesScreenshot", message, "images")
        else:
            c.warnings.append(message)
    return pictures


def _links(c: _Checker, links: Any) -> None:
    if links is None:
        return
    if not isinstance(links, list):
        c.fail("SchemaType", f"Invalid type. Expected Array but got {_type_name(links)}. Path 'links'.", "links")
        return
    for i, link in enumerate(links):
        path = f"links[{i}]"
        if not isinstance(link, dict) or any(k not in link for k in ("displayName", "uri")):
            c.fail("SchemaRequired", f"Required properties are missing from object: displayName, uri. Path '{path}'.",
                   path)
            continue
        c.text(link["displayName"], f"{path}.displayName", None, 64, None)
        c.string(link["uri"], f"{path}.uri")


def _resources(c: _Checker, raw: dict[str, Any]) -> None:
    for path, value in _strings_in(raw):
        if not value.startswith(RESOURCE_PREFIX):
            continue
        key = value[len(RESOURCE_PREFIX):]
        if c.strings is None or key not in c.strings:
            c.fail("StringResourceMissing", f"The string resource '{key}' ({path}: {value}) is not in "
                                            "strings/resources.resjson.", path)


def resolve(value: Any, strings: dict[str, Any] | None) -> Any:
    """An `ms-resource:key` value replaced by its string (what the gallery shows)."""
    if isinstance(value, str) and value.startswith(RESOURCE_PREFIX) and strings:
        return strings.get(value[len(RESOURCE_PREFIX):], value)
    return value
