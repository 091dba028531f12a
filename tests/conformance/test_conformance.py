"""Every ps-conformance.jsonl case through `azs -NoProfile -File`: stdout must match pwsh byte for byte."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.conformance.runner import CASES as CASES_FILE
from tests.conformance.runner import Case, load_cases, run_case

if not CASES_FILE.is_file():
    pytest.skip(f"conformance cases not found at {CASES_FILE} (set AZS_CONFORMANCE_CASES)", allow_module_level=True)

CASES = load_cases()
AZS = Path(sys.executable).with_name("azs")


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_case_output_matches_pwsh(case: Case) -> None:
    out, err, _code = run_case(case)
    assert out == case.expected_output, f"stderr:\n{err}"
    assert "Traceback" not in err


SUBPROCESS_SAMPLE = [c for c in CASES if c.id in ("string-019", "arith-062", "flow-210", "splat-246", "pipeline-262",
                                                   "format-output-278", "error-217", "hashtable-186")]


@pytest.mark.parametrize("case", SUBPROCESS_SAMPLE, ids=[c.id for c in SUBPROCESS_SAMPLE])
def test_case_through_the_real_console_script(case: Case, tmp_path: Path) -> None:
    script = tmp_path / f"{case.id}.ps1"
    script.write_text(case.script, encoding="utf-8")
    done = subprocess.run([str(AZS), "-NoProfile", "-File", str(script)], capture_output=True, text=True,
                          timeout=60, cwd=tmp_path)
    assert done.stdout == case.expected_output, done.stderr
    assert done.returncode == 0
