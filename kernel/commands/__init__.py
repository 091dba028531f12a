"""azskernel.commands: the built-in cmdlets that know nothing of Azure.

`register_builtins(registry)` registers every one of them (Microsoft.PowerShell.* module names as
pwsh reports them). Each module below holds one family; every cmdlet is also a Python function
(`registry.python_function("Select-Object", session)`), see runtime/cmdlet.py.
"""

from __future__ import annotations

import importlib
from typing import Any

from azskernel.runtime.cmdlet import CommandRegistry, iter_commands

_MODULES = (
    # first, so that a general Set-Item (every drive) registered by a later module replaces this Function:-only one
    "azskernel.commands.function_items",
    # each cmdlet declares its own module name (Microsoft.PowerShell.Utility, ...Management, Hyper-V, ...)
    "azskernel.commands.output",
    "azskernel.commands.objects",
    "azskernel.commands.construct",
    "azskernel.commands.format",
    "azskernel.commands.files",
    "azskernel.commands.locations",
    "azskernel.commands.providers",
    "azskernel.commands.utility",
    "azskernel.commands.variables",
    "azskernel.commands.selectstring",
    "azskernel.commands.processes",
    "azskernel.commands.introspection",
    "azskernel.commands.modules",
    "azskernel.commands.help",
    "azskernel.commands.web",
    "azskernel.commands.misc",
    "azskernel.commands.vhd",
    "azskernel.commands.imagecheck",
    "azskernel.commands.jobs",
)


def register_builtins(registry: CommandRegistry) -> CommandRegistry:
    """Register every built-in cmdlet into `registry` (and return it)."""
    for module_name in _MODULES:
        module = importlib.import_module(module_name)
        for target in iter_commands(vars(module)):
            registry.register(target)
    return registry


def builtin_registry() -> CommandRegistry:
    return register_builtins(CommandRegistry())


def initialize_session(session: Any) -> None:
    """Session-level state the built-ins own (the engine calls this once per session): $PSVersionTable when
    the session did not set one itself."""
    from azskernel.commands.utility import ps_version_table

    if session.get_variable("PSVersionTable") is None:
        session.set_variable("PSVersionTable", ps_version_table())


__all__ = ["builtin_registry", "initialize_session", "register_builtins"]
