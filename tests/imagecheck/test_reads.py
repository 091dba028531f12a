"""What Test-AzsImage reads: a 127 GiB dynamic VHD is checked by reading a few MiB (holes are never read), and the
readers' file object behaves as a file (windowed, clamped, seekable)."""

from __future__ import annotations

from pathlib import Path

import pytest

from azskernel.imagecheck import check_image
from azskernel.imagecheck.reader import DiskReader, VolumeFile
from azskernel.imagecheck.testing import convert, linux_disk, ubuntu_tree

MiB = 1024 * 1024


def _rchar() -> int:
    fields = dict(line.split(": ") for line in Path("/proc/self/io").read_text().splitlines() if line)
    return int(fields["rchar"])


@pytest.fixture(scope="module")
def big_dynamic(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("big")
    raw = linux_disk(folder / "big.raw", ubuntu_tree(), size_mib=127 * 1024)
    vhd = convert(raw, "vhd-dynamic")
    raw.unlink()
    return vhd


def test_a_127_gib_dynamic_vhd_is_checked_from_a_few_mib(big_dynamic: Path) -> None:
    before = _rchar()
    report = check_image(big_dynamic)
    read = _rchar() - before
    assert [r.Id for r in report.errors] == ["D2"]  # dynamic: the only error of a good image
    assert report.bytes_read < 16 * MiB
    assert read < 16 * MiB, f"{read} bytes read through system calls"


class _View:
    virtual_size = 10 * MiB

    def __init__(self) -> None:
        self.asked: list[tuple[int, int]] = []

    def read(self, offset: int, length: int) -> bytes:
        self.asked.append((offset, length))
        return bytes((offset + i) % 251 for i in range(length))


def test_volume_file_is_a_window_of_the_disk() -> None:
    view = _View()
    disk = DiskReader(view)  # type: ignore[arg-type]
    f = VolumeFile(disk, 3 * MiB, 2 * MiB)
    assert f.get_size() == 2 * MiB and f.tell() == 0
    assert f.read(4) == bytes((3 * MiB + i) % 251 for i in range(4))
    f.seek(-2, 2)
    assert f.read(10) == bytes((5 * MiB - 2 + i) % 251 for i in range(2)) and f.read(10) == b""
    f.seek(100)
    f.seek(28, 1)
    assert f.tell() == 128 and f.read_at(2 * MiB - 1, 5) == bytes([(5 * MiB - 1) % 251])
    with pytest.raises(OSError):
        f.seek(-1)
    beyond = VolumeFile(disk, 9 * MiB, 4 * MiB)
    assert beyond.get_size() == MiB  # clamped to the disk
    # blocks are read once and served from the cache after
    asked = len(view.asked)
    f.seek(0)
    for _ in range(100):
        f.read(512)
    assert len(view.asked) == asked
