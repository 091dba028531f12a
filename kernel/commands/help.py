"""Get-Help: the help object of a command, a script file or a pattern, as pwsh's Get-Help returns it.

The objects come from runtime/help_provider.py (comment-based help, `.EXTERNALHELP` files, cmdlet declarations,
or the help of a command without help); they print through the help views (runtime/help_views.py), which are
registered here for Out-Default.
"""

from __future__ import annotations

import os
from typing import Any

from azskernel.commands._util import error, has_wildcard, wildcard
from azskernel.runtime.cmdlet import CommandInfo, cmdlet, parameter
from azskernel.runtime.conversion import as_list, to_string
from azskernel.runtime.errors import ErrorCategory, RuntimeException
from azskernel.runtime.formatting import Column, ScalarView, TableView, register_view
from azskernel.runtime.help_provider import command_help, comment_help_of, parameter_help_objects, with_view
from azskernel.runtime.help_views import VIEW_TYPES, render
from azskernel.runtime.values import PSObject

CORE = "Microsoft.PowerShell.Core"

for _type_name in VIEW_TYPES:
    # render() has the blank lines Out-Default writes around a custom view
    register_view(_type_name, ScalarView(render, width_text=render))
register_view("HelpInfoShort", TableView((Column("Name", width=33), Column("Category", width=9),
                                          Column("Module", width=25), Column("Synopsis"))))


_ABOUT = """
TOPIC
    PowerShell Help System

SHORT DESCRIPTION
    Displays help about PowerShell cmdlets and concepts.

LONG DESCRIPTION
    Get-Help <command> shows the help of a command; add -Detailed, -Full, -Examples or
    -Parameter <name>. Get-Command lists the commands; Get-Command *Image* searches them.
"""


def _help_not_found(name: str) -> RuntimeException:
    return error(
        f"Get-Help could not find {name} in a help file in this session. To download updated help topics type: "
        "\"Update-Help\". To get help online, search for the help topic in the TechNet library at "
        "https:/go.microsoft.com/fwlink/?LinkID=107116.",
        "HelpNotFound,Microsoft.PowerShell.Commands.GetHelpCommand", ErrorCategory.ResourceUnavailable, name, "Get-Help")


@cmdlet(
    "Get-Help",
    aliases=("help", "man"),
    module=CORE,
    default_parameter_set="AllUsersView",
    synopsis="Displays information about PowerShell commands and concepts.",
    description="Shows the help of a command: its comment-based help, the help its declaration carries, or its "
                "syntax when it has no help. -Detailed adds the parameters and examples, -Full everything, "
                "-Examples only the examples, -Parameter one parameter.",
    examples=(("Get-Help Add-AzsPlatformImage -Full", ""), ("Get-Help Get-ChildItem -Parameter Recurse", "")),
)
@parameter("Name", type="string", position=0, value_from_pipeline_by_property_name=True)
@parameter("Path", type="string")
@parameter("Category", type="string[]")
@parameter("Full", switch=True, parameter_sets=("AllUsersView",))
@parameter("Detailed", switch=True, parameter_sets=("DetailedView",), mandatory=True)
@parameter("Examples", switch=True, parameter_sets=("Examples",), mandatory=True)
@parameter("Parameter", type="string", parameter_sets=("Parameters",), mandatory=True)
@parameter("Component", type="string[]")
@parameter("Functionality", type="string[]")
@parameter("Role", type="string[]")
@parameter("Online", switch=True, parameter_sets=("Online",), mandatory=True)
def get_help(ctx: Any, *, name: str | None, path: str | None, category: Any, full: bool, detailed: bool, examples: bool,
             parameter: str | None, component: Any, functionality: Any, role: Any, online: bool) -> Any:
    if online:
        raise error("Online help is not available in this shell; use Get-Help <name> -Full.", "InvalidOperation",
                    ErrorCategory.InvalidOperation, name, "Get-Help")
    if not name:
        return _ABOUT
    interp = ctx.session.interpreter
    if has_wildcard(name) and not _is_script_path(ctx, name):
        matches = _matches(ctx, name)
        if len(matches) != 1:
            if not matches:
                ctx.write_error(_help_not_found(name))
            return [_short(interp, m) for m in matches]
        target: Any = matches[0]
    else:
        target = _resolve(ctx, name)
    if target is None:
        ctx.write_error(_help_not_found(name))
        return None
    help_object = _help_of(ctx, target)
    for key, patterns in (("Component", component), ("Role", role), ("Functionality", functionality)):
        if patterns is not None:
            value = help_object.get(key)
            if value is None or not any(wildcard(to_string(p)).match(to_string(value)) for p in as_list(patterns)):
                ctx.write_error(_help_not_found(name))
                return None
    if category is not None and not any(wildcard(to_string(c)).match(to_string(help_object.get("Category"))) for c in as_list(category)):
        ctx.write_error(_help_not_found(name))
        return None
    if parameter is not None:
        found = parameter_help_objects(help_object, parameter)
        if not found:
            ctx.write_error(error(f'No parameter matches criteria "{parameter}".', "NoParmsFound,Microsoft.PowerShell.Commands.GetHelpCommand",
                                  ErrorCategory.InvalidArgument, parameter, "Get-Help"))
        return found
    view = "FullView" if full else "DetailedView" if detailed else "ExamplesView" if examples else None
    return with_view(help_object, view)


def _help_of(ctx: Any, target: Any) -> PSObject:
    """The target's help; a function whose comments say .FORWARDHELPTARGETNAME gives that command's help."""
    interp = ctx.session.interpreter
    if isinstance(target, tuple):
        return command_help(interp, target[1], path=target[0])
    if not isinstance(target, CommandInfo):
        found = comment_help_of(target)
        if found is not None and (found.forward_target or found.forward_category):
            forwarded = _resolve(ctx, found.forward_target or target.name, skip=target)
            if forwarded is not None:
                help_object = _help_of(ctx, forwarded)
                if found.forward_category:
                    help_object.set("Category", found.forward_category)
                return help_object
    return command_help(interp, target)


def _is_script_path(ctx: Any, name: str) -> bool:
    return ("/" in name or "\\" in name or name.lower().endswith(".ps1")) and ctx.resolve_path(name).is_file()


def _script(ctx: Any, name: str) -> tuple[str, Any] | None:
    """A script file named by path: (its path, its script block)."""
    from azskernel.language import ParseError, parse
    from azskernel.runtime.scriptblock import ScriptBlock
    from azskernel.runtime.scriptfile import read_script

    path = str(ctx.resolve_path(name))
    try:
        return path, ScriptBlock(parse(read_script(path), path), ctx.session)
    except (OSError, ParseError):
        return None


def _resolve(ctx: Any, name: str, *, skip: Any = None) -> Any:
    """The function, alias target, cmdlet or script file a name means here (None when nothing)."""
    session = ctx.session
    if _is_script_path(ctx, name):
        return _script(ctx, name)
    for _ in range(8):  # aliases of aliases, but no loops
        function = session.interpreter.scope.find_function(name)
        if function is not None and function is not skip:
            return function
        info = session.commands.resolve(name)
        if info is None and session.resolve_missing_command is not None and not os.path.sep in name:
            info = session.resolve_missing_command(name)
        if info is not None:
            return info
        target = session.aliases.get(name.casefold())
        if target is None:
            return None
        name = target
    return None


def _matches(ctx: Any, pattern: str) -> list[Any]:
    rx = wildcard(pattern)
    session = ctx.session
    found: dict[str, Any] = {}
    for fn_name in session.function_names():
        if rx.match(fn_name):
            found.setdefault(fn_name.casefold(), session.interpreter.scope.find_function(fn_name))
    for info in session.commands:
        if rx.match(info.name):
            found.setdefault(info.name.casefold(), info)
    return sorted(found.values(), key=lambda c: c.name.casefold())


def _short(interp: Any, command: Any) -> PSObject:
    help_object = command_help(interp, command)
    return PSObject([("Name", command.name), ("Category", help_object.get("Category")),
                     ("Module", help_object.get("ModuleName") or ""), ("Synopsis", help_object.get("Synopsis"))],
                    ("HelpInfoShort", "System.Object"))


__all__ = ["get_help"]
