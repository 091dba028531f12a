"""Shift+Tab: what the word under the cursor is, from the command declarations and the session.

A command (or alias) shows its synopsis and syntax lines (detail level 1: the full Get-Help text);
a `$variable` shows its type and value as pwsh would print it. Inside a command's arguments, the
command of that element is inspected.
"""

from __future__ import annotations

import re
from typing import Any

from azskernel.completion import _registry, _scan

_WORD_CHARS = re.compile(r"[\w$:.\\-]")


def _word_at(code: str, cursor: int) -> str:
    start = cursor
    while start > 0 and _WORD_CHARS.match(code[start - 1]):
        start -= 1
    end = cursor
    while end < len(code) and _WORD_CHARS.match(code[end]):
        end += 1
    return code[start:end]


def describe_command(info: Any, alias: str | None = None, *, synopsis: str | None = None) -> str:
    """NAME / SYNOPSIS / SYNTAX, as the top of Get-Help shows them."""
    from azskernel.runtime.help import syntax_lines

    syntax = list(syntax_lines(info))
    lines = ["NAME", f"    {info.name}"]
    if alias and alias.casefold() != info.name.casefold():
        lines[1] += f"  (alias: {alias})"
    text = synopsis if synopsis is not None else (info.synopsis or info.name)
    lines += ["", "SYNOPSIS"] + [f"    {line}" for line in text.splitlines() or [""]] + ["", "SYNTAX"]
    for line in syntax:
        lines += [f"    {line}", ""]
    return "\n".join(lines).rstrip() + "\n"


def _function(session: Any, name: str) -> Any:
    scope = getattr(getattr(session, "interpreter", None), "scope", None)
    return scope.find_function(name) if scope is not None and name else None


def describe_function(session: Any, function: Any) -> str:
    """A script function (a module's, a cell's) as describe_command shows a cmdlet: its comment-based synopsis."""
    from azskernel.runtime.functions import declaration
    from azskernel.runtime.help_provider import command_help

    interp = session.interpreter
    info = declaration(interp, function.scriptblock, function.name, function.parameters).info
    help_object = command_help(interp, function)
    return describe_command(info, synopsis=str(help_object.get("Synopsis") or function.name))


def _variable(session: Any, name: str) -> str | None:
    if not hasattr(session, "get_variable"):
        return None
    try:
        value = session.get_variable(name)
    except Exception:  # an unknown name: nothing to show
        return None
    from azskernel.runtime.conversion import type_names

    from .display import format_plain

    kind = type_names(value)[0] if value is not None else "$null"
    shown = format_plain([value]) if value is not None else ""
    return f"${name}: [{kind}]\n{shown}"


def inspect_at(session: Any, code: str, cursor: int, *, detail_level: int = 0) -> str | None:
    """The inspection text for the word at `cursor`, or None when there is nothing to say."""
    word = _word_at(code, cursor)
    if word.startswith("$"):
        return _variable(session, word[1:].split(".", 1)[0])
    registry = _registry(session)
    if registry is None:
        return None
    info = registry.resolve(word) if word and not word.startswith("-") else None
    function = _function(session, word) if not word.startswith("-") else None
    name = word
    if info is None and function is None:
        scan = _scan(code[:cursor])
        if scan.words:
            name = scan.words[0]
            info = registry.resolve(name)
            function = _function(session, name)
    if function is not None:
        if detail_level > 0 and hasattr(session, "invoke"):
            from .display import format_plain

            return format_plain(list(session.invoke(f"Get-Help '{function.name}' -Full")))
        return describe_function(session, function)
    if info is None:
        return None
    if detail_level > 0 and hasattr(session, "invoke"):
        from .display import format_plain

        return format_plain(list(session.invoke(f"Get-Help {info.name} -Full")))
    return describe_command(info, alias=name)
