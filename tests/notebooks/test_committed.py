"""The notebooks as committed: generated from notebooks/build.py, without outputs, with their parameters."""

from __future__ import annotations

import subprocess
import sys

import nbformat
import pytest

from tests.notebooks.conftest import NOTEBOOKS

ALL = sorted(p.relative_to(NOTEBOOKS).as_posix() for p in NOTEBOOKS.glob("*/*.ipynb"))


def test_every_notebook_is_listed() -> None:
    from importlib import util

    spec = util.spec_from_file_location("notebook_build", NOTEBOOKS / "build.py")
    assert spec and spec.loader
    module = util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert sorted(module.NOTEBOOKS) == ALL
    assert len(ALL) >= 10


def test_committed_notebooks_match_their_source() -> None:
    result = subprocess.run([sys.executable, str(NOTEBOOKS / "build.py"), "--check"], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("relative", ALL)
def test_committed_without_outputs(relative: str) -> None:
    nb = nbformat.read(NOTEBOOKS / relative, as_version=4)
    nbformat.validate(nb)
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [] and cell.execution_count is None, f"{relative}: a cell has outputs"
    tagged = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(tagged) == 1, f"{relative}: one cell tagged 'parameters'"
    text = tagged[0].source.lower()
    assert "secret" in text and "the name of the environment variable" in text, f"{relative}: the secret comes from a variable's name"


@pytest.mark.parametrize("relative", [r for r in ALL if r.startswith("labs/")])
def test_each_exercise_has_a_solution_and_a_check(relative: str) -> None:
    nb = nbformat.read(NOTEBOOKS / relative, as_version=4)
    tags = [c.metadata.get("tags", []) for c in nb.cells]
    exercises = [i for i, t in enumerate(tags) if "exercise" in t]
    assert exercises, relative
    for i in exercises:
        assert nb.cells[i].metadata["azs"]["solution"].strip()
        assert "self-check" in tags[i + 1], f"{relative}: exercise cell {i} is not followed by its self-check"
