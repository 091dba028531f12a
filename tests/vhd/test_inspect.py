"""Get-VHD: Hyper-V's properties for every format, checked against qemu-img info and the files' own headers."""

from __future__ import annotations

import json
import struct
import subprocess
from pathlib import Path

import pytest

from azskernel.vhd import UnsupportedDiskError, get_vhd, open_disk
from tests.vhd.images import (
    VHDX_LOGICAL_SECTOR_SIZE,
    MiB,
    fix_vhd_checksum,
    make_raw,
    mbr,
    patch_vhdx_metadata,
    qemu_convert,
)

SIZE = 30 * MiB
HYPERV_ORDER = ["Path", "VhdFormat", "VhdType", "FileSize", "Size", "MinimumSize", "LogicalSectorSize",
                "PhysicalSectorSize", "BlockSize", "ParentPath", "DiskIdentifier", "PartitionStyle", "Creator",
                "Geometry", "AzureStackHubReady", "Reasons"]


@pytest.fixture(scope="module")
def raw(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("inspect")
    return make_raw(root / "disk.raw", SIZE, [(0, mbr([(0x83, 2048, 10 * 2048)])), (5 * MiB, b"d" * 5000)])


def _qemu_info(qemu_img: str, path: Path, fmt: str) -> dict:
    out = subprocess.run([qemu_img, "info", "--output=json", "-f", fmt, str(path)], check=True,
                         capture_output=True, text=True).stdout
    return json.loads(out)


@pytest.mark.parametrize(("fmt", "options", "expected"), [
    ("vhd", ("subformat=dynamic", "force_size=on"), ("VHD", "Dynamic", 2 * MiB)),
    ("vhd", ("subformat=fixed", "force_size=on"), ("VHD", "Fixed", 0)),
    ("vhdx", ("block_size=16M",), ("VHDX", "Dynamic", 16 * MiB)),
])
def test_properties(raw: Path, tmp_path: Path, qemu_img: str, fmt: str, options: tuple, expected: tuple) -> None:
    image = qemu_convert(qemu_img, raw, "raw", tmp_path / f"d.{fmt}", fmt, *options)
    info = get_vhd(image)
    qemu = _qemu_info(qemu_img, image, "vpc" if fmt == "vhd" else fmt)
    assert (info.VhdFormat, info.VhdType, info.BlockSize) == expected
    assert info.Size == qemu["virtual-size"] == SIZE
    assert info.FileSize == image.stat().st_size
    assert info.Path == str(image.absolute())
    assert info.MinimumSize == 11 * MiB and info.PartitionStyle == "MBR"
    assert (info.LogicalSectorSize, info.PhysicalSectorSize) == (512, 512)
    assert info.ParentPath is None and info.DiskIdentifier
    assert list(info.to_dict()) == HYPERV_ORDER
    assert info.AzureStackHubReady == (expected[1] == "Fixed")


def test_raw_properties(raw: Path) -> None:
    info = get_vhd(raw)
    assert (info.VhdFormat, info.VhdType, info.Size, info.FileSize) == ("Raw", "Unknown", SIZE, SIZE)
    assert info.DiskIdentifier is None and not info.AzureStackHubReady


def test_footer_details(raw: Path, tmp_path: Path, qemu_img: str) -> None:
    image = qemu_convert(qemu_img, raw, "raw", tmp_path / "f.vhd", "vhd", "subformat=fixed", "force_size=on")
    footer = image.read_bytes()[-512:]
    info = get_vhd(image)
    assert info.DiskIdentifier.replace("-", "").lower() == footer[68:84].hex()
    # qemu-img with force_size writes creator "qem2" and the maximum geometry (vhd-upload.md)
    assert info.Creator.startswith("qem2 ") and info.Geometry == "65535/16/255"
    chs = qemu_convert(qemu_img, raw, "raw", tmp_path / "chs.vhd", "vhd", "subformat=fixed")
    cylinders, heads, sectors = map(int, get_vhd(chs).Geometry.split("/"))
    assert cylinders * heads * sectors * 512 == get_vhd(chs).Size


def _make_differencing(dynamic: Path, parent: str) -> None:
    """Turn a dynamic VHD into a differencing one naming `parent` (qemu-img cannot create them)."""
    data = dynamic.read_bytes()
    for at in (0, len(data) - 512):
        data = fix_vhd_checksum(data[:at + 60] + struct.pack(">I", 4) + data[at + 64 :], at)
    header_at = struct.unpack_from(">Q", data, 16)[0]
    bat_at = struct.unpack_from(">Q", data, header_at + 16)[0]
    locator_text = parent.encode("utf-16-le")
    locator_at = bat_at + 256  # the unused tail of the BAT's last sector
    header = bytearray(data[header_at : header_at + 1024])
    header[64 : 64 + 512] = "parent.vhd".encode("utf-16-be").ljust(512, b"\0")
    header[576:600] = struct.pack(">4sIIIQ", b"W2ku", 512, len(locator_text), 0, locator_at)
    data = data[:header_at] + bytes(header) + data[header_at + 1024 :]
    data = data[:locator_at] + locator_text + data[locator_at + len(locator_text) :]
    dynamic.write_bytes(fix_vhd_checksum(data, header_at, 36, 1024))


def test_differencing_disk_reports_its_parent(raw: Path, tmp_path: Path, qemu_img: str) -> None:
    child = qemu_convert(qemu_img, raw, "raw", tmp_path / "child.vhd", "vhd", "subformat=dynamic", "force_size=on")
    _make_differencing(child, "C:\\images\\parent.vhd")
    info = get_vhd(child)
    assert (info.VhdType, info.ParentPath) == ("Differencing", "C:\\images\\parent.vhd")
    assert "NotFixed" in [f.code for f in info.Findings] and not info.AzureStackHubReady
    with pytest.raises(UnsupportedDiskError, match="Merge"):
        open_disk(child)


def test_vhdx_with_4k_logical_sectors(raw: Path, tmp_path: Path, qemu_img: str) -> None:
    """qemu-img writes 512-byte logical sectors; patch the metadata item to 4096 and re-read."""
    image = qemu_convert(qemu_img, raw, "raw", tmp_path / "s.vhdx", "vhdx")
    image.write_bytes(patch_vhdx_metadata(image.read_bytes(), VHDX_LOGICAL_SECTOR_SIZE, struct.pack("<I", 4096)))
    info = get_vhd(image)
    assert info.LogicalSectorSize == 4096 and info.Size == SIZE
    assert "LogicalSectorSize" in [f.code for f in info.Findings]
