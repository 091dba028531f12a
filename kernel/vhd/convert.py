"""Convert-VHD: a fixed VHD from any supported image, streaming through the fixed view.

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

from .checks import MiB
from .disk import FixedView, open_disk
from .errors import ConversionCancelledError, DestinationExistsError, VhdValidationError
from .inspect import VhdInfo, get_vhd
from .paths import check_destination
from .resize import check_new_size, refuse_shrink

Progress = Callable[[int, int], None]
"""progress(bytes_done, bytes_total): called as the conversion advances; bytes count the fixed VHD's size."""

CHUNK = 4 * MiB
SUB_CHUNK = 64 * 1024
WORKERS = 4
_ZERO_CHUNK = bytes(CHUNK)


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
                cancel: threading.Event | None = None, durable: bool = True) -> VhdInfo:
    """Convert-VHD -Path -DestinationPath -VHDType Fixed: a fixed VHD from any supported image.

    Args:
        path: the source (fixed or dynamic VHD, VHDX, raw).
        destination: the new file; must not exist.
        vhd_type: "Fixed" (the only type Azure Stack Hub takes).
        size_bytes: also resize, to this whole number of MiB (growing, or shrinking no lower than the data).
        progress: called with (bytes done, bytes total).
        cancel: set it from another thread to stop; KeyboardInterrupt stops too. Nothing is left behind.
        durable: flush the data to disk before the rename, so that a crash never leaves a complete-looking file
            with missing data (qemu-img convert's default, `-t unsafe`, does not; `-t writeback` does).

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
        check_new_size(size_bytes, source)
    with open_disk(source, virtual_size=size_bytes) as view:
        refuse_shrink(view, view.virtual_size, source)
        temp = dest.with_name(f".{dest.name}.{os.getpid()}.partial")
        fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), 0o644)
        try:
            try:
                os.ftruncate(fd, view.size)
                _copy(view, fd, progress, cancel)
                if durable:
                    getattr(os, "fdatasync", os.fsync)(fd)
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
