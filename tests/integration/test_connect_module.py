"""Microsoft's AzureStack.Connect module (both branches of AzureStack-Tools, read in place) against the lab stamp:
Get-AzsDirectoryTenantId reads the stamp's metadata endpoint (Add-AzEnvironment) and its login endpoint's OpenID
configuration, for AD FS and for an Entra directory."""

from __future__ import annotations

from typing import Any

import pytest

from tests.azure.pshost import RecordingHost, new_session, run
from tests.integration.conftest import track
from tests.support.shared import SHARED

CONNECT = SHARED / "corpus" / "azurestack-tools"


@pytest.mark.parametrize("branch", ["az", "master"])
def test_get_azs_directory_tenant_id(lab: Any, branch: str, tmp_path: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AZS_CA_BUNDLE", lab.ca_bundle)
    monkeypatch.setenv("AZS_CONFIG_DIR", str(tmp_path / "config"))
    host = RecordingHost()
    track(host.everything)
    session = new_session(host)
    session.set_variable("arm", lab.admin_arm_endpoint)
    session.set_variable("tenant", lab.tenant_id)
    adfs = lab.identity == "adfs"
    call = ("Get-AzsDirectoryTenantId -ADFS -EnvironmentName AzureStackAdmin" if adfs else
            "Get-AzsDirectoryTenantId -AADTenantName $tenant -EnvironmentName AzureStackAdmin")
    record = run(session, f"Import-Module '{CONNECT / branch / 'Connect' / 'AzureStack.Connect.psm1'}'\n"
                          "$null = Add-AzEnvironment -Name AzureStackAdmin -ARMEndpoint $arm\n" + call)
    assert record is None and host.errors == []
    # the one warning: VpnClient, which #requires names, exists only on Windows
    assert [w.split(":", 1)[0] for w in host.warnings] == ["AzureStack.Connect.psm1"]
    assert host.output == ["adfs" if adfs else lab.tenant_id]
