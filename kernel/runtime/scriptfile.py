"""Reading script files as pwsh does: the byte-order mark decides the encoding (UTF-8, UTF-16 LE/BE, UTF-32),
else UTF-8, else Windows-1252 (what Windows PowerShell saved without a BOM)."""

from __future__ import annotations

import codecs

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)


def decode_script(raw: bytes) -> str:
    for bom, encoding in _BOMS:
        if raw.startswith(bom):
            return raw[len(bom):].decode(encoding, errors="replace")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


def read_script(path: str) -> str:
    with open(path, "rb") as handle:
        return decode_script(handle.read())


__all__ = ["decode_script", "read_script"]
