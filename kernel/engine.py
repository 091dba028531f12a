"""The one place that assembles a Session with every command: the built-ins and the Azure cmdlets.

All fronts (azs -File/-Command, the REPL, the Jupyter kernel, the magics) call `create_session`. The Azure
cmdlet package imports no Azure SDK at import time (its cmdlets import them when they run), so registering
it keeps `azs -Command "1+1"` fast.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from azskernel.runtime.cmdlet import CommandRegistry, command_info
from azskernel.runtime.session import Session


def build_registry(*, azure: bool = True) -> CommandRegistry:
    from azskernel.commands import register_builtins
    from azskernel.runtime.enginecmds import COMMANDS as ENGINE_COMMANDS

    registry = CommandRegistry()
    register_builtins(registry)
    for command in ENGINE_COMMANDS:
        if registry.resolve(command_info(command).name) is None:
            registry.register(command, module="Microsoft.PowerShell.Core")
    if azure:
        from azskernel.azure.cmdlets import register

        register(registry)
    return registry


def create_session(
    host: Any,
    *,
    azure: bool = True,
    location: str | None = None,
    variables: Mapping[str, Any] | None = None,
) -> Session:
    """A ready Session: built-in commands, the Azure cmdlets, session variables.

    A host that can show rich events (upload and provisioning progress, device codes) has a `write_event`
    method; the Azure cmdlets send their events there as well as their plain progress records.
    """
    from azskernel.commands import initialize_session

    session = Session(host, commands=build_registry(azure=azure))
    initialize_session(session)
    if azure and callable(getattr(host, "write_event", None)):
        from azskernel.azure.events import set_event_hook

        set_event_hook(session, host.write_event)
    if location is not None:
        session.set_location(location)
    for name, value in (variables or {}).items():
        session.set_variable(name, value)
    return session


__all__ = ["build_registry", "create_session"]
