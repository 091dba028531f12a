"""NTFS volumes for test and training images, built without mounting: mkntfs, then libntfs-3g through ctypes.

ntfs-3g ships no offline mkdir (ntfscp needs the parent folder to exist), so folders and files are created with
the library the ntfs-3g package installs (`libntfs-3g.so`): ntfs_mount on the image file (not a mount: the library
reads and writes the file), ntfs_create for each folder and file, ntfs_attr_pwrite for the data, ntfs_umount.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import shutil
import subprocess
from pathlib import Path

from .tree import DIR, Link, Tree, data, directories

S_IFDIR = 0o040000
S_IFREG = 0o100000
AT_DATA = 0x80
VOLUME_IS_DIRTY = 0x0001


class NtfsToolsMissing(RuntimeError):
    pass


def _library() -> ctypes.CDLL:
    name = ctypes.util.find_library("ntfs-3g")
    if name is None:
        raise NtfsToolsMissing("libntfs-3g is missing: install Debian's ntfs-3g (make bootstrap does)")
    lib = ctypes.CDLL(name)
    vp, cp = ctypes.c_void_p, ctypes.c_char_p
    lib.ntfs_mount.restype, lib.ntfs_mount.argtypes = vp, [cp, ctypes.c_ulong]
    lib.ntfs_umount.restype, lib.ntfs_umount.argtypes = ctypes.c_int, [vp, ctypes.c_int]
    lib.ntfs_pathname_to_inode.restype, lib.ntfs_pathname_to_inode.argtypes = vp, [vp, vp, cp]
    lib.ntfs_mbstoucs.restype, lib.ntfs_mbstoucs.argtypes = ctypes.c_int, [cp, ctypes.POINTER(vp)]
    lib.ntfs_create.restype = vp
    lib.ntfs_create.argtypes = [vp, ctypes.c_uint32, vp, ctypes.c_uint8, ctypes.c_uint32]
    lib.ntfs_inode_close.restype, lib.ntfs_inode_close.argtypes = ctypes.c_int, [vp]
    lib.ntfs_attr_open.restype, lib.ntfs_attr_open.argtypes = vp, [vp, ctypes.c_uint32, vp, ctypes.c_uint32]
    lib.ntfs_attr_pwrite.restype = ctypes.c_int64
    lib.ntfs_attr_pwrite.argtypes = [vp, ctypes.c_int64, ctypes.c_int64, ctypes.c_char_p]
    lib.ntfs_attr_close.restype, lib.ntfs_attr_close.argtypes = None, [vp]
    lib.ntfs_volume_write_flags.restype, lib.ntfs_volume_write_flags.argtypes = ctypes.c_int, [vp, ctypes.c_uint16]
    return lib


def _create(lib: ctypes.CDLL, vol: int, path: str, mode: int) -> int:
    parent_path, _, name = path.rstrip("/").rpartition("/")
    parent = lib.ntfs_pathname_to_inode(vol, None, (parent_path or "/").encode())
    if not parent:
        raise OSError(f"ntfs: no folder {parent_path or '/'} for {path}")
    uname = ctypes.c_void_p()
    length = lib.ntfs_mbstoucs(name.encode(), ctypes.byref(uname))
    try:
        inode = lib.ntfs_create(parent, 0, uname, length, mode)
    finally:
        ctypes.CDLL(None).free(uname)
        lib.ntfs_inode_close(parent)
    if not inode:
        raise OSError(f"ntfs: cannot create {path}")
    return inode


def populate(image: Path, tree: Tree, *, dirty: bool = False) -> None:
    """Create the tree's folders and files in the NTFS volume `image` (symlinks are not supported here)."""
    lib = _library()
    vol = lib.ntfs_mount(str(image).encode(), 0)
    if not vol:
        raise OSError(f"libntfs-3g could not open {image}")
    try:
        for folder in directories(tree):
            lib.ntfs_inode_close(_create(lib, vol, folder, S_IFDIR))
        unnamed = ctypes.addressof(ctypes.c_uint16.in_dll(lib, "AT_UNNAMED"))
        for path, entry in tree.items():
            if entry is DIR:
                continue
            if isinstance(entry, Link):
                raise ValueError(f"{path}: symlinks are not written to NTFS test volumes")
            inode = _create(lib, vol, path, S_IFREG)
            payload = data(entry)
            try:
                if payload:
                    attr = lib.ntfs_attr_open(inode, AT_DATA, unnamed, 0)
                    if not attr:
                        raise OSError(f"ntfs: cannot open the data of {path}")
                    try:
                        if lib.ntfs_attr_pwrite(attr, 0, len(payload), payload) != len(payload):
                            raise OSError(f"ntfs: short write to {path}")
                    finally:
                        lib.ntfs_attr_close(attr)
            finally:
                lib.ntfs_inode_close(inode)
        if dirty:
            lib.ntfs_volume_write_flags(vol, VOLUME_IS_DIRTY)
    finally:
        lib.ntfs_umount(vol, 0)


def make_ntfs(image: Path, size: int, start_sector: int, tree: Tree, *, label: str = "Windows",
              dirty: bool = False) -> Path:
    """An NTFS volume of `size` bytes in `image`, for a partition starting at `start_sector`, holding `tree`."""
    mkntfs = shutil.which("mkntfs") or "/usr/sbin/mkntfs"
    with open(image, "wb") as f:
        f.truncate(size)
    subprocess.run([mkntfs, "-q", "-F", "-Q", "-L", label, "-s", "512", "-p", str(start_sector), "-H", "255", "-S",
                    "63", str(image)], check=True, capture_output=True)
    populate(image, tree, dirty=dirty)
    return image


__all__ = ["NtfsToolsMissing", "make_ntfs", "populate"]
