"""The seam between the VHD toolkit and its users (the uploader, Convert-VHD, the preflight checks).

A `DiskView` is random access to the exact bytes of the fixed VHD that Azure wants for a source disk
(virtual disk data, then the 512-byte footer), plus the map of where that data may be non-zero.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Protocol


class DiskView(Protocol):
    @property
    def size(self) -> int:
        """Bytes of the fixed VHD: virtual size + 512 (the footer)."""

    @property
    def virtual_size(self) -> int:
        """Bytes of the virtual disk, without the footer."""

    def read(self, offset: int, length: int) -> bytes:
        """The bytes at [offset, offset+length) of the fixed VHD; thread-safe (no shared file position)."""

    def extents(self) -> Iterator[tuple[int, int]]:
        """(offset, length) of every range that may hold non-zero bytes, ascending and disjoint, the footer's
        range last. Anything outside them reads as zeros and is never read by the uploader."""

    def close(self) -> None: ...
