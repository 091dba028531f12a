"""New-AzsGalleryItemPackage from a notebook: the magic, the Python function of azsmagics.api, and Get-Help,
all from the one declaration (no stamp needed)."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

import pytest

from azskernel.azpkg import ImageRef, build, read_package, vm_item_source


def source_folder(tmp_path: Path) -> Path:
    """A source folder: the package our builder makes for an image, unpacked as an author would keep it."""
    folder = tmp_path / "source"
    data = build(vm_item_source(ImageRef("Contoso", "Ubuntu", "22.04", "1.0.0", "Linux"))).data
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            if not (name.startswith("[") or "_rels/" in name or name.endswith("/Artifact")):
                (folder / name).parent.mkdir(parents=True, exist_ok=True)
                (folder / name).write_bytes(archive.read(name))
    return folder


def test_the_magic_writes_the_package(ip: Any, tmp_path: Path) -> None:
    ip.user_ns["out"] = str(tmp_path)
    ip.run_cell("pkg = %New-AzsGalleryItemPackage -Publisher Contoso -Offer Ubuntu -Sku 22.04 -Version 1.0.0 "
                "-OsType Linux -DisplayName 'Ubuntu 22.04' -Link @{'Docs'='https://docs.example'}, 'FAQ=https://faq' "
                "-OutputPath $out")
    package = ip.user_ns["pkg"]
    assert package.Name == "Contoso.Ubuntu-22-04.1.0.0.azpkg" and Path(package.FullName).parent == tmp_path
    read = read_package(Path(package.FullName).read_bytes())
    assert read.text("displayName") == "Ubuntu 22.04"
    assert [(read.strings[link["displayName"].split(":")[1]], link["uri"]) for link in read.manifest["links"]] == [
        ("Docs", "https://docs.example"), ("FAQ", "https://faq")]


def test_the_python_function_shares_the_binder_and_its_errors(ip: Any, tmp_path: Path) -> None:
    from azsmagics.api import new_gallery_item_package
    from azsmagics.errors import CommandError

    folder = source_folder(tmp_path)
    built = new_gallery_item_package(path=str(folder), output_path=str(tmp_path / "out"))
    assert built.Name == "Contoso.Ubuntu-22-04.1.0.0.azpkg"
    with pytest.raises(CommandError, match="already exists"):
        new_gallery_item_package(path=str(folder), output_path=str(tmp_path / "out"))
    with pytest.raises(CommandError, match=r"String 'a\.b' does not match regex pattern"):
        new_gallery_item_package(publisher="Contoso", offer="Ubuntu", sku="1", version="1.0.0", os_type="Linux",
                                 item_name="a.b", output_path=str(tmp_path / "bad"))
    assert not (tmp_path / "bad").exists()


def test_help_comes_from_the_declaration(ip: Any) -> None:
    # Get-Help writes a help object, as in pwsh: its text is what Out-String renders.
    ip.run_cell("%%pwsh\n$h = Get-Help New-AzsGalleryItemPackage -Full | Out-String")
    text = str(ip.user_ns["h"])
    assert "Makes a Marketplace item package (.azpkg)" in text and "-IconPath" in text and "-ResizeIcons" in text
