"""Device-code sign-in is only as open as the lab's credential: approving a login needs it, and only the
public clients a stamp registers may start one; unknown ids get the identity provider's own error."""

from __future__ import annotations

import json
import ssl
import urllib.error
import urllib.request
from typing import Any
from urllib.parse import urlencode

import pytest

from azslab.cli import main
from azslab.testing import LabEnv

from .clients import discover

POWERSHELL = "1950a258-227b-4e31-a9cf-717495945fc2"


@pytest.fixture(params=["adfs", "entra"])
def lab(request: pytest.FixtureRequest) -> LabEnv:
    return request.getfixturevalue(f"{request.param}_lab")


def post_form(url: str, ca: str, form: dict[str, str]) -> tuple[int, Any]:
    req = urllib.request.Request(url, data=urlencode(form).encode(), method="POST",
                                 headers={"Content-Type": "application/x-www-form-urlencoded"})
    try:
        with urllib.request.urlopen(req, context=ssl.create_default_context(cafile=ca), timeout=20) as r:
            return r.status, json.loads(r.read())
    except urllib.error.HTTPError as err:
        body = err.read()
        return err.code, json.loads(body) if body.startswith(b"{") else body


def endpoints(lab: LabEnv) -> tuple[str, str, str]:
    """(devicecode URL, token URL, scope) from the lab's OIDC document, as MSAL finds them."""
    _, authority, scope = discover(lab, admin=False)
    tenant = "adfs" if lab.identity == "adfs" else lab.tenant_id
    path = "adfs/.well-known/openid-configuration" if lab.identity == "adfs" else f"{tenant}/v2.0/.well-known/openid-configuration"
    with urllib.request.urlopen(f"{authority}/{path}", context=ssl.create_default_context(cafile=lab.ca_bundle)) as r:
        doc = json.loads(r.read())
    return doc["device_authorization_endpoint"], doc["token_endpoint"], scope


def start(lab: LabEnv, client_id: str = POWERSHELL) -> tuple[int, Any]:
    devicecode, _, scope = endpoints(lab)
    return post_form(devicecode, lab.ca_bundle, {"client_id": client_id, "scope": scope})


def test_approval_without_the_labs_credential_is_refused_and_the_login_stays_pending(lab: LabEnv) -> None:
    status, flow = start(lab)
    assert status == 200, flow
    approve = flow["verification_uri"] + "/approve"
    for form in ({"user_code": flow["user_code"]}, {"user_code": flow["user_code"], "secret": "guessed"}):
        status, answer = post_form(approve, lab.ca_bundle, form)
        assert status == 401 and answer["error"] == "access_denied", answer
        assert "azs lab approve" in answer["error_description"]
    # The old unauthenticated form of the request (a GET with the code in the query) is gone.
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(f"{approve}?user_code={flow['user_code']}",
                               context=ssl.create_default_context(cafile=lab.ca_bundle))
    assert refused.value.code == 405
    _, token_url, _ = endpoints(lab)
    status, answer = post_form(token_url, lab.ca_bundle, {
        "grant_type": "urn:ietf:params:oauth:grant-type:device_code", "client_id": POWERSHELL,
        "device_code": flow["device_code"]})
    assert status == 400 and answer["error"] == "authorization_pending"
    # The operator's way still works: the CLI reads the credential from the data folder.
    assert main(["approve", flow["user_code"], "--data-dir", str(lab.data_dir)]) == 0
    status, answer = post_form(token_url, lab.ca_bundle, {
        "grant_type": "urn:ietf:params:oauth:grant-type:device_code", "client_id": POWERSHELL,
        "device_code": flow["device_code"]})
    assert status == 200 and answer["token_type"] == "Bearer"


def test_an_unknown_client_id_is_refused_as_the_identity_provider_refuses_it(lab: LabEnv) -> None:
    stranger = "11111111-2222-3333-4444-555555555555"
    status, answer = start(lab, stranger)
    assert status == 400
    if lab.identity == "adfs":
        assert answer["error"] == "invalid_client"
        assert answer["error_description"].startswith("MSIS9223: Received invalid OAuth authorization request.")
    else:
        assert answer["error"] == "unauthorized_client"
        assert answer["error_description"].startswith(f"AADSTS700016: Application with identifier '{stranger}' "
                                                      f"was not found in the directory '{lab.tenant_id}'.")
    assert stranger in answer["error_description"]


def test_the_labs_confidential_client_cannot_start_a_device_login(lab: LabEnv) -> None:
    status, answer = start(lab, lab.client_id)
    assert status == 401 and answer["error"] == "invalid_client"
