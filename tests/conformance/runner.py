"""Runs ps-conformance.jsonl cases through the same path as `azs -NoProfile -File` (in-process for speed)."""

from __future__ import annotations

import io
import json
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path
from tests.support.shared import CONFORMANCE_CASES

# AZS_CONFORMANCE_CASES points at another case file
CASES = Path(os.environ.get("AZS_CONFORMANCE_CASES", CONFORMANCE_CASES))


@dataclass(frozen=True)
class Case:
    id: str
    source: str
    script: str
    expected_output: str


def load_cases(path: Path = CASES) -> list[Case]:
    cases = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            d = json.loads(line)
            cases.append(Case(d["id"], d.get("source", ""), d["script"], d["expected_output"]))
    return cases


def run_case(case: Case) -> tuple[str, str, int]:
    """(stdout, stderr, exit code) of the case's script run as `azs -NoProfile -File case.ps1`."""
    from azskernel.shell.script import run_script

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"{case.id}.ps1"
        path.write_text(case.script, encoding="utf-8")
        out, err = io.StringIO(), io.StringIO()
        cwd = os.getcwd()
        os.chdir(tmp)
        try:
            code = run_script(case.script, file=str(path), out=out, err=err)
        finally:
            os.chdir(cwd)
    return out.getvalue(), err.getvalue(), code
