"""Completion after a cmdlet magic through IPython's completer API (a v2 context matcher).

`%Add-AzsPlatformImage -Pub<Tab>` offers `-Publisher`; `-OsType <Tab>` offers the parameter's values
(ValidateSet or its completer); both come from the command's declaration, as in the shell and the kernel.
In a `%%Cmd` cell the first line names the command. Anything else is left to IPython's own matchers.
"""

from __future__ import annotations

import re
from typing import Any

from IPython.core.completer import CompletionContext, SimpleCompletion, SimpleMatcherResult, context_matcher

from .runner import Runner

_MAGIC = re.compile(r"^\s*%{1,2}(?P<name>[A-Za-z]+-[A-Za-z0-9]+)(?:\s|$)")
_ARGS = re.compile(r"(?:'[^']*'|\"[^\"]*\"|\S+)")


def _command_line(context: CompletionContext) -> str | None:
    """The text of the command being completed, from its magic name to the cursor."""
    text = context.full_text[: _cursor_offset(context)]
    lines = text.split("\n")
    if _MAGIC.match(lines[-1]):
        return lines[-1]
    if len(lines) > 1 and lines[0].lstrip().startswith("%%") and _MAGIC.match(lines[0]):
        return "\n".join(lines)
    return None


def _cursor_offset(context: CompletionContext) -> int:
    lines = context.full_text.split("\n")
    before = sum(len(line) + 1 for line in lines[: context.cursor_line])
    return before + context.cursor_position


def candidates(runner: Runner, text: str) -> tuple[str, list[str], str]:
    """(token being completed, matches, kind) for `text` = a magic's line up to the cursor."""
    match = _MAGIC.match(text)
    if match is None:
        return "", [], ""
    info = runner.registry.resolve(match.group("name"))
    if info is None:
        return "", [], ""
    rest = text[match.end():] if match.end() <= len(text) else ""
    words = _ARGS.findall(rest.replace("`", " "))
    ends_with_space = text[-1:].isspace()
    token = "" if ends_with_space or not words else words[-1]
    previous = words[-1] if ends_with_space and words else (words[-2] if len(words) > 1 else "")
    if token.startswith("-"):
        return token, info.complete_parameter(token), "param"
    if previous.startswith("-") and ":" not in previous:
        values = info.complete_value(previous.lstrip("-"), token.strip("'\""))
        return token, values, "value"
    return token, [], ""


def make_matcher(runner: Runner) -> Any:
    @context_matcher()
    def azs_matcher(context: CompletionContext) -> SimpleMatcherResult:
        line = _command_line(context)
        if line is None:
            return {"completions": [], "suppress": False}
        try:
            token, matches, kind = candidates(runner, line)
        except Exception:  # noqa: BLE001 - completion must never break the editor
            return {"completions": [], "suppress": False}
        return {"completions": [SimpleCompletion(m, type=kind) for m in matches], "suppress": bool(matches)}

    return azs_matcher


__all__ = ["candidates", "make_matcher"]
