"""Syntax lines and help text for a declared command (CommandInfo): what Get-Command -Syntax, the kernel's
Shift+Tab and the magics show.

`syntax_lines(info)` gives one line per parameter set, as Get-Command -Syntax writes them; `synopsis(info)`;
`help_text(info, full=..., detailed=..., examples=..., parameter=...)` the Get-Help text, rendered by the same
help views as Get-Help's objects (help_views.py) from the object help_provider.py builds.
"""

from __future__ import annotations

from azskernel.runtime.cmdlet import ALL_PARAMETER_SETS, CommandInfo, ParameterInfo, short_type_name

HELP_WIDTH = 120


def _value_text(p: ParameterInfo) -> str:
    if p.validate_set:
        return "{" + " | ".join(p.validate_set) + "}"
    return f"<{short_type_name(p.type, switch=p.switch)}>"


def _syntax_item(p: ParameterInfo) -> str:
    if p.switch:
        return f"-{p.name}" if p.mandatory else f"[-{p.name}]"
    name = f"[-{p.name}]" if p.position is not None else f"-{p.name}"
    item = f"{name} {_value_text(p)}"
    return item if p.mandatory else f"[{item}]"


def _ordered(params: list[ParameterInfo]) -> list[ParameterInfo]:
    positional = sorted((p for p in params if p.position is not None), key=lambda p: p.position or 0)
    named = [p for p in params if p.position is None]
    return positional + [p for p in named if p.mandatory] + [p for p in named if not p.mandatory]


def syntax_lines(info: CommandInfo) -> list[str]:
    """`Get-Thing [-Name] <string> [-Force] [<CommonParameters>]`, one per parameter set (default first)."""
    lines = []
    for set_name in info.parameter_set_names():
        params = [p for p in info.parameters if (p.in_set(set_name) or set_name == ALL_PARAMETER_SETS) and not p.dont_show]
        parts = [info.name] + [_syntax_item(p) for p in _ordered(params)]
        if info.supports_should_process:
            parts += ["[-WhatIf]", "[-Confirm]"]
        if info.cmdlet_binding:
            parts.append("[<CommonParameters>]")
        lines.append(" ".join(parts))
    return lines


def synopsis(info: CommandInfo) -> str:
    return info.synopsis or info.name


def help_text(info: CommandInfo, *, full: bool = False, detailed: bool = False, examples: bool = False,
              parameter: str | None = None, width: int = HELP_WIDTH) -> str:
    """The Get-Help text of a declared command, as pwsh lays it out."""
    from azskernel.runtime.help_provider import cmdlet_help, parameter_help_objects, with_view
    from azskernel.runtime.help_views import render

    help_object = cmdlet_help(info)
    if parameter is not None:
        return "".join(render(p, width) for p in parameter_help_objects(help_object, parameter))
    view = "FullView" if full else "DetailedView" if detailed else "ExamplesView" if examples else None
    return render(with_view(help_object, view), width)


__all__ = ["HELP_WIDTH", "help_text", "synopsis", "syntax_lines"]
