"""One progress model for every front: what an upload event means as a bar, a percentage, a caption and an ETA.

The terminal bar (shell and `azs -File`), the kernel's widget and the magics' widget all draw an upload from
`upload_view(event)`, so at every sample they show the same numbers, and the caption states the bar's own
percentage. The bar is the share of the disk that is finished: bytes sent, plus bytes that need no sending
(zeros skipped, pages an earlier run already committed). Each of those only grows, so the bar never goes back
and never jumps when the scan ends; it reaches 100% with the last byte. The ETA projects the bytes still to
send (those found, plus the unscanned rest at the density seen so far) at the send rate, from the first MiB
sent. A rate is shown only once a MiB has gone out: a disk of zeros sends a 512-byte footer, not "80 B/s".

Pure functions of the event's fields (duck-typed: this module imports nothing of azskernel.vhd, so both
fronts may use it without loading the uploader). Also pwsh's minimal progress bar for terminals.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Final

from azskernel.progress_text import human_bytes, human_duration

MiB: Final = 1024 * 1024
RATE_FLOOR: Final = MiB
"""Bytes sent before a rate (and so an ETA) means anything."""
DONE: Final = "done"


@dataclass(frozen=True)
class UploadView:
    phase: str
    fraction: float
    """0..1, what the bar shows: exactly `percent` / 100, so bar and caption never disagree."""
    percent: int
    """Whole percent of the source finished (floored; 100 only in the done state)."""
    done: bool
    rate: float | None
    eta: float | None
    caption: str


def _phase(event: Any) -> str:
    return str(getattr(event.phase, "value", event.phase))


def upload_fraction(event: Any) -> float:
    """Share of the source finished: sent, or needing no sending (zeros, pages already there)."""
    if _phase(event) == DONE:
        return 1.0
    size = event.source_size or 0
    if size <= 0:
        return 0.0
    finished = event.bytes_sent + event.bytes_skipped + getattr(event, "bytes_present", 0)
    return max(0.0, min(1.0, finished / size))


def upload_eta(event: Any) -> float | None:
    rate = event.rate if event.bytes_sent >= RATE_FLOOR and event.rate > 0 else None
    left = max(0, event.bytes_to_send - event.bytes_sent)
    if not event.scan_done:
        scanned = event.bytes_scanned
        density = event.bytes_to_send / scanned if scanned > 0 else 1.0
        left += int(max(0, event.source_size - scanned) * density)
    if left == 0 and event.scan_done:
        return 0.0
    return left / rate if rate else None


def upload_view(event: Any) -> UploadView:
    phase = _phase(event)
    done = phase == DONE
    percent = 100 if done else min(99, int(upload_fraction(event) * 100))
    rate = event.rate if event.bytes_sent >= RATE_FLOOR and event.rate > 0 else None
    eta = None if done else upload_eta(event)
    more = "" if event.scan_done else "+"
    parts = [
        f"{phase} {percent}% of {human_bytes(event.source_size)}",
        f"sent {human_bytes(event.bytes_sent)} of {human_bytes(event.bytes_to_send)}{more}",
        f"skipped {human_bytes(event.bytes_skipped)}",
    ]
    present = getattr(event, "bytes_present", 0)
    if present:
        parts.append(f"{human_bytes(present)} already uploaded")
    parts.append(f"{human_bytes(rate)}/s" if rate is not None else "--/s")
    parts.append(f"took {human_duration(event.elapsed)}" if done else f"ETA {human_duration(eta)}")
    return UploadView(phase, percent / 100, percent, done, rate, eta, " | ".join(parts))


# -- pwsh's minimal progress view (PSStyle.Progress.View = Minimal, the default since 7.2) -------------------

PROGRESS_STYLE: Final = "\x1b[33;1m"
"""$PSStyle.Progress.Style's default."""
_REVERSE, _RESET = "\x1b[7m", "\x1b[0m"


def minimal_bar(activity: str, status: str, percent: int, width: int, *, colour: bool = True) -> str:
    """`Activity [status text ...   ]` filling `width` columns, the first `percent` of the bracket in reverse
    video (plain text falls back to '=' marks when colour is off)."""
    width = max(20, width)
    inner = max(10, width - len(activity) - 3)
    if len(activity) > width // 2:
        activity = activity[: width // 2 - 1] + "\u2026"
        inner = max(10, width - len(activity) - 3)
    text = status if len(status) <= inner else status[: inner - 1] + "\u2026"
    text = text.ljust(inner)
    filled = 0 if percent < 0 else int(round(inner * max(0, min(100, percent)) / 100))
    if colour:
        body = f"{PROGRESS_STYLE}{_REVERSE}{text[:filled]}{_RESET}{PROGRESS_STYLE}{text[filled:]}{_RESET}"
        return f"{PROGRESS_STYLE}{activity}{_RESET} [{body}]"
    # no colour (NO_COLOR): a short bar of marks, then the status, cut at the width
    short = 20
    marks = "=" * (0 if percent < 0 else int(round(short * max(0, min(100, percent)) / 100)))
    return f"{activity} [{marks.ljust(short)}] {status}"[:width]


__all__ = ["DONE", "MiB", "RATE_FLOOR", "UploadView", "minimal_bar", "upload_eta", "upload_fraction", "upload_view"]
