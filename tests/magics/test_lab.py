"""The magics against the lab stamp over HTTPS: sign in, upload, SAS, add the image, the catalogue as a
DataFrame, remove; the Python API on the same session; the image catalogue widgets."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.magics.conftest import run
from tests.magics.images import Disks


@pytest.fixture(scope="module")
def signed_in(ip: Any, lab: Any) -> Any:
    ip.user_ns.update(arm=lab.admin_arm_endpoint, client_id=lab.client_id, tenant=lab.tenant_id)
    result = run(ip, "%Add-AzEnvironment -Name AzureStackAdmin -ARMEndpoint $arm")
    assert result.success
    result = run(ip, (
        "%%pwsh\n"
        "$secure = ConvertTo-SecureString $env:AZS_TEST_SECRET -AsPlainText -Force\n"
        "$cred = New-Object System.Management.Automation.PSCredential($client_id, $secure)\n"
        "$ctx = Connect-AzAccount -Environment AzureStackAdmin -ServicePrincipal -Credential $cred -TenantId $tenant"
    ))
    assert result.success, result.error_in_exec
    return lab


def _shown(capsys: pytest.CaptureFixture[str]) -> str:
    captured = capsys.readouterr()
    return captured.out + captured.err


def test_publish_flow_through_magics(ip: Any, signed_in: Any, disks: Disks, capsys: pytest.CaptureFixture[str]) -> None:
    import pandas as pd

    ip.user_ns.update(vhd=str(disks.fixed), location=signed_in.location)
    assert run(ip, "%%pwsh\n"
                   "$rg = New-AzResourceGroup -Name stagingrg -Location $location\n"
                   "$acct = New-AzStorageAccount -ResourceGroupName stagingrg -Name stagingacct -Location $location "
                   "-SkuName Standard_LRS -Kind Storage\n"
                   "$null = New-AzStorageContainer -Name vhds -Permission Off -Context $acct.Context\n"
                   "$blobUri = $acct.PrimaryEndpoints.Blob + 'vhds/fixed.vhd'").success
    assert ip.user_ns["blobUri"].endswith("/vhds/fixed.vhd")

    result = run(ip, "uploaded = %Add-AzVhd -Destination $blobUri -LocalFilePath $vhd -ResourceGroupName stagingrg")
    assert result.success, result.error_in_exec
    assert ip.user_ns["uploaded"].DestinationUri == ip.user_ns["blobUri"]

    assert run(ip, "%%pwsh\n$sas = New-AzStorageBlobSASToken -Container vhds -Blob fixed.vhd -Permission r "
                   "-ExpiryTime (Get-Date).AddHours(2) -FullUri -Context $acct.Context").success
    sas = ip.user_ns["sas"]
    assert "sig=" in sas

    result = run(ip, "%%Add-AzsPlatformImage -Publisher Contoso -Offer UbuntuServer `\n"
                     "    -Sku 22.04-LTS -Version 1.0.0\n"
                     "    -OsType Linux -OsUri $sas -PollingIntervalSec 0.2")
    assert result.success, result.error_in_exec
    image = result.result
    assert image.ProvisioningState == "Succeeded" and image.Publisher == "Contoso"
    html = ip.display_formatter.format(image)[0]["text/html"]
    assert "Succeeded" in html and "UbuntuServer" in html and "<table" in html

    run(ip, "df = %Get-AzsPlatformImage -Publisher Contoso")
    df = ip.user_ns["df"]
    assert isinstance(df, pd.DataFrame)
    assert list(df[["Publisher", "Offer", "Sku", "Version", "ProvisioningState"]].itertuples(index=False, name=None)) == [
        ("Contoso", "UbuntuServer", "22.04-LTS", "1.0.0", "Succeeded")]

    from azsmagics import api

    images = api.get_platform_image(publisher="cont*")
    assert [(i.Offer, i.Version) for i in images] == [("UbuntuServer", "1.0.0")]

    result = run(ip, "%Remove-AzsPlatformImage -Publisher Contoso -Offer UbuntuServer -Sku 22.04-LTS -Version 1.0.0 -Force")
    assert result.success
    run(ip, "df = %Get-AzsPlatformImage -Publisher Contoso")
    assert ip.user_ns["df"].empty

    shown = _shown(capsys)
    secret = re.escape(signed_in.client_secret)
    assert not re.search(secret, shown)
    assert sas.split("sig=")[1].split("&")[0] not in shown


def test_image_catalogue_widgets(ip: Any, signed_in: Any, capsys: pytest.CaptureFixture[str]) -> None:
    from azskernel.jupyter.forms import image_catalogue
    from azsmagics import runner_of

    session = runner_of(ip).session
    ui = image_catalogue(session, PollingIntervalSec=0.2)
    form = ui.form
    assert form.create.disabled
    form.inputs["Publisher"].value = "Con toso"
    assert "no spaces or special characters" in form.messages["Publisher"].value
    form.inputs["Publisher"].value = "Contoso"
    form.inputs["Offer"].value = "Windows"
    form.inputs["Sku"].value = "2022"
    form.inputs["Version"].value = "1.0"
    assert "#.#.#" in form.messages["Version"].value and form.create.disabled
    form.inputs["Version"].value = "2.0.0"
    form.inputs["OsType"].value = "Windows"
    form.inputs["OsUri"].value = "http://example/x.vhd"
    assert "https" in form.messages["OsUri"].value and form.create.disabled

    # a private blob with no SAS: the cmdlet refuses before creating anything, and the form says why
    # (the flow above left the uploaded blob and its read SAS in the session)
    private = ip.user_ns["blobUri"]
    form.inputs["OsUri"].value = private
    assert not form.create.disabled
    form.create.click()
    assert "Not created" in form.status.value and "would end Failed" in form.status.value
    assert "-SkipPreflight" not in form.status.value and "-OsUri" not in form.status.value, "the form's own words"
    key = "Contoso/Windows/2022/2.0.0"
    assert "New-AzStorageBlobSASToken" in form.status.value and key not in ui.table.rows

    form.inputs["OsUri"].value = ip.user_ns["sas"]
    form.create.click()
    assert "Succeeded" in form.status.value, form.status.value
    assert key in ui.table.rows

    entry = ui.table.rows[key]
    entry.remove.click()
    assert "Remove Contoso/Windows/2022/2.0.0?" in entry.confirm.children[0].value and entry.remove.disabled
    entry.confirm.children[2].click()  # No
    assert key in ui.table.rows and entry.confirm.children == () and not entry.remove.disabled
    entry.remove.click()
    entry.confirm.children[1].click()  # Yes, remove
    assert key not in ui.table.rows
    assert "Removed Contoso/Windows/2022/2.0.0" in ui.table.status.value
    assert "Succeeded" not in form.status.value and "Removed Contoso/Windows/2022/2.0.0" in form.status.value
    shown = _shown(capsys)
    assert signed_in.client_secret not in shown
