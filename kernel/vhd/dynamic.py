"""Dynamic and differencing VHDs: the dynamic header, the block allocation table, the parent locators.

VHD spec, "Dynamic Disk Header Format" and "Block Allocation Table and Data Blocks". Big-endian throughout.
"""

from __future__ import annotations

import os
import struct
from array import array
from dataclasses import dataclass
from pathlib import PureWindowsPath

from .errors import BadChecksumError, BadCookieError, BatOutOfRangeError, TruncatedVhdError
from .footer import FOOTER_SIZE, checksum

HEADER_SIZE = 1024
HEADER_COOKIE = b"cxsparse"
# cookie, data offset, table offset, header version, max table entries, block size, checksum,
# parent unique id, parent time stamp, reserved, parent unicode name (UTF-16BE).
HEADER_FORMAT = ">8sQQIIII16sII512s"
HEADER_CHECKSUM_OFFSET = 36
LOCATORS_OFFSET = struct.calcsize(HEADER_FORMAT)
# platform code, platform data space, platform data length, reserved, platform data offset
LOCATOR_FORMAT = ">4sIIIQ"
LOCATOR_SIZE = struct.calcsize(LOCATOR_FORMAT)
LOCATOR_COUNT = 8
UNALLOCATED = 0xFFFFFFFF
SECTOR = 512


@dataclass(frozen=True)
class ParentLocator:
    """Where a differencing disk's parent was, in one platform's notation."""

    platform: str
    """W2ku (absolute Windows path), W2ru (relative Windows path), Mac, MacX."""
    path: str
    """The decoded path (UTF-16LE for the W2 kinds, UTF-8 for the Mac ones)."""


@dataclass(frozen=True)
class DynamicHeader:
    """The fields of the dynamic disk header that reading and resizing need."""

    table_offset: int
    """File offset of the block allocation table."""
    max_table_entries: int
    """Entries in the table (at least the number of blocks)."""
    block_size: int
    """Bytes of virtual disk per block (2 MiB by default)."""
    parent_unique_id: bytes
    """Differencing disks: the parent footer's unique id."""
    parent_timestamp: int
    """Differencing disks: the parent's modification time, seconds since 2000."""
    parent_name: str
    """Differencing disks: the parent's file name."""
    locators: tuple[ParentLocator, ...]
    """Differencing disks: the parent locators present."""

    @property
    def bitmap_size(self) -> int:
        """Bytes of the sector bitmap in front of every block, padded to a whole sector."""
        bits = self.block_size // SECTOR
        return -(-bits // 8 // SECTOR) * SECTOR if bits >= 8 else SECTOR

    @property
    def parent_path(self) -> str | None:
        """The parent's path as a Windows tool would look for it: absolute first, then relative, then the name."""
        by_kind = {loc.platform: loc.path for loc in self.locators}
        for kind in ("W2ku", "W2ru", "MacX", "Mac "):
            if by_kind.get(kind):
                return by_kind[kind]
        return self.parent_name or None


def _pread_exact(fd: int, length: int, offset: int, what: str, path: str) -> bytes:
    # checked before reading, so that a damaged size cannot make us allocate gigabytes
    if offset + length > os.fstat(fd).st_size:
        data = b""
    else:
        data = os.pread(fd, length, offset)
    if len(data) != length:
        raise TruncatedVhdError(f"'{path}' is truncated: the {what} at byte {offset} runs past the end of the file. "
                                "Copy or download the image again.", path=path)
    return data


def read_header(fd: int, offset: int, path: str, *, verify_checksum: bool = True) -> DynamicHeader:
    raw = _pread_exact(fd, HEADER_SIZE, offset, "dynamic disk header", path)
    (cookie, _data_offset, table_offset, _version, max_entries, block_size, stored_sum, parent_id, parent_ts,
     _reserved, parent_name) = struct.unpack_from(HEADER_FORMAT, raw)
    if cookie != HEADER_COOKIE:
        raise BadCookieError(f"'{path}' has no dynamic disk header at byte {offset} (cookie {cookie!r}, expected "
                             f"{HEADER_COOKIE!r}): the file is damaged. Copy it again from its source.", path=path)
    if verify_checksum:
        computed = checksum(raw[:HEADER_CHECKSUM_OFFSET] + b"\0\0\0\0" + raw[HEADER_CHECKSUM_OFFSET + 4 :])
        if computed != stored_sum:
            raise BadChecksumError(f"'{path}': the dynamic disk header checksum is wrong (stored {stored_sum:#010x}, "
                                   f"computed {computed:#010x}): the header is damaged. Copy the image again.",
                                   path=path)
    if block_size == 0 or block_size % SECTOR:
        raise BadCookieError(f"'{path}': the dynamic header gives an impossible block size ({block_size}).",
                             path=path)
    locators = []
    for i in range(LOCATOR_COUNT):
        code, _space, length, _res, data_offset = struct.unpack_from(LOCATOR_FORMAT, raw,
                                                                     LOCATORS_OFFSET + i * LOCATOR_SIZE)
        if code == b"\0\0\0\0" or length == 0:
            continue
        data = os.pread(fd, min(length, 64 * 1024), data_offset)
        platform = code.decode("latin-1")
        text = data.decode("utf-16-le" if platform.startswith("W2") else "utf-8", "replace").rstrip("\0")
        if platform == "W2ru" and text.startswith(".\\"):
            text = str(PureWindowsPath(text))
        locators.append(ParentLocator(platform, text))
    return DynamicHeader(
        table_offset=table_offset, max_table_entries=max_entries, block_size=block_size,
        parent_unique_id=parent_id, parent_timestamp=parent_ts,
        parent_name=parent_name.decode("utf-16-be", "replace").rstrip("\0"), locators=tuple(locators),
    )


def read_block_map(fd: int, header: DynamicHeader, virtual_size: int, file_size: int, path: str) -> array:
    """File offset of the data of every block (after its sector bitmap), or -1 where the block is unallocated.

    Every allocated block must lie wholly before the footer at the end of the file.
    """
    blocks = -(-virtual_size // header.block_size)
    if header.max_table_entries < blocks:
        raise BatOutOfRangeError(f"'{path}': the block allocation table has {header.max_table_entries} entries, "
                                 f"too few for a {virtual_size}-byte disk ({blocks} blocks). The file is damaged.",
                                 path=path)
    raw = _pread_exact(fd, blocks * 4, header.table_offset, "block allocation table", path)
    entries = array("I", raw)
    if array("I", b"\0\0\0\1")[0] != 1:  # little-endian host: the table is big-endian
        entries.byteswap()
    limit = file_size - FOOTER_SIZE
    out = array("q", [-1]) * blocks
    span = header.bitmap_size + header.block_size
    for i, sector in enumerate(entries):
        if sector == UNALLOCATED:
            continue
        start = sector * SECTOR
        # the last block may be shorter than block_size when the virtual size is not a multiple of it
        used = min(header.block_size, virtual_size - i * header.block_size)
        if start + header.bitmap_size + used > limit:
            raise BatOutOfRangeError(f"'{path}': block {i} is mapped to byte {start}, past the end of the data "
                                     f"({limit} bytes before the footer; a block takes {span}). The file is "
                                     "truncated or its allocation table is damaged: copy it again.", path=path)
        out[i] = start + header.bitmap_size
    return out
