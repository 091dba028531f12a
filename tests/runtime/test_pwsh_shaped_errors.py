"""Inputs that used to surface as Python errors (ValueError, MemoryError, UnicodeEncodeError) get the errors
pwsh gives for them, or pwsh's output."""

from __future__ import annotations

import subprocess
import sys

import pytest

from azskernel.language import ParseError, parse
from azskernel.runtime import operators
from tests.azure.pshost import RecordingHost, new_session, run

OOM = "Exception of type 'System.OutOfMemoryException' was thrown."


@pytest.mark.parametrize("digits", [400, 5000, 100_000])
def test_an_integer_literal_beyond_double_max_is_a_bad_numeric_constant(digits: int) -> None:
    literal = "9" * digits
    with pytest.raises(ParseError) as info:
        parse(f"$x = {literal}")
    assert info.value.error_id == "BadNumericConstant"
    assert str(info.value.message) == f"The numeric constant {literal} is not valid."


def test_literals_up_to_double_max_still_are_numbers() -> None:
    host = RecordingHost()
    assert run(new_session(host), f"({'9' * 300}).GetType().Name; (1e400).GetType().Name") is None
    assert host.output == ["Double", "Double"]


def test_a_bad_numeric_argument_is_a_string_in_command_mode() -> None:
    host = RecordingHost()
    assert run(new_session(host), f"Write-Output {'9' * 5000}") is None
    assert host.output == ["9" * 5000]


def test_a_unicode_escape_beyond_0x10ffff_is_pwshs_parse_error() -> None:
    with pytest.raises(ParseError) as info:
        parse('"`u{110000}"')
    assert info.value.error_id == "InvalidUnicodeEscapeSequenceValue"
    assert str(info.value.message) == "The Unicode escape sequence value is out of range. The maximum value is 0x10FFFF."
    assert info.value.column == 5  # under the digits, as pwsh's "`u{>>1<<10000}"


def test_multiplying_beyond_the_memory_there_is_is_an_out_of_memory_exception(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(operators, "_available_memory", lambda: 4 << 30)  # a 4 GiB machine, whatever this one is
    host = RecordingHost()
    session = new_session(host)
    for script in ("(@(1) * 1e9)", "'ab' * 6e8"):  # 'ab' * 6e8 is past String.MaxLength on any machine
        record = run(session, script) or host.errors[-1]
        assert record.message == OOM and record.fully_qualified_error_id == "RuntimeException"
    assert run(session, "try { @(1) * 1e9 } catch [OutOfMemoryException] { 'caught' }") is None
    assert host.output[-1] == "caught"
    record = run(session, "@(1, 2, 3) * 7.2e8") or host.errors[-1]
    assert record.message == ('Cannot convert value "2160000000" to type "System.Int32". Error: "Value was either too '
                              'large or too small for an Int32."')


@pytest.mark.parametrize(("script", "expected"), [
    ("[char]0xD800", "\ufffd\n"),
    ('"a$([char]0xD83D)$([char]0xDE00)b"', "a\U0001F600b\n"),
    ('Write-Error ("x" + [char]0xDC00)', None),
])
def test_half_a_utf16_pair_prints_as_pwsh_prints_it(script: str, expected: str | None) -> None:
    done = subprocess.run([sys.executable, "-m", "azskernel.cli", "-NoProfile", "-Command", script],
                          capture_output=True, timeout=60)
    assert b"Traceback" not in done.stderr and b"UnicodeEncodeError" not in done.stderr
    if expected is not None:
        assert done.stdout.decode("utf-8") == expected
    else:
        assert "x\ufffd" in done.stderr.decode("utf-8")
