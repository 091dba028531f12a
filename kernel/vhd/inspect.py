"""Get-VHD: what a disk image is (Hyper-V's property names) and whether Azure Stack Hub will take it, and why not.

`get_vhd(path)` never raises for a disk that is merely unsuitable (dynamic, VHDX, bad checksum, wrong size...):
those become Reasons. It raises only when the file cannot be read as a disk at all.
"""

from __future__ import annotations

import os
import uuid
from dataclasses import dataclass
from pathlib import Path

from .checks import (
    ERROR,
    NO_FOOTER_FINDING,
    VHDX_FINDING,
    Finding,
    footer_rules,
    generation_rules,
    is_ready,
    size_rules,
)
from .disk import FixedView, SourceInfo, open_disk, probe
from .errors import UnsupportedDiskError
from .footer import FOOTER_SIZE
from .partitions import PartitionTable, read_partition_table
from .paths import open_source


@dataclass(frozen=True)
class VhdInfo:
    """Get-VHD's answer. Attribute names are Hyper-V's (plus AzureStackHubReady and Reasons)."""

    Path: str
    VhdFormat: str
    """"VHD", "VHDX" or "Raw"."""
    VhdType: str
    """"Fixed", "Dynamic", "Differencing" or "Unknown" (raw)."""
    FileSize: int
    Size: int
    """Virtual size in bytes."""
    MinimumSize: int | None
    """The smallest size the disk can shrink to (end of its last partition); None without partitions."""
    LogicalSectorSize: int
    PhysicalSectorSize: int
    BlockSize: int
    ParentPath: str | None
    DiskIdentifier: str | None
    AzureStackHubReady: bool
    Reasons: tuple[str, ...]
    """Why it is not ready (errors), then warnings prefixed "Warning:"."""
    Findings: tuple[Finding, ...] = ()
    """The same as Reasons, with codes and severities."""
    PartitionStyle: str = "None"
    """"MBR", "GPT" or "None"."""
    Creator: str | None = None
    """VHD footer: creator application, version and host OS, e.g. "qemu 5.3 (Wi2k)"."""
    Geometry: str | None = None
    """VHD footer: cylinders/heads/sectors per track."""

    def to_dict(self) -> dict[str, object]:
        """The properties in Get-VHD's order (ours last); Findings as plain dicts."""
        return {
            "Path": self.Path, "VhdFormat": self.VhdFormat, "VhdType": self.VhdType, "FileSize": self.FileSize,
            "Size": self.Size, "MinimumSize": self.MinimumSize, "LogicalSectorSize": self.LogicalSectorSize,
            "PhysicalSectorSize": self.PhysicalSectorSize, "BlockSize": self.BlockSize,
            "ParentPath": self.ParentPath, "DiskIdentifier": self.DiskIdentifier,
            "PartitionStyle": self.PartitionStyle, "Creator": self.Creator, "Geometry": self.Geometry,
            "AzureStackHubReady": self.AzureStackHubReady,
            "Reasons": list(self.Reasons),
        }


def source_rules(info: SourceInfo) -> list[Finding]:
    """Format, footer and size rules for a local source (the generation rule needs the disk's content)."""
    if info.format == "VHDX":
        findings = [VHDX_FINDING]
        if info.logical_sector_size != 512:
            findings.append(Finding(
                "LogicalSectorSize", ERROR,
                f"The VHDX has {info.logical_sector_size}-byte logical sectors, but a VHD has 512-byte sectors: "
                "the partition table inside counts in the wrong unit, so the converted disk would not boot. "
                "Rebuild the image on a disk with 512-byte logical sectors."))
    elif info.format == "Raw":
        findings = [NO_FOOTER_FINDING]
    else:
        assert info.footer is not None
        footer_offset = info.file_size - info.trailing_bytes - FOOTER_SIZE
        findings = footer_rules(info.footer, checksum_is_ok=info.footer_checksum_ok, footer_offset=footer_offset,
                                file_size=info.file_size)
    return findings + size_rules(info.virtual_size)


def partition_table(view: FixedView) -> PartitionTable:
    limit = view.source.virtual_size

    def read_disk(offset: int, length: int) -> bytes:
        length = max(0, min(length, limit - offset))
        return view.read(offset, length) if length else b""

    logical = view.source.logical_sector_size
    return read_partition_table(read_disk, limit, (logical,) + tuple(s for s in (512, 4096) if s != logical))


def _disk_identifier(info: SourceInfo, view: FixedView | None) -> str | None:
    if info.footer is not None:
        return str(uuid.UUID(bytes=info.footer.unique_id)).upper()
    if view is not None and info.format == "VHDX":
        return str(uuid.UUID(bytes=view.footer[68:84])).upper()
    return None


def get_vhd(path: str | os.PathLike[str]) -> VhdInfo:
    """Get-VHD -Path: the disk's properties, AzureStackHubReady and the reasons it is not."""
    text = str(Path(path).absolute())
    view: FixedView | None = None
    try:
        view = open_disk(text, verify_checksum=False)
        info = view.source
    except UnsupportedDiskError:
        fd, size = open_source(text)
        try:
            info, _ = probe(fd, size, text, verify_checksum=False)
        finally:
            os.close(fd)
        if info.disk_type != "Differencing":
            raise
    try:
        findings = source_rules(info)
        table = PartitionTable("None")
        if view is not None:
            table = partition_table(view)
            findings += generation_rules(table)
        identifier = _disk_identifier(info, view)
    finally:
        if view is not None:
            view.close()
    ordered = [f for f in findings if f.severity == ERROR] + [f for f in findings if f.severity != ERROR]
    return VhdInfo(
        Path=text, VhdFormat=info.format, VhdType=info.disk_type, FileSize=info.file_size, Size=info.virtual_size,
        MinimumSize=table.data_end, LogicalSectorSize=info.logical_sector_size,
        PhysicalSectorSize=info.physical_sector_size, BlockSize=info.block_size, ParentPath=info.parent_path,
        DiskIdentifier=identifier, AzureStackHubReady=is_ready(findings),
        Reasons=tuple(str(f) for f in ordered), Findings=tuple(ordered), PartitionStyle=table.scheme,
        Creator=_creator(info), Geometry="/".join(map(str, info.footer.geometry)) if info.footer else None,
    )


def _creator(info: SourceInfo) -> str | None:
    footer = info.footer
    if footer is None:
        return None
    app = footer.creator_app.decode("latin-1").rstrip("\0 ")
    host = footer.creator_host.decode("latin-1").rstrip("\0 ")
    return f"{app} {footer.creator_version >> 16}.{footer.creator_version & 0xFFFF} ({host})"


def check_disk(path: str | os.PathLike[str]) -> list[Finding]:
    """Every Azure Stack Hub rule on a local image: [] means ready (errors first, then warnings)."""
    return list(get_vhd(path).Findings)
