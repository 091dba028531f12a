"""JSON as Microsoft's tools write and read it: the text decoded by its byte-order mark, U+00A0 taken as
white space outside strings and raw control characters taken inside them (.NET's parser accepts both;
reference azpkg-and-browser.md A1 found them in real manifests)."""

from __future__ import annotations

import codecs
import json
from typing import Any

_BOMS = ((codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))


def decode(data: bytes) -> str:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return data.decode(encoding)
    return data.decode("utf-8")


def _nbsp_outside_strings(text: str) -> str:
    if "\u00a0" not in text:
        return text
    out, in_string, escaped = [], False, False
    for ch in text:
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
        elif ch == '"':
            in_string = True
        elif ch == "\u00a0":
            ch = " "
        out.append(ch)
    return "".join(out)


def loads(data: bytes) -> Any:
    """Parse; raises ValueError (UnicodeDecodeError or JSONDecodeError) on anything .NET would refuse too."""
    return json.loads(_nbsp_outside_strings(decode(data)), strict=False)
