"""Every rule of Microsoft's packager (reference azpkg-and-browser.md A2-A3, the guide's manifest reference),
each with an input that breaks it and the message the user gets. The base is Microsoft's own vmss source
folder (2015-04-01, icons object), which passes; each case changes one thing."""

from __future__ import annotations

import io
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from azskernel.azpkg import PackageRulesError, Source, build

from .conftest import VMSS, unpack_payload

Mutation = Callable[[Path, dict[str, Any]], None]


def png(size: tuple[int, int]) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (10, 20, 30)).save(out, format="PNG")
    return out.getvalue()


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    return unpack_payload(VMSS, tmp_path / "vmss")


def apply(folder: Path, mutate: Mutation) -> None:
    manifest_file = folder / "Manifest.json"
    manifest = json.loads(manifest_file.read_bytes())
    mutate(folder, manifest)
    manifest_file.write_text(json.dumps(manifest), encoding="utf-8")


def field(name: str, value: Any) -> Mutation:
    return lambda folder, m: m.__setitem__(name, value)


def strings(**values: str) -> Mutation:
    def mutate(folder: Path, m: dict[str, Any]) -> None:
        path = folder / "strings" / "resources.resjson"
        data = json.loads(path.read_bytes())
        data.update(values)
        path.write_text(json.dumps(data), encoding="utf-8")
    return mutate


def artifact(index: int, **values: Any) -> Mutation:
    return lambda folder, m: m["artifacts"][index].update(values)


def write(relative: str, data: bytes) -> Mutation:
    def mutate(folder: Path, m: dict[str, Any]) -> None:
        (folder / relative).parent.mkdir(parents=True, exist_ok=True)
        (folder / relative).write_bytes(data)
    return mutate


def both(*mutations: Mutation) -> Mutation:
    def mutate(folder: Path, m: dict[str, Any]) -> None:
        for one in mutations:
            one(folder, m)
    return mutate


def images_schema(with_screenshot: bool = True, icons: tuple[str, ...] = ("small", "medium", "large", "wide")) -> Mutation:
    def mutate(folder: Path, m: dict[str, Any]) -> None:
        m["$schema"] = "https://gallery.azure.com/schemas/2015-10-01/manifest.json#"
        del m["icons"], m["screenshots"]
        items = [{"id": kind, "path": f"Icons\\{kind.capitalize()}.png", "type": "icon"} for kind in icons]
        if with_screenshot:
            (folder / "Screenshots").mkdir(exist_ok=True)
            (folder / "Screenshots" / "One.png").write_bytes(png((533, 324)))
            items.append({"id": "screenshot1", "path": "Screenshots\\One.png", "type": "screenshot"})
        m["images"] = [{"context": "ibiza", "items": items}]
    return mutate


SHORT = "too short"
PATTERN = "^[A-Za-z0-9][A-Za-z0-9-_$]+$"

CASES: list[tuple[str, Mutation, str, str]] = [
    ("schema", field("$schema", "https://gallery.azure.com/schemas/2016-01-01/manifest.json#"),
     "UnsupportedSchema", "Unsupported $schema found."),
    ("name with a dot", field("name", "Ubuntu.2204"), "SchemaPattern",
     f"String 'Ubuntu.2204' does not match regex pattern '{PATTERN}'. Path 'name'."),
    ("publisher with a space", field("publisher", "Con toso"), "SchemaPattern",
     f"String 'Con toso' does not match regex pattern '{PATTERN}'. Path 'publisher'."),
    ("version", field("version", "1.0"), "SchemaPattern",
     "String '1.0' does not match regex pattern '^\\d+\\.\\d+\\.\\d+(-[A-Za-z0-9.-]+)?$'. Path 'version'."),
    ("name too long", field("name", "n" * 201), "SchemaMaxLength", "exceeds maximum length of 200. Path 'name'."),
    ("publisher too long", field("publisher", "p" * 101), "SchemaMaxLength", "exceeds maximum length of 100. Path 'publisher'."),
    ("display name too long", field("displayName", "d" * 257), "SchemaMaxLength",
     "exceeds maximum length of 256. Path 'displayName'."),
    ("publisher display name too long", field("publisherDisplayName", "d" * 257), "SchemaMaxLength",
     "Path 'publisherDisplayName'."),
    ("publisher legal name too long", field("publisherLegalName", "d" * 257), "SchemaMaxLength", "Path 'publisherLegalName'."),
    ("summary too short", field("summary", SHORT), "SchemaMinLength",
     "String 'too short' is less than minimum length of 60. Path 'summary'."),
    ("summary too long", field("summary", "s" * 101), "SchemaMaxLength", "exceeds maximum length of 100. Path 'summary'."),
    ("long summary too short", field("longSummary", SHORT), "SchemaMinLength", "minimum length of 140. Path 'longSummary'."),
    ("long summary too long", field("longSummary", "l" * 257), "SchemaMaxLength", "maximum length of 256. Path 'longSummary'."),
    ("description too short", field("description", SHORT), "SchemaMinLength", "minimum length of 500. Path 'description'."),
    ("description too long", field("description", "d" * 5001), "SchemaMaxLength", "maximum length of 5000. Path 'description'."),
    ("missing string resource", field("summary", "ms-resource:nope"), "StringResourceMissing",
     "The string resource 'nope' (summary: ms-resource:nope) is not in strings/resources.resjson."),
    ("required property", lambda f, m: m.pop("summary"), "SchemaRequired",
     "Required properties are missing from object: summary. Path ''."),
    ("wrong type", field("name", 5), "SchemaType", "Invalid type. Expected String but got Integer. Path 'name'."),
    ("artifact type", artifact(0, type="Script"), "SchemaEnum", "Value \"Script\" is not defined in enum. Path 'artifacts[0].type'."),
    ("Custom under 2014-09-01", field("$schema", "https://gallery.azure.com/schemas/2014-09-01/manifest.json#"), "SchemaEnum",
     "Value \"Custom\" is not defined in enum. Path 'artifacts[0].type'."),
    ("artifact name", artifact(1, name="main template"), "SchemaPattern",
     "String 'main template' does not match regex pattern '^[A-Za-z0-9-_.]+$'. Path 'artifacts[1].name'."),
    ("artifact names twice", artifact(0, name="DefaultTemplate"), "ArtifactNameTwice",
     "Artifact names must be distinct: 'DefaultTemplate' is used twice."),
    ("no default template", artifact(1, isDefault=False), "DefaultTemplate",
     "Exactly one artifact must be the default (isDefault: true), and it must be of type Template; found none."),
    ("two defaults", artifact(0, isDefault=True), "DefaultTemplate", "found 'createuidefinition' (Custom), 'DefaultTemplate' (Template)."),
    ("default not a template", both(artifact(0, isDefault=True), artifact(1, isDefault=False)), "DefaultTemplate",
     "found 'createuidefinition' (Custom)."),
    ("artifact file missing", artifact(1, path="DeploymentTemplates\\missing.json"), "ArtifactFileMissing",
     "File not found at '{folder}/DeploymentTemplates/missing.json'."),
    ("artifact not JSON", write("DeploymentTemplates/mainTemplate.json", b"{ not json"), "ArtifactFormat",
     "Incorrectly formatted artifacts file '{folder}/DeploymentTemplates/mainTemplate.json'."),
    ("UI definition missing", field("uiDefinition", {"path": "Nowhere.json"}), "UiDefinitionMissing",
     "File not found at '{folder}/Nowhere.json'."),
    ("images under an icons schema", field("images", []), "SchemaImages", "'images' belongs to the 2015-10-01 manifest schema"),
    ("icons under the images schema", both(images_schema(), field("icons", {})), "SchemaImages",
     "'icons' belongs to the 2014-09-01 and 2015-04-01 manifest schemas"),
    ("icon missing", lambda f, m: m["icons"].pop("wide"), "SchemaRequired",
     "Required properties are missing from object: wide. Path 'icons'."),
    ("six screenshots", field("screenshots", [f"Icons\\Small{i}.png" for i in range(6)]), "SchemaMaxItems",
     "Array item count 6 exceeds maximum count of 5. Path 'screenshots'."),
    ("icon not a PNG", write("Icons/Small.png", b"GIF89a not a png"), "ImageFormat",
     "Invalid image, unable to read file '{folder}/Icons/Small.png' (a PNG is required)."),
    ("icon of the wrong size", write("Icons/Small.png", png((41, 40))), "ImageSize",
     "Invalid image file '{folder}/Icons/Small.png', required dimensions are '40','40' (it is 41x40)."),
    ("wide icon", write("Icons/Wide.png", png((255, 116))), "ImageSize", "required dimensions are '255','115'"),
    ("hero", write("Icons/Hero.png", png((800, 290))), "ImageSize", "required dimensions are '815','290'"),
    ("screenshot", both(write("Shots/A.png", png((534, 324))), field("screenshots", ["Shots\\A.png"])), "ImageSize",
     "required dimensions are '533','324'"),
    ("images without the wide icon", images_schema(icons=("small", "medium", "large")), "ImagesIcons",
     "The images must include the icons small, medium, large and wide; missing: wide."),
    ("link name too long", lambda f, m: m["links"].append({"displayName": "x" * 65, "uri": "https://x"}), "SchemaMaxLength",
     "exceeds maximum length of 64. Path 'links[2].displayName'."),
    ("strings not JSON", write("strings/resources.resjson", b"{ nope"), "StringsFormat",
     "Incorrectly formatted strings file '{folder}/strings/resources.resjson'."),
]


@pytest.mark.parametrize(("mutate", "rule", "message"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_each_rule_refuses_with_its_message(folder: Path, tmp_path: Path, mutate: Mutation, rule: str, message: str) -> None:
    apply(folder, mutate)
    with pytest.raises(PackageRulesError) as caught:
        build(Source.from_folder(folder))
    found = [e for e in caught.value.errors if e.rule == rule]
    assert found, [(e.rule, e.message) for e in caught.value.errors]
    assert message.format(folder=folder) in found[0].message


def test_the_unchanged_sample_passes(folder: Path) -> None:
    assert build(Source.from_folder(folder)).identity == "microsoft.vmss.1.3.6"


def test_localised_strings_skip_the_length_rules(folder: Path) -> None:
    apply(folder, both(field("summary", "ms-resource:summary"), strings(summary=SHORT)))
    assert build(Source.from_folder(folder)).identity == "microsoft.vmss.1.3.6"


def test_a_manifest_that_is_not_json(folder: Path) -> None:
    (folder / "Manifest.json").write_bytes(b"{ nope")
    with pytest.raises(PackageRulesError, match="Incorrectly formatted manifest file"):
        build(Source.from_folder(folder))


def test_the_screenshot_rule_is_a_warning_unless_strict(folder: Path) -> None:
    apply(folder, images_schema(with_screenshot=False))
    built = build(Source.from_folder(folder))
    assert built.warnings == ["The packager (5.2.1.78) wants at least one screenshot image (533x324) in a 2015-10-01 "
                              "manifest; stamps accept items without one."]
    with pytest.raises(PackageRulesError) as caught:
        build(Source.from_folder(folder), strict=True)
    assert [e.rule for e in caught.value.errors] == ["ImagesScreenshot"]


def test_every_broken_rule_is_reported_and_nothing_is_written(folder: Path, tmp_path: Path) -> None:
    apply(folder, both(field("name", "a.b"), field("summary", SHORT), write("Icons/Large.png", png((10, 10)))))
    with pytest.raises(PackageRulesError) as caught:
        build(Source.from_folder(folder)).save(tmp_path / "out")
    assert [e.rule for e in caught.value.errors] == ["SchemaPattern", "SchemaMinLength", "ImageSize"]
    assert not (tmp_path / "out").exists()


def test_windows_manifests_are_read_as_dotnet_reads_them(folder: Path) -> None:
    """A UTF-16 manifest with a BOM, indented with U+00A0, a raw control character in a string (reference A1)."""
    text = (folder / "Manifest.json").read_text(encoding="utf-8").replace("  ", "\u00a0\u00a0")
    text = text.replace('"categories": [', '"categories": [ "Com\tpute",')
    (folder / "Manifest.json").write_bytes(b"\xff\xfe" + text.encode("utf-16-le"))
    built = build(Source.from_folder(folder))
    assert built.manifest.raw["categories"][0] == "Com\tpute"
