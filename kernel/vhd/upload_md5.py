"""The whole-file MD5 of the fixed view, computed on its own thread while the pages go out.

Holes are hashed from a shared zero buffer (never read); hashlib releases the GIL on large updates, so the
hash runs beside the writers. This is what Add-AzVhd stamps as the blob's Content-MD5.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Callable

from .upload_plan import read_windows
from .view import DiskView

_ZERO = memoryview(bytes(4 * 1024 * 1024))


class Md5Task:
    """Runs `md5_of_view` on a daemon thread; `result()` re-raises what the thread raised."""

    def __init__(
        self,
        view: DiskView,
        extents: list[tuple[int, int]],
        *,
        on_bytes: Callable[[int], None],
        stopped: Callable[[], bool],
        on_data: Callable[[int, bytes], None] | None = None,
    ) -> None:
        self._digest: bytes | None = None
        self._error: BaseException | None = None
        self._thread = threading.Thread(
            target=self._run, args=(view, extents, on_bytes, stopped, on_data), name="vhd-md5", daemon=True
        )
        self._thread.start()

    def _run(self, view: DiskView, extents: list[tuple[int, int]], on_bytes: Callable[[int], None],
             stopped: Callable[[], bool], on_data: Callable[[int, bytes], None] | None) -> None:
        try:
            self._digest = md5_of_view(view, extents, on_bytes=on_bytes, stopped=stopped, on_data=on_data)
        except BaseException as exc:  # handed to the caller's thread by result()
            self._error = exc

    def done(self) -> bool:
        return not self._thread.is_alive()

    def join(self, timeout: float | None = None) -> None:
        self._thread.join(timeout)

    def result(self) -> bytes | None:
        """The digest; None when the hash was stopped before the end."""
        self._thread.join()
        if self._error is not None:
            raise self._error
        return self._digest


def md5_of_view(
    view: DiskView,
    extents: list[tuple[int, int]],
    *,
    on_bytes: Callable[[int], None] = lambda n: None,
    stopped: Callable[[], bool] = lambda: False,
    on_data: Callable[[int, bytes], None] | None = None,
) -> bytes | None:
    """The MD5 of the whole view; `on_data(offset, data)` sees every window read (holes are not read)."""
    digest = hashlib.md5(usedforsecurity=False)
    size = view.size
    pos = 0

    def zeros_until(end: int) -> bool:
        nonlocal pos
        while pos < end:
            if stopped():
                return False
            n = min(len(_ZERO), end - pos)
            digest.update(_ZERO[:n])
            pos += n
            on_bytes(n)
        return True

    for offset, length in read_windows(extents, size):
        if not zeros_until(offset) or stopped():
            return None
        data = view.read(offset, length)
        digest.update(data)
        if on_data is not None:
            on_data(offset, data)
        pos = offset + length
        on_bytes(length)
    if not zeros_until(size):
        return None
    return digest.digest()
