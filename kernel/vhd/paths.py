"""Opening source files and checking destinations, with path errors that say what is wrong and what to do."""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from .errors import (
    DestinationExistsError,
    EmptyFileError,
    VhdIsDirectoryError,
    VhdNotAFileError,
    VhdNotFoundError,
    VhdUnreadableError,
)


def open_source(path: str | os.PathLike[str]) -> tuple[int, int]:
    """Open a disk image read-only; returns (fd, size). The caller owns the descriptor."""
    p = Path(path)
    try:
        fd = os.open(p, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        raise VhdNotFoundError(f"No disk image at '{p}': check the path (it is resolved from the current "
                               "directory).", path=p) from None
    except IsADirectoryError:
        raise VhdIsDirectoryError(f"'{p}' is a directory, not a disk image: give the path of a .vhd, .vhdx or "
                                  "raw image file.", path=p) from None
    except PermissionError:
        raise VhdUnreadableError(f"Cannot read '{p}': permission denied. Run as a user who may read it or change "
                                 "its permissions.", path=p) from None
    except OSError as exc:
        raise VhdUnreadableError(f"Cannot open '{p}': {exc.strerror}.", path=p) from None
    try:
        st = os.fstat(fd)
        if os.path.stat.S_ISDIR(st.st_mode):
            raise VhdIsDirectoryError(f"'{p}' is a directory, not a disk image: give the path of a .vhd, .vhdx "
                                      "or raw image file.", path=p)
        kind = _special_kind(st.st_mode)
        if kind is not None:
            # Their size reads as 0 and their bytes never end (/dev/zero) or cannot be read twice (a pipe).
            raise VhdNotAFileError(f"'{p}' is a {kind}, not a disk image file: give the path of a .vhd, .vhdx or "
                                   "raw image file.", path=p)
        # A block device (a whole disk) has no st_size: its size is where its end is.
        size = os.lseek(fd, 0, os.SEEK_END) if stat.S_ISBLK(st.st_mode) else st.st_size
        if size == 0:
            raise EmptyFileError(f"'{p}' is empty (0 bytes): it holds no disk. Copy or download the image again.",
                                 path=p)
        try:
            os.pread(fd, 1, 0)
        except OSError as exc:
            if exc.errno == errno.EISDIR:
                raise VhdIsDirectoryError(f"'{p}' is a directory, not a disk image.", path=p) from None
            raise VhdUnreadableError(f"Cannot read '{p}': {exc.strerror}.", path=p) from None
    except BaseException:
        os.close(fd)
        raise
    return fd, size


def _special_kind(mode: int) -> str | None:
    if stat.S_ISCHR(mode):
        return "character device"
    if stat.S_ISFIFO(mode):
        return "pipe"
    if stat.S_ISSOCK(mode):
        return "socket"
    return None


def check_destination(path: str | os.PathLike[str], *, overwrite: bool = False) -> Path:
    """Refuse an existing destination (unless `overwrite`) and a missing parent folder."""
    p = Path(path)
    if p.is_dir():
        raise VhdIsDirectoryError(f"The destination '{p}' is a directory: give a file name such as "
                                  f"'{p / 'disk.vhd'}'.", path=p)
    if p.exists() and not overwrite:
        raise DestinationExistsError(f"The destination '{p}' already exists: choose another name or delete it "
                                     "first.", path=p)
    if not p.parent.is_dir():
        raise VhdNotFoundError(f"The destination folder '{p.parent}' does not exist: create it first.", path=p)
    return p
