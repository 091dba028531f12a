"""A catastrophic regular expression never holds a session hostage: an interrupt stops the match at once,
and [regex] built with a timeout stops by itself with pwsh's RegexMatchTimeoutException."""

from __future__ import annotations

import os
import signal
import subprocess
import time

import pytest

from azskernel.interrupt import StopOnInterrupt
from azskernel.runtime import native
from tests.azure.pshost import RecordingHost, new_session, run

CATASTROPHIC = "('a' * 40 + '!') -match '^(a+)+$'"


def interrupt_in(seconds: float) -> subprocess.Popen[bytes]:
    """SIGINT from another process, as a terminal or jupyter_client sends it (a thread of this process could
    not: it would need the GIL that the match holds)."""
    return subprocess.Popen(["sh", "-c", f"sleep {seconds}; kill -INT {os.getpid()}"])


def test_an_interrupt_stops_a_match_at_once_and_the_session_lives_on() -> None:
    host = RecordingHost()
    session = new_session(host)
    run(session, "$kept = 'still here'")
    stops: list[int] = []
    sender = interrupt_in(0.5)
    with pytest.raises(KeyboardInterrupt):
        with StopOnInterrupt(lambda: stops.append(1), grace=30):
            session.run(CATASTROPHIC)
    sender.wait()
    assert stops == [1]  # the cooperative stop was asked too, and the 30 s grace was not waited for
    assert run(session, "$kept") is None and host.output[-1] == "still here"
    assert not native.in_native_call()


def test_the_forced_interrupt_reaches_code_that_holds_the_gil() -> None:
    """After the grace, the forced interrupt must arrive even while C code holds the GIL (a thread could not
    send it): here a match of the [regex] statics, which the runtime does not mark."""
    import re

    sender = interrupt_in(0.3)
    with pytest.raises(KeyboardInterrupt):
        with StopOnInterrupt(lambda: None, grace=0.5):
            re.match(r"^(a+)+$", "a" * 40 + "!")
    sender.wait()


def test_regex_with_a_match_timeout_raises_pwshs_error() -> None:
    host = RecordingHost()
    session = new_session(host)
    script = ("$r = [regex]::new('^(a+)+$', 'None', [timespan]::FromMilliseconds(200))\n"
              "try { $r.IsMatch(('a' * 40) + '!') } catch { $_.FullyQualifiedErrorId; $_.Exception.Message }\n"
              "$r.IsMatch('aaaa'); $r.MatchTimeout.TotalMilliseconds")
    assert run(session, script) is None
    assert host.output[0] == "RegexMatchTimeoutException"
    assert host.output[1] == (
        'Exception calling "IsMatch" with "1" argument(s): "The RegEx engine has timed out while trying to match a '
        "pattern to an input string. This can occur for many reasons, including very large inputs or excessive "
        'backtracking caused by nested quantifiers, back-references and other factors."')
    assert host.output[2:] == [True, 200]


@pytest.mark.parametrize(("script", "expected"), [
    ("[regex]::IsMatch('abc', 'B', 'IgnoreCase', [timespan]::FromSeconds(5))", [True]),
    ("[regex]::Replace('abc', 'b', 'X', 'None', [timespan]::FromSeconds(5))", ["aXc"]),
    ("([regex]::Matches('a1b2', '\\d', 'None', [timespan]::FromSeconds(5))).Count", [2]),
    ("[regex]::Split('a,b', ',', 'None', [timespan]::FromSeconds(5))", ["a", "b"]),
])
def test_the_static_timeout_overloads_match_like_the_others(script: str, expected: list) -> None:  # type: ignore[type-arg]
    host = RecordingHost()
    assert run(new_session(host), script) is None
    assert host.output == expected


def test_a_zero_timeout_is_refused_as_dotnet_refuses_it() -> None:
    host = RecordingHost()
    record = run(new_session(host), "[regex]::new('x', 'None', [timespan]::Zero)") or host.errors[-1]
    assert record is not None and record.message == (
        'Exception calling ".ctor" with "3" argument(s): "Specified argument was out of the range of valid values. '
        "(Parameter 'matchTimeout')\"")


def test_deadlines_nest_and_leave_no_timer_behind() -> None:
    class Outer(Exception):
        pass

    class Inner(Exception):
        pass

    before = signal.getsignal(signal.SIGALRM)
    began = time.monotonic()
    with pytest.raises(Outer):
        with native.deadline(0.3, Outer):
            with native.deadline(5, Inner):
                time.sleep(10)
    assert time.monotonic() - began < 5
    assert signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    assert signal.getsignal(signal.SIGALRM) is before
