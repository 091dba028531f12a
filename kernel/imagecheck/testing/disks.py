"""Partitioned disk images built without mounting, in every container the Hub's tools meet.

`build_disk(path, [Part(...), ...], scheme="mbr"|"gpt")` lays out the partition table with sfdisk (MBR) or sgdisk
(GPT), makes each partition's content in a file of its own (`mkfs.ext4 -d`, `mkfs.xfs -p protofile`, mkntfs +
libntfs-3g, or raw bytes for swap, LVM, LUKS, BitLocker and Btrfs signatures) and copies only its data into the
disk, so everything stays sparse. `convert(raw, fmt)` makes the fixed VHD, dynamic VHD or VHDX with qemu-img
(`force_size`, so a whole-MiB raw stays a whole-MiB VHD). Debian packages: fdisk, gdisk, e2fsprogs, xfsprogs,
ntfs-3g, qemu-utils (the Makefile's bootstrap installs them).
"""

from __future__ import annotations

import json
import os
import shutil
import struct
import subprocess
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .ntfs import make_ntfs
from .tree import DIR, Link, Tree, directories, write_tree

MiB = 1024 * 1024
SECTOR = 512
FORMATS = ("raw", "vhd-fixed", "vhd-dynamic", "vhdx")
_QEMU = {"vhd-fixed": ("vpc", "subformat=fixed,force_size=on", ".vhd"),
         "vhd-dynamic": ("vpc", "subformat=dynamic,force_size=on", ".vhd"),
         "vhdx": ("vhdx", "subformat=dynamic", ".vhdx")}
XFS_MIN = 300 * MiB
"""mkfs.xfs refuses smaller file systems."""

# GPT type GUIDs (sgdisk codes in comments)
GPT_LINUX = "0FC63DAF-8483-4772-8E79-3D69D8477DE4"  # 8300
GPT_ESP = "C12A7328-F81F-11D2-BA4B-00A0C93EC93B"  # EF00
GPT_BIOS_BOOT = "21686148-6449-6E6F-744E-656564454649"  # EF02
GPT_LVM = "E6D6D379-F507-44C2-A23C-238F2A3DF928"  # 8E00
GPT_SWAP = "0657FD6D-A4AB-43C4-84E5-0933C84B4F4F"  # 8200
GPT_MS_RESERVED = "E3C9E316-0B5C-4DB8-817D-F92DF00215AE"  # 0C01
GPT_MS_BASIC = "EBD0A0A2-B9E5-4433-87C0-68B6B72699C7"  # 0700


class ToolMissing(RuntimeError):
    """A Debian tool the builder needs is not installed."""


def tool(name: str, package: str) -> str:
    found = shutil.which(name) or (f"/usr/sbin/{name}" if os.path.exists(f"/usr/sbin/{name}") else None)
    if found is None:
        raise ToolMissing(f"{name} is missing: install Debian's {package} (make bootstrap does)")
    return found


def _run(*args: str) -> None:
    done = subprocess.run(args, capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(args[:3])} ... failed: {done.stderr.strip() or done.stdout.strip()}")


Content = Callable[[Path, int, int], Path | bytes | None]
"""Makes a partition's content: (work file, size in bytes, first sector) -> a file to copy, bytes, or None."""


def ext4(tree: Tree, *, options: tuple[str, ...] = (), label: str = "cloudimg-rootfs",
         debugfs: tuple[str, ...] = ()) -> Content:
    """mkfs.ext4 -d (`options` go to mkfs, e.g. ("-O", "large_dir")); `debugfs` requests then change the made file
    system, e.g. "feature needs_recovery" (a journal left to replay) or "ssv state 3" (marked as having errors)."""
    def make(work: Path, size: int, _start: int) -> Path:
        with tempfile.TemporaryDirectory(dir=work.parent) as folder:
            root = write_tree(tree, Path(folder) / "root")
            with open(work, "wb") as f:
                f.truncate(size)
            _run(tool("mkfs.ext4", "e2fsprogs"), "-q", "-F", "-L", label, "-E", "root_owner=0:0", *options, "-d",
                 str(root), str(work))
        for request in debugfs:
            _run(tool("debugfs", "e2fsprogs"), "-w", "-R", request, str(work))
        return work
    return make


def _protofile(tree: Tree, root: Path) -> str:
    """mkfs.xfs's prototype file for the tree (files point at their copies under `root`)."""
    folders = set(directories(tree))
    children: dict[str, list[str]] = {}
    for path in folders | {p for p, e in tree.items() if e is not DIR}:
        children.setdefault(os.path.dirname(path), []).append(path)
    lines = ["xfs-test-image", "0 0", "d--755 0 0"]

    def walk(folder: str, depth: int) -> None:
        for path in sorted(children.get(folder, [])):
            name, pad = os.path.basename(path), "  " * depth
            if ":" in name or " " in name:
                raise ValueError(f"{path}: mkfs.xfs protofiles cannot hold names with ':' or spaces")
            entry = tree.get(path, DIR)
            if path in folders:
                lines.append(f"{pad}{name} d--755 0 0")
                walk(path, depth + 1)
                lines.append(f"{pad}$")
            elif isinstance(entry, Link):
                lines.append(f"{pad}{name} l--777 0 0 {entry.target}")
            else:
                lines.append(f"{pad}{name} ---644 0 0 {root / path.lstrip('/')}")

    walk("/", 1)
    lines.append("$")
    return "\n".join(lines) + "\n"


def xfs(tree: Tree, *, label: str = "rootfs") -> Content:
    def make(work: Path, size: int, _start: int) -> Path:
        if size < XFS_MIN:
            raise ValueError(f"an XFS partition needs at least {XFS_MIN // MiB} MiB (mkfs.xfs refuses less)")
        with tempfile.TemporaryDirectory(dir=work.parent) as folder:
            root = write_tree(tree, Path(folder) / "root")
            proto = Path(folder) / "proto"
            proto.write_text(_protofile(tree, root))
            with open(work, "wb") as f:
                f.truncate(size)
            _run(tool("mkfs.xfs", "xfsprogs"), "-q", "-f", "-L", label, "-p", str(proto), str(work))
        return work
    return make


def ntfs(tree: Tree, *, label: str = "Windows", dirty: bool = False) -> Content:
    def make(work: Path, size: int, start: int) -> Path:
        tool("mkntfs", "ntfs-3g")
        return make_ntfs(work, size, start, tree, label=label, dirty=dirty)
    return make


def signature(*pieces: tuple[int, bytes]) -> Content:
    """Raw bytes at offsets of the partition (signatures of formats the checks only recognise)."""
    def make(_work: Path, size: int, _start: int) -> bytes:
        out = bytearray(max(off + len(b) for off, b in pieces))
        for off, b in pieces:
            out[off : off + len(b)] = b
        return bytes(out)
    return make


SWAP = signature((4086, b"SWAPSPACE2"), (1024, struct.pack("<II", 1, 0)))
LVM_PV = signature((512, b"LABELONE" + struct.pack("<QII", 1, 0, 32) + b"LVM2 001"))
LUKS = signature((0, b"LUKS\xba\xbe\x00\x01aes" + bytes(29) + b"xts-plain64"))
BITLOCKER = signature((0, b"\xebR\x90-FVE-FS-" + bytes(500) + b"\x55\xaa"))
BTRFS = signature((0x10040, b"_BHRfS_M"))


@dataclass
class Part:
    size_mib: int | None
    """None: the rest of the disk (last partition only)."""
    content: Content | None = None
    mbr_type: str = "83"
    gpt_type: str = GPT_LINUX
    bootable: bool = False
    name: str = ""


@dataclass
class Layout:
    scheme: str
    parts: list[tuple[int, int]] = field(default_factory=list)
    """(first sector, sectors) per partition."""


def _partition(path: Path, parts: list[Part], scheme: str) -> Layout:
    if scheme == "mbr":
        lines = ["label: dos"]
        for p in parts:
            size = f"size={p.size_mib}MiB, " if p.size_mib else ""
            lines.append(f"{size}type={p.mbr_type}{', bootable' if p.bootable else ''}")
        subprocess.run([tool("sfdisk", "fdisk"), "-q", "--no-reread", "--no-tell-kernel", str(path)], input="\n".join(lines) + "\n", text=True,
                       check=True, capture_output=True)
    elif scheme == "gpt":
        args = [tool("sgdisk", "gdisk"), "-o"]
        for i, p in enumerate(parts, 1):
            end = f"+{p.size_mib}M" if p.size_mib else "0"
            args += ["-n", f"{i}:0:{end}", "-t", f"{i}:{p.gpt_type}", "-c", f"{i}:{p.name or f'part{i}'}"]
        _run(*args, str(path))
    else:
        raise ValueError("scheme is 'mbr' or 'gpt'")
    dump = subprocess.run([tool("sfdisk", "fdisk"), "-J", str(path)], capture_output=True, text=True, check=True)
    table = json.loads(dump.stdout)["partitiontable"]
    return Layout(scheme, [(int(p["start"]), int(p["size"])) for p in table["partitions"]])


def _copy_data(src: Path, dst_fd: int, offset: int) -> None:
    """Copy the data extents of `src` into `dst_fd` at `offset` (holes stay holes)."""
    fd = os.open(src, os.O_RDONLY)
    try:
        size = os.fstat(fd).st_size
        pos = 0
        while pos < size:
            try:
                start = os.lseek(fd, pos, os.SEEK_DATA)
            except OSError:
                break
            end = os.lseek(fd, start, os.SEEK_HOLE)
            while start < end:
                chunk = os.pread(fd, min(end - start, 8 * MiB), start)
                if not chunk.strip(b"\0"):
                    start += len(chunk)
                    continue
                os.pwrite(dst_fd, chunk, offset + start)
                start += len(chunk)
            pos = end
    finally:
        os.close(fd)


def build_disk(path: Path, parts: list[Part], *, scheme: str = "mbr", size_mib: int = 64) -> Path:
    """A raw disk of `size_mib` MiB at `path` with `parts` made and filled."""
    path = Path(path)
    with open(path, "wb") as f:
        f.truncate(size_mib * MiB)
    layout = _partition(path, parts, scheme)
    fd = os.open(path, os.O_RDWR)
    try:
        for (first, count), part in zip(layout.parts, parts):
            if part.content is None:
                continue
            work = path.with_name(f".{path.name}.part")
            made = part.content(work, count * SECTOR, first)
            try:
                if isinstance(made, bytes):
                    os.pwrite(fd, made, first * SECTOR)
                elif made is not None:
                    _copy_data(made, fd, first * SECTOR)
            finally:
                work.unlink(missing_ok=True)
    finally:
        os.close(fd)
    return path


def convert(raw: Path, fmt: str, dest: Path | None = None, *, force_size: bool = True) -> Path:
    """The raw disk as `fmt` ("raw" returns it as it is); `force_size=False` lets qemu-img round the size to a
    CHS geometry, as older tools do (the result is then not a whole MiB)."""
    if fmt == "raw":
        return raw
    qemu_format, options, suffix = _QEMU[fmt]
    if not force_size:
        options = options.replace(",force_size=on", "")
    dest = dest or raw.with_name(f"{raw.stem}-{fmt}{suffix}")
    _run(tool("qemu-img", "qemu-utils"), "convert", "-f", "raw", "-O", qemu_format, "-o", options, str(raw),
         str(dest))
    return dest


def all_formats(raw: Path) -> dict[str, Path]:
    return {fmt: convert(raw, fmt) for fmt in FORMATS}


__all__ = [
    "BITLOCKER", "BTRFS", "FORMATS", "GPT_BIOS_BOOT", "GPT_ESP", "GPT_LINUX", "GPT_LVM", "GPT_MS_BASIC",
    "GPT_MS_RESERVED", "GPT_SWAP", "LUKS", "LVM_PV", "SWAP", "Content", "Part", "ToolMissing", "all_formats",
    "build_disk", "convert", "ext4", "ntfs", "signature", "tool", "xfs",
]
