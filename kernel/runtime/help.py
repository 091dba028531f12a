"""Get-Help and Get-Command -Syntax text, generated from a command's declaration (CommandInfo).

`syntax_lines(info)` gives one line per parameter set, as pwsh writes them (also what the kernel shows
for Shift+Tab); `synopsis(info)`; `help_text(info, full=..., examples=..., parameter=...)` the Get-Help page.
"""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass, field, replace

from azskernel.runtime.cmdlet import ALL_PARAMETER_SETS, CommandInfo, Example, ParameterInfo, short_type_name

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


HELP_WIDTH = 120


def _indent(text: str, spaces: int) -> str:
    pad = " " * spaces
    return "\n".join(pad + line if line else "" for line in text.splitlines())


def _wrapped(text: str, spaces: int, *, hanging: int = 0) -> str:
    """Indented prose, each paragraph wrapped at the help width as pwsh's help view does."""
    pad = " " * spaces
    lines = []
    for line in text.splitlines():
        if len(pad) + len(line) <= HELP_WIDTH or not line.strip():
            lines.append(pad + line if line else "")
            continue
        lines += textwrap.wrap(line, HELP_WIDTH, initial_indent=pad, subsequent_indent=pad + " " * hanging,
                               break_long_words=False, break_on_hyphens=False)
    return "\n".join(lines)


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
    return _indent(head, 4) + "\n" + _wrapped(body, 8)


def help_text(info: CommandInfo, *, full: bool = False, detailed: bool = False, examples: bool = False, parameter: str | None = None) -> str:
    """The Get-Help page (text), as pwsh lays it out for a command without a MAML help file."""
    if parameter is not None:
        folded = parameter.casefold()
        matches = [p for p in info.parameters if p.name.casefold().startswith(folded) or folded == "*"]
        return "\n" + "\n\n".join(parameter_help(info, p) for p in matches) + "\n\n"
    out = ["", "NAME", _indent(info.name, 4), ""]
    out += ["SYNOPSIS", _wrapped(synopsis(info), 4), ""]
    if examples:
        out += _examples(info)
        return "\n".join(out) + "\n"
    out += ["", "SYNTAX", "\n\n".join(_wrapped(line, 4, hanging=4) for line in syntax_lines(info)), "", ""]
    if info.description and info.description != info.synopsis:
        out += ["DESCRIPTION", _wrapped(info.description, 4), "", ""]
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


# -- comment-based help of script functions ---------------------------------------------------
_KEYWORDS = ("SYNOPSIS", "DESCRIPTION", "PARAMETER", "EXAMPLE", "NOTES", "INPUTS", "OUTPUTS", "LINK", "COMPONENT", "ROLE", "FUNCTIONALITY")


@dataclass
class CommentHelp:
    synopsis: str = ""
    description: str = ""
    parameters: dict[str, str] = field(default_factory=dict)
    examples: list[str] = field(default_factory=list)
    notes: str = ""


def comment_help(source: str) -> CommentHelp | None:
    """The `<# .SYNOPSIS ... #>` help in a function's text (the first block comment holding a help keyword)."""
    for match in re.finditer(r"<#(.*?)#>", source, re.DOTALL):
        body = match.group(1)
        if not re.search(r"^\s*\.(" + "|".join(_KEYWORDS) + r")\b", body, re.IGNORECASE | re.MULTILINE):
            continue
        result = CommentHelp()
        section: tuple[str, str] | None = None
        lines: list[str] = []

        def flush() -> None:
            if section is None:
                return
            text = textwrap.dedent("\n".join(lines)).strip("\n").rstrip()
            keyword, argument = section
            if keyword == "SYNOPSIS":
                result.synopsis = text.strip()
            elif keyword == "DESCRIPTION":
                result.description = text
            elif keyword == "PARAMETER":
                result.parameters[argument.casefold()] = text.strip()
            elif keyword == "EXAMPLE":
                result.examples.append(text)
            elif keyword == "NOTES":
                result.notes = text

        for line in body.splitlines():
            head = re.match(r"^\s*\.([A-Za-z]+)\s*(\S*)\s*$", line)
            if head and head.group(1).upper() in _KEYWORDS:
                flush()
                section, lines = (head.group(1).upper(), head.group(2)), []
            else:
                lines.append(line)
        flush()
        return result
    return None


def with_comment_help(info: CommandInfo, source: str) -> CommandInfo:
    """A function's declaration enriched with its comment-based help (synopsis, parameters, examples)."""
    found = comment_help(source)
    if found is None:
        return info
    params = tuple(replace(p, help=found.parameters.get(p.name.casefold(), p.help)) for p in info.parameters)
    examples = []
    for text in found.examples:
        code, _, remarks = text.partition("\n")
        examples.append(Example(code.strip().removeprefix("PS C:\\>").removeprefix("PS>").strip(), textwrap.dedent(remarks).strip()))
    return replace(
        info,
        parameters=params,
        synopsis=found.synopsis or info.synopsis,
        description=found.description or info.description,
        examples=tuple(examples) or info.examples,
        notes=found.notes or info.notes,
    )


__all__ = ["CommentHelp", "comment_help", "help_text", "parameter_help", "synopsis", "syntax_lines", "with_comment_help"]
