"""Location cmdlets (Microsoft.PowerShell.Management): Get-Location, Set-Location, Push-Location, Pop-Location.

The location is the session's (never the process's working directory): a directory, reached directly or through
a drive (`Temp:`, a New-PSDrive), or the root of a drive of another provider (`Set-Location Env:`). A drive name
alone (`Set-Location Z:`) goes back to where that drive was last left; `Set-Location -` and `+` walk the history
of earlier locations (runtime/drives.py keeps it).
"""

from __future__ import annotations

import functools
import os
from pathlib import Path
from typing import Any

from azskernel.commands._util import error
from azskernel.commands.items import location, not_found, set_location_path
from azskernel.runtime import cmdlet as _cmdlet
from azskernel.runtime.cmdlet import parameter
from azskernel.runtime.drives import PathInfo, PSDrive
from azskernel.runtime.errors import ErrorCategory

cmdlet = functools.partial(_cmdlet.cmdlet, module="Microsoft.PowerShell.Management")


def _here(ctx: Any) -> PathInfo:
    return ctx.session.drives.path_info(location(ctx))


@cmdlet("Get-Location", aliases=("gl", "pwd"), synopsis="Gets information about the current working location.")
@parameter("PSProvider", type="string[]")
@parameter("PSDrive", type="string[]")
@parameter("Stack", switch=True)
@parameter("StackName", type="string[]")
def get_location(ctx: Any, *, ps_provider: Any, ps_drive: Any, stack: bool, stack_name: Any) -> Any:
    if stack:
        return [PathInfo(str(p)) for p, _ in reversed(_stack(ctx))]
    return _here(ctx)


def _target(ctx: Any, path: str, literal: bool) -> tuple[Path, PSDrive | None] | None:
    """Where a Set-Location argument leads: a directory and the drive it goes through (None for a non-FileSystem
    drive's root, whose drive is then current)."""
    drives = ctx.session.drives
    split = drives.split(path) if ":" in path else None
    if split is not None:
        drive, rest = split
        if not drive.is_filesystem:
            if rest.strip("\\/"):
                raise not_found(path, "Set-Location", "SetLocationCommand")
            drives.current = drive
            return None
        if drive.name == "/":
            return drives.filesystem_path(drive, rest), None
        if not rest:
            return Path(drive.current or drive.root), drive
        return drives.filesystem_path(drive, rest), drive
    target = ctx.resolve_path(path)
    current = drives.current if drives.current is not None and drives.current.is_filesystem else None
    if current is not None and not str(target).startswith(current.root):
        current = None
    return target, current


def _go(ctx: Any, target: Path, drive: PSDrive | None) -> None:
    drives = ctx.session.drives
    drives.current = drive
    if drive is not None:
        drive.current = str(target)
    set_location_path(ctx, Path(os.path.normpath(target)))


def _announce(ctx: Any, before: PathInfo) -> None:
    """$ExecutionContext.InvokeCommand.LocationChangedAction sees every change (after it is made)."""
    intrinsics = getattr(ctx.session, "intrinsics", None)
    if intrinsics is not None:
        intrinsics.location_changed(before, _here(ctx))


@cmdlet(
    "Set-Location",
    aliases=("cd", "sl", "chdir"),
    default_parameter_set="Path",
    synopsis="Sets the current working location to a specified location.",
    examples=(("Set-Location $PSScriptRoot", ""), ("Set-Location -", "")),
)
@parameter("Path", type="string", position=0, parameter_sets=("Path",), value_from_pipeline=True,
           value_from_pipeline_by_property_name=True, path=True)
@parameter("LiteralPath", type="string", mandatory=True, parameter_sets=("LiteralPath",), aliases=("PSPath", "LP"),
           value_from_pipeline_by_property_name=True)
@parameter("PassThru", switch=True)
def set_location(ctx: Any, *, path: str | None, literal_path: str | None, pass_thru: bool) -> Any:
    drives = ctx.session.drives
    here = (location(ctx), drives.current)
    before = _here(ctx)
    if literal_path is None and path in ("-", "+"):
        # the history: `-` goes back, `+` forward again
        source, other = (drives.back, drives.forward) if path == "-" else (drives.forward, drives.back)
        if not source:
            direction = "backward" if path == "-" else "forward"
            exc = error(f"There is no location history left to navigate {direction}.",
                        "System.InvalidOperationException,Microsoft.PowerShell.Commands.SetLocationCommand",
                        ErrorCategory.InvalidOperation, path, "Set-Location")
            exc.record.exception_type = "System.InvalidOperationException"
            raise exc
        target, drive = source.pop()
        other.append(here)
        _go(ctx, target, drive)
        _announce(ctx, before)
        return _here(ctx) if pass_thru else None
    text = literal_path if literal_path is not None else path
    if not text:
        _go(ctx, Path.home(), None)
    else:
        _go_to(ctx, text, literal_path is not None, "Set-Location")
    drives.remember(here)
    _announce(ctx, before)
    return _here(ctx) if pass_thru else None


def _go_to(ctx: Any, text: str, literal: bool, command: str) -> None:
    """Move to the directory a -Path/-LiteralPath names (nothing when it names no place: _target reported it)."""
    destination = _target(ctx, text, literal)
    if destination is not None:
        target, drive = destination
        if not target.is_dir():
            raise not_found(target, command, command.replace("-", "") + "Command")
        _go(ctx, target, drive)


@cmdlet("Push-Location", aliases=("pushd",), synopsis="Adds the current location to the top of a location stack.")
@parameter("Path", type="string", position=0, path=True, value_from_pipeline=True, value_from_pipeline_by_property_name=True)
@parameter("LiteralPath", type="string", aliases=("PSPath", "LP"), value_from_pipeline_by_property_name=True)
@parameter("PassThru", switch=True)
@parameter("StackName", type="string")
def push_location(ctx: Any, *, path: str | None, literal_path: str | None, pass_thru: bool, stack_name: str | None) -> Any:
    stack = _stack(ctx)
    here = (location(ctx), ctx.session.drives.current)
    text = literal_path if literal_path is not None else path
    if text:
        _go_to(ctx, text, literal_path is not None, "Push-Location")
    stack.append(here)
    return PathInfo(str(here[0])) if pass_thru else None


@cmdlet("Pop-Location", aliases=("popd",), synopsis="Changes the current location to the location most recently pushed onto the stack.")
@parameter("PassThru", switch=True)
@parameter("StackName", type="string")
def pop_location(ctx: Any, *, pass_thru: bool, stack_name: str | None) -> Any:
    stack = _stack(ctx)
    if stack:
        target, drive = stack.pop()
        _go(ctx, target, drive)
    return _here(ctx) if pass_thru else None


def _stack(ctx: Any) -> list[tuple[Path, PSDrive | None]]:
    stack = getattr(ctx.session, "_azs_location_stack", None)
    if stack is None:
        stack = []
        try:
            ctx.session._azs_location_stack = stack
        except AttributeError:
            pass
    return stack


__all__ = ["get_location", "pop_location", "push_location", "set_location"]
