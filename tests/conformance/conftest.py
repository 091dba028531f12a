"""Reports the pwsh oracle's pass count (test_pwsh_oracle.py) at the end of the run, whatever the capture mode."""

from __future__ import annotations

import sys
from typing import Any


def pytest_terminal_summary(terminalreporter: Any) -> None:
    oracle = sys.modules.get("tests.conformance.test_pwsh_oracle")
    result = getattr(oracle, "RESULT", None)
    if result:
        terminalreporter.write_line(
            f"pwsh oracle (../shared/pwsh-tests): passed {result['passed']}/{result['applicable']}")
