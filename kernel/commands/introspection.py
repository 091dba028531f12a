"""The session's own commands: Get-Command and Set-StrictMode. Get-Help is in help.py, the module cmdlets in
modules.py.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from azskernel.commands._util import error, has_wildcard, wildcard
from azskernel.runtime.cmdlet import CommandInfo, cmdlet, parameter
from azskernel.runtime.conversion import convert_to
from azskernel.runtime.errors import ErrorCategory, RuntimeException
from azskernel.runtime.formatting import Column, TableView, register_view
from azskernel.runtime.help import syntax_lines
from azskernel.runtime.pstypes import PSVersion

CORE = "Microsoft.PowerShell.Core"


def _registry(ctx: Any) -> Any:
    return getattr(ctx.session, "commands", None)


@cmdlet("Set-StrictMode", module=CORE, default_parameter_set="Version", synopsis="Establishes and enforces coding rules in expressions, scripts, and script blocks.")
@parameter("Version", type="string", mandatory=True, parameter_sets=("Version",), aliases=("v",))
@parameter("Off", switch=True, mandatory=True, parameter_sets=("Off",))
def set_strict_mode(ctx: Any, *, version: str | None, off: bool) -> None:
    if off:
        level = None
    elif version.casefold() == "latest":
        level = PSVersion((3, 0))
    else:
        try:
            level = convert_to(version if "." in version else f"{version}.0", "version")
        except RuntimeException:
            raise error(
                f'Cannot bind parameter \'Version\'. Cannot convert value "{version}" to type "System.Version". Use 1.0, 2.0, 3.0 or Latest.',
                "ParameterBindingFailed", ErrorCategory.InvalidArgument, version, "Set-StrictMode",
            ) from None
    setter = getattr(ctx.session, "set_strict_mode", None)
    if callable(setter):
        setter(level)
    else:
        try:
            ctx.session.strict_mode = level
        except AttributeError:
            pass


# -- Get-Command / Get-Help -------------------------------------------------------------------
register_view(
    "System.Management.Automation.CommandInfo",
    TableView((Column("CommandType", width=15), Column("Name", width=50), Column("Version", width=10), Column("Source"))),
)


def _command_not_found(name: str, command: str) -> RuntimeException:
    return error(
        f"The term '{name}' is not recognized as a name of a cmdlet, function, script file, or executable program.\n"
        "Check the spelling of the name, or if a path was included, verify that the path is correct and try again.",
        f"CommandNotFoundException,Microsoft.PowerShell.Commands.{command.replace('-', '')}Command",
        ErrorCategory.ObjectNotFound, name, command,
    )


@cmdlet(
    "Get-Command",
    aliases=("gcm",),
    module=CORE,
    default_parameter_set="CmdletSet",
    synopsis="Gets all commands.",
    examples=(("Get-Command *AzsPlatformImage*", ""), ("Get-Command Add-AzsPlatformImage -Syntax", "")),
)
@parameter("Name", type="string[]", position=0, value_from_pipeline=True, value_from_pipeline_by_property_name=True, parameter_sets=("AllCommandSet",))
@parameter("Verb", type="string[]", parameter_sets=("CmdletSet",))
@parameter("Noun", type="string[]", parameter_sets=("CmdletSet",))
@parameter("Module", type="string[]", aliases=("PSSnapin",))
@parameter("CommandType", type="string[]", aliases=("Type",))
@parameter("Syntax", switch=True)
@parameter("All", switch=True)
@parameter("ListImported", switch=True)
def get_command(ctx: Any, *, name: Any, verb: Any, noun: Any, module: Any, command_type: Any, syntax: bool, all: bool, list_imported: bool) -> Any:
    reg = _registry(ctx)
    # with -Module, a module's functions are what it exports (as imported, prefix included), wherever visible
    functions = _module_functions(ctx, module) if module else _functions(ctx)
    commands: list[Any] = functions + (list(reg) if reg is not None else [])

    def keep(command: Any) -> bool:
        command_name, source, kind = _describe(command)
        verb_part, _, noun_part = command_name.partition("-")
        if verb and not any(wildcard(v).match(verb_part) for v in verb):
            return False
        if noun and not any(wildcard(n).match(noun_part) for n in noun):
            return False
        if module and isinstance(command, CommandInfo) and not any(wildcard(m).match(source) for m in module):
            return False
        if command_type and not any(wildcard(t).match(kind) for t in command_type):
            return False
        return True

    out: list[Any] = []
    seen: set[str] = set()

    def add(command: Any) -> None:
        key = command.name.casefold()
        if key not in seen:
            seen.add(key)
            out.append(command)

    if name:
        for pattern in name:
            if has_wildcard(pattern):
                rx = wildcard(pattern)
                for command in commands:
                    if rx.match(command.name) and keep(command):
                        add(command)
                continue
            found = next((c for c in commands if c.name.casefold() == pattern.casefold() and keep(c)), None)
            if found is None and reg is not None and not module:
                found = reg.resolve(pattern)
            if found is None:
                ctx.write_error(_command_not_found(pattern, "Get-Command"))
            else:
                add(found)
    else:
        for command in commands:
            if keep(command):
                add(command)
    if syntax:
        infos = [i if isinstance(i, CommandInfo) else _function_help_info(ctx, i) for i in out]
        return ["\n".join(syntax_lines(i)) + "\n" for i in infos if i is not None]
    return out


def _describe(command: Any) -> tuple[str, str, str]:
    """(name, module name, command type) of a cmdlet declaration or a script function."""
    if isinstance(command, CommandInfo):
        return command.name, command.module, command.command_type
    owner = getattr(command, "module", None)
    kind = "Filter" if getattr(command.scriptblock, "is_filter", False) else "Function"
    return command.name, owner.name if owner is not None else "", kind


def _module_functions(ctx: Any, patterns: Any) -> list[Any]:
    """The functions loaded modules export (Get-Command -Module lists them even where they are not visible)."""
    if not patterns:
        return []
    from azskernel.runtime.modules import loaded_modules

    from azskernel.runtime.functions import FunctionInfo
    from azskernel.runtime.modules import prefixed

    found = []
    for loaded in loaded_modules(ctx.session).values():
        if any(wildcard(p).match(loaded.name) for p in patterns):
            for name, fn in loaded.exported_functions.items():
                shown = prefixed(name, loaded.prefix)  # as imported: Import-Module -Prefix renamed it
                found.append(fn if shown == fn.name else FunctionInfo(shown, fn.scriptblock, fn.parameters, fn.definition))
    return found


def _functions(ctx: Any) -> list[Any]:
    """The script functions visible in the session (FunctionInfo objects), when the session exposes them."""
    names = getattr(ctx.session, "function_names", None)
    interpreter = getattr(ctx.session, "interpreter", None)
    scope = getattr(interpreter, "scope", None)
    if not callable(names) or scope is None or not hasattr(scope, "find_function"):
        return []
    found = [scope.find_function(n) for n in names()]
    return [f for f in found if f is not None and not isinstance(f, CommandInfo)]


def _function_help_info(ctx: Any, function: Any) -> CommandInfo | None:
    """A script function's declaration (from its param block), for its syntax lines."""
    from azskernel.runtime.functions import declaration

    try:
        info = declaration(ctx.session.interpreter, function.scriptblock, function.name, function.parameters).info
    except RuntimeException:  # an attribute the declaration could not evaluate: the name alone
        info = CommandInfo(function.name, None, cmdlet_binding=False, command_type="Function", module="")
    return replace(info, command_type="Function", module="")


__all__ = ["get_command", "set_strict_mode"]
