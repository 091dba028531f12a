"""Resize-VHD in place: fixed and dynamic VHDs and raw images, checked with qemu-img compare."""

from __future__ import annotations

import os
import struct
from pathlib import Path

import pytest

from azskernel.vhd import (
    InvalidSizeError,
    ShrinkRefusedError,
    UnsupportedDiskError,
    get_vhd,
    open_disk,
    resize_vhd,
)
from tests.vhd.images import MiB, make_raw, mbr, qemu_compare, qemu_convert, scattered_extents, write_at


def _footer_fields(path: Path) -> tuple[int, int]:
    with open(path, "rb") as f:
        f.seek(-512, os.SEEK_END)
        footer = f.read(512)
    return struct.unpack_from(">Q", footer, 48)[0], struct.unpack_from(">I", footer, 60)[0]


def _partitioned(tmp_path: Path, qemu_img: str, size: int, part_mib: int, *options: str) -> Path:
    raw = make_raw(tmp_path / "p.raw", size, [(0, mbr([(0x83, 2048, part_mib * 2048)]))])
    options = options or ("subformat=fixed", "force_size=on")
    return qemu_convert(qemu_img, raw, "raw", tmp_path / "p.vhd", "vhd", *options)


def _grown_copy(qemu_img: str, image: Path, fmt: str, size: int, tmp_path: Path) -> Path:
    """What the disk should read as after growing: qemu-img's raw copy of it, extended with zeros."""
    out = qemu_convert(qemu_img, image, fmt, tmp_path / "expected.raw", "raw")
    with open(out, "r+b") as f:
        f.truncate(size)
    return out


def test_grow_a_fixed_vhd(tmp_path: Path, qemu_img: str) -> None:
    vhd = _partitioned(tmp_path, qemu_img, 30 * MiB + 512, 20)
    expected = _grown_copy(qemu_img, vhd, "vhd", 31 * MiB, tmp_path)
    info = resize_vhd(vhd, 31 * MiB)
    assert info.Size == 31 * MiB and info.AzureStackHubReady, info.Reasons
    assert _footer_fields(vhd) == (31 * MiB, 2) and vhd.stat().st_size == 31 * MiB + 512
    assert qemu_compare(qemu_img, expected, "raw", vhd, "vhd").returncode == 0


def test_grow_a_dynamic_vhd_with_a_chs_rounded_size(tmp_path: Path, qemu_img: str) -> None:
    """The classic case: qemu-img without force_size rounds up to a CHS size that is not a whole MiB."""
    raw = make_raw(tmp_path / "d.raw", 40 * MiB, scattered_extents(3, 40 * MiB, 6))
    vhd = qemu_convert(qemu_img, raw, "raw", tmp_path / "d.vhd", "vhd", "subformat=dynamic")
    before = get_vhd(vhd)
    assert before.Size % MiB and before.VhdType == "Dynamic"
    target = -(-before.Size // MiB) * MiB
    expected = _grown_copy(qemu_img, vhd, "vhd", target, tmp_path)
    info = resize_vhd(vhd, target)
    assert (info.VhdType, info.Size) == ("Dynamic", target)
    assert [f.code for f in info.Findings] == ["NotFixed", "NoPartitionTable"]
    assert qemu_compare(qemu_img, expected, "raw", vhd, "vhd").returncode == 0
    with open(vhd, "rb") as f:
        assert f.read(512) == vhd.read_bytes()[-512:], "both footer copies agree"


def test_grow_a_dynamic_vhd_clears_the_tail_of_its_last_block(tmp_path: Path, qemu_img: str) -> None:
    """Bytes in the file past the old end (inside the last, partial block) must not appear as data."""
    size = 33 * MiB + 1536
    raw = make_raw(tmp_path / "t.raw", size, [(size - 512, b"\7" * 512)])
    vhd = qemu_convert(qemu_img, raw, "raw", tmp_path / "t.vhd", "vhd", "subformat=dynamic", "force_size=on")
    data = vhd.read_bytes()
    header_at = struct.unpack_from(">Q", data, 16)[0]
    bat_at = struct.unpack_from(">Q", data, header_at + 16)[0]
    last = struct.unpack_from(">I", data, bat_at + 16 * 4)[0]  # block 16 holds bytes 32 MiB..34 MiB
    write_at(vhd, [(last * 512 + 512 + (size - 32 * MiB), b"\xee" * 4096)])  # junk past the old end
    expected = _grown_copy(qemu_img, raw, "raw", 40 * MiB, tmp_path)
    resize_vhd(vhd, 40 * MiB)
    assert qemu_compare(qemu_img, expected, "raw", vhd, "vhd").returncode == 0


def test_dynamic_growth_beyond_the_table_is_refused_untouched(tmp_path: Path, qemu_img: str) -> None:
    vhd = _partitioned(tmp_path, qemu_img, 40 * MiB, 20, "subformat=dynamic", "force_size=on")
    before = vhd.read_bytes()
    with pytest.raises(UnsupportedDiskError, match="Convert-VHD -VHDType Fixed -SizeBytes 314572800"):
        resize_vhd(vhd, 300 * MiB)
    assert vhd.read_bytes() == before
    info = resize_vhd(vhd, 256 * MiB)  # 128 blocks: the BAT's padded sector holds them
    assert info.Size == 256 * MiB and info.MinimumSize == 21 * MiB


def test_shrink_down_to_the_data_only(tmp_path: Path, qemu_img: str) -> None:
    vhd = _partitioned(tmp_path, qemu_img, 40 * MiB, 25)
    with pytest.raises(ShrinkRefusedError) as err:
        resize_vhd(vhd, 21 * MiB)
    assert f"up to byte {26 * MiB}" in str(err.value) and "27262976" in str(err.value)
    assert _footer_fields(vhd) == (40 * MiB, 2)
    info = resize_vhd(vhd, 27 * MiB)
    assert info.Size == 27 * MiB and info.MinimumSize == 26 * MiB
    with open_disk(vhd) as view:
        assert view.read(510, 2) == b"\x55\xaa"


def test_shrink_a_dynamic_vhd(tmp_path: Path, qemu_img: str) -> None:
    vhd = _partitioned(tmp_path, qemu_img, 40 * MiB, 20, "subformat=dynamic", "force_size=on")
    expected = _grown_copy(qemu_img, vhd, "vhd", 30 * MiB, tmp_path)
    assert resize_vhd(vhd, 30 * MiB).Size == 30 * MiB
    assert qemu_compare(qemu_img, expected, "raw", vhd, "vhd").returncode == 0


def test_unpartitioned_data_beyond_the_new_end_is_kept(tmp_path: Path) -> None:
    raw = make_raw(tmp_path / "d.raw", 40 * MiB, [(35 * MiB, b"data")])
    with pytest.raises(ShrinkRefusedError, match=str(36 * MiB)):
        resize_vhd(raw, 30 * MiB)
    assert raw.stat().st_size == 40 * MiB
    assert resize_vhd(raw, 36 * MiB).Size == 36 * MiB


def test_bad_sizes_and_vhdx_are_refused(tmp_path: Path, qemu_img: str) -> None:
    raw = make_raw(tmp_path / "r.raw", 40 * MiB)
    with pytest.raises(InvalidSizeError, match=f"{49 * MiB}"):
        resize_vhd(raw, 49 * MiB - 512)
    vhdx = qemu_convert(qemu_img, raw, "raw", tmp_path / "r.vhdx", "vhdx")
    with pytest.raises(UnsupportedDiskError, match="Convert-VHD"):
        resize_vhd(vhdx, 64 * MiB)
