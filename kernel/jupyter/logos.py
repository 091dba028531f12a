"""The kernel's logos, drawn in code so they can be regenerated and checked (no image library needed).

A blue tile with a white prompt chevron and cursor, as the frontends show next to the kernel name.
`python -m azskernel.jupyter.logos` rewrites the PNG files in resources/.
"""

from __future__ import annotations

import struct
import sys
import zlib
from pathlib import Path

RESOURCES = Path(__file__).with_name("resources")
SIZES = (32, 64)
_BLUE = (0, 120, 212, 255)
_WHITE = (255, 255, 255, 255)
_CLEAR = (0, 0, 0, 0)


def _pixel(x: float, y: float) -> tuple[int, int, int, int]:
    """The colour at (x, y) in unit coordinates: a rounded tile, a '>' chevron and an underscore."""
    r = 0.16
    cx = min(max(x, r), 1 - r)
    cy = min(max(y, r), 1 - r)
    if (x - cx) ** 2 + (y - cy) ** 2 > r * r:
        return _CLEAR
    # Chevron: two thick strokes meeting at (0.55, 0.45).
    for (x0, y0, x1, y1) in ((0.22, 0.22, 0.55, 0.45), (0.55, 0.45, 0.22, 0.68)):
        dx, dy = x1 - x0, y1 - y0
        t = max(0.0, min(1.0, ((x - x0) * dx + (y - y0) * dy) / (dx * dx + dy * dy)))
        if (x - (x0 + t * dx)) ** 2 + (y - (y0 + t * dy)) ** 2 <= 0.07**2:
            return _WHITE
    if 0.55 <= x <= 0.80 and 0.66 <= y <= 0.76:
        return _WHITE
    return _BLUE


def render_png(size: int) -> bytes:
    """A size x size RGBA PNG of the logo (each pixel sampled 4 times for smooth edges)."""
    rows = bytearray()
    for py in range(size):
        rows.append(0)  # filter type: none
        for px in range(size):
            samples = [_pixel((px + ox) / size, (py + oy) / size) for ox in (0.25, 0.75) for oy in (0.25, 0.75)]
            rows.extend(sum(s[i] for s in samples) // len(samples) for i in range(4))

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)

    header = struct.pack(">IIBBBBB", size, size, 8, 6, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(bytes(rows), 9)) + chunk(b"IEND", b"")


def logo_paths() -> dict[int, Path]:
    return {size: RESOURCES / f"logo-{size}x{size}.png" for size in SIZES}


def main() -> int:
    for size, path in logo_paths().items():
        path.write_bytes(render_png(size))
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
