"""The four images of the issue's Failed causes plus a good one, made with qemu-img and struct (no mount)."""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path

from tests.vhd.images import ESP, LINUX_FS, MiB, gpt_structures, make_raw, mbr, write_at

SIZE = 20 * MiB


@dataclass(frozen=True)
class Images:
    fixed: Path
    """Fixed VHD, MBR, 20 MiB: what the stamp accepts."""
    dynamic: Path
    unaligned: Path
    """Fixed VHD whose virtual size is not a whole MiB."""
    gen2: Path
    """Fixed VHD, GPT with an EFI system partition only: boots as generation 2 only."""


def _vhd(qemu_img: str, raw: Path, out: Path, subformat: str, force_size: bool = True) -> Path:
    opts = f"subformat={subformat}" + (",force_size=on" if force_size else "")
    subprocess.run([qemu_img, "convert", "-f", "raw", "-O", "vpc", "-o", opts, str(raw), str(out)],
                   check=True, capture_output=True)
    return out


def make_images(qemu_img: str, folder: Path) -> Images:
    folder.mkdir(parents=True, exist_ok=True)
    mbr_raw = make_raw(folder / "mbr.raw", SIZE, [(0, mbr([(0x83, 2048, SIZE // 512 - 2048)])), (MiB, b"\x53\xef" * 512)])
    gpt_raw = make_raw(folder / "gpt.raw", SIZE)
    write_at(gpt_raw, gpt_structures(SIZE, [(ESP, 2048, 4095), (LINUX_FS, 4096, SIZE // 512 - 40)]))
    odd_raw = make_raw(folder / "odd.raw", SIZE + 3 * 512, [(0, mbr([(0x83, 2048, 30000)]))])
    return Images(
        fixed=_vhd(qemu_img, mbr_raw, folder / "fixed.vhd", "fixed"),
        dynamic=_vhd(qemu_img, mbr_raw, folder / "dynamic.vhd", "dynamic"),
        unaligned=_vhd(qemu_img, odd_raw, folder / "unaligned.vhd", "fixed"),
        gen2=_vhd(qemu_img, gpt_raw, folder / "gen2.vhd", "fixed"),
    )
