"""`#requires` statements, checked before a script or module runs, with pwsh's messages.

    #requires -Version 5.1
    #requires -Modules Az.Accounts, @{ ModuleName = 'Foo'; ModuleVersion = '1.2' }
    #requires -PSEdition Core
    #requires -RunAsAdministrator

A required module that is not loaded is imported (into the script's or module's session state), as pwsh does;
one that cannot be found stops the script. A module that exists only on Windows (VpnClient, ActiveDirectory, ...)
is reported once as a warning and the script runs on: its other commands work, the Windows-only ones fail when
called.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from azskernel.language import ast as A
from azskernel.runtime.errors import ErrorCategory, RuntimeException

if TYPE_CHECKING:
    from azskernel.runtime.interpreter import Interpreter
    from azskernel.runtime.scopes import Scope

_REQUIRES = re.compile(r"^[ \t]*#requires[ \t]+(.*?)[ \t]*$", re.IGNORECASE | re.MULTILINE)


@dataclass
class Requirements:
    version: Any = None
    editions: list[str] = field(default_factory=list)
    modules: list[Any] = field(default_factory=list)
    """Module names, or hashtables with ModuleName/ModuleVersion/RequiredVersion/MaximumVersion."""
    run_as_administrator: bool = False
    assemblies: list[str] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.version or self.editions or self.modules or self.run_as_administrator or self.assemblies)


def requirements(interp: Interpreter, text: str) -> Requirements:
    """The #requires statements of a script's text (all of them, wherever they are)."""
    found = Requirements()
    if "#requires" not in text.lower():
        return found
    from azskernel.language import ParseError, parse

    for match in _REQUIRES.finditer(text):
        try:
            statements = parse("Requires " + match.group(1)).end_block.statements  # type: ignore[union-attr]
        except ParseError:
            continue
        if not statements or not isinstance(statements[0], A.PipelineAst):
            continue
        command = statements[0].elements[0]
        if not isinstance(command, A.CommandAst):
            continue
        _collect(interp, command.elements[1:], found)
    return found


def _collect(interp: Interpreter, elements: list[A.Ast], found: Requirements) -> None:
    from azskernel.runtime.conversion import as_list, to_string

    i = 0
    while i < len(elements):
        element = elements[i]
        i += 1
        if not isinstance(element, A.CommandParameterAst):
            continue
        name = element.name.casefold()
        value: Any = None
        if element.argument is not None:
            value = interp.eval(element.argument)
        elif i < len(elements) and not isinstance(elements[i], A.CommandParameterAst):
            value = interp.eval(elements[i])
            i += 1
        if name == "runasadministrator":
            found.run_as_administrator = True
        elif name == "version":
            found.version = value
        elif name in ("psedition",):
            found.editions += [to_string(v) for v in as_list(value)]
        elif name in ("modules", "module"):
            found.modules += list(as_list(value))
        elif name == "assembly":
            found.assemblies += [to_string(v) for v in as_list(value)]


def check(interp: Interpreter, text: str, path: str, *, target: Scope | None = None, warn: Any = None) -> None:
    """Stop the script (RuntimeException) when a #requires is not met; import its required modules."""
    reqs = requirements(interp, text)
    if not reqs:
        return
    from azskernel.runtime.conversion import convert_to, to_string
    from azskernel.runtime.session import PS_VERSION

    script = os.path.basename(path)
    if reqs.version is not None:
        wanted = convert_to(to_string(reqs.version) if "." in to_string(reqs.version) else f"{to_string(reqs.version)}.0", "version")
        if tuple(wanted.parts[:2]) > tuple(PS_VERSION.parts[:2]):
            raise _requires_error(
                f'The script \'{script}\' cannot be run because it contained a "#requires" statement for PowerShell '
                f"{wanted}. The version of PowerShell that is required by the script does not match the currently "
                f"running version of PowerShell {PS_VERSION}.", "ScriptRequiresUnmatchedPSVersion", path)
    if reqs.editions and not any(e.casefold() == "core" for e in reqs.editions):
        raise _requires_error(
            f'The script \'{script}\' cannot be run because it contained a "#requires" statement for PowerShell '
            f"editions '{', '.join(reqs.editions)}'. The edition of PowerShell that is required by the script does "
            "not match the currently running PowerShell Core.", "ScriptRequiresUnmatchedPSEdition", path)
    if reqs.run_as_administrator and hasattr(os, "geteuid") and os.geteuid() != 0:
        raise _requires_error(
            f'The script \'{script}\' cannot be run because it contains a "#requires" statement for running as '
            "Administrator. The current PowerShell session is not running as Administrator. Start PowerShell by "
            "using the Run as Administrator option, and then try running the script again.",
            "ScriptRequiresElevation", path, ErrorCategory.PermissionDenied)
    if reqs.modules:
        _import_required(interp, reqs.modules, path, target, warn)


def _import_required(interp: Interpreter, specs: list[Any], path: str, target: Scope | None, warn: Any) -> None:
    from azskernel.runtime.module_loader import ImportRequest, ModuleLoader, module_spec_name
    from azskernel.runtime.modules import WINDOWS_ONLY_MODULES

    script = os.path.basename(path)
    missing: list[str] = []
    windows_only: list[str] = []
    loader = ModuleLoader(interp)
    for spec in specs:
        name = module_spec_name(spec)
        if name.casefold() in WINDOWS_ONLY_MODULES:
            windows_only.append(name)
            continue
        try:
            loader.import_spec(spec, ImportRequest(target=target, base=os.path.dirname(path)))
        except RuntimeException:
            missing.append(name)
    if windows_only:
        text = (f"{script}: #requires names the Windows-only module{'s' if len(windows_only) > 1 else ''} "
                f"{', '.join(windows_only)}; this shell runs on without it, and the commands that need it fail "
                "when called.")
        if warn is not None:
            warn(text)
        else:
            interp.session.emit_stream("3", text)
    if missing:
        raise _requires_error(
            f'The script \'{script}\' cannot be run because the following modules that are specified by the "#requires" '
            f"statements of the script are missing: {', '.join(missing)}.", "ScriptRequiresMissingModules", path)


def _requires_error(message: str, error_id: str, target: str,
                    category: ErrorCategory = ErrorCategory.ResourceUnavailable) -> RuntimeException:
    return RuntimeException(message, error_id=error_id, category=category, target=target,
                            command_name=os.path.basename(target))


__all__ = ["Requirements", "check", "requirements"]
