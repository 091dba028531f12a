"""The module cmdlets: Import-Module, Remove-Module, Get-Module, New-Module, Export-ModuleMember,
New-ModuleManifest, Test-ModuleManifest, Import-PowerShellDataFile, Import-LocalizedData.

The module system itself (session state, loading, exports) is runtime/modules.py and runtime/module_loader.py;
these cmdlets bind parameters, pick where the exports go, and report errors as pwsh does.
"""

from __future__ import annotations

import datetime as _dt
import getpass
import os
import uuid
from typing import Any

from azskernel.commands._util import error, has_wildcard, wildcard
from azskernel.runtime.cmdlet import cmdlet, parameter
from azskernel.runtime.conversion import as_list, convert_to, to_string
from azskernel.runtime.errors import ErrorCategory, RuntimeException
from azskernel.runtime.formatting import Column, TableView, register_view
from azskernel.runtime.module_loader import (
    ImportRequest,
    ModuleLoader,
    available_modules,
    check_assembly,
    check_manifest_keys,
    items,
    manifest_error,
    read_data_file,
)
from azskernel.runtime.modules import (
    MemberFilter,
    PSModuleInfo,
    dynamic_module_name,
    export_members,
    finish_exports,
    import_into,
    is_builtin_module,
    loaded_modules,
    new_module,
    remove,
)
from azskernel.runtime.scopes import Scope

CORE = "Microsoft.PowerShell.Core"
UTILITY = "Microsoft.PowerShell.Utility"

def _command_names(module: Any) -> list[str]:
    commands = module.exported_commands() if isinstance(module, PSModuleInfo) else {}
    return list(commands.keys())


register_view(
    "System.Management.Automation.PSModuleInfo",
    TableView((Column("ModuleType", width=10), Column("Version", width=10), Column("PreRelease", width=10),
               Column("Name", width=35), Column("ExportedCommands", _command_names)),
              group_by=lambda m: f"    Directory: {os.path.dirname(m.module_base)}" if not m.listed and m.module_base else None),
)


def _versions(bound: dict[str, Any]) -> dict[str, Any]:
    out = {}
    for key, attr in (("minimum_version", "minimum_version"), ("required_version", "required_version"),
                      ("maximum_version", "maximum_version")):
        if bound.get(key) is not None:
            out[attr] = convert_to(bound[key], "version")
    return out


def _target_scope(ctx: Any, global_: bool, scope: str | None) -> Scope:
    """Where Import-Module puts the exports: -Global, -Scope, else the importing module's scope or global."""
    interp = ctx.session.interpreter
    if global_ or (scope or "").casefold() == "global":
        return ctx.session.global_scope
    if (scope or "").casefold() == "local":
        return interp.scope
    module = interp.scope.module
    return module.scope if module is not None else ctx.session.global_scope


# -- Import-Module -----------------------------------------------------------------------------------
@cmdlet("Import-Module", aliases=("ipmo",), module=CORE, default_parameter_set="Name",
        synopsis="Adds modules to the current session.",
        description="Imports script modules (.psm1), module manifests (.psd1) and scripts (.ps1) by path or by name "
                    "through $env:PSModulePath. The Az and Azs cmdlets are built in: importing them is accepted.",
        examples=(("Import-Module ./AzureStack.Connect.psm1", "Imports a script module from a file."),
                  ("Import-Module AzureStack.Identity -Prefix Lab -PassThru", "Imports by name and renames the nouns.")),
        output_type=("System.Management.Automation.PSModuleInfo",))
@parameter("Name", type="object[]", position=0, mandatory=True, value_from_pipeline=True, parameter_sets=("Name",))
@parameter("ModuleInfo", type="object[]", position=0, mandatory=True, parameter_sets=("ModuleInfo",))
@parameter("Global", switch=True)
@parameter("Prefix", type="string")
@parameter("Function", type="string[]")
@parameter("Cmdlet", type="string[]")
@parameter("Variable", type="string[]")
@parameter("Alias", type="string[]")
@parameter("Force", switch=True)
@parameter("PassThru", switch=True)
@parameter("AsCustomObject", switch=True)
@parameter("MinimumVersion", type="string", aliases=("Version",))
@parameter("MaximumVersion", type="string")
@parameter("RequiredVersion", type="string")
@parameter("ArgumentList", type="object[]", aliases=("Args",))
@parameter("DisableNameChecking", switch=True)
@parameter("NoClobber", switch=True)
@parameter("SkipEditionCheck", switch=True)
@parameter("Scope", type="string", validate_set=("Local", "Global"))
def import_module(ctx: Any, *, name: Any, module_info: Any, prefix: str | None, function: Any, cmdlet: Any,
                  variable: Any, alias: Any, force: bool, pass_thru: bool, as_custom_object: bool, argument_list: Any,
                  scope: str | None, **rest: Any) -> Any:
    global_ = bool(rest.get("global"))  # -Global: its Python name is a keyword
    loader = ModuleLoader(ctx.session.interpreter, warn=ctx.write_warning)
    target = _target_scope(ctx, global_, scope)
    importer = ctx.session.interpreter.scope.module if target is not ctx.session.global_scope else None
    out: list[Any] = []
    for spec in as_list(name if name is not None else module_info):
        request = ImportRequest(
            target=target, prefix=prefix, force=force, arguments=list(as_list(argument_list)) if argument_list is not None else [],
            members=MemberFilter(_names(function), _names(cmdlet), _names(variable), _names(alias)), nested_in=importer,
            import_members=not as_custom_object, **_versions(rest))
        try:
            module = loader.import_spec(spec, request)
        except RuntimeException as exc:
            if not exc.record.error_id.endswith("ImportModuleCommand"):
                raise  # the module's own code stopped: that error, as the module raised it
            ctx.write_error(exc.record)
            continue
        out += loader.emit
        loader.emit = []
        if module is None:
            module = _builtin_module(ctx, to_string(spec))
        if as_custom_object:
            out.append(module_object(module))
        elif pass_thru:
            out.append(module)
    return out


def _names(value: Any) -> list[str] | None:
    return None if value is None else [to_string(v) for v in as_list(value)]


def _builtin_module(ctx: Any, name: str) -> PSModuleInfo:
    module = PSModuleInfo(name=name, module_type="Binary", listed=False)
    for info in ctx.session.commands:
        if info.module.casefold() == name.casefold():
            module.exported_cmdlets[info.name] = info
    return module


# -- Get-Module ----------------------------------------------------------------------------------------
@cmdlet("Get-Module", aliases=("gmo",), module=CORE, default_parameter_set="Loaded",
        synopsis="Lists the modules imported in the current session or that can be imported.",
        output_type=("System.Management.Automation.PSModuleInfo",))
@parameter("Name", type="string[]", position=0, value_from_pipeline=True)
@parameter("ListAvailable", switch=True, parameter_sets=("Available",))
@parameter("All", switch=True)
@parameter("Refresh", switch=True, parameter_sets=("Available",))
def get_module(ctx: Any, *, name: Any, list_available: bool, all: bool, refresh: bool) -> Any:
    def wanted(module_name: str) -> bool:
        return not name or any(wildcard(p).match(module_name) for p in name)

    if list_available:
        found = [describe_module(ctx, path) for path in available_modules()]
        return [m for m in found if m is not None and wanted(m.name)]
    modules: dict[str, PSModuleInfo] = {}
    for module in loaded_modules(ctx.session).values():
        if module.listed and wanted(module.name):
            modules.setdefault(module.name.casefold(), module)
            if all:
                for nested in module.nested_modules:
                    modules.setdefault(nested.name.casefold(), nested)
    for info in ctx.session.commands:  # the built-in modules: their commands are here already
        if info.module and wanted(info.module) and info.module.casefold() not in modules:
            modules[info.module.casefold()] = _builtin_module(ctx, info.module)
    return sorted(modules.values(), key=lambda m: m.name.casefold())


def describe_module(ctx: Any, path: str) -> PSModuleInfo | None:
    """A module as Get-Module -ListAvailable and Test-ModuleManifest see it: from its manifest, not run."""
    name = os.path.splitext(os.path.basename(path))[0]
    module = PSModuleInfo(name=name, path=path, module_type="Script" if path.lower().endswith(".psm1") else "Binary",
                          listed=False)
    if not path.lower().endswith(".psd1"):
        return module
    try:
        data = read_data_file(ctx.session.interpreter, path, commands=frozenset({"join-path"}), what="module manifest")
    except RuntimeException:
        return None
    module.manifest = data
    module.module_type = "Script" if to_string(data.get("RootModule") or data.get("ModuleToProcess") or "").lower().endswith(
        (".psm1", ".ps1")) else "Manifest"
    if data.get("ModuleVersion") is not None:
        try:
            module.version = convert_to(to_string(data["ModuleVersion"]), "version")
        except RuntimeException:
            pass
    for key, attr in (("Description", "description"), ("Author", "author"), ("CompanyName", "company_name"),
                      ("Copyright", "copyright"), ("GUID", "guid")):
        if data.get(key) is not None:
            setattr(module, attr, to_string(data[key]))
    module.root_module = to_string(data.get("RootModule") or data.get("ModuleToProcess") or "")
    module.powershell_version = data.get("PowerShellVersion")
    for key, exported in (("FunctionsToExport", module.exported_functions), ("CmdletsToExport", module.exported_cmdlets),
                          ("AliasesToExport", module.exported_aliases)):
        for item in items(data.get(key)):
            text = to_string(item)
            if text and not has_wildcard(text):
                exported[text] = text
    return module


# -- Remove-Module -------------------------------------------------------------------------------------
@cmdlet("Remove-Module", aliases=("rmo",), module=CORE, default_parameter_set="name", supports_should_process=True,
        synopsis="Removes modules from the current session.")
@parameter("Name", type="string[]", position=0, mandatory=True, value_from_pipeline=True, parameter_sets=("name",))
@parameter("ModuleInfo", type="object[]", position=0, mandatory=True, value_from_pipeline=True, parameter_sets=("ModuleInfo",))
@parameter("Force", switch=True)
def remove_module(ctx: Any, *, name: Any, module_info: Any, force: bool) -> None:
    table = loaded_modules(ctx.session)
    targets: list[PSModuleInfo] = []
    for item in as_list(name if name is not None else module_info):
        if isinstance(item, PSModuleInfo):
            targets.append(item)
            continue
        pattern = wildcard(to_string(item))
        matches = [m for m in table.values() if pattern.match(m.name)]
        if not matches and not is_builtin_module(to_string(item)):
            ctx.write_error(error(
                f"No modules were removed. Verify that the specification of modules to remove is correct and those "
                "modules exist in the runspace.", "Modules_NoModulesRemoved,Microsoft.PowerShell.Commands.RemoveModuleCommand",
                ErrorCategory.ResourceUnavailable, to_string(item), "Remove-Module"))
        targets += matches
    for module in targets:
        if ctx.should_process(module.name, "Remove-Module"):
            remove(module, ctx.session, ctx.session.interpreter)


# -- Export-ModuleMember -------------------------------------------------------------------------------
@cmdlet("Export-ModuleMember", module=CORE, synopsis="Specifies the module members that are exported.")
@parameter("Function", type="string[]", position=0, value_from_pipeline=True)
@parameter("Cmdlet", type="string[]")
@parameter("Variable", type="string[]")
@parameter("Alias", type="string[]")
def export_module_member(ctx: Any, *, function: Any, cmdlet: Any, variable: Any, alias: Any) -> None:
    module = ctx.session.interpreter.scope.module
    if module is None:
        raise error("The Export-ModuleMember cmdlet can only be called from inside a module.",
                    "Modules_CanOnlyExecuteExportModuleMemberInsideAModule,Microsoft.PowerShell.Commands.ExportModuleMemberCommand",
                    ErrorCategory.PermissionDenied, None, "Export-ModuleMember")
    export_members(module, ctx.session, functions=_names(function), cmdlets=_names(cmdlet),
                   variables=_names(variable), aliases=_names(alias))


# -- New-Module ----------------------------------------------------------------------------------------
@cmdlet("New-Module", aliases=("nmo",), module=CORE,
        synopsis="Creates a new dynamic module that exists only in memory.",
        output_type=("System.Management.Automation.PSModuleInfo",))
@parameter("ScriptBlock", position=0, mandatory=True, help="The module's code (`New-Module Name { … }` also works).")
@parameter("Name", type="string")
@parameter("Function", type="string[]")
@parameter("Cmdlet", type="string[]")
@parameter("ReturnResult", switch=True)
@parameter("AsCustomObject", switch=True)
@parameter("ArgumentList", type="object[]", aliases=("Args",), value_from_remaining_arguments=True)
def new_module_cmdlet(ctx: Any, *, name: str | None, script_block: Any, function: Any, cmdlet: Any, return_result: bool,
                      as_custom_object: bool, argument_list: Any) -> Any:
    from azskernel.runtime.scriptblock import ScriptBlock

    args = list(as_list(argument_list)) if argument_list is not None else []
    if not isinstance(script_block, ScriptBlock) and args and isinstance(args[0], ScriptBlock):
        name, script_block, args = to_string(script_block), args[0], args[1:]  # New-Module Name { … }
    if not isinstance(script_block, ScriptBlock):
        raise error("New-Module needs a script block (-ScriptBlock).", "ParameterArgumentValidationErrorNullNotAllowed",
                    ErrorCategory.InvalidArgument, None, "New-Module")
    session = ctx.session
    module = new_module(name or dynamic_module_name(), "", "Dynamic", session)
    module.listed = False
    module.aliases_before = dict(session.aliases)
    interp = session.interpreter
    block = ScriptBlock(script_block.ast, session, module=module)
    saved = interp.scope
    interp.scope = module.scope  # type: ignore[assignment]
    try:
        assert module.scope is not None
        module.scope.set_local("args", args)
        result = interp.invoke_scriptblock(block, args, dot_source=True)
    finally:
        interp.scope = saved
    finish_exports(module, session)
    if function is not None:
        for fn_name in [n for n in module.exported_functions if not any(wildcard(p).match(n) for p in as_list(function))]:
            del module.exported_functions[fn_name]
    if as_custom_object:
        return module_object(module)
    import_into(module, session, session.global_scope)
    return result if return_result else module


def module_object(module: PSModuleInfo) -> Any:
    """-AsCustomObject: the module's exported variables as properties, its functions as script blocks to call
    with `&` (`& $object.Get-Thing`)."""
    from azskernel.runtime.values import PSObject

    obj = PSObject(type_names=("System.Management.Automation.PSCustomObject", "System.Object"))
    for var in module.exported_variables.values():
        obj.set(var.name, var.value)
    for fn in module.exported_functions.values():
        obj.set(fn.name, fn.scriptblock)
    return obj


# -- manifests -------------------------------------------------------------------------------------------
_MANIFEST_TEMPLATE = """#
# Module manifest for module '{name}'
#
# Generated by: {author}
#
# Generated on: {date}
#

@{{

# Script module or binary module file associated with this manifest.
{root_module}

# Version number of this module.
ModuleVersion = '{version}'

# Supported PSEditions
{editions}

# ID used to uniquely identify this module
GUID = '{guid}'

# Author of this module
Author = '{author}'

# Company or vendor of this module
CompanyName = '{company}'

# Copyright statement for this module
Copyright = '{copyright}'

# Description of the functionality provided by this module
{description}

# Minimum version of the PowerShell engine required by this module
{powershell_version}

# Name of the PowerShell host required by this module
# PowerShellHostName = ''

# Minimum version of the PowerShell host required by this module
# PowerShellHostVersion = ''

# Minimum version of Microsoft .NET Framework required by this module. This prerequisite is valid for the PowerShell Desktop edition only.
# DotNetFrameworkVersion = ''

# Minimum version of the common language runtime (CLR) required by this module. This prerequisite is valid for the PowerShell Desktop edition only.
# ClrVersion = ''

# Processor architecture (None, X86, Amd64) required by this module
# ProcessorArchitecture = ''

# Modules that must be imported into the global environment prior to importing this module
{required_modules}

# Assemblies that must be loaded prior to importing this module
{required_assemblies}

# Script files (.ps1) that are run in the caller's environment prior to importing this module.
{scripts_to_process}

# Type files (.ps1xml) to be loaded when importing this module
{types_to_process}

# Format files (.ps1xml) to be loaded when importing this module
{formats_to_process}

# Modules to import as nested modules of the module specified in RootModule/ModuleToProcess
{nested_modules}

# Functions to export from this module, for best performance, do not use wildcards and do not delete the entry, use an empty array if there are no functions to export.
FunctionsToExport = {functions}

# Cmdlets to export from this module, for best performance, do not use wildcards and do not delete the entry, use an empty array if there are no cmdlets to export.
CmdletsToExport = {cmdlets}

# Variables to export from this module
VariablesToExport = {variables}

# Aliases to export from this module, for best performance, do not use wildcards and do not delete the entry, use an empty array if there are no aliases to export.
AliasesToExport = {aliases}

# DSC resources to export from this module
# DscResourcesToExport = @()

# List of all modules packaged with this module
# ModuleList = @()

# List of all files packaged with this module
# FileList = @()

# Private data to pass to the module specified in RootModule/ModuleToProcess. This may also contain a PSData hashtable with additional module metadata used by PowerShell.
PrivateData = @{{

    PSData = @{{

        # Tags applied to this module. These help with module discovery in online galleries.
        # Tags = @()

        # A URL to the license for this module.
        # LicenseUri = ''

        # A URL to the main website for this project.
        # ProjectUri = ''

        # A URL to an icon representing this module.
        # IconUri = ''

        # ReleaseNotes of this module
        # ReleaseNotes = ''

        # Prerelease string of this module
        # Prerelease = ''

        # Flag to indicate whether the module requires explicit user acceptance for install/update/save
        # RequireLicenseAcceptance = $false

        # External dependent modules of this module
        # ExternalModuleDependencies = @()

    }} # End of PSData hashtable

}} # End of PrivateData hashtable

# HelpInfo URI of this module
{help_info_uri}

# Default prefix for commands exported from this module. Override the default prefix using Import-Module -Prefix.
{prefix}

}}

"""


def _quote(value: Any) -> str:
    return "'" + to_string(value).replace("'", "''") + "'"


def _list_text(value: Any, default: str) -> str:
    if value is None:
        return default
    items = [to_string(v) for v in as_list(value)]
    if len(items) == 1:
        return _quote(items[0])
    return "@(" + ", ".join(_quote(i) for i in items) + ")"


def _entry(key: str, value: Any, *, listed: bool = False, commented: str = "''") -> str:
    if value is None:
        return f"# {key} = {commented}"
    return f"{key} = {_list_text(value, commented) if listed else _quote(value)}"


@cmdlet("New-ModuleManifest", module=CORE, supports_should_process=True,
        synopsis="Creates a new module manifest.")
@parameter("Path", type="string", position=0, mandatory=True)
@parameter("NestedModules", type="object[]")
@parameter("Guid", type="string")
@parameter("Author", type="string")
@parameter("CompanyName", type="string")
@parameter("Copyright", type="string")
@parameter("RootModule", type="string", aliases=("ModuleToProcess",))
@parameter("ModuleVersion", type="string")
@parameter("Description", type="string")
@parameter("PowerShellVersion", type="string")
@parameter("CompatiblePSEditions", type="string[]")
@parameter("RequiredModules", type="object[]")
@parameter("RequiredAssemblies", type="string[]")
@parameter("ScriptsToProcess", type="string[]")
@parameter("TypesToProcess", type="string[]")
@parameter("FormatsToProcess", type="string[]")
@parameter("FunctionsToExport", type="string[]")
@parameter("CmdletsToExport", type="string[]")
@parameter("VariablesToExport", type="string[]")
@parameter("AliasesToExport", type="string[]")
@parameter("HelpInfoUri", type="string")
@parameter("DefaultCommandPrefix", type="string")
@parameter("PassThru", switch=True)
def new_module_manifest(ctx: Any, *, path: str, pass_thru: bool, **values: Any) -> Any:
    target = ctx.resolve_path(path)
    if not str(target).lower().endswith(".psd1"):
        raise error(f"The module manifest file name '{path}' must have a .psd1 extension.",
                    "Modules_InvalidManifestExtension,Microsoft.PowerShell.Commands.NewModuleManifestCommand",
                    ErrorCategory.InvalidArgument, path, "New-ModuleManifest")
    author = values.get("author") or getpass.getuser()
    text = _MANIFEST_TEMPLATE.format(
        name=target.stem, author=author, date=f"{_dt.date.today().month}/{_dt.date.today().day}/{_dt.date.today().year}",
        root_module=_entry("RootModule", values.get("root_module")) if values.get("root_module") else "# RootModule = ''",
        version=to_string(values.get("module_version") or "0.0.1"),
        editions=_entry("CompatiblePSEditions", values.get("compatible_ps_editions"), listed=True, commented="@()"),
        guid=to_string(values.get("guid") or uuid.uuid4()), company=to_string(values.get("company_name") or "Unknown"),
        copyright=to_string(values.get("copyright") or f"(c) {author}. All rights reserved."),
        description=_entry("Description", values.get("description")),
        powershell_version=_entry("PowerShellVersion", values.get("power_shell_version")),
        required_modules=_entry("RequiredModules", values.get("required_modules"), listed=True, commented="@()"),
        required_assemblies=_entry("RequiredAssemblies", values.get("required_assemblies"), listed=True, commented="@()"),
        scripts_to_process=_entry("ScriptsToProcess", values.get("scripts_to_process"), listed=True, commented="@()"),
        types_to_process=_entry("TypesToProcess", values.get("types_to_process"), listed=True, commented="@()"),
        formats_to_process=_entry("FormatsToProcess", values.get("formats_to_process"), listed=True, commented="@()"),
        nested_modules=_entry("NestedModules", values.get("nested_modules"), listed=True, commented="@()"),
        functions=_list_text(values.get("functions_to_export"), "@()"),
        cmdlets=_list_text(values.get("cmdlets_to_export"), "@()"),
        variables=_list_text(values.get("variables_to_export"), "'*'"),
        aliases=_list_text(values.get("aliases_to_export"), "@()"),
        help_info_uri=_entry("HelpInfoURI", values.get("help_info_uri")),
        prefix=_entry("DefaultCommandPrefix", values.get("default_command_prefix")),
    )
    if not ctx.should_process(str(target), "Create"):
        return None
    target.write_text(text, encoding="utf-8")
    return text if pass_thru else None


@cmdlet("Test-ModuleManifest", module=CORE, synopsis="Verifies that a module manifest file accurately describes the contents of a module.",
        output_type=("System.Management.Automation.PSModuleInfo",))
@parameter("Path", type="string", position=0, mandatory=True, value_from_pipeline=True, value_from_pipeline_by_property_name=True)
def test_module_manifest(ctx: Any, *, path: str) -> Any:
    target = str(ctx.resolve_path(path))
    if not os.path.isfile(target):
        raise error(f"The module manifest '{path}' could not be found.", "Modules_ModuleManifestNotFound,"
                    "Microsoft.PowerShell.Commands.TestModuleManifestCommand", ErrorCategory.ObjectNotFound, path,
                    "Test-ModuleManifest")
    module = describe_module(ctx, target)
    if module is None or module.manifest is None:
        raise manifest_error(target, "It does not contain exactly one hashtable in the restricted language.")
    check_manifest_keys(target, module.manifest)
    base = os.path.dirname(target)
    data = module.manifest
    for key in ("RootModule", "ModuleToProcess", "NestedModules", "ScriptsToProcess", "TypesToProcess", "FormatsToProcess"):
        for item in items(data.get(key)):
            text = to_string(item)
            if text and not isinstance(item, dict) and os.path.splitext(text)[1]:
                candidate = os.path.join(base, text.replace("\\", "/") if os.sep == "/" else text)
                if not os.path.exists(candidate):
                    ctx.write_error(error(
                        f"The module manifest '{target}' lists '{text}' in {key}, but that file was not found.",
                        "Modules_InvalidManifestMember,Microsoft.PowerShell.Commands.TestModuleManifestCommand",
                        ErrorCategory.ObjectNotFound, text, "Test-ModuleManifest"))
    for assembly in items(data.get("RequiredAssemblies")):
        try:
            check_assembly(to_string(assembly), base, target)
        except RuntimeException as exc:
            ctx.write_error(exc.record)
    return module


# -- data files --------------------------------------------------------------------------------------------
@cmdlet("Import-PowerShellDataFile", module=UTILITY, synopsis="Imports values from a .psd1 file without invoking its contents.",
        output_type=("System.Collections.Hashtable",))
@parameter("Path", type="string[]", position=0, mandatory=True, value_from_pipeline_by_property_name=True)
@parameter("LiteralPath", type="string[]", aliases=("PSPath", "LP"))
@parameter("SkipLimitCheck", switch=True)
def import_powershell_data_file(ctx: Any, *, path: Any, literal_path: Any, skip_limit_check: bool) -> Any:
    out = []
    for item in as_list(literal_path if literal_path is not None else path):
        target = str(ctx.resolve_path(to_string(item)))
        try:
            out.append(read_data_file(ctx.session.interpreter, target))
        except RuntimeException as exc:
            ctx.write_error(exc.record)
    return out


@cmdlet("Import-LocalizedData", module=UTILITY, synopsis="Imports language-specific data into scripts and functions based on the UI culture.")
@parameter("BindingVariable", type="string", position=0, aliases=("Variable",))
@parameter("UICulture", type="string", position=1)
@parameter("BaseDirectory", type="string")
@parameter("FileName", type="string")
@parameter("SupportedCommand", type="string[]")
def import_localized_data(ctx: Any, *, binding_variable: str | None, ui_culture: str | None, base_directory: str | None,
                          file_name: str | None, supported_command: Any) -> Any:
    interp = ctx.session.interpreter
    script = interp.source.file if interp.source is not None and interp.source.file else ""
    base = str(ctx.resolve_path(base_directory)) if base_directory else (os.path.dirname(script) or str(ctx.session.location))
    name = file_name or (os.path.splitext(os.path.basename(script))[0] if script else "")
    if not name.lower().endswith(".psd1"):
        name += ".psd1"
    culture = ui_culture or "en-US"
    candidates = [os.path.join(base, culture, name)]
    if "-" in culture:
        candidates.append(os.path.join(base, culture.split("-")[0], name))
    candidates.append(os.path.join(base, name))
    found = next((c for c in candidates if os.path.isfile(c)), None)
    if found is None:
        raise error(f"Cannot find the PowerShell data file '{name}' in directory '{os.path.join(base, culture)}', or "
                    "in any parent culture directories.", "ImportLocalizedData,Microsoft.PowerShell.Commands.ImportLocalizedData",
                    ErrorCategory.ObjectNotFound, name, "Import-LocalizedData")
    commands = frozenset({"convertfrom-stringdata"} | {to_string(c).casefold() for c in as_list(supported_command or [])})
    data = read_data_file(interp, found, commands=commands, what="localized data file")
    if binding_variable:
        interp.scope.set_local(binding_variable, data)
        return None
    return data


__all__ = [
    "describe_module", "export_module_member", "get_module", "import_localized_data", "import_module",
    "import_powershell_data_file", "new_module_cmdlet", "new_module_manifest", "remove_module", "test_module_manifest",
]
