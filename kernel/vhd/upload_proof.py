"""Proving that a finished blob holds the source, before calling it "already uploaded".

A blob's Content-MD5 is only a header: any client may set it, and the service never computes it for a
page blob (an earlier race stamped the MD5 of a file the blob did not hold). So a blob whose Content-MD5
equals the source's MD5 must also show, at the price of a few small requests instead of a download:

1. coverage: its committed page ranges (the service's own record of what was written) cover every
   non-zero sector of the source. Pages lost to a delete-and-recreate, or never written by an upload that
   stopped, fail this; a stamp that rounds ranges out to 4 KiB can only make it laxer, hence 2.
2. content: the VHD footer and `samples` randomly chosen 4 KiB pages of the source's data, read back,
   equal the source. A blob holding another image's pages at the right places fails this.

The local side (the MD5 and the non-zero runs) comes from one read of the source.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Sequence

from .upload_plan import HUB_PAGE, CoveredRanges
from .view import DiskView

SAMPLES = 16


def uncovered(runs: Sequence[tuple[int, int]], ranges: Sequence[tuple[int, int]]) -> tuple[int, int | None]:
    """(bytes of `runs` outside `ranges`, the first such offset)."""
    covered = CoveredRanges(ranges)
    missing, first = 0, None
    for offset, length in runs:
        for start, n in covered.subtract(offset, length):
            missing += n
            first = start if first is None else first
    return missing, first


def sample_pages(runs: Sequence[tuple[int, int]], count: int, rng: random.Random,
                 unit: int = HUB_PAGE) -> list[tuple[int, int]]:
    """Up to `count` distinct (offset, length) pages inside the runs, chosen in proportion to run length."""
    total = sum(n for _, n in runs)
    if total == 0:
        return []
    picks: set[tuple[int, int]] = set()
    for _ in range(count * 2):
        if len(picks) >= count:
            break
        target = rng.randrange(total)
        for offset, length in runs:
            if target < length:
                point = offset + target
                start = max(offset, point - point % unit)
                picks.add((start, min(offset + length, start + unit) - start))
                break
            target -= length
    return sorted(picks)


def disproof(view: DiskView, runs: Sequence[tuple[int, int]], page_ranges: Callable[[], list[tuple[int, int]]],
             read: Callable[[int, int], bytes], *, samples: int = SAMPLES,
             rng: random.Random | None = None) -> str | None:
    """Why the blob does not hold the source (a clause for a message), or None when it passes both tests."""
    missing, first = uncovered(runs, page_ranges())
    if missing:
        return (f"{missing} bytes of the image's data were never written to it (the first at offset {first}; the "
                "blob's page ranges do not cover them)")
    footer = (view.size - 512, 512)
    for offset, length in [footer, *sample_pages([r for r in runs if r[0] < footer[0]], samples,
                                                 rng or random.Random())]:
        if read(offset, length) != view.read(offset, length):
            what = "VHD footer" if (offset, length) == footer else f"{length} bytes at offset {offset}"
            return f"its {what} differ from the image's"
    return None
