"""The session's test disks for Test-AzsImage: every case of cases.py, built once on first use."""

from __future__ import annotations

import pytest

from tests.imagecheck.cases import CASES
from tests.support.disks import Disks


@pytest.fixture(scope="session")
def disks(tmp_path_factory: pytest.TempPathFactory) -> Disks:
    return Disks(tmp_path_factory.mktemp("imagecheck-disks"), {name: case.build for name, case in CASES.items()})
