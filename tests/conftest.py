"""Session fixtures every test package may use: a throwaway CA and a real Azurite over HTTPS."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.azurite import Azurite, start_azurite
from tests.support.disks import Disks
from tests.support.tls import TestPki, make_pki


@pytest.fixture(scope="session")
def test_pki(tmp_path_factory: pytest.TempPathFactory) -> TestPki:
    return make_pki(tmp_path_factory.mktemp("pki"))


@pytest.fixture(scope="session")
def azurite(test_pki: TestPki, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Azurite]:
    server = start_azurite(test_pki, tmp_path_factory.mktemp("azurite"))
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def qemu_img() -> str:
    path = shutil.which("qemu-img")
    if path is None:
        pytest.fail("qemu-img is missing: `make test` installs Debian's qemu-utils")
    return path


@pytest.fixture
def workdir(tmp_path: Path) -> Path:
    return tmp_path


@pytest.fixture(scope="session")
def check_disks(tmp_path_factory: pytest.TempPathFactory) -> Disks:
    """Test-AzsImage's test disks (tests/imagecheck/cases.py), each built once, on first use, in any container."""
    from tests.imagecheck.cases import CASES

    return Disks(tmp_path_factory.mktemp("imagecheck-disks"), {name: case.build for name, case in CASES.items()})
