"""The 512-byte VHD footer: parse, checksum, build (VHD spec, "Hard Disk Footer Format").

The footer sits at the end of every VHD (and, copied, at offset 0 of dynamic and differencing disks).
Every field is big-endian.
"""

from __future__ import annotations

import struct
import uuid
from collections.abc import Callable
from dataclasses import dataclass, replace

FOOTER_SIZE = 512
COOKIE = b"conectix"
FIXED_DATA_OFFSET = 0xFFFFFFFFFFFFFFFF
VERSION = 0x00010000
FEATURES_RESERVED = 0x2
VHD_EPOCH = 946684800
"""2000-01-01T00:00:00Z as a Unix time: VHD timestamps count from there."""

# Footer layout (VHD spec, "Hard Disk Footer Format"): cookie, features, version, data offset, time stamp,
# creator application, creator version, creator host OS, original size, current size, disk geometry
# (cylinders, heads, sectors per track), disk type, checksum, unique id, saved state.
FOOTER_FORMAT = ">8sIIQI4sI4sQQHBBII16sB"
FOOTER_FIELDS_SIZE = struct.calcsize(FOOTER_FORMAT)
CHECKSUM_OFFSET = 64

DISK_TYPE_FIXED = 2
DISK_TYPE_DYNAMIC = 3
DISK_TYPE_DIFFERENCING = 4
DISK_TYPE_NAMES = {0: "None", 2: "Fixed", 3: "Dynamic", 4: "Differencing"}

MAX_GEOMETRY = (65535, 16, 255)
"""The geometry qemu and Azure tooling write when the size is authoritative: readers then use current size."""

TRAILING_SCAN = 1024 * 1024 + FOOTER_SIZE
"""How far back from the end a footer followed by trailing bytes (padding added by copy tools) is looked for."""

CREATOR_APP = b"azsk"
CREATOR_VERSION = 0x00010000
CREATOR_HOST = b"Wi2k"


def checksum(data: bytes) -> int:
    """One's complement of the byte sum of the footer (or dynamic header) with its checksum field zeroed."""
    return ~sum(data) & 0xFFFFFFFF


def footer_checksum(raw: bytes) -> int:
    return checksum(raw[:CHECKSUM_OFFSET] + b"\0\0\0\0" + raw[CHECKSUM_OFFSET + 4 : FOOTER_SIZE])


@dataclass(frozen=True)
class Footer:
    """The fields of a VHD footer, as stored."""

    cookie: bytes
    features: int
    version: int
    data_offset: int
    """Offset of the dynamic header; all ones for a fixed disk."""
    timestamp: int
    """Seconds since 2000-01-01 UTC."""
    creator_app: bytes
    creator_version: int
    creator_host: bytes
    original_size: int
    current_size: int
    """The virtual size in bytes."""
    cylinders: int
    heads: int
    sectors_per_track: int
    disk_type: int
    checksum: int
    unique_id: bytes
    saved_state: int

    @classmethod
    def parse(cls, raw: bytes) -> Footer:
        """Decode 512 bytes; no validation (see `has_cookie`, `checksum_ok`)."""
        return cls(*struct.unpack_from(FOOTER_FORMAT, raw))

    @property
    def has_cookie(self) -> bool:
        return self.cookie == COOKIE

    @property
    def type_name(self) -> str:
        return DISK_TYPE_NAMES.get(self.disk_type, f"Unknown({self.disk_type})")

    @property
    def geometry(self) -> tuple[int, int, int]:
        return (self.cylinders, self.heads, self.sectors_per_track)

    @property
    def uuid(self) -> uuid.UUID:
        return uuid.UUID(bytes=self.unique_id)

    def to_bytes(self) -> bytes:
        """Encode with the checksum recomputed, so the result is always valid."""
        body = struct.pack(FOOTER_FORMAT, *(getattr(self, f) for f in _FIELD_NAMES[:-3]), 0, self.unique_id,
                           self.saved_state).ljust(FOOTER_SIZE, b"\0")
        value = checksum(body)
        return body[:CHECKSUM_OFFSET] + struct.pack(">I", value) + body[CHECKSUM_OFFSET + 4 :]


_FIELD_NAMES = [
    "cookie", "features", "version", "data_offset", "timestamp", "creator_app", "creator_version", "creator_host",
    "original_size", "current_size", "cylinders", "heads", "sectors_per_track", "disk_type", "checksum",
    "unique_id", "saved_state",
]


def checksum_ok(raw: bytes) -> bool:
    return struct.unpack_from(">I", raw, CHECKSUM_OFFSET)[0] == footer_checksum(raw)


def resized_footer(footer: Footer, size: int) -> bytes:
    """`footer` giving a virtual size of `size` bytes. A new size gets the maximum geometry (and our creator), which
    tells readers that go by geometry (qemu) to trust the current size instead, as qemu's own `force_size` does."""
    if footer.current_size == size:
        return footer.to_bytes()
    cylinders, heads, sectors = MAX_GEOMETRY
    return replace(footer, current_size=size, cylinders=cylinders, heads=heads, sectors_per_track=sectors,
                   creator_app=CREATOR_APP, creator_version=CREATOR_VERSION, creator_host=CREATOR_HOST).to_bytes()


def fixed_footer(virtual_size: int, *, unique_id: bytes, timestamp: int, source: Footer | None = None) -> bytes:
    """The footer of a fixed VHD of `virtual_size` bytes, derived from the source's footer when there is one."""
    if source is not None:
        return resized_footer(replace(source, data_offset=FIXED_DATA_OFFSET, disk_type=DISK_TYPE_FIXED,
                                      features=source.features | FEATURES_RESERVED), virtual_size)
    cylinders, heads, sectors = MAX_GEOMETRY
    return Footer(
        cookie=COOKIE, features=FEATURES_RESERVED, version=VERSION, data_offset=FIXED_DATA_OFFSET,
        timestamp=timestamp & 0xFFFFFFFF, creator_app=CREATOR_APP, creator_version=CREATOR_VERSION,
        creator_host=CREATOR_HOST, original_size=virtual_size, current_size=virtual_size, cylinders=cylinders,
        heads=heads, sectors_per_track=sectors, disk_type=DISK_TYPE_FIXED, checksum=0, unique_id=unique_id,
        saved_state=0,
    ).to_bytes()


def vhd_timestamp(unix_time: float) -> int:
    return max(0, int(unix_time) - VHD_EPOCH) & 0xFFFFFFFF


def find_footer(read_at: Callable[[int, int], bytes], size: int) -> tuple[Footer, bytes, int] | None:
    """(footer, its 512 bytes, its offset) of a VHD of `size` bytes: at the end, or, when bytes follow it, the last
    footer with a valid checksum in the last MiB that is plausibly the real one. None when there is none."""
    if size < FOOTER_SIZE:
        return None
    raw = read_at(size - FOOTER_SIZE, FOOTER_SIZE)
    if raw[:8] == COOKIE:
        return Footer.parse(raw), raw, size - FOOTER_SIZE
    span = min(size, TRAILING_SCAN)
    base = size - span
    tail = read_at(base, span)
    at = tail.rfind(COOKIE)
    while at >= 0:
        candidate = tail[at : at + FOOTER_SIZE]
        if len(candidate) == FOOTER_SIZE and checksum_ok(candidate):
            footer = Footer.parse(candidate)
            # a fixed disk's footer sits right after its data; anything else is a footer-like run inside the data
            if footer.disk_type in (DISK_TYPE_DYNAMIC, DISK_TYPE_DIFFERENCING) or (
                    footer.disk_type == DISK_TYPE_FIXED and footer.current_size == base + at):
                return footer, candidate, base + at
        at = tail.rfind(COOKIE, 0, at)
    return None
