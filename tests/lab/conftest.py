"""Labs for the lab's own tests: one AD FS and one Entra lab per session, each in a temporary folder."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from azslab.testing import LabEnv, running_lab, set_faults


@pytest.fixture(scope="session")
def adfs_lab(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LabEnv]:
    with running_lab(tmp_path_factory.mktemp("lab-adfs"), identity="adfs") as env:
        yield env


@pytest.fixture(scope="session")
def entra_lab(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LabEnv]:
    with running_lab(tmp_path_factory.mktemp("lab-entra"), identity="entra", location="westlab") as env:
        yield env


@pytest.fixture(scope="session")
def lax_lab(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LabEnv]:
    """A lab started with --lax (Entra mode): the newer behaviour public Azure has, for the tests that show the
    difference; every other test runs against the strict stamp."""
    with running_lab(tmp_path_factory.mktemp("lab-lax"), identity="entra", lax=True) as env:
        yield env


@pytest.fixture
def clean_faults(adfs_lab: LabEnv) -> Iterator[LabEnv]:
    """The AD FS lab, with its fault configuration cleared after the test."""
    try:
        yield adfs_lab
    finally:
        set_faults(adfs_lab, {})
