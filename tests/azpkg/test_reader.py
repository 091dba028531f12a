"""The reader refuses what Microsoft's package reader refuses (reference A4): a plain ZIP of a source
folder, a part without a content type, an artifact without its property relationship."""

from __future__ import annotations

import io
import zipfile

import pytest

from azskernel.azpkg import PackageFormatError, read_package

from .conftest import VMSS, is_opc_metadata, parts


def rezip(files: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return out.getvalue()


def test_a_plain_zip_of_the_source_folder_is_refused() -> None:
    payload = {n: d for n, d in parts(VMSS.read_bytes()).items() if not is_opc_metadata(n)}
    with pytest.raises(PackageFormatError, match=r"\[Content_Types\]\.xml part: it is a plain ZIP"):
        read_package(rezip(payload))
    with_types = {**payload, "[Content_Types].xml": parts(VMSS.read_bytes())["[Content_Types].xml"]}
    with pytest.raises(PackageFormatError, match="Manifest file part relation not found"):
        read_package(rezip(with_types))


def test_a_part_without_a_content_type_is_refused() -> None:
    with pytest.raises(PackageFormatError, match="'/notes.txt' has no content type"):
        read_package(rezip({**parts(VMSS.read_bytes()), "notes.txt": b"x"}))


def test_an_artifact_without_its_property_relationship_is_refused() -> None:
    files = parts(VMSS.read_bytes())
    del files["DeploymentTemplates/_rels/mainTemplate.json.rels"]
    with pytest.raises(PackageFormatError, match="Artifact properties relation not found for '/DeploymentTemplates/mainTemplate.json'"):
        read_package(rezip(files))


def test_not_a_zip() -> None:
    with pytest.raises(PackageFormatError, match="not a ZIP package"):
        read_package(b"MZ this is an exe")
