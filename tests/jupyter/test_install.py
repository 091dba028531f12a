"""`azs kernel install`: the kernel spec, its logos, and where it lands."""

from __future__ import annotations

import json
import os
import struct
import subprocess
import sys
import zlib
from pathlib import Path

from jupyter_client.kernelspec import KernelSpecManager

from azskernel.jupyter import install
from azskernel.jupyter.logos import logo_paths, render_png

REPO = Path(__file__).resolve().parents[2]


def _png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    length, kind = struct.unpack(">I4s", data[8:16])
    assert kind == b"IHDR" and length == 13
    width, height = struct.unpack(">II", data[16:24])
    assert zlib.crc32(data[12:29]) & 0xFFFFFFFF == struct.unpack(">I", data[29:33])[0]
    return width, height


def test_shipped_logos_are_the_rendered_ones_at_their_sizes():
    for size, path in logo_paths().items():
        data = path.read_bytes()
        assert _png_size(data) == (size, size)
        assert data == render_png(size), f"{path.name} is stale: run python -m azskernel.jupyter.logos"


def test_kernelspec_runs_this_interpreter_and_declares_the_language(tmp_path: Path):
    folder = install.write_kernelspec(tmp_path / "spec")
    spec = json.loads((folder / "kernel.json").read_text())
    assert spec["argv"] == [sys.executable, "-m", "azskernel.jupyter", "-f", "{connection_file}"]
    assert spec["display_name"] == "Azure Stack Hub PowerShell"
    assert spec["language"] == "powershell"
    assert spec["metadata"] == {"debugger": False}
    assert sorted(p.name for p in folder.iterdir()) == ["kernel.json", "logo-32x32.png", "logo-64x64.png"]


def test_install_into_a_prefix_is_found_through_jupyter_path(tmp_path: Path, capsys):
    assert install.main(["install", "--prefix", str(tmp_path)]) == 0
    folder = tmp_path / "share" / "jupyter" / "kernels" / "azs-powershell"
    assert "Installed kernel spec 'azs-powershell'" in capsys.readouterr().out
    manager = KernelSpecManager(kernel_dirs=[str(tmp_path / "share" / "jupyter" / "kernels")])
    spec = manager.get_kernel_spec("azs-powershell")
    assert spec.display_name == "Azure Stack Hub PowerShell"
    assert spec.language == "powershell"
    assert (folder / "logo-64x64.png").is_file()


def test_azs_kernel_install_through_the_cli(tmp_path: Path):
    env = {**os.environ, "JUPYTER_DATA_DIR": str(tmp_path / "data"), "HOME": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, "-m", "azskernel.cli", "kernel", "install", "--user"],
        capture_output=True, text=True, env=env, timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "data" / "kernels" / "azs-powershell" / "kernel.json").is_file()


def test_bad_arguments_say_what_to_do(capsys):
    assert install.main([]) == 2
    assert "install or uninstall" in capsys.readouterr().err
    assert install.main(["install", "--user", "--sys-prefix"]) == 2
    assert "not allowed with argument" in capsys.readouterr().err


def test_unwritable_target_is_a_clear_error_not_a_traceback(tmp_path: Path, capsys):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    assert install.main(["install", "--prefix", str(blocker)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("azs kernel: Cannot write the kernel spec into prefix")
    assert "Traceback" not in err
