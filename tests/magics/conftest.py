"""A real IPython InteractiveShell with `%load_ext azsmagics`, its Azure profile in a temporary folder."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest


@pytest.fixture(scope="module")
def config_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    folder = tmp_path_factory.mktemp("azs-config")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("AZS_CONFIG_DIR", str(folder))
        yield folder


@pytest.fixture(scope="module")
def ip(config_dir: Path) -> Iterator[Any]:
    from IPython.core.interactiveshell import InteractiveShell
    from traitlets.config import Config

    cfg = Config()
    cfg.HistoryManager.hist_file = ":memory:"
    shell = InteractiveShell(config=cfg)
    shell.run_line_magic("load_ext", "azsmagics")
    try:
        yield shell
    finally:
        shell.run_line_magic("unload_ext", "azsmagics")
        shell.clear_instance()


@pytest.fixture(scope="package")
def lab(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """One lab stamp for the package's tests (the in-process shell and the kernel use different accounts)."""
    from azslab.testing import running_lab

    with running_lab(tmp_path_factory.mktemp("lab") / "lab") as env, pytest.MonkeyPatch.context() as mp:
        mp.setenv("AZS_CA_BUNDLE", env.ca_bundle)
        mp.setenv("AZS_TEST_SECRET", env.client_secret)
        yield env


@pytest.fixture(scope="package")
def disks(qemu_img: str, tmp_path_factory: pytest.TempPathFactory) -> Any:
    from tests.magics.images import make_disks

    return make_disks(qemu_img, tmp_path_factory.mktemp("disks"))


def run(ip: Any, code: str) -> Any:
    """Runs a cell; returns IPython's ExecutionResult."""
    return ip.run_cell(code, store_history=False)
