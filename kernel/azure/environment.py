"""Azure environments (clouds and stamps) and the API profile the Hub speaks.

An `AzEnvironment` is what Add-AzEnvironment records: the ARM endpoint, the login authority, the token
audience, the storage suffix, and whether the stamp signs in through AD FS. The built-in public clouds are
listed like Get-AzEnvironment lists them; stamps come from discovery (`discovery.py`). No SDK import here.
"""

from __future__ import annotations

import os
from dataclasses import asdict, dataclass, fields
from typing import Any, Final
from urllib.parse import urlsplit

HUB_PROFILE: Final = "2020-09-01-hybrid"

API_VERSIONS: Final[dict[str, str]] = {
    # Hub profile 2020-09-01-hybrid (azure-auth-sdk.md §3); Compute.Admin has only one version.
    "Microsoft.Compute": "2020-06-01",
    "Microsoft.Storage": "2019-06-01",
    "Microsoft.Resources": "2019-10-01",
    "subscriptions": "2016-06-01",
    "Microsoft.Compute.Admin": "2015-12-01-preview",
    # Gallery.Admin: what the module and real stamps send (contract/gallery-admin/SOURCES.md), not the
    # swagger's default 2016-05-01; Microsoft.Gallery: the portal's item listing (docs/stamp-fidelity.md).
    "Microsoft.Gallery.Admin": "2015-04-01",
    "Microsoft.Gallery": "2015-04-01",
    "blob": "2019-07-07",
}

BLOB_SERVICE_VERSIONS: Final = ("2015-04-05", "2015-07-08", "2015-12-11", "2016-05-31", "2017-04-17", "2017-07-29",
                                 "2017-11-09", "2018-03-28", "2018-11-09", "2019-02-02", "2019-07-07")
"""Storage service versions a Hub (2008 and later) accepts, as x-ms-version and as a SAS's sv
(azure-stack/user/azure-stack-acs-differences.md, "API version")."""

METADATA_VERSIONS: Final = ("1.0", "2015-01-01", "2019-05-01", "2022-09-01")
"""Tried in this order: 1.0 is what Az.Accounts asks (EnvironmentHelper.RetrieveMetaDataEndpoints) and Hub
documents, 2015-01-01 what older tools ask; the newer shapes only if a stamp answers neither."""


@dataclass(frozen=True)
class AzEnvironment:
    """One environment; field names map onto PSAzureEnvironment's properties (see records.py)."""

    name: str
    resource_manager_url: str
    active_directory_authority: str
    """The login endpoint as the metadata gives it (ends in /adfs/ for AD FS)."""
    audience: str
    """ActiveDirectoryServiceEndpointResourceId: the token audience for ARM."""
    storage_endpoint_suffix: str
    enable_adfs_authentication: bool = False
    gallery_url: str = ""
    graph_url: str = ""
    graph_audience: str = ""
    management_portal_url: str = ""
    key_vault_dns_suffix: str = ""
    type: str = "Discovered"
    """Built-in, Discovered (from -ARMEndpoint) or User-defined."""
    metadata_api_version: str = ""
    """Which /metadata/endpoints version answered (diagnostics)."""
    key_vault_resource_id: str = ""
    """AzureKeyVaultServiceEndpointResourceId (Az.Accounts: https://vault.<domain> unless given)."""
    ad_tenant: str = ""
    """AdTenant: the environment's default tenant, when set with -AdTenant."""
    extra_endpoints: tuple[tuple[str, str], ...] = ()
    """Endpoints Az.Accounts records that this tool does not use (TrafficManagerDnsSuffix, ...), kept as given."""

    @property
    def authority_host(self) -> str:
        """What azure-identity wants as `authority`: the login host, without the trailing /adfs."""
        login = self.active_directory_authority.rstrip("/")
        if login.lower().endswith("/adfs"):
            login = login[: -len("/adfs")]
        return login

    @property
    def default_tenant(self) -> str | None:
        return "adfs" if self.enable_adfs_authentication else (self.ad_tenant or None)

    def scopes(self, *, adfs_openid: bool | None = None) -> list[str]:
        """Token scopes for ARM. AD FS answers MSIS9605 unless `openid` comes with `.default`; the single
        space-joined string passes MSAL's reserved-scope check unchanged (azure-auth-sdk.md §2). Set
        AZS_ADFS_OPENID=0 for an AD FS farm that refuses the extra scopes."""
        scope = self.audience + "/.default"  # not stripped: v1 audiences ending in / keep the double slash
        if adfs_openid is None:
            adfs_openid = os.environ.get("AZS_ADFS_OPENID", "1").strip() not in ("0", "false", "no")
        if self.enable_adfs_authentication and adfs_openid:
            return [f"openid profile offline_access {scope}"]
        return [scope]

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @staticmethod
    def from_json(raw: dict[str, Any]) -> AzEnvironment:
        known = {f.name for f in fields(AzEnvironment)}
        values = {k: v for k, v in raw.items() if k in known}
        values["extra_endpoints"] = tuple((str(k), str(v)) for k, v in values.get("extra_endpoints") or ())
        return AzEnvironment(**values)


def domain_of(arm_url: str) -> str:
    """The ARM host minus its first label, as Add-AzEnvironment derives the storage suffix
    (`management.local.azurestack.external` -> `local.azurestack.external`); an IP is kept whole."""
    host = urlsplit(arm_url).hostname or ""
    if not host or host.replace(".", "").isdigit() or ":" in host:
        return host
    return host.split(".", 1)[1] if "." in host else host


BUILT_IN: Final = (
    AzEnvironment(
        name="AzureCloud",
        resource_manager_url="https://management.azure.com/",
        active_directory_authority="https://login.microsoftonline.com/",
        audience="https://management.core.windows.net/",
        storage_endpoint_suffix="core.windows.net",
        gallery_url="https://gallery.azure.com/",
        graph_url="https://graph.windows.net/",
        management_portal_url="https://portal.azure.com/",
        key_vault_dns_suffix="vault.azure.net",
        type="Built-in",
    ),
    AzEnvironment(
        name="AzureChinaCloud",
        resource_manager_url="https://management.chinacloudapi.cn/",
        active_directory_authority="https://login.chinacloudapi.cn/",
        audience="https://management.core.chinacloudapi.cn/",
        storage_endpoint_suffix="core.chinacloudapi.cn",
        graph_url="https://graph.chinacloudapi.cn/",
        management_portal_url="https://portal.azure.cn/",
        key_vault_dns_suffix="vault.azure.cn",
        type="Built-in",
    ),
    AzEnvironment(
        name="AzureUSGovernment",
        resource_manager_url="https://management.usgovcloudapi.net/",
        active_directory_authority="https://login.microsoftonline.us/",
        audience="https://management.core.usgovcloudapi.net/",
        storage_endpoint_suffix="core.usgovcloudapi.net",
        graph_url="https://graph.windows.net/",
        management_portal_url="https://portal.azure.us/",
        key_vault_dns_suffix="vault.usgovcloudapi.net",
        type="Built-in",
    ),
)
