"""The providers that are not the file system: Environment (`Env:`), Alias (`Alias:`), Variable (`Variable:`) and
Function (`Function:`), whose items are the session's own; and the drive cmdlets (Get-PSDrive, New-PSDrive,
Remove-PSDrive, Get-PSProvider) and Set-Item.

The item cmdlets (files.py) ask `provider_path` whether a path is on one of these drives and then call
`items`, `set_item`, `remove_item` and `content` here; everything else is the FileSystem provider's.
"""

from __future__ import annotations

import functools
import os
from typing import Any

from azskernel.commands._util import error, has_wildcard, wildcard
from azskernel.commands.items import EnvEntry
from azskernel.commands.variables import PSVariable
from azskernel.runtime import cmdlet as _cmdlet
from azskernel.runtime.cmdlet import parameter
from azskernel.runtime.conversion import to_string
from azskernel.runtime.drives import FILESYSTEM, PROVIDERS, PSDrive, ProviderInfo
from azskernel.runtime.enginecmds import AliasInfo, alias_table
from azskernel.runtime.errors import ErrorCategory, RuntimeException
from azskernel.runtime.functions import FunctionInfo
from azskernel.runtime.scopes import Scope, Variable, set_env
from azskernel.runtime.scriptblock import ScriptBlock

cmdlet = functools.partial(_cmdlet.cmdlet, module="Microsoft.PowerShell.Management")


def provider_path(ctx: Any, path: str) -> tuple[PSDrive, str] | None:
    """The drive and name when `path` is on a drive of a provider other than the file system."""
    if ":" not in path:
        return None
    split = ctx.session.drives.split(path)
    if split is None or split[0].is_filesystem:
        return None
    drive, rest = split
    return drive, rest.strip("\\/")


# -- items of each provider -----------------------------------------------------------------------------------------
def _scope(ctx: Any) -> Scope:
    return ctx.session.interpreter.scope


def _visible_variables(ctx: Any) -> dict[str, Variable]:
    found: dict[str, Variable] = {}
    scope: Scope | None = _scope(ctx)
    first = True
    while scope is not None:
        for key, var in scope.variables.items():
            if key not in found and (first or not var.private):
                found[key] = var
        scope = scope.parent
        first = False
    return found


def _visible_functions(ctx: Any) -> dict[str, FunctionInfo]:
    found: dict[str, FunctionInfo] = {}
    scope: Scope | None = _scope(ctx)
    while scope is not None:
        for key, fn in scope.functions.items():
            found.setdefault(key, fn)
        scope = scope.parent
    return found


def _all_items(ctx: Any, drive: PSDrive) -> list[tuple[str, Any]]:
    """(name, item) of every item on the drive, sorted by name."""
    provider = drive.provider
    if provider == "Environment":
        pairs: list[tuple[str, Any]] = [(k, EnvEntry(k, v)) for k, v in os.environ.items()]
    elif provider == "Alias":
        pairs = [(a, AliasInfo(ctx.session, a, t)) for a, t in alias_table(ctx.session).items()]
    elif provider == "Variable":
        pairs = [(v.name, PSVariable(v)) for v in _visible_variables(ctx).values()]
    else:
        pairs = [(f.name, f) for f in _visible_functions(ctx).values()]
    return sorted(pairs, key=lambda p: p[0].casefold())


def items(ctx: Any, drive: PSDrive, name: str, *, literal: bool = False) -> list[Any]:
    """The items a name (wildcards unless `literal`) selects on the drive; all of them for the drive itself."""
    if not name:
        return [item for _, item in _all_items(ctx, drive)]
    if literal or not has_wildcard(name):
        # environment variable names are case-sensitive on Unix; the others are not
        if drive.provider == "Environment":
            return [EnvEntry(name, os.environ[name])] if name in os.environ else \
                [item for n, item in _all_items(ctx, drive) if n.casefold() == name.casefold()][:1]
        return [item for n, item in _all_items(ctx, drive) if n.casefold() == name.casefold()]
    pattern = wildcard(name)
    return [item for n, item in _all_items(ctx, drive) if pattern.match(n)]


def set_item(ctx: Any, drive: PSDrive, name: str, value: Any) -> Any:
    """Create or change an item (Set-Item, New-Item); returns the item."""
    provider = drive.provider
    if provider == "Environment":
        set_env(name, value)
        return EnvEntry(name, to_string(value))
    if provider == "Alias":
        ctx.session.aliases[name.casefold()] = to_string(value)
        return AliasInfo(ctx.session, name, to_string(value))
    if provider == "Variable":
        variable = _visible_variables(ctx).get(name.casefold())
        if variable is None:
            variable = _scope(ctx).set_local(name, value)
        else:
            variable.assign(value)
        return PSVariable(variable)
    block = value if isinstance(value, ScriptBlock) else ctx.session.interpreter.create_scriptblock(to_string(value))
    info = FunctionInfo(name, block)
    _scope(ctx).functions[name.casefold()] = info
    return info


def remove_item(ctx: Any, drive: PSDrive, name: str) -> bool:
    """Remove the items a name selects; False when there were none."""
    found = [n for n, _ in _all_items(ctx, drive) if (wildcard(name).match(n) if has_wildcard(name) else n.casefold() == name.casefold())]
    for n in found:
        if drive.provider == "Environment":
            os.environ.pop(n, None)
        elif drive.provider == "Alias":
            ctx.session.aliases.pop(n.casefold(), None)
            ctx.session.commands.remove_alias(n)
        elif drive.provider == "Variable":
            scope: Scope | None = _scope(ctx)
            while scope is not None and n.casefold() not in scope.variables:
                scope = scope.parent
            if scope is not None:
                scope.variables.pop(n.casefold(), None)
        else:
            scope = _scope(ctx)
            while scope is not None and n.casefold() not in scope.functions:
                scope = scope.parent
            if scope is not None:
                scope.functions.pop(n.casefold(), None)
    return bool(found)


def content(item: Any) -> Any:
    """Get-Content of a provider item: an environment variable's or alias's text, a variable's value, a
    function's script block."""
    if isinstance(item, EnvEntry):
        return item.Value
    if isinstance(item, AliasInfo):
        return item.Definition
    if isinstance(item, PSVariable):
        return item.Value
    return item.scriptblock


def not_found(path: str, command: str) -> RuntimeException:
    exc = error(f"Cannot find path '{path}' because it does not exist.",
                f"PathNotFound,Microsoft.PowerShell.Commands.{command.replace('-', '')}Command",
                ErrorCategory.ObjectNotFound, path, command)
    exc.record.exception_type = "System.Management.Automation.ItemNotFoundException"
    return exc


# -- cmdlets --------------------------------------------------------------------------------------------------------
@cmdlet("Set-Item", aliases=("si",), supports_should_process=True, default_parameter_set="Path",
        synopsis="Changes the value of an item to the value specified in the command.",
        examples=(("Set-Item -Path Env:AZS_CA_BUNDLE -Value ./ca.pem", ""), ("Set-Item function:Greet -Value { 'hi' }", "")))
@parameter("Path", type="string[]", position=0, mandatory=True, parameter_sets=("Path",), value_from_pipeline_by_property_name=True)
@parameter("LiteralPath", type="string[]", mandatory=True, parameter_sets=("LiteralPath",), aliases=("PSPath", "LP"),
           value_from_pipeline_by_property_name=True)
@parameter("Value", position=1, value_from_pipeline=True, value_from_pipeline_by_property_name=True)
@parameter("Force", switch=True)
@parameter("PassThru", switch=True)
def set_item_cmdlet(ctx: Any, *, path: Any, literal_path: Any, value: Any, force: bool, pass_thru: bool) -> Any:
    out = []
    for p in path if path is not None else literal_path:
        on = provider_path(ctx, p)
        if on is None:
            ctx.write_error(error(
                "Set-Item is not supported on the FileSystem provider: use Set-Content to change a file's content.",
                "NotSupported,Microsoft.PowerShell.Commands.SetItemCommand", ErrorCategory.NotImplemented, p, "Set-Item"))
            continue
        drive, name = on
        if ctx.should_process(f"Item: {name} Value: {to_string(value)}", "Set Item"):
            item = set_item(ctx, drive, name, value)
            if pass_thru:
                out.append(item)
    return out


@cmdlet("Get-PSProvider", synopsis="Gets information about the specified PowerShell provider.")
@parameter("PSProvider", type="string[]", position=0)
def get_psprovider(ctx: Any, *, ps_provider: Any) -> Any:
    patterns = [wildcard(p) for p in ps_provider or ["*"]]
    return [ProviderInfo(name) for name in PROVIDERS if any(p.match(name) for p in patterns)]


@cmdlet("Get-PSDrive", aliases=("gdr",), synopsis="Gets drives in the current session.")
@parameter("Name", type="string[]", position=0)
@parameter("PSProvider", type="string[]")
def get_psdrive(ctx: Any, *, name: Any, ps_provider: Any) -> Any:
    names = [wildcard(n) for n in name or ["*"]]
    providers = [wildcard(p) for p in ps_provider or ["*"]]
    drives = sorted(ctx.session.drives.table.values(), key=lambda d: d.name.casefold())
    return [d for d in drives if any(n.match(d.name) for n in names) and any(p.match(d.provider) for p in providers)]


@cmdlet("New-PSDrive", aliases=("ndr", "mount"), supports_should_process=True,
        synopsis="Creates temporary drives that are mapped to a location in an item data store.",
        examples=(("New-PSDrive -Name Images -PSProvider FileSystem -Root ./images", ""),))
@parameter("Name", type="string", position=0, mandatory=True, value_from_pipeline_by_property_name=True)
@parameter("PSProvider", type="string", position=1, mandatory=True, value_from_pipeline_by_property_name=True)
@parameter("Root", type="string", position=2, mandatory=True, allow_null=True, value_from_pipeline_by_property_name=True)
@parameter("Description", type="string", value_from_pipeline_by_property_name=True)
@parameter("Scope", type="string")
@parameter("Persist", switch=True)
@parameter("Credential")
def new_psdrive(ctx: Any, *, name: str, ps_provider: str, root: str | None, description: str | None, scope: str | None,
                persist: bool, credential: Any) -> Any:
    drives = ctx.session.drives
    provider = next((p for p in PROVIDERS if p.casefold() == ps_provider.rsplit("\\", 1)[-1].casefold()), None)
    if provider is None:
        raise error(f"Cannot find a provider with the name '{ps_provider}'.",
                    "ProviderNotFound,Microsoft.PowerShell.Commands.NewPSDriveCommand", ErrorCategory.ObjectNotFound,
                    ps_provider, "New-PSDrive")
    if drives.get(name) is not None:
        raise error(f"A drive with the name '{name}' already exists.",
                    "DriveAlreadyExists,Microsoft.PowerShell.Commands.NewPSDriveCommand", ErrorCategory.ResourceExists,
                    name, "New-PSDrive")
    full_root = ""
    if provider == FILESYSTEM:
        resolved = ctx.resolve_path(root or "")
        if not resolved.is_dir():
            raise error(f"Cannot find path '{resolved}' because it does not exist.",
                        "DriveRootError,Microsoft.PowerShell.Commands.NewPSDriveCommand", ErrorCategory.ObjectNotFound,
                        str(resolved), "New-PSDrive")
        full_root = str(resolved)
    if not ctx.should_process(f"Name: {name} Provider: {provider} Root: {full_root}", "New drive"):
        return None
    drive = PSDrive(name, provider, full_root, description or "", full_root)
    drives.add(drive)
    return drive


@cmdlet("Remove-PSDrive", aliases=("rdr",), supports_should_process=True,
        synopsis="Deletes temporary PowerShell drives and disconnects mapped network drives.")
@parameter("Name", type="string[]", position=0, mandatory=True)
@parameter("PSProvider", type="string[]")
@parameter("Scope", type="string")
@parameter("Force", switch=True)
def remove_psdrive(ctx: Any, *, name: Any, ps_provider: Any, scope: str | None, force: bool) -> None:
    drives = ctx.session.drives
    for n in name:
        matching = [d for d in list(drives.table.values()) if wildcard(n).match(d.name)]
        if not matching:
            ctx.write_error(error(f"Cannot find drive. A drive with the name '{n}' does not exist.",
                                  "DriveNotFound,Microsoft.PowerShell.Commands.RemovePSDriveCommand",
                                  ErrorCategory.ObjectNotFound, n, "Remove-PSDrive"))
            continue
        for drive in matching:
            if ctx.should_process(f"Name: {drive.name} Provider: {drive.provider} Root: {drive.root}", "Remove Drive"):
                drives.remove(drive.name)


__all__ = ["content", "get_psdrive", "get_psprovider", "items", "new_psdrive", "not_found", "provider_path",
           "remove_item", "remove_psdrive", "set_item", "set_item_cmdlet"]
