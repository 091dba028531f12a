"""Small disk images for the magics and notebook tests: an MBR disk (generation 1) as fixed and dynamic VHDs."""

from __future__ import annotations

import struct
import subprocess
from dataclasses import dataclass
from pathlib import Path

MiB = 1024 * 1024


def mbr_sector(start: int, sectors: int) -> bytes:
    """A boot sector with one Linux partition (type 0x83)."""
    entry = struct.pack("<B3sB3sII", 0x80, b"\x00\x02\x00", 0x83, b"\xfe\xff\xff", start, sectors)
    return b"\x00" * 446 + entry + b"\x00" * 48 + b"\x55\xaa"


@dataclass(frozen=True)
class Disks:
    fixed: Path
    dynamic: Path


def make_disks(qemu_img: str, folder: Path, size: int = 20 * MiB) -> Disks:
    folder.mkdir(parents=True, exist_ok=True)
    raw = folder / "disk.raw"
    with raw.open("wb") as f:
        f.truncate(size)
        f.write(mbr_sector(2048, size // 512 - 2048))
        f.seek(MiB)
        f.write(b"\x53\xef" * 2048)  # some data past the partition start, so the upload has pages to send
    out = {}
    for kind in ("fixed", "dynamic"):
        target = folder / f"{kind}.vhd"
        subprocess.run([qemu_img, "convert", "-f", "raw", "-O", "vpc", "-o", f"subformat={kind},force_size=on",
                        str(raw), str(target)], check=True, capture_output=True)
        out[kind] = target
    raw.unlink()
    return Disks(**out)
