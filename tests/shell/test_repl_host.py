"""ConsoleHost: formatted text on stdout, pwsh-shaped errors on stderr, quiet when redirected."""

from __future__ import annotations

import io

import pytest

from azskernel.azure.events import ProvisioningEvent
from azskernel.runtime.errors import ErrorRecord
from azskernel.runtime.host import ProgressRecord
from azskernel.runtime.values import PSObject
from azskernel.shell.host import ConsoleHost, NonInteractiveError, progress_line
from azskernel.shell.repl import commands_from_lines, history_path
from azskernel.vhd.progress import Phase, ProgressEvent

MiB = 1024 * 1024


class Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_output_is_formatted_as_pwsh_prints_it():
    out, err = io.StringIO(), io.StringIO()
    host = ConsoleHost(out, err, interactive=False)
    host.write_output(["text", PSObject({"A": 1, "B": "x"})])
    host.write_output([PSObject({"A": 2, "B": "y"})])
    host.end_command()
    assert out.getvalue() == "text\n\nA B\n- -\n1 x\n2 y\n\n", "one table across statements, as pwsh's Out-Default"


def test_errors_and_warnings_plain_when_redirected_and_coloured_on_a_terminal():
    out, err = io.StringIO(), io.StringIO()
    host = ConsoleHost(out, err, interactive=False)
    host.write_error(ErrorRecord("Cannot find path 'x'.", command_name="Get-Item"))
    host.write_warning("careful")
    assert err.getvalue() == "Get-Item: Cannot find path 'x'.\nWARNING: careful\n"
    tty = Tty()
    ConsoleHost(out, tty, interactive=False).write_warning("careful")
    assert tty.getvalue() == "\x1b[33;1mWARNING: careful\x1b[0m\n"


def test_progress_only_on_a_terminal_and_cleared_before_other_output():
    out, err = io.StringIO(), io.StringIO()
    quiet = ConsoleHost(out, err, interactive=False)
    quiet.write_progress(ProgressRecord("Copying", percent_complete=50))
    assert err.getvalue() == ""
    tty_err, tty_out = Tty(), Tty()
    host = ConsoleHost(tty_out, tty_err, interactive=False)
    host.write_progress(ProgressRecord("Copying", status="half", percent_complete=50))
    # pwsh's minimal view at the terminal's width (120 when the stream has no size): the first half of
    # the bracket in reverse video
    inner = 119 - len("Copying") - 3
    assert tty_err.getvalue() == (
        "\r\x1b[K\x1b[33;1mCopying\x1b[0m [\x1b[33;1m\x1b[7m" + "half".ljust(inner)[: round(inner / 2)] + "\x1b[0m"
        + "\x1b[33;1m" + "half".ljust(inner)[round(inner / 2):] + "\x1b[0m]"
    )
    host.write_host("next")
    assert tty_err.getvalue().endswith("\r\x1b[K") and tty_out.getvalue() == "next\n"


def test_progress_lines_for_uploads_and_provisioning():
    event = ProgressEvent(phase=Phase.UPLOAD, source_size=128 * MiB, bytes_scanned=128 * MiB, bytes_to_send=64 * MiB,
                          bytes_sent=16 * MiB, bytes_skipped=60 * MiB, bytes_present=4 * MiB, bytes_hashed=0, elapsed=2.0,
                          rate=8 * MiB, eta=6.0, scan_done=True)
    # 16 sent + 60 skipped + 4 already there = 80 of 128 MiB finished: 62%, said in the caption too
    caption = ("upload 62% of 128.0 MiB | sent 16.0 MiB of 64.0 MiB | skipped 60.0 MiB | 4.0 MiB already uploaded | "
               "8.0 MiB/s | ETA 00:06")
    assert progress_line(event, 200) == f"Add-AzVhd [{'=' * 12}{' ' * 8}] {caption}"
    assert progress_line(event, 60) == f"Add-AzVhd [{'=' * 12}{' ' * 8}] {caption}"[:60], "cut at the terminal's width"
    assert progress_line(ProvisioningEvent("p/o/s/1.0.0", "Creating", elapsed=75), 60) == f"p/o/s/1.0.0 [{' ' * 20}] Creating (01:15)"
    assert progress_line(ProvisioningEvent("p/o/s/1.0.0", "Succeeded", done=True)) is None
    assert progress_line(ProgressRecord("x", completed=True)) is None


def test_prompts_fail_clearly_when_no_one_can_answer():
    host = ConsoleHost(io.StringIO(), io.StringIO(), interactive=False)
    with pytest.raises(NonInteractiveError, match="NonInteractive mode"):
        host.read_secret("Password")
    asked = []
    host = ConsoleHost(io.StringIO(), io.StringIO(), interactive=True, ask=lambda p, secret: asked.append((p, secret)) or "v")
    assert host.read_line("Name") == "v" and asked == [("Name", False)]


def test_history_file_location(monkeypatch, tmp_path):
    monkeypatch.setenv("AZS_HISTORY", str(tmp_path / "h"))
    assert history_path() == tmp_path / "h"
    monkeypatch.delenv("AZS_HISTORY")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    assert history_path() == tmp_path / "azs" / "history"


def test_rich_events_replace_the_plain_records_of_the_same_operation():
    err, out = Tty(), Tty()
    host = ConsoleHost(out, err, interactive=False)
    host.write_event(ProvisioningEvent("p/o/s/1.0.0", "Creating", elapsed=3))
    host.write_progress(ProgressRecord("Add-AzsPlatformImage", status="p/o/s/1.0.0: Creating (3 s)"))
    assert err.getvalue().count("\r\x1b[K") == 1, "the plain record of the same operation is not drawn"
    assert "p/o/s/1.0.0" in err.getvalue() and "Creating (00:03)" in err.getvalue()


def test_input_lines_are_joined_into_whole_commands_by_is_complete():
    lines = ["'a'\n", "if ($x) {\n", "  1\n", "}\n", "Get-Item `\n", "  -Path .\n", "@'\n", "here\n", "'@\n"]
    assert list(commands_from_lines(lines)) == ["'a'\n", "if ($x) {\n  1\n}\n", "Get-Item `\n  -Path .\n", "@'\nhere\n'@\n"]
    assert list(commands_from_lines(["if ($x) {\n"])) == ["if ($x) {\n"], "an unfinished end is still run (and fails clearly)"
