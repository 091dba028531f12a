"""Find the non-zero 512-byte sectors of a buffer at C speed (no per-byte Python loop).

Two searches alternate: `bytes.find` of a zero sector jumps over non-zero data (it is a C substring
search, ~40 GiB/s on random data), and comparisons against a preallocated zero buffer jump over zeros
a 64 KiB block at a time before narrowing down to the sector. Imports nothing from azskernel.
"""

from __future__ import annotations

SECTOR = 512
_BLOCK = 64 * 1024
_ZERO_SECTOR = bytes(SECTOR)
_ZERO_BLOCK = bytes(_BLOCK)


def is_zero(data: bytes | memoryview) -> bool:
    """True when every byte of `data` is zero (memcmp against a shared zero buffer)."""
    n = len(data)
    if n <= _BLOCK:
        return data == _ZERO_BLOCK[:n]
    view = memoryview(data)
    return all(view[i : i + _BLOCK] == _ZERO_BLOCK[: min(_BLOCK, n - i)] for i in range(0, n, _BLOCK))


def _next_zero_sector(data: bytes, pos: int, end: int) -> int:
    """Offset of the first all-zero aligned sector at or after `pos` (a multiple of 512), else `end`."""
    while pos < end:
        hit = data.find(_ZERO_SECTOR, pos, end)
        if hit < 0:
            return end
        aligned = -(-hit // SECTOR) * SECTOR
        if aligned + SECTOR <= end and data[aligned : aligned + SECTOR] == _ZERO_SECTOR:
            return aligned
        # The run found starts mid-sector and does not cover the next aligned one: look after it.
        pos = aligned + 1 if aligned + SECTOR <= end else end
    return end


def _next_nonzero_sector(data: bytes, pos: int, end: int) -> int:
    """Offset of the first aligned sector at or after `pos` that holds a non-zero byte, else `end`."""
    while pos < end and pos % _BLOCK:
        if data[pos : pos + SECTOR] != _ZERO_SECTOR:
            return pos
        pos += SECTOR
    while pos + _BLOCK <= end and data[pos : pos + _BLOCK] == _ZERO_BLOCK:
        pos += _BLOCK
    while pos < end:
        if data[pos : pos + SECTOR] != _ZERO_SECTOR:
            return pos
        pos += SECTOR
    return end


def nonzero_runs(data: bytes, base: int = 0) -> list[tuple[int, int]]:
    """(offset, length) of the maximal runs of non-zero sectors in `data`, offsets shifted by `base`.

    `len(data)` must be a multiple of 512; a sector with any non-zero byte counts as non-zero.
    """
    end = len(data)
    if end % SECTOR:
        raise ValueError(f"buffer length {end} is not a multiple of {SECTOR}")
    runs: list[tuple[int, int]] = []
    pos = _next_nonzero_sector(data, 0, end)
    while pos < end:
        stop = _next_zero_sector(data, pos + SECTOR, end)
        runs.append((base + pos, stop - pos))
        pos = _next_nonzero_sector(data, stop, end)
    return runs
