"""The operator flow in the real kernel against a lab stamp: sign in, upload, Add-AzsPlatformImage with its
provisioning state shown live, and the catalogue as a DataFrame table; completion from the stamp's catalogue."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.azure.images import make_images

from .conftest import Kernel

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"

SIGN_IN = """
$cred = New-Object System.Management.Automation.PSCredential ($env:AZS_TEST_CLIENT_ID, (ConvertTo-SecureString $env:AZS_TEST_SECRET -AsPlainText -Force))
$null = Add-AzEnvironment -Name AzureStackAdmin -ARMEndpoint $env:AZS_TEST_ARM
$null = Connect-AzAccount -Environment AzureStackAdmin -ServicePrincipal -Credential $cred -TenantId $env:AZS_TEST_TENANT
$loc = $env:AZS_TEST_LOCATION
$null = New-AzResourceGroup -Name imagesrg -Location $loc
$acct = New-AzStorageAccount -ResourceGroupName imagesrg -Name imagesacct -Location $loc -SkuName Standard_LRS -Kind Storage
$null = New-AzStorageContainer -Name vhds -Context $acct.Context -Permission Off
$null = Add-AzVhd -ResourceGroupName imagesrg -Destination "$($acct.PrimaryEndpoints.Blob)vhds/fixed.vhd" -LocalFilePath $env:AZS_TEST_VHD
$uri = New-AzStorageBlobSASToken -Container vhds -Blob fixed.vhd -Permission r -ExpiryTime ([datetime]::UtcNow.AddDays(1)) -FullUri -Context $acct.Context
'ready'
"""


@pytest.fixture(scope="module")
def lab_kernel(kernel_dirs: Path, qemu_img: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Kernel, Any]]:
    from azslab.testing import running_lab

    folder = tmp_path_factory.mktemp("lab-kernel")
    images = make_images(qemu_img, folder / "images")
    with running_lab(folder / "lab", identity="entra") as lab:
        env = {
            "AZS_CA_BUNDLE": str(lab.ca_bundle), "AZS_CONFIG_DIR": str(folder / "config"),
            "AZS_TEST_CLIENT_ID": lab.client_id, "AZS_TEST_SECRET": lab.client_secret, "AZS_TEST_ARM": lab.admin_arm_endpoint,
            "AZS_TEST_TENANT": lab.tenant_id, "AZS_TEST_VHD": str(images.fixed), "AZS_TEST_LOCATION": lab.location,
        }
        running = Kernel(kernel_dirs, folder, env)
        try:
            ready = running.run(SIGN_IN, timeout=120)
            assert (ready.stream("stdout"), ready.stream("stderr")) == ("ready\n", ""), ready.outputs
            yield running, lab
        finally:
            running.stop()


def test_provisioning_state_is_live_and_the_catalogue_is_a_dataframe(lab_kernel: tuple[Kernel, Any]):
    kernel, lab = lab_kernel
    added = kernel.run(
        "$null = Add-AzsPlatformImage -Publisher Contoso -Offer UbuntuServer -Sku 22.04-LTS -Version 1.0.0 -OsType Linux -OsUri $uri -PollingIntervalSec 0.2\n"
        "$null = Add-AzsPlatformImage -Publisher Contoso -Offer UbuntuServer -Sku 24.04-LTS -Version 1.0.0 -OsType Linux -OsUri $uri -PollingIntervalSec 0.2",
        timeout=120,
    )
    assert added.status == "ok", added.outputs
    labels = [m for m in added.of("display_data") if WIDGET_VIEW in m["content"]["data"]]
    assert len(labels) == 2, "one live state per image"
    states = [m["content"]["data"]["state"]["value"] for m in added.of("comm_msg") if isinstance(m["content"]["data"].get("state", {}).get("value"), str)]
    assert any("Succeeded" in s for s in states)
    assert lab.client_secret not in str(added.outputs) and "sig=" not in str(added.outputs)

    listed = kernel.run("Get-AzsPlatformImage -Publisher Contoso")
    assert listed.status == "ok"
    (table,) = listed.of("execute_result", "display_data")
    data = table["content"]["data"]
    assert "<table" in data["text/html"] and "22.04-LTS" in data["text/html"] and "24.04-LTS" in data["text/html"]
    assert "22.04-LTS" in data["text/plain"]
    assert "sig=" not in str(listed.outputs)


def test_completion_from_the_stamps_catalogue_and_validate_sets(lab_kernel: tuple[Kernel, Any]):
    kernel, _ = lab_kernel
    code = "Add-AzsPlatformImage -OsType L"
    assert kernel.request("complete", code, len(code))["matches"] == ["Linux"]
    code = "Get-AzsPlatformImage -Publisher Con"
    assert kernel.request("complete", code, len(code))["matches"] == ["Contoso"]
    code = "Remove-AzsPlatformImage -Publisher Contoso -Offer UbuntuServer -Sku "
    assert kernel.request("complete", code, len(code))["matches"] == ["22.04-LTS", "24.04-LTS"]
    reply = kernel.request("inspect", "Add-AzsPlatformImage -Publisher x", 5)
    assert reply["found"] and "-OsUri" in reply["data"]["text/plain"]


def test_the_image_catalogue_widgets_show_in_the_kernel(lab_kernel: tuple[Kernel, Any]):
    kernel, _ = lab_kernel
    cell = kernel.run("Show-AzsImageCatalogue")
    assert cell.status == "ok", cell.outputs
    shown = [m for m in cell.of("display_data") if WIDGET_VIEW in m["content"]["data"]]
    assert len(shown) == 1
    assert cell.of("comm_open"), "the form's and the table's widgets are opened through the kernel's comms"


def test_interrupt_stops_a_provisioning_wait(lab_kernel: tuple[Kernel, Any]):
    import threading
    import time

    from azslab.testing import set_faults

    kernel, lab = lab_kernel
    set_faults(lab, {"provisioning": {"duration": 60.0}})
    fired = threading.Event()

    def interrupt_when_creating(msg: dict[str, Any]) -> None:
        value = msg["content"].get("data", {}).get("state", {}).get("value") if msg["msg_type"] == "comm_msg" else None
        if not fired.is_set() and isinstance(value, str) and "Creating" in value:
            fired.set()
            kernel.manager.interrupt_kernel()

    try:
        began = time.monotonic()
        cell = kernel.run(
            "Add-AzsPlatformImage -Publisher Contoso -Offer Slow -Sku s1 -Version 1.0.0 -OsType Linux -OsUri $uri -PollingIntervalSec 0.2",
            timeout=60, during=interrupt_when_creating,
        )
        assert fired.is_set() and time.monotonic() - began < 20
        text = cell.stream("stderr") + " ".join(m["content"].get("evalue", "") for m in cell.of("error"))
        assert "stopped" in text.lower() or "cancel" in text.lower(), cell.outputs
        assert "Traceback" not in str(cell.outputs)
    finally:
        set_faults(lab, {"provisioning": {"duration": None}})
    assert kernel.run("'alive'").stream("stdout") == "alive\n"
