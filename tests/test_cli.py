"""`azs` itself: the version, complete help, "did you mean" for subcommands, the kernel installer's ipykernel
flags, and pwsh's "most similar" feedback for commands, parameters and magics."""

from __future__ import annotations

import io
import json
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any

import pytest

REPO = Path(__file__).resolve().parents[1]
AZS = str(Path(sys.executable).with_name("azs"))


def _azs(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([AZS, *args], capture_output=True, text=True, timeout=120, cwd=cwd)


def test_version_comes_from_the_package_metadata() -> None:
    version = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["version"]
    assert _azs("--version").stdout == f"azs {version}, PowerShell 7.4-compatible\n"
    from azskernel.jupyter.kernel import AzsKernel
    from azskernel.version import USER_AGENT

    assert AzsKernel.implementation_version == version and USER_AGENT == f"azs-notebook/{version}"


def test_help_names_every_subcommand_and_option() -> None:
    text = _azs("--help").stdout
    for needle in ("-Command", "-File", "lab up", "lab down", "status", "lab env", "lab approve", "lab faults",
                   "kernel install", "--user", "--sys-prefix", "--prefix", "--name", "--display-name", "--env",
                   "kernel uninstall", "notebooks copy", "notebooks list", "%load_ext azsmagics", "--version"):
        assert needle in text, needle


def test_an_unknown_subcommand_gets_a_hint(tmp_path: Path) -> None:
    result = _azs("labb", cwd=tmp_path)
    assert result.returncode == 64
    assert result.stderr.startswith("azs: 'labb' is neither a subcommand nor a script file.")
    assert "\tazs lab\n" in result.stderr
    (tmp_path / "labb").write_text("'a script'\n")
    assert _azs("labb", cwd=tmp_path).stdout == "a script\n", "a script file of that name still runs"


def test_kernel_install_takes_ipykernels_flags(tmp_path: Path) -> None:
    result = _azs("kernel", "install", "--prefix", str(tmp_path), "--name", "azs-stamp1", "--display-name", "Stamp 1",
                  "--env", "AZS_CA_BUNDLE", "/etc/stamp1-ca.pem", "--env", "AZS_CONFIG_DIR", "/srv/azs")
    assert result.returncode == 0, result.stderr
    spec = json.loads((tmp_path / "share" / "jupyter" / "kernels" / "azs-stamp1" / "kernel.json").read_text())
    assert spec["display_name"] == "Stamp 1"
    assert spec["env"] == {"AZS_CA_BUNDLE": "/etc/stamp1-ca.pem", "AZS_CONFIG_DIR": "/srv/azs"}
    refused = _azs("kernel", "install", "--prefix", str(tmp_path), "--env", "AZS_CLIENT_SECRET", "s3cret")
    assert refused.returncode == 1 and "looks like a secret" in refused.stderr and "s3cret" not in refused.stderr
    assert _azs("kernel", "install", "--prefix", str(tmp_path), "--name", "no spaces").returncode == 2


def test_most_similar_commands_and_parameters_in_the_interactive_shell() -> None:
    from azskernel.engine import create_session
    from azskernel.runtime.suggestions import feedback
    from azskernel.shell.host import ConsoleHost

    out, err = io.StringIO(), io.StringIO()
    host = ConsoleHost(out, err, interactive=False, colour=False)
    session = create_session(host, azure=True)
    host.feedback = lambda record: feedback(session, record)
    session.run("Get-AzsPlatformImag; Get-Date -Yeer 2020")
    text = err.getvalue()
    assert ("Get-AzsPlatformImag: The term 'Get-AzsPlatformImag' is not recognized as a name of a cmdlet, function, "
            "script file, or executable program.\n") in text
    assert "\n[General Feedback]\n  The most similar commands are:\n    \u27a4 Get-AzsPlatformImage, " in text
    assert "\n[General Feedback]\n  The most similar parameters are:\n    \u27a4 -Year\n" in text


def test_scripts_print_no_feedback(tmp_path: Path) -> None:
    result = _azs("-NoProfile", "-Command", "Get-ChildItm")
    assert result.returncode == 1 and "General Feedback" not in result.stderr


def test_most_similar_magics(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from IPython.core.interactiveshell import InteractiveShell
    from traitlets.config import Config

    monkeypatch.setenv("AZS_CONFIG_DIR", str(tmp_path))
    cfg = Config()
    cfg.HistoryManager.hist_file = ":memory:"
    ip: Any = InteractiveShell(config=cfg)
    ip.run_line_magic("load_ext", "azsmagics")
    try:
        result = ip.run_cell("images = %Get-AzsPlatformImag -Location local", store_history=False)
        message = str(result.error_in_exec)
        assert message.startswith("Line magic function `%Get-AzsPlatformImag` not found.")
        assert "The most similar magics are: %Get-AzsPlatformImage" in message
        assert ip.run_cell("%%pwsh\n$y = 6 * 7", store_history=False).success and ip.user_ns["y"] == 42
    finally:
        ip.run_line_magic("unload_ext", "azsmagics")
        ip.clear_instance()
