"""docs/stamp-fidelity.md stays true to the repository: it is the one fidelity document, every row of its rule
tables has its five columns filled and names tests that exist (file and function), every file it points at
exists, its replay section lists exactly the KNOWN differences of tests/support/replay/differences.py, and its
Hub profile states pyproject.toml's SDK bounds. A renamed test, a removed file or a changed bound cannot leave
the table saying something the repository no longer does."""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
DOC = REPO / "docs" / "stamp-fidelity.md"
COLUMNS = ["Rule", "Source", "Lab", "Cmdlets", "Test"]
REPO_DIRS = ("kernel/", "lab/", "magics/", "notebooks/", "tests/", "docs/", "bench/", "../shared/", "azure/",
             "integration/", "vhd/", "azpkg/", "soak/")
"""Backticked tokens starting so are paths: from the repository's root, or from tests/ (the Test column's)."""
TEXT_SUFFIXES = {".py", ".md", ".js", ".toml", ".cfg", ".ini", ".txt", ".json", ".ipynb", ".ps1", ".psm1", ".sh"}


@dataclass(frozen=True)
class Table:
    header: list[str]
    rows: list[list[str]]
    heading: str


def cells(line: str) -> list[str]:
    """The cells of a Markdown table line; `|` inside backticks does not split."""
    body = line.strip()
    body = body[1:] if body.startswith("|") else body
    body = body[:-1] if body.endswith("|") else body
    out, current, quoted = [], "", False
    for char in body:
        if char == "`":
            quoted = not quoted
        if char == "|" and not quoted:
            out.append(current.strip())
            current = ""
        else:
            current += char
    out.append(current.strip())
    return out


def tables(text: str) -> list[Table]:
    found: list[Table] = []
    heading, lines = "", text.splitlines()
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.startswith("#"):
            heading = line.lstrip("#").strip()
        if line.startswith("|") and i + 1 < len(lines) and set(lines[i + 1].replace("|", "").strip()) <= {"-", ":", " "}:
            header, rows = cells(line), []
            i += 2
            while i < len(lines) and lines[i].startswith("|"):
                rows.append(cells(lines[i]))
                i += 1
            found.append(Table(header, rows, heading))
            continue
        i += 1
    return found


@pytest.fixture(scope="module")
def text() -> str:
    return DOC.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def rule_tables(text: str) -> list[Table]:
    return [t for t in tables(text) if t.header[-1] == "Test"]


def named_tests(cell: str, keep_ids: bool = False) -> list[tuple[Path, str | None]]:
    """(file, function or None) for every test a Test cell names: `a.py::t`, then `::u` for the same file.
    A parametrized test's `[id]` is dropped unless `keep_ids`."""
    out: list[tuple[Path, str | None]] = []
    current: Path | None = None
    for token in re.findall(r"`([^`]+)`", cell):
        path_part, _, rest = token.partition("::")
        if path_part.endswith(".py"):
            current = REPO / "tests" / path_part
            if not rest:
                out.append((current, None))
        if rest:
            assert current is not None, f"{token!r} names a test before any file"
            out.extend((current, name if keep_ids else re.sub(r"\[.*\]$", "", name)) for name in rest.split("::"))
    return out


def test_it_is_the_one_fidelity_document() -> None:
    assert sorted(p.name for p in (REPO / "docs").glob("stamp-fidelity*")) == ["stamp-fidelity.md"]
    stale = re.compile(r"stamp-fidelity-[a-z]+\.md")
    mentions = []
    for root in ("README.md", "CHANGELOG.md", "kernel", "lab", "magics", "notebooks", "tests", "docs", "bench"):
        base = REPO / root
        for path in ([base] if base.is_file() else base.rglob("*") if base.is_dir() else []):
            if path.is_file() and path.suffix in TEXT_SUFFIXES | {""} and path != Path(__file__):
                if stale.search(path.read_text(encoding="utf-8", errors="replace")):
                    mentions.append(str(path.relative_to(REPO)))
    assert mentions == [], f"links to removed fidelity files: {mentions}"


def test_every_rule_table_has_the_five_columns_all_filled(rule_tables: list[Table]) -> None:
    assert len(rule_tables) >= 10
    rows = 0
    for table in rule_tables:
        assert table.header == COLUMNS, f"{table.heading}: columns {table.header}"
        for row in table.rows:
            rows += 1
            assert len(row) == 5, f"{table.heading}: a row has {len(row)} cells: {row[0][:60]!r}"
            for name, value in zip(COLUMNS, row, strict=True):
                assert value.strip(" —-"), f"{table.heading}: {row[0][:60]!r} has no {name}"
    assert rows >= 80


def test_every_row_names_tests_that_exist(rule_tables: list[Table]) -> None:
    for table in rule_tables:
        for row in table.rows:
            rule, named = row[0][:60], named_tests(row[-1])
            assert any(function for _, function in named), f"{table.heading}: {rule!r} names no test function"
            for path, function in named:
                assert path.is_file(), f"{rule!r}: {path.relative_to(REPO)} does not exist"
                if function is not None:
                    assert re.search(rf"^(async )?def {re.escape(function)}\(", path.read_text(encoding="utf-8"),
                                     re.M), f"{rule!r}: {path.name} has no test {function}"


def test_every_parametrized_case_it_names_is_collected(rule_tables: list[Table]) -> None:
    """`test[id]` must be a case pytest collects (ids come from parameters: a renamed case must not pass unseen)."""
    wanted = {f"{path.relative_to(REPO)}::{name}" for table in rule_tables for row in table.rows
              for path, name in named_tests(row[-1], keep_ids=True) if name and name.endswith("]")}
    assert wanted, "the document names no parametrized case"
    files = sorted({node.partition("::")[0] for node in wanted})
    collected = subprocess.run([sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider",
                                *files], cwd=REPO, capture_output=True, text=True, timeout=300)
    assert collected.returncode == 0, collected.stdout[-2000:] + collected.stderr[-2000:]
    nodes = set(collected.stdout.split())
    assert sorted(wanted - nodes) == []


def test_every_file_the_document_points_at_exists(text: str) -> None:
    missing = []
    for link in re.findall(r"\]\(([^)#]+)(?:#[^)]*)?\)", text):
        if not link.startswith(("http://", "https://")) and not (DOC.parent / link).exists():
            missing.append(link)
    prose = re.sub(r"^```.*?^```", "", text, flags=re.M | re.S)
    for token in re.findall(r"`([^`]+)`", prose):
        candidate = token.split()[0].partition("::")[0]
        if not candidate.startswith(REPO_DIRS) or any(c in candidate for c in "*<{"):
            continue
        # Test cells name files from tests/; everything else from the repository's root.
        if not (REPO / candidate).exists() and not (REPO / "tests" / candidate).exists():
            missing.append(candidate)
    assert missing == [], f"the document points at files that are not there: {missing}"


def test_the_known_differences_are_the_replays(text: str) -> None:
    from tests.support.replay.differences import KNOWN

    (table,) = [t for t in tables(text) if t.header == ["Recording", "What differs", "Why"]]
    listed = [re.sub(r"`", "", row[0]) for row in table.rows]
    assert sorted(listed) == sorted(d.recording for d in KNOWN)
    assert all(row[2] for row in table.rows)
    assert "tests/support/replay/differences.py" in text


def test_the_hub_profile_states_pyprojects_bounds(text: str) -> None:
    (table,) = [t for t in tables(text) if t.header and t.header[0] == "Provider"]
    stated = {b for row in table.rows for b in re.findall(r"`([a-z][a-z0-9-]*[<>=!~][^`]*)`", row[-1])}
    dependencies = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]
    azure = {d for d in dependencies if d.startswith("azure-")}
    assert stated == azure, f"the document states {sorted(stated)}, pyproject.toml has {sorted(azure)}"
