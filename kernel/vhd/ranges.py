"""Extent arithmetic: the data extents of a sparse file (SEEK_DATA/SEEK_HOLE), clipping, merging, aligning."""

from __future__ import annotations

import errno
import os
from collections.abc import Iterable, Iterator

SECTOR = 512


def file_data_extents(fd: int, start: int, end: int) -> Iterator[tuple[int, int]]:
    """(offset, length) of the data regions of the file within [start, end).

    Where the file system cannot say (no SEEK_DATA), the whole range counts as data.
    """
    seek_data = getattr(os, "SEEK_DATA", None)
    seek_hole = getattr(os, "SEEK_HOLE", None)
    if seek_data is None or seek_hole is None:
        if end > start:
            yield (start, end - start)
        return
    pos = start
    while pos < end:
        try:
            data = os.lseek(fd, pos, seek_data)
        except OSError as exc:
            if exc.errno == errno.ENXIO:  # no data after pos
                return
            if exc.errno in (errno.EINVAL, errno.EOPNOTSUPP):
                yield (pos, end - pos)
                return
            raise
        if data >= end:
            return
        try:
            hole = os.lseek(fd, data, seek_hole)
        except OSError:
            hole = end
        hole = min(hole, end)
        yield (data, hole - data)
        pos = hole


def align_merge(extents: Iterable[tuple[int, int]], limit: int, unit: int = SECTOR) -> Iterator[tuple[int, int]]:
    """Round each extent out to `unit`, clip to [0, limit), merge touching ones; input must be ascending."""
    cur_start = cur_end = -1
    for offset, length in extents:
        if length <= 0:
            continue
        start = offset - offset % unit
        end = min(-(-(offset + length) // unit) * unit, limit)
        if start >= end:
            continue
        if cur_end >= start:
            cur_end = max(cur_end, end)
            continue
        if cur_end > cur_start:
            yield (cur_start, cur_end - cur_start)
        cur_start, cur_end = start, end
    if cur_end > cur_start:
        yield (cur_start, cur_end - cur_start)


def total_length(extents: Iterable[tuple[int, int]]) -> int:
    return sum(length for _, length in extents)
