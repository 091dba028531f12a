"""Disk images for provisioning tests (20 MiB, the documented minimum): raw MBR/GPT layouts written here, turned
into VHDs by qemu-img."""

from __future__ import annotations

import struct
import subprocess
import uuid
import zlib
from pathlib import Path

MIB = 1024 * 1024
ESP = uuid.UUID("c12a7328-f81f-11d2-ba4b-00a0c93ec93b")
BIOS_BOOT = uuid.UUID("21686148-6449-6e6f-744e-656564454649")
LINUX = uuid.UUID("0fc63daf-8483-4772-8e79-3d69de4725e4")


def mbr_disk(path: Path, size_mib: int = 20) -> Path:
    """A raw disk with one bootable Linux (0x83) partition from sector 2048."""
    disk = bytearray(size_mib * MIB)
    entry = struct.pack("<B3sB3sII", 0x80, b"\0\0\0", 0x83, b"\0\0\0", 2048, size_mib * 2048 - 2048)
    disk[446:462] = entry
    disk[510:512] = b"\x55\xaa"
    path.write_bytes(bytes(disk))
    return path


def gpt_disk(path: Path, partition_types: list[uuid.UUID], size_mib: int = 20) -> Path:
    """A raw disk with a protective MBR and a GPT holding one partition per given type."""
    sectors = size_mib * 2048
    disk = bytearray(size_mib * MIB)
    disk[446:462] = struct.pack("<B3sB3sII", 0, b"\0\0\0", 0xEE, b"\0\0\0", 1, sectors - 1)
    disk[510:512] = b"\x55\xaa"
    entries = bytearray(128 * 128)
    for i, kind in enumerate(partition_types):
        first = 2048 + i * 1024
        entries[i * 128:(i + 1) * 128] = (kind.bytes_le + uuid.uuid4().bytes_le
                                          + struct.pack("<QQQ", first, first + 1023, 0) + b"\0" * 72)
    header = bytearray(92)
    header[0:8] = b"EFI PART"
    struct.pack_into("<IIIIQQQQ16sQIII", header, 8, 0x00010000, 92, 0, 0, 1, sectors - 1, 34, sectors - 34,
                     uuid.uuid4().bytes_le, 2, 128, 128, zlib.crc32(entries))
    struct.pack_into("<I", header, 16, zlib.crc32(bytes(header)))
    disk[512:512 + 92] = header
    disk[1024:1024 + len(entries)] = entries
    path.write_bytes(bytes(disk))
    return path


def to_vhd(qemu_img: str, raw: Path, subformat: str = "fixed") -> Path:
    out = raw.with_suffix(f".{subformat}.vhd")
    options = f"subformat={subformat},force_size=on" if subformat == "fixed" else f"subformat={subformat}"
    subprocess.run([qemu_img, "convert", "-q", "-f", "raw", "-O", "vpc", "-o", options, str(raw), str(out)],
                   check=True)
    return out
