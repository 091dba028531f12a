"""Real Azure SDK clients pointed at a lab, set up as a runbook would: discovery, then explicit CA and scopes."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import json
import ssl
import urllib.error
import urllib.request
from typing import Any
from urllib.parse import quote

from azure.core.credentials import TokenCredential
from azure.core.pipeline import policies
from azure.identity import CertificateCredential, ClientSecretCredential
from azure.mgmt.core import ARMPipelineClient
from azure.mgmt.core.policies import ARMChallengeAuthenticationPolicy

from azslab.testing import LabEnv


def metadata(endpoint: str, ca: str, version: str = "1.0") -> Any:
    """The stamp's /metadata/endpoints at the version Hub documents (newer ones only on a lax lab)."""
    ctx = ssl.create_default_context(cafile=ca)
    with urllib.request.urlopen(f"{endpoint}metadata/endpoints?api-version={version}", context=ctx) as r:
        return json.loads(r.read())


def discover(env: LabEnv, admin: bool = True) -> tuple[str, str, str]:
    """(arm endpoint, authority for azure-identity, scope) from /metadata/endpoints, as a client does."""
    arm = env.admin_arm_endpoint if admin else env.arm_endpoint
    doc = metadata(arm, env.ca_bundle)
    login = doc["authentication"]["loginEndpoint"].rstrip("/")
    authority = login.removesuffix("/adfs")
    return arm, authority, doc["authentication"]["audiences"][0] + "/.default"


def secret_credential(env: LabEnv) -> ClientSecretCredential:
    _, authority, _ = discover(env)
    return ClientSecretCredential(env.tenant_id, env.client_id, env.client_secret, authority=authority,
                                  disable_instance_discovery=True, connection_verify=env.ca_bundle)


def certificate_credential(env: LabEnv) -> CertificateCredential:
    _, authority, _ = discover(env)
    return CertificateCredential(env.tenant_id, env.client_id, certificate_path=str(env.certificate_path),
                                 authority=authority, disable_instance_discovery=True,
                                 connection_verify=env.ca_bundle)


def mgmt_kwargs(env: LabEnv, admin: bool = True) -> dict[str, Any]:
    arm, _, scope = discover(env, admin)
    return {"base_url": arm, "credential_scopes": [scope], "connection_verify": env.ca_bundle}


def arm_pipeline(env: LabEnv, credential: TokenCredential, admin: bool = True) -> ARMPipelineClient:
    """azure-core's ARM pipeline with bearer auth and retries, for calls no SDK package covers."""
    arm, _, scope = discover(env, admin)
    return ARMPipelineClient(
        base_url=arm,
        policies=[
            policies.RequestIdPolicy(),
            policies.HeadersPolicy(),
            policies.RetryPolicy(retry_backoff_factor=0.1),
            ARMChallengeAuthenticationPolicy(credential, scope),
            policies.NetworkTraceLoggingPolicy(),
        ],
        connection_verify=env.ca_bundle,
    )


def raw(url: str, ca: str, method: str = "GET", token: str | None = None,
        body: Any = None, extra_headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
    """A plain HTTPS call (no SDK), for checking status codes, headers and bodies exactly."""
    headers = {"Content-Type": "application/json", **(extra_headers or {})}
    if token:
        headers["Authorization"] = f"Bearer {token}"
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(url, data=data, method=method, headers=headers)
    ctx = ssl.create_default_context(cafile=ca)
    try:
        with urllib.request.urlopen(req, context=ctx, timeout=20) as r:
            return r.status, {k.lower(): v for k, v in r.headers.items()}, r.read()
    except urllib.error.HTTPError as e:
        return e.code, {k.lower(): v for k, v in e.headers.items()}, e.read()


def hub_blob_sas(account: str, key: str, container: str, blob: str, permission: str = "r", hours: float = 1.0) -> str:
    """A blob SAS signed as a Hub's storage expects it (signed version 2019-07-07: the service SAS string-to-sign of
    versions 2018-11-09 to 2020-10-02), written here because azure-storage-blob always signs its newest version.
    The lab's tests keep their own copy: azslab and azskernel must not share code (DESIGN.md)."""
    expiry = (dt.datetime.now(dt.timezone.utc) + dt.timedelta(hours=hours)).strftime("%Y-%m-%dT%H:%M:%SZ")
    fields = [permission, "", expiry, f"/blob/{account}/{container}/{blob}", "", "", "https", "2019-07-07", "b",
              "", "", "", "", "", ""]
    signature = base64.b64encode(hmac.new(base64.b64decode(key), "\n".join(fields).encode(), hashlib.sha256).digest())
    query = {"sv": "2019-07-07", "sr": "b", "se": expiry, "sp": permission, "spr": "https", "sig": signature.decode()}
    return "&".join(f"{k}={quote(v, safe='')}" for k, v in query.items())
