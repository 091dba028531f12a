"""Test support for azskernel.imagecheck (like azslab.testing): disks built without mounting, in every container.

Used by the tests, `make demo`'s sample image, bench/imagecheck.py and the training lab's broken images. Needs
Debian's fdisk, gdisk, e2fsprogs, xfsprogs, ntfs-3g and qemu-utils (the Makefile's bootstrap installs them).
"""

from __future__ import annotations

from .disks import FORMATS, Part, ToolMissing, all_formats, build_disk, convert, ext4, ntfs, xfs
from .hive import write_hive
from .images import linux_disk, linux_gen2_disk, specialized, ubuntu_tree, windows_disk, windows_tree
from .tree import DIR, Link, Tree, drop

__all__ = [
    "DIR", "FORMATS", "Link", "Part", "ToolMissing", "Tree", "all_formats", "build_disk", "convert", "drop", "ext4",
    "linux_disk", "linux_gen2_disk", "ntfs", "specialized", "ubuntu_tree", "windows_disk", "windows_tree",
    "write_hive", "xfs",
]
