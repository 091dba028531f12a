"""The seed document's PowerShell blocks (../shared/cases/seed/), run by the engine against the lab, do
what the cases README says."""

from __future__ import annotations

from typing import Any

import pytest

from tests.azure.pshost import RecordingHost, run
from tests.integration.conftest import signed_in_shell
from tests.support.shared import SEED_CASES

SEED = SEED_CASES


@pytest.fixture(scope="module")
def seed_lab(adfs_lab):  # type: ignore[no-untyped-def]
    """The seed's variables say location 'Orlando': the AD FS lab is in that region (conftest.LOCATIONS)."""
    assert adfs_lab.location == "orlando"
    return adfs_lab


@pytest.fixture(scope="module")
def shell(seed_lab, tmp_path_factory):  # type: ignore[no-untyped-def]
    for signed_in in signed_in_shell(seed_lab, tmp_path_factory, "seed"):
        yield signed_in.session, signed_in.host, seed_lab


def _errors(host: RecordingHost, terminating: Any) -> list[str]:
    found = [e.message for e in host.errors] + ([terminating.message] if terminating is not None else [])
    host.errors.clear()
    return found


def test_00_remove_vm_extension_names_the_missing_group(shell) -> None:  # type: ignore[no-untyped-def]
    session, host, _ = shell
    errors = _errors(host, run(session, (SEED / "00-remove-vm-extension.ps1").read_text()))
    assert len(errors) == 1 and "winvmrg1" in errors[0] and "windowsvm" in errors[0]


def test_01_verbatim_creates_the_group_and_account_then_names_the_missing_file(shell) -> None:  # type: ignore[no-untyped-def]
    session, host, lab = shell
    errors = _errors(host, run(session, (SEED / "01-storage-and-upload.ps1").read_text()))
    assert len(errors) == 1 and "C:\\Users\\Public\\Documents\\Hyper-V\\VHDs\\generalized.vhd" in errors[0]
    assert "does not exist" in errors[0]
    created = session.invoke("(Get-AzStorageAccount -ResourceGroupName myResourceGroup -Name mystorageaccount).StorageAccountName")
    assert created == ["mystorageaccount"]


def _split(text: str) -> tuple[str, str]:
    at = text.index("New-AzResourceGroup")
    return text[:at], text[at:]


def test_01_with_a_real_vhd_refuses_a_foreign_host_then_uploads(shell, lab_images) -> None:  # type: ignore[no-untyped-def]
    session, host, lab = shell
    variables, block = _split((SEED / "01-storage-and-upload.ps1").read_text())
    vhd = lab_images.fixed
    assert run(session, variables) is None
    session.set_variable("localPath", str(vhd))
    errors = _errors(host, run(session, block))
    assert len(errors) == 1 and "does not belong to the connected stamp" in errors[0]
    blob = session.invoke("(Get-AzStorageAccount -ResourceGroupName myResourceGroup -Name mystorageaccount).PrimaryEndpoints.Blob")[0]
    session.set_variable("storageaccounturl", f"{blob}container")
    session.invoke("$null = New-AzStorageContainer -Name container -Context (Get-AzStorageAccount -ResourceGroupName myResourceGroup -Name mystorageaccount).Context")
    errors = _errors(host, run(session, block))
    assert errors == []
    uploads = [o for o in host.output if getattr(o, "type_names", [""])[0].endswith("VhdUploadContext")]
    assert uploads and uploads[-1].DestinationUri == f"{blob}container/myUploadedVhd.vhd"


def test_02_azurerm_alias_resolves_and_names_the_missing_file(shell) -> None:  # type: ignore[no-untyped-def]
    session, host, _ = shell
    errors = _errors(host, run(session, (SEED / "02-add-azurermvhd.ps1").read_text()))
    assert len(errors) == 1 and "C:\\vhd\\vhdtestingmgd.vhd" in errors[0]


@pytest.mark.parametrize("name", ["03-add-platform-image-template.ps1", "04-remove-platform-image-template.ps1"])
def test_03_04_placeholders_are_refused_before_any_request(shell, name: str) -> None:  # type: ignore[no-untyped-def]
    session, host, _ = shell
    before = session.invoke("@(Get-AzsPlatformImage).Count")
    verbose_before = len(host.verbose)
    errors = _errors(host, run(session, (SEED / name).read_text()))
    expected = ["Publisher", "Offer", "Sku", "Version"] + (["OsType", "OsUri"] if name.startswith("03") else [])
    assert [e.split("'")[0].strip(" -") for e in errors] == expected
    assert session.invoke("@(Get-AzsPlatformImage).Count") == before
    assert len(host.verbose) == verbose_before


def test_05_the_operator_flow_in_powershell_with_live_events(shell) -> None:  # type: ignore[no-untyped-def]
    """After 01 uploaded the VHD: SAS, Add-AzsPlatformImage (events to the front's hook, progress records),
    the catalogue, then Remove-AzsPlatformImage's confirmation rules."""
    from azskernel.azure.events import ProvisioningEvent, set_event_hook

    session, host, _ = shell
    events: list[object] = []
    set_event_hook(session, events.append)
    script = """
$ctx = (Get-AzStorageAccount -ResourceGroupName myResourceGroup -Name mystorageaccount).Context
$uri = New-AzStorageBlobSASToken -Container container -Blob myUploadedVhd.vhd -Permission r -ExpiryTime ([datetime]::UtcNow.AddDays(1)) -FullUri -Context $ctx
$img = Add-AzsPlatformImage -Publisher Contoso -Offer Seed -Sku v1 -Version 1.0.0 -OsType Windows -OsUri $uri -PollingIntervalSec 0.2
$img.ProvisioningState
(Get-AzsPlatformImage -Publisher Contoso).Count
"""
    host.output.clear()
    assert run(session, script) is None, host.errors
    assert host.output == ["Succeeded", 1]
    events = [e for e in events if isinstance(e, ProvisioningEvent)]
    states = [e.state for e in events]
    assert states[0] == "Checking" and states[-1] == "Succeeded" and events[-1].done
    assert any(getattr(p, "activity", "") == "Add-AzsPlatformImage" for p in host.progress)

    # Non-interactive without -Force: a clear error instead of a prompt; -WhatIf says what it would do.
    record = run(session, "Remove-AzsPlatformImage -Publisher Contoso -Offer Seed -Sku v1 -Version 1.0.0")
    errors = _errors(host, record)
    assert len(errors) == 1 and "-Force" in errors[0] and "-Confirm:$false" in errors[0]
    host.text.clear()
    assert run(session, "Remove-AzsPlatformImage -Publisher Contoso -Offer Seed -Sku v1 -Version 1.0.0 -WhatIf") is None
    assert any("What if" in t for t in host.text)
    host.output.clear()
    assert run(session, "Get-AzsPlatformImage -Publisher Contoso | Remove-AzsPlatformImage -Confirm:$false -PassThru") is None
    assert host.output == [True]
    # Removing an image that is not there is quiet, as Azs.Compute.Admin documents ("will not return any output").
    host.warnings.clear()
    host.output.clear()
    assert run(session, "Remove-AzsPlatformImage Contoso Seed v1 1.0.0 -Force") is None
    assert host.errors == [] and host.warnings == [] and host.output == []
    assert run(session, "Remove-AzsPlatformImage Contoso Seed v1 1.0.0 -Force -PassThru") is None
    assert host.errors == [] and host.warnings == [] and host.output == [True]
    set_event_hook(session, None)
