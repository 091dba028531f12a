"""Get-VHD / Convert-VHD / Resize-VHD over azskernel.vhd, on real image files (raw and qemu-img's dynamic VHD)."""

from __future__ import annotations

import subprocess
from pathlib import Path

from tests.commands.harness import run_script

MIB = 1024 * 1024


def _raw(path: Path, size: int) -> None:
    with open(path, "wb") as fh:
        fh.write(b"\x01" * 512)
        fh.truncate(size)


def test_convert_get_and_resize(tmp_path: Path) -> None:
    _raw(tmp_path / "raw.img", 2 * MIB)
    r = run_script(
        "Convert-VHD raw.img fixed.vhd -VHDType Fixed; $v = Get-VHD fixed.vhd; $v.VhdFormat; $v.VhdType; $v.Size; "
        "Resize-VHD fixed.vhd -SizeBytes 20MB; (Get-VHD fixed.vhd).Size; (Resize-VHD fixed.vhd 21MB -Passthru).FileSize",
        tmp_path,
    )
    assert r.err == ""
    assert r.out == f"VHD\nFixed\n{2 * MIB}\n{20 * MIB}\n{21 * MIB + 512}\n"
    view = run_script("Get-VHD fixed.vhd", tmp_path).out
    assert view.startswith(f"\nPath               : {tmp_path / 'fixed.vhd'}\nVhdFormat          : VHD\nVhdType            : Fixed\n")


def test_dynamic_vhd_from_qemu_img_becomes_fixed(tmp_path: Path, qemu_img: str) -> None:
    subprocess.run([qemu_img, "create", "-q", "-f", "vpc", str(tmp_path / "dyn.vhd"), "24M"], check=True)
    r = run_script("(Get-VHD dyn.vhd).VhdType; (Convert-VHD dyn.vhd fixed.vhd -Passthru).VhdType", tmp_path)
    assert r.out == "Dynamic\nFixed\n", r.err


def test_toolkit_errors_become_pwsh_errors(tmp_path: Path) -> None:
    _raw(tmp_path / "raw.img", 2 * MIB)
    r = run_script("Get-VHD nope.vhd; Convert-VHD raw.img raw.img; Resize-VHD raw.img 3000000; 'after'", tmp_path)
    assert r.out == "after\n"
    lines = r.err.splitlines()
    assert lines[0].startswith("Get-VHD: No disk image at ")
    assert lines[1].startswith("Convert-VHD: The destination ")
    assert lines[2].startswith("Resize-VHD: 3000000 bytes is not a whole number of MiB")
    r = run_script("try { Get-VHD nope.vhd -ErrorAction Stop } catch { $_.FullyQualifiedErrorId; $_.CategoryInfo.Category }", tmp_path)
    assert r.out.splitlines()[0].startswith("VhdNotFound,Microsoft.Vhd.PowerShell.Cmdlets.GetVHD")
    assert r.out.splitlines()[1] == "ObjectNotFound"


def test_convert_reports_progress_and_honours_whatif(tmp_path: Path) -> None:
    _raw(tmp_path / "raw.img", 4 * MIB)
    r = run_script("Convert-VHD raw.img out.vhd -WhatIf", tmp_path)
    assert r.out.startswith("What if: Performing the operation")
    assert not (tmp_path / "out.vhd").exists()
    r = run_script("Convert-VHD -Path raw.img -DestinationPath out.vhd -VHDType Dynamic", tmp_path)
    assert "Convert-VHD: -VHDType Dynamic is not supported" in r.err
