"""Location cmdlets (Microsoft.PowerShell.Management): Get-Location, Set-Location, Push-Location, Pop-Location.

The location is the session's (never the process's working directory).
"""

from __future__ import annotations

import functools
import os
from pathlib import Path
from typing import Any

from azskernel.commands.items import PathInfo, location, not_found, set_location_path
from azskernel.runtime import cmdlet as _cmdlet
from azskernel.runtime.cmdlet import parameter

cmdlet = functools.partial(_cmdlet.cmdlet, module="Microsoft.PowerShell.Management")


@cmdlet("Get-Location", aliases=("gl", "pwd"), synopsis="Gets information about the current working location.")
def get_location(ctx: Any) -> Any:
    return PathInfo(str(location(ctx)))


@cmdlet(
    "Set-Location",
    aliases=("cd", "sl", "chdir"),
    synopsis="Sets the current working location to a specified location.",
    examples=(("Set-Location $PSScriptRoot", ""),),
)
@parameter("Path", type="string", position=0, value_from_pipeline=True, value_from_pipeline_by_property_name=True, path=True)
@parameter("PassThru", switch=True)
def set_location(ctx: Any, *, path: str | None, pass_thru: bool) -> Any:
    target = ctx.resolve_path(path) if path else Path.home()
    if path == "-":
        stack = getattr(ctx.session, "_azs_previous_location", None)
        target = stack or location(ctx)
    if not target.is_dir():
        raise not_found(target, "Set-Location", "SetLocationCommand")
    try:
        ctx.session._azs_previous_location = location(ctx)
    except AttributeError:
        pass
    set_location_path(ctx, Path(os.path.normpath(target)))
    return PathInfo(str(target)) if pass_thru else None


@cmdlet("Push-Location", aliases=("pushd",), synopsis="Adds the current location to the top of a location stack.")
@parameter("Path", type="string", position=0, path=True)
def push_location(ctx: Any, *, path: str | None) -> None:
    stack = _stack(ctx)
    stack.append(location(ctx))
    if path:
        target = ctx.resolve_path(path)
        if not target.is_dir():
            stack.pop()
            raise not_found(target, "Push-Location", "PushLocationCommand")
        set_location_path(ctx, Path(os.path.normpath(target)))


@cmdlet("Pop-Location", aliases=("popd",), synopsis="Changes the current location to the location most recently pushed onto the stack.")
def pop_location(ctx: Any) -> None:
    stack = _stack(ctx)
    if stack:
        set_location_path(ctx, stack.pop())


def _stack(ctx: Any) -> list[Path]:
    stack = getattr(ctx.session, "_azs_location_stack", None)
    if stack is None:
        stack = []
        try:
            ctx.session._azs_location_stack = stack
        except AttributeError:
            pass
    return stack


__all__ = ["get_location", "pop_location", "push_location", "set_location"]
