"""The packager's rules on the files a manifest names: the UI definition and every artifact exist, artifacts
are JSON, pictures are PNGs of the exact sizes (reference azpkg-and-browser.md A3; the guide's image table).
Returns the parts to write, in the order Microsoft's packager writes them."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from . import jsontext
from .errors import PackageRuleError
from .manifest import Artifact, Manifest, Picture
from .png import png_size
from .source import STRINGS_NAME, Source


@dataclass(frozen=True)
class PicturePart:
    picture: Picture
    part: str


@dataclass(frozen=True)
class ArtifactPart:
    artifact: Artifact
    part: str


@dataclass
class Parts:
    """What goes into the package, by on-disk name."""

    manifest: str
    ui_definition: str = ""
    strings: str | None = None
    localized_strings: dict[str, str] = field(default_factory=dict)
    """culture -> part (strings/<culture>/resources.resjson)."""
    pictures: list[PicturePart] = field(default_factory=list)
    artifacts: list[ArtifactPart] = field(default_factory=list)


def load_strings(source: Source) -> tuple[dict[str, Any] | None, list[PackageRuleError]]:
    name = source.find(STRINGS_NAME)
    if name is None:
        return None, []
    try:
        strings = jsontext.loads(source.read(name))
    except ValueError:
        strings = None
    if not isinstance(strings, dict):
        return None, [PackageRuleError("StringsFormat", f"Incorrectly formatted strings file '{source.where(name)}'.",
                                       name)]
    return strings, []


def check_files(manifest: Manifest, source: Source) -> tuple[Parts, list[PackageRuleError]]:
    errors: list[PackageRuleError] = []
    parts = Parts(source.manifest)

    def existing(path: str, rule: str) -> str | None:
        found = source.find(path)
        if found is None:
            errors.append(PackageRuleError(rule, f"File not found at '{source.where(path)}'.", path))
        return found

    ui = existing(manifest.ui_definition, "UiDefinitionMissing")
    parts.ui_definition = ui or ""
    for artifact in manifest.artifacts:
        found = existing(artifact.path, "ArtifactFileMissing")
        if found is None:
            continue
        try:
            jsontext.loads(source.read(found))
        except ValueError:
            errors.append(PackageRuleError("ArtifactFormat", f"Incorrectly formatted artifacts file "
                                                             f"'{source.where(artifact.path)}'.", artifact.path))
            continue
        parts.artifacts.append(ArtifactPart(artifact, found))
    for picture in manifest.pictures:
        found = existing(picture.path, "ImageMissing")
        if found is None:
            continue
        problem = _picture_problem(source.read(found), picture, source.where(picture.path))
        if problem is not None:
            errors.append(problem)
            continue
        parts.pictures.append(PicturePart(picture, found))
    parts.strings = source.find(STRINGS_NAME)
    if parts.strings is not None:
        for name in sorted(source.names()):
            pieces = name.split("/")
            if (len(pieces) == 3 and pieces[0].casefold() == "strings" and pieces[2].casefold() == "resources.resjson"):
                parts.localized_strings[pieces[1]] = name
    return parts, errors


def _picture_problem(data: bytes, picture: Picture, where: str) -> PackageRuleError | None:
    size = png_size(data)
    if size is None:
        return PackageRuleError("ImageFormat", f"Invalid image, unable to read file '{where}' (a PNG is required).",
                                picture.path)
    wanted = picture.size
    if wanted is not None and size != wanted:
        return PackageRuleError("ImageSize", f"Invalid image file '{where}', required dimensions are "
                                             f"'{wanted[0]}','{wanted[1]}' (it is {size[0]}x{size[1]}).", picture.path)
    return None
