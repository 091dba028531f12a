"""PNG checks of our own (signature and IHDR, PNG spec §5.2 and §11.2.2) and, through Pillow, resizing any
picture to an icon's exact size or drawing a plain placeholder icon."""

from __future__ import annotations

import io
import struct

SIGNATURE = b"\x89PNG\r\n\x1a\n"
_IHDR = struct.Struct(">I4sII")  # chunk length, type, width, height


def png_size(data: bytes) -> tuple[int, int] | None:
    """(width, height) of a PNG, or None when the bytes are not a PNG."""
    if len(data) < len(SIGNATURE) + _IHDR.size or not data.startswith(SIGNATURE):
        return None
    length, kind, width, height = _IHDR.unpack_from(data, len(SIGNATURE))
    if kind != b"IHDR" or length != 13 or width == 0 or height == 0:
        return None
    return width, height


def fit_png(data: bytes, size: tuple[int, int]) -> bytes:
    """The picture scaled to fit `size` (aspect kept), centred on a transparent canvas of exactly `size`.
    Raises ValueError when Pillow cannot read it."""
    from PIL import Image

    try:
        with Image.open(io.BytesIO(data)) as source:
            picture = source.convert("RGBA")
    except Exception as exc:  # noqa: BLE001 - Pillow raises many types for unreadable input
        raise ValueError(f"not a picture Pillow can read ({type(exc).__name__})") from None
    scale = min(size[0] / picture.width, size[1] / picture.height)
    if scale != 1:
        picture = picture.resize((max(1, round(picture.width * scale)), max(1, round(picture.height * scale))),
                                 Image.Resampling.LANCZOS)
    canvas = Image.new("RGBA", size, (0, 0, 0, 0))
    canvas.paste(picture, ((size[0] - picture.width) // 2, (size[1] - picture.height) // 2))
    return _png_bytes(canvas)


def placeholder_png(size: tuple[int, int], text: str, colour: tuple[int, int, int]) -> bytes:
    """A plain tile with a short text in its middle: the icon used when none is given."""
    from PIL import Image, ImageDraw, ImageFont

    tile = Image.new("RGB", size, colour)
    draw = ImageDraw.Draw(tile)
    font = ImageFont.load_default(size=max(8, min(size) // 3))
    left, top, right, bottom = draw.textbbox((0, 0), text, font=font)
    draw.text(((size[0] - (right - left)) / 2 - left, (size[1] - (bottom - top)) / 2 - top), text,
              fill=(255, 255, 255), font=font)
    return _png_bytes(tile)


def _png_bytes(image: object) -> bytes:
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)  # type: ignore[attr-defined]
    return out.getvalue()
