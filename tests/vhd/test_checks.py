"""Azure Stack Hub rules: size, footer, trailing bytes, generation; the same answers from local files and bytes."""

from __future__ import annotations

import os
import struct
from pathlib import Path

import pytest

from azskernel.vhd import Finding, check_disk, check_file, check_image_bytes, get_vhd, nearest_valid_sizes
from tests.vhd.images import (
    BIOS_BOOT,
    ESP,
    LINUX_FS,
    MSR,
    MiB,
    gpt_structures,
    make_raw,
    mbr,
    qemu_convert,
    write_at,
)

GiB = 1024 * MiB
SIZE = 32 * MiB


def _fixed(tmp_path: Path, qemu_img: str, pieces: list[tuple[int, bytes]], size: int = SIZE,
           name: str = "disk") -> Path:
    raw = make_raw(tmp_path / f"{name}.raw", size, pieces)
    return qemu_convert(qemu_img, raw, "raw", tmp_path / f"{name}.vhd", "vhd", "subformat=fixed", "force_size=on")


def _codes(findings: list[Finding]) -> dict[str, str]:
    return {f.code: f.severity for f in findings}


def _gpt(kinds: list[str], size: int = SIZE) -> list[tuple[int, bytes]]:
    parts = [(kind, 2048 + i * 4096, 2048 + i * 4096 + 4095) for i, kind in enumerate(kinds)]
    return gpt_structures(size, parts)


GENERATION_CASES = {
    "mbr": ([(0, mbr([(0x83, 2048, 20 * 2048)]))], {}),
    "gpt-esp-only": (_gpt([ESP, LINUX_FS]), {"Generation2Only": "error"}),
    "gpt-esp-and-bios": (_gpt([BIOS_BOOT, ESP, LINUX_FS]), {"GenerationEither": "warning"}),
    "gpt-bios-only": (_gpt([BIOS_BOOT, LINUX_FS]), {}),
    "gpt-windows": (_gpt([ESP, MSR, LINUX_FS]), {"WindowsOnGpt": "error"}),
    "gpt-no-boot": (_gpt([LINUX_FS]), {"GptNoBootPartition": "warning"}),
    "blank": ([], {"NoPartitionTable": "warning"}),
    "protective-mbr-without-gpt": ([(0, mbr([(0xEE, 1, SIZE // 512 - 1)], boot=False))],
                                   {"GptUnreadable": "error"}),
}


@pytest.mark.parametrize("name", GENERATION_CASES)
def test_generation_rules(name: str, tmp_path: Path, qemu_img: str) -> None:
    pieces, expected = GENERATION_CASES[name]
    vhd = _fixed(tmp_path, qemu_img, pieces)
    assert _codes(check_disk(vhd)) == expected
    assert _codes(check_file(vhd)) == expected
    info = get_vhd(vhd)
    assert info.AzureStackHubReady == ("error" not in expected.values())
    assert info.PartitionStyle == ("None" if name == "blank" else "MBR" if name == "mbr" else "GPT")


def test_gpt_is_found_from_the_backup_when_the_primary_is_damaged(tmp_path: Path, qemu_img: str) -> None:
    pieces = _gpt([ESP, LINUX_FS])
    pieces.append((512, b"\0" * 512))  # wipe the primary header
    vhd = _fixed(tmp_path, qemu_img, pieces)
    assert _codes(check_disk(vhd)) == {"Generation2Only": "error"}


def test_generation_is_read_through_dynamic_disks(tmp_path: Path, qemu_img: str) -> None:
    raw = make_raw(tmp_path / "g.raw", SIZE, _gpt([ESP, LINUX_FS]))
    vhdx = qemu_convert(qemu_img, raw, "raw", tmp_path / "g.vhdx", "vhdx")
    assert _codes(check_disk(vhdx)) == {"VhdxFormat": "error", "Generation2Only": "error"}


def test_size_rules_name_the_nearest_valid_sizes(tmp_path: Path, qemu_img: str) -> None:
    vhd = _fixed(tmp_path, qemu_img, [(0, mbr([(0x83, 2048, 2048)]))], size=30 * MiB + 4096)
    findings = check_disk(vhd)
    assert _codes(findings) == {"SizeNotWholeMiB": "error"}
    assert f"{30 * MiB}" in findings[0].message and f"{31 * MiB}" in findings[0].message
    assert "Resize-VHD -SizeBytes 32505856" in findings[0].message
    assert nearest_valid_sizes(30 * MiB + 4096) == (30 * MiB, 31 * MiB)
    assert nearest_valid_sizes(5 * MiB) == (20 * MiB, 20 * MiB)


def _synthetic_fixed(virtual_size: int, *, disk_type: int = 2, corrupt: bool = False):
    """read_at over a fixed VHD that exists only as a footer (the data reads as zeros): for huge sizes."""
    footer = bytearray(struct.pack(">8sIIQI4sI4sQQHBBII16sB", b"conectix", 2, 0x10000, 0xFFFFFFFFFFFFFFFF, 0,
                                   b"test", 0x10000, b"Wi2k", virtual_size, virtual_size, 65535, 16, 255, disk_type,
                                   0, bytes(16), 0).ljust(512, b"\0"))
    footer[64:68] = struct.pack(">I", ~sum(footer) & 0xFFFFFFFF)
    if corrupt:
        footer[100] = 1
    size = virtual_size + 512

    def read_at(offset: int, length: int) -> bytes:
        out = bytearray(max(0, min(length, size - offset)))
        lo = max(offset, virtual_size)
        if lo < offset + len(out):
            out[lo - offset :] = footer[lo - virtual_size : lo - virtual_size + len(out) - (lo - offset)]
        return bytes(out)

    return read_at, size


def test_remote_bytes_limits() -> None:
    assert "TooSmall" in _codes(check_image_bytes(*_synthetic_fixed(19 * MiB)))
    assert "TooSmall" not in _codes(check_image_bytes(*_synthetic_fixed(20 * MiB)))
    assert "TooLarge" not in _codes(check_image_bytes(*_synthetic_fixed(1023 * GiB)))
    assert _codes(check_image_bytes(*_synthetic_fixed(1024 * GiB)))["TooLarge"] == "error"
    assert _codes(check_image_bytes(*_synthetic_fixed(40 * MiB, disk_type=3)))["NotFixed"] == "error"
    assert _codes(check_image_bytes(*_synthetic_fixed(40 * MiB, corrupt=True)))["BadChecksum"] == "error"


def test_remote_bytes_agree_with_the_local_check(tmp_path: Path, qemu_img: str) -> None:
    vhd = _fixed(tmp_path, qemu_img, _gpt([BIOS_BOOT, ESP, LINUX_FS]), size=SIZE + 512)
    data = vhd.read_bytes()
    reads: list[tuple[int, int]] = []

    def read_at(offset: int, length: int) -> bytes:
        reads.append((offset, length))
        return data[offset : offset + length]

    remote = check_image_bytes(read_at, len(data))
    assert _codes(remote) == _codes(check_disk(vhd)) == {"SizeNotWholeMiB": "error", "GenerationEither": "warning"}
    assert sum(length for _, length in reads) < 64 * 1024, "a remote check reads a few sectors, not the disk"


def test_trailing_bytes_after_the_footer(tmp_path: Path, qemu_img: str) -> None:
    vhd = _fixed(tmp_path, qemu_img, [(0, mbr([(0x83, 2048, 2048)]))])
    with open(vhd, "ab") as f:
        f.write(b"\0" * 4096)
    expected = {"TrailingData": "error"}
    assert _codes(check_file(vhd)) == expected
    assert _codes(check_disk(vhd)) == expected
    assert "truncate the file to 33554944 bytes" in check_disk(vhd)[0].message


def test_footer_checksum_is_a_reason_not_a_crash(tmp_path: Path, qemu_img: str) -> None:
    vhd = _fixed(tmp_path, qemu_img, [(0, mbr([(0x83, 2048, 2048)]))])
    write_at(vhd, [(vhd.stat().st_size - 512 + 100, b"\1")])
    info = get_vhd(vhd)
    assert not info.AzureStackHubReady and [f.code for f in info.Findings] == ["BadChecksum"]
    assert _codes(check_file(vhd)) == {"BadChecksum": "error"}


def test_raw_and_vhdx_are_not_ready(tmp_path: Path, qemu_img: str) -> None:
    raw = make_raw(tmp_path / "r.img", SIZE, [(0, mbr([(0x83, 2048, 2048)]))])
    assert _codes(check_disk(raw)) == {"NoFooter": "error"}
    assert _codes(check_file(raw)) == {"NoFooter": "error"}
    vhdx = qemu_convert(qemu_img, raw, "raw", tmp_path / "r.vhdx", "vhdx")
    assert _codes(check_file(vhdx)) == {"VhdxFormat": "error"}


def test_empty_remote_image() -> None:
    assert _codes(check_image_bytes(lambda offset, length: b"", 0)) == {"Empty": "error"}


def test_dynamic_disk_reasons(tmp_path: Path, qemu_img: str) -> None:
    raw = make_raw(tmp_path / "d.raw", SIZE, [(0, mbr([(0x83, 2048, 2048)]))])
    vhd = qemu_convert(qemu_img, raw, "raw", tmp_path / "d.vhd", "vhd", "subformat=dynamic")
    findings = check_disk(vhd)
    # without force_size qemu rounds the size to a CHS geometry: the classic Azure rejection
    assert _codes(findings) == {"NotFixed": "error", "SizeNotWholeMiB": "error"}
    assert os.path.getsize(vhd) < SIZE


def test_a_disk_below_the_minimum_is_told_the_one_size_that_fits():
    from azskernel.vhd.checks import size_rules

    messages = [f.message for f in size_rules(1221)]
    assert any("The nearest valid size is 20971520 (20" in m for m in messages), messages
    assert not any("sizes are" in m for m in messages)
    assert any("sizes are 41943040" in m and "and 42991616" in m for m in (f.message for f in size_rules(41943040 + 4096)))
