"""Opening a disk image of any supported kind as a fixed view: the exact bytes of the fixed VHD Azure wants.

`open_disk` probes the file (VHDX by its identifier, VHD by its footer, otherwise raw), and returns a view
(`DiskView` in view.py) that reads the virtual disk through the format's block map and ends with a fixed VHD
footer. Nothing is converted or written: the uploader and Convert-VHD both read through the view.
"""

from __future__ import annotations

import hashlib
import os
import struct
from array import array
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from . import dynamic, vhdx
from .errors import (
    BadChecksumError,
    BadCookieError,
    InvalidSizeError,
    TruncatedVhdError,
    UnsupportedDiskError,
)
from .footer import (
    COOKIE,
    DISK_TYPE_DIFFERENCING,
    DISK_TYPE_DYNAMIC,
    DISK_TYPE_FIXED,
    FOOTER_SIZE,
    Footer,
    checksum_ok,
    find_footer,
    fixed_footer,
    vhd_timestamp,
)
from .paths import open_source
from .ranges import align_merge, file_data_extents

VHD_SUFFIXES = (".vhd", ".vhdx", ".avhd", ".avhdx")


@dataclass(frozen=True)
class SourceInfo:
    """What the source file is, as found on disk (before any view or resize)."""

    path: str
    """The path as given."""
    format: str
    """"VHD", "VHDX" or "Raw"."""
    disk_type: str
    """"Fixed", "Dynamic", "Differencing", or "Unknown" for a raw image."""
    file_size: int
    """Bytes of the file."""
    virtual_size: int
    """Bytes of the virtual disk, as the source describes it."""
    logical_sector_size: int = 512
    """512 for VHDs and raw images; from the metadata for VHDX."""
    physical_sector_size: int = 512
    """512 for VHDs and raw images; from the metadata for VHDX."""
    block_size: int = 0
    """Dynamic VHD and VHDX block size; 0 for fixed disks and raw images."""
    parent_path: str | None = None
    """Differencing disks: where the parent was, per the parent locators."""
    footer: Footer | None = None
    """The VHD footer as stored (VHD sources only)."""
    footer_checksum_ok: bool = True
    """Whether the stored footer checksum is right (Get-VHD reports it; reading refuses it by default)."""
    trailing_bytes: int = 0
    """Bytes after the footer of a VHD (they make the file unusable as a page blob)."""
    data_length: int | None = None
    """Fixed VHD: bytes between the start of the file and the footer (should equal the virtual size)."""


class FixedView:
    """A fixed VHD seen through any source: data [0, virtual_size) then the 512-byte footer. Thread-safe reads."""

    def __init__(self, fd: int, source: SourceInfo, footer: bytes, virtual_size: int) -> None:
        self._fd = fd
        self.source = source
        self.footer = footer
        self._virtual_size = virtual_size
        self._data_limit = min(virtual_size, source.virtual_size)

    @property
    def size(self) -> int:
        return self._virtual_size + FOOTER_SIZE

    @property
    def virtual_size(self) -> int:
        return self._virtual_size

    @property
    def path(self) -> str:
        return self.source.path

    def read(self, offset: int, length: int) -> bytes:
        if offset < 0 or length < 0:
            raise ValueError(f"read({offset}, {length}): offset and length must not be negative")
        end = min(offset + length, self.size)
        if offset >= end:
            return b""
        if end <= self._data_limit:
            fast = self._read_direct(offset, end - offset)
            if fast is not None:
                return fast
        buf = bytearray(end - offset)
        self.readinto(offset, memoryview(buf))
        return bytes(buf)

    def readinto(self, offset: int, buf: memoryview) -> None:
        """Fill `buf` (which must lie within the view) with the bytes at `offset`; untouched parts stay as they are
        only where they are zeros in the view, so pass a zeroed buffer."""
        end = offset + len(buf)
        data_end = min(end, self._data_limit)
        if offset < data_end:
            self._fill(offset, buf[: data_end - offset])
        footer_start = self._virtual_size
        if end > footer_start:
            lo = max(offset, footer_start)
            buf[lo - offset : end - offset] = self.footer[lo - footer_start : end - footer_start]

    def extents(self) -> Iterator[tuple[int, int]]:
        # rounding out to whole sectors may reach past odd-sized data into the zeros before the footer: harmless
        yield from align_merge(self._data_extents(), self._virtual_size)
        yield (self._virtual_size, FOOTER_SIZE)

    def close(self) -> None:
        if self._fd >= 0:
            os.close(self._fd)
            self._fd = -1

    def __enter__(self) -> FixedView:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def __repr__(self) -> str:
        return (f"<{type(self).__name__} {self.source.format} {self.source.disk_type} '{self.path}' "
                f"virtual_size={self._virtual_size}>")

    # Format-specific parts.
    def _read_direct(self, offset: int, length: int) -> bytes | None:
        return None

    def _fill(self, offset: int, buf: memoryview) -> None:
        raise NotImplementedError

    def _data_extents(self) -> Iterator[tuple[int, int]]:
        raise NotImplementedError

    def _pread_into(self, buf: memoryview, file_offset: int) -> None:
        got = os.preadv(self._fd, [buf], file_offset)
        if got != len(buf):
            raise TruncatedVhdError(f"'{self.path}' became shorter while it was being read (at byte {file_offset}): "
                                    "is another program writing to it?", path=self.path)


class LinearView(FixedView):
    """Raw images and fixed VHDs: virtual byte N is file byte N; extents come from the file system's holes."""

    def _read_direct(self, offset: int, length: int) -> bytes | None:
        data = os.pread(self._fd, length, offset)
        return data if len(data) == length else None

    def _fill(self, offset: int, buf: memoryview) -> None:
        self._pread_into(buf, offset)

    def _data_extents(self) -> Iterator[tuple[int, int]]:
        return file_data_extents(self._fd, 0, self._data_limit)


class BlockView(FixedView):
    """Dynamic VHDs and VHDX: the virtual disk is cut in blocks, each either in the file or all zeros."""

    def __init__(self, fd: int, source: SourceInfo, footer: bytes, virtual_size: int, block_size: int,
                 block_map: array) -> None:
        super().__init__(fd, source, footer, virtual_size)
        self._block_size = block_size
        self._map = block_map

    def _fill(self, offset: int, buf: memoryview) -> None:
        bs = self._block_size
        pos = 0
        total = len(buf)
        while pos < total:
            virtual = offset + pos
            index, within = divmod(virtual, bs)
            n = min(bs - within, total - pos)
            start = self._map[index]
            if start >= 0:
                self._pread_into(buf[pos : pos + n], start + within)
            else:
                buf[pos : pos + n] = bytes(n)
            pos += n

    def _data_extents(self) -> Iterator[tuple[int, int]]:
        # Allocated blocks are often sparse in the file too (qemu writes only the data of a block): keep only the
        # parts of each block that the file system holds as data, so holes inside blocks are never read.
        bs = self._block_size
        file_extents = list(file_data_extents(self._fd, 0, self.source.file_size))
        starts = [offset for offset, _ in file_extents]
        limit = self._data_limit
        for index, start in enumerate(self._map):
            if start < 0 or index * bs >= limit:
                continue
            lo, hi = start, start + min(bs, limit - index * bs)
            i = max(0, bisect_right(starts, lo) - 1)
            while i < len(file_extents) and file_extents[i][0] < hi:
                offset, length = file_extents[i]
                a, b = max(offset, lo), min(offset + length, hi)
                if a < b:
                    yield (index * bs + a - start, b - a)
                i += 1


def _stable_id(source_identity: bytes) -> bytes:
    """A unique id that stays the same while the source file does: uploads can then resume on the same bytes."""
    return hashlib.sha256(b"azskernel.vhd footer id\0" + source_identity).digest()[:16]


def probe(fd: int, file_size: int, path: str, *, verify_checksum: bool = True) -> tuple[SourceInfo, object]:
    """Identify the file; returns its SourceInfo and the format's layout (block map or None)."""
    head = os.pread(fd, FOOTER_SIZE, 0)
    if head[:8] == vhdx.FILE_SIGNATURE:
        layout = vhdx.read_layout(fd, file_size, path)
        return SourceInfo(
            path=path, format="VHDX", disk_type="Differencing" if layout.has_parent else "Dynamic",
            file_size=file_size, virtual_size=layout.virtual_size,
            logical_sector_size=layout.logical_sector_size, physical_sector_size=layout.physical_sector_size,
            block_size=layout.block_size, parent_path=layout.parent_path,
        ), layout
    found = find_footer(lambda offset, length: os.pread(fd, length, offset), file_size)
    if found is None:
        if head[:8] == COOKIE:
            raise TruncatedVhdError(f"'{path}' starts like a dynamic VHD but has no footer at its end: it is "
                                    "truncated. Copy or download it again.", path=path)
        if Path(path).suffix.lower() in VHD_SUFFIXES:
            raise BadCookieError(f"'{path}' is named like a VHD but has no VHD footer (the last 512 bytes do not "
                                 "start with 'conectix'): the file is damaged or truncated. If it is a raw disk "
                                 "image, rename it to .raw or .img.", path=path)
        return SourceInfo(path=path, format="Raw", disk_type="Unknown", file_size=file_size,
                          virtual_size=file_size), None
    footer, raw, footer_offset = found
    sum_ok = checksum_ok(raw)
    if verify_checksum and not sum_ok:
        raise BadChecksumError(f"'{path}': the VHD footer checksum is wrong (stored {footer.checksum:#010x}): the "
                               "footer is damaged, and the rest of the file may be too. Copy the image again from its "
                               "source.", path=path)
    trailing = file_size - footer_offset - FOOTER_SIZE
    common = dict(path=path, format="VHD", file_size=file_size, virtual_size=footer.current_size, footer=footer,
                  footer_checksum_ok=sum_ok, trailing_bytes=trailing)
    if footer.disk_type == DISK_TYPE_FIXED:
        if footer_offset < footer.current_size:
            raise TruncatedVhdError(f"'{path}' is truncated: its footer gives a virtual size of "
                                    f"{footer.current_size} bytes but only {footer_offset} bytes of data precede "
                                    "it. Copy or download the image again.", path=path)
        return SourceInfo(disk_type="Fixed", data_length=footer_offset, **common), None
    if footer.disk_type in (DISK_TYPE_DYNAMIC, DISK_TYPE_DIFFERENCING):
        header = dynamic.read_header(fd, footer.data_offset, path)
        differencing = footer.disk_type == DISK_TYPE_DIFFERENCING
        block_map = dynamic.read_block_map(fd, header, footer.current_size, footer_offset + FOOTER_SIZE, path)
        return SourceInfo(disk_type="Differencing" if differencing else "Dynamic", block_size=header.block_size,
                          parent_path=header.parent_path if differencing else None, **common), (header, block_map)
    raise UnsupportedDiskError(f"'{path}' is a VHD of disk type {footer.disk_type}, which is not fixed (2), dynamic "
                               "(3) or differencing (4): it cannot be read.", path=path)


def open_disk(path: str | os.PathLike[str], *, virtual_size: int | None = None,
              verify_checksum: bool = True) -> FixedView:
    """Open any supported disk image as the fixed VHD Azure wants, without writing anything.

    Args:
        path: a fixed, dynamic VHD, a VHDX, or a raw image.
        virtual_size: present the disk at this size instead (larger: zeros are added before the footer; smaller:
            the end is cut off; callers check that no data is lost). A multiple of 512.
        verify_checksum: refuse a VHD whose footer checksum is wrong (Get-VHD passes False to report it instead;
            a damaged dynamic header is always refused).

    Returns:
        A view with `size`, `virtual_size`, `read`, `extents`, `close` (the `DiskView` protocol) and `source`.
    """
    text = os.fspath(path)
    fd, file_size = open_source(text)
    try:
        info, layout = probe(fd, file_size, text, verify_checksum=verify_checksum)
        if info.disk_type == "Differencing":
            raise UnsupportedDiskError(
                f"'{text}' is a differencing disk (parent: {info.parent_path or 'unknown'}): only whole disks can "
                "be read. Merge it into its parent first (Hyper-V: Merge-VHD; qemu: qemu-img commit), then use "
                "the parent.", path=text)
        size = -(-info.virtual_size // 512) * 512 if virtual_size is None else virtual_size
        if size <= 0 or size % 512:
            raise InvalidSizeError(f"A virtual size of {size} bytes is not a positive multiple of 512.", path=text)
        st = os.fstat(fd)
        identity = struct.pack(">QQQ", file_size, st.st_mtime_ns, info.virtual_size)
        if info.format == "VHD":
            assert info.footer is not None
            source_footer = info.footer
            footer = fixed_footer(size, unique_id=source_footer.unique_id, timestamp=source_footer.timestamp,
                                  source=source_footer)
        else:
            unique = layout.disk_id if info.format == "VHDX" and any(layout.disk_id) else _stable_id(identity)
            footer = fixed_footer(size, unique_id=unique, timestamp=vhd_timestamp(st.st_mtime))
        if info.format == "VHDX":
            return BlockView(fd, info, footer, size, layout.block_size, layout.block_map)
        if info.disk_type == "Dynamic":
            header, block_map = layout
            return BlockView(fd, info, footer, size, header.block_size, block_map)
        return LinearView(fd, info, footer, size)
    except BaseException:
        os.close(fd)
        raise
