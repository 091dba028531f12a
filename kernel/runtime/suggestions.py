"""pwsh 7.4's "General Feedback" after a command that was not found (and, in the same shape, after a
parameter that was not found): the most similar names, for interactive hosts (the shell and the kernel).

pwsh's console host prints it after the error, as its feedback provider does:

    [General Feedback]
      The most similar commands are:
        ➤ Get-ChildItem, Get-Item

Scripts (`azs -File`, `-Command`) print no feedback, as pwsh runs no feedback provider there.
"""

from __future__ import annotations

import difflib
from typing import Any

MAX_NAMES = 5


def similar(word: str, candidates: list[str], limit: int = MAX_NAMES) -> list[str]:
    """The closest candidates to `word`, case-insensitively, best first."""
    by_fold: dict[str, str] = {}
    for name in candidates:
        by_fold.setdefault(name.casefold(), name)
    close = difflib.get_close_matches(word.casefold(), list(by_fold), n=limit, cutoff=0.6)
    return [by_fold[c] for c in close]


def _block(what: str, names: list[str]) -> str:
    return f"\n[General Feedback]\n  The most similar {what} are:\n    \u27a4 {', '.join(names)}\n"


def feedback(session: Any, record: Any) -> str | None:
    """The feedback block for an error record, or None when there is nothing to suggest."""
    error_id = str(getattr(record, "error_id", "") or "").split(",", 1)[0]
    registry = getattr(session, "commands", None) or getattr(session, "registry", None)
    if registry is None:
        return None
    target = str(getattr(record, "target", "") or "")
    if error_id == "CommandNotFoundException" and target:
        names = [*registry.names(), *registry.aliases()]
        found = similar(target, names)
        return _block("commands", found) if found else None
    if error_id == "NamedParameterNotFound" and target:
        info = registry.resolve(str(getattr(record, "command_name", "") or ""))
        params = [p.name for p in getattr(info, "all_parameters", [])] if info is not None else []
        found = similar(target.lstrip("-"), params)
        return _block("parameters", [f"-{p}" for p in found]) if found else None
    return None


__all__ = ["feedback", "similar"]
