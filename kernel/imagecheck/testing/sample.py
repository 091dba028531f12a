"""The sample disk the notebooks practise on when the lab is their target (and `make demo`'s): a small Ubuntu 22.04
prepared for Azure Stack Hub, in the container operators typically start from.

The container is azskernel.vhd.sample's (a dynamic VHD, MBR, one bootable partition, a size that is not a whole
MiB: what Get-VHD and the runbook's conversion step are for); the partition is `mkfs.ext4 -d` of `ubuntu_tree()`
(the Linux agent, its settings and service, cloud-init, fstab, a kernel with UDF), so that Test-AzsImage passes
every check once the disk is converted. mkfs.ext4 is Debian's e2fsprogs (priority "required": on every Debian
and Ubuntu); without it the partition is left without a file system and the note says what the checks will say.
"""

from __future__ import annotations

import os
from pathlib import Path

from azskernel.vhd.sample import PARTITION_START, write_sample_vhd

from .disks import ToolMissing, ext4, tool
from .images import ubuntu_tree

CONTAINER = "a dynamic VHD, MBR-partitioned, not a whole number of MiB, as disks often arrive"
UBUNTU = "inside, an Ubuntu 22.04 prepared for the Hub (Linux agent, cloud-init, fstab, kernel) that Test-AzsImage passes"


def write_ubuntu_sample(path: str | os.PathLike[str]) -> str:
    """Writes the sample at `path` (a file already there is kept) and says in a phrase what it is."""
    try:
        tool("mkfs.ext4", "e2fsprogs")
    except ToolMissing as missing:
        write_sample_vhd(path)
        return (f"{CONTAINER}; {missing}, so its partition holds no file system and Test-AzsImage reports the "
                "Linux checks as CannotInspect (warnings)")
    root = ext4(ubuntu_tree())
    write_sample_vhd(path, partition=lambda work, size: Path(root(work, size, PARTITION_START)))
    return f"{CONTAINER}; {UBUNTU}"


__all__ = ["CONTAINER", "UBUNTU", "write_ubuntu_sample"]
