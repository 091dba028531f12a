"""Convert-VHD and Resize-VHD: results checked with qemu-img compare; sparse output; nothing left on failure."""

from __future__ import annotations

import os
import struct
import threading
from pathlib import Path

import pytest

from azskernel.vhd import (
    ConversionCancelledError,
    DestinationExistsError,
    InvalidSizeError,
    VhdValidationError,
    convert_vhd,
    get_vhd,
    open_disk,
)
from tests.vhd.images import (
    MiB,
    image_set,
    make_raw,
    mbr,
    qemu_compare,
    qemu_convert,
    scattered_extents,
    write_at,
)

SIZE = 48 * MiB + 3 * 512

SOURCES = {
    "raw": ("raw", ()),
    "vhd-fixed": ("vhd", ("subformat=fixed",)),
    "vhd-dynamic": ("vhd", ("subformat=dynamic", "force_size=on")),
    "vhdx": ("vhdx", ("block_size=1M",)),
}


@pytest.fixture(scope="module")
def sources(tmp_path_factory: pytest.TempPathFactory, qemu_img: str) -> dict[str, tuple[Path, str]]:
    root = tmp_path_factory.mktemp("convert")
    return image_set(qemu_img, make_raw(root / "source.raw", SIZE, scattered_extents(2, SIZE, 10)), SOURCES)


def _footer_fields(path: Path) -> tuple[int, int]:
    with open(path, "rb") as f:
        f.seek(-512, os.SEEK_END)
        footer = f.read(512)
    return struct.unpack_from(">Q", footer, 48)[0], struct.unpack_from(">I", footer, 60)[0]


@pytest.mark.parametrize("name", SOURCES)
def test_convert_matches_source_by_qemu_compare(sources: dict, name: str, tmp_path: Path, qemu_img: str) -> None:
    source, fmt = sources[name]
    dest = tmp_path / "out.vhd"
    info = convert_vhd(source, dest)
    assert (info.VhdFormat, info.VhdType) == ("VHD", "Fixed")
    result = qemu_compare(qemu_img, source, fmt, dest, "vhd")
    assert result.returncode == 0, result.stdout + result.stderr
    current, disk_type = _footer_fields(dest)
    assert disk_type == 2 and dest.stat().st_size == current + 512
    assert [p.name for p in tmp_path.iterdir()] == ["out.vhd"]


def test_convert_resizes_to_whole_mib_and_becomes_ready(sources: dict, tmp_path: Path, qemu_img: str) -> None:
    source, fmt = sources["vhd-dynamic"]
    assert not get_vhd(source).AzureStackHubReady
    dest = tmp_path / "ready.vhd"
    info = convert_vhd(source, dest, size_bytes=49 * MiB)
    assert info.Size == 49 * MiB
    assert "SizeNotWholeMiB" not in [f.code for f in info.Findings]
    assert "NotFixed" not in [f.code for f in info.Findings]
    grown_raw = tmp_path / "grown.raw"
    qemu_convert(qemu_img, source, fmt, grown_raw, "raw")
    with open(grown_raw, "r+b") as f:
        f.truncate(49 * MiB)
    assert qemu_compare(qemu_img, grown_raw, "raw", dest, "vhd").returncode == 0


def test_output_is_sparse(tmp_path: Path, qemu_img: str) -> None:
    """A big disk holding little data takes little room: holes stay holes."""
    raw = make_raw(tmp_path / "big.raw", 512 * MiB, [(10 * MiB, os.urandom(2 * MiB)), (300 * MiB, b"z" * 4096)])
    dynamic = qemu_convert(qemu_img, raw, "raw", tmp_path / "big.vhd", "vhd", "subformat=dynamic", "force_size=on")
    dest = tmp_path / "fixed.vhd"
    convert_vhd(dynamic, dest)
    assert dest.stat().st_size == 512 * MiB + 512
    assert dest.stat().st_blocks * 512 < 4 * MiB
    assert qemu_compare(qemu_img, raw, "raw", dest, "vhd").returncode == 0


def test_progress_is_monotonic_and_reaches_total(sources: dict, tmp_path: Path) -> None:
    seen: list[tuple[int, int]] = []
    convert_vhd(sources["vhdx"][0], tmp_path / "p.vhd", progress=lambda done, total: seen.append((done, total)))
    dones = [d for d, _ in seen]
    assert dones == sorted(dones) and seen[-1][0] == seen[-1][1] == SIZE + 512


def test_existing_destination_is_refused(sources: dict, tmp_path: Path) -> None:
    dest = tmp_path / "exists.vhd"
    dest.write_bytes(b"keep me")
    with pytest.raises(DestinationExistsError) as err:
        convert_vhd(sources["raw"][0], dest)
    assert "already exists" in str(err.value) and err.value.category == "ResourceExists"
    assert dest.read_bytes() == b"keep me"


def test_cancel_leaves_nothing(sources: dict, tmp_path: Path) -> None:
    cancel = threading.Event()

    def progress(done: int, total: int) -> None:
        cancel.set()

    with pytest.raises(ConversionCancelledError):
        convert_vhd(sources["vhd-dynamic"][0], tmp_path / "c.vhd", progress=progress, cancel=cancel)
    assert list(tmp_path.iterdir()) == []


def test_keyboard_interrupt_leaves_nothing(sources: dict, tmp_path: Path) -> None:
    def progress(done: int, total: int) -> None:
        if done > MiB:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        convert_vhd(sources["raw"][0], tmp_path / "k.vhd", progress=progress)
    assert list(tmp_path.iterdir()) == []


def test_only_fixed_and_vhd_destinations(sources: dict, tmp_path: Path) -> None:
    with pytest.raises(VhdValidationError, match="Fixed"):
        convert_vhd(sources["raw"][0], tmp_path / "d.vhd", vhd_type="Dynamic")
    with pytest.raises(VhdValidationError, match=r"\.vhd'"):
        convert_vhd(sources["raw"][0], tmp_path / "d.vhdx")
    with pytest.raises(InvalidSizeError, match="whole number of MiB"):
        convert_vhd(sources["raw"][0], tmp_path / "d.vhd", size_bytes=50 * MiB + 512)
    assert list(tmp_path.iterdir()) == []


def test_write_sparse_keeps_partial_chunks(tmp_path: Path, qemu_img: str) -> None:
    """A chunk with data at both ends and zeros between is written exactly (holes in the middle)."""
    raw = make_raw(tmp_path / "edge.raw", 24 * MiB, [(4 * MiB, b"a" * 10), (8 * MiB - 7, b"b" * 7),
                                                     (4 * MiB + 200_000, b"c")])
    write_at(raw, [(12 * MiB, b"\1" * (4 * MiB))])
    dest = tmp_path / "edge.vhd"
    convert_vhd(raw, dest)
    assert qemu_compare(qemu_img, raw, "raw", dest, "vhd").returncode == 0


def _partitioned_fixed(tmp_path: Path, qemu_img: str, size: int, part_mib: int) -> Path:
    raw = make_raw(tmp_path / "p.raw", size, [(0, mbr([(0x83, 2048, part_mib * 2048)]))])
    return qemu_convert(qemu_img, raw, "raw", tmp_path / "p.vhd", "vhd", "subformat=fixed", "force_size=on")


def test_convert_drops_trailing_bytes(tmp_path: Path, qemu_img: str) -> None:
    """A fixed VHD padded after its footer (as some copy tools do) converts to a clean, ready copy."""
    vhd = _partitioned_fixed(tmp_path, qemu_img, 30 * MiB, 20)
    with open(vhd, "ab") as f:
        f.write(b"\0" * 3000)
    assert "TrailingData" in [f.code for f in get_vhd(vhd).Findings]
    info = convert_vhd(vhd, tmp_path / "clean.vhd")
    assert info.AzureStackHubReady and info.FileSize == 30 * MiB + 512, info.Reasons
    with open_disk(vhd) as view:
        assert (tmp_path / "clean.vhd").read_bytes() == view.read(0, view.size)
