"""Microsoft's two Windows-built packages (contract/gallery-admin/packages) and helpers to unpack them."""

from __future__ import annotations

import io
import itertools
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.support.shared import CONTRACT

PACKAGES = CONTRACT / "gallery-admin" / "packages"
VMSS = PACKAGES / "microsoft.vmss.1.3.6.azpkg"
CUSTOMIZED_VM = PACKAGES / "CustomizedVMGalleryItem.azpkg"


def is_opc_metadata(name: str) -> bool:
    """Parts the packager writes itself (not the author's payload)."""
    return name == "[Content_Types].xml" or "_rels/" in f"/{name}" or name.endswith(("/Artifact", "/ImageProperties"))


def unpack_payload(package: Path, folder: Path) -> Path:
    """The author's source folder back from a package: every payload part, bytes unchanged."""
    with zipfile.ZipFile(package) as archive:
        for name in archive.namelist():
            if not is_opc_metadata(name):
                target = folder / name
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(archive.read(name))
    return folder


def counter_ids() -> Callable[[], str]:
    """Deterministic 32-hex ids for builds whose output is compared."""
    numbers = itertools.count(1)
    return lambda: f"{next(numbers):032x}"


def entries(data: bytes) -> list[zipfile.ZipInfo]:
    return zipfile.ZipFile(io.BytesIO(data)).infolist()


def parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


@pytest.fixture(params=[VMSS, CUSTOMIZED_VM], ids=["vmss", "customized-vm"])
def real_package(request: pytest.FixtureRequest) -> Path:
    path: Path = request.param
    if not path.is_file():
        pytest.fail(f"{path} is missing: the tests read Microsoft's packages from shared/contract")
    return path
