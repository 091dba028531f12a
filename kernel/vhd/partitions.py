"""The partition table in the first sectors of a virtual disk: MBR, protective MBR, GPT (UEFI spec, chapter 5).

Used for the generation rule (Azure Stack Hub boots generation 1, i.e. BIOS, only) and for the minimum size a
disk can be shrunk to. Works on any `read_at(offset, length)`: a local view or ranged GETs on a blob.
"""

from __future__ import annotations

import struct
import uuid
import zlib
from collections.abc import Callable
from dataclasses import dataclass

ReadAt = Callable[[int, int], bytes]

MBR_SIGNATURE = b"\x55\xaa"
MBR_ENTRIES_OFFSET = 446
MBR_ENTRY_FORMAT = "<B3sB3sII"  # status, first CHS, type, last CHS, first LBA, sector count
MBR_PROTECTIVE = 0xEE
GPT_SIGNATURE = b"EFI PART"
# signature, revision, header size, header CRC32, reserved, my LBA, alternate LBA, first usable LBA,
# last usable LBA, disk GUID, partition entry LBA, number of entries, entry size, entries CRC32 (UEFI 5.3.2)
GPT_HEADER_FORMAT = "<8sIIIIQQQQ16sQIII"
GPT_ENTRY_FORMAT = "<16s16sQQQ72s"  # type GUID, unique GUID, first LBA, last LBA, attributes, name (UTF-16LE)
GPT_MAX_ENTRIES_BYTES = 1024 * 1024
GPT_BACKUP_SECTORS = 33
"""The backup GPT at the end of the disk: 32 sectors of entries and the header (for 128 entries of 128 bytes)."""

ESP = uuid.UUID("c12a7328-f81f-11d2-ba4b-00a0c93ec93b")
BIOS_BOOT = uuid.UUID("21686148-6449-6e6f-744e-656564454649")
MICROSOFT_RESERVED = uuid.UUID("e3c9e316-0b5c-4db8-817d-f92df00215ae")
MBR_EFI_SYSTEM = 0xEF


@dataclass(frozen=True)
class Partition:
    """One entry of an MBR or GPT partition table."""

    number: int
    """1-based position in the table."""
    type: str
    """MBR: the type byte as "0x83"; GPT: the type GUID."""
    start: int
    """Byte offset in the virtual disk."""
    length: int
    """Bytes."""
    name: str = ""
    """GPT partition name (empty for MBR)."""

    @property
    def end(self) -> int:
        return self.start + self.length


@dataclass(frozen=True)
class PartitionTable:
    scheme: str
    """"MBR", "GPT" or "None"."""
    partitions: tuple[Partition, ...] = ()
    sector_size: int = 512
    protective_mbr: bool = False
    problem: str | None = None
    """Why the GPT a protective MBR promises could not be read, if it could not."""

    def has_type(self, kind: uuid.UUID | int) -> bool:
        wanted = str(kind) if isinstance(kind, uuid.UUID) else f"0x{kind:02x}"
        return any(p.type == wanted for p in self.partitions)

    @property
    def data_end(self) -> int | None:
        """The first byte after the last partition (GPT: plus the backup table); None without partitions."""
        if not self.partitions:
            return None
        end = max(p.end for p in self.partitions)
        if self.scheme == "GPT":
            end += GPT_BACKUP_SECTORS * self.sector_size
        return end


def _mbr_partitions(sector: bytes) -> list[tuple[int, int, int, int]]:
    out = []
    for i in range(4):
        status, _chs1, kind, _chs2, first, count = struct.unpack_from(MBR_ENTRY_FORMAT, sector,
                                                                      MBR_ENTRIES_OFFSET + i * 16)
        if kind and count:
            out.append((i + 1, kind, first, count))
    return out


def _gpt_at(read_at: ReadAt, lba: int, sector_size: int) -> tuple[tuple[Partition, ...] | None, str | None]:
    raw = read_at(lba * sector_size, sector_size)
    if len(raw) < 92 or raw[:8] != GPT_SIGNATURE:
        return None, f"no GPT header at LBA {lba}"
    (_sig, _rev, header_size, header_crc, _res, _my, _alt, _first, _last, _guid, entries_lba, count, entry_size,
     entries_crc) = struct.unpack_from(GPT_HEADER_FORMAT, raw)
    if not 92 <= header_size <= sector_size:
        return None, f"GPT header at LBA {lba} has an impossible size ({header_size})"
    header = bytearray(raw[:header_size])
    header[16:20] = b"\0\0\0\0"
    if zlib.crc32(header) != header_crc:
        return None, f"GPT header at LBA {lba} fails its CRC32"
    if entry_size < 128 or count * entry_size > GPT_MAX_ENTRIES_BYTES:
        return None, f"GPT header at LBA {lba} describes an impossible entry array ({count} x {entry_size})"
    entries = read_at(entries_lba * sector_size, count * entry_size)
    if len(entries) != count * entry_size or zlib.crc32(entries) != entries_crc:
        return None, f"GPT partition entries at LBA {entries_lba} fail their CRC32"
    parts = []
    for i in range(count):
        kind, _uid, first, last, _attrs, name = struct.unpack_from(GPT_ENTRY_FORMAT, entries, i * entry_size)
        if kind == bytes(16) or last < first:
            continue
        parts.append(Partition(number=i + 1, type=str(uuid.UUID(bytes_le=kind)), start=first * sector_size,
                               length=(last - first + 1) * sector_size,
                               name=name.decode("utf-16-le", "replace").rstrip("\0")))
    return tuple(parts), None


def read_partition_table(read_at: ReadAt, disk_size: int, sector_sizes: tuple[int, ...] = (512, 4096)
                         ) -> PartitionTable:
    """Read the MBR and, when it is protective, the GPT (primary, else the backup at the disk's last LBA)."""
    sector = read_at(0, 512)
    if len(sector) < 512 or sector[510:512] != MBR_SIGNATURE:
        # A GPT disk whose protective MBR was wiped is still a GPT disk.
        for size in sector_sizes:
            parts, _ = _gpt_at(read_at, 1, size)
            if parts is not None:
                return PartitionTable("GPT", parts, size, protective_mbr=False)
        return PartitionTable("None")
    mbr = _mbr_partitions(sector)
    if not any(kind == MBR_PROTECTIVE for _, kind, _, _ in mbr):
        return PartitionTable("MBR", tuple(Partition(number=n, type=f"0x{kind:02x}", start=first * 512,
                                                     length=count * 512) for n, kind, first, count in mbr))
    problems = []
    for size in sector_sizes:
        parts, problem = _gpt_at(read_at, 1, size)
        if parts is None and disk_size >= 2 * size:
            parts, backup_problem = _gpt_at(read_at, disk_size // size - 1, size)
            problem = f"{problem}; {backup_problem}" if parts is None else None
        if parts is not None:
            return PartitionTable("GPT", parts, size, protective_mbr=True)
        problems.append(problem)
    return PartitionTable("GPT", (), 512, protective_mbr=True, problem=problems[0])
