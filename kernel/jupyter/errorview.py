"""pwsh 7's concise error view with its colours (the text itself comes from runtime.formatting).

pwsh paints the message and the `~~~` marker in the error colour and the `Line |` gutter in the
accent colour; WARNING/VERBOSE/DEBUG lines are yellow.
"""

from __future__ import annotations

import re
from typing import Any

ERROR = "\x1b[31;1m"
ACCENT = "\x1b[36;1m"
WARNING = "\x1b[33;1m"
RESET = "\x1b[0m"

_GUTTER = re.compile(r"^(\s*(?:Line |\d+ |\s+)\|)(.*)$")


def _paint(text: str, style: str) -> str:
    return f"{style}{text}{RESET}" if text else text


def concise_view(record: Any, *, colour: bool = True) -> str:
    """The record as pwsh 7 prints it, without the final newline."""
    from azskernel.runtime.formatting import format_error  # the kernel starts faster without it

    text = format_error(record).rstrip("\n")
    if not colour:
        return text
    lines = text.split("\n")
    painted = [_paint(lines[0], ERROR)]
    for index, line in enumerate(lines[1:], start=1):
        match = _GUTTER.match(line)
        if not match:
            painted.append(_paint(line, ERROR))
            continue
        gutter, rest = match.groups()
        is_source = index == 2  # the quoted line of code stays uncoloured
        painted.append(_paint(gutter, ACCENT) + (rest if is_source else _paint(rest, ERROR)))
    return "\n".join(painted)


def stream_line(kind: str, text: str, *, colour: bool = True) -> str:
    """WARNING: / VERBOSE: / DEBUG: lines, yellow as pwsh's $PSStyle.Formatting shows them."""
    line = f"{kind}: {text}"
    return _paint(line, WARNING) if colour else line
