"""Sizes and durations as the progress displays word them (`3.0 MiB`, `01:15`, `1:02:05`).

Shared by the terminal shell and the notebook widgets (a top-level module because the two fronts may not
import each other, and importing azskernel.vhd for two functions would slow both fronts' start).
"""

from __future__ import annotations


def human_bytes(count: float) -> str:
    """`512 B`, `3.0 MiB`: binary units, one decimal above bytes."""
    units = ("B", "KiB", "MiB", "GiB", "TiB")
    value = float(count)
    for unit in units:
        if abs(value) < 1024 or unit == units[-1]:
            return f"{value:.0f} {unit}" if unit == "B" else f"{value:.1f} {unit}"
        value /= 1024
    return f"{value:.1f} TiB"


def human_duration(seconds: float | None) -> str:
    """`01:15`, `1:02:05`; `--:--` while the duration is unknown (an ETA before the scan ends)."""
    if seconds is None:
        return "--:--"
    whole = max(0, round(seconds))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes:02d}:{secs:02d}"
