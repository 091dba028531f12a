"""Discover a stamp from its ARM endpoint: `GET {ARM}/metadata/endpoints`, as Add-AzEnvironment does.

Tries api-version 1.0 first (Az.Accounts' EnvironmentHelper, and what Hub documents), then 2015-01-01 (the
same legacy object), and only if a stamp answers neither the newer shapes (2019-05-01, an array of clouds;
2022-09-01, one object). AD FS is recognised from the login endpoint (it ends in /adfs); the storage suffix
defaults to the ARM host minus its first label, the Key Vault suffix and resource to vault.<that domain>.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from .environment import METADATA_VERSIONS, AzEnvironment, domain_of
from .errors import AzsError, ParameterRuleError, ServiceError, azure_errors


def normalise_arm(url: str) -> str:
    parts = urlsplit(url.strip())
    if parts.scheme.lower() != "https" or not parts.netloc:
        raise ParameterRuleError(
            "ARMEndpoint",
            f"-ARMEndpoint must be an absolute https URL such as https://adminmanagement.local.azurestack.external "
            f"(got '{url}'); tokens are never sent over plain http.",
            value=url,
        )
    return f"https://{parts.netloc}/"


def _pick(body: Any, arm: str) -> dict[str, Any] | None:
    """The cloud object in a 2019-05-01 array (the one whose resourceManager is ours, else the first)."""
    if isinstance(body, dict):
        return body
    if isinstance(body, list) and body:
        for item in body:
            rm = str(item.get("resourceManager", "")).rstrip("/").lower()
            if rm and rm == arm.rstrip("/").lower():
                return item
        return body[0] if isinstance(body[0], dict) else None
    return None


def parse_metadata(name: str, arm: str, body: Any, version: str, storage_suffix: str | None = None,
                   key_vault_suffix: str | None = None, key_vault_resource_id: str | None = None) -> AzEnvironment:
    cloud = _pick(body, arm)
    if cloud is None:
        raise ServiceError(f"The metadata document of {arm} (api-version {version}) holds no cloud description.")
    auth = cloud.get("authentication") or {}
    login = str(auth.get("loginEndpoint") or "")
    audiences = [a for a in auth.get("audiences") or [] if a]
    if not login or not audiences:
        raise ServiceError(
            f"The metadata document of {arm} (api-version {version}) lacks authentication.loginEndpoint or "
            "authentication.audiences; this endpoint does not look like an Azure Resource Manager endpoint.",
            target=arm,
        )
    suffixes = cloud.get("suffixes") or {}
    is_adfs = login.rstrip("/").lower().endswith("/adfs")
    domain = domain_of(arm)
    return AzEnvironment(
        name=name,
        resource_manager_url=arm,
        active_directory_authority=login if login.endswith("/") else login + "/",
        audience=audiences[0],
        storage_endpoint_suffix=storage_suffix or str(suffixes.get("storage") or domain),
        enable_adfs_authentication=is_adfs,
        gallery_url=str(cloud.get("gallery") or cloud.get("galleryEndpoint") or ""),
        graph_url=str(cloud.get("graph") or cloud.get("graphEndpoint") or ""),
        graph_audience=str(cloud.get("graphAudience") or cloud.get("graphEndpoint") or ""),
        management_portal_url=str(cloud.get("portal") or cloud.get("portalEndpoint") or ""),
        key_vault_dns_suffix=key_vault_suffix or str(suffixes.get("keyVaultDns") or f"vault.{domain}".lower()),
        key_vault_resource_id=key_vault_resource_id or f"https://vault.{domain}".lower(),
        type="Discovered",
        metadata_api_version=version,
    )


def discover(
    name: str,
    arm_endpoint: str,
    *,
    verify: str | bool = True,
    storage_suffix: str | None = None,
    key_vault_suffix: str | None = None,
    key_vault_resource_id: str | None = None,
    verbose: Callable[[str], None] | None = None,
) -> AzEnvironment:
    """Read the stamp's metadata and build its environment (no token needed)."""
    from azure.core import PipelineClient
    from azure.core.pipeline.policies import RetryPolicy
    from azure.core.rest import HttpRequest

    from .policies import TracePolicy

    arm = normalise_arm(arm_endpoint)
    client = PipelineClient(
        base_url=arm,
        policies=[RetryPolicy(retry_total=1, retry_backoff_factor=0.2), TracePolicy(verbose)],
        connection_verify=verify,
    )
    tried: list[str] = []
    with client, azure_errors(f"read the metadata of {arm}", url=f"{arm}metadata/endpoints"):
        for version in METADATA_VERSIONS:
            response = client.send_request(HttpRequest("GET", f"{arm}metadata/endpoints", params={"api-version": version}))
            if response.status_code != 200:
                tried.append(f"{version}: HTTP {response.status_code}")
                continue
            try:
                body = json.loads(response.text())
            except ValueError:
                tried.append(f"{version}: not JSON")
                continue
            try:
                return parse_metadata(name, arm, body, version, storage_suffix, key_vault_suffix, key_vault_resource_id)
            except AzsError as exc:
                tried.append(f"{version}: {exc}")
    raise ServiceError(
        f"{arm} did not describe itself at /metadata/endpoints ({'; '.join(tried)}). Check that -ARMEndpoint is "
        "the stamp's (admin) Resource Manager endpoint.",
        target=arm,
    )
