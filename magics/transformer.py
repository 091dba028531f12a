"""`%Add-AzsPlatformImage?` shows the command's help.

IPython reads `%Add-AzsPlatformImage?` as "help on `AzsPlatformImage`" (the hyphen splits the name) and
finds nothing. This cleanup transformer runs before IPython's own and rewrites such a line (one or two `?`,
`%` or `%%`) into `%azs help Add-AzsPlatformImage`, when the name is one of the registered cmdlets.
"""

from __future__ import annotations

import re
from collections.abc import Callable

_QUESTION = re.compile(r"^(?P<indent>\s*)%{1,2}(?P<name>[A-Za-z]+-[A-Za-z0-9]+)\s*\?{1,2}\s*$")


def help_transformer(is_command: Callable[[str], bool]) -> Callable[[list[str]], list[str]]:
    def transform(lines: list[str]) -> list[str]:
        out: list[str] = []
        for line in lines:
            match = _QUESTION.match(line.rstrip("\n"))
            if match and is_command(match.group("name")):
                newline = "\n" if line.endswith("\n") else ""
                line = f"{match.group('indent')}%azs help {match.group('name')}{newline}"
            out.append(line)
        return out

    transform.has_side_effects = False  # type: ignore[attr-defined]
    return transform


__all__ = ["help_transformer"]
