"""What the stamp's image import checks, done on the blob itself with ranged HTTPS reads.

Reads anonymously unless the URI carries a SAS (exactly what the platform does), then checks: the VHD
footer (cookie, checksum, fixed type, size), that the disk is whole MiB, and that the OS disk is not a
generation-2-only disk (GPT with an EFI system partition and no BIOS boot partition). Only causes Hub documents
fail an import (docs/stamp-fidelity.md); a missing boot sector does not.
Every refusal is a `DiskRejected` whose message is the reason (it goes to the lab's log, never to ARM).
"""

from __future__ import annotations

import http.client
import ssl
import struct
import uuid
from dataclasses import dataclass
from urllib.parse import urlsplit

MIB = 1024 * 1024
MIN_DISK = 20 * MIB
"""azure-stack/user/vm-move-overview.md: "VHD has minimum virtual size of at least 20 MB" (whole MiB sizes: 20 MiB)."""
SECTOR = 512
FIXED, DYNAMIC, DIFFERENCING = 2, 3, 4
ESP_GUID = uuid.UUID("c12a7328-f81f-11d2-ba4b-00a0c93ec93b")
BIOS_BOOT_GUID = uuid.UUID("21686148-6449-6e6f-744e-656564454649")
_MAX_GPT_ENTRIES = 256


class DiskRejected(Exception):
    """The disk would make the import fail; the message says why."""


@dataclass(frozen=True)
class BlobReader:
    """Anonymous or SAS ranged reads of one blob over HTTPS."""

    uri: str
    context: ssl.SSLContext
    timeout: float = 15.0

    def _request(self, method: str, headers: dict[str, str]) -> tuple[int, dict[str, str], bytes]:
        parts = urlsplit(self.uri)
        if parts.scheme != "https" or not parts.hostname:
            raise DiskRejected(f"the disk URI is not an https URL: {parts.scheme}://{parts.hostname}{parts.path}")
        target = parts.path + (f"?{parts.query}" if parts.query else "")
        conn = http.client.HTTPSConnection(parts.hostname, parts.port or 443, timeout=self.timeout,
                                           context=self.context)
        try:
            conn.request(method, target, headers={"x-ms-version": "2019-07-07", **headers})
            resp = conn.getresponse()
            body = resp.read()
            return resp.status, {k.lower(): v for k, v in resp.getheaders()}, body
        except (OSError, http.client.HTTPException) as exc:
            raise DiskRejected(f"the blob {self.where} cannot be reached: {type(exc).__name__}: {exc}") from None
        finally:
            conn.close()

    @property
    def where(self) -> str:
        """The URI without its query: a SAS signature never goes to a log."""
        parts = urlsplit(self.uri)
        return f"{parts.scheme}://{parts.netloc}{parts.path}"

    @property
    def has_sas(self) -> bool:
        return "sig=" in urlsplit(self.uri).query

    def size(self) -> int:
        status, headers, _ = self._request("HEAD", {})
        if status != 200:
            how = "with the SAS in its URI" if self.has_sas else "without credentials (no SAS in the URI)"
            raise DiskRejected(f"the blob {self.where} is not readable {how}: HTTP {status}. Make the container "
                               "public (blob access) or give a URI with a read SAS.")
        return int(headers.get("content-length", "0"))

    def read(self, offset: int, length: int) -> bytes:
        status, _, body = self._request("GET", {"x-ms-range": f"bytes={offset}-{offset + length - 1}"})
        if status not in (200, 206) or len(body) != length:
            raise DiskRejected(f"reading {length} bytes at {offset} of {self.where} failed: HTTP {status}")
        return body


def check_footer(footer: bytes, blob_size: int) -> None:
    if footer[:8] != b"conectix":
        raise DiskRejected("the blob does not end with a VHD footer ('conectix' cookie missing): upload a fixed VHD, "
                           "not a raw, VHDX or other image")
    stored = struct.unpack(">I", footer[64:68])[0]
    computed = ~sum(footer[:64] + b"\0\0\0\0" + footer[68:]) & 0xFFFFFFFF
    if stored != computed:
        raise DiskRejected("the VHD footer checksum is wrong: the footer is damaged")
    disk_type = struct.unpack(">I", footer[60:64])[0]
    if disk_type == DYNAMIC:
        raise DiskRejected("the VHD is dynamic: only fixed VHDs can be imported (convert it to fixed first)")
    if disk_type == DIFFERENCING:
        raise DiskRejected("the VHD is differencing: only fixed VHDs can be imported")
    if disk_type != FIXED:
        raise DiskRejected(f"the VHD footer has an unknown disk type {disk_type}")
    current_size = struct.unpack(">Q", footer[48:56])[0]
    if current_size != blob_size - SECTOR:
        raise DiskRejected(f"the VHD footer says {current_size} bytes but the blob holds {blob_size - SECTOR} "
                           "bytes of disk: the upload is incomplete or resized")


def check_generation1(reader: BlobReader) -> None:
    """Refuse only what Hub documents: a disk that boots as generation 2 only (GPT with an EFI system partition
    and no BIOS boot partition). A disk without a boot sector, or with a GPT the check cannot read, is not a
    documented cause of Failed (the client's pre-flight warns about it), so the import goes on."""
    mbr = reader.read(0, SECTOR)
    types = [mbr[446 + 16 * i + 4] for i in range(4)]
    if mbr[510:512] != b"\x55\xaa" or 0xEE not in types:
        return
    header = reader.read(SECTOR, SECTOR)
    if header[:8] != b"EFI PART":
        return
    entries_lba, count, entry_size = struct.unpack("<QII", header[72:88])
    count = min(count, _MAX_GPT_ENTRIES)
    if entry_size < 128 or entry_size > 4096 or count == 0:
        return
    table = reader.read(entries_lba * SECTOR, count * entry_size)
    kinds = {uuid.UUID(bytes_le=table[i * entry_size: i * entry_size + 16]) for i in range(count)}
    if ESP_GUID in kinds and BIOS_BOOT_GUID not in kinds:
        raise DiskRejected("the disk is GPT with an EFI system partition and no BIOS boot partition: it boots only "
                           "as generation 2, and the stamp runs generation-1 VMs")


def check_disk(uri: str, context: ssl.SSLContext, bootable: bool) -> None:
    """Raise DiskRejected unless the blob at `uri` is an importable fixed VHD (bootable: the OS disk)."""
    reader = BlobReader(uri, context)
    size = reader.size()
    if size < SECTOR + MIB:
        raise DiskRejected(f"the blob is {size} bytes: too small to be a VHD of at least 1 MiB")
    check_footer(reader.read(size - SECTOR, SECTOR), size)
    if (size - SECTOR) % MIB:
        raise DiskRejected(f"the disk size {size - SECTOR} bytes is not a whole number of MiB")
    if size - SECTOR < MIN_DISK:
        raise DiskRejected(f"the disk size {size - SECTOR} bytes is below the minimum of 20 MB")
    if bootable:
        check_generation1(reader)
