"""The sample disk the notebooks make on the lab (and `make demo`): an Ubuntu prepared for the Hub in a container the
Hub refuses as is; once converted, Test-AzsImage passes every check. Without mkfs.ext4, a blank partition and a note
that says what the checks will report."""

from __future__ import annotations

from pathlib import Path

import pytest

from azskernel.imagecheck import check_image
from azskernel.imagecheck.testing import sample as sample_module
from azskernel.imagecheck.testing.disks import ToolMissing
from azskernel.imagecheck.testing.sample import write_ubuntu_sample
from azskernel.vhd import convert_vhd, get_vhd

MiB = 1024 * 1024


def fixed_copy(path: Path) -> Path:
    size = get_vhd(path).Size
    fixed = path.with_name(path.stem + "-fixed.vhd")
    convert_vhd(str(path), str(fixed), vhd_type="Fixed", size_bytes=-(-size // MiB) * MiB)
    return fixed


def test_the_sample_is_a_prepared_ubuntu_in_a_container_to_convert(tmp_path: Path) -> None:
    path = tmp_path / "ubuntu-22.04.vhd"
    said = write_ubuntu_sample(path)
    assert "Ubuntu 22.04 prepared for the Hub" in said and "dynamic VHD" in said
    info = get_vhd(path)
    assert info.VhdType == "Dynamic" and info.PartitionStyle == "MBR"
    assert {f.code for f in info.Findings} == {"NotFixed", "SizeNotWholeMiB"}
    before = check_image(path)
    assert [r.Id for r in before.errors] == ["D2", "D3"], "only the container is wrong"
    after = check_image(fixed_copy(path))
    assert after.ok and [r.Id for r in after.results if r.Status != "Passed"] == [], \
        [(r.Id, r.Status, r.Message) for r in after.results if r.Status != "Passed"]
    assert after.os_types == ("Linux",)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ubuntu-22.04-fixed.vhd", "ubuntu-22.04.vhd"]


def test_without_mkfs_ext4_the_partition_is_blank_and_the_note_says_what_the_checks_report(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def missing(name: str, package: str) -> str:
        raise ToolMissing(f"{name} is missing: install Debian's {package} (make bootstrap does)")

    monkeypatch.setattr(sample_module, "tool", missing)
    path = tmp_path / "blank.vhd"
    said = write_ubuntu_sample(path)
    assert "mkfs.ext4 is missing: install Debian's e2fsprogs" in said and "CannotInspect (warnings)" in said
    report = check_image(fixed_copy(path))
    assert report.ok, "no Error: a runbook goes on, showing the warnings"
    assert {r.Id for r in report.results if r.Status == "CannotInspect"} >= {f"L{i}" for i in range(1, 10)}
