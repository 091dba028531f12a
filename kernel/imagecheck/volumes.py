"""What a partition holds, from its signatures alone (no library): file systems, encryption, LVM, swap.

Each kind is recognised by the bytes its own format puts at a fixed place (offsets below, with the format they
come from). The readers are opened later, only for the kinds they read (filesystems.py). Two flags that the
readers do not replay or expose are read here too: ext's needs_recovery / errors and NTFS's dirty bit.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from typing import Final, Protocol

EXT: Final = "ext"
XFS: Final = "xfs"
NTFS: Final = "ntfs"
FAT: Final = "fat"
BITLOCKER: Final = "bitlocker"
LUKS: Final = "luks"
LVM: Final = "lvm"
BTRFS: Final = "btrfs"
SWAP: Final = "swap"
EMPTY: Final = "empty"
UNKNOWN: Final = "unknown"

READABLE: Final = (EXT, XFS, NTFS)
DESCRIPTIONS: Final = {
    EXT: "ext2/3/4", XFS: "XFS", NTFS: "NTFS", FAT: "FAT", BITLOCKER: "BitLocker-encrypted",
    LUKS: "LUKS-encrypted", LVM: "an LVM physical volume", BTRFS: "Btrfs", SWAP: "swap", EMPTY: "blank (its first 64 KiB are zeros)",
    UNKNOWN: "unrecognised",
}
UNREADABLE_WHY: Final = {
    BITLOCKER: "suspend or turn off BitLocker (manage-bde -off C:) before capturing the image, as the Hub cannot "
               "boot an OS volume that needs a key",
    LUKS: "the Hub cannot enter a passphrase at boot, so build the image without disk encryption",
    LVM: "its logical volumes are not read by this check, and the guide's Red Hat page advises standard partitions "
         "rather than LVM for the OS disk",
    BTRFS: "Btrfs is not read by this check: check the image by hand",
}
"""Why the content of a recognised kind cannot be inspected, and what to do (after "partition N is <kind>: ")."""

EXT_SUPERBLOCK = 1024
# s_magic, s_state, s_errors (ext4 superblock, offsets 0x38-0x3D); s_feature_compat/incompat/ro_compat at 0x5C
EXT_MAGIC = 0xEF53
EXT_STATE_ERRORS = 0x2
EXT_INCOMPAT_RECOVER = 0x4
EXT_INCOMPAT_JOURNAL_DEV = 0x8
EXT_INCOMPAT_LARGEDIR = 0x4000
EXT_COMPAT_HAS_JOURNAL = 0x4


class ReadAt(Protocol):
    def read_at(self, offset: int, length: int) -> bytes: ...


def identify(volume: ReadAt) -> str:
    """The kind of content, by signature (checked in this order: the encrypted kinds before what they may wrap)."""
    head = volume.read_at(0, 4096)
    if len(head) < 512:
        return EMPTY if not head.strip(b"\0") else UNKNOWN
    if head[3:11] == b"-FVE-FS-":  # BitLocker volume header (the OEM id of its boot sector)
        return BITLOCKER
    if head[:6] in (b"LUKS\xba\xbe", b"SKUL\xba\xbe"):  # LUKS1/LUKS2 header magic
        return LUKS
    if head[3:11] == b"NTFS    ":  # NTFS boot sector OEM id
        return NTFS
    if head[:4] == b"XFSB":  # XFS superblock magic
        return XFS
    ext = volume.read_at(EXT_SUPERBLOCK, 1024)
    if len(ext) >= 0x40 and struct.unpack_from("<H", ext, 0x38)[0] == EXT_MAGIC:
        return EXT
    for sector in range(4):  # LVM2 label: "LABEL ONE" in one of the first four sectors, type "LVM2 001"
        label = head[sector * 512 : sector * 512 + 32]
        if label[:8] == b"LABELONE" and label[24:32] == b"LVM2 001":
            return LVM
    if volume.read_at(0x10040, 8) == b"_BHRfS_M":  # Btrfs superblock at 64 KiB, magic at +0x40
        return BTRFS
    if head[4086:4096] in (b"SWAPSPACE2", b"SWAP-SPACE"):  # Linux swap, 4 KiB pages
        return SWAP
    if head[510:512] == b"\x55\xaa" and (head[82:87] == b"FAT32" or head[54:57] == b"FAT"):
        return FAT
    if not head.strip(b"\0") and not volume.read_at(4096, 60 * 1024).strip(b"\0"):
        return EMPTY
    return UNKNOWN


@dataclass(frozen=True)
class ExtState:
    needs_recovery: bool
    has_errors: bool
    large_dir: bool
    external_journal: bool
    label: str


def ext_state(volume: ReadAt) -> ExtState:
    sb = volume.read_at(EXT_SUPERBLOCK, 1024)
    state = struct.unpack_from("<H", sb, 0x3A)[0]
    incompat = struct.unpack_from("<I", sb, 0x60)[0]
    label = sb[0x78:0x88].split(b"\0", 1)[0].decode("utf-8", "replace")
    return ExtState(needs_recovery=bool(incompat & EXT_INCOMPAT_RECOVER), has_errors=bool(state & EXT_STATE_ERRORS),
                    large_dir=bool(incompat & EXT_INCOMPAT_LARGEDIR),
                    external_journal=bool(incompat & EXT_INCOMPAT_JOURNAL_DEV), label=label)


NTFS_VOLUME_MFT_ENTRY = 3
NTFS_VOLUME_INFORMATION = 0x70
NTFS_VOLUME_DIRTY = 0x0001


def ntfs_dirty(volume: ReadAt) -> bool | None:
    """The dirty bit of $Volume's VOLUME_INFORMATION (set while mounted, cleared by a clean unmount); None when the
    structures do not parse. The NTFS reader does not expose it, so it is read here: boot sector -> $MFT entry 3 ->
    update-sequence fix-up -> resident attribute 0x70, flags at +10 of its value."""
    boot = volume.read_at(0, 512)
    try:
        bytes_per_sector, sectors_per_cluster = struct.unpack_from("<HB", boot, 11)
        (mft_cluster,) = struct.unpack_from("<Q", boot, 48)
        (record_size_raw,) = struct.unpack_from("<b", boot, 64)
    except struct.error:
        return None
    if bytes_per_sector not in (512, 1024, 2048, 4096) or not sectors_per_cluster:
        return None
    cluster = bytes_per_sector * (sectors_per_cluster if sectors_per_cluster <= 0x80 else 1 << (256 - sectors_per_cluster))
    record_size = record_size_raw * cluster if record_size_raw > 0 else 1 << -record_size_raw
    if not 256 <= record_size <= 65536:
        return None
    record = bytearray(volume.read_at(mft_cluster * cluster + NTFS_VOLUME_MFT_ENTRY * record_size, record_size))
    if len(record) != record_size or record[:4] != b"FILE":
        return None
    usa_offset, usa_count = struct.unpack_from("<HH", record, 4)
    for i in range(1, usa_count):  # put back the last two bytes of every sector (NTFS update sequence array)
        end = i * bytes_per_sector
        if end > record_size or usa_offset + 2 * i + 2 > record_size:
            return None
        record[end - 2 : end] = record[usa_offset + 2 * i : usa_offset + 2 * i + 2]
    (at,) = struct.unpack_from("<H", record, 20)
    while at + 16 <= record_size:
        kind, length = struct.unpack_from("<II", record, at)
        if kind == 0xFFFFFFFF or length < 16 or at + length > record_size:
            return None
        if kind == NTFS_VOLUME_INFORMATION and record[at + 8] == 0:  # resident
            value_length, value_offset = struct.unpack_from("<IH", record, at + 16)
            value = record[at + value_offset : at + value_offset + value_length]
            if len(value) < 12:
                return None
            return bool(struct.unpack_from("<H", value, 10)[0] & NTFS_VOLUME_DIRTY)
        at += length
    return None


__all__ = ["DESCRIPTIONS", "READABLE", "UNREADABLE_WHY", "ExtState", "ext_state", "identify", "ntfs_dirty"]
