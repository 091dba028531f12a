"""-TestImage against the lab stamp: a good image is tested, then uploaded and registered; a broken one is stopped
before the upload (no blob) or before the PUT (no image); -IgnoreImageErrors uploads it with warnings. The stamp
itself takes broken images, as a real Hub does: the failure would come at VM deployment."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.integration.conftest import Shell, signed_in_shell
from tests.support.disks import Disks


@pytest.fixture(scope="module")
def shell(adfs_lab: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Shell]:
    for signed_in in signed_in_shell(adfs_lab, tmp_path_factory, "imagetest"):
        assert signed_in.run(
            f"$loc = '{adfs_lab.location}'\n"
            "$null = New-AzResourceGroup -Name imagetest-rg -Location $loc\n"
            "$acct = New-AzStorageAccount -ResourceGroupName imagetest-rg -Name imagetestacct -SkuName Standard_LRS "
            "-Location $loc\n"
            "$null = New-AzStorageContainer -Name vhds -Context $acct.Context -Permission Blob\n"
            "$url = $acct.PrimaryEndpoints.Blob + 'vhds/'"
        ) is None
        yield signed_in
        # the lab is shared with other modules: take away what this one made
        assert signed_in.run("Remove-AzResourceGroup -Name imagetest-rg -Force") is None


def _local(check_disks: Disks, case: str, folder: Path) -> str:
    target = folder / f"{case}.vhd"
    shutil.copyfile(check_disks.get(case, "vhd-dynamic"), target)
    return str(target)


def _failure(shell: Shell, command: str) -> Any:
    """The one error a command ends on (a cmdlet's terminating error ends its statement, and is written)."""
    shell.host.errors.clear()
    assert shell.run(command) is None
    assert len(shell.host.errors) == 1, [e.message for e in shell.host.errors]
    return shell.host.errors[0]


def _blobs(shell: Shell) -> list[str]:
    shell.host.output.clear()
    assert shell.run("(Get-AzStorageBlob -Container vhds -Context $acct.Context).Name") is None
    return [str(o) for o in shell.host.output]


def test_a_broken_image_is_not_uploaded(shell: Shell, check_disks: Disks, tmp_path: Path) -> None:
    shell.session.set_variable("local", _local(check_disks, "not-deprovisioned", tmp_path))
    record = _failure(shell, "Add-AzVhd -ResourceGroupName imagetest-rg -Destination ($url + 'broken.vhd') "
                             "-LocalFilePath $local -TestImage")
    assert record.error_id.startswith("ImageTestFailed")
    assert "L8 Deprovisioned: The image was not deprovisioned" in record.message
    assert "broken.vhd" not in _blobs(shell)


def test_ignore_image_errors_uploads_with_warnings(shell: Shell, check_disks: Disks, tmp_path: Path) -> None:
    shell.session.set_variable("local", _local(check_disks, "not-deprovisioned", tmp_path))
    shell.host.warnings.clear()
    assert shell.run("$null = Add-AzVhd -ResourceGroupName imagetest-rg -Destination ($url + 'anyway.vhd') "
                     "-LocalFilePath $local -TestImage -IgnoreImageErrors") is None
    assert any(w.startswith("Test-AzsImage L8 Deprovisioned") for w in shell.host.warnings)
    assert "anyway.vhd" in _blobs(shell)


def test_a_good_image_is_tested_uploaded_and_registered(shell: Shell, check_disks: Disks, tmp_path: Path) -> None:
    shell.session.set_variable("local", _local(check_disks, "ubuntu-ext4-mbr", tmp_path))
    shell.host.warnings.clear()
    assert shell.run("$null = Add-AzVhd -ResourceGroupName imagetest-rg -Destination ($url + 'good.vhd') "
                     "-LocalFilePath $local -TestImage") is None
    assert not [w for w in shell.host.warnings if w.startswith("Test-AzsImage")]
    names = "-Publisher ImageTestPub -Offer TestImage -Sku good -Version 1.0.0"
    assert shell.run(f"$image = Add-AzsPlatformImage {names} -OsType Linux -OsUri ($url + 'good.vhd') -TestImage "
                     "-LocalFilePath $local -PollingIntervalSec 0.2") is None
    shell.host.output.clear()
    # the lab is shared with other modules: leave its catalogue as it was
    assert shell.run(f"$image.ProvisioningState; Remove-AzsPlatformImage {names} -Force") is None
    assert [str(o) for o in shell.host.output] == ["Succeeded"]


def test_a_broken_platform_image_is_not_created(shell: Shell, check_disks: Disks, tmp_path: Path) -> None:
    shell.session.set_variable("local", _local(check_disks, "agent-Auto", tmp_path))
    names = "-Publisher ImageTestPub -Offer TestImage -Sku broken -Version 1.0.0 -OsType Linux"
    record = _failure(shell, f"Add-AzsPlatformImage {names} -OsUri ($url + 'anyway.vhd') -TestImage "
                             "-LocalFilePath $local")
    assert record.error_id.startswith("ImageTestFailed")
    assert "L4 Provisioning settings: Provisioning.Agent=Auto turns provisioning off" in record.message
    shell.host.output.clear()
    assert shell.run("@(Get-AzsPlatformImage -Publisher ImageTestPub).Count") is None
    assert [str(o) for o in shell.host.output] == ["0"]
