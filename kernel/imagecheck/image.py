"""An image opened for the checks: container, partition table, what each partition holds, the OS volumes found.

Nothing is mounted or written. The container is read through azskernel.vhd (`open_disk`: raw, fixed or dynamic
VHD, VHDX), the partition table with its reader, each partition's content by signature (volumes.py), and only
the volumes that may hold an operating system are opened with a file-system reader (filesystems.py). Whatever
cannot be read is kept as a reason, which the checks that needed it report as "cannot inspect".
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final

from azskernel.vhd.disk import FixedView, SourceInfo, open_disk, probe
from azskernel.vhd.errors import VhdError, VhdPathError
from azskernel.vhd.inspect import partition_table
from azskernel.vhd.partitions import Partition, PartitionTable
from azskernel.vhd.paths import open_source

from .errors import InspectError
from .filesystems import FileSystem, open_filesystem
from .reader import DiskReader, VolumeFile
from .volumes import DESCRIPTIONS, EXT, NTFS, READABLE, UNREADABLE_WHY, XFS, ext_state, identify

GENERALIZED: Final = "Generalized"
SPECIALIZED: Final = "Specialized"
MODES: Final = (GENERALIZED, SPECIALIZED)
LINUX: Final = "Linux"
WINDOWS: Final = "Windows"
OS_TYPES: Final = (WINDOWS, LINUX)


@dataclass
class Volume:
    """One partition (or the whole disk when it has no partition table) and what it holds."""

    number: int
    """Partition number (0: the whole disk)."""
    type: str
    """MBR type byte ("0x83") or GPT type GUID; "" for the whole disk."""
    start: int
    length: int
    kind: str
    """volumes.py kind: ext, xfs, ntfs, bitlocker, luks, lvm, btrfs, swap, fat, empty, unknown."""
    file: VolumeFile
    fs: FileSystem | None = None
    problem: str | None = None
    """Why its file system could not be opened."""

    @property
    def where(self) -> str:
        return f"partition {self.number}" if self.number else "the disk (no partition table)"

    def describe(self) -> str:
        return f"{self.where}: {DESCRIPTIONS.get(self.kind, self.kind)}"

    def open(self) -> FileSystem | None:
        """The file system, opened once; None (and `problem` set) when it cannot be read."""
        if self.fs is None and self.problem is None and self.kind in READABLE:
            try:
                self.fs = open_filesystem(self.kind, self.file, self.where)
            except InspectError as exc:
                self.problem = exc.reason
                if self.kind == EXT and ext_state(self.file).large_dir:
                    self.problem += ": the ext4 feature large_dir is not supported by the reader"
        return self.fs


@dataclass
class Image:
    path: str
    mode: str = GENERALIZED
    os_type: str | None = None
    """As the operator stated it (None: found from the content)."""
    converted_on_upload: bool = False
    """The image goes to the Hub through Add-AzVhd, which streams any source as a fixed, whole-MiB VHD."""
    source: SourceInfo | None = None
    container_problem: str | None = None
    """Why the container could not be opened (a damaged or differencing disk)."""
    view: FixedView | None = None
    disk: DiskReader | None = None
    table: PartitionTable = field(default_factory=lambda: PartitionTable("None"))
    volumes: list[Volume] = field(default_factory=list)
    linux: FileSystem | None = None
    linux_volume: Volume | None = None
    windows: FileSystem | None = None
    windows_volume: Volume | None = None
    families: tuple[str, ...] = ()
    """Which OS families the checks run for: ("Linux",), ("Windows",) or both when nothing tells."""
    memo: dict[str, object] = field(default_factory=dict)
    """Facts several checks share (the agent, waagent.conf...), computed once."""

    @property
    def bytes_read(self) -> int:
        return self.disk.bytes_read if self.disk is not None else 0

    def close(self) -> None:
        for volume in self.volumes:
            if volume.fs is not None:
                volume.fs.close()
        if self.view is not None:
            self.view.close()

    # -- why an OS family cannot be inspected ---------------------------------------------------------
    def missing_reason(self, family: str) -> str:
        if self.view is None:
            return "the disk container cannot be read (see D2)"
        reasons = [f"{v.where} is {DESCRIPTIONS[v.kind]}: {UNREADABLE_WHY[v.kind]}"
                   for v in self.volumes if v.kind in UNREADABLE_WHY]
        wanted = (NTFS,) if family == WINDOWS else (EXT, XFS)
        reasons += [v.problem for v in self.volumes if v.kind in wanted and v.problem]
        if reasons:
            return "; ".join(reasons)
        found = ", ".join(v.describe() for v in self.volumes) or "no partitions"
        if family == WINDOWS:
            return f"no Windows volume (NTFS with \\Windows\\System32\\config\\SYSTEM) was found ({found})"
        return f"no Linux root file system (ext2/3/4 or XFS with /etc and /usr) was found ({found})"


def _is_linux_root(fs: FileSystem) -> bool:
    return fs.is_dir("/etc") and (fs.is_dir("/usr") or fs.is_dir("/bin"))


def _volumes(disk: DiskReader, table: PartitionTable) -> list[Volume]:
    if table.scheme == "None":
        parts: tuple[Partition, ...] = (Partition(0, "", 0, disk.size),)
    else:
        parts = table.partitions
    out = []
    for p in parts:
        file = VolumeFile(disk, p.start, p.length)
        out.append(Volume(p.number, p.type, p.start, p.length, identify(file), file))
    return out


def _find_os(image: Image) -> None:
    for volume in image.volumes:
        if volume.kind not in READABLE:
            continue
        fs = volume.open()
        if fs is None:
            continue
        try:
            if volume.kind == NTFS:
                if image.windows is None and fs.exists("/Windows/System32/config/SYSTEM"):
                    image.windows, image.windows_volume = fs, volume
            elif image.linux is None and _is_linux_root(fs):
                image.linux, image.linux_volume = fs, volume
        except InspectError as exc:
            volume.problem = exc.reason


def _families(image: Image) -> tuple[str, ...]:
    if image.os_type in OS_TYPES:
        return (image.os_type,)
    found = tuple(f for f, fs in ((LINUX, image.linux), (WINDOWS, image.windows)) if fs is not None)
    if found:
        return found
    kinds = {v.kind for v in image.volumes}
    if kinds & {NTFS, "bitlocker"} and not kinds & {EXT, XFS, "lvm", "luks", "btrfs"}:
        return (WINDOWS,)
    if kinds & {EXT, XFS, "lvm", "luks", "btrfs"} and not kinds & {NTFS, "bitlocker"}:
        return (LINUX,)
    return (LINUX, WINDOWS)


def open_image(path: str | os.PathLike[str], *, mode: str = GENERALIZED, os_type: str | None = None,
               converted_on_upload: bool = False) -> Image:
    """Open everything the checks read. Raises only VhdPathError (no such file, a folder, no permission)."""
    text = str(Path(path).absolute())
    image = Image(text, mode=mode, os_type=os_type, converted_on_upload=converted_on_upload)
    try:
        image.view = open_disk(text, verify_checksum=False)
        image.source = image.view.source
    except VhdPathError:
        raise
    except VhdError as exc:
        image.container_problem = exc.message
        image.source = _probe_only(text)
    if image.view is not None:
        image.disk = DiskReader(image.view)
        image.table = partition_table(image.view)
        image.volumes = _volumes(image.disk, image.table)
        _find_os(image)
    image.families = _families(image)
    return image


def _probe_only(path: str) -> SourceInfo | None:
    """What the container is, when it cannot be opened for reading (a differencing disk still has a footer)."""
    try:
        fd, size = open_source(path)
    except VhdError:
        return None
    try:
        return probe(fd, size, path, verify_checksum=False)[0]
    except VhdError:
        return None
    finally:
        os.close(fd)


__all__ = ["GENERALIZED", "LINUX", "MODES", "OS_TYPES", "SPECIALIZED", "WINDOWS", "Image", "Volume", "open_image"]
