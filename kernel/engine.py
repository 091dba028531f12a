"""The one place that assembles a Session with every command: the built-ins and the Azure cmdlets.

All fronts (azs -File/-Command, the REPL, the Jupyter kernel, the magics) call `create_session`. The Azure
cmdlet package imports no Azure SDK at import time (its cmdlets import them when they run), so registering
it keeps `azs -Command "1+1"` fast.
"""

from __future__ import annotations

import importlib.util
from typing import Any

from azskernel.runtime.cmdlet import CommandRegistry
from azskernel.runtime.session import Session


def build_registry(*, azure: bool = True) -> CommandRegistry:
    from azskernel.commands import register_builtins

    from azskernel.runtime.enginecmds import COMMANDS as ENGINE_COMMANDS

    registry = CommandRegistry()
    register_builtins(registry)
    for command in ENGINE_COMMANDS:
        from azskernel.runtime.cmdlet import command_info

        if registry.resolve(command_info(command).name) is None:
            registry.register(command, module="Microsoft.PowerShell.Core")
    if azure and importlib.util.find_spec("azskernel.azure.cmdlets") is not None:
        from azskernel.azure import cmdlets as azure_cmdlets

        register = getattr(azure_cmdlets, "register", None)
        if register is not None:
            register(registry)
    return registry


def create_session(host: Any, *, azure: bool = True, location: str | None = None, **options: Any) -> Session:
    """A ready Session: built-in commands, Azure cmdlets (when available), session variables."""
    session = Session(host, commands=build_registry(azure=azure))
    try:
        from azskernel.commands import initialize_session
    except ImportError:  # pragma: no cover - the commands package always provides it
        initialize_session = None
    if initialize_session is not None:
        initialize_session(session)
    if location is not None:
        session.set_location(location)
    for name, value in options.get("variables", {}).items():
        session.set_variable(name, value)
    return session


__all__ = ["build_registry", "create_session"]
