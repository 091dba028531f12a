"""Resize-VHD, in place: fixed VHDs, raw images and dynamic VHDs, to a whole number of MiB.

Growing never moves data: a fixed VHD gets zeros (a hole) and its footer moves; a dynamic VHD gets more entries in
its block allocation table (BAT) when the table's padding has room, which it has for the small corrections this is
for (the table is padded to whole sectors: 128 more blocks of 2 MiB). Shrinking is refused when partitions or
non-zero bytes lie beyond the new end. Each step leaves a valid disk: new structures are written before the
footer that makes them visible, and the footer last.
"""

from __future__ import annotations

import os
import struct

from .checks import MiB, nearest_valid_sizes
from .disk import FixedView, SourceInfo, open_disk, probe
from .dynamic import HEADER_CHECKSUM_OFFSET, HEADER_SIZE, UNALLOCATED, DynamicHeader
from .errors import InvalidSizeError, ShrinkRefusedError, UnsupportedDiskError
from .footer import FOOTER_SIZE, checksum, resized_footer
from .inspect import VhdInfo, get_vhd, partition_table
from .paths import open_source

SCAN_CHUNK = 4 * MiB
MAX_TABLE_ENTRIES_OFFSET = 28
"""Where the dynamic header keeps its BAT entry count (VHD spec, "Dynamic Disk Header Format")."""


def check_new_size(size: int, path: str) -> None:
    if size <= 0 or size % MiB:
        down, up = nearest_valid_sizes(max(size, 1))
        raise InvalidSizeError(f"{size} bytes is not a whole number of MiB, which Azure Stack Hub requires: use "
                               f"{down} or {up}.", path=path)


def data_end(view: FixedView) -> int:
    """The first byte after the disk's data: its last partition (and backup GPT) or its last non-zero byte."""
    end = partition_table(view).data_end or 0
    extents = [e for e in view.extents() if e[0] < view.source.virtual_size]
    for offset, length in reversed(extents):
        if offset + length <= end:
            break
        pos = offset + length
        while pos > offset:
            step = min(SCAN_CHUNK, pos - offset)
            stripped = view.read(pos - step, step).rstrip(b"\0")
            if stripped:
                return max(end, pos - step + len(stripped))
            pos -= step
    return end


def refuse_shrink(view: FixedView, size: int, path: str) -> None:
    """Raise ShrinkRefusedError when `size` would cut off partitions or non-zero bytes of the source."""
    if size >= view.source.virtual_size:
        return
    end = data_end(view)
    if end > size:
        smallest = -(-end // MiB) * MiB
        raise ShrinkRefusedError(f"Cannot shrink '{path}' to {size} bytes: data (partitions or non-zero bytes) lies "
                                 f"up to byte {end}. The smallest whole-MiB size that keeps it is {smallest}; "
                                 "shrink the partitions inside the disk first to go lower.", path=path)


def _sync(fd: int) -> None:
    getattr(os, "fdatasync", os.fsync)(fd)


def _resize_fixed(fd: int, info: SourceInfo, size: int) -> None:
    assert info.footer is not None
    footer = resized_footer(info.footer, size)
    old = info.virtual_size
    if size >= old:
        # new footer first, then clear the old one: a crash in between leaves a valid (if untidy) disk
        os.ftruncate(fd, size + FOOTER_SIZE)
        os.pwrite(fd, footer, size)
        _sync(fd)
        if size > old:
            os.pwrite(fd, bytes(FOOTER_SIZE), old)
    else:
        os.pwrite(fd, footer, size)
        _sync(fd)
        os.ftruncate(fd, size + FOOTER_SIZE)


def _bat_room(header: DynamicHeader, info: SourceInfo, bat: list[int]) -> int:
    """How many BAT entries fit before the next structure in the file (a block, the header, the footer)."""
    after = [info.file_size - info.trailing_bytes - FOOTER_SIZE]
    after += [sector * 512 for sector in bat if sector != UNALLOCATED]
    assert info.footer is not None
    if info.footer.data_offset > header.table_offset:
        after.append(info.footer.data_offset)
    nearest = min(a for a in after if a > header.table_offset)
    return (nearest - header.table_offset) // 4


def _resize_dynamic(fd: int, info: SourceInfo, header: DynamicHeader, size: int, path: str) -> None:
    assert info.footer is not None
    block = header.block_size
    old_blocks = -(-info.virtual_size // block)
    new_blocks = -(-size // block)
    count = max(0, min(header.max_table_entries, (info.file_size - header.table_offset) // 4))
    bat = list(struct.unpack(f">{count}I", os.pread(fd, count * 4, header.table_offset)))
    if size > info.virtual_size:
        if new_blocks > _bat_room(header, info, bat):
            raise UnsupportedDiskError(
                f"'{path}' cannot grow to {size} bytes in place: its block allocation table has no room for "
                f"{new_blocks} blocks. Make a fixed copy of that size instead: Convert-VHD -VHDType Fixed "
                f"-SizeBytes {size}.", path=path)
        # Blocks past the old end must read as zeros: the tail of the last old block is cleared and every later
        # entry is marked unallocated, before the header and footers make the new size visible.
        tail = info.virtual_size % block
        last = bat[old_blocks - 1] if old_blocks else UNALLOCATED
        if tail and last != UNALLOCATED:
            os.pwrite(fd, bytes(block - tail), last * 512 + header.bitmap_size + tail)
        entries = struct.pack(">I", UNALLOCATED) * (new_blocks - old_blocks)
        os.pwrite(fd, entries, header.table_offset + old_blocks * 4)
        if new_blocks > header.max_table_entries:
            raw = bytearray(os.pread(fd, HEADER_SIZE, info.footer.data_offset))
            struct.pack_into(">I", raw, MAX_TABLE_ENTRIES_OFFSET, new_blocks)
            struct.pack_into(">I", raw, HEADER_CHECKSUM_OFFSET, 0)
            struct.pack_into(">I", raw, HEADER_CHECKSUM_OFFSET, checksum(bytes(raw)))
            os.pwrite(fd, raw, info.footer.data_offset)
        _sync(fd)
    footer = resized_footer(info.footer, size)
    end = info.file_size - info.trailing_bytes - FOOTER_SIZE
    os.pwrite(fd, footer, 0)
    os.pwrite(fd, footer, end)
    if info.trailing_bytes:
        os.ftruncate(fd, end + FOOTER_SIZE)


def resize_vhd(path: str | os.PathLike[str], size_bytes: int) -> VhdInfo:
    """Resize-VHD -Path -SizeBytes: fixed and dynamic VHDs and raw images, in place, to a whole number of MiB.

    VHDX (and differencing disks) are refused with the way out: Convert-VHD -VHDType Fixed -SizeBytes makes a
    fixed copy of the new size in one pass.

    Returns:
        Get-VHD's view of the resized file.
    """
    text = os.fspath(path)
    check_new_size(size_bytes, text)
    fd, file_size = open_source(text)
    try:
        info, layout = probe(fd, file_size, text)
    finally:
        os.close(fd)
    if info.format == "VHDX" or info.disk_type == "Differencing":
        raise UnsupportedDiskError(f"Resize-VHD works in place on fixed and dynamic VHDs and raw images; '{text}' is "
                                   f"a {info.disk_type.lower()} {info.format}. Make a fixed copy of the new size "
                                   f"instead: Convert-VHD -VHDType Fixed -SizeBytes {size_bytes}.", path=text)
    with open_disk(text) as view:
        refuse_shrink(view, size_bytes, text)
    fd = os.open(text, os.O_RDWR | getattr(os, "O_CLOEXEC", 0))
    try:
        if info.format == "Raw":
            os.ftruncate(fd, size_bytes)
        elif info.disk_type == "Fixed":
            _resize_fixed(fd, info, size_bytes)
        else:
            header, _ = layout
            _resize_dynamic(fd, info, header, size_bytes, text)
        _sync(fd)
    finally:
        os.close(fd)
    return get_vhd(text)
