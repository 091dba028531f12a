"""Get-VHD, Convert-VHD and Resize-VHD (Hyper-V's names and parameters) over azskernel.vhd.

The toolkit's errors (VhdError: error_id + category) become pwsh-shaped ErrorRecords here, the one
boundary between the two; conversion progress becomes Write-Progress records and ctx.cancel stops it.
"""

from __future__ import annotations

import functools
from typing import Any

from azskernel.runtime import cmdlet as _cmdlet
from azskernel.runtime.cmdlet import parameter
from azskernel.runtime.errors import ErrorCategory, RuntimeException
from azskernel.runtime.formatting import Column, ListView, register_view
from azskernel.runtime.host import ProgressRecord
from azskernel.runtime.values import PSObject

MODULE = "Hyper-V"
cmdlet = functools.partial(_cmdlet.cmdlet, module=MODULE)
VHD_TYPE_NAME = "Microsoft.Vhd.PowerShell.VirtualHardDisk"

register_view(
    VHD_TYPE_NAME,
    ListView(tuple(Column(n) for n in (
        "Path", "VhdFormat", "VhdType", "FileSize", "Size", "MinimumSize", "LogicalSectorSize", "PhysicalSectorSize",
        "BlockSize", "ParentPath", "DiskIdentifier", "PartitionStyle", "AzureStackHubReady", "Reasons",
    ))),
)


def _record(info: Any) -> PSObject:
    """A VhdInfo as the PowerShell object Get-VHD writes."""
    return PSObject(info.to_dict().items(), type_names=(VHD_TYPE_NAME, "System.Object"))


def _to_ps_error(exc: Exception, command: str) -> RuntimeException:
    error_id = getattr(exc, "error_id", "VhdError")
    category_name = getattr(exc, "category", "NotSpecified")
    try:
        category = ErrorCategory(category_name)
    except ValueError:
        category = ErrorCategory.NotSpecified
    cmd_class = command.replace("-", "")
    return RuntimeException(
        str(getattr(exc, "message", exc)),
        error_id=f"{error_id},Microsoft.Vhd.PowerShell.Cmdlets.{cmd_class}",
        category=category,
        target=getattr(exc, "path", None),
        command_name=command,
    )


@cmdlet(
    "Get-VHD",
    synopsis="Gets the virtual hard disk object associated with a virtual hard disk, and checks it against Azure Stack Hub's rules.",
    description=(
        "Reads a VHD, VHDX or raw image and reports its format, type, sizes and partition style, plus "
        "AzureStackHubReady and the Reasons it is not (not fixed, size not a whole number of MiB, ...)."
    ),
    examples=(("Get-VHD ./ubuntu.vhd", ""), ("(Get-VHD ./ubuntu.vhd).AzureStackHubReady", "")),
    output_type=(VHD_TYPE_NAME,),
)
@parameter("Path", type="string[]", position=0, mandatory=True, value_from_pipeline=True, value_from_pipeline_by_property_name=True, aliases=("FullName",), path=True, help="The path of the image file.")
def get_vhd(ctx: Any, *, path: list[str]) -> Any:
    from azskernel import vhd

    out = []
    for p in path:
        try:
            out.append(_record(vhd.get_vhd(ctx.resolve_path(p))))
        except vhd.VhdError as exc:
            ctx.write_error(_to_ps_error(exc, "Get-VHD").record)
    return out


class _Progress:
    """Turns the toolkit's (done, total) callbacks into Write-Progress records, at most one per percent."""

    def __init__(self, ctx: Any, activity: str, status: str) -> None:
        self.ctx = ctx
        self.activity = activity
        self.status = status
        self.last = -1

    def __call__(self, done: int, total: int) -> None:
        percent = int(done * 100 / total) if total else 100
        if percent != self.last:
            self.last = percent
            self.ctx.write_progress(ProgressRecord(self.activity, f"{percent}% complete", percent))

    def done(self) -> None:
        self.ctx.write_progress(ProgressRecord(self.activity, "Completed", 100, completed=True))


@cmdlet(
    "Convert-VHD",
    supports_should_process=True,
    synopsis="Converts the format, version type, and block size of a virtual hard disk file.",
    description=(
        "Writes a fixed VHD (the only type Azure Stack Hub takes) from a fixed or dynamic VHD, a VHDX or a raw image. "
        "-SizeBytes also resizes it to a whole number of MiB. The destination must not exist; nothing is left "
        "behind when the conversion fails or is cancelled."
    ),
    examples=(("Convert-VHD -Path ./disk.vhdx -DestinationPath ./disk.vhd -VHDType Fixed", ""),),
    output_type=(VHD_TYPE_NAME,),
)
@parameter("Path", type="string", position=0, mandatory=True, value_from_pipeline_by_property_name=True, aliases=("FullName",), path=True, help="The source image.")
@parameter("DestinationPath", type="string", position=1, mandatory=True, path=True, help="The fixed VHD to write (must not exist).")
@parameter("VHDType", type="string", validate_set=("Fixed", "Dynamic", "Differencing"), default="Fixed", help="Fixed: Azure Stack Hub takes fixed VHDs only.")
@parameter("SizeBytes", type="uint64", help="Also resize to this size (a whole number of MiB).")
@parameter("DeleteSource", switch=True)
@parameter("Passthru", switch=True)
def convert_vhd(ctx: Any, *, path: str, destination_path: str, vhd_type: str, size_bytes: int | None, delete_source: bool, passthru: bool) -> Any:
    from azskernel import vhd

    source = ctx.resolve_path(path)
    dest = ctx.resolve_path(destination_path)
    if not ctx.should_process(str(dest), f"Convert '{source}' to a {vhd_type} VHD"):
        return None
    progress = _Progress(ctx, f"Converting {source.name}", "Converting")
    try:
        info = vhd.convert_vhd(source, dest, vhd_type=vhd_type, size_bytes=size_bytes, progress=progress, cancel=getattr(ctx, "cancel", None))
    except vhd.VhdError as exc:
        ctx.write_error(_to_ps_error(exc, "Convert-VHD").record)
        return None
    finally:
        progress.done()
    if delete_source:
        source.unlink()
    return _record(info) if passthru else None


@cmdlet(
    "Resize-VHD",
    supports_should_process=True,
    default_parameter_set="Size",
    synopsis="Resizes a fixed VHD or raw image in place.",
    description="Grows (adding zeros) or shrinks (never below the data) a fixed VHD to a whole number of MiB.",
    examples=(("Resize-VHD -Path ./disk.vhd -SizeBytes 30GB", ""),),
    output_type=(VHD_TYPE_NAME,),
)
@parameter("Path", type="string[]", position=0, mandatory=True, value_from_pipeline=True, value_from_pipeline_by_property_name=True, aliases=("FullName",), path=True)
@parameter("SizeBytes", type="uint64", position=1, mandatory=True, parameter_sets=("Size",), help="The new virtual size in bytes (a whole number of MiB).")
@parameter("ToMinimumSize", switch=True, mandatory=True, parameter_sets=("MinimumSize",))
@parameter("Passthru", switch=True)
def resize_vhd(ctx: Any, *, path: list[str], size_bytes: int | None, to_minimum_size: bool, passthru: bool) -> Any:
    from azskernel import vhd

    out = []
    for p in path:
        target = ctx.resolve_path(p)
        try:
            size = size_bytes
            if to_minimum_size:
                current = vhd.get_vhd(target)
                if current.MinimumSize is None:
                    raise vhd.VhdValidationError(
                        f"'{target}' has no partitions, so it has no minimum size: give -SizeBytes.", path=str(target)
                    )
                mib = 1024 * 1024
                size = -(-current.MinimumSize // mib) * mib
            if not ctx.should_process(str(target), f"Resize to {size} bytes"):
                continue
            info = vhd.resize_vhd(target, int(size or 0))
        except vhd.VhdError as exc:
            ctx.write_error(_to_ps_error(exc, "Resize-VHD").record)
            continue
        if passthru:
            out.append(_record(info))
    return out


__all__ = ["VHD_TYPE_NAME", "convert_vhd", "get_vhd", "resize_vhd"]
