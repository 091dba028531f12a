"""The sample disk the notebooks practise on: a dynamic, MBR-partitioned VHD whose size is not a whole MiB,
which qemu-img reads as the same bytes the writer meant."""

from __future__ import annotations

import subprocess
from pathlib import Path

from azskernel.vhd import get_vhd
from azskernel.vhd.sample import chs_size, sample_contents, write_sample_vhd


def test_the_sample_is_what_hub_refuses_as_is(tmp_path: Path) -> None:
    info = write_sample_vhd(tmp_path / "s.vhd")
    assert info.VhdType == "Dynamic" and info.PartitionStyle == "MBR"
    assert info.Size % (1024 * 1024) != 0 and not info.AzureStackHubReady
    assert {f.code for f in info.Findings} == {"NotFixed", "SizeNotWholeMiB"}
    assert info.FileSize < info.Size / 2, "only the blocks holding data are allocated"


def test_chs_size_follows_the_vhd_spec() -> None:
    # VHD spec's CHS algorithm: 40 MiB asks for 81920 sectors -> 963 cylinders, 5 heads, 17 sectors per track.
    assert chs_size(40 * 1024 * 1024) == (963, 5, 17, 963 * 5 * 17 * 512)
    assert chs_size(1024**3)[1:3] == (16, 63)
    assert chs_size(127 * 1024**3)[1:3] == (16, 255)


def test_qemu_reads_the_bytes_the_writer_meant(tmp_path: Path, qemu_img: str) -> None:
    path = tmp_path / "s.vhd"
    write_sample_vhd(path)
    raw = tmp_path / "s.raw"
    subprocess.run([qemu_img, "convert", "-f", "vpc", "-O", "raw", str(path), str(raw)], check=True)
    size = get_vhd(path).Size
    expected = bytearray(size)
    for offset, data in sample_contents(size).items():
        expected[offset:offset + len(data)] = data
    assert raw.read_bytes() == bytes(expected)


def test_an_existing_file_is_kept(tmp_path: Path) -> None:
    path = tmp_path / "mine.vhd"
    write_sample_vhd(path)
    before = path.read_bytes()
    write_sample_vhd(path)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["mine.vhd"], "no partial file left behind"


def test_a_partition_maker_fills_the_partition_and_its_zeros_stay_holes(tmp_path: Path, qemu_img: str) -> None:
    made: list[int] = []

    def partition(work: Path, size: int) -> Path:
        made.append(size)
        with open(work, "wb") as f:
            f.truncate(size)
            f.seek(1024)
            f.write(b"superblock")
            f.seek(size - 4096)
            f.write(b"last")
        return work

    path = tmp_path / "p.vhd"
    info = write_sample_vhd(path, partition=partition)
    assert made == [info.Size - 2048 * 512], "the partition runs from sector 2048 to the end"
    assert info.FileSize < 5 * 1024 * 1024, "only the blocks holding data are allocated"
    raw = tmp_path / "p.raw"
    subprocess.run([qemu_img, "convert", "-f", "vpc", "-O", "raw", str(path), str(raw)], check=True)
    data = raw.read_bytes()
    assert data[2048 * 512 + 1024:2048 * 512 + 1034] == b"superblock" and data[-4096:-4092] == b"last"
    assert data[510:512] == b"\x55\xaa" and data[446 + 4] == 0x83
    assert sorted(p.name for p in tmp_path.iterdir()) == ["p.raw", "p.vhd"], "the work file is removed"


def test_a_failing_partition_maker_leaves_nothing(tmp_path: Path) -> None:
    def partition(work: Path, size: int) -> Path:
        work.write_bytes(b"half")
        raise RuntimeError("mkfs failed")

    try:
        write_sample_vhd(tmp_path / "f.vhd", partition=partition)
    except RuntimeError as exc:
        assert "mkfs failed" in str(exc)
    else:
        raise AssertionError("the maker's error reaches the caller")
    assert list(tmp_path.iterdir()) == []
