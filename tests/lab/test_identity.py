"""Identity in both modes through azure-identity, and the ARM token checks (401 with ARM's error body)."""

from __future__ import annotations

import json
import ssl
import time
import urllib.error
import urllib.request
from urllib.parse import urlencode

import jwt
import pytest
from azure.core.exceptions import ClientAuthenticationError, HttpResponseError
from azure.identity import ClientSecretCredential, DeviceCodeCredential
from azure.mgmt.resource.resources import ResourceManagementClient
from cryptography.hazmat.primitives import serialization

from azslab.cli import main
from azslab.testing import LabEnv

from .clients import certificate_credential, discover, mgmt_kwargs, raw, secret_credential

SUBSCRIPTIONS = "subscriptions?api-version=2016-06-01"


@pytest.fixture(params=["adfs", "entra"])
def lab(request: pytest.FixtureRequest) -> LabEnv:
    return request.getfixturevalue(f"{request.param}_lab")


@pytest.mark.parametrize("kind", ["secret", "certificate"])
def test_service_principal_token_opens_arm(lab: LabEnv, kind: str) -> None:
    cred = secret_credential(lab) if kind == "secret" else certificate_credential(lab)
    arm, _, scope = discover(lab)
    token = cred.get_token(scope).token
    status, _, body = raw(arm + SUBSCRIPTIONS, lab.ca_bundle, token=token)
    assert status == 200
    assert json.loads(body)["value"][0]["displayName"] == "Default Provider Subscription"


def test_device_code_login_approved_by_url_or_command(lab: LabEnv) -> None:
    """AD FS: the operator approves at the verification URL; Entra: with `azs lab approve CODE`."""
    _, authority, scope = discover(lab, admin=False)
    ctx = ssl.create_default_context(cafile=lab.ca_bundle)
    seen = {}

    def approve(verification_uri: str, user_code: str, expires_on: object) -> None:
        seen["uri"] = verification_uri
        if lab.identity == "entra":
            assert main(["approve", user_code, "--data-dir", str(lab.data_dir)]) == 0
            return
        form = urlencode({"user_code": user_code, "secret": lab.client_secret}).encode()
        req = urllib.request.Request(f"{verification_uri}/approve", data=form, method="POST")
        with urllib.request.urlopen(req, context=ctx) as resp:
            assert resp.status == 200

    cred = DeviceCodeCredential(client_id="04b07795-8ddb-461a-bbee-02f9e1bf7b46", tenant_id=lab.tenant_id,
                                authority=authority, disable_instance_discovery=True, prompt_callback=approve,
                                connection_verify=lab.ca_bundle, timeout=30)
    token = cred.get_token(scope).token
    assert seen["uri"].startswith("https://127.0.0.1:")
    status, _, body = raw(lab.arm_endpoint + SUBSCRIPTIONS, lab.ca_bundle, token=token)
    assert status == 200 and json.loads(body)["value"][0]["displayName"] == "Lab Tenant Subscription"


def test_wrong_secret_is_refused(adfs_lab: LabEnv) -> None:
    _, authority, scope = discover(adfs_lab)
    cred = ClientSecretCredential("adfs", adfs_lab.client_id, "not-the-secret", authority=authority,
                                  disable_instance_discovery=True, connection_verify=adfs_lab.ca_bundle)
    with pytest.raises(ClientAuthenticationError) as refused:
        cred.get_token(scope)
    assert adfs_lab.client_secret not in str(refused.value)


def test_missing_token_gets_401_with_arm_error(adfs_lab: LabEnv) -> None:
    status, headers, body = raw(adfs_lab.admin_arm_endpoint + SUBSCRIPTIONS, adfs_lab.ca_bundle)
    assert status == 401
    assert json.loads(body)["error"]["code"] == "AuthenticationFailed"
    assert headers["www-authenticate"].startswith("Bearer authorization_uri=")


def test_token_for_the_user_endpoint_is_refused_by_admin(adfs_lab: LabEnv) -> None:
    token = secret_credential(adfs_lab).get_token(adfs_lab.user_audience + "/.default").token
    status, _, body = raw(adfs_lab.admin_arm_endpoint + SUBSCRIPTIONS, adfs_lab.ca_bundle, token=token)
    assert status == 401 and json.loads(body)["error"]["code"] == "InvalidAuthenticationTokenAudience"


def _lab_signed(env: LabEnv, **overrides: object) -> str:
    key = serialization.load_pem_private_key((env.data_dir / "pki" / "signing-key.pem").read_bytes(), None)
    now = int(time.time())
    claims = {"aud": env.admin_audience, "iss": env.login_endpoint.rstrip("/"), "iat": now - 7200,
              "nbf": now - 7200, "exp": now - 3600, "sub": env.client_id}
    claims.update(overrides)
    return jwt.encode(claims, key, algorithm="RS256")  # type: ignore[arg-type]


def test_expired_token_gets_401(adfs_lab: LabEnv) -> None:
    status, _, body = raw(adfs_lab.admin_arm_endpoint + SUBSCRIPTIONS, adfs_lab.ca_bundle, token=_lab_signed(adfs_lab))
    assert status == 401 and json.loads(body)["error"]["code"] == "ExpiredAuthenticationToken"
    fresh = _lab_signed(adfs_lab, exp=int(time.time()) + 600)
    assert raw(adfs_lab.admin_arm_endpoint + SUBSCRIPTIONS, adfs_lab.ca_bundle, token=fresh)[0] == 200


def test_token_of_another_lab_is_refused(adfs_lab: LabEnv, entra_lab: LabEnv) -> None:
    token = secret_credential(entra_lab).get_token(entra_lab.admin_audience + "/.default").token
    status, _, body = raw(adfs_lab.admin_arm_endpoint + SUBSCRIPTIONS, adfs_lab.ca_bundle, token=token)
    assert status == 401 and json.loads(body)["error"]["code"].startswith("InvalidAuthenticationToken")


def test_sdk_surfaces_the_401(adfs_lab: LabEnv) -> None:
    class Stale:
        def get_token(self, *scopes: str, **kwargs: object) -> object:
            from azure.core.credentials import AccessToken
            return AccessToken(_lab_signed(adfs_lab), int(time.time()) + 600)

    client = ResourceManagementClient(Stale(), "00000000-0000-0000-0000-000000000000",  # type: ignore[arg-type]
                                      api_version="2019-10-01", **mgmt_kwargs(adfs_lab))
    with pytest.raises(HttpResponseError) as refused:
        list(client.resource_groups.list())
    assert refused.value.status_code == 401
    assert refused.value.error is not None and refused.value.error.code == "ExpiredAuthenticationToken"


def test_v1_token_endpoint_with_resource(entra_lab: LabEnv) -> None:
    """curl/ADAL style: POST /{tenant}/oauth2/token with resource=, times as strings."""
    form = urlencode({"grant_type": "client_credentials", "client_id": entra_lab.client_id,
                      "client_secret": entra_lab.client_secret, "resource": entra_lab.user_audience}).encode()
    req = urllib.request.Request(f"{entra_lab.authority}/{entra_lab.tenant_id}/oauth2/token", data=form, method="POST")
    with urllib.request.urlopen(req, context=ssl.create_default_context(cafile=entra_lab.ca_bundle)) as resp:
        answer = json.loads(resp.read())
    assert isinstance(answer["expires_in"], str) and int(answer["expires_on"]) > time.time()
    status, _, _ = raw(entra_lab.arm_endpoint + SUBSCRIPTIONS, entra_lab.ca_bundle, token=answer["access_token"])
    assert status == 200


def test_unknown_tenant_and_resource_are_refused(entra_lab: LabEnv) -> None:
    ctx = ssl.create_default_context(cafile=entra_lab.ca_bundle)
    for tenant, resource, error in [("00000000-0000-0000-0000-000000000000", entra_lab.user_audience, "invalid_tenant"),
                                    (entra_lab.tenant_id, "https://management.azure.com/", "invalid_resource")]:
        form = urlencode({"grant_type": "client_credentials", "client_id": entra_lab.client_id,
                          "client_secret": entra_lab.client_secret, "resource": resource}).encode()
        req = urllib.request.Request(f"{entra_lab.authority}/{tenant}/oauth2/token", data=form, method="POST")
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(req, context=ctx)
        assert refused.value.code == 400 and json.loads(refused.value.read())["error"] == error
