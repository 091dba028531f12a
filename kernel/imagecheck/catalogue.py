"""The catalogue of checks (reference/image-preflight.md §5) and the loop that runs them.

Each check is a function `Image -> Outcome`. The runner gives every check of the image's families one record: an
OS check whose file system was not found says "cannot inspect" with the reason, an InspectError raised while a
check reads becomes "cannot inspect" too, and any other failure of a reader on a damaged image is reported the
same way rather than as a traceback.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from . import disk_checks as D
from . import linux_checks as L
from . import windows_checks as W
from .errors import InspectError
from .image import LINUX, WINDOWS, Image
from .results import CheckResult, Outcome, cannot_inspect


@dataclass(frozen=True)
class Check:
    id: str
    title: str
    run: Callable[[Image], Outcome]
    family: str | None = None
    """None: every image; "Linux" / "Windows": only images of that family."""
    needs_os: bool = True
    """The check reads the OS volume (else it handles a missing one itself)."""


CATALOGUE: tuple[Check, ...] = (
    Check("D1", "VHD, not VHDX", D.check_vhdx),
    Check("D2", "Fixed VHD", D.check_vhd_type),
    Check("D3", "Virtual size", D.check_size),
    Check("D4", "Generation 1 partitioning", D.check_generation),
    Check("D5", "No LVM, no swap", D.check_lvm_swap),
    Check("D6", "Clean file systems and hives", D.check_clean),
    Check("L1", "Linux agent installed", L.check_agent_present, LINUX),
    Check("L2", "Linux agent version", L.check_agent_version, LINUX),
    Check("L3", "Linux agent service", L.check_agent_service, LINUX),
    Check("L4", "Provisioning settings", L.check_provisioning_config, LINUX),
    Check("L5", "Provisioned marker", L.check_provisioned_marker, LINUX),
    Check("L6", "cloud-init", L.check_cloud_init, LINUX),
    Check("L7", "fstab resource disk", L.check_fstab_resource_disk, LINUX),
    Check("L8", "Deprovisioned", L.check_deprovision_residue, LINUX),
    Check("L9", "Kernel and boot settings", L.check_kernel_boot, LINUX),
    Check("W1", "Windows volume", W.check_windows_volume, WINDOWS, needs_os=False),
    Check("W2", "Sysprep state", W.check_sysprep_state, WINDOWS),
    Check("W3", "Sysprep evidence", W.check_sysprep_evidence, WINDOWS),
    Check("W4", "VM agent", W.check_vm_agent, WINDOWS),
)
CHECK_IDS: tuple[str, ...] = tuple(c.id for c in CATALOGUE)


def _os_missing(image: Image, family: str) -> bool:
    return (image.linux if family == LINUX else image.windows) is None


def run_check(check: Check, image: Image) -> CheckResult:
    if check.family is not None and check.needs_os and _os_missing(image, check.family):
        outcome = cannot_inspect(image.missing_reason(check.family))
    else:
        try:
            outcome = check.run(image)
        except InspectError as exc:
            outcome = cannot_inspect(exc.reason)
        except (MemoryError, RecursionError, OSError, ValueError, LookupError, TypeError, ArithmeticError) as exc:
            # a reader tripping over a damaged structure; the record says so instead of a traceback
            outcome = cannot_inspect(f"reading the image failed ({type(exc).__name__}: {exc})")
    return CheckResult(check.id, check.title, outcome.status, outcome.severity, outcome.message, outcome.evidence)


def run_checks(image: Image) -> list[CheckResult]:
    return [run_check(c, image) for c in CATALOGUE if c.family is None or c.family in image.families]


__all__ = ["CATALOGUE", "CHECK_IDS", "Check", "run_check", "run_checks"]
