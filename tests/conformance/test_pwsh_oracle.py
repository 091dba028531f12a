"""PowerShell's own Pester tests (../shared/pwsh-tests, run through its Pester shim) as a ratchet: the number of
Its that pass must not fall below the count recorded in pwsh_oracle_baseline.json. The file is raised by hand
when the count rises; the test reports the count at the end of the run.

The oracle is reference data: features get their own focused tests under tests/language, tests/runtime and
tests/commands; this test only guards against losing ground.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.shared import SHARED

RUNNER = SHARED / "pwsh-tests" / "run.py"
BASELINE = Path(__file__).with_name("pwsh_oracle_baseline.json")
AZS = Path(sys.executable).with_name("azs")

RESULT: dict[str, int] = {}
"""The last run's totals, for the terminal summary (conftest.py)."""

if not RUNNER.is_file():
    pytest.skip(f"PowerShell's tests not found at {RUNNER} (set AZS_SHARED)", allow_module_level=True)


def test_pwsh_oracle_pass_count_does_not_drop(tmp_path: Path) -> None:
    report = tmp_path / "oracle.json"
    done = subprocess.run(
        [sys.executable, str(RUNNER), "--azs", str(AZS), "--jobs", "4", "--json", str(report)],
        capture_output=True, text=True, timeout=1800, cwd=tmp_path,
    )
    assert report.is_file(), f"the oracle did not finish (exit {done.returncode}):\n{done.stdout[-2000:]}{done.stderr[-2000:]}"
    total = json.loads(report.read_text(encoding="utf-8"))["total"]
    passed = total.get("passed", 0)
    applicable = passed + total.get("failed", 0) + total.get("errored", 0)
    RESULT.update(passed=passed, applicable=applicable)
    floor = json.loads(BASELINE.read_text(encoding="utf-8"))["passed"]
    print(f"pwsh oracle: passed {passed}/{applicable} (baseline {floor})")
    assert passed >= floor, (
        f"PowerShell's own tests: {passed}/{applicable} pass, fewer than the {floor} recorded in {BASELINE.name}. "
        f"Run `python3 {RUNNER} --azs {AZS} --failures` to see which Its fail now.")
