"""Ctrl-C / kernel interrupt while a command runs: stop cooperatively first, then by force.

Shared by the terminal shell and the Jupyter kernel (a top-level module because the two fronts may not
import each other). While the block runs on the main thread, the first SIGINT calls `stop()` (the
session's cancel: uploads and provisioning waits see the token and end cleanly, leaving the blob
resumable); when the command has not ended GRACE seconds later, or at a second SIGINT, a
KeyboardInterrupt breaks out of whatever blocks. A command inside a native call (a regular expression:
runtime/native.py) is broken out of at the first SIGINT, since only a signal can reach it. The forced
interrupt is a SIGALRM timer, not a thread: a thread needs the GIL to send it, which `re` never gives up.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Callable
from typing import Any

from azskernel.runtime import native

GRACE = 2.0
"""Seconds a cooperative stop may take before the interrupt is forced."""


class StopOnInterrupt:
    def __init__(self, stop: Callable[[], None], *, grace: float = GRACE) -> None:
        self._stop = stop
        self._grace = grace
        self._saved: Any = None
        self._hits = 0
        self._done = threading.Event()
        self._forcer: int | None = None

    def __enter__(self) -> StopOnInterrupt:
        if threading.current_thread() is threading.main_thread():
            self._saved = signal.signal(signal.SIGINT, self._on_sigint)
        return self

    def __exit__(self, *exc: object) -> None:
        self._done.set()
        native.cancel(self._forcer)
        self._forcer = None
        if self._saved is not None:
            signal.signal(signal.SIGINT, self._saved)

    def _on_sigint(self, signum: int, frame: Any) -> None:
        if self._done.is_set():
            return
        self._hits += 1
        if self._hits > 1:
            raise KeyboardInterrupt
        self._stop()
        if native.in_native_call():
            raise KeyboardInterrupt
        self._forcer = native.after(self._grace, self._force)

    def _force(self) -> None:
        if not self._done.is_set():
            raise KeyboardInterrupt
