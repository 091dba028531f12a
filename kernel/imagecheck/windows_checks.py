"""W1-W4: the Windows volume, the Sysprep state, Sysprep's own evidence, the VM agent (image-preflight.md §4-5).

Setup states (Microsoft's "Windows Setup states"): `HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Setup\\State`
value ImageState, mirrored in `%WINDIR%\\Setup\\State\\State.ini`. The VM agent: services WindowsAzureGuestAgent
and RdAgent under the current control set, binaries in `\\WindowsAzure\\GuestAgent_<version>_<date>\\`.
"""

from __future__ import annotations

import re

from .image import GENERALIZED, WINDOWS, Image
from .registry import Hive, open_hive
from .results import (
    ERROR,
    INFO,
    WARNING,
    Finding,
    Outcome,
    cannot_inspect,
    combine,
    failed,
    not_applicable,
    passed,
)

GENERALIZED_STATE = "IMAGE_STATE_GENERALIZE_RESEAL_TO_OOBE"
COMPLETE = "IMAGE_STATE_COMPLETE"
UNDEPLOYABLE = "IMAGE_STATE_UNDEPLOYABLE"
STATE_KEY = "Microsoft\\Windows\\CurrentVersion\\Setup\\State"
STATE_INI = "/Windows/Setup/State/State.ini"
SYSPREP = "C:\\Windows\\System32\\Sysprep\\sysprep.exe /generalize /oobe /shutdown"
AGENT_SERVICES = ("WindowsAzureGuestAgent", "RdAgent")
HIVES = {"SYSTEM": "/Windows/System32/config/SYSTEM", "SOFTWARE": "/Windows/System32/config/SOFTWARE"}


def hive(image: Image, name: str) -> Hive | None:
    """SYSTEM or SOFTWARE of the Windows volume, opened once (InspectError when damaged)."""
    key = f"hive:{name}"
    if key not in image.memo:
        assert image.windows is not None
        image.memo[key] = open_hive(image.windows, HIVES[name])
    return image.memo[key]  # type: ignore[return-value]


def check_windows_volume(image: Image) -> Outcome:
    """W1: an NTFS volume holding Windows (not encrypted)."""
    volume = image.windows_volume
    if volume is not None:
        return passed("Windows is installed on an NTFS volume this check can read.",
                      f"{volume.where}: NTFS with \\Windows\\System32\\config\\SYSTEM")
    reason = image.missing_reason(WINDOWS)
    unreadable = any(v.kind == "bitlocker" for v in image.volumes) or "cannot be read" in reason
    if image.os_type != WINDOWS or unreadable:
        return cannot_inspect(reason)  # nothing says it is a Windows image, or its volume cannot be read
    return failed(ERROR, f"No Windows installation was found on the disk: {reason}. Check the path, or -OsType if "
                  "this is a Linux image.", ", ".join(v.describe() for v in image.volumes) or "no partitions")


def _ini_state(text: str | None) -> str | None:
    if text is None:
        return None
    found = re.search(r"^\s*ImageState\s*=\s*\"?([A-Z_]+)\"?", text, re.MULTILINE | re.IGNORECASE)
    return found.group(1).upper() if found else None


def check_sysprep_state(image: Image) -> Outcome:
    """W2: generalized (IMAGE_STATE_GENERALIZE_RESEAL_TO_OOBE) for a platform image; COMPLETE for a specialized
    disk; never UNDEPLOYABLE; registry and State.ini agree."""
    software = hive(image, "SOFTWARE")
    registry = software.value(STATE_KEY, "ImageState") if software is not None else None
    ini = _ini_state(image.windows.text(STATE_INI) if image.windows is not None else None)
    state = registry or ini
    evidence = (f"SOFTWARE\\{STATE_KEY}\\ImageState={registry or '(missing)'}; "
                f"\\Windows\\Setup\\State\\State.ini ImageState={ini or '(missing)'}")
    if state is None:
        return failed(WARNING, "No Windows setup state was found (neither the ImageState registry value nor "
                      "State.ini): it cannot be told whether Sysprep ran. Check the image was captured from an "
                      "installed Windows.", evidence)
    findings: list[Finding] = []
    if registry and ini and registry != ini:
        findings.append(Finding(WARNING, f"The registry says {registry} but State.ini says {ini}: Sysprep may have "
                                "been interrupted. Run Sysprep again and let the VM shut down by itself.", evidence))
    if state == UNDEPLOYABLE:
        findings.append(Finding(ERROR, f"Windows is in {UNDEPLOYABLE}: a Sysprep or Setup pass did not finish, so "
                                "VMs from this image will not start. Look at C:\\Windows\\System32\\Sysprep\\Panther\\"
                                f"setuperr.log, fix the cause, and run {SYSPREP} again.", evidence))
    elif image.mode == GENERALIZED and state != GENERALIZED_STATE:
        why = ("not generalized" if state == COMPLETE else
               "sealed to audit mode" if state.endswith("_TO_AUDIT") else f"in state {state}")
        findings.append(Finding(ERROR, f"Windows is {why} ({state}): a platform image must be generalized with "
                                f"Sysprep. In the VM run {SYSPREP}, then capture the VHD after it powers off.",
                                evidence))
    elif image.mode != GENERALIZED and state != COMPLETE:
        findings.append(Finding(ERROR, f"Windows is in {state}, but a specialized disk must not be sysprepped "
                                "(the guide: prepare it without Sysprep); VMs would start Windows Setup with no answer "
                                "file. Use the disk from before Sysprep, or add it as a generalized platform image "
                                "(-Mode Generalized).", evidence))
    ok = ("Windows is generalized (Sysprep /generalize /oobe)." if image.mode == GENERALIZED else
          "Windows is installed and not sysprepped, as a specialized disk needs.")
    return combine(findings, ok, evidence)


def check_sysprep_evidence(image: Image) -> Outcome:
    """W3: Sysprep's own traces: Sysprep_succeeded.tag, an empty setuperr.log (observed conventions: Info only)."""
    if image.mode != GENERALIZED:
        return not_applicable("A specialized disk is not sysprepped.")
    fs = image.windows
    assert fs is not None
    tag = "/Windows/System32/Sysprep/Sysprep_succeeded.tag"
    log = "/Windows/System32/Sysprep/Panther/setuperr.log"
    findings = []
    has_tag = fs.exists(tag)
    if not has_tag:
        findings.append(Finding(INFO, "There is no Sysprep_succeeded.tag, which Sysprep writes when it succeeds: "
                                "check that Sysprep finished.", "\\Windows\\System32\\Sysprep\\Sysprep_succeeded.tag: "
                                "absent"))
    errors = (fs.text(log, 64 * 1024) or "").strip()
    if errors:
        first = errors.splitlines()[0][:200]
        findings.append(Finding(INFO, "Sysprep's error log is not empty: read it before publishing the image.",
                                f"\\Windows\\System32\\Sysprep\\Panther\\setuperr.log: {first}"))
    return combine(findings, "Sysprep left its success tag and no errors.",
                   "\\Windows\\System32\\Sysprep\\Sysprep_succeeded.tag present; setuperr.log empty or absent")


def check_vm_agent(image: Image) -> Outcome:
    """W4: the Azure VM agent is installed (services in the current control set, or its folder)."""
    system = hive(image, "SYSTEM")
    services: list[str] = []
    control_set = "ControlSet001"
    if system is not None:
        current = system.value("Select", "Current")
        if isinstance(current, int) and 0 < current < 1000:
            control_set = f"ControlSet{current:03d}"
        services = [s for s in AGENT_SERVICES if system.has_key(f"{control_set}\\Services\\{s}")]
    fs = image.windows
    assert fs is not None
    folders = fs.glob_names("/WindowsAzure", "GuestAgent_")
    evidence = (f"SYSTEM\\{control_set}\\Services: {', '.join(services) or 'no WindowsAzureGuestAgent or RdAgent'}"
                f"; \\WindowsAzure: {', '.join(folders[:2]) or 'no GuestAgent_* folder'}")
    if "WindowsAzureGuestAgent" in services or folders:
        return passed("The Azure VM agent is installed.", evidence)
    return failed(WARNING, "The Azure VM agent is not installed: VM extensions will fail on VMs from this image. "
                  "Install the VM agent (WindowsAzureVmAgent .msi) in the VM before Sysprep, as the guide asks.",
                  evidence)


__all__ = ["check_sysprep_evidence", "check_sysprep_state", "check_vm_agent", "check_windows_volume", "hive"]
