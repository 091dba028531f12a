"""D1-D6: the container, the partitions and the state of the file systems (reference/image-preflight.md §5).

D1-D4 reuse azskernel.vhd's rules (the same messages Get-VHD and Add-AzsPlatformImage give), grouped by check.
When the image goes up through Add-AzVhd (`converted_on_upload`), a VHDX, a dynamic or raw source and a size that
is not a whole MiB are facts, not errors: Add-AzVhd streams every source as a fixed, whole-MiB VHD.
"""

from __future__ import annotations

from azskernel.vhd.checks import Finding as VhdFinding
from azskernel.vhd.checks import generation_rules
from azskernel.vhd.inspect import source_rules

from .errors import InspectError
from .image import LINUX, WINDOWS, Image
from .linux_checks import fstab_entries
from .registry import Hive
from .results import (
    ERROR,
    INFO,
    WARNING,
    Finding,
    Outcome,
    cannot_inspect,
    combine,
    failed,
    not_applicable,
)
from .volumes import EXT, NTFS, XFS, ext_state, ntfs_dirty
from .windows_checks import hive

MiB = 1024 * 1024
D1_CODES = ("VhdxFormat", "LogicalSectorSize")
D2_CODES = ("NoFooter", "NotFixed", "BadChecksum", "TrailingData")
D3_CODES = ("SizeNotWholeMiB", "TooSmall", "TooLarge", "SizeMismatch")
CONVERTED_ON_UPLOAD = ("VhdxFormat", "NoFooter", "NotFixed", "SizeNotWholeMiB")
LVM_TYPES = ("0x8e", "e6d6d379-f507-44c2-a23c-238f2a3df928")
SWAP_TYPES = ("0x82", "0657fd6d-a4ab-43c4-84e5-0933c84b4f4f")


def _source_findings(image: Image, codes: tuple[str, ...]) -> list[Finding]:
    assert image.source is not None
    out = []
    for f in source_rules(image.source):
        if f.code not in codes:
            continue
        if image.converted_on_upload and f.code in CONVERTED_ON_UPLOAD:
            out.append(Finding(INFO, f"{_first_sentence(f)} Add-AzVhd streams it to the blob as a fixed VHD of a "
                                     "whole number of MiB, so this is fine for that upload."))
        else:
            out.append(Finding(_severity(f), f.message))
    return out


def _first_sentence(f: VhdFinding) -> str:
    return f.message.split(": ", 1)[0].split("; ", 1)[0].rstrip(".") + "."


def _severity(f: VhdFinding) -> str:
    return ERROR if f.severity == "error" else WARNING


CONTAINER_UNREADABLE = "the disk container cannot be read (see D2)"


def _container_unreadable(image: Image) -> Outcome | None:
    if image.source is None:
        return cannot_inspect(CONTAINER_UNREADABLE)
    return None


def check_vhdx(image: Image) -> Outcome:
    """D1: a VHD, not a VHDX (S1 add-vm-image)."""
    if (out := _container_unreadable(image)) is not None:
        return out
    assert image.source is not None
    evidence = ("file header: 'vhdxfile'" if image.source.format == "VHDX" else
                "footer cookie 'conectix'" if image.source.format == "VHD" else "no VHD footer: a raw image")
    return combine(_source_findings(image, D1_CODES), "The image is not a VHDX.", evidence)


def check_vhd_type(image: Image) -> Outcome:
    """D2: a fixed VHD (footer disk type 2), footer intact, nothing after it (S1 verify-vhd, add-vm-image)."""
    source = image.source
    if source is None:
        return failed(ERROR, str(image.container_problem), "the container's headers, footer or block table")
    if source.format == "VHDX":
        return not_applicable("A VHDX has no VHD footer (see D1).")
    evidence = (f"footer disk type {source.footer.disk_type} ({source.disk_type})" if source.footer is not None
                else "no footer (raw image)")
    findings = _source_findings(image, D2_CODES)
    if image.container_problem:
        findings.append(Finding(ERROR, image.container_problem))
    return combine(findings, "The image is a fixed VHD.", evidence)


def check_size(image: Image) -> Outcome:
    """D3: virtual size a whole MiB, 20 MiB to 1,023 GiB; a fixed file is the size plus the footer (S1)."""
    if (out := _container_unreadable(image)) is not None:
        return out
    source = image.source
    assert source is not None
    size = source.virtual_size
    evidence = f"virtual size {size} bytes ({size / MiB:.2f} MiB)"
    if source.data_length is not None:
        evidence += f", {source.data_length} bytes of data before the footer"
    return combine(_source_findings(image, D3_CODES), "The virtual size is a whole number of MiB within the Hub's "
                   "limits.", evidence)


def _table_evidence(image: Image) -> str:
    table = image.table
    if table.scheme == "None":
        return "no MBR or GPT partition table"
    parts = ", ".join(f"{p.number}: {p.type} at {p.start // MiB} MiB ({p.length // MiB} MiB)"
                      for p in table.partitions)
    return f"{table.scheme}{' (protective MBR)' if table.protective_mbr else ''}: {parts or 'no partitions'}"


def check_generation(image: Image) -> Outcome:
    """D4: boots as generation 1 (BIOS): MBR, or GPT with a BIOS-boot partition; never Windows on GPT (S1)."""
    if image.view is None:
        return cannot_inspect(CONTAINER_UNREADABLE)
    findings = [Finding(_severity(f), f.message) for f in generation_rules(image.table)]
    if image.windows is not None and image.table.scheme == "GPT" and not any(f.severity == ERROR for f in findings):
        findings.append(Finding(ERROR, "Windows is installed on a GPT disk, which Windows boots only with UEFI "
                                       "(generation 2); Azure Stack Hub runs generation 1 only: build the image "
                                       "on an MBR disk (a generation 1 VM)."))
    return combine(findings, "The partitioning boots as generation 1 (BIOS), the only generation Azure Stack Hub "
                   "runs.", _table_evidence(image))


def check_lvm_swap(image: Image) -> Outcome:
    """D5: no LVM (not inspected; the guide's Red Hat page advises standard partitions), no swap on the OS disk."""
    if image.view is None:
        return cannot_inspect(CONTAINER_UNREADABLE)
    findings = []
    for v in image.volumes:
        if v.type in LVM_TYPES or v.kind == "lvm":
            findings.append(Finding(WARNING, f"{v.where.capitalize()} is an LVM physical volume: the file systems "
                                    "inside it cannot be inspected by this check, and the guide advises standard "
                                    "partitions rather than LVM for the OS disk. Rebuild the image with a plain "
                                    "root partition, or check its contents by hand.",
                                    f"{v.where} type {v.type or v.kind}"))
        if v.type in SWAP_TYPES or v.kind == "swap":
            findings.append(Finding(WARNING, f"{v.where.capitalize()} is a swap partition: the guide asks for no "
                                    "swap on the OS disk; remove it and let the agent put swap on the resource disk "
                                    "(ResourceDisk.EnableSwap=y and ResourceDisk.SwapSizeMB in /etc/waagent.conf).",
                                    f"{v.where} type {v.type or v.kind}"))
    fstab_note = ""
    if image.linux is not None:
        swaps = [e for e in fstab_entries(image) if len(e) >= 3 and e[2] == "swap"]
        for entry in swaps:
            findings.append(Finding(WARNING, f"/etc/fstab mounts swap ({entry[0]}): the guide asks for no swap on "
                                    "the OS disk; remove the line and set ResourceDisk.EnableSwap=y in "
                                    "/etc/waagent.conf so the agent puts swap on the resource disk.",
                                    f"/etc/fstab: {' '.join(entry)}"))
    elif LINUX in image.families:
        fstab_note = "; /etc/fstab not read (no Linux root file system)"
    return combine(findings, "No LVM and no swap on the OS disk.",
                   f"{_table_evidence(image)}{fstab_note}")


def check_clean(image: Image) -> Outcome:
    """D6: file systems unmounted cleanly and hives with no writes left in their logs (the readers replay nothing,
    so the other checks may read stale data otherwise)."""
    if image.view is None:
        return cannot_inspect(CONTAINER_UNREADABLE)
    findings: list[Finding] = []
    looked: list[str] = []
    for v in image.volumes:
        if v.kind == EXT:
            state = ext_state(v.file)
            looked.append(f"{v.where} ext: needs_recovery={'yes' if state.needs_recovery else 'no'}")
            if state.needs_recovery:
                findings.append(Finding(WARNING, f"The ext file system on {v.where} was not cleanly unmounted: its "
                                        "journal holds writes not yet applied, and this check reads without "
                                        "replaying them, so what it read may be stale. Shut the VM down cleanly "
                                        "(sudo shutdown -h now) before capturing the VHD.",
                                        f"{v.where}: ext superblock incompat flag needs_recovery set"))
            if state.has_errors:
                findings.append(Finding(WARNING, f"The ext file system on {v.where} is marked as having errors: "
                                        "run e2fsck -f on it before capturing the VHD.",
                                        f"{v.where}: ext superblock s_state has the errors bit"))
        elif v.kind == NTFS:
            dirty = ntfs_dirty(v.file)
            looked.append(f"{v.where} NTFS: dirty={'unknown' if dirty is None else 'yes' if dirty else 'no'}")
            if dirty:
                findings.append(Finding(WARNING, f"The NTFS volume on {v.where} is marked dirty (not cleanly "
                                        "dismounted, or chkdsk is pending): shut Windows down completely (after "
                                        "Sysprep, let it power off) and run chkdsk if needed before capturing.",
                                        f"{v.where}: $Volume VOLUME_INFORMATION dirty flag set"))
        elif v.kind == XFS:
            looked.append(f"{v.where} XFS: log state not read (XFS keeps no clean flag in its superblock)")
    if WINDOWS in image.families and image.windows is not None:
        for name in ("SYSTEM", "SOFTWARE"):
            try:
                found: Hive | None = hive(image, name)
            except InspectError as exc:
                looked.append(f"{name} hive: {exc.reason}")
                continue
            if found is None:
                continue
            looked.append(f"{name} hive: {'dirty' if found.dirty else 'clean'}")
            if found.dirty:
                findings.append(Finding(WARNING, f"The {name} registry hive has writes still in its transaction "
                                        f"logs ({name}.LOG1/LOG2), which this check does not replay: the values it "
                                        "read may be stale. Shut Windows down cleanly before capturing the VHD.",
                                        f"{found.path}: primary and secondary sequence numbers differ"))
    if not looked:
        return not_applicable("No ext, XFS or NTFS volume to check.")
    return combine(findings, "The file systems were unmounted cleanly.", "; ".join(looked))


__all__ = ["check_clean", "check_generation", "check_lvm_swap", "check_size", "check_vhd_type", "check_vhdx"]
