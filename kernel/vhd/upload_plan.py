"""Planning what to send: read windows over the extents, and the Put Page requests within a window.

Pure functions on (offset, length) ranges; the engine reads a window, finds its non-zero runs
(zeros.py), removes what the blob already holds (resume), then coalesces runs into requests.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Iterator, Sequence

SECTOR = 512
HUB_PAGE = 4096
"""Azure Stack Hub's page size (azure-stack-acs-differences.md: "page blob page size 4 KB"): every Put Page
covers whole 4 KiB pages, the VHD footer and the odd tail of a size that is not a multiple aside."""
MAX_PUT_PAGE = 4 * 1024 * 1024
"""Service limit for one Put Page request."""
MERGE_GAP = 4096
"""Zero gaps this small are sent inside one request: cheaper than a second request (about 1 ms)."""


def read_windows(
    extents: Iterable[tuple[int, int]], size: int, window: int = MAX_PUT_PAGE, unit: int = SECTOR
) -> Iterator[tuple[int, int]]:
    """(offset, length) windows covering the extents within [0, size), none crossing a `window` boundary,
    their ends rounded out to multiples of `unit` (a power of two, at most `window`), `size` aside."""
    done = 0
    for offset, length in extents:
        start = max(done, offset - offset % unit)
        end = min(size, -(-(offset + length) // unit) * unit)
        while start < end:
            stop = min(end, (start // window + 1) * window)
            yield (start, stop - start)
            start = stop
        done = max(done, end)


def coalesce(
    runs: Iterable[tuple[int, int]], *, gap: int = MERGE_GAP, limit: int = MAX_PUT_PAGE
) -> list[tuple[int, int]]:
    """Merge ascending runs separated by at most `gap` bytes, then cut the result into pieces of at most `limit`."""
    merged: list[list[int]] = []
    for offset, length in runs:
        if merged and offset - merged[-1][1] <= gap:
            merged[-1][1] = max(merged[-1][1], offset + length)
        else:
            merged.append([offset, offset + length])
    out: list[tuple[int, int]] = []
    for start, end in merged:
        while start < end:
            n = min(limit, end - start)
            out.append((start, n))
            start += n
    return out


def align_runs(runs: Iterable[tuple[int, int]], unit: int, lo: int, hi: int) -> list[tuple[int, int]]:
    """Round ascending runs out to multiples of `unit` within [lo, hi) and merge those that then touch."""
    out: list[tuple[int, int]] = []
    for offset, length in runs:
        start = max(lo, offset - offset % unit)
        end = min(hi, -(-(offset + length) // unit) * unit)
        if out and start <= out[-1][0] + out[-1][1]:
            out[-1] = (out[-1][0], max(end, out[-1][0] + out[-1][1]) - out[-1][0])
        else:
            out.append((start, end - start))
    return out


def trusted_ranges(ranges: Iterable[tuple[int, int]], unit: int, end: int) -> list[tuple[int, int]]:
    """The parts of the blob's reported page ranges that a resume may skip: whole `unit` pages only, and the
    tail page that ends at `end` (the data end when it is not a multiple of `unit`).

    A stamp reports ranges rounded out to its 4 KiB page, so a range edge inside a page proves nothing
    about the rest of that page; pages written whole (every write of this uploader) survive intact."""
    out: list[tuple[int, int]] = []
    for lo, hi in ranges:
        hi = min(hi, end)
        start = -(-lo // unit) * unit
        stop = hi if hi == end else hi - hi % unit
        if start < stop:
            if out and start <= out[-1][1]:
                out[-1] = (out[-1][0], max(stop, out[-1][1]))
            else:
                out.append((start, stop))
    return out


class CoveredRanges:
    """The [start, end) ranges the blob already holds, for subtracting them from runs (resume)."""

    def __init__(self, ranges: Sequence[tuple[int, int]] = ()) -> None:
        self._starts = [s for s, _ in ranges]
        self._ranges = list(ranges)

    def __bool__(self) -> bool:
        return bool(self._ranges)

    def subtract(self, offset: int, length: int) -> list[tuple[int, int]]:
        """Parts of [offset, offset+length) not covered, as (offset, length)."""
        end = offset + length
        if not self._ranges:
            return [(offset, length)]
        out: list[tuple[int, int]] = []
        pos = offset
        i = max(0, bisect.bisect_right(self._starts, offset) - 1)
        while pos < end and i < len(self._ranges):
            lo, hi = self._ranges[i]
            if hi <= pos:
                i += 1
                continue
            if lo >= end:
                break
            if lo > pos:
                out.append((pos, lo - pos))
            pos = max(pos, hi)
            i += 1
        if pos < end:
            out.append((pos, end - pos))
        return out
