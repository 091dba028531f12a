"""Get-Help and Get-Command -Syntax text, generated from a command's declaration (CommandInfo).

`syntax_lines(info)` gives one line per parameter set, as pwsh writes them (also what the kernel shows
for Shift+Tab); `synopsis(info)`; `help_text(info, full=..., examples=..., parameter=...)` the Get-Help page.
"""

from __future__ import annotations

from azskernel.runtime.cmdlet import ALL_PARAMETER_SETS, CommandInfo, ParameterInfo, short_type_name

_COMMON_TEXT = (
    "This cmdlet supports the common parameters: Verbose, Debug,\n"
    "ErrorAction, ErrorVariable, WarningAction, WarningVariable,\n"
    "OutBuffer, PipelineVariable, and OutVariable. For more information, see\n"
    "about_CommonParameters (https://go.microsoft.com/fwlink/?LinkID=113216)."
)


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


def _indent(text: str, spaces: int) -> str:
    pad = " " * spaces
    return "\n".join(pad + line if line else "" for line in text.splitlines())


def parameter_help(info: CommandInfo, p: ParameterInfo) -> str:
    sets = [s for s in p.parameter_sets if s != ALL_PARAMETER_SETS]
    pipeline = []
    if p.value_from_pipeline:
        pipeline.append("ByValue")
    if p.value_from_pipeline_by_property_name:
        pipeline.append("ByPropertyName")
    default = "" if p.default is None or repr(p.default) == "Unset" else str(p.default)
    rows = [
        ("Required?", "true" if p.mandatory else "false"),
        ("Position?", str(p.position) if p.position is not None else "Named"),
        ("Default value", default),
        ("Accept pipeline input?", f"true ({', '.join(pipeline)})" if pipeline else "false"),
        ("Parameter set name", ", ".join(sets) if sets else "(All)"),
        ("Aliases", ", ".join(p.aliases) if p.aliases else "None"),
        ("Dynamic?", "false"),
        ("Accept wildcard characters?", "false"),
    ]
    head = f"-{p.name}" if p.switch else f"-{p.name} {_value_text(p)}"
    body = (p.help + "\n\n" if p.help else "") + "\n".join(f"{k:<28} {v}".rstrip() for k, v in rows)
    return _indent(head, 4) + "\n" + _indent(body, 8)


def help_text(info: CommandInfo, *, full: bool = False, detailed: bool = False, examples: bool = False, parameter: str | None = None) -> str:
    """The Get-Help page (text), as pwsh lays it out for a command without a MAML help file."""
    if parameter is not None:
        folded = parameter.casefold()
        matches = [p for p in info.parameters if p.name.casefold().startswith(folded) or folded == "*"]
        return "\n" + "\n\n".join(parameter_help(info, p) for p in matches) + "\n\n"
    out = ["", "NAME", _indent(info.name, 4), ""]
    out += ["SYNOPSIS", _indent(synopsis(info), 4), ""]
    if examples:
        out += _examples(info)
        return "\n".join(out) + "\n"
    out += ["", "SYNTAX", "\n\n".join(_indent(line, 4) for line in syntax_lines(info)), "", ""]
    if info.description and info.description != info.synopsis:
        out += ["DESCRIPTION", _indent(info.description, 4), "", ""]
    if full or detailed:
        out += ["PARAMETERS"]
        for p in info.parameters:
            if not p.dont_show:
                out += [parameter_help(info, p), ""]
        if info.cmdlet_binding:
            out += ["    <CommonParameters>", _indent(_COMMON_TEXT, 8), "", ""]
        if full:
            pipeline = [p for p in info.parameters if p.value_from_pipeline]
            out += ["INPUTS"]
            out += [_indent(short_type_name(p.type), 4) for p in pipeline] or ["    None"]
            out += ["", "", "OUTPUTS"]
            out += [_indent(t, 4) for t in info.output_type] or ["    System.Object"]
            out += ["", ""]
            if info.notes:
                out += ["NOTES", _indent(info.notes, 4), "", ""]
        out += _examples(info)
    if info.aliases:
        out += ["ALIASES", _indent("\n".join(info.aliases), 4), "", ""]
    if not (full or detailed):
        out += [
            "REMARKS",
            _indent(
                f'To see the examples, type: "Get-Help {info.name} -Examples"\n'
                f'For more information, type: "Get-Help {info.name} -Detailed"\n'
                f'For technical information, type: "Get-Help {info.name} -Full"',
                4,
            ),
            "",
        ]
    return "\n".join(out) + "\n"


def _examples(info: CommandInfo) -> list[str]:
    if not info.examples:
        return []
    out = ["EXAMPLES"]
    for n, ex in enumerate(info.examples, 1):
        title = ex.title or f"Example {n}"
        out += [f"    ------------- {title} -------------", _indent(f"PS > {ex.code}", 4)]
        if ex.remarks:
            out += ["", _indent(ex.remarks, 4)]
        out += ["", ""]
    return out


__all__ = ["help_text", "parameter_help", "synopsis", "syntax_lines"]
