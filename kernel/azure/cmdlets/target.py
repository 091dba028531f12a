"""Use-AzsTarget: the notebooks' first step, which points their parameters at the lab or at a stamp
(azskernel.azure.target has the rules)."""

from __future__ import annotations

from typing import Any

from azskernel.runtime.cmdlet import cmdlet, parameter

from ..target import DISKS, FIELDS, TARGETS, WORK_FOLDER, resolve_target
from ._support import run

MODULE: str = "Azs.Notebook"
"""This project's own module: no Microsoft module has the notebooks' target step."""


@cmdlet("Use-AzsTarget", module=MODULE,
        synopsis="Points a notebook's connection parameters at the lab stamp or at a stamp.",
        description=(
            "Reads the variables $ArmEndpoint, $TenantId, $ClientId, $ClientSecretVariable, $CaBundlePath, $Location, "
            "$TenantArmEndpoint, $VhdPath, $PracticeVhd and $WorkFolder of the caller (those that exist) and sets them "
            "again resolved. -Target lab: each one left empty takes the lab's value (from the AZS_LAB_* variables that "
            "`make lab` and `azs lab env` set), and a VHD that does not exist is replaced by a sample disk made in "
            "the work folder. -Target stamp: the values are used as given ($TenantId defaults to 'adfs', "
            "$ClientSecretVariable to 'AZS_CLIENT_SECRET'); an empty $ArmEndpoint or $ClientId is an error. -Target "
            "auto (the default): the lab when its environment is present and $ArmEndpoint is empty, else the stamp. "
            "An empty $WorkFolder becomes a folder in the system's temporary folder."),
        examples=(("Use-AzsTarget -Target $Target", "Resolves the parameters cell's values for the lab or the stamp."),))
@parameter("Target", type="string", position=0, validate_set=TARGETS, help="auto (default), lab or stamp.")
def use_azs_target(ctx: Any, **p: Any) -> Any:
    session = ctx.session
    names = (*FIELDS, *DISKS, WORK_FOLDER)
    given = {name: session.get_variable(name) for name in names if name.casefold() in _defined(session)}
    resolved = run(ctx, lambda: resolve_target(p["target"] or "auto", given, resolve_path=session.resolve_path))
    for name, value in resolved.values.items():
        session.set_variable(name, value)
    return resolved.summary.splitlines()


def _defined(session: Any) -> set[str]:
    return {str(n).casefold() for n in session.variable_names()}


COMMANDS = (use_azs_target,)
