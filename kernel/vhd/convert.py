"""Convert-VHD (to a fixed VHD) and Resize-VHD, streaming through the fixed view.

Convert-VHD writes a sparse file: it reads only the source's allocated extents, skips all-zero chunks, and leaves
holes elsewhere, so a 127 GiB fixed disk holding 2 GiB of data takes about 2 GiB. It writes to a temporary name
in the destination folder and renames only when everything succeeded (cancel or failure: nothing is left).
"""

from __future__ import annotations

import os
import threading
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor

from .checks import MiB, nearest_valid_sizes
from .disk import FixedView, open_disk, probe
from .errors import (
    ConversionCancelledError,
    DestinationExistsError,
    InvalidSizeError,
    ShrinkRefusedError,
    UnsupportedDiskError,
    VhdValidationError,
)
from .footer import FOOTER_SIZE, fixed_footer
from .inspect import VhdInfo, get_vhd, partition_table
from .paths import check_destination, open_source

Progress = Callable[[int, int], None]
"""progress(bytes_done, bytes_total): called as the conversion advances; bytes count the fixed VHD's size."""

CHUNK = 4 * MiB
SUB_CHUNK = 64 * 1024
WORKERS = 4
_ZERO_CHUNK = bytes(CHUNK)


def _check_new_size(size: int, path: str) -> None:
    if size <= 0 or size % MiB:
        down, up = nearest_valid_sizes(max(size, 1))
        raise InvalidSizeError(f"{size} bytes is not a whole number of MiB, which Azure Stack Hub requires: use "
                               f"{down} or {up}.", path=path)


def _data_end(view: FixedView) -> int:
    """The first byte after the disk's data: its last partition (and backup GPT) or its last non-zero byte."""
    table = partition_table(view)
    end = table.data_end or 0
    extents = [e for e in view.extents() if e[0] < view.source.virtual_size]
    for offset, length in reversed(extents):
        if offset + length <= end:
            break
        pos = offset + length
        while pos > offset:
            step = min(CHUNK, pos - offset)
            chunk = view.read(pos - step, step)
            stripped = chunk.rstrip(b"\0")
            if stripped:
                return max(end, pos - step + len(stripped))
            pos -= step
    return end


def _refuse_shrink(view: FixedView, size: int, path: str) -> None:
    if size >= view.source.virtual_size:
        return
    end = _data_end(view)
    if end > size:
        smallest = -(-end // MiB) * MiB
        raise ShrinkRefusedError(f"Cannot shrink '{path}' to {size} bytes: data (partitions or non-zero bytes) lies "
                                 f"up to byte {end}. The smallest whole-MiB size that keeps it is {smallest}; "
                                 "shrink the partitions inside the disk first to go lower.", path=path)


def _is_zero(buf: bytearray, n: int) -> bool:
    # bytearray == bytes is a memcmp; memoryview comparison is ~60x slower, so compare the bytearray itself
    return buf == _ZERO_CHUNK if n == CHUNK else buf[:n] == _ZERO_CHUNK[:n]


def _write_sparse(fd: int, buf: bytearray, n: int, offset: int) -> None:
    """Write the non-zero 64 KiB pieces of `buf[:n]` at `offset`, coalesced; zero pieces stay holes."""
    view = memoryview(buf)
    zero = _ZERO_CHUNK[:SUB_CHUNK]
    run_start = -1
    pos = 0
    while pos < n:
        end = min(pos + SUB_CHUNK, n)
        if buf[pos:end] == zero[: end - pos]:
            if run_start >= 0:
                os.pwrite(fd, view[run_start:pos], offset + run_start)
                run_start = -1
        elif run_start < 0:
            run_start = pos
        pos = end
    if run_start >= 0:
        os.pwrite(fd, view[run_start:n], offset + run_start)


def _chunks(view: FixedView) -> Iterator[tuple[int, int]]:
    """(offset, length) pieces of the data extents, cut at CHUNK boundaries."""
    for offset, length in view.extents():
        if offset >= view.virtual_size:
            continue
        pos, end = offset, offset + length
        while pos < end:
            n = min(CHUNK - pos % CHUNK, end - pos)
            yield pos, n
            pos += n


def _copy(view: FixedView, fd: int, progress: Progress | None, cancel: threading.Event | None) -> None:
    """Copy the data extents with WORKERS threads (pread/pwrite release the GIL, so reads, zero tests and writes of
    different chunks overlap, as qemu-img's parallel requests do); progress is reported in order."""
    total = view.size
    local = threading.local()

    def copy_chunk(pos: int, n: int) -> int:
        buf = getattr(local, "buf", None)
        if buf is None:
            buf = local.buf = bytearray(CHUNK)
        view.readinto(pos, memoryview(buf)[:n])
        if not _is_zero(buf, n):
            _write_sparse(fd, buf, n, pos)
        return pos + n

    pool = ThreadPoolExecutor(max_workers=WORKERS, thread_name_prefix="convert-vhd")
    pending: deque[Future[int]] = deque()
    try:
        for pos, n in _chunks(view):
            if cancel is not None and cancel.is_set():
                raise ConversionCancelledError("The conversion was cancelled; no file was written.", path=view.path)
            pending.append(pool.submit(copy_chunk, pos, n))
            if len(pending) >= 2 * WORKERS:
                done = pending.popleft().result()
                if progress is not None:
                    progress(done, total)
        while pending:
            done = pending.popleft().result()
            if progress is not None:
                progress(done, total)
    finally:
        # On failure or interrupt: drop queued chunks and wait for running ones before the caller closes fd.
        pool.shutdown(wait=True, cancel_futures=True)
    os.pwrite(fd, view.footer, view.virtual_size)
    if progress is not None:
        progress(total, total)


def convert_vhd(path: str | os.PathLike[str], destination: str | os.PathLike[str], *, vhd_type: str = "Fixed",
                size_bytes: int | None = None, progress: Progress | None = None,
                cancel: threading.Event | None = None) -> VhdInfo:
    """Convert-VHD -Path -DestinationPath -VHDType Fixed: a fixed VHD from any supported image.

    Args:
        path: the source (fixed or dynamic VHD, VHDX, raw).
        destination: the new file; must not exist.
        vhd_type: "Fixed" (the only type Azure Stack Hub takes).
        size_bytes: also resize, to this whole number of MiB (growing, or shrinking no lower than the data).
        progress: called with (bytes done, bytes total).
        cancel: set it from another thread to stop; KeyboardInterrupt stops too. Nothing is left behind.

    Returns:
        Get-VHD's view of the new file.
    """
    if str(vhd_type).lower() != "fixed":
        raise VhdValidationError(f"-VHDType {vhd_type} is not supported: Azure Stack Hub takes fixed VHDs only, so "
                                 "Convert-VHD makes -VHDType Fixed.", path=str(path))
    source = os.fspath(path)
    dest = check_destination(destination)
    if dest.suffix.lower() == ".vhdx":
        raise VhdValidationError(f"The destination '{dest}' ends in .vhdx but the result is a VHD: name it "
                                 f"'{dest.with_suffix('.vhd').name}'.", path=str(dest))
    if size_bytes is not None:
        _check_new_size(size_bytes, source)
    with open_disk(source, virtual_size=size_bytes) as view:
        _refuse_shrink(view, view.virtual_size, source)
        temp = dest.with_name(f".{dest.name}.{os.getpid()}.partial")
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), 0o644)
        try:
            try:
                os.ftruncate(fd, view.size)
                _copy(view, fd, progress, cancel)
                getattr(os, "fdatasync", os.fsync)(fd)  # durable before the rename makes it visible
            finally:
                os.close(fd)
            try:
                os.link(temp, dest)  # fails if the destination appeared meanwhile: never clobber
            except FileExistsError:
                raise DestinationExistsError(f"The destination '{dest}' was created by someone else during the "
                                             "conversion: choose another name.", path=str(dest)) from None
        finally:
            temp.unlink(missing_ok=True)
    return get_vhd(dest)


def resize_vhd(path: str | os.PathLike[str], size_bytes: int) -> VhdInfo:
    """Resize-VHD -Path -SizeBytes, in place, for fixed VHDs and raw images.

    Growing adds zeros (as a hole) and moves the footer; shrinking is refused if partitions or non-zero bytes lie
    beyond the new size. The size must be a whole number of MiB. Dynamic VHDs and VHDX: convert them to fixed
    first (Convert-VHD can resize while converting).
    """
    text = os.fspath(path)
    _check_new_size(size_bytes, text)
    fd, file_size = open_source(text)
    try:
        info, _ = probe(fd, file_size, text)
    finally:
        os.close(fd)
    if info.format == "VHDX" or info.disk_type != "Fixed" and info.format == "VHD":
        raise UnsupportedDiskError(f"Resize-VHD works in place on fixed VHDs and raw images; '{text}' is a "
                                   f"{info.disk_type.lower()} {info.format}. Convert it with Convert-VHD -VHDType "
                                   f"Fixed -SizeBytes {size_bytes} instead.", path=text)
    with open_disk(text) as view:
        _refuse_shrink(view, size_bytes, text)
        new_footer = fixed_footer(size_bytes, unique_id=view.footer[68:84], timestamp=info.footer.timestamp
                                  if info.footer else 0, source=info.footer)
    fd = os.open(text, os.O_RDWR | getattr(os, "O_CLOEXEC", 0))
    try:
        old = info.virtual_size
        if info.format == "Raw":
            os.ftruncate(fd, size_bytes)
        elif size_bytes >= old:
            # New footer first, then clear the old one: a crash in between leaves a valid disk.
            os.ftruncate(fd, size_bytes + FOOTER_SIZE)
            os.pwrite(fd, new_footer, size_bytes)
            os.fsync(fd)
            if size_bytes > old:
                os.pwrite(fd, bytes(FOOTER_SIZE), old)
        else:
            os.pwrite(fd, new_footer, size_bytes)
            os.fsync(fd)
            os.ftruncate(fd, size_bytes + FOOTER_SIZE)
        os.fsync(fd)
    finally:
        os.close(fd)
    return get_vhd(text)
