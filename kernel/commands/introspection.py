"""The session's own commands: Get-Command, Get-Help (declarations and comment-based help), Import-Module,
Get-Module, Export-ModuleMember, Set-StrictMode.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from azskernel.commands._util import error, has_wildcard, wildcard
from azskernel.runtime.cmdlet import CommandInfo, cmdlet, parameter
from azskernel.runtime.conversion import convert_to
from azskernel.runtime.errors import ErrorCategory, RuntimeException
from azskernel.runtime.formatting import Column, ScalarView, TableView, register_view
from azskernel.runtime.help import help_text, syntax_lines
from azskernel.runtime.pstypes import PSVersion
from azskernel.runtime.values import PSObject

CORE = "Microsoft.PowerShell.Core"


# -- modules ----------------------------------------------------------------------------------
_BUILTIN_MODULE_PATTERNS = (
    "Az", "Az.*", "AzureRM", "AzureRM.*", "Azs", "Azs.*", "AzureStack", "AzureStack.*",
    "Microsoft.PowerShell.*", "PowerShellGet", "PackageManagement", "PSReadLine", "Hyper-V",
)


def _is_builtin_module(name: str) -> bool:
    return any(wildcard(p).match(name) for p in _BUILTIN_MODULE_PATTERNS)


class ModuleInfo:
    ps_type_names = ("System.Management.Automation.PSModuleInfo", "System.Object")

    def __init__(self, name: str, commands: list[str], version: str = "7.4.0") -> None:
        self.ModuleType = "Manifest"
        self.Version = version
        self.Name = name
        self.ExportedCommands = commands

    def ps_properties(self) -> list[tuple[str, Any]]:
        return [("ModuleType", self.ModuleType), ("Version", self.Version), ("Name", self.Name), ("ExportedCommands", self.ExportedCommands)]


register_view(
    "System.Management.Automation.PSModuleInfo",
    TableView((Column("ModuleType", width=10), Column("Version", width=10), Column("Name", width=35), Column("ExportedCommands"))),
)


def _registry(ctx: Any) -> Any:
    reg = getattr(ctx.session, "commands", None)
    if reg is None:
        reg = getattr(ctx.session, "registry", None)
    return reg


def _modules(ctx: Any) -> dict[str, list[str]]:
    mods: dict[str, list[str]] = {}
    reg = _registry(ctx)
    for info in reg if reg is not None else []:
        mods.setdefault(info.module, []).append(info.name)
    return mods


@cmdlet(
    "Import-Module",
    aliases=("ipmo",),
    module=CORE,
    synopsis="Adds modules to the current session (Az and Azs are built in).",
    examples=(("Import-Module Az.Accounts", "Accepted: the Az and Azs cmdlets are built in."),),
)
@parameter("Name", type="string[]", position=0, mandatory=True, value_from_pipeline=True)
@parameter("Force", switch=True)
@parameter("PassThru", switch=True)
@parameter("Global", switch=True)
@parameter("Prefix", type="string")
@parameter("MinimumVersion", type="string", aliases=("Version",))
@parameter("RequiredVersion", type="string")
@parameter("DisableNameChecking", switch=True)
@parameter("Scope", type="string", validate_set=("Local", "Global"))
def import_module(ctx: Any, *, name: Any, force: bool, pass_thru: bool, **_: Any) -> Any:
    out = []
    for n in name:
        path = ctx.resolve_path(n) if n.endswith((".ps1", ".psm1")) else None
        if path is not None and path.is_file():
            invoke = getattr(ctx.session, "invoke", None)
            if not callable(invoke):
                raise error("Script modules cannot be imported in this session.", "Modules_NotSupported", ErrorCategory.NotImplemented, n, "Import-Module")
            import inspect

            source = path.read_text(encoding="utf-8")
            if "file" in inspect.signature(invoke).parameters:
                invoke(source, file=str(path))
            else:
                invoke(source)
            if pass_thru:
                out.append(ModuleInfo(path.stem, []))
            continue
        if _is_builtin_module(n):
            if pass_thru:
                out.append(ModuleInfo(n, _modules(ctx).get(n, [])))
            continue
        ctx.write_error(error(
            f"The specified module '{n}' was not loaded because no valid module file was found in any module directory.",
            "Modules_ModuleNotFound,Microsoft.PowerShell.Commands.ImportModuleCommand",
            ErrorCategory.ResourceUnavailable, n, "Import-Module",
        ))
    return out


@cmdlet("Get-Module", aliases=("gmo",), module=CORE, synopsis="Lists the modules imported in the current session or that can be imported.")
@parameter("Name", type="string[]", position=0)
@parameter("ListAvailable", switch=True)
@parameter("All", switch=True)
def get_module(ctx: Any, *, name: Any, list_available: bool, all: bool) -> Any:
    mods = _modules(ctx)
    out = []
    for mod in sorted(mods, key=str.casefold):
        if name and not any(wildcard(p).match(mod) for p in name):
            continue
        out.append(ModuleInfo(mod, sorted(mods[mod], key=str.casefold)))
    return out


@cmdlet("Export-ModuleMember", module=CORE, synopsis="Specifies the module members that are exported (accepted; every function stays visible).")
@parameter("Function", type="string[]", position=0)
@parameter("Cmdlet", type="string[]")
@parameter("Variable", type="string[]")
@parameter("Alias", type="string[]")
def export_module_member(ctx: Any, **_: Any) -> None:
    return None


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


class HelpText:
    """Get-Help's output: formats as its text (the kernel may show it as a page)."""

    ps_type_names = ("MamlCommandHelpInfo", "HelpInfoShort", "System.Object")

    def __init__(self, name: str, text: str) -> None:
        self.Name = name
        self.text = text

    def ps_to_string(self) -> str:
        return self.text

    def ps_properties(self) -> list[tuple[str, Any]]:
        return [("Name", self.Name)]

    def __str__(self) -> str:
        return self.text


register_view("MamlCommandHelpInfo", ScalarView(lambda h: h.text.rstrip("\n")))


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
    commands: list[CommandInfo] = list(reg) if reg is not None else []
    out: list[Any] = []

    def keep(info: CommandInfo) -> bool:
        verb_part, _, noun_part = info.name.partition("-")
        if verb and not any(wildcard(v).match(verb_part) for v in verb):
            return False
        if noun and not any(wildcard(n).match(noun_part) for n in noun):
            return False
        if module and not any(wildcard(m).match(info.module) for m in module):
            return False
        if command_type and not any(wildcard(t).match(info.command_type) for t in command_type):
            return False
        return True

    functions = _functions(ctx) if not (verb or noun or module) else []
    if name:
        for pattern in name:
            if has_wildcard(pattern):
                rx = wildcard(pattern)
                out += [f for f in functions if rx.match(f.name)]
                out += [i for i in commands if rx.match(i.name) and keep(i)]
            else:
                function = next((f for f in functions if f.name.casefold() == pattern.casefold()), None)
                info = reg.resolve(pattern) if reg is not None else None
                if function is not None:
                    out.append(function)
                elif info is None:
                    ctx.write_error(_command_not_found(pattern, "Get-Command"))
                elif keep(info):
                    out.append(info)
    else:
        out = functions + [i for i in commands if keep(i)]
    if syntax:
        infos = [i if isinstance(i, CommandInfo) else _function_help_info(ctx, i) for i in out]
        return ["\n".join(syntax_lines(i)) + "\n" for i in infos if i is not None]
    return out


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
    """A script function's declaration (from its param block) plus its comment-based help."""
    from azskernel.runtime.help import with_comment_help

    try:
        from azskernel.runtime.functions import declaration

        info = declaration(ctx.session.interpreter, function.scriptblock, function.name, function.parameters).info
    except Exception:  # the interpreter could not declare it: show the name and the help text alone
        info = CommandInfo(function.name, None, cmdlet_binding=False, command_type="Function", module="")
    info = replace(info, command_type="Function", module="")
    source = getattr(getattr(function.scriptblock, "ast", None), "text", "") or ""
    return with_comment_help(info, source)


_ABOUT = """
TOPIC
    azs PowerShell help

SHORT DESCRIPTION
    Displays help about the cmdlets of this shell.

LONG DESCRIPTION
    Get-Help <command> shows the help of a command; add -Full, -Detailed, -Examples or
    -Parameter <name>. Get-Command lists the commands; Get-Command *Image* searches them.
"""


@cmdlet(
    "Get-Help",
    aliases=("help", "man"),
    module=CORE,
    default_parameter_set="AllUsersView",
    synopsis="Displays information about PowerShell commands and concepts.",
    examples=(("Get-Help Add-AzsPlatformImage -Full", ""), ("Get-Help Get-ChildItem -Parameter Recurse", "")),
)
@parameter("Name", type="string", position=0, value_from_pipeline_by_property_name=True)
@parameter("Full", switch=True, parameter_sets=("AllUsersView",))
@parameter("Detailed", switch=True, parameter_sets=("DetailedView",), mandatory=True)
@parameter("Examples", switch=True, parameter_sets=("Examples",), mandatory=True)
@parameter("Parameter", type="string", parameter_sets=("Parameters",), mandatory=True)
@parameter("Online", switch=True, parameter_sets=("Online",), mandatory=True)
@parameter("Category", type="string[]")
def get_help(ctx: Any, *, name: str | None, full: bool, detailed: bool, examples: bool, parameter: str | None, online: bool, category: Any) -> Any:
    if online:
        raise error("Online help is not available in this shell; use Get-Help <name> -Full.", "InvalidOperation", ErrorCategory.InvalidOperation, name, "Get-Help")
    if not name:
        return HelpText("default", _ABOUT)
    reg = _registry(ctx)
    if has_wildcard(name):
        matches = [i for i in (reg or []) if wildcard(name).match(i.name)]
        if len(matches) != 1:
            return [PSObject({"Name": i.name, "Category": i.command_type, "Module": i.module, "Synopsis": i.synopsis}) for i in matches]
        info = matches[0]
    else:
        function = next((f for f in _functions(ctx) if f.name.casefold() == name.casefold()), None)
        info = _function_help_info(ctx, function) if function is not None else None
        if info is None:
            info = reg.resolve(name) if reg is not None else None
    if info is None:
        raise error(
            f"Get-Help could not find {name} in a help file in this session. To list the commands, type Get-Command.",
            "HelpNotFound,Microsoft.PowerShell.Commands.GetHelpCommand",
            ErrorCategory.ResourceUnavailable, name, "Get-Help",
        )
    return HelpText(info.name, help_text(info, full=full, detailed=detailed, examples=examples, parameter=parameter))


__all__ = [
    "HelpText", "ModuleInfo", "export_module_member", "get_command", "get_help", "get_module", "import_module",
    "set_strict_mode",
]
