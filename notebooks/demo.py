"""Interim demo (until the notebooks land): prepare a VHD for Azure Stack Hub with azskernel.vhd.

Makes a small dynamic, MBR-partitioned VHD whose virtual size is not a whole MiB (as qemu-img makes them without
force_size), shows why Azure Stack Hub would refuse it (Get-VHD), converts it to a fixed VHD of a whole number
of MiB (Convert-VHD, streaming, sparse output), and shows it is now ready. Files go to out/demo/.

    .venv/bin/python notebooks/demo.py
"""

from __future__ import annotations

import os
import random
import shutil
import subprocess
import sys
from pathlib import Path

from azskernel.vhd import VhdError, VhdInfo, check_file, convert_vhd, get_vhd, nearest_valid_sizes

MiB = 1024 * 1024
OUT = Path("out/demo")
FIELDS = ("VhdFormat", "VhdType", "FileSize", "Size", "MinimumSize", "BlockSize", "PartitionStyle",
          "AzureStackHubReady")


def step(number: int, text: str) -> None:
    print(f"[{number}/6] {text}", flush=True)


def describe(info: VhdInfo) -> None:
    values = info.to_dict()
    print("      " + ", ".join(f"{name}={values[name]}" for name in FIELDS))
    for reason in info.Reasons:
        print(f"      - {reason}")


def make_sample(qemu_img: str) -> Path:
    """A 40 MiB raw disk with one Linux partition and some data, turned into a dynamic VHD by qemu-img."""
    raw = OUT / "sample.raw"
    size = 40 * MiB
    mbr = bytearray(512)
    # one bootable Linux (0x83) partition from sector 2048 to the end
    mbr[446:462] = bytes([0x80, 0xFE, 0xFF, 0xFF, 0x83, 0xFE, 0xFF, 0xFF]) + (2048).to_bytes(4, "little") + (
        size // 512 - 2048).to_bytes(4, "little")
    mbr[510:512] = b"\x55\xaa"
    rng = random.Random(2)
    with open(raw, "wb") as f:
        f.truncate(size)
        f.write(mbr)
        for offset in (MiB, 5 * MiB, 17 * MiB + 4096, 33 * MiB):
            f.seek(offset)
            f.write(rng.randbytes(256 * 1024))
    dynamic = OUT / "sample-dynamic.vhd"
    # without force_size qemu-img rounds the size up to a CHS geometry: the classic cause of rejection
    subprocess.run([qemu_img, "convert", "-f", "raw", "-O", "vpc", "-o", "subformat=dynamic", str(raw),
                    str(dynamic)], check=True)
    raw.unlink()
    return dynamic


def main() -> int:
    qemu_img = shutil.which("qemu-img")
    if qemu_img is None:
        print("The demo makes its sample with qemu-img: install Debian's qemu-utils (make bootstrap does).",
              file=sys.stderr)
        return 1
    if OUT.exists():
        shutil.rmtree(OUT)
    OUT.mkdir(parents=True)
    try:
        step(1, "Making a dynamic, MBR-partitioned sample VHD with qemu-img")
        dynamic = make_sample(qemu_img)
        print(f"      {dynamic} ({dynamic.stat().st_size} bytes on disk)")

        step(2, "Get-VHD -Path sample-dynamic.vhd")
        before = get_vhd(dynamic)
        describe(before)

        _, target = nearest_valid_sizes(before.Size)
        fixed = OUT / "sample-fixed.vhd"
        step(3, f"Convert-VHD -Path {dynamic.name} -DestinationPath {fixed.name} -VHDType Fixed "
                f"(size {target} bytes = {target // MiB} MiB)")
        seen: list[int] = []
        convert_vhd(dynamic, fixed, size_bytes=target, progress=lambda done, total: seen.append(done * 100 // total))
        used = fixed.stat().st_blocks * 512
        print(f"      progress reached {seen[-1]}%; {fixed.stat().st_size} bytes long, {used} bytes on disk (sparse)")

        step(4, f"Get-VHD -Path {fixed.name}")
        after = get_vhd(fixed)
        describe(after)

        step(5, "Preflight on the file's own bytes (what the Azure side reads from the blob)")
        findings = check_file(fixed)
        print(f"      {len([f for f in findings if f.severity == 'error'])} errors, "
              f"{len([f for f in findings if f.severity != 'error'])} warnings")

        step(6, "qemu-img compare: the fixed VHD holds the same disk as the dynamic one")
        same = subprocess.run([qemu_img, "compare", "-f", "vpc", "-F", "vpc", str(dynamic), str(fixed)],
                              capture_output=True, text=True)
        print("      " + "; ".join((same.stdout + same.stderr).split("\n")).strip("; ").replace("!", ""))
    except VhdError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    ok = not before.AzureStackHubReady and after.AzureStackHubReady and same.returncode == 0
    print("Ready for Add-AzVhd and Add-AzsPlatformImage." if ok else "Unexpected result: see above.")
    return 0 if ok else 1


if __name__ == "__main__":
    os.umask(0o022)
    sys.exit(main())
