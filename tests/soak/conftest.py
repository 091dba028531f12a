"""The soak suite: long runs of the uploader, the readers, the parser and the lab under faults and load.

`make test` runs each scenario bounded (a couple of minutes for the whole folder); `make soak` (AZS_SOAK=long)
runs the same scenarios longer. Every scenario records its figures, printed at the end of the session.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

import pytest

LONG = os.environ.get("AZS_SOAK", "").lower() == "long"


@dataclass(frozen=True)
class Scale:
    """How much each scenario does: the bounded run (make test) or the long one (make soak)."""

    upload_data_mib: int = 32
    """MiB of data in the 1 GiB disk sent through the fault proxy (10% of it: about 102)."""
    fault_rate: float = 0.10
    kills: int = 2
    writer_rounds: int = 1
    vhd_cases: int = 120
    script_cases: int = 400
    lab_clients: int = 50
    lab_seconds: float = 10.0


BOUNDED = Scale()
LONGER = Scale(upload_data_mib=102, kills=14, writer_rounds=10, vhd_cases=2560, script_cases=5000, lab_seconds=180.0)

_FIGURES: list[tuple[str, str]] = []


@pytest.fixture(scope="session")
def scale() -> Scale:
    return LONGER if LONG else BOUNDED


@pytest.fixture(scope="session")
def figures():  # type: ignore[no-untyped-def]
    """`figures(name, text)` records a scenario's numbers for the session's summary."""
    return lambda name, text: _FIGURES.append((name, text))


def pytest_terminal_summary(terminalreporter) -> None:  # type: ignore[no-untyped-def]
    if not _FIGURES:
        return
    terminalreporter.section(f"soak figures ({'long' if LONG else 'bounded'} run)")
    for name, text in _FIGURES:
        terminalreporter.write_line(f"{name}: {text}")
