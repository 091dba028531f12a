"""Test images: sparse raw files with random data in scattered extents, qemu-img conversions, partition tables.

Partition tables are written here with struct (UEFI spec 5.2-5.3), independently of azskernel.vhd.partitions.
"""

from __future__ import annotations

import os
import random
import struct
import subprocess
import uuid
import zlib
from pathlib import Path

MiB = 1024 * 1024
ESP = "c12a7328-f81f-11d2-ba4b-00a0c93ec93b"
BIOS_BOOT = "21686148-6449-6e6f-744e-656564454649"
LINUX_FS = "0fc63daf-8483-4772-8e79-3d69d8477de4"
MSR = "e3c9e316-0b5c-4db8-817d-f92df00215ae"

QEMU_FORMAT = {"raw": "raw", "vhd": "vpc", "vhdx": "vhdx"}


def scattered_extents(seed: int, size: int, count: int, max_len: int = 300_000) -> list[tuple[int, bytes]]:
    """`count` runs of random bytes at random, unaligned offsets (some crossing block boundaries)."""
    rng = random.Random(seed)
    out = []
    for _ in range(count):
        length = rng.randint(1, max_len)
        offset = rng.randrange(0, size - length)
        out.append((offset, rng.randbytes(length)))
    # the last sector and a run across the 2 MiB and 8 MiB block boundaries: edge cases for block maps
    out.append((size - 512, rng.randbytes(512)))
    out.append((8 * MiB - 1000, rng.randbytes(3000)))
    return out


def make_raw(path: Path, size: int, extents: list[tuple[int, bytes]] = ()) -> Path:
    with open(path, "wb") as f:
        f.truncate(size)
        for offset, data in extents:
            f.seek(offset)
            f.write(data)
    return path


def qemu_convert(qemu_img: str, src: Path, src_fmt: str, dst: Path, dst_fmt: str, *options: str) -> Path:
    cmd = [qemu_img, "convert", "-f", QEMU_FORMAT[src_fmt], "-O", QEMU_FORMAT[dst_fmt]]
    if options:
        cmd += ["-o", ",".join(options)]
    subprocess.run(cmd + [str(src), str(dst)], check=True, capture_output=True)
    return dst


def image_set(qemu_img: str, raw: Path, cases: dict[str, tuple[str, tuple[str, ...]]]) -> dict[str, tuple[Path, str]]:
    """name -> (image, format) for every (format, qemu-img options) case, made from `raw` ("raw" is `raw` itself)."""
    out = {}
    for name, (fmt, options) in cases.items():
        image = raw if fmt == "raw" else qemu_convert(qemu_img, raw, "raw", raw.with_name(f"{name}.{fmt}"), fmt,
                                                      *options)
        out[name] = (image, fmt)
    return out


def qemu_to_raw(qemu_img: str, src: Path, src_fmt: str, dst: Path) -> bytes:
    qemu_convert(qemu_img, src, src_fmt, dst, "raw")
    return dst.read_bytes()


def qemu_compare(qemu_img: str, a: Path, a_fmt: str, b: Path, b_fmt: str) -> subprocess.CompletedProcess:
    return subprocess.run([qemu_img, "compare", "-f", QEMU_FORMAT[a_fmt], "-F", QEMU_FORMAT[b_fmt], str(a),
                           str(b)], capture_output=True, text=True)


def mbr(partitions: list[tuple[int, int, int]], *, boot: bool = True) -> bytes:
    """A master boot record with (type byte, first LBA, sector count) entries."""
    sector = bytearray(512)
    for i, (kind, first, count) in enumerate(partitions):
        entry = struct.pack("<B3sB3sII", 0x80 if boot and i == 0 else 0, b"\xff\xff\xfe", kind, b"\xff\xff\xfe",
                            first, count)
        sector[446 + 16 * i : 462 + 16 * i] = entry
    sector[510:512] = b"\x55\xaa"
    return bytes(sector)


def gpt_structures(disk_size: int, partitions: list[tuple[str, int, int]], sector: int = 512
                   ) -> list[tuple[int, bytes]]:
    """(offset, bytes) of a protective MBR, primary GPT, and backup GPT for (type guid, first LBA, last LBA)."""
    lbas = disk_size // sector
    entries = bytearray(128 * 128)
    for i, (kind, first, last) in enumerate(partitions):
        entries[i * 128 : (i + 1) * 128] = struct.pack("<16s16sQQQ72s", uuid.UUID(kind).bytes_le,
                                                       uuid.uuid4().bytes_le, first, last, 0,
                                                       f"part{i + 1}".encode("utf-16-le"))
    entries_crc = zlib.crc32(entries)
    entry_sectors = len(entries) // sector

    def header(my_lba: int, alt_lba: int, entries_lba: int) -> bytes:
        fields = [b"EFI PART", 0x00010000, 92, 0, 0, my_lba, alt_lba, 2 + entry_sectors,
                  lbas - 2 - entry_sectors, uuid.uuid4().bytes_le, entries_lba, 128, 128, entries_crc]
        raw = struct.pack("<8sIIIIQQQQ16sQIII", *fields)
        fields[3] = zlib.crc32(raw)
        return struct.pack("<8sIIIIQQQQ16sQIII", *fields).ljust(sector, b"\0")

    protective = mbr([(0xEE, 1, min(lbas - 1, 0xFFFFFFFF))], boot=False)
    return [
        (0, protective),
        (sector, header(1, lbas - 1, 2)),
        (2 * sector, bytes(entries)),
        ((lbas - 1 - entry_sectors) * sector, bytes(entries)),
        ((lbas - 1) * sector, header(lbas - 1, 1, lbas - 1 - entry_sectors)),
    ]


def write_at(path: Path, pieces: list[tuple[int, bytes]]) -> None:
    fd = os.open(path, os.O_RDWR)
    try:
        for offset, data in pieces:
            os.pwrite(fd, data, offset)
    finally:
        os.close(fd)


VHDX_LOGICAL_SECTOR_SIZE = "8141bf1d-a96f-4709-ba47-f233a8faab5f"
VHDX_VIRTUAL_DISK_SIZE = "2fa54224-cd1b-4876-b211-5dbed83bf4b8"


def patch_vhdx_metadata(data: bytes, item: str, value: bytes) -> bytes:
    """`data` (a whole VHDX) with the value of metadata item `item` (a GUID) overwritten (MS-VHDX 2.6)."""
    metadata_at = data.index(b"metadata", 192 * 1024)
    (count,) = struct.unpack_from("<H", data, metadata_at + 10)
    wanted = uuid.UUID(item).bytes_le
    for i in range(count):
        entry = metadata_at + 32 + 32 * i
        if data[entry : entry + 16] == wanted:
            (offset,) = struct.unpack_from("<I", data, entry + 16)
            at = metadata_at + offset
            return data[:at] + value + data[at + len(value) :]
    raise LookupError(f"no metadata item {item}")


def fix_vhd_checksum(data: bytes, at: int, checksum_at: int = 64, length: int = 512) -> bytes:
    """`data` with the VHD-style checksum of the structure at `at` recomputed (footer: 64/512; header: 36/1024)."""
    block = bytearray(data[at : at + length])
    block[checksum_at : checksum_at + 4] = bytes(4)
    block[checksum_at : checksum_at + 4] = struct.pack(">I", ~sum(block) & 0xFFFFFFFF)
    return data[:at] + bytes(block) + data[at + length :]
