"""Test-AzsImage through the real engine: the table pwsh-style, the records' properties, errors for bad paths, the
declaration driving help and completion, pipeline input."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.commands.harness import run_script
from tests.support.disks import Disks


def _copy(check_disks: Disks, case: str, fmt: str, folder: Path, name: str) -> Path:
    target = folder / name
    shutil.copyfile(check_disks.get(case, fmt), target)
    return target


def test_the_table_and_the_records(check_disks: Disks, tmp_path: Path) -> None:
    _copy(check_disks, "marker-generalized", "vhd-dynamic", tmp_path, "ubuntu.vhd")
    r = run_script("Test-AzsImage ./ubuntu.vhd", tmp_path)
    assert r.err == ""
    lines = r.out.splitlines()
    assert lines[1].split() == ["Id", "Status", "Severity", "Message"]
    assert lines[3].startswith("D1 Passed        Info     ")
    assert any(line.startswith("D2 Failed        Error    The VHD is dynamic") for line in lines)
    assert any(line.startswith("L5 Failed        Error    /var/lib/waagent/provisioned is present") for line in lines)
    r = run_script("$r = Test-AzsImage ubuntu.vhd; $r.Count; ($r | Where-Object Severity -eq Error).Id -join ','; "
                   "($r | Where-Object Id -eq L5).Evidence; $r[0].PSObject.TypeNames[0]", tmp_path)
    assert r.out.splitlines() == ["15", "D2,L5,L8", "/var/lib/waagent/provisioned: present",
                                  "Azs.ImageCheck.CheckResult"]


def test_mode_and_os_type(check_disks: Disks, tmp_path: Path) -> None:
    _copy(check_disks, "specialized", "vhd-fixed", tmp_path, "disk.vhd")
    r = run_script("(Test-AzsImage disk.vhd -Mode Specialized -OsType Linux | Where-Object Status -eq Failed).Id "
                   "-join ','; (Test-AzsImage disk.vhd | Where-Object Id -eq L5).Status", tmp_path)
    assert r.out.splitlines() == ["", "Failed"], r.err
    r = run_script("Test-AzsImage disk.vhd -Mode Sysprepped", tmp_path)
    assert "Cannot validate argument on parameter 'Mode'" in r.err


def test_bad_paths_are_pwsh_errors(tmp_path: Path) -> None:
    (tmp_path / "folder").mkdir()
    r = run_script("Test-AzsImage nope.vhd; Test-AzsImage folder; 'after'", tmp_path)
    assert r.out == "after\n"
    first, second = r.err.splitlines()[:2]
    assert first.startswith("Test-AzsImage: No disk image at ")
    assert second.startswith("Test-AzsImage: ") and "is a directory" in second
    r = run_script("try { Test-AzsImage nope.vhd -ErrorAction Stop } catch { $_.FullyQualifiedErrorId }", tmp_path)
    assert r.out.startswith("VhdNotFound,")


def test_pipeline_input_by_file(check_disks: Disks, tmp_path: Path) -> None:
    _copy(check_disks, "ubuntu-ext4-mbr", "vhd-fixed", tmp_path, "a.vhd")
    _copy(check_disks, "windows", "vhd-fixed", tmp_path, "b.vhd")
    r = run_script("Get-ChildItem *.vhd | Test-AzsImage | Group-Object Status | ForEach-Object { "
                   "'{0}={1}' -f $_.Name, $_.Count }", tmp_path)
    assert r.out.splitlines() == ["Passed=25"], r.err


def test_help_and_completion_come_from_the_declaration(tmp_path: Path) -> None:
    r = run_script("Get-Help Test-AzsImage", tmp_path)
    assert "Test-AzsImage [-Path] <System.String> [-Mode {Generalized | Specialized}] [-OsType {Windows | Linux}]" in r.out
    assert "without mounting" in r.out
    info = r.session.commands.resolve("Test-AzsImage")
    assert info.complete_value("Mode", "s") == ["Specialized"]
    assert info.complete_value("OsType", "") == ["Windows", "Linux"]
    assert "-LocalFilePath" not in info.complete_parameter("-L")
    assert info.find_parameters("LocalFilePath")[0].name == "Path"


def test_the_training_images_through_the_engine(tmp_path: Path) -> None:
    """Get-AzsTrainingImage builds the lab's images once per session, and Test-AzsImage finds on each what it says."""
    r = run_script(
        "$all = Get-AzsTrainingImage -Path ./images\n"
        "$all.Count\n"
        "foreach ($i in $all) {\n"
        "  $found = @(Test-AzsImage $i.Path -Mode $i.Mode | Where-Object { $_.Status -ne 'Passed' -and $_.Severity -ne 'Info' } | ForEach-Object Id)\n"
        "  '{0} {1} {2}' -f $i.Name, ($found -join ','), (($found -join ',') -eq ($i.Failing -join ','))\n"
        "}\n"
        "$stamp = (Get-Item ./images/agent-missing.vhd).LastWriteTime\n"
        "$again = Get-AzsTrainingImage ./images -Name agent-*\n"
        "($again.Name -join ','), ((Get-Item ./images/agent-missing.vhd).LastWriteTime -eq $stamp)\n"
        "$fixed = Get-AzsTrainingImage ./images agent-missing, container -Repaired\n"
        "$fixed | ForEach-Object { Split-Path $_.Path -Leaf }\n"
        "@(Test-AzsImage $fixed[1].Path | Where-Object { $_.Status -ne 'Passed' -and $_.Severity -ne 'Info' }).Count\n"
        "$all[0].PSObject.TypeNames[0]", tmp_path)
    assert r.err == ""
    lines = r.out.splitlines()
    assert lines[0] == "13"
    assert all(line.endswith(" True") for line in lines[1:14]), lines[1:14]
    assert "agent-missing L1 True" in lines and "migrated  True" in lines
    # built once per session; -Repaired leaves the container as it is (its fix is Convert-VHD, run for real)
    assert lines[14:] == ["agent-missing,agent-2.2.32", "True", "container.vhd", "agent-missing-repaired.vhd", "0",
                          "Azs.ImageCheck.TrainingImage"], lines[14:]
