"""VHDX: file identifier, headers, region table, metadata, block allocation table (MS-VHDX, sections 2.1-2.6).

Little-endian throughout; structures carry a CRC-32C. A header whose log GUID is not zero has a log that must be
replayed before the data can be trusted: we refuse such files rather than replay it.
"""

from __future__ import annotations

import os
import struct
import uuid
from array import array
from dataclasses import dataclass

from .errors import (
    BadChecksumError,
    BadCookieError,
    BatOutOfRangeError,
    TruncatedVhdError,
    VhdxLogReplayNeededError,
)

KiB = 1024
MiB = 1024 * KiB
FILE_SIGNATURE = b"vhdxfile"
HEADER_OFFSETS = (64 * KiB, 128 * KiB)
HEADER_SIZE = 4 * KiB
# signature "head", checksum, sequence number, file write guid, data write guid, log guid, log version,
# version, log length, log offset (MS-VHDX 2.2.2)
HEADER_FORMAT = "<4sIQ16s16s16sHHIQ"
REGION_OFFSETS = (192 * KiB, 256 * KiB)
REGION_SIZE = 64 * KiB
REGION_HEADER_FORMAT = "<4sII4x"  # signature "regi", checksum, entry count (MS-VHDX 2.2.3)
REGION_ENTRY_FORMAT = "<16sQII"  # guid, file offset, length, required flag
METADATA_HEADER_FORMAT = "<8s2xH20x"  # signature "metadata", entry count (MS-VHDX 2.6.1)
METADATA_ENTRY_FORMAT = "<16sIII4x"  # item id, offset in region, length, flags
MAX_METADATA = 16 * MiB

BAT_GUID = uuid.UUID("2dc27766-f623-4200-9d64-115e9bfd4a08")
METADATA_GUID = uuid.UUID("8b7ca206-4790-4b9a-b8fe-575f050f886e")
FILE_PARAMETERS = uuid.UUID("caa16737-fa36-4d43-b3b6-33f0aa44e76b")
VIRTUAL_DISK_SIZE = uuid.UUID("2fa54224-cd1b-4876-b211-5dbed83bf4b8")
PAGE83_DATA = uuid.UUID("beca12ab-b2e6-4523-93ef-c309e000c746")
LOGICAL_SECTOR_SIZE = uuid.UUID("8141bf1d-a96f-4709-ba47-f233a8faab5f")
PHYSICAL_SECTOR_SIZE = uuid.UUID("cda348c7-445d-4471-9cc9-e9885251c556")
PARENT_LOCATOR = uuid.UUID("a8d35f2d-b30b-454d-abf7-d3d84834ab0c")

# BAT entry states (MS-VHDX 2.5.1.1): only these two mean "the data is in the file"
PAYLOAD_FULLY_PRESENT = 6
PAYLOAD_PARTIALLY_PRESENT = 7


def _crc32c_table() -> list[int]:
    table = []
    for n in range(256):
        c = n
        for _ in range(8):
            c = (c >> 1) ^ 0x82F63B78 if c & 1 else c >> 1
        table.append(c)
    return table


_TABLE = _crc32c_table()


def crc32c(data: bytes) -> int:
    crc = 0xFFFFFFFF
    table = _TABLE
    for byte in data:
        crc = table[(crc ^ byte) & 0xFF] ^ (crc >> 8)
    return crc ^ 0xFFFFFFFF


def with_crc(data: bytes, at: int = 4) -> bytes:
    """`data` with the CRC-32C at byte `at` recomputed (the CRC is taken with that field zeroed)."""
    zeroed = data[:at] + b"\0\0\0\0" + data[at + 4 :]
    return zeroed[:at] + struct.pack("<I", crc32c(zeroed)) + zeroed[at + 4 :]


def _crc_ok(data: bytes, at: int = 4) -> bool:
    return struct.unpack_from("<I", data, at)[0] == crc32c(data[:at] + b"\0\0\0\0" + data[at + 4 :])


@dataclass(frozen=True)
class VhdxLayout:
    """What reading a VHDX needs, from its metadata and BAT."""

    virtual_size: int
    """Bytes of the virtual disk."""
    block_size: int
    """Bytes per payload block (1 MiB to 256 MiB)."""
    logical_sector_size: int
    """512 or 4096."""
    physical_sector_size: int
    """512 or 4096."""
    has_parent: bool
    """A differencing disk."""
    parent_path: str | None
    """Differencing disks: the parent locator's path."""
    disk_id: bytes
    """Page 83 data: the disk's identity, reused as the unique id of the fixed VHD footer."""
    block_map: array
    """File offset of each payload block, or -1 where it reads as zeros (or, in a differencing disk, from the
    parent)."""


def _read(fd: int, length: int, offset: int, what: str, path: str) -> bytes:
    # checked before reading, so that a damaged length cannot make us allocate gigabytes
    if offset + length > os.fstat(fd).st_size:
        raise TruncatedVhdError(f"'{path}' is truncated or damaged: the VHDX {what} at byte {offset} ({length} "
                                "bytes) runs past the end of the file. Copy or download the image again.", path=path)
    data = os.pread(fd, length, offset)
    if len(data) != length:
        raise TruncatedVhdError(f"'{path}' is truncated: the VHDX {what} at byte {offset} runs past the end of the "
                                "file. Copy or download the image again.", path=path)
    return data


def _active_header(fd: int, path: str) -> tuple:
    best = None
    for offset in HEADER_OFFSETS:
        raw = _read(fd, HEADER_SIZE, offset, "header", path)
        fields = struct.unpack_from(HEADER_FORMAT, raw)
        if fields[0] != b"head" or not _crc_ok(raw):
            continue
        if best is None or fields[2] > best[2]:
            best = fields
    if best is None:
        raise BadChecksumError(f"'{path}': neither VHDX header is valid (bad signature or CRC-32C): the file is "
                               "damaged. Copy it again.", path=path)
    return best


def _regions(fd: int, path: str) -> dict[uuid.UUID, tuple[int, int]]:
    for offset in REGION_OFFSETS:
        raw = _read(fd, REGION_SIZE, offset, "region table", path)
        signature, _crc, count = struct.unpack_from(REGION_HEADER_FORMAT, raw)
        if signature != b"regi" or not _crc_ok(raw) or count > 2047:
            continue
        out = {}
        for i in range(count):
            guid, file_offset, length, _required = struct.unpack_from(REGION_ENTRY_FORMAT, raw, 16 + i * 32)
            out[uuid.UUID(bytes_le=guid)] = (file_offset, length)
        return out
    raise BadChecksumError(f"'{path}': neither VHDX region table is valid (bad signature or CRC-32C): the file is "
                           "damaged. Copy it again.", path=path)


def _metadata(fd: int, region: tuple[int, int], path: str) -> dict[uuid.UUID, bytes]:
    offset, length = region
    if not 32 <= length <= MAX_METADATA:
        raise BadCookieError(f"'{path}': the VHDX metadata region has an impossible length ({length} bytes): the "
                             "file is damaged.", path=path)
    raw = _read(fd, length, offset, "metadata region", path)
    signature, count = struct.unpack_from(METADATA_HEADER_FORMAT, raw)
    if signature == b"metadata" and 32 + count * 32 > length:
        signature = b""
    if signature != b"metadata":
        raise BadCookieError(f"'{path}': the VHDX metadata region has no 'metadata' signature or too many "
                             "entries: the file is damaged.", path=path)
    items = {}
    for i in range(count):
        item, item_offset, item_length, _flags = struct.unpack_from(METADATA_ENTRY_FORMAT, raw, 32 + i * 32)
        items[uuid.UUID(bytes_le=item)] = raw[item_offset : item_offset + item_length]
    return items


def _parent_path(blob: bytes | None) -> str | None:
    if not blob:
        return None
    # locator header: type guid, reserved, key-value count; entries: key offset, value offset, key len, value len
    count = struct.unpack_from("<H", blob, 18)[0]
    values = {}
    for i in range(count):
        key_off, val_off, key_len, val_len = struct.unpack_from("<IIHH", blob, 20 + i * 12)
        key = blob[key_off : key_off + key_len].decode("utf-16-le", "replace")
        values[key] = blob[val_off : val_off + val_len].decode("utf-16-le", "replace")
    for key in ("absolute_win32_path", "relative_path", "volume_path"):
        if values.get(key):
            return values[key]
    return None


def read_layout(fd: int, file_size: int, path: str) -> VhdxLayout:
    if _read(fd, 8, 0, "file identifier", path) != FILE_SIGNATURE:
        raise BadCookieError(f"'{path}' does not start with 'vhdxfile': it is not a VHDX file.", path=path)
    header = _active_header(fd, path)
    log_guid = header[5]
    if log_guid != bytes(16):
        raise VhdxLogReplayNeededError(
            f"'{path}' has a VHDX log that must be replayed before the disk can be read (it was not closed "
            "cleanly). Attach and detach it once in Hyper-V (Mount-VHD / Dismount-VHD) or open it with "
            "`qemu-img check -r all`, then try again.", path=path)
    regions = _regions(fd, path)
    if BAT_GUID not in regions or METADATA_GUID not in regions:
        raise BadCookieError(f"'{path}': the VHDX region table lacks the BAT or metadata region: the file is "
                             "damaged.", path=path)
    items = _metadata(fd, regions[METADATA_GUID], path)
    try:
        block_size, flags = struct.unpack("<II", items[FILE_PARAMETERS][:8])
        (virtual_size,) = struct.unpack("<Q", items[VIRTUAL_DISK_SIZE][:8])
        (logical,) = struct.unpack("<I", items[LOGICAL_SECTOR_SIZE][:4])
    except (KeyError, struct.error):
        raise BadCookieError(f"'{path}': required VHDX metadata (block size, virtual size, sector size) is "
                             "missing: the file is damaged.", path=path) from None
    physical = struct.unpack("<I", items[PHYSICAL_SECTOR_SIZE][:4])[0] if PHYSICAL_SECTOR_SIZE in items else logical
    if block_size < MiB or block_size & (block_size - 1) or logical not in (512, 4096):
        raise BadCookieError(f"'{path}': impossible VHDX metadata (block size {block_size}, logical sector "
                             f"size {logical}): the file is damaged.", path=path)
    has_parent = bool(flags & 2)
    disk_id = items.get(PAGE83_DATA, b"")[:16].ljust(16, b"\0")
    chunk_ratio = (1 << 23) * logical // block_size
    blocks = -(-virtual_size // block_size)
    entries_needed = blocks + (blocks - 1) // chunk_ratio if blocks else 0
    bat_offset, bat_length = regions[BAT_GUID]
    if entries_needed * 8 > bat_length:
        raise BatOutOfRangeError(f"'{path}': the VHDX BAT region ({bat_length} bytes) is too small for "
                                 f"{blocks} blocks: the file is damaged.", path=path)
    raw = _read(fd, entries_needed * 8, bat_offset, "BAT", path)
    entries = array("Q", raw)
    if array("I", b"\1\0\0\0")[0] != 1:
        entries.byteswap()
    block_map = array("q", [-1]) * blocks
    for i in range(blocks):
        entry = entries[i + i // chunk_ratio]
        state = entry & 7
        if state == PAYLOAD_PARTIALLY_PRESENT and not has_parent:
            state = PAYLOAD_FULLY_PRESENT
        if state == PAYLOAD_FULLY_PRESENT:
            start = (entry >> 20) * MiB
            used = min(block_size, virtual_size - i * block_size)
            if start + used > file_size:
                raise BatOutOfRangeError(f"'{path}': VHDX block {i} is mapped to byte {start}, past the end of the "
                                         f"file ({file_size} bytes). The file is truncated or its BAT is damaged: "
                                         "copy it again.", path=path)
            block_map[i] = start
    return VhdxLayout(
        virtual_size=virtual_size, block_size=block_size, logical_sector_size=logical,
        physical_sector_size=physical, has_parent=has_parent, parent_path=_parent_path(items.get(PARENT_LOCATOR)),
        disk_id=disk_id, block_map=block_map,
    )
