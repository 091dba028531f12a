"""Ctrl-C stops a cell stuck in a regular expression in `azs -File` (SIGINT) and in the interactive shell,
which keeps its session."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pexpect

PROMPT = r"PS [^\r\n]*>"
CATASTROPHIC = "('a' * 40 + '!') -match '^(a+)+$'"


def test_sigint_stops_azs_file_in_a_match(tmp_path: Path) -> None:
    script = tmp_path / "stuck.ps1"
    marker = tmp_path / "matching"
    # The marker file says the match is about to start (stdout is a pipe here, so it is buffered).
    script.write_text(f"Set-Content -Path '{marker}' -Value go\n{CATASTROPHIC}\n'not reached'\n", encoding="utf-8")
    child = subprocess.Popen([sys.executable, "-m", "azskernel.cli", "-NoProfile", "-File", str(script)],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 60
        while not marker.exists() and time.monotonic() < deadline and child.poll() is None:
            time.sleep(0.05)
        time.sleep(0.5)
        child.send_signal(signal.SIGINT)
        out, err = child.communicate(timeout=30)
    finally:
        if child.poll() is None:  # never leave a process spinning in the match behind
            child.kill()
            child.wait()
    assert child.returncode == 130
    assert "not reached" not in out and "Traceback" not in err


def test_ctrl_c_at_the_shell_stops_the_match_and_keeps_the_session(tmp_path: Path) -> None:
    env = {**os.environ, "AZS_HISTORY": str(tmp_path / "history"), "TERM": "xterm", "PROMPT_TOOLKIT_NO_CPR": "1",
           "HOME": str(tmp_path)}
    child = pexpect.spawn(sys.executable, ["-m", "azskernel.cli"], cwd=str(tmp_path), env=env, encoding="utf-8",
                          timeout=30, dimensions=(40, 160))
    try:
        child.expect(PROMPT)
        child.send("$kept = 'still' + 'here'\r")
        child.expect(PROMPT)
        child.send(f"'go'; {CATASTROPHIC}; 'not reached'\r")
        child.expect("go\r\n")
        time.sleep(0.5)
        child.sendintr()
        child.expect(PROMPT)
        assert "not reached" not in child.before
        child.send("$kept\r")
        child.expect("stillhere\r\n")
        child.expect(PROMPT)
    finally:
        child.terminate(force=True)
