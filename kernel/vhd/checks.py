"""Azure Stack Hub's rules for an image, one implementation for local files and for remote bytes (a blob).

Each rule returns `Finding`s (code, severity, message) whose message says what is wrong and what to do. The rules
(`reference/image-preflight.md`, D1-D4): a VHD, fixed, footer checksum right, nothing after the footer, virtual
size a whole MiB between 20 MiB and 1,023 GiB, and partitioning that boots as generation 1.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass

from .footer import DISK_TYPE_FIXED, FOOTER_SIZE, Footer, checksum_ok, find_footer
from .partitions import BIOS_BOOT, ESP, MBR_EFI_SYSTEM, MICROSOFT_RESERVED, PartitionTable, read_partition_table
from .paths import open_source

ReadAt = Callable[[int, int], bytes]

MiB = 1024 * 1024
GiB = 1024 * MiB
MIN_SIZE = 20 * MiB
MAX_SIZE = 1023 * GiB
ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True)
class Finding:
    """One reason an image is not ready for Azure Stack Hub (error) or may not work there (warning)."""

    code: str
    """Stable identifier, e.g. "NotFixed", "SizeNotWholeMiB", "Generation2Only"."""
    severity: str
    """"error" (the Hub will refuse or fail to boot it) or "warning"."""
    message: str
    """What is wrong and what to do."""

    def __str__(self) -> str:
        return self.message if self.severity == ERROR else f"Warning: {self.message}"


def is_ready(findings: list[Finding] | tuple[Finding, ...]) -> bool:
    return not any(f.severity == ERROR for f in findings)


def _human(size: int) -> str:
    if size >= GiB and size % GiB == 0:
        return f"{size // GiB} GiB"
    if size % MiB == 0:
        return f"{size // MiB} MiB"
    return f"{size / MiB:.2f} MiB"


def nearest_valid_sizes(size: int) -> tuple[int, int]:
    """The whole-MiB sizes just below and just above `size` (equal when it is already whole), within limits."""
    down = max(MIN_SIZE, size // MiB * MiB)
    up = min(MAX_SIZE, max(MIN_SIZE, -(-size // MiB) * MiB))
    return min(down, up), up


def _nearest(down: int, up: int) -> str:
    if down == up:  # below the minimum (or above the maximum) only one size is valid
        return f"The nearest valid size is {up} ({_human(up)})"
    return f"The nearest valid sizes are {down} ({_human(down)}) and {up} ({_human(up)})"


def size_rules(virtual_size: int) -> list[Finding]:
    out = []
    if virtual_size % MiB:
        down, up = nearest_valid_sizes(virtual_size)
        out.append(Finding("SizeNotWholeMiB", ERROR,
                           f"The virtual size, {virtual_size} bytes ({_human(virtual_size)}), is not a whole number "
                           f"of MiB. {_nearest(down, up)}: grow it with Resize-VHD -SizeBytes {up} (or Convert-VHD to a fixed copy of that "
                           "size)."))
    if virtual_size < MIN_SIZE:
        out.append(Finding("TooSmall", ERROR,
                           f"The virtual size, {_human(virtual_size)}, is below the minimum of 20 MiB: grow it with "
                           f"Resize-VHD -SizeBytes {MIN_SIZE}."))
    elif virtual_size > MAX_SIZE:
        out.append(Finding("TooLarge", ERROR,
                           f"The virtual size, {_human(virtual_size)}, is above Azure Stack Hub's limit of 1,023 GiB: "
                           "shrink the file systems and partitions inside the disk, then the disk."))
    return out


def footer_rules(footer: Footer, *, checksum_is_ok: bool, footer_offset: int, file_size: int) -> list[Finding]:
    """The rules a VHD footer must pass; `footer_offset` is where it was found (the end, unless bytes follow)."""
    out = []
    if not checksum_is_ok:
        out.append(Finding("BadChecksum", ERROR,
                           "The VHD footer checksum is wrong: the footer is damaged, and the rest of the file may "
                           "be too. Copy the image again from its source."))
    if footer.disk_type != DISK_TYPE_FIXED:
        out.append(Finding("NotFixed", ERROR,
                           f"The VHD is {footer.type_name.lower()}; Azure Stack Hub takes fixed VHDs only: convert "
                           "it with Convert-VHD -VHDType Fixed (or let Add-AzVhd stream it as fixed)."))
    trailing = file_size - footer_offset - FOOTER_SIZE
    if trailing > 0:
        out.append(Finding("TrailingData", ERROR,
                           f"{trailing} bytes follow the VHD footer, so the file does not end with it: truncate the "
                           f"file to {footer_offset + FOOTER_SIZE} bytes or make a clean copy with Convert-VHD."))
    if footer.disk_type == DISK_TYPE_FIXED and footer_offset != footer.current_size:
        out.append(Finding("SizeMismatch", ERROR,
                           f"The footer gives a virtual size of {footer.current_size} bytes but {footer_offset} bytes "
                           "of data precede it: the file is damaged or was resized without updating its footer. "
                           "Copy it again."))
    return out


def generation_rules(table: PartitionTable) -> list[Finding]:
    """Generation 1 (BIOS) boot: an MBR disk is fine; a GPT disk needs a BIOS-boot partition."""
    if table.scheme == "None":
        return [Finding("NoPartitionTable", WARNING,
                        "No MBR or GPT partition table was found: an operating system disk made this way will not "
                        "boot. Ignore this for a data disk.")]
    if table.scheme == "MBR":
        if table.has_type(MBR_EFI_SYSTEM):
            return [Finding("EfiPartitionOnMbr", WARNING,
                            "The MBR holds an EFI system partition: check that the disk boots with BIOS "
                            "(generation 1), the only kind Azure Stack Hub runs.")]
        return []
    if table.problem:
        return [Finding("GptUnreadable", ERROR,
                        f"The disk has a protective MBR, so it is a GPT disk, but its GPT cannot be read "
                        f"({table.problem}): repair the partition table (gdisk, sgdisk -e) and check again.")]
    has_esp, has_bios = table.has_type(ESP), table.has_type(BIOS_BOOT)
    if table.has_type(MICROSOFT_RESERVED) and not has_bios:
        return [Finding("WindowsOnGpt", ERROR,
                        "Windows on a GPT disk boots only with UEFI, i.e. as generation 2, and Azure Stack Hub runs "
                        "generation 1 only: build the image on an MBR disk (a generation 1 VM).")]
    if has_esp and not has_bios:
        return [Finding("Generation2Only", ERROR,
                        "The disk is GPT with an EFI system partition and no BIOS-boot partition: it boots only as "
                        "generation 2 (UEFI), and Azure Stack Hub runs generation 1 only. Rebuild the image as "
                        "generation 1 (MBR), or add a BIOS-boot partition and install GRUB for BIOS.")]
    if has_esp and has_bios:
        return [Finding("GenerationEither", WARNING,
                        "The disk is GPT with both an EFI system partition and a BIOS-boot partition: it can boot "
                        "either way; Azure Stack Hub will boot it as generation 1 (BIOS), so make sure GRUB for "
                        "BIOS is installed.")]
    if not has_bios:
        return [Finding("GptNoBootPartition", WARNING,
                        "The disk is GPT without a BIOS-boot or EFI system partition: as an operating system disk "
                        "it is unlikely to boot as generation 1.")]
    return []


VHDX_FINDING = Finding(
    "VhdxFormat", ERROR,
    "The image is a VHDX; Azure Stack Hub takes fixed VHDs only: convert it with Convert-VHD -VHDType Fixed, or "
    "upload it with Add-AzVhd, which streams it as a fixed VHD.")
NO_FOOTER_FINDING = Finding(
    "NoFooter", ERROR,
    "The image has no VHD footer (its last 512 bytes do not start with 'conectix'): it is a raw image or a "
    "truncated VHD. Convert it with Convert-VHD -VHDType Fixed, or upload it with Add-AzVhd.")


def check_image_bytes(read_at: ReadAt, size: int) -> list[Finding]:
    """Check an image from its bytes alone: `read_at(offset, length)` over `size` bytes (e.g. ranged GETs on a
    page blob). Reads the footer (the last 512 bytes, or the last MiB when something follows it) and, for a
    fixed VHD, the partition table in its first sectors."""
    if size == 0:
        return [Finding("Empty", ERROR, "The image is empty (0 bytes): upload it again.")]
    head = read_at(0, 8)
    if head == b"vhdxfile":
        return [VHDX_FINDING]
    found = find_footer(read_at, size)
    if found is None:
        return [NO_FOOTER_FINDING]
    footer, raw, offset = found
    findings = footer_rules(footer, checksum_is_ok=checksum_ok(raw), footer_offset=offset, file_size=size)
    findings += size_rules(footer.current_size)
    if footer.disk_type == DISK_TYPE_FIXED and offset >= footer.current_size:
        limit = footer.current_size

        def read_disk(at: int, length: int) -> bytes:
            length = max(0, min(length, limit - at))
            return read_at(at, length) if length else b""

        findings += generation_rules(read_partition_table(read_disk, limit))
    return findings


def check_file(path: str | os.PathLike[str]) -> list[Finding]:
    """The same check on a local file's own bytes (the file as it would be uploaded)."""
    fd, size = open_source(os.fspath(path))
    try:
        return check_image_bytes(lambda offset, length: os.pread(fd, length, offset), size)
    finally:
        os.close(fd)
