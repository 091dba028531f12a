"""`%Add-AzsPlatformImage?` shows the command's help; `%Add-AzsPlatformImag` says which magics are closest.

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


_MAGIC = re.compile(r"^(?P<indent>\s*)(?:[A-Za-z_][A-Za-z0-9_]*\s*=\s*)?(?P<pct>%{1,2})(?P<name>[A-Za-z]+-[A-Za-z0-9]+)\b")


def unknown_magic_transformer(magic_names: Callable[[], list[str]]) -> Callable[[list[str]], list[str]]:
    """A `%Verb-Noun` that is no magic, but close to some: IPython's UsageError, with the closest names
    (as pwsh's feedback names the most similar commands). Anything else is left to IPython."""
    from azskernel.runtime.suggestions import similar

    def transform(lines: list[str]) -> list[str]:
        if not lines:
            return lines
        match = _MAGIC.match(lines[0].rstrip("\n"))
        if not match:
            return lines
        names = magic_names()
        if match.group("name").casefold() in {n.casefold() for n in names}:
            return lines
        close = similar(match.group("name"), names)
        if not close:
            return lines
        kind = "Line" if match.group("pct") == "%" else "Cell"
        message = (f"{kind} magic function `{match.group('pct')}{match.group('name')}` not found.\n\n"
                   f"The most similar magics are: {', '.join(match.group('pct') + c for c in close)}")
        return [f"{match.group('indent')}raise __import__('IPython').core.error.UsageError({message!r})\n"]

    transform.has_side_effects = False  # type: ignore[attr-defined]
    return transform


__all__ = ["help_transformer", "unknown_magic_transformer"]
