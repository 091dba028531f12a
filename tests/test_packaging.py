"""The explicit package list in pyproject.toml matches the folders on disk, and the wheel imports whole."""

from __future__ import annotations

import subprocess
import sys
import tomllib
import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def _declared() -> tuple[list[str], dict[str, str]]:
    cfg = tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["setuptools"]
    return cfg["packages"], cfg["package-dir"]


def _on_disk(package_dir: dict[str, str]) -> list[str]:
    found = []
    for top, folder in package_dir.items():
        root = REPO / folder
        for init in root.rglob("__init__.py"):
            rel = init.parent.relative_to(root)
            if "__pycache__" in rel.parts:
                continue
            found.append(".".join((top, *rel.parts)))
    return sorted(found)


def test_package_list_matches_folders():
    packages, package_dir = _declared()
    assert sorted(packages) == _on_disk(package_dir)


@pytest.mark.slow
def test_wheel_installs_and_every_module_imports(tmp_path: Path):
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(tmp_path), str(REPO)],
        check=True,
    )
    wheel = next(tmp_path.glob("azs_notebook-*.whl"))
    target = tmp_path / "site"
    # The wheel goes into a folder of its own that shadows the editable install; the dependencies come
    # from the test environment.
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target), str(wheel)], check=True)
    packages, _ = _declared()
    script = (
        "import importlib, pkgutil, sys\n"
        f"for pkg in {packages!r}:\n"
        "    mod = importlib.import_module(pkg)\n"
        f"    assert mod.__file__.startswith({str(target)!r}), mod.__file__\n"
        "    for info in pkgutil.iter_modules(mod.__path__):\n"
        "        if not info.ispkg and info.name != '__main__':\n"
        "            importlib.import_module(pkg + '.' + info.name)\n"
    )
    subprocess.run([sys.executable, "-c", script], check=True, cwd=tmp_path, env={**os.environ, "PYTHONPATH": str(target)})


def test_import_layers_hold():
    lint = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run([str(lint)], cwd=REPO, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_shared_cases_are_where_the_tests_look():
    # Parametrized tests over an empty folder would pass by running nothing.
    from tests.support.shared import CONFORMANCE_CASES, CONTRACT, SEED_CASES

    assert CONFORMANCE_CASES.is_file(), f"{CONFORMANCE_CASES} is missing: put shared/ beside the clone or set AZS_SHARED"
    assert len(list(SEED_CASES.glob("*.ps1"))) >= 5
    assert (CONTRACT / "compute-admin" / "PlatformImages.json").is_file()
