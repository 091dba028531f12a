"""The import checks on footers and partition tables, without a lab (the provisioning tests cover the wire)."""

from __future__ import annotations

import struct
from pathlib import Path

import pytest

from azslab.providers.compute_admin.diskcheck import MIB, DiskRejected, check_footer

from .disks import mbr_disk, to_vhd


@pytest.fixture(scope="module")
def fixed_footer(qemu_img: str, tmp_path_factory: pytest.TempPathFactory) -> tuple[bytes, int]:
    vhd = to_vhd(qemu_img, mbr_disk(tmp_path_factory.mktemp("d") / "disk.raw", size_mib=2))
    data = vhd.read_bytes()
    return data[-512:], len(data)


def _with(footer: bytes, offset: int, value: bytes) -> bytes:
    patched = bytearray(footer)
    patched[offset:offset + len(value)] = value
    patched[64:68] = b"\0\0\0\0"
    struct.pack_into(">I", patched, 64, ~sum(patched) & 0xFFFFFFFF)
    return bytes(patched)


def test_qemu_fixed_footer_passes(fixed_footer: tuple[bytes, int]) -> None:
    footer, size = fixed_footer
    check_footer(footer, size)
    assert size == 2 * MIB + 512


@pytest.mark.parametrize(("offset", "value", "reason"), [
    (60, struct.pack(">I", 3), "dynamic"),
    (60, struct.pack(">I", 4), "differencing"),
    (48, struct.pack(">Q", 3 * MIB), "incomplete"),
])
def test_footer_refusals(fixed_footer: tuple[bytes, int], offset: int, value: bytes, reason: str) -> None:
    footer, size = fixed_footer
    with pytest.raises(DiskRejected, match=reason):
        check_footer(_with(footer, offset, value), size)


def test_damaged_checksum_and_missing_cookie(fixed_footer: tuple[bytes, int]) -> None:
    footer, size = fixed_footer
    damaged = bytearray(footer)
    damaged[20] ^= 0xFF
    with pytest.raises(DiskRejected, match="checksum"):
        check_footer(bytes(damaged), size)
    with pytest.raises(DiskRejected, match="conectix"):
        check_footer(b"\0" * 512, size)


def test_raw_disk_is_not_a_vhd(tmp_path: Path) -> None:
    raw = mbr_disk(tmp_path / "r.raw", size_mib=1).read_bytes()
    with pytest.raises(DiskRejected, match="VHD footer"):
        check_footer(raw[-512:], len(raw))
