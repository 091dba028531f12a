"""`azs -File` on a terminal shows pwsh's progress bar during an upload (real Azurite, a real VHD, a real pty),
at the terminal's width; with stderr redirected it shows nothing."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.jupyter.test_kernel_upload import _fixed_vhd, _sas_url

pexpect = pytest.importorskip("pexpect")

@pytest.fixture(scope="module")
def container(azurite: Any) -> None:
    """The container _sas_url names (the kernel tests may have made it already on the shared Azurite)."""
    from azure.core.exceptions import ResourceExistsError
    from azure.storage.blob import BlobServiceClient

    service = BlobServiceClient.from_connection_string(azurite.connection_string, connection_verify=str(azurite.ca_bundle))
    try:
        service.create_container("kernel-vhds")
    except ResourceExistsError:
        pass


_ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")
COLUMNS = 100


def _script(tmp_path: Path, azurite: Any, qemu_img: str, blob: str) -> Path:
    vhd = _fixed_vhd(qemu_img, tmp_path / f"{blob}.vhd", 96, 32)
    script = tmp_path / f"{blob}.ps1"
    script.write_text(f"$r = Add-AzVhd -Destination '{_sas_url(azurite, blob)}' -LocalFilePath '{vhd}' -NumberOfUploaderThreads 2\n"
                      "'uploaded'\n")
    return script


def _env(azurite: Any, tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
    env.update(AZS_CA_BUNDLE=str(azurite.ca_bundle), AZS_CONFIG_DIR=str(tmp_path / "config"), TERM="xterm")
    return env


def test_the_bar_is_drawn_on_a_terminal_at_its_width(azurite: Any, container: Any, qemu_img: str, tmp_path: Path) -> None:
    azs = str(Path(sys.executable).with_name("azs"))
    child = pexpect.spawn(azs, ["-NoProfile", "-File", str(_script(tmp_path, azurite, qemu_img, "pty.vhd"))],
                          env=_env(azurite, tmp_path), dimensions=(24, COLUMNS), timeout=120, encoding="utf-8")
    child.expect(pexpect.EOF)
    child.close()
    screen = child.before
    assert child.exitstatus == 0, screen
    draws = [d for d in screen.split("\r\x1b[K") if "Add-AzVhd" in d]
    assert len(draws) >= 2, screen
    bars = [_ANSI.sub("", d.split("\r")[0].split("\n")[0]) for d in draws]
    # pwsh's minimal view: the activity, then the status inside a bracket that fills the line
    assert all(b.startswith("Add-AzVhd [") and b.endswith("]") for b in bars), bars
    assert all(len(b) == COLUMNS - 1 for b in bars), [len(b) for b in bars]
    assert "\x1b[7m" in draws[0], "the done part of the bracket is in reverse video"
    percents = [int(m.group(1)) for b in bars if (m := re.search(r"\[\w+ (\d+)% of ", b))]
    assert percents == sorted(percents) and percents[-1] == 100, bars
    assert any(b.startswith("Add-AzVhd [done 100% of ") for b in bars), bars[-2:]
    assert screen.rstrip().endswith("uploaded"), "the bar is taken down before the output"


def test_no_bar_when_stderr_is_not_a_terminal(azurite: Any, container: Any, qemu_img: str, tmp_path: Path) -> None:
    azs = str(Path(sys.executable).with_name("azs"))
    result = subprocess.run([azs, "-NoProfile", "-File", str(_script(tmp_path, azurite, qemu_img, "piped.vhd"))],
                            env=_env(azurite, tmp_path), capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert result.stdout == "uploaded\n"
    assert result.stderr == ""
