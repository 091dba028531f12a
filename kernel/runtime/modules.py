"""Modules as pwsh has them for script modules: the module object, its session state, and what it exports.

A module's session state is a scope whose parent is the global scope (`Scope.module` names the module), so a
module's script-scope variables are private to it, `$script:` inside its functions means the module scope, and
its functions find each other (and its nested modules' commands) there. Script blocks made by module code carry
the module (`ScriptBlock.module`) and run in its session state wherever they are invoked.

Exports follow Export-ModuleMember's rules: without a call, a script module exports its functions and aliases
(not its variables); with calls, exactly what they named (matched when each call runs, as pwsh does); a
manifest's *ToExport lists then filter that. Importing copies the exported members into the target scope
(global, or the importing module's scope) and remembers where, for Remove-Module.

Finding and loading module files is module_loader.py; #requires is requires.py; the cmdlets are in
commands/modules.py.
"""

from __future__ import annotations

import os
import uuid
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from azskernel.runtime import pstypes as T
from azskernel.runtime.errors import ErrorCategory, RuntimeException
from azskernel.runtime.scopes import Scope, Variable
from azskernel.runtime.values import OrderedHashtable

if TYPE_CHECKING:
    from azskernel.runtime.interpreter import Interpreter
    from azskernel.runtime.session import Session

MODULE_EXTENSIONS = (".psd1", ".psm1", ".dll", ".ps1")
"""What Import-Module loads, in the order pwsh tries them for a module folder."""

BUILTIN_MODULE_PATTERNS = (
    "Az", "Az.*", "AzureRM", "AzureRM.*", "Azs", "Azs.*", "AzureStack", "AzureStack.*",
    "Microsoft.PowerShell.*", "PowerShellGet", "PackageManagement", "PSReadLine", "Hyper-V",
)
"""Module names whose commands this shell has built in (the Az/Azs cmdlets, the core cmdlets)."""

WINDOWS_ONLY_MODULES = frozenset(m.casefold() for m in (
    "VpnClient", "ActiveDirectory", "ADFS", "DnsServer", "DnsClient", "NetTCPIP", "NetAdapter", "NetSecurity",
    "NetConnection", "Storage", "SqlServer", "SQLPS", "FailoverClusters", "ServerManager", "PKI", "ScheduledTasks",
    "CimCmdlets", "Microsoft.PowerShell.LocalAccounts", "Defender", "BitLocker", "Dism", "GroupPolicy",
    "WindowsErrorReporting", "NetworkController", "AzureStackHCI", "Hyper-V", "RemoteDesktop", "WebAdministration",
    "IISAdministration", "Microsoft.PowerShell.Diagnostics", "PSWorkflow", "AppLocker", "TrustedPlatformModule",
    "WindowsUpdate", "PnpDevice", "SmbShare", "Wdac", "PSDesiredStateConfiguration",
))
"""Modules that exist only on Windows: `#requires` of one warns instead of failing (the module's other
commands still work), and their commands fail when called."""


_WINDOWS_ONLY_COMMANDS = (
    ("VpnClient", ("*-VpnConnection*", "*-VpnS2SInterface*")),
    ("ADFS", ("*-Adfs*",)),
    ("ActiveDirectory", ("*-AD[A-Z]*",)),
    ("CimCmdlets", ("*-Cim*",)),
    ("Microsoft.PowerShell.Management (Windows PowerShell)", ("*-WmiObject", "*-WmiMethod", "Register-WmiEvent",
                                                             "*-EventLog", "Get-HotFix", "*-Service", "*-Computer")),
    ("SqlServer", ("Invoke-Sqlcmd", "*-SqlInstance*", "Backup-SqlDatabase", "Restore-SqlDatabase")),
    ("DnsServer", ("*-DnsServer*",)),
    ("NetTCPIP", ("*-NetIPAddress*", "*-NetRoute*", "*-NetIPInterface*", "Test-NetConnection")),
    ("NetAdapter", ("*-NetAdapter*",)),
    ("NetSecurity", ("*-NetFirewall*",)),
    ("Storage", ("*-Disk", "*-Partition", "*-Volume", "Mount-DiskImage", "Dismount-DiskImage")),
    ("ScheduledTasks", ("*-ScheduledTask*",)),
    ("FailoverClusters", ("*-Cluster*",)),
    ("Hyper-V", ("*-VM", "*-VMSwitch*", "*-VMNetworkAdapter*", "*-VMHardDiskDrive*", "Mount-VHD", "Dismount-VHD")),
    ("BitLocker", ("*-BitLocker*",)),
    ("Microsoft.PowerShell.Security (Windows)", ("Get-AuthenticodeSignature", "Set-AuthenticodeSignature")),
)


def windows_only_module(command: str) -> str | None:
    """The Windows-only module a command comes from, when it is a known one (for the not-found error)."""
    from azskernel.runtime.operators import like

    for module, patterns in _WINDOWS_ONLY_COMMANDS:
        # a pattern with a character class is matched case-sensitively (`*-AD[A-Z]*` is Get-ADUser, not Get-Address)
        if any(like(command, p, "[" not in p) for p in patterns):
            return module
    return None


def is_builtin_module(name: str) -> bool:
    from azskernel.runtime.operators import like

    return any(like(name, pattern) for pattern in BUILTIN_MODULE_PATTERNS)


@dataclass(eq=False)
class ModuleImport:
    """Where a module's members were copied to (Remove-Module takes them out again)."""

    scope: Scope
    functions: list[str] = field(default_factory=list)
    aliases: list[str] = field(default_factory=list)
    variables: list[str] = field(default_factory=list)


@dataclass(eq=False)
class PSModuleInfo:
    """A loaded (or listed) module: what Get-Module shows and `& $module { }` runs in."""

    name: str
    path: str = ""
    module_type: str = "Script"
    """Script, Manifest, Binary or Dynamic."""
    version: T.PSVersion = field(default_factory=lambda: T.PSVersion((0, 0)))
    scope: Scope | None = None
    description: str = ""
    guid: str = "00000000-0000-0000-0000-000000000000"
    author: str = ""
    company_name: str = ""
    copyright: str = ""
    powershell_version: Any = None
    root_module: str = ""
    prefix: str = ""
    private_data: Any = None
    help_info_uri: str = ""
    manifest: Any = None
    """The .psd1 data (a Hashtable), when the module has a manifest."""
    nested_modules: list[PSModuleInfo] = field(default_factory=list)
    required_modules: list[PSModuleInfo] = field(default_factory=list)
    exported_functions: dict[str, Any] = field(default_factory=dict)
    exported_cmdlets: dict[str, Any] = field(default_factory=dict)
    exported_aliases: dict[str, str] = field(default_factory=dict)
    exported_variables: dict[str, Variable] = field(default_factory=dict)
    export_called: bool = False
    """Export-ModuleMember ran in the module: only what it named is exported."""
    defined_aliases: dict[str, str] = field(default_factory=dict)
    aliases_before: dict[str, str] = field(default_factory=dict)
    """The session's aliases when the module's code started: what it added since are its own."""
    imports: list[ModuleImport] = field(default_factory=list)
    on_remove: Any = None
    listed: bool = True
    """False for New-Module's dynamic modules, which Get-Module does not list until imported."""

    ps_type_names = ("System.Management.Automation.PSModuleInfo", "System.Object")

    @property
    def module_base(self) -> str:
        return os.path.dirname(self.path) if self.path and os.path.sep in self.path else ""

    def exported_commands(self) -> OrderedHashtable:
        commands = OrderedHashtable()
        for name, value in self.exported_cmdlets.items():
            commands[name] = value
        for name, value in self.exported_functions.items():
            commands[name] = value
        for name in self.exported_aliases:
            commands[name] = name
        return commands

    def ps_properties(self) -> list[tuple[str, Any]]:
        return [
            ("LogPipelineExecutionDetails", False), ("Name", self.name), ("Path", self.path),
            ("ImplementingAssembly", None), ("Definition", self._definition()), ("Description", self.description),
            ("Guid", self.guid), ("HelpInfoUri", self.help_info_uri or None), ("ModuleBase", self.module_base),
            ("PrivateData", self.private_data), ("Version", self.version), ("ModuleType", self.module_type),
            ("Author", self.author), ("AccessMode", "ReadWrite"), ("CompanyName", self.company_name),
            ("Copyright", self.copyright), ("ExportedFunctions", dict(self.exported_functions)),
            ("Prefix", self.prefix), ("ExportedCmdlets", dict(self.exported_cmdlets)),
            ("ExportedCommands", self.exported_commands()), ("NestedModules", list(self.nested_modules)),
            ("PowerShellVersion", self.powershell_version), ("RequiredModules", list(self.required_modules)),
            ("RootModule", self.root_module), ("ExportedVariables", {k: v.value for k, v in self.exported_variables.items()}),
            ("ExportedAliases", dict(self.exported_aliases)), ("SessionState", None), ("OnRemove", self.on_remove),
            ("PreRelease", None),
        ]

    def ps_to_string(self) -> str:
        return self.name

    def _definition(self) -> str:
        if self.module_type not in ("Script", "Dynamic") or not self.path or not os.path.isfile(self.path):
            return ""
        from azskernel.runtime.scriptfile import read_script

        try:
            return read_script(self.path)
        except OSError:
            return ""


# -- the session's module table ------------------------------------------------------------------
def loaded_modules(session: Session) -> dict[str, PSModuleInfo]:
    """Modules imported in this session, by case-folded name, in import order."""
    table: dict[str, PSModuleInfo] | None = getattr(session, "_module_table", None)
    if table is None:
        table = {}
        session._module_table = table  # type: ignore[attr-defined]
    return table


def find_loaded(session: Session, name_or_path: str) -> PSModuleInfo | None:
    folded = name_or_path.casefold()
    table = loaded_modules(session)
    if folded in table:
        return table[folded]
    for module in table.values():
        if module.path and os.path.normcase(module.path) == os.path.normcase(name_or_path):
            return module
    return None


def current_module(interp: Interpreter) -> PSModuleInfo | None:
    """The module whose code is running (its session state is the current one), else None."""
    module: PSModuleInfo | None = interp.scope.module
    return module


def new_module(name: str, path: str, module_type: str, session: Session) -> PSModuleInfo:
    module = PSModuleInfo(name=name, path=path, module_type=module_type)
    module.scope = Scope(session.global_scope, is_script=True, module=module)
    return module


def dynamic_module_name() -> str:
    return f"__DynamicModule_{uuid.uuid4()}"


# -- exports ---------------------------------------------------------------------------------------
def _matches(name: str, patterns: list[str] | None) -> bool:
    if patterns is None:
        return True
    from azskernel.runtime.operators import like

    return any(like(name, p) for p in patterns)


def export_members(module: PSModuleInfo, session: Session, *, functions: list[str] | None,
                   cmdlets: list[str] | None, variables: list[str] | None, aliases: list[str] | None) -> None:
    """Export-ModuleMember: mark what exists now and matches as exported (later calls add to it)."""
    assert module.scope is not None
    module.export_called = True
    scope = module.scope
    for fn in list(scope.functions.values()):
        if functions and _matches(fn.name, functions):
            module.exported_functions[fn.name] = fn
    for var in list(scope.variables.values()):
        if variables and _matches(var.name, variables):
            module.exported_variables[var.name] = var
    for alias, target in aliases_of(module, session).items():
        if aliases and _matches(alias, aliases):
            module.exported_aliases[alias] = target
    if cmdlets:
        for info in session.commands:
            if _matches(info.name, cmdlets) and info.module.casefold() in {m.name.casefold() for m in module.nested_modules}:
                module.exported_cmdlets[info.name] = info


def aliases_of(module: PSModuleInfo, session: Session) -> dict[str, str]:
    """The aliases the module's code has defined so far (aliases are session-wide in this shell)."""
    current = session.aliases
    before = module.aliases_before
    found = dict(module.defined_aliases)
    for key, target in current.items():
        if before.get(key) != target:
            found[key] = target
    return found


def finish_exports(module: PSModuleInfo, session: Session) -> None:
    """After the module's code ran: the default exports when Export-ModuleMember was not called."""
    assert module.scope is not None
    module.defined_aliases = aliases_of(module, session)
    if not module.export_called:
        for fn in module.scope.functions.values():
            module.exported_functions.setdefault(fn.name, fn)
        for alias, target in module.defined_aliases.items():
            module.exported_aliases.setdefault(alias, target)


def filter_exports(module: PSModuleInfo, manifest: Any) -> None:
    """A manifest's FunctionsToExport / CmdletsToExport / VariablesToExport / AliasesToExport (default '*')."""
    from azskernel.runtime.conversion import as_list, to_string

    def patterns(key: str) -> list[str] | None:
        if manifest is None or key not in manifest:
            return None
        value = manifest[key]
        return [] if value is None else [to_string(v) for v in as_list(value)]

    for key, exported in (("FunctionsToExport", module.exported_functions), ("CmdletsToExport", module.exported_cmdlets),
                          ("AliasesToExport", module.exported_aliases), ("VariablesToExport", module.exported_variables)):
        wanted = patterns(key)
        if wanted is None:
            continue
        for name in [n for n in exported if not _matches(n, wanted)]:
            del exported[name]


def prefixed(name: str, prefix: str) -> str:
    """Import-Module -Prefix: Verb-Noun becomes Verb-PrefixNoun; a name without a verb gets the prefix in front."""
    if not prefix:
        return name
    verb, dash, noun = name.partition("-")
    return f"{verb}-{prefix}{noun}" if dash else f"{prefix}{name}"


@dataclass
class MemberFilter:
    """Import-Module -Function/-Cmdlet/-Variable/-Alias: which exported members to import (None: all)."""

    functions: list[str] | None = None
    cmdlets: list[str] | None = None
    variables: list[str] | None = None
    aliases: list[str] | None = None


def import_into(module: PSModuleInfo, session: Session, target: Scope, *, prefix: str = "",
                members: MemberFilter | None = None) -> None:
    """Copy the module's exports into `target` (a re-import replaces what an earlier one put there)."""
    from azskernel.runtime.functions import FunctionInfo

    members = members or MemberFilter()
    record = ModuleImport(target)
    for name, fn in module.exported_functions.items():
        if not _matches(name, members.functions):
            continue
        new_name = prefixed(name, prefix)
        target.functions[new_name.casefold()] = fn if new_name == fn.name else FunctionInfo(new_name, fn.scriptblock, fn.parameters, fn.definition)
        record.functions.append(new_name)
    for name, var in module.exported_variables.items():
        if _matches(name, members.variables):
            target.variables[name.casefold()] = var  # the same variable: changes show on both sides, as in pwsh
            record.variables.append(name)
    for alias, command in module.exported_aliases.items():
        if _matches(alias, members.aliases):
            new_alias = prefixed(alias, prefix)
            session.aliases[new_alias.casefold()] = prefixed(command, prefix) if command.casefold() in {
                f.casefold() for f in module.exported_functions} else command
            record.aliases.append(new_alias)
    module.imports = [i for i in module.imports if i.scope is not target] + [record]


def register(module: PSModuleInfo, session: Session) -> None:
    loaded_modules(session)[module.name.casefold()] = module


def remove(module: PSModuleInfo, session: Session, interp: Interpreter) -> None:
    """Remove-Module: run its OnRemove, take its members out of where they were imported, forget it."""
    from azskernel.runtime.scriptblock import ScriptBlock

    if isinstance(module.on_remove, ScriptBlock):
        interp.invoke_scriptblock(module.on_remove, [module])
    for record in module.imports:
        for name in record.functions:
            fn = record.scope.functions.get(name.casefold())
            if fn is not None and getattr(fn, "module", None) is module:
                del record.scope.functions[name.casefold()]
        for name in record.variables:
            var = record.scope.variables.get(name.casefold())
            if var is not None and var is module.exported_variables.get(name):
                del record.scope.variables[name.casefold()]
        for alias in record.aliases:
            session.aliases.pop(alias.casefold(), None)
    module.imports = []
    table = loaded_modules(session)
    for key, value in list(table.items()):
        if value is module:
            del table[key]
    for nested in module.nested_modules:
        if find_loaded(session, nested.name) is nested:
            remove(nested, session, interp)


def module_error(message: str, error_id: str, target: Any = None,
                 category: ErrorCategory = ErrorCategory.ResourceUnavailable) -> RuntimeException:
    return RuntimeException(message, error_id=f"{error_id},Microsoft.PowerShell.Commands.ImportModuleCommand",
                            category=category, target=target, command_name="Import-Module")


__all__ = [
    "BUILTIN_MODULE_PATTERNS", "MODULE_EXTENSIONS", "MemberFilter", "ModuleImport", "PSModuleInfo",
    "WINDOWS_ONLY_MODULES", "aliases_of", "current_module", "dynamic_module_name", "export_members",
    "filter_exports", "find_loaded", "finish_exports", "import_into", "is_builtin_module", "loaded_modules",
    "module_error", "new_module", "prefixed", "register", "remove", "windows_only_module",
]
