"""Finding and loading modules: by path or by name through $env:PSModulePath, script modules (.psm1, .ps1),
manifests (.psd1: RootModule, NestedModules, RequiredModules, ScriptsToProcess, *ToExport), and the errors pwsh
gives when that fails.

A binary module (.dll), a required .NET assembly or a module that exists only on Windows cannot load in this
shell: the error says so in one line, naming the file, assembly or module. The module object, session state
and export rules are in modules.py.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from azskernel.runtime import pstypes as T
from azskernel.runtime.errors import ErrorCategory, RuntimeException
from azskernel.runtime.modules import (
    MODULE_EXTENSIONS,
    WINDOWS_ONLY_MODULES,
    MemberFilter,
    PSModuleInfo,
    filter_exports,
    find_loaded,
    finish_exports,
    import_into,
    is_builtin_module,
    module_error,
    new_module,
    register,
    remove,
)
from azskernel.runtime.scopes import Scope, get_env

if TYPE_CHECKING:
    from azskernel.runtime.interpreter import Interpreter

MANIFEST_COMMANDS = frozenset({"import-localizeddata", "convertfrom-stringdata", "write-host", "out-host", "join-path"})
"""The commands a module manifest may run (pwsh's restricted language for manifests)."""

MANIFEST_KEYS = frozenset(k.casefold() for k in (
    "RootModule", "ModuleToProcess", "ModuleVersion", "CompatiblePSEditions", "GUID", "Author", "CompanyName",
    "Copyright", "Description", "PowerShellVersion", "PowerShellHostName", "PowerShellHostVersion",
    "DotNetFrameworkVersion", "CLRVersion", "ProcessorArchitecture", "RequiredModules", "RequiredAssemblies",
    "ScriptsToProcess", "TypesToProcess", "FormatsToProcess", "NestedModules", "FunctionsToExport", "CmdletsToExport",
    "VariablesToExport", "AliasesToExport", "DscResourcesToExport", "ModuleList", "FileList", "PrivateData",
    "HelpInfoURI", "DefaultCommandPrefix"))
"""The keys a module manifest may have (any other makes it invalid, as in pwsh)."""

_FRAMEWORK_ASSEMBLIES = ("System", "Microsoft.PowerShell", "Microsoft.CSharp", "mscorlib", "netstandard", "WindowsBase")


@dataclass
class ImportRequest:
    """What Import-Module was asked for, beyond the module itself."""

    target: Scope | None = None
    """Where the exports go; None: the global scope."""
    prefix: str | None = None
    force: bool = False
    arguments: list[Any] = field(default_factory=list)
    members: MemberFilter = field(default_factory=MemberFilter)
    minimum_version: T.PSVersion | None = None
    required_version: T.PSVersion | None = None
    maximum_version: T.PSVersion | None = None
    base: str | None = None
    """Folder that relative module paths are resolved against (a manifest's folder); else the location."""
    nested_in: PSModuleInfo | None = None
    """The module whose code imports this one: it becomes that module's nested module (Get-Module -All)."""
    import_members: bool = True
    """False for Import-Module -AsCustomObject: the caller gets an object, the session no new commands."""

    def accepts(self, version: T.PSVersion) -> bool:
        """-MinimumVersion / -RequiredVersion / -MaximumVersion allow this version."""
        return ((self.minimum_version is None or version >= self.minimum_version)
                and (self.required_version is None or version.parts == self.required_version.parts)
                and (self.maximum_version is None or version <= self.maximum_version))


def items(value: Any) -> list[Any]:
    """A manifest entry as a list: absent or $null is empty, one value is a list of one."""
    from azskernel.runtime.conversion import as_list

    return [] if value is None else [v for v in as_list(value) if v is not None]


def module_spec_name(spec: Any) -> str:
    """A module specification's name: a string, or a hashtable's ModuleName."""
    from azskernel.runtime.conversion import to_string

    if isinstance(spec, dict):
        return to_string(spec.get("ModuleName", ""))
    if isinstance(spec, PSModuleInfo):
        return spec.name
    return to_string(spec)


def module_paths() -> list[str]:
    """$env:PSModulePath's folders, or pwsh's defaults on this system when it is not set."""
    value = get_env("PSModulePath")
    if value:
        return [p for p in value.split(os.pathsep) if p]
    home = os.path.expanduser("~")
    return [os.path.join(home, ".local", "share", "powershell", "Modules"), "/usr/local/share/powershell/Modules"]


def _version_of(text: str) -> tuple[int, ...] | None:
    try:
        return tuple(int(p) for p in text.split("."))
    except ValueError:
        return None


def _ci_child(folder: str, name: str) -> str | None:
    """`folder/name`, matching the name case-insensitively (module names are, even on Linux)."""
    exact = os.path.join(folder, name)
    if os.path.exists(exact):
        return exact
    try:
        entries = os.listdir(folder)
    except OSError:
        return None
    folded = name.casefold()
    return next((os.path.join(folder, e) for e in entries if e.casefold() == folded), None)


def module_file_in(folder: str, name: str, accept: Any = None) -> str | None:
    """The module file of a module folder: name.psd1/.psm1/.dll, else in its highest version subfolder (that
    `accept(version)` takes, when a version was asked for)."""
    for ext in MODULE_EXTENSIONS[:3]:
        found = _ci_child(folder, name + ext)
        if found is not None and os.path.isfile(found):
            return found
    try:
        versions = sorted(((v, e) for e in os.listdir(folder) if (v := _version_of(e)) is not None), reverse=True)
    except OSError:
        return None
    for version, entry in versions:
        if accept is not None and not accept(T.PSVersion(version)):
            continue
        found = module_file_in(os.path.join(folder, entry), name)
        if found is not None:
            return found
    return None


def find_module_by_name(name: str, accept: Any = None) -> str | None:
    for root in module_paths():
        folder = _ci_child(root, name)
        if folder is not None and os.path.isdir(folder):
            found = module_file_in(folder, name, accept)
            if found is not None:
                return found
    return None


def available_modules() -> list[str]:
    """Every module file under $env:PSModulePath (Get-Module -ListAvailable)."""
    found: list[str] = []
    for root in module_paths():
        try:
            entries = sorted(os.listdir(root), key=str.casefold)
        except OSError:
            continue
        for entry in entries:
            folder = os.path.join(root, entry)
            if os.path.isdir(folder):
                path = module_file_in(folder, entry)
                if path is not None:
                    found.append(path)
    return found


def _looks_like_path(spec: str) -> bool:
    return ("/" in spec or "\\" in spec or os.path.isabs(spec) or spec.lower().endswith(MODULE_EXTENSIONS)
            or spec.startswith("~"))


class ModuleLoader:
    """Loads modules for one interpreter; `warn` and `emit` receive warnings and the modules' own output."""

    def __init__(self, interp: Interpreter, *, warn: Any = None, emit: Any = None) -> None:
        self.interp = interp
        self.session = interp.session
        self.warn = warn
        self.emit = emit if emit is not None else []

    # -- entry points ------------------------------------------------------------------------------
    def import_spec(self, spec: Any, request: ImportRequest) -> PSModuleInfo | None:
        """Import a module by name, path, hashtable specification or module object; None for a built-in one."""
        from azskernel.runtime.conversion import convert_to, to_string

        if isinstance(spec, PSModuleInfo):
            return self._import_loaded(spec, request)
        if isinstance(spec, dict):
            for key, attr in (("ModuleVersion", "minimum_version"), ("RequiredVersion", "required_version"),
                              ("MaximumVersion", "maximum_version")):
                if key in spec:
                    setattr(request, attr, convert_to(spec[key], "version"))
        name = module_spec_name(spec)
        if not name:
            raise module_error("The module name is empty.", "Modules_InvalidModuleName", spec, ErrorCategory.InvalidArgument)
        path = self.resolve(name, request.base, request.accepts)
        if path is None:
            if is_builtin_module(name):
                return None
            loaded = find_loaded(self.session, name)
            if loaded is not None:
                self._check_version(loaded, request, name)
                return self._import_loaded(loaded, request)
            hint = " It is a Windows-only module, which this shell cannot load." if name.casefold() in WINDOWS_ONLY_MODULES else ""
            raise module_error(
                f"The specified module '{name}' was not loaded because no valid module file was found in any module "
                f"directory.{hint}", "Modules_ModuleNotFound", name)
        return self.import_path(path, request, name=to_string(name))

    def import_path(self, path: str, request: ImportRequest, *, name: str | None = None) -> PSModuleInfo:
        loaded = find_loaded(self.session, path)
        if loaded is not None and loaded.path and os.path.normcase(loaded.path) == os.path.normcase(path):
            if not request.force:
                return self._import_loaded(loaded, request)
            remove(loaded, self.session, self.interp)
        module = self.load(path, request)
        self._check_version(module, request, name or path)
        module.listed = request.nested_in is None
        if request.nested_in is not None:
            request.nested_in.nested_modules.append(module)
        register(module, self.session)
        if request.import_members:
            import_into(module, self.session, request.target or self.session.global_scope,
                        prefix=module.prefix, members=request.members)
        return module

    def resolve(self, spec: str, base: str | None = None, accept: Any = None) -> str | None:
        """A module's file from a name or path; None when nothing is found."""
        if _looks_like_path(spec):
            text = spec.replace("\\", "/") if os.sep == "/" else spec
            text = os.path.expanduser(text)
            candidate = text if os.path.isabs(text) else os.path.join(base or str(self.session.location), text)
            candidate = os.path.normpath(candidate)
            if os.path.isfile(candidate):
                return candidate
            if os.path.isdir(candidate):
                return module_file_in(candidate, os.path.basename(candidate), accept)
            for ext in MODULE_EXTENSIONS:
                if os.path.isfile(candidate + ext):
                    return candidate + ext
            return None
        if base is not None:
            for candidate in (os.path.join(base, spec), os.path.join(base, spec, spec)):
                for ext in MODULE_EXTENSIONS[:3]:
                    if os.path.isfile(candidate + ext):
                        return candidate + ext
        loaded = find_loaded(self.session, spec)
        if loaded is not None and loaded.path and (accept is None or accept(loaded.version)):
            return loaded.path
        return find_module_by_name(spec, accept)

    # -- loading -------------------------------------------------------------------------------------
    def load(self, path: str, request: ImportRequest) -> PSModuleInfo:
        ext = os.path.splitext(path)[1].lower()
        name = os.path.splitext(os.path.basename(path))[0]
        if ext == ".psd1":
            return self.load_manifest(path, name, request)
        if ext in (".psm1", ".ps1"):
            module = new_module(name, path, "Script", self.session)
            self.run_script(module, path, request.arguments)
            finish_exports(module, self.session)
            module.prefix = request.prefix or ""
            return module
        if ext == ".dll":
            raise binary_module_error(path)
        raise module_error(
            f"The extension '{ext}' is not a valid module extension. The supported module extensions are '.dll', "
            "'.ps1', '.psm1', '.psd1', '.cdxml' and '.xaml'. Correct the extension then try adding the file "
            f"'{path}' again.", "Modules_InvalidModuleExtension", path, ErrorCategory.InvalidArgument)

    def run_script(self, module: PSModuleInfo, path: str, arguments: list[Any]) -> None:
        """Run a module's script in the module's session state (its scope is the module scope)."""
        from azskernel.language import ParseError, parse
        from azskernel.runtime.binding import CommandArgument
        from azskernel.runtime.functions import ScriptCommand
        from azskernel.runtime.requires import check
        from azskernel.runtime.scriptblock import ScriptBlock
        from azskernel.runtime.scriptfile import read_script
        from azskernel.runtime.session import parse_error_record
        from azskernel.runtime.values import UNSET

        interp = self.interp
        assert module.scope is not None
        try:
            text = read_script(path)
        except OSError as exc:
            raise module_error(f"Cannot read the module file '{path}': {exc.strerror}.", "Modules_CannotReadModule", path) from None
        try:
            block = ScriptBlock(parse(text, path), self.session, module=module)
        except ParseError as exc:
            record = parse_error_record(exc)
            raise RuntimeException(record.message, record=record) from None
        module.aliases_before = dict(self.session.aliases)
        saved = interp.scope
        interp.scope = module.scope
        try:
            check(interp, text, path, target=module.scope, warn=self.warn)
            command = ScriptCommand(interp, block, os.path.basename(path),
                                    [CommandArgument(None, a, True) for a in arguments], dot_source=True,
                                    script_file=path)
            module.scope.set_local("args", list(arguments))
            module.scope.set_local("MyInvocation", command.invocation_info())
            command.begin(self.emit)
            command.process(UNSET, self.emit)
            command.end(self.emit)
        finally:
            interp.scope = saved

    def load_manifest(self, path: str, name: str, request: ImportRequest) -> PSModuleInfo:
        from azskernel.runtime.conversion import as_list, convert_to, to_string

        data = read_data_file(self.interp, path, commands=MANIFEST_COMMANDS, what="module manifest")
        check_manifest_keys(path, data)
        base = os.path.dirname(path)
        module = new_module(name, path, "Manifest", self.session)
        module.manifest = data
        version = data.get("ModuleVersion")
        if version is not None:
            try:
                module.version = convert_to(to_string(version), "version")
            except RuntimeException:
                raise manifest_error(path, f"The ModuleVersion '{to_string(version)}' is not a valid version.") from None
        self._check_version(module, request, name)  # before any of its code runs
        for key, attr in (("Description", "description"), ("Author", "author"), ("CompanyName", "company_name"),
                          ("Copyright", "copyright"), ("GUID", "guid"), ("HelpInfoURI", "help_info_uri")):
            if data.get(key) is not None:
                setattr(module, attr, to_string(data[key]))
        module.private_data = data.get("PrivateData")
        module.powershell_version = data.get("PowerShellVersion")
        self._check_powershell_version(path, module.powershell_version)
        module.prefix = request.prefix or to_string(data.get("DefaultCommandPrefix") or "")
        root = data.get("RootModule") if data.get("RootModule") is not None else data.get("ModuleToProcess")
        root_path = None
        if root:
            # found (and known loadable) before anything runs: a manifest that cannot load changes nothing
            module.root_module = to_string(root)
            if module.root_module.lower().endswith(".dll"):
                raise binary_module_error(module.root_module, manifest=path)
            root_path = self.resolve(module.root_module, base)
            if root_path is None:
                raise module_error(
                    f"The module to process '{module.root_module}', listed in field 'ModuleToProcess/RootModule' of "
                    f"module manifest '{path}' was not processed because no valid module was found in any module "
                    "directory.", "Modules_ModuleFileNotFound", path)
            if root_path.lower().endswith(".dll"):  # found by name: a binary module all the same
                raise binary_module_error(root_path, manifest=path)
        for spec in items(data.get("RequiredModules")):
            module.required_modules.append(self._required(spec, path, base))
        for assembly in items(data.get("RequiredAssemblies")):
            check_assembly(to_string(assembly), base, path)
        for script in items(data.get("ScriptsToProcess")):
            self._script_to_process(to_string(script), base)
        module.aliases_before = dict(self.session.aliases)
        for spec in items(data.get("NestedModules")):
            nested = self._nested(spec, base, module)
            if nested is not None:
                module.nested_modules.append(nested)
        if root_path is not None:
            ext = os.path.splitext(root_path)[1].lower()
            if ext in (".psm1", ".ps1"):
                module.module_type = "Script"
                self.run_script(module, root_path, request.arguments)
            elif ext == ".psd1":
                nested = self.load_manifest(root_path, name, ImportRequest(target=module.scope))
                import_into(nested, self.session, module.scope)  # type: ignore[arg-type]
        finish_exports(module, self.session)
        filter_exports(module, data)
        return module

    # -- pieces ----------------------------------------------------------------------------------------
    def _import_loaded(self, module: PSModuleInfo, request: ImportRequest) -> PSModuleInfo:
        if request.nested_in is None:
            module.listed = True
            register(module, self.session)
        if request.import_members:
            import_into(module, self.session, request.target or self.session.global_scope,
                        prefix=request.prefix if request.prefix is not None else module.prefix, members=request.members)
        return module

    def _required(self, spec: Any, manifest: str, base: str) -> PSModuleInfo:
        name = module_spec_name(spec)
        try:
            found = self.import_spec(spec, ImportRequest(base=base))
        except RuntimeException as exc:
            raise module_error(
                f"The required module '{name}' is not loaded. Load the module or remove the module from "
                f"'RequiredModules' in the file '{manifest}'. {exc.record.message}", "Modules_RequiredModuleNotLoaded",
                manifest) from None
        return found if found is not None else PSModuleInfo(name=name, module_type="Binary")

    def _nested(self, spec: Any, base: str, parent: PSModuleInfo) -> PSModuleInfo | None:
        request = ImportRequest(target=parent.scope, base=base)
        name = module_spec_name(spec)
        path = self.resolve(name, base)
        if path is None:
            if is_builtin_module(name):
                return None
            raise module_error(
                f"The module to process '{name}', listed in field 'NestedModules' of module manifest "
                f"'{parent.path}' was not processed because no valid module was found in any module directory.",
                "Modules_ModuleFileNotFound", parent.path)
        nested = self.load(path, request)
        import_into(nested, self.session, parent.scope)  # type: ignore[arg-type]
        return nested

    def _script_to_process(self, script: str, base: str) -> None:
        """ScriptsToProcess: run in the importer's scope before the module loads, as pwsh dot-sources them."""
        from azskernel.runtime.pipeline import run_script_file

        path = script.replace("\\", "/") if os.sep == "/" else script
        path = path if os.path.isabs(path) else os.path.join(base, path)
        if not os.path.isfile(path):
            raise module_error(f"The script '{script}' listed in ScriptsToProcess was not found.",
                               "Modules_ScriptsToProcessNotFound", script)
        run_script_file(self.interp, os.path.normpath(path), dot_source=True, out=self.emit)

    def _check_powershell_version(self, path: str, value: Any) -> None:
        from azskernel.runtime.conversion import convert_to, to_string
        from azskernel.runtime.session import PS_VERSION

        if value is None:
            return
        try:
            wanted = convert_to(to_string(value), "version")
        except RuntimeException:
            return
        if wanted > PS_VERSION:
            raise module_error(
                f"The current PowerShell host is: 'azs' (version {PS_VERSION}). The module '{path}' requires a "
                f"minimum PowerShell version of '{wanted}' to run. Verify that you have the minimum required version "
                "and then try again.", "Modules_InsufficientPowerShellVersion", path)

    def _check_version(self, module: PSModuleInfo, request: ImportRequest, name: str) -> None:
        if not request.accepts(module.version):
            wanted = request.required_version or request.minimum_version or request.maximum_version
            raise module_error(
                f"The specified module '{name}' with version '{wanted}' was not loaded because no valid module file "
                "was found in any module directory.", "Modules_ModuleWithVersionNotFound", name)


# -- data files (manifests, Import-PowerShellDataFile, localized strings) ------------------------------
def read_data_file(interp: Interpreter, path: str, *, commands: frozenset[str] = frozenset(),
                   what: str = "PowerShell data file") -> Any:
    """Evaluate a .psd1: one hashtable literal in the restricted language (the listed commands allowed)."""
    from azskernel.language import ParseError, parse
    from azskernel.runtime.scriptblock import ScriptBlock
    from azskernel.runtime.scriptfile import read_script
    from azskernel.runtime.values import Hashtable

    try:
        text = read_script(path)
    except OSError as exc:
        raise manifest_error(path, f"The file cannot be read: {exc.strerror}.") from None
    try:
        ast = parse(text, path)
    except ParseError as exc:
        raise manifest_error(path, f"{exc.message} (line {exc.line})") from None
    for node in _walk(ast):
        if isinstance(node, _COMMAND_TYPES) and node.invocation is None:
            head = node.elements[0]
            command = getattr(head, "value", "")
            if not isinstance(command, str) or command.casefold() not in commands:
                raise manifest_error(path, f"The command '{command or head}' is not allowed in a {what}.")
    values = interp.invoke_scriptblock(ScriptBlock(ast, interp.session), [])
    if len(values) != 1 or not isinstance(values[0], dict):
        raise manifest_error(path, f"A {what} must contain exactly one hashtable.")
    result = values[0]
    return result if isinstance(result, Hashtable) else Hashtable(result)


from azskernel.language import ast as _A  # noqa: E402 - after the functions that document it

_COMMAND_TYPES = (_A.CommandAst,)


def _walk(node: Any) -> Any:
    """Every AST node under `node` (its dataclass fields, lists and tuples)."""
    stack = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, _A.Ast):
            yield current
            for slot in getattr(type(current), "__slots__", ()):
                stack.append(getattr(current, slot, None))
        elif isinstance(current, (list, tuple)):
            stack.extend(current)


def check_manifest_keys(path: str, data: Any) -> None:
    from azskernel.runtime.conversion import to_string

    for key in data:
        if to_string(key).casefold() not in MANIFEST_KEYS:
            raise module_error(
                f"The '{key}' member is not valid in the module manifest file '{path}': a module manifest has only "
                "the keys New-ModuleManifest writes (RootModule, ModuleVersion, FunctionsToExport, ...).",
                "Modules_InvalidManifestMember", path, ErrorCategory.InvalidData)


def manifest_error(path: str, reason: str) -> RuntimeException:
    return module_error(
        f"The module manifest '{path}' could not be processed because it is not a valid PowerShell module manifest "
        f"file. {reason}", "Modules_InvalidManifest", path, ErrorCategory.InvalidData)


def binary_module_error(path: str, *, manifest: str | None = None) -> RuntimeException:
    where = f" (the root module of {os.path.basename(manifest)})" if manifest else ""
    return module_error(
        f"'{os.path.basename(path)}'{where} is a binary module: a .NET assembly, which this shell cannot load. "
        "Only script modules (.psm1, .psd1, .ps1) can be imported.", "Modules_BinaryModuleNotSupported", path,
        ErrorCategory.NotImplemented)


def check_assembly(assembly: str, base: str, manifest: str) -> None:
    """RequiredAssemblies: framework assemblies are there already; any other .NET assembly cannot load here."""
    name = os.path.basename(assembly.replace("\\", "/"))
    stem = name[:-4] if name.lower().endswith(".dll") else name
    if not assembly.lower().endswith(".dll") and any(stem == f or stem.startswith(f + ".") for f in _FRAMEWORK_ASSEMBLIES):
        return
    raise module_error(
        f"The module manifest '{manifest}' requires the .NET assembly '{assembly}', which this shell cannot load.",
        "Modules_AssemblyNotSupported", assembly, ErrorCategory.NotImplemented)


def use_module(interp: Interpreter, name: str) -> PSModuleInfo | None:
    """`using module Name` (a name or a path, relative to the script's folder): Import-Module into the script's
    session state; a module that cannot be found stops the script, as pwsh's parse-time check does."""
    source = interp.source
    base = os.path.dirname(source.file) if source is not None and source.file else None
    module = interp.scope.module
    request = ImportRequest(target=module.scope if module is not None else interp.session.global_scope, base=base,
                            nested_in=module)
    try:
        return ModuleLoader(interp).import_spec(name, request)
    except RuntimeException as exc:
        if exc.record.error_id.startswith("Modules_ModuleNotFound"):
            exc = RuntimeException(f"Could not find the module '{name}'.", error_id="ModuleNotFoundDuringParse",
                                   category=ErrorCategory.ParserError, target=name)
        exc.script_terminating = True  # type: ignore[attr-defined]
        raise exc from None


__all__ = [
    "ImportRequest", "MANIFEST_COMMANDS", "MANIFEST_KEYS", "ModuleLoader", "available_modules", "binary_module_error",
    "check_assembly", "check_manifest_keys", "find_module_by_name", "items", "manifest_error", "module_file_in",
    "module_paths", "module_spec_name", "read_data_file", "use_module",
]
