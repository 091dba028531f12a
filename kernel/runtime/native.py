"""Native calls that only a signal can stop: Python's `re` runs in C holding the GIL, and checks for signals
(every few thousand steps) only on the main thread. Two tools for the engine's fronts and regexes.py:

- `native_call()` marks the main thread as inside such a call, so an interrupt (azskernel.interrupt) raises
  there at once instead of asking politely first: a match has nothing to clean up.
- `deadline(seconds, error)` raises `error()` in the main thread once `seconds` have passed, with
  ITIMER_REAL/SIGALRM: no thread is needed to deliver it, so it reaches code that holds the GIL. Deadlines
  nest (one timer serves the earliest); off the main thread they are not enforced.
No third-party imports (a runtime module).
"""

from __future__ import annotations

import heapq
import itertools
import signal
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

_depth = 0
_pending: list[tuple[float, int, Callable[[], None]]] = []
_cancelled: set[int] = set()
_counter = itertools.count()
_saved_handler: Any = None


def on_main_thread() -> bool:
    return threading.current_thread() is threading.main_thread()


class _NativeCall:
    """`with native_call():` (a plain class: it wraps every -match, so it must cost little)."""

    __slots__ = ("_main",)

    def __init__(self) -> None:
        self._main = threading.main_thread()

    def __enter__(self) -> None:
        global _depth
        if threading.current_thread() is self._main:
            _depth += 1

    def __exit__(self, *exc: object) -> None:
        global _depth
        if threading.current_thread() is self._main:
            _depth -= 1


_NATIVE_CALL = _NativeCall()


def native_call() -> _NativeCall:
    return _NATIVE_CALL


def in_native_call() -> bool:
    """True while the main thread is inside `native_call()`; meant for signal handlers."""
    return _depth > 0


def after(seconds: float, callback: Callable[[], None]) -> int | None:
    """Call `callback` from the main thread's signal handler in `seconds` (it may raise); returns a handle for
    `cancel`, or None off the main thread (nothing is scheduled)."""
    global _saved_handler
    if not on_main_thread():
        return None
    handle = next(_counter)
    if not _pending:
        _saved_handler = signal.signal(signal.SIGALRM, _on_alarm)
    heapq.heappush(_pending, (time.monotonic() + max(seconds, 0.0), handle, callback))
    _arm()
    return handle


def cancel(handle: int | None) -> None:
    if handle is None or not on_main_thread():
        return
    _cancelled.add(handle)
    _drop_cancelled()
    _arm()


@contextmanager
def deadline(seconds: float | None, error: Callable[[], BaseException]) -> Iterator[None]:
    """Raise `error()` in this block once `seconds` have passed (None or infinite: no deadline)."""
    if seconds is None or seconds == float("inf"):
        yield
        return

    def expire() -> None:
        raise error()

    handle = after(seconds, expire)
    try:
        yield
    finally:
        cancel(handle)


def _drop_cancelled() -> None:
    global _saved_handler
    while _pending and _pending[0][1] in _cancelled:
        _cancelled.discard(heapq.heappop(_pending)[1])
    if not _pending:
        _cancelled.clear()
        signal.setitimer(signal.ITIMER_REAL, 0)
        if _saved_handler is not None:
            signal.signal(signal.SIGALRM, _saved_handler)
            _saved_handler = None


def _arm() -> None:
    if _pending:
        signal.setitimer(signal.ITIMER_REAL, max(_pending[0][0] - time.monotonic(), 1e-4))


def _on_alarm(signum: int, frame: Any) -> None:
    now = time.monotonic()
    due: list[Callable[[], None]] = []
    while _pending and _pending[0][0] <= now + 1e-3:
        _, handle, callback = heapq.heappop(_pending)
        if handle in _cancelled:
            _cancelled.discard(handle)
        else:
            due.append(callback)
    _drop_cancelled()
    _arm()
    for callback in due:
        callback()
