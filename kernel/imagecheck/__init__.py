"""azskernel.imagecheck: read inside a disk image, without mounting it, and say whether Azure Stack Hub will boot
and provision it (Test-AzsImage).

    from azskernel.imagecheck import check_image
    report = check_image("ubuntu.vhd", mode="Generalized")      # or os_type="Linux"
    for r in report.results: print(r.Id, r.Status, r.Severity, r.Message)
    report.ok                                                   # no Error

The container (raw, fixed or dynamic VHD, VHDX) is read through azskernel.vhd, the partitions through its MBR/GPT
reader, the file systems (ext2/3/4, XFS, NTFS) and registry hives through libyal's readers (the `imagecheck`
extra). The catalogue: reference/image-preflight.md §5 (D1-D6, L1-L9, W1-W4). A leaf: imports nothing of
azskernel but azskernel.vhd, and nothing of PowerShell or Jupyter.
"""

from __future__ import annotations

import os
from dataclasses import dataclass

from .catalogue import CATALOGUE, CHECK_IDS, Check, run_checks
from .errors import INSTALL_HINT, InspectError, LayerUnreadableError, ReaderMissingError
from .image import GENERALIZED, LINUX, MODES, OS_TYPES, SPECIALIZED, WINDOWS, open_image
from .results import (
    CANNOT_INSPECT,
    ERROR,
    FAILED,
    INFO,
    NOT_APPLICABLE,
    PASSED,
    WARNING,
    CheckResult,
    errors,
)


@dataclass(frozen=True)
class ImageReport:
    """What check_image found: one record per check of the image's families, and what was read to find it."""

    path: str
    mode: str
    os_types: tuple[str, ...]
    """The OS families checked: the one given, or those found on the disk (both when none was)."""
    results: tuple[CheckResult, ...]
    bytes_read: int
    """Bytes of the virtual disk read (unallocated blocks of a dynamic VHD or VHDX count as zeros, never read)."""

    @property
    def errors(self) -> list[CheckResult]:
        return errors(self.results)

    @property
    def ok(self) -> bool:
        """No Error: the Hub should take, boot and provision the image (warnings aside)."""
        return not self.errors


def check_image(path: str | os.PathLike[str], *, mode: str = GENERALIZED, os_type: str | None = None,
                converted_on_upload: bool = False) -> ImageReport:
    """Run every check of the catalogue on a local image.

    Args:
        path: a raw image, a fixed or dynamic VHD, or a VHDX.
        mode: "Generalized" (a platform image, the default) or "Specialized" (a migrated VM's disk).
        os_type: "Windows" or "Linux"; None finds it from the disk.
        converted_on_upload: the image is uploaded with Add-AzVhd, which streams any source as a fixed,
            whole-MiB VHD: the container's format and size are then reported as Info, not Error.

    Raises:
        ValueError: a mode or OS type that is not one of the above.
        azskernel.vhd.VhdPathError: the path is missing, a folder, or unreadable. Anything wrong with the bytes
            themselves becomes records.
    """
    mode_name = next((m for m in MODES if m.casefold() == str(mode).casefold()), None)
    if mode_name is None:
        raise ValueError(f"mode must be one of {', '.join(MODES)} (got {mode!r})")
    os_name = None
    if os_type is not None:
        os_name = next((o for o in OS_TYPES if o.casefold() == str(os_type).casefold()), None)
        if os_name is None:
            raise ValueError(f"os_type must be one of {', '.join(OS_TYPES)} (got {os_type!r})")
    image = open_image(path, mode=mode_name, os_type=os_name, converted_on_upload=converted_on_upload)
    try:
        results = run_checks(image)
    finally:
        image.close()
    return ImageReport(image.path, mode_name, image.families, tuple(results), image.bytes_read)


__all__ = [
    "CANNOT_INSPECT", "CATALOGUE", "CHECK_IDS", "ERROR", "FAILED", "GENERALIZED", "INFO", "INSTALL_HINT", "LINUX",
    "MODES", "NOT_APPLICABLE", "OS_TYPES", "PASSED", "SPECIALIZED", "WARNING", "WINDOWS", "Check", "CheckResult",
    "ImageReport", "InspectError", "LayerUnreadableError", "ReaderMissingError", "check_image", "errors",
]
