"""Damaged images: fuzzed file systems and hives, damaged containers, missing readers. Every check still gives its
record; what cannot be read says "Cannot inspect: " and why; nothing raises."""

from __future__ import annotations

import os
import random
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from azskernel.imagecheck import CATALOGUE, INSTALL_HINT, check_image
from tests.support.disks import Disks

MiB = 1024 * 1024
FUZZ_ROUNDS = 40
STATUSES = {"Passed", "Failed", "CannotInspect", "NotApplicable"}


def _assert_sound(report, families: tuple[str, ...]) -> None:  # type: ignore[no-untyped-def]
    ids = [c.id for c in CATALOGUE if c.family is None or c.family in families]
    assert [r.Id for r in report.results] == ids
    for r in report.results:
        assert r.Status in STATUSES and r.Severity in ("Error", "Warning", "Info") and r.Message
        if r.Status == "CannotInspect":
            assert r.Severity == "Warning" and r.Message.startswith("Cannot inspect: ") and len(r.Message) > 30


def _fuzz(path: Path, region: tuple[int, int], seed: int, families: tuple[str, ...], os_type: str) -> dict[str, int]:
    """Flip bytes in `region` of a copy, FUZZ_ROUNDS times (each round restores the bytes it changed)."""
    rng = random.Random(seed)
    outcomes: dict[str, int] = {}
    fd = os.open(path, os.O_RDWR)
    try:
        for _ in range(FUZZ_ROUNDS):
            changed = []
            for _ in range(rng.randint(1, 64)):
                offset = rng.randrange(*region)
                changed.append((offset, os.pread(fd, 1, offset)))
                os.pwrite(fd, bytes([rng.randrange(256)]), offset)
            report = check_image(path, os_type=os_type)
            _assert_sound(report, families)
            for r in report.results:
                outcomes[r.Status] = outcomes.get(r.Status, 0) + 1
            for offset, old in reversed(changed):
                os.pwrite(fd, old, offset)
    finally:
        os.close(fd)
    return outcomes


@pytest.mark.parametrize("name,region,must_break", [
    ("ubuntu-ext4-mbr", (MiB, MiB + 8192), True),         # superblock and group descriptors
    ("ubuntu-ext4-mbr", (MiB, 3 * MiB), False),           # bitmaps, inode tables, directories, files
    ("ubuntu-xfs-mbr", (MiB, MiB + 4096), True),          # superblock and the first AG headers
    ("ubuntu-xfs-mbr", (MiB, MiB + 256 * 1024), False),   # AG btrees, the first inode chunks
])
def test_fuzzed_linux_file_systems(check_disks: Disks, tmp_path: Path, name: str, region: tuple[int, int],
                                   must_break: bool) -> None:
    copy = tmp_path / "fuzz.raw"
    shutil.copyfile(check_disks.raw(name), copy)
    outcomes = _fuzz(copy, region, seed=17, families=("Linux",), os_type="Linux")
    if must_break:
        assert outcomes.get("CannotInspect", 0) > 0, "the fuzzing damaged nothing the checks read"


def _find(path: Path, needle: bytes, start: int = 0) -> int:
    at = path.read_bytes().find(needle, start)
    assert at >= 0, needle
    return at


@pytest.mark.parametrize("what", ["mft", "hive header", "hive cells"])
def test_fuzzed_ntfs_and_hives(check_disks: Disks, tmp_path: Path, what: str) -> None:
    copy = tmp_path / "fuzz.raw"
    shutil.copyfile(check_disks.raw("windows"), copy)
    windows_partition = 17 * MiB
    if what == "mft":
        start = _find(copy, b"FILE0", windows_partition)  # the $MFT's first records
        region = (start, start + 64 * 1024)
    else:
        start = _find(copy, b"regf", windows_partition)  # a fresh volume stores each hive contiguously
        region = (start, start + 4096) if what == "hive header" else (start + 4096, start + 8192)
    outcomes = _fuzz(copy, region, seed=5, families=("Windows",), os_type="Windows")
    if what != "hive cells":
        assert outcomes.get("CannotInspect", 0) > 0, "the fuzzing damaged nothing the checks read"


def test_a_wiped_superblock_says_no_linux_root(check_disks: Disks, tmp_path: Path) -> None:
    copy = tmp_path / "wiped.raw"
    shutil.copyfile(check_disks.raw("ubuntu-ext4-mbr"), copy)
    with open(copy, "r+b") as f:
        f.seek(MiB)
        f.write(bytes(64 * 1024))
    report = check_image(copy, os_type="Linux")
    _assert_sound(report, ("Linux",))
    l1 = report.results[6]
    assert l1.Id == "L1" and l1.Status == "CannotInspect"
    assert "no Linux root file system" in l1.Message and "partition 1: blank" in l1.Message


def test_a_truncated_dynamic_vhd(check_disks: Disks, tmp_path: Path) -> None:
    copy = tmp_path / "truncated.vhd"
    shutil.copyfile(check_disks.get("ubuntu-ext4-mbr", "vhd-dynamic"), copy)
    os.truncate(copy, copy.stat().st_size // 2)
    report = check_image(copy)
    by_id = {r.Id: r for r in report.results}
    assert by_id["D2"].Status == "Failed" and by_id["D2"].Severity == "Error"
    assert "truncated" in by_id["D2"].Message
    assert by_id["D4"].Status == "CannotInspect" and by_id["L1"].Status == "CannotInspect"
    assert "container cannot be read (see D2)" in by_id["L1"].Message


def test_a_differencing_disk_is_named(check_disks: Disks, tmp_path: Path) -> None:
    from tests.vhd.test_inspect import _make_differencing

    child = tmp_path / "child.vhd"
    shutil.copyfile(check_disks.get("ubuntu-ext4-mbr", "vhd-dynamic"), child)
    _make_differencing(child, "C:\\images\\parent.vhd")
    report = check_image(child)
    d2 = next(r for r in report.results if r.Id == "D2")
    assert (d2.Status, d2.Severity) == ("Failed", "Error") and "differencing" in d2.Message
    assert "Merge" in d2.Message and "footer disk type 4" in d2.Evidence


def test_readers_missing_says_what_to_install(check_disks: Disks) -> None:
    """Without the imagecheck extra the container checks still run and the others say which extra to install."""
    script = (
        "import sys\n"
        "for m in ('pyfsext', 'pyfsxfs', 'pyfsntfs', 'pyregf'): sys.modules[m] = None\n"
        "from azskernel.imagecheck import check_image\n"
        f"r = check_image({str(check_disks.get('ubuntu-ext4-mbr', 'vhd-fixed'))!r})\n"
        "for x in r.results: print(x.Id, x.Status, x.Message)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    lines = dict(line.split(" ", 1) for line in done.stdout.splitlines())
    assert lines["D2"].startswith("Passed")
    assert lines["L1"].startswith("CannotInspect") and INSTALL_HINT in lines["L1"] and "libfsext-python" in lines["L1"]


def test_missing_path_is_the_vhd_toolkits_error(tmp_path: Path) -> None:
    from azskernel.vhd import VhdNotFoundError

    with pytest.raises(VhdNotFoundError):
        check_image(tmp_path / "nope.vhd")
    with pytest.raises(ValueError, match="mode must be one of Generalized, Specialized"):
        check_image(tmp_path / "nope.vhd", mode="Sysprepped")
