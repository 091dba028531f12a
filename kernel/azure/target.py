"""Where a runbook or lab runs: the lab stamp, or a real stamp with the operator's values.

The notebooks' parameters hold the operator's values for a real stamp and are empty by default. When the target
is the lab (`make lab` and `azs lab env` put `AZS_LAB_*` in the environment), every value left empty comes from
the lab, and a VHD the notebook names but that does not exist is replaced by a sample disk made in the work
folder; against a stamp the values are used as given, with the stamp defaults below, and a missing one is an
error that names the parameter. 'auto' means the lab when its environment is present and no ARM endpoint was
given, else the stamp.

Reads environment variables only: azskernel never imports azslab (the lab is another implementation).
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Mapping, MutableMapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final

from .errors import ParameterRuleError

TARGETS: Final = ("auto", "lab", "stamp")
LAB_SECRET_VARIABLE: Final = "AZS_LAB_CLIENT_SECRET"
STAMP_SECRET_VARIABLE: Final = "AZS_CLIENT_SECRET"

FIELDS: Final[dict[str, str]] = {
    # canonical (PowerShell) name -> the lab's environment variable that fills it
    "ArmEndpoint": "AZS_LAB_ADMIN_ARM_ENDPOINT",
    "TenantId": "AZS_LAB_TENANT_ID",
    "ClientId": "AZS_LAB_CLIENT_ID",
    "ClientSecretVariable": "",
    "CaBundlePath": "AZS_CA_BUNDLE",
    "Location": "AZS_LAB_LOCATION",
    "TenantArmEndpoint": "AZS_LAB_ARM_ENDPOINT",
}
DISKS: Final = ("VhdPath", "PracticeVhd")
"""Parameters naming a VHD to start from: on the lab, a sample is made when the file is missing."""
WORK_FOLDER: Final = "WorkFolder"

PYTHON_NAMES: Final[dict[str, str]] = {
    "ArmEndpoint": "arm_endpoint", "TenantId": "tenant_id", "ClientId": "client_id",
    "ClientSecretVariable": "client_secret_variable", "CaBundlePath": "ca_bundle_path", "Location": "location",
    "TenantArmEndpoint": "tenant_arm_endpoint", "VhdPath": "vhd_path", "PracticeVhd": "practice_vhd",
    "WorkFolder": "work_folder",
}


def default_work_folder() -> Path:
    """Where notebooks write their files when no work folder is given: outside any repository, one per user."""
    uid = os.getuid() if hasattr(os, "getuid") else os.getpid()
    return Path(tempfile.gettempdir()) / f"azs-notebooks-{uid}"


@dataclass(frozen=True)
class Target:
    """What a notebook runs against, once resolved."""

    kind: str
    """'lab' or 'stamp'."""
    values: dict[str, str]
    """The canonical parameters (FIELDS, the disks, WorkFolder) with every value resolved."""
    notes: tuple[str, ...] = field(default=())
    """What was filled in or made, one line each (shown to the operator)."""

    @property
    def summary(self) -> str:
        head = (f"Target: the lab stamp ({self.values['ArmEndpoint']}); values left empty came from the lab."
                if self.kind == "lab" else f"Target: the stamp at {self.values['ArmEndpoint']}.")
        return "\n".join((head, *self.notes))


def lab_environment(environ: Mapping[str, str]) -> dict[str, str] | None:
    """The lab's values from its environment variables, or None when the lab's environment is not there."""
    if not environ.get(FIELDS["ArmEndpoint"]):
        return None
    values = {name: environ.get(variable, "") for name, variable in FIELDS.items() if variable}
    values["ClientSecretVariable"] = LAB_SECRET_VARIABLE
    return values


def choose(target: str, given: Mapping[str, str], lab: Mapping[str, str] | None) -> str:
    kind = (target or "auto").strip().lower()
    if kind not in TARGETS:
        raise ParameterRuleError("Target", f"The target '{target}' is not one of 'auto', 'lab' or 'stamp': 'lab' runs "
                                 "against the emulated stamp, 'stamp' against the values given, 'auto' picks the lab "
                                 "when its environment is present and no ARM endpoint is given.", value=target)
    if kind == "auto":
        return "lab" if lab is not None and not given.get("ArmEndpoint") else "stamp"
    if kind == "lab" and lab is None:
        raise ParameterRuleError("Target", "The target is the lab, but the lab's environment (AZS_LAB_*) is not set in "
                                 "this kernel: start JupyterLab with `make lab`, or run `azs lab up` and then "
                                 "`eval \"$(azs lab env --format shell)\"` before starting Jupyter.", value=target)
    return kind


def _stamp_values(given: Mapping[str, str]) -> dict[str, str]:
    values = dict(given)
    values["TenantId"] = values.get("TenantId") or "adfs"
    values["ClientSecretVariable"] = values.get("ClientSecretVariable") or STAMP_SECRET_VARIABLE
    for name, what in (("ArmEndpoint", "the stamp's admin ARM endpoint, such as "
                                       "https://adminmanagement.local.azurestack.external"),
                       ("ClientId", "the service principal's application id")):
        if not values.get(name):
            raise ParameterRuleError(name, f"The target is a stamp but ${name} is empty: give {what}, in the "
                                     "parameters cell, or run against the lab (`make lab`).")
    return values


def resolve_target(target: str, given: Mapping[str, Any], environ: Mapping[str, str] | None = None,
                   make_sample: Callable[[Path], str | None] | None = None,
                   resolve_path: Callable[[str], Path] | None = None) -> Target:
    """Resolves the canonical parameters in `given` (only those present are returned) for `target`; relative
    paths are resolved with `resolve_path` (a session's current location; default: the process's)."""
    resolve = resolve_path or (lambda text: Path(text).expanduser())
    environ = os.environ if environ is None else environ
    text = {name: "" if value is None else str(value) for name, value in given.items()}
    lab = lab_environment(environ)
    kind = choose(target, text, lab)
    notes: list[str] = []
    if kind == "lab":
        assert lab is not None
        values = {**text, **{name: text.get(name) or lab.get(name, "") for name in FIELDS}}
    else:
        values = {**text, **_stamp_values({name: text.get(name, "") for name in FIELDS})}
    work = resolve(values[WORK_FOLDER]) if values.get(WORK_FOLDER) else default_work_folder()
    work.mkdir(parents=True, exist_ok=True)
    values[WORK_FOLDER] = str(work)
    for name in DISKS:
        if name not in text or not text[name]:
            continue
        named = resolve(text[name])
        if kind == "lab" and not named.exists():
            sample = work / named.name
            what = (make_sample or _write_sample)(sample)
            values[name] = str(sample)
            notes.append(f"{text[name]} does not exist, so the sample disk {sample} is used" + (f" ({what})." if what else "."))
    return Target(kind, {name: values[name] for name in values if name in given or name == WORK_FOLDER},
                  tuple(notes))


def _write_sample(path: Path) -> str:
    from azskernel.imagecheck.testing.sample import write_ubuntu_sample

    return write_ubuntu_sample(path)


def use_target(namespace: MutableMapping[str, Any], target: str = "auto",
               environ: Mapping[str, str] | None = None) -> Target:
    """Python notebooks: resolves the snake_case parameters found in `namespace` (a notebook's `globals()`) and
    writes the resolved values back; returns the Target (print its `summary`)."""
    given = {name: namespace[py] for name, py in PYTHON_NAMES.items() if py in namespace}
    resolved = resolve_target(target, given, environ)
    for name, value in resolved.values.items():
        namespace[PYTHON_NAMES[name]] = value
    return resolved
