"""`azs -NoProfile -Command/-File` as pwsh: stdout, stderr in the concise view, exit codes, no tracebacks."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.runtime.interp_support import run
from tests.support.shared import SEED_CASES

AZS = Path(sys.executable).with_name("azs")
SEED = SEED_CASES


def azs(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(AZS), *args], capture_output=True, text=True, timeout=60, cwd=cwd)


def test_command_prints_output_and_exits_0() -> None:
    done = azs("-NoProfile", "-NonInteractive", "-Command", "1+1; 'x'")
    assert done.stdout == "2\nx\n" and done.returncode == 0 and done.stderr == ""


def test_file_with_arguments_and_exit_code(tmp_path: Path) -> None:
    script = tmp_path / "s.ps1"
    script.write_text("param($Name)\n\"hi $Name\"\n$args[0]\nexit 5\n", encoding="utf-8")
    done = azs("-NoProfile", "-File", str(script), "-Name", "Bob", "extra")
    assert done.stdout == "hi Bob\nextra\n"
    assert done.returncode == 5


def test_terminating_error_goes_to_stderr_with_exit_1(tmp_path: Path) -> None:
    script = tmp_path / "t.ps1"
    script.write_text("'before'\nthrow 'it broke'\n", encoding="utf-8")
    done = azs("-NoProfile", "-File", str(script))
    assert done.stdout == "before\n"
    assert done.returncode == 1
    assert done.stderr.splitlines()[0] == f"Exception: {script}:2"
    assert "     | it broke" in done.stderr


def test_parse_error_is_a_parser_error(tmp_path: Path) -> None:
    script = tmp_path / "p.ps1"
    script.write_text("if ($x {\n", encoding="utf-8")
    done = azs("-NoProfile", "-File", str(script))
    assert done.returncode == 1 and done.stdout == ""
    assert done.stderr.startswith(f"ParserError: {script}:1")
    assert "Traceback" not in done.stderr


def test_missing_script_file() -> None:
    done = azs("-NoProfile", "-File", "/no/such/script.ps1")
    assert done.returncode == 64 and "is not recognized as the name of a script file" in done.stderr


@pytest.mark.parametrize("name", sorted(p.name for p in SEED.glob("*.ps1")))
def test_seed_scripts_parse_and_fail_clearly(name: str) -> None:
    from azskernel.language import parse

    text = (SEED / name).read_text(encoding="utf-8-sig")
    parse(text)
    out, err, _ = run(text, "x")
    assert "Traceback" not in err and "internal error" not in err


BROKEN = [
    "if (", "}", "{", "@{ a = }", "$x = ", "foo |", "| foo", "1 +* 2", "'abc", '"abc', "@'\nx", "function {",
    "[int", "$a[", "$a.", "param(", "switch ($x) { 1 }", "try { }", "for (;;", "& ", "-", "$", "@",
    "[nosuch.type]::x", "$null.Foo()", "1/0", "[int]'x'", "Get-NoSuch", "$a = @(1,2); $a[5].x.y()",
    "New-Object No.Such.Type", "'a' -match '('", "[math]::Nope()", "1..", "$h = @{}; $h.Add(1,1); $h.Add(1,2)",
    "function f { param([Parameter(Mandatory)]$x) }; f", "Get-Item -NoSuchParam", "Write-Output -InputObject",
    "Select-Object -First x", "ForEach-Object", "Where-Object", "[datetime]'not a date'", "$x = [uri]'::'",
    "'{0' -f 1", "'{5}' -f 1", "class Foo { }", "throw", "break", "continue", "return", "exit 'a'",
    "$function:foo = 1", "${", "$(", "@(", "1 2 3", "(1", "$a,", "::", "a.b.c(", "[ValidateSet()]$x = 1",
    "Set-Variable -Name x -Value 1 -Scope nope", "& { param($a) } -b", "$env:", "%", "?", "..\\nothing.ps1",
]


@pytest.mark.parametrize("source", BROKEN)
def test_broken_scripts_never_show_a_traceback(source: str) -> None:
    out, err, code = run(source)
    assert "Traceback" not in err + out
    assert "internal error" not in err, err
    assert code in (0, 1)


@pytest.mark.parametrize("name", sorted(p.name for p in SEED.glob("*.ps1")))
def test_seed_without_azure_cmdlets_names_the_missing_command(name: str) -> None:
    import io

    from azskernel.engine import create_session
    from azskernel.shell.script import ScriptHost

    text = (SEED / name).read_text(encoding="utf-8-sig")
    out, err = io.StringIO(), io.StringIO()
    host = ScriptHost(out, err)
    session = create_session(host, azure=False)
    session.run(text, file=str(SEED / name))
    host.finish()
    # the first command each block runs (01 assigns variables first)
    first_command = "New-AzResourceGroup" if name.startswith("01") else text.split()[0]
    assert f"The term '{first_command}' is not recognized as a name of a cmdlet" in err.getvalue()
    assert "Traceback" not in err.getvalue()
