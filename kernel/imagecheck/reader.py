"""Reads of the virtual disk for the checks: through azskernel.vhd's fixed view, counted, cached by block.

The fixed view maps a dynamic VHD's or VHDX's unallocated blocks to zeros without touching the file, so a hole is
never read. `DiskReader` clamps every read to the virtual disk (the footer is not the disk's), keeps the last
blocks read (file-system readers ask for the same superblock and inode-table blocks many times, in small pieces),
and counts what it reads. `VolumeFile` is one partition as the file object libyal's bindings open: read, seek,
tell, get_size (they take no offset argument, so the window is the offset).
"""

from __future__ import annotations

import os
from collections import OrderedDict
from typing import Protocol

BLOCK = 64 * 1024
"""Bytes per cached block: one read brings a superblock with its neighbours, or a small file whole."""
CACHE_BLOCKS = 256
"""At most 16 MiB held."""


class View(Protocol):
    @property
    def virtual_size(self) -> int: ...

    def read(self, offset: int, length: int) -> bytes: ...


class DiskReader:
    """Random access to the virtual disk [0, virtual_size); not thread-safe (one image, one thread)."""

    def __init__(self, view: View) -> None:
        self._view = view
        self.size = view.virtual_size
        self._blocks: OrderedDict[int, bytes] = OrderedDict()
        self.bytes_read = 0
        """Bytes asked of the view (holes included, as zeros that cost no file read)."""
        self.reads = 0
        self.last_index = -1
        self.last_block = b""
        """The block read or served last (VolumeFile.read's fast path)."""

    def read_at(self, offset: int, length: int) -> bytes:
        if offset < 0 or length <= 0 or offset >= self.size:
            return b""
        end = min(offset + length, self.size)
        first, last = offset // BLOCK, (end - 1) // BLOCK
        if first == last:
            block = self._block(first)
            return block[offset - first * BLOCK : end - first * BLOCK]
        parts = [self._block(i) for i in range(first, last + 1)]
        data = b"".join(parts)
        return data[offset - first * BLOCK : end - first * BLOCK]

    def _block(self, index: int) -> bytes:
        cached = self._blocks.get(index)
        if cached is not None:
            self._blocks.move_to_end(index)
        else:
            start = index * BLOCK
            cached = self._view.read(start, min(BLOCK, self.size - start))
            self.bytes_read += len(cached)
            self.reads += 1
            self._blocks[index] = cached
            if len(self._blocks) > CACHE_BLOCKS:
                self._blocks.popitem(last=False)
        self.last_index, self.last_block = index, cached
        return cached


class VolumeFile:
    """A window [start, start + length) of the disk as a file object (what libyal's open_file_object wants)."""

    def __init__(self, disk: DiskReader, start: int, length: int) -> None:
        self._disk = disk
        self._start = start
        self._length = max(0, min(length, disk.size - start))
        self._pos = 0

    def read(self, size: int = -1) -> bytes:
        pos = self._pos
        left = self._length - pos
        if size is None or size < 0 or size > left:
            size = max(0, left)
        # the readers ask for a few hundred bytes at a time, thousands of times: serve from the last block directly
        disk = self._disk
        offset = self._start + pos
        index = offset // BLOCK
        if index == disk.last_index and (offset + size - 1) // BLOCK == index:
            within = offset - index * BLOCK
            data = disk.last_block[within : within + size]
        else:
            data = disk.read_at(offset, size)
        self._pos = pos + len(data)
        return data

    def read_at(self, offset: int, length: int) -> bytes:
        length = max(0, min(length, self._length - offset))
        return self._disk.read_at(self._start + offset, length) if length else b""

    def seek(self, offset: int, whence: int = os.SEEK_SET) -> int:
        if whence == os.SEEK_CUR:
            offset += self._pos
        elif whence == os.SEEK_END:
            offset += self._length
        if offset < 0:
            raise OSError(22, "seek before the start of the volume")
        self._pos = offset
        return offset

    def tell(self) -> int:
        return self._pos

    def get_size(self) -> int:
        return self._length

    def close(self) -> None:
        """libyal closes the object it was given; the disk stays open for the other volumes."""


__all__ = ["BLOCK", "DiskReader", "VolumeFile"]
