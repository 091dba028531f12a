"""The real kernel: an interrupt stops a cell stuck in a regular expression, and the session (its variables)
survives; a [regex] with a match timeout ends its cell with pwsh's error by itself."""

from __future__ import annotations

import threading

from .conftest import Kernel


def test_an_interrupt_stops_a_catastrophic_match_and_keeps_the_session(kernel: Kernel) -> None:
    assert kernel.run("$kept = 'still here'").status == "ok"
    timer = threading.Timer(1.0, kernel.manager.interrupt_kernel)
    timer.start()
    # Without the fix this cell never ends (the forced interrupt needed the GIL the match holds).
    cell = kernel.run("'before'; ('a' * 40 + '!') -match '^(a+)+$'; 'not reached'", timeout=30)
    timer.join()
    assert cell.status == "error"
    errors = cell.of("error")
    assert len(errors) == 1 and errors[0]["content"]["ename"] == "PipelineStoppedException"
    assert "not reached" not in cell.stream("stdout")
    after = kernel.run("$kept")
    assert after.status == "ok" and after.stream("stdout") == "still here\n"


def test_a_match_timeout_ends_the_cell_with_regex_match_timeout(kernel: Kernel) -> None:
    cell = kernel.run("[regex]::new('^(a+)+$', 'None', [timespan]::FromMilliseconds(300)).IsMatch(('a' * 40) + '!')",
                      timeout=30)
    # A statement-terminating error, as in pwsh: written to the error stream, the cell itself goes on.
    text = cell.stream("stderr")
    assert 'Exception calling "IsMatch" with "1" argument(s)' in text and "timed out" in text
    assert kernel.run("'alive'").stream("stdout") == "alive\n"
