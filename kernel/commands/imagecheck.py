"""Test-AzsImage over azskernel.imagecheck, and the image test Add-AzVhd and Add-AzsPlatformImage run first.

The records become PowerShell objects of type Azs.ImageCheck.CheckResult (a wrapping table view: Id, Status,
Severity, Message). `IMAGE_TEST_PARAMETERS` and `run_image_test` are what an uploading cmdlet adds: -TestImage
runs the checks before anything is sent, an Error stops the cmdlet (a terminating ImageTestFailed error that lists
them) unless -IgnoreImageErrors, warnings go to the warning stream and the rest to the verbose stream.
"""

from __future__ import annotations

import functools
from typing import Any

from azskernel.runtime import cmdlet as _cmdlet
from azskernel.runtime.cmdlet import parameter
from azskernel.runtime.errors import ErrorCategory, RuntimeException
from azskernel.runtime.formatting import Column, TableView, register_view
from azskernel.runtime.values import PSObject

from ._util import like
from .vhd import _to_ps_error

MODULE = "Azs.Notebook"
cmdlet = functools.partial(_cmdlet.cmdlet, module=MODULE)
RESULT_TYPE_NAME = "Azs.ImageCheck.CheckResult"
MODES = ("Generalized", "Specialized")
OS_TYPES = ("Windows", "Linux")

register_view(RESULT_TYPE_NAME, TableView((Column("Id", width=2), Column("Status", width=13),
                                           Column("Severity", width=8), Column("Message")), wrap=True))


def result_record(result: Any) -> PSObject:
    """A CheckResult as the PowerShell object Test-AzsImage writes."""
    return PSObject(result.to_dict().items(), type_names=(RESULT_TYPE_NAME, "System.Object"))


def _reader_warning(report: Any) -> str | None:
    from azskernel.imagecheck import INSTALL_HINT

    if any(INSTALL_HINT in r.Message for r in report.results):
        return (f"Test-AzsImage reads file systems and registry hives with libyal's readers, which are not installed "
                f"here, so the Linux and Windows checks could not look inside the image: {INSTALL_HINT}")
    return None


def check(ctx: Any, path: str, *, mode: str, os_type: str | None, command: str,
          converted_on_upload: bool = False) -> Any:
    """Run the checks on `path` (resolved from the session's location); None after writing a path error."""
    from azskernel import imagecheck, vhd

    target = ctx.resolve_path(path)
    try:
        report = imagecheck.check_image(target, mode=mode, os_type=os_type, converted_on_upload=converted_on_upload)
    except vhd.VhdError as exc:
        ctx.write_error(_to_ps_error(exc, command).record)
        return None
    warning = _reader_warning(report)
    if warning:
        ctx.write_warning(warning)
    return report


@cmdlet(
    "Test-AzsImage",
    synopsis="Reads inside a VHD, VHDX or raw image, without mounting it, and says whether Azure Stack Hub will boot "
             "and provision it.",
    description=(
        "Opens the disk (raw, fixed or dynamic VHD, VHDX), its MBR or GPT, the file systems (ext2/3/4, XFS, NTFS) and "
        "the Windows registry, and runs the checks of the image-preparation guide: D1-D6 the container and "
        "partitions (VHD, fixed, whole-MiB size, generation 1, no LVM or swap, cleanly shut down), L1-L9 Linux (the "
        "Azure Linux Agent, its version, service and provisioning settings, the provisioned marker, cloud-init, the "
        "fstab resource-disk line, deprovision leftovers, UDF and boot settings), W1-W4 Windows (the OS volume, the "
        "Sysprep state, Sysprep's traces, the VM agent). Writes one record per check: Id, Check, Status (Passed, "
        "Failed, CannotInspect, NotApplicable), Severity (Error, Warning, Info), Message (what is wrong and what to run "
        "to fix it) and Evidence (the file and the value read). A layer that cannot be read (LVM, Btrfs, BitLocker, "
        "LUKS, a damaged file system or hive) gives CannotInspect with the reason, never a pass. Pipe to "
        "Format-List to read the evidence."
    ),
    examples=(
        ("Test-AzsImage -Path ./ubuntu.vhd", "Checks a generalized Linux image (the OS type is found on the disk)."),
        ("Test-AzsImage ./migrated.vhd -Mode Specialized -OsType Linux | Where-Object Severity -eq Error",
         "Checks a specialized disk and keeps the errors."),
    ),
    output_type=(RESULT_TYPE_NAME,),
)
@parameter("Path", type="string", position=0, mandatory=True, value_from_pipeline=True,
           value_from_pipeline_by_property_name=True, aliases=("FullName", "LocalFilePath"), path=True,
           help="The image: a raw disk, a fixed or dynamic VHD, or a VHDX.")
@parameter("Mode", type="string", validate_set=MODES, default="Generalized",
           help="Generalized (a platform image, the default) or Specialized (a migrated VM's disk).")
@parameter("OsType", type="string", validate_set=OS_TYPES,
           help="Windows or Linux; found from the disk when not given.")
def test_azs_image(ctx: Any, *, path: str, mode: str, os_type: str | None) -> Any:
    report = check(ctx, path, mode=mode, os_type=os_type, command="Test-AzsImage")
    return [] if report is None else [result_record(r) for r in report.results]


IMAGE_TEST_PARAMETERS: tuple[tuple[str, dict[str, Any]], ...] = (
    ("TestImage", {"switch": True, "help": "First run Test-AzsImage on the local image; an Error stops the command "
                                           "before anything is sent (see -IgnoreImageErrors)."}),
    ("ImageMode", {"type": "string", "validate_set": MODES, "default": "Generalized",
                   "help": "With -TestImage: Generalized (the default) or Specialized."}),
    ("IgnoreImageErrors", {"switch": True, "help": "With -TestImage: report the image's errors as warnings and go on."}),
)
"""The parameters an uploading cmdlet declares (`@parameters(*IMAGE_TEST_PARAMETERS)`)."""


def run_image_test(ctx: Any, path: str, *, mode: str = "Generalized", os_type: str | None = None,
                   ignore_errors: bool = False, command: str) -> None:
    """-TestImage: check the local image Add-AzVhd streams (as a fixed, whole-MiB VHD, so the container's format and
    size are only facts). Raises a terminating ImageTestFailed error on an Error unless `ignore_errors`."""
    report = check(ctx, path, mode=mode or "Generalized", os_type=os_type, command=command, converted_on_upload=True)
    if report is None:
        raise RuntimeException(f"-TestImage could not open '{path}': see the error above.",
                               error_id="ImageTestFailed", category=ErrorCategory.InvalidData, target=path,
                               command_name=command)
    for r in report.results:
        line = f"Test-AzsImage {r.Id} {r.Check}: {r.Message}"
        if r.Status in ("Failed", "CannotInspect") and r.Severity in ("Error", "Warning"):
            if r.Severity == "Error" and not ignore_errors:
                continue
            ctx.write_warning(line)
        else:
            ctx.write_verbose(f"{line} [{r.Status}]")
    if report.errors and not ignore_errors:
        lines = "\n".join(f"  {r.Id} {r.Check}: {r.Message}" for r in report.errors)
        raise RuntimeException(
            f"Test-AzsImage found {len(report.errors)} error(s) in '{report.path}', so nothing was sent: the Hub would "
            f"not boot or provision VMs from it.\n{lines}\nFix the image and run the command again, or add "
            "-IgnoreImageErrors to send it anyway.",
            error_id="ImageTestFailed", category=ErrorCategory.InvalidData, target=report.path, command_name=command)


# -- the training lab's images (notebooks/labs/06-diagnose-an-image) ---------------------------------------

TRAINING_TYPE_NAME = "Azs.ImageCheck.TrainingImage"
register_view(TRAINING_TYPE_NAME, TableView((Column("Name", width=22), Column("Family", width=20), Column("Mode", width=11),
                                             Column("Path"))))
_BUILT: dict[str, list[Any]] = {}
"""Folder -> the exercises built there by this session's process (built again when a file has gone)."""


def training_images(folder: Any) -> list[Any]:
    """azskernel.imagecheck.testing.lab's exercises, built in `folder` once per process."""
    from azskernel.imagecheck.testing.lab import broken_images

    key = str(folder)
    built = _BUILT.get(key)
    if built is None or not all(e.path.exists() for e in built):
        built = _BUILT[key] = broken_images(folder)
    return built


def _training_record(exercise: Any, path: Any) -> PSObject:
    fields = {"Name": exercise.name, "Family": exercise.family, "Path": str(path), "Mode": exercise.mode,
              "Failing": list(exercise.failing), "Symptom": exercise.symptom, "Fix": exercise.fix}
    return PSObject(fields.items(), type_names=(TRAINING_TYPE_NAME, "System.Object"))


@cmdlet(
    "Get-AzsTrainingImage",
    synopsis="Builds the training lab's disk images, each broken for one family of Test-AzsImage's checks, and "
             "describes them.",
    description=(
        "Writes small VHDs into -Path (once per session; without mounting anything: sfdisk, sgdisk, mkfs.ext4, "
        "mkntfs and qemu-img, Debian's fdisk, gdisk, e2fsprogs, ntfs-3g and qemu-utils) and returns one record per "
        "image: Name, Family (Container, Generation, Agent, Provisioning, cloud-init and fstab, Deprovision, Kernel, "
        "Windows, Unreadable, Specialized), Path, Mode (how to test it), Failing (the Ids Test-AzsImage reports as "
        "an Error or a Warning), Symptom (what a tenant would meet on a real Hub, which takes such images as they "
        "are) and Fix (what to run, in the guide's terms). -Repaired returns, for the named images, the image as "
        "it is once the fix is run in the VM and the VHD captured again (built next to it); the container's fix, "
        "Convert-VHD and Resize-VHD, is yours to run, so its Path stays the broken one."),
    examples=(
        ("Get-AzsTrainingImage -Path ./lab-images | Format-Table Name, Family", "Builds the images and lists them."),
        ("(Get-AzsTrainingImage ./lab-images -Name agent-missing -Repaired).Path",
         "The agent-missing image once the agent is installed and the VM generalized and captured again."),
    ),
    output_type=(TRAINING_TYPE_NAME,),
)
@parameter("Path", type="string", position=0, mandatory=True, path=True, help="The folder to build the images in.")
@parameter("Name", type="string[]", position=1, help="Only these images (wildcards allowed).")
@parameter("Repaired", switch=True, help="The images as their fix leaves them (the VM fixed and captured again).")
def get_azs_training_image(ctx: Any, *, path: str, name: Any, repaired: bool) -> Any:
    from pathlib import Path

    from azskernel.imagecheck.testing import ToolMissing

    try:
        exercises = training_images(Path(ctx.resolve_path(path)))
    except ToolMissing as missing:
        raise RuntimeException(f"The training images cannot be built here: {missing}.", error_id="TrainingImageToolMissing",
                               category=ErrorCategory.NotInstalled, target=path,
                               command_name="Get-AzsTrainingImage") from None
    patterns = [str(n) for n in (name if isinstance(name, (list, tuple)) else [name] if name else [])]
    chosen = [e for e in exercises if not patterns or any(like(e.name, p) for p in patterns)]
    return [_training_record(e, e.repair() if repaired else e.path) for e in chosen]


__all__ = ["IMAGE_TEST_PARAMETERS", "RESULT_TYPE_NAME", "TRAINING_TYPE_NAME", "get_azs_training_image", "result_record",
           "run_image_test", "test_azs_image", "training_images"]
