"""-TestImage on Add-AzVhd and Add-AzsPlatformImage: Test-AzsImage runs first, and an Error stops the command
before any request, unless -IgnoreImageErrors. These sessions are not signed in: a command that gets past the
image test stops at once on NotSignedIn, which tells the two apart without any request."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import pytest

from tests.azure.pshost import RecordingHost, new_session, run
from tests.support.disks import Disks

URL = "https://acct.blob.local.invalid/vhds/disk.vhd"
"""No SAS: past the image test, Add-AzVhd needs a sign-in, which these sessions lack (NotSignedIn, no request)."""
STOP = "$ErrorActionPreference = 'Stop'\n"


@pytest.fixture
def shell(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Any, RecordingHost]:
    monkeypatch.setenv("AZS_CONFIG_DIR", str(tmp_path / "config"))
    host = RecordingHost()
    session = new_session(host)
    session.set_location(str(tmp_path))
    return session, host


def _image(check_disks: Disks, case: str, folder: Path) -> Path:
    target = folder / f"{case}.vhd"
    shutil.copyfile(check_disks.get(case, "vhd-dynamic"), target)
    return target


def test_add_vhd_stops_on_an_image_error(shell: tuple[Any, RecordingHost], check_disks: Disks, tmp_path: Path) -> None:
    session, host = shell
    _image(check_disks, "marker-generalized", tmp_path)
    record = run(session, f"{STOP}Add-AzVhd -Destination '{URL}' -LocalFilePath marker-generalized.vhd -TestImage")
    assert record is not None and record.error_id.startswith("ImageTestFailed")
    assert "L5 Provisioned marker: /var/lib/waagent/provisioned is present" in record.message
    assert "nothing was sent" in record.message and "-IgnoreImageErrors" in record.message
    # Add-AzVhd streams a dynamic VHD as fixed: D2 is no error for it, only a fact in the verbose stream
    assert "D2 Fixed VHD" not in record.message


def test_ignore_image_errors_goes_on(shell: tuple[Any, RecordingHost], check_disks: Disks, tmp_path: Path) -> None:
    session, host = shell
    _image(check_disks, "marker-generalized", tmp_path)
    record = run(session, f"{STOP}Add-AzVhd -Destination '{URL}' -LocalFilePath marker-generalized.vhd -TestImage "
                          "-IgnoreImageErrors -NumberOfUploaderThreads 1")
    assert record is not None and record.error_id.startswith("NotSignedIn")  # it went on
    assert any("L5 Provisioned marker" in w for w in host.warnings)


def test_a_good_image_passes_silently(shell: tuple[Any, RecordingHost], check_disks: Disks, tmp_path: Path) -> None:
    session, host = shell
    _image(check_disks, "ubuntu-ext4-mbr", tmp_path)
    record = run(session, f"{STOP}Add-AzVhd -Destination '{URL}' -LocalFilePath ubuntu-ext4-mbr.vhd -TestImage -Verbose")
    assert record is not None and record.error_id.startswith("NotSignedIn")
    assert not [w for w in host.warnings if w.startswith("Test-AzsImage")]
    assert any("D2 Fixed VHD" in v and "Add-AzVhd streams it" in v for v in host.verbose)


def test_platform_image_tests_the_local_file_first(shell: tuple[Any, RecordingHost], check_disks: Disks,
                                                   tmp_path: Path) -> None:
    session, host = shell
    _image(check_disks, "windows-not-generalized", tmp_path)
    session.set_variable("ErrorActionPreference", "Stop")
    names = "-Publisher Contoso -Offer Win -Sku 2022 -Version 1.0.0 -OsType Windows -OsUri https://a.blob.b/c/d.vhd"
    record = run(session, f"Add-AzsPlatformImage {names} -TestImage -LocalFilePath windows-not-generalized.vhd")
    assert record is not None and record.error_id.startswith("ImageTestFailed")
    assert "W2 Sysprep state: Windows is not generalized (IMAGE_STATE_COMPLETE)" in record.message
    record = run(session, f"Add-AzsPlatformImage {names} -TestImage -LocalFilePath windows-not-generalized.vhd "
                          "-ImageMode Specialized")
    assert record is not None and record.error_id.startswith("NotSignedIn")  # specialized: it went on
    record = run(session, f"Add-AzsPlatformImage {names} -LocalFilePath windows-not-generalized.vhd")
    assert record is not None and record.error_id.startswith("InvalidParameterValue.TestImage")
    record = run(session, f"Add-AzsPlatformImage {names} -TestImage")
    assert record is not None and record.error_id.startswith("InvalidParameterValue.LocalFilePath")


def test_the_parameters_are_declared_once(shell: tuple[Any, RecordingHost]) -> None:
    session, _ = shell
    for command in ("Add-AzVhd", "Add-AzsPlatformImage"):
        info = session.commands.resolve(command)
        names = [p.name for p in info.parameters]
        assert {"TestImage", "ImageMode", "IgnoreImageErrors"} <= set(names), command
        assert info.complete_value("ImageMode", "") == ["Generalized", "Specialized"]
