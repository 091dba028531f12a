"""A sample disk to practise on: the VHD an operator typically starts from, which Azure Stack Hub refuses as is.

`write_sample_vhd(path)` writes a dynamic VHD (as Hyper-V makes by default) with an MBR and one bootable Linux
partition, whose virtual size follows the CHS geometry of the VHD spec and so is not a whole number of MiB: two
of the reasons the guide names, for a runbook to find and fix. The partition holds what `partition` makes (a
root file system, e.g. `mkfs.ext4 -d` of a prepared tree: azskernel.imagecheck.testing.sample), else a few
scattered runs of data that no file-system reader recognises. Pure Python (VHD spec: "Hard Disk Footer
Format", "Dynamic Disk Header Format", "Block Allocation Table").
"""

from __future__ import annotations

import os
import random
import struct
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

from .dynamic import HEADER_CHECKSUM_OFFSET, HEADER_COOKIE, HEADER_FORMAT, HEADER_SIZE, SECTOR, UNALLOCATED
from .footer import (
    COOKIE,
    CREATOR_APP,
    CREATOR_HOST,
    CREATOR_VERSION,
    DISK_TYPE_DYNAMIC,
    FEATURES_RESERVED,
    FIXED_DATA_OFFSET,
    FOOTER_SIZE,
    VERSION,
    Footer,
    checksum,
    vhd_timestamp,
)
from .inspect import VhdInfo, get_vhd

MiB = 1024 * 1024
BLOCK_SIZE = 2 * MiB
BITMAP_SIZE = SECTOR
"""A 2 MiB block has 4096 sectors: a 512-byte bitmap."""
PARTITION_START = 2048
DATA_RUNS = (MiB, 6 * MiB, 17 * MiB + 4096, 31 * MiB)
RUN_LENGTH = 512 * 1024
CHUNK = 64 * 1024
"""A partition file is copied in chunks of this size; chunks of zeros stay holes of the dynamic VHD."""

Partition = Callable[[Path, int], Path]
"""(a work file to use, the partition's size in bytes) -> the file holding the partition's bytes."""


def chs_size(size: int) -> tuple[int, int, int, int]:
    """(cylinders, heads, sectors per track, bytes) that Hyper-V gives a disk asked for `size` bytes (VHD spec, CHS
    calculation): the bytes are cylinders × heads × sectors × 512, usually a little less than asked."""
    total = min(size // SECTOR, 65535 * 16 * 255)
    if total >= 65535 * 16 * 63:
        spt, heads = 255, 16
        track = total // spt
    else:
        spt = 17
        track = total // spt
        heads = max((track + 1023) // 1024, 4)
        if track >= heads * 1024 or heads > 16:
            spt, heads = 31, 16
            track = total // spt
        if track >= heads * 1024:
            spt, heads = 63, 16
            track = total // spt
    cylinders = track // heads
    return cylinders, heads, spt, cylinders * heads * spt * SECTOR


def _boot_sector(sectors: int) -> bytes:
    """An MBR with one bootable Linux partition (type 0x83) from sector 2048 to the end."""
    entry = struct.pack("<B3sB3sII", 0x80, b"\x00\x21\x00", 0x83, b"\xfe\xff\xff", PARTITION_START,
                        sectors - PARTITION_START)
    return b"\0" * 446 + entry + b"\0" * 48 + b"\x55\xaa"


def sample_contents(virtual_size: int, partition: Path | None = None) -> dict[int, bytes]:
    """Offset -> bytes of everything that is not zero: the MBR, then the partition file's data, or (without one)
    the same scattered runs every time."""
    contents = {0: _boot_sector(virtual_size // SECTOR)}
    if partition is not None:
        contents.update((PARTITION_START * SECTOR + offset, data) for offset, data in _data_chunks(partition))
        return contents
    rng = random.Random(7)
    for offset in DATA_RUNS:
        if offset + RUN_LENGTH <= virtual_size:
            contents[offset] = rng.randbytes(RUN_LENGTH)
    return contents


def _data_chunks(path: Path) -> Iterator[tuple[int, bytes]]:
    """(offset, bytes) of the file's chunks that hold something (its holes and runs of zeros are left out)."""
    with open(path, "rb") as f:
        offset = 0
        while chunk := f.read(CHUNK):
            if chunk.count(0) != len(chunk):
                yield offset, chunk
            offset += len(chunk)


def _footer(virtual_size: int, geometry: tuple[int, int, int]) -> bytes:
    cylinders, heads, spt = geometry
    return Footer(
        cookie=COOKIE, features=FEATURES_RESERVED, version=VERSION, data_offset=FOOTER_SIZE,
        timestamp=vhd_timestamp(time.time()), creator_app=CREATOR_APP, creator_version=CREATOR_VERSION,
        creator_host=CREATOR_HOST, original_size=virtual_size, current_size=virtual_size, cylinders=cylinders,
        heads=heads, sectors_per_track=spt, disk_type=DISK_TYPE_DYNAMIC, checksum=0, unique_id=uuid.uuid4().bytes,
        saved_state=0,
    ).to_bytes()


def _header(table_offset: int, entries: int) -> bytes:
    body = struct.pack(HEADER_FORMAT, HEADER_COOKIE, FIXED_DATA_OFFSET, table_offset, 0x00010000, entries, BLOCK_SIZE,
                       0, b"\0" * 16, 0, 0, b"\0" * 512).ljust(HEADER_SIZE, b"\0")
    return body[:HEADER_CHECKSUM_OFFSET] + struct.pack(">I", checksum(body)) + body[HEADER_CHECKSUM_OFFSET + 4:]


def dynamic_image(virtual_size: int, geometry: tuple[int, int, int], contents: dict[int, bytes]) -> bytes:
    """The bytes of a dynamic VHD holding `contents`: only the 2 MiB blocks they touch are allocated."""
    entries = -(-virtual_size // BLOCK_SIZE)
    table_offset = FOOTER_SIZE + HEADER_SIZE
    table_size = -(-entries * 4 // SECTOR) * SECTOR
    blocks: dict[int, bytearray] = {}
    for offset, data in contents.items():
        for index in range(offset // BLOCK_SIZE, (offset + len(data) - 1) // BLOCK_SIZE + 1):
            block = blocks.setdefault(index, bytearray(BLOCK_SIZE))
            start = max(offset, index * BLOCK_SIZE)
            end = min(offset + len(data), (index + 1) * BLOCK_SIZE)
            block[start - index * BLOCK_SIZE:end - index * BLOCK_SIZE] = data[start - offset:end - offset]
    bat = [UNALLOCATED] * entries
    body = bytearray()
    next_offset = table_offset + table_size
    for index in sorted(blocks):
        bat[index] = next_offset // SECTOR
        body += b"\xff" * BITMAP_SIZE + blocks[index]
        next_offset += BITMAP_SIZE + BLOCK_SIZE
    footer = _footer(virtual_size, geometry)
    table = struct.pack(f">{entries}I", *bat).ljust(table_size, b"\xff")
    return footer + _header(table_offset, entries) + table + bytes(body) + footer


def write_sample_vhd(path: str | os.PathLike[str], *, size: int = 40 * MiB,
                     partition: Partition | None = None) -> VhdInfo:
    """Writes the sample at `path` unless a file is already there (kept as is); returns Get-VHD's view of it.

    `partition(work, size)` makes the partition's contents (see `Partition`); errors it raises go to the caller
    and leave nothing behind. Written under a temporary name and linked into place, so that two notebooks making
    the same sample at once both end with one whole file."""
    target = Path(path)
    if not target.exists():
        cylinders, heads, spt, virtual_size = chs_size(size)
        target.parent.mkdir(parents=True, exist_ok=True)
        temp = target.with_name(f".{target.name}.{os.getpid()}.{uuid.uuid4().hex[:8]}.partial")
        work = temp.with_name(temp.name + ".partition")
        try:
            made = partition(work, virtual_size - PARTITION_START * SECTOR) if partition is not None else None
            image = dynamic_image(virtual_size, (cylinders, heads, spt), sample_contents(virtual_size, made))
            temp.write_bytes(image)
            try:
                os.link(temp, target)
            except FileExistsError:
                pass  # another run made it meanwhile: the same sample
        finally:
            temp.unlink(missing_ok=True)
            work.unlink(missing_ok=True)
    return get_vhd(target)
