"""docs/stamp-fidelity.md stays true to the suite: every row of every table names at least one test, and every
test it names exists (file and function), so a renamed or deleted test cannot leave a rule unproved."""

from __future__ import annotations

import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DOC = REPO / "docs" / "stamp-fidelity.md"


def rows() -> list[tuple[str, str]]:
    """(rule, test cell) of every row of the tables whose last column is 'Test'."""
    out, in_table = [], False
    for line in DOC.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")] if line.startswith("|") else []
        if cells and cells[-1] == "Test":
            in_table = True
            continue
        if not cells:
            in_table = False
            continue
        if in_table and not set(cells[0]) <= {"-"}:
            out.append((cells[0], cells[-1]))
    return out


def test_every_row_names_tests_that_exist() -> None:
    found = rows()
    assert len(found) >= 20
    for rule, cell in found:
        names: list[tuple[Path, str]] = []
        current: Path | None = None
        for token in re.findall(r"`([^`]+)`", cell):
            path_part, _, rest = token.partition("::")
            if path_part.endswith(".py"):
                current = REPO / "tests" / path_part
                assert current.is_file(), f"{rule[:60]}: {current} does not exist"
            if rest and current is not None:
                for name in rest.split("::"):
                    names.append((current, re.sub(r"\[.*\]$", "", name)))
        assert current is not None, f"the row {rule[:60]!r} names no test"
        for path, name in names:
            assert re.search(rf"^def {re.escape(name)}\(", path.read_text(encoding="utf-8"), re.M), \
                f"{rule[:60]}: {path.name} has no test {name}"
