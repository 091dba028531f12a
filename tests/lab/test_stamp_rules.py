"""Rules of the fidelity table (docs/stamp-fidelity.md) that the other lab tests do not show, each against the
strict lab over HTTPS, through plain HTTP where the exact answer matters and through the SDK where a client's
view does: ARM's missing api-version and request ids, the device code's lifetime, a refresh token's single use,
SAS permissions and anonymous access on the blob endpoint, page-blob sequence numbers, the gallery's package
size limit and Compute.Admin's location check."""

from __future__ import annotations

import json
import re
import ssl
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from typing import Any
from urllib.parse import quote, urlencode

import jwt
import pytest
from azure.core.exceptions import HttpResponseError
from azure.core.rest import HttpRequest
from azure.storage.blob import BlobServiceClient, ContainerClient
from cryptography.hazmat.primitives import serialization

from azslab.azurite import DEV_ACCOUNT, DEV_KEY
from azslab.testing import LabEnv, approve_device_login

from .clients import arm_pipeline, discover, hub_blob_sas, raw, secret_credential

POWERSHELL = "1950a258-227b-4e31-a9cf-717495945fc2"
DEVICE_GRANT = "urn:ietf:params:oauth:grant-type:device_code"
GUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")


def call(url: str, ca: str, method: str = "GET", headers: dict[str, str] | None = None,
         form: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
    """One HTTPS request with the test's own headers (or a form body); the answer whatever its status."""
    data = urlencode(form).encode() if form is not None else None
    req = urllib.request.Request(url, data=data, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(req, context=ssl.create_default_context(cafile=ca), timeout=20) as r:
            return r.status, {k.lower(): v for k, v in r.headers.items()}, r.read()
    except urllib.error.HTTPError as err:
        return err.code, {k.lower(): v for k, v in err.headers.items()}, err.read()


def admin_token(env: LabEnv) -> str:
    _, _, scope = discover(env)
    return secret_credential(env).get_token(scope).token


# ARM -----------------------------------------------------------------------------------------------------------

def test_a_request_without_api_version_is_refused_as_arm_refuses_it(adfs_lab: LabEnv) -> None:
    for token in (admin_token(adfs_lab), None):
        path = "subscriptions" if token else "metadata/endpoints"  # signed in, and the anonymous route
        status, _, body = raw(adfs_lab.admin_arm_endpoint + path, adfs_lab.ca_bundle, token=token)
        assert status == 400, body
        error = json.loads(body)["error"]
        assert error["code"] == "MissingApiVersionParameter"
        assert error["message"] == "The api-version query parameter (?api-version=) is required for all requests."


def test_a_route_the_stamp_does_not_serve_and_a_method_a_route_does_not_take(adfs_lab: LabEnv) -> None:
    token = admin_token(adfs_lab)
    status, _, body = raw(adfs_lab.admin_arm_endpoint + "providers/Microsoft.Nowhere/things?api-version=2019-10-01",
                          adfs_lab.ca_bundle, token=token)
    assert status == 404 and json.loads(body)["error"]["code"] == "InvalidResourceType"
    status, headers, body = raw(adfs_lab.admin_arm_endpoint + "subscriptions?api-version=2016-06-01",
                                adfs_lab.ca_bundle, method="DELETE", token=token)
    assert status == 405 and json.loads(body)["error"]["code"] == "MethodNotAllowed" and headers["allow"] == "GET"


def test_every_answer_carries_arms_request_ids(adfs_lab: LabEnv) -> None:
    url = adfs_lab.admin_arm_endpoint + "subscriptions?api-version=2016-06-01"
    given = str(uuid.uuid4())
    signed = {"Authorization": f"Bearer {admin_token(adfs_lab)}", "x-ms-correlation-request-id": given}
    status, headers, _ = call(url, adfs_lab.ca_bundle, headers=signed)
    assert status == 200 and headers["x-ms-correlation-request-id"] == given
    first = headers["x-ms-request-id"]
    # A refusal carries them too, and without a correlation id from the client the stamp makes one.
    status, headers, _ = call(url, adfs_lab.ca_bundle)
    assert status == 401
    assert GUID.match(headers["x-ms-request-id"]) and headers["x-ms-request-id"] != first
    assert GUID.match(headers["x-ms-correlation-request-id"])


# identity ------------------------------------------------------------------------------------------------------

@pytest.fixture(params=["adfs", "entra"])
def lab(request: pytest.FixtureRequest) -> LabEnv:
    return request.getfixturevalue(f"{request.param}_lab")


def oidc(env: LabEnv) -> tuple[dict[str, Any], str]:
    """The identity provider's OIDC document, as MSAL finds it, and the user endpoint's scope."""
    _, authority, scope = discover(env, admin=False)
    path = "adfs/.well-known/openid-configuration" if env.identity == "adfs" \
        else f"{env.tenant_id}/v2.0/.well-known/openid-configuration"
    status, _, body = call(f"{authority}/{path}", env.ca_bundle)
    assert status == 200
    return json.loads(body), scope


def test_a_device_code_lives_fifteen_minutes_and_is_polled_until_approved(lab: LabEnv) -> None:
    doc, scope = oidc(lab)
    status, _, body = call(doc["device_authorization_endpoint"], lab.ca_bundle, "POST",
                           form={"client_id": POWERSHELL, "scope": scope})
    flow = json.loads(body)
    assert status == 200 and flow["expires_in"] == 900 and flow["interval"] >= 1
    assert flow["user_code"] in flow["message"] and flow["verification_uri"].startswith("https://")
    poll = {"grant_type": DEVICE_GRANT, "client_id": POWERSHELL, "device_code": flow["device_code"]}
    status, _, body = call(doc["token_endpoint"], lab.ca_bundle, "POST", form=poll)
    assert status == 400 and json.loads(body)["error"] == "authorization_pending"
    approve_device_login(lab, flow["user_code"])
    status, _, body = call(doc["token_endpoint"], lab.ca_bundle, "POST", form=poll)
    assert status == 200 and json.loads(body)["token_type"] == "Bearer"
    # A device code is good for one sign-in.
    status, _, body = call(doc["token_endpoint"], lab.ca_bundle, "POST", form=poll)
    assert status == 400 and json.loads(body)["error"] == "invalid_grant"


def test_a_client_assertion_must_be_the_principals_own_addressed_to_the_token_endpoint(lab: LabEnv) -> None:
    doc, _ = oidc(lab)
    _, _, admin_scope = discover(lab)
    pem = lab.certificate_path.read_bytes()
    key = serialization.load_pem_private_key(pem[pem.index(b"-----BEGIN PRIVATE KEY-----"):
                                                pem.index(b"-----END PRIVATE KEY-----") + 25], None)

    def token_with(**claims: Any) -> tuple[int, dict[str, Any]]:
        now = int(time.time())
        payload = {"aud": doc["token_endpoint"], "iss": lab.client_id, "sub": lab.client_id, "jti": str(uuid.uuid4()),
                   "nbf": now - 30, "exp": now + 300, **claims}
        assertion = jwt.encode(payload, key, algorithm="RS256")  # type: ignore[arg-type]
        status, _, body = call(doc["token_endpoint"], lab.ca_bundle, "POST", form={
            "grant_type": "client_credentials", "client_id": lab.client_id, "scope": admin_scope,
            "client_assertion_type": "urn:ietf:params:oauth:client-assertion-type:jwt-bearer",
            "client_assertion": assertion})
        return status, json.loads(body)

    status, answer = token_with()
    assert status == 200 and answer["token_type"] == "Bearer", answer
    for wrong in ({"aud": lab.arm_endpoint}, {"iss": str(uuid.uuid4())}, {"exp": int(time.time()) - 60}):
        status, answer = token_with(**wrong)
        assert status == 401 and answer["error"] == "invalid_client", (wrong, answer)


def test_a_refresh_token_is_good_for_one_use(adfs_lab: LabEnv) -> None:
    doc, scope = oidc(adfs_lab)
    _, _, body = call(doc["device_authorization_endpoint"], adfs_lab.ca_bundle, "POST",
                      form={"client_id": POWERSHELL, "scope": scope})
    flow = json.loads(body)
    approve_device_login(adfs_lab, flow["user_code"])
    _, _, body = call(doc["token_endpoint"], adfs_lab.ca_bundle, "POST",
                      form={"grant_type": DEVICE_GRANT, "client_id": POWERSHELL, "device_code": flow["device_code"]})
    first = json.loads(body)["refresh_token"]
    refresh = {"grant_type": "refresh_token", "client_id": POWERSHELL, "refresh_token": first, "scope": scope}
    status, _, body = call(doc["token_endpoint"], adfs_lab.ca_bundle, "POST", form=refresh)
    renewed = json.loads(body)
    assert status == 200 and renewed["refresh_token"] != first
    token = renewed["access_token"]
    assert raw(adfs_lab.arm_endpoint + "subscriptions?api-version=2016-06-01", adfs_lab.ca_bundle, token=token)[0] == 200
    status, _, body = call(doc["token_endpoint"], adfs_lab.ca_bundle, "POST", form=refresh)
    assert status == 400 and json.loads(body)["error"] == "invalid_grant"


# blob service --------------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def blobs(adfs_lab: LabEnv) -> Iterator[BlobServiceClient]:
    service = BlobServiceClient(adfs_lab.blob_endpoint(DEV_ACCOUNT),
                                credential={"account_name": DEV_ACCOUNT, "account_key": DEV_KEY},
                                api_version="2019-07-07", connection_verify=adfs_lab.ca_bundle, retry_total=0)
    names = ("stamprules-public", "stamprules-private")
    public = service.create_container(names[0], public_access="blob")
    private = service.create_container(names[1])
    public.upload_blob("open.txt", b"open")
    private.upload_blob("closed.txt", b"closed")
    yield service
    for name in names:
        service.delete_container(name)


def blob_url(env: LabEnv, container: str, name: str, query: str = "") -> str:
    return f"{env.blob_endpoint(DEV_ACCOUNT)}{container}/{quote(name)}" + (f"?{query}" if query else "")


def error_code(body: bytes) -> str:
    found = re.search(rb"<Code>([^<]+)</Code>", body)
    return found.group(1).decode() if found else ""


def test_a_sas_reads_only_with_the_read_permission(adfs_lab: LabEnv, blobs: BlobServiceClient) -> None:
    version = {"x-ms-version": "2019-07-07"}
    for letters, expected in (("w", 403), ("cw", 403), ("r", 200), ("rw", 200)):
        sas = hub_blob_sas(DEV_ACCOUNT, DEV_KEY, "stamprules-private", "closed.txt", permission=letters)
        status, _, body = call(blob_url(adfs_lab, "stamprules-private", "closed.txt", sas), adfs_lab.ca_bundle,
                               headers=version)
        assert status == expected, (letters, body)
        if expected == 403:
            assert error_code(body) == "AuthorizationPermissionMismatch"
        else:
            assert body == b"closed"


def test_anonymous_reads_need_a_container_with_public_access(adfs_lab: LabEnv, blobs: BlobServiceClient) -> None:
    version = {"x-ms-version": "2019-07-07"}
    status, _, body = call(blob_url(adfs_lab, "stamprules-public", "open.txt"), adfs_lab.ca_bundle, headers=version)
    assert status == 200 and body == b"open"
    status, _, body = call(blob_url(adfs_lab, "stamprules-private", "closed.txt"), adfs_lab.ca_bundle,
                           headers=version)
    # Azurite's refusal; Azure answers 404 ResourceNotFound here by design (the fidelity table says so).
    assert status == 403 and error_code(body) == "AuthorizationFailure" and b"closed" not in body
    # `blob` access opens the blobs, not the container's listing.
    status, _, body = call(f"{adfs_lab.blob_endpoint(DEV_ACCOUNT)}stamprules-public?restype=container&comp=list",
                           adfs_lab.ca_bundle, headers=version)
    assert status == 403 and error_code(body) == "AuthorizationFailure" and b"open.txt" not in body


def test_page_writes_are_conditional_on_the_blobs_sequence_number(adfs_lab: LabEnv, blobs: BlobServiceClient) -> None:
    container: ContainerClient = blobs.get_container_client("stamprules-private")
    blob = container.get_blob_client("owned.vhd")
    blob.create_page_blob(size=8 * 4096, sequence_number=7)
    assert blob.get_blob_properties().page_blob_sequence_number == 7
    blob.upload_page(b"a" * 4096, offset=0, length=4096, if_sequence_number_eq=7)
    with pytest.raises(HttpResponseError) as lost:
        blob.upload_page(b"b" * 4096, offset=4096, length=4096, if_sequence_number_eq=6)
    assert lost.value.status_code == 412 and lost.value.error_code == "SequenceNumberConditionNotMet"
    # Another client claims the blob: the first owner's next write is refused, and nothing of it lands.
    blob.set_sequence_number("update", "8")
    with pytest.raises(HttpResponseError) as taken:
        blob.upload_page(b"c" * 4096, offset=8192, length=4096, if_sequence_number_eq=7)
    assert taken.value.status_code == 412 and taken.value.error_code == "SequenceNumberConditionNotMet"
    ranges, _ = blob.get_page_ranges()
    assert [(r["start"], r["end"]) for r in ranges] == [(0, 4095)]
    blob.delete_blob()


# gallery and Compute.Admin -------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def admin(adfs_lab: LabEnv) -> dict[str, Any]:
    pipeline = arm_pipeline(adfs_lab, secret_credential(adfs_lab))
    root = adfs_lab.admin_arm_endpoint.rstrip("/")
    subs = pipeline.send_request(HttpRequest("GET", f"{root}/subscriptions", params={"api-version": "2016-06-01"}))
    return {"pipeline": pipeline, "root": root, "sub": subs.json()["value"][0]["subscriptionId"]}


def test_a_gallery_package_over_256_mib_is_not_read(adfs_lab: LabEnv, admin: dict[str, Any],
                                                     blobs: BlobServiceClient) -> None:
    big = blobs.get_blob_client("stamprules-public", "huge.azpkg")
    big.create_page_blob(size=256 * 1024 * 1024 + 4096)  # sparse: nothing is written, only its length counts
    items = f"{admin['root']}/subscriptions/{admin['sub']}/providers/Microsoft.Gallery.Admin/galleryItems"
    answer = admin["pipeline"].send_request(HttpRequest("POST", items, params={"api-version": "2015-04-01"},
                                                        json={"galleryItemUri": big.url}))
    assert answer.status_code == 400
    error = answer.json()["error"]
    assert error["code"] == "GalleryItemPackageDownloadFailed" and str(256 * 1024 * 1024) in error["message"]
    big.delete_blob()


def test_compute_admin_answers_only_for_the_stamps_location(adfs_lab: LabEnv, admin: dict[str, Any]) -> None:
    base = f"{admin['root']}/subscriptions/{admin['sub']}/providers/Microsoft.Compute.Admin/locations"
    here = admin["pipeline"].send_request(HttpRequest("GET", f"{base}/{adfs_lab.location}/artifactTypes/platformImage",
                                                      params={"api-version": "2015-12-01-preview"}))
    assert here.status_code == 200 and isinstance(here.json(), list)
    elsewhere = admin["pipeline"].send_request(HttpRequest("GET", f"{base}/elsewhere/artifactTypes/platformImage",
                                                           params={"api-version": "2015-12-01-preview"}))
    assert elsewhere.status_code == 404
    error = elsewhere.json()["error"]
    assert error["code"] == "LocationNotFound" and adfs_lab.location in error["message"]


def test_the_gallery_provider_is_on_the_admin_endpoint_of_the_stamps_subscription(adfs_lab: LabEnv,
                                                                                   admin: dict[str, Any]) -> None:
    path = "/subscriptions/{sub}/providers/Microsoft.Gallery.Admin/galleryItems?api-version=2015-04-01"
    ours = admin["pipeline"].send_request(HttpRequest("GET", admin["root"] + path.format(sub=admin["sub"])))
    assert ours.status_code == 200 and isinstance(ours.json()["value"], list)
    stranger = admin["pipeline"].send_request(HttpRequest("GET", admin["root"] + path.format(sub=uuid.uuid4())))
    assert stranger.status_code == 404 and stranger.json()["error"]["code"] == "SubscriptionNotFound"
    _, _, scope = discover(adfs_lab, admin=False)
    tenant_token = secret_credential(adfs_lab).get_token(scope).token
    status, _, body = raw(adfs_lab.arm_endpoint.rstrip("/") + path.format(sub=admin["sub"]), adfs_lab.ca_bundle,
                          token=tenant_token)
    assert status == 404 and json.loads(body)["error"]["code"] == "InvalidResourceType"


# storage resource provider -------------------------------------------------------------------------------------

def test_an_account_name_is_the_stamps_and_its_keys_can_be_regenerated(adfs_lab: LabEnv, admin: dict[str, Any]) -> None:
    pipeline, sub, root = admin["pipeline"], admin["sub"], admin["root"]
    groups = f"{root}/subscriptions/{sub}/resourcegroups"
    for group in ("rulesa", "rulesb"):
        pipeline.send_request(HttpRequest("PUT", f"{groups}/{group}", params={"api-version": "2019-10-01"},
                                          json={"location": adfs_lab.location})).raise_for_status()
    account = "/providers/Microsoft.Storage/storageAccounts/rulesacct"
    body = {"location": adfs_lab.location, "sku": {"name": "Standard_LRS"}, "kind": "Storage"}
    created = pipeline.send_request(HttpRequest("PUT", f"{groups}/rulesa{account}", params={"api-version": "2019-06-01"},
                                                json=body))
    assert created.status_code == 202
    deadline = time.monotonic() + 30
    while pipeline.send_request(HttpRequest("GET", f"{groups}/rulesa{account}", params={"api-version": "2019-06-01"})
                                ).json()["properties"]["provisioningState"] != "Succeeded":
        assert time.monotonic() < deadline, "the account never finished provisioning"
        time.sleep(0.2)
    taken = pipeline.send_request(HttpRequest("PUT", f"{groups}/rulesb{account}", params={"api-version": "2019-06-01"},
                                              json=body))
    assert taken.status_code == 409 and taken.json()["error"]["code"] == "StorageAccountAlreadyTaken"

    def keys(action: str, payload: Any = None) -> Any:
        return pipeline.send_request(HttpRequest("POST", f"{groups}/rulesa{account}/{action}",
                                                 params={"api-version": "2019-06-01"}, json=payload))

    old = {k["keyName"]: k["value"] for k in keys("listKeys").json()["keys"]}
    renewed = keys("regenerateKey", {"keyName": "key1"})
    assert renewed.status_code == 200
    new = {k["keyName"]: k["value"] for k in renewed.json()["keys"]}
    assert new["key1"] != old["key1"] and new["key2"] == old["key2"]
    assert keys("regenerateKey", {"keyName": "key3"}).status_code == 400

    def can_list(key: str) -> bool:
        client = BlobServiceClient(adfs_lab.blob_endpoint("rulesacct"),
                                   credential={"account_name": "rulesacct", "account_key": key},
                                   api_version="2019-07-07", connection_verify=adfs_lab.ca_bundle, retry_total=0)
        try:
            list(client.list_containers())
            return True
        except HttpResponseError as refused:
            assert refused.status_code == 403
            return False

    deadline = time.monotonic() + 30
    while can_list(old["key1"]):  # the blob service takes the new key at once, or after its account reload
        assert time.monotonic() < deadline, "the regenerated key still opens the account"
        time.sleep(0.2)
    assert can_list(new["key1"]) and can_list(new["key2"])
    pipeline.send_request(HttpRequest("DELETE", f"{groups}/rulesa", params={"api-version": "2019-10-01"}))
    pipeline.send_request(HttpRequest("DELETE", f"{groups}/rulesb", params={"api-version": "2019-10-01"}))
