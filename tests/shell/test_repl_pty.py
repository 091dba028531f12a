"""The interactive shell driven through a pseudo-terminal (pexpect): completion, multi-line, Ctrl-C, Ctrl-D;
and the plain mode when stdin is not a terminal."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pexpect
import pytest

PROMPT = r"PS [^\r\n]*>"


@pytest.fixture
def shell(tmp_path: Path) -> Iterator[pexpect.spawn]:
    env = {**os.environ, "AZS_HISTORY": str(tmp_path / "history"), "TERM": "xterm", "PROMPT_TOOLKIT_NO_CPR": "1", "HOME": str(tmp_path)}
    child = pexpect.spawn(sys.executable, ["-m", "azskernel.cli"], cwd=str(tmp_path), env=env, encoding="utf-8",
                          timeout=30, dimensions=(40, 160))
    try:
        child.expect(PROMPT)
        yield child
    finally:
        child.terminate(force=True)


def test_tab_completes_a_command_and_the_result_prints(shell: pexpect.spawn):
    # The screen is redrawn piecewise, so the completed name is checked by running it.
    shell.send("Write-Outp\t")
    shell.send(" ('compl' + 'eted')\r")
    shell.expect("completed\r\n")
    shell.expect(PROMPT)
    assert "not recognized" not in shell.before


def test_unfinished_input_continues_on_the_next_line(shell: pexpect.spawn):
    shell.send("if ($true) {\r")
    shell.expect(">>")
    shell.send("'in' + 'side' }\r")
    shell.expect("inside\r\n")
    shell.expect(PROMPT)


def test_read_host_and_a_masked_password_at_the_terminal(shell: pexpect.spawn):
    shell.send("$n = Read-Host 'Name'; 'Hi ' + $n\r")
    shell.expect("Name: ")
    shell.send("Bob\r")
    shell.expect("Hi Bob\r\n")
    shell.expect(PROMPT)
    shell.send("$c = Get-Credential -UserName ops; 'length ' + $c.GetNetworkCredential().Password.Length\r")
    # The prompt itself, not the echoed command line (which also says "Password"): typed before the prompt
    # reads the terminal, the characters would be echoed by the tty, as in any shell.
    shell.expect("Password for user ops: ")
    shell.send("s3cret\r")
    shell.expect("length 6\r\n")
    assert "s3cret" not in shell.before, "the password is not echoed"
    shell.expect(PROMPT)


def test_ctrl_c_stops_the_command_not_the_shell_and_ctrl_d_exits(shell: pexpect.spawn, tmp_path: Path):
    shell.send("Start-Sleep -Seconds 30; 'not ' + 'reached'\r")
    time.sleep(1.5)
    began = time.monotonic()
    shell.sendcontrol("c")
    shell.expect(PROMPT, timeout=10)
    assert time.monotonic() - began < 5
    assert "not reached" not in shell.before
    shell.send("'af' + 'ter'\r")
    shell.expect("after\r\n")
    shell.expect(PROMPT)
    shell.sendcontrol("d")
    shell.expect(pexpect.EOF)
    shell.close()
    assert shell.exitstatus == 0
    assert "+'af' + 'ter'" in (tmp_path / "history").read_text()


def test_plain_mode_when_stdin_is_not_a_terminal(tmp_path: Path):
    done = subprocess.run(
        [sys.executable, "-m", "azskernel.cli"], input="'a'\nif ($true) {\n  1 + 1\n}\nWrite-Error 'bad'\n'end'\n",
        capture_output=True, text=True, timeout=60, cwd=tmp_path,
    )
    assert done.returncode == 0
    assert done.stdout == "a\n2\nend\n"
    assert done.stderr == "Write-Error: bad\n"
