"""PowerShell strings are .NET strings: UTF-16 code units, where `[char]0xD800` (half of a pair) is a value
like any other. Python holds such a half as a lone surrogate code point, which no UTF-8 encoder accepts.
`as_unicode` gives the text a terminal, a file or a Jupyter message can carry, as .NET's UTF-8 encoder does:
a high and a low half written next to each other form their character, a lone half becomes U+FFFD.
"""

from __future__ import annotations

import codecs
from typing import Any

REPLACEMENT = "\ufffd"


def as_unicode(text: str) -> str:
    try:
        text.encode("utf-8")
        return text
    except UnicodeEncodeError:
        return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")


def deep_unicode(value: Any) -> Any:
    """`as_unicode` applied to every string in a JSON-like value (a message's content)."""
    if isinstance(value, str):
        return as_unicode(value)
    if isinstance(value, dict):
        return {deep_unicode(k): deep_unicode(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [deep_unicode(v) for v in value]
    return value


def _encode_error(error: UnicodeError) -> tuple[str | bytes, int]:
    """Codec error handler "azs-utf16" for UTF-8 streams: what `as_unicode` does. (The UTF-8 encoder takes
    only ASCII text from a handler, so the replacement is given as UTF-8 bytes.)"""
    if not isinstance(error, UnicodeEncodeError) or error.encoding.replace("-", "").lower() != "utf8":
        raise error
    return as_unicode(error.object[error.start:error.end]).encode("utf-8"), error.end


codecs.register_error("azs-utf16", _encode_error)
