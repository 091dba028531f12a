"""Compute.Admin platform images: swagger examples replayed, status codes, provisioning outcomes, catalogue."""

from __future__ import annotations

import copy
import datetime as dt
import json
import time
from pathlib import Path
from typing import Any

import pytest
from azure.core.polling import LROPoller
from azure.core.rest import HttpRequest
from azure.mgmt.compute import ComputeManagementClient
from azure.mgmt.core.polling.arm_polling import ARMPolling
from azure.mgmt.resource.resources import ResourceManagementClient
from azure.mgmt.storage import StorageManagementClient
from azure.storage.blob import BlobSasPermissions, BlobServiceClient, generate_blob_sas

from azslab.testing import LabEnv, set_faults

from .clients import arm_pipeline, hub_blob_sas, mgmt_kwargs, raw, secret_credential
from .disks import BIOS_BOOT, ESP, LINUX, gpt_disk, mbr_disk, to_vhd
from tests.support.shared import CONTRACT as SHARED_CONTRACT

API = "2015-12-01-preview"
CONTRACT = SHARED_CONTRACT / "compute-admin"
EXAMPLES = CONTRACT / "examples" / "PlatformImages"


def example(name: str) -> dict[str, Any]:
    return json.loads((EXAMPLES / f"{name}.json").read_text())


@pytest.fixture(scope="module")
def admin(adfs_lab: LabEnv) -> dict[str, Any]:
    cred = secret_credential(adfs_lab)
    pipeline = arm_pipeline(adfs_lab, cred)
    root = adfs_lab.admin_arm_endpoint.rstrip("/")
    resp = pipeline.send_request(HttpRequest("GET", f"{root}/subscriptions", params={"api-version": "2016-06-01"}))
    resp.raise_for_status()
    sub = resp.json()["value"][0]["subscriptionId"]
    return {"cred": cred, "pipeline": pipeline, "sub": sub, "path": f"/subscriptions/{sub}/providers/Microsoft.Compute.Admin/locations/{adfs_lab.location}/artifactTypes/platformImage",
            "base": f"{root}/subscriptions/{sub}/providers/Microsoft.Compute.Admin/locations/{adfs_lab.location}"
                    "/artifactTypes/platformImage"}


@pytest.fixture(scope="module")
def disks(adfs_lab: LabEnv, admin: dict[str, Any], qemu_img: str, tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """Blob URIs of test disks in a storage account made through ARM on the admin endpoint."""
    kw = mgmt_kwargs(adfs_lab)
    ResourceManagementClient(admin["cred"], admin["sub"], api_version="2019-10-01", **kw).resource_groups \
        .create_or_update("imagestaging", {"location": adfs_lab.location})
    storage = StorageManagementClient(admin["cred"], admin["sub"], api_version="2019-06-01", **kw)
    account = storage.storage_accounts.begin_create(
        "imagestaging", "imagestore", {"location": adfs_lab.location, "sku": {"name": "Standard_LRS"}, "kind": "Storage"},
        polling_interval=0.2).result()
    key = storage.storage_accounts.list_keys("imagestaging", "imagestore").keys_property[0].value
    service = BlobServiceClient(account.primary_endpoints.blob, credential={"account_name": "imagestore", "account_key": key},
                                api_version="2019-07-07", connection_verify=adfs_lab.ca_bundle)
    public = service.create_container("public", public_access="blob")
    private = service.create_container("private")
    folder = tmp_path_factory.mktemp("disks")
    files = {
        "mbr": to_vhd(qemu_img, mbr_disk(folder / "mbr.raw")),
        "dynamic": to_vhd(qemu_img, mbr_disk(folder / "dyn.raw"), "dynamic"),
        "efi": to_vhd(qemu_img, gpt_disk(folder / "efi.raw", [ESP, LINUX])),
        "hybrid": to_vhd(qemu_img, gpt_disk(folder / "hybrid.raw", [BIOS_BOOT, ESP, LINUX])),
        "odd": to_vhd(qemu_img, odd_size(mbr_disk(folder / "odd.raw"))),
        "blank": to_vhd(qemu_img, blank(folder / "blank.raw")),
        "small": to_vhd(qemu_img, mbr_disk(folder / "small.raw", size_mib=19)),
    }
    uris = {}
    for name, path in files.items():
        blob_type = "BlockBlob" if name == "dynamic" else "PageBlob"
        public.upload_blob(f"{name}.vhd", path.read_bytes(), blob_type=blob_type)
        uris[name] = f"{public.url}/{name}.vhd"
    private.upload_blob("mbr.vhd", files["mbr"].read_bytes(), blob_type="PageBlob")
    uris["private"] = f"{private.url}/mbr.vhd"
    uris["sas"] = f"{private.url}/mbr.vhd?{hub_blob_sas('imagestore', key, 'private', 'mbr.vhd')}"
    # What azure-storage-blob makes, whatever version it is asked for: signed in a version a Hub does not know.
    newer = generate_blob_sas("imagestore", "private", "mbr.vhd", account_key=key, version="2019-07-07",
                              permission=BlobSasPermissions(read=True),
                              expiry=dt.datetime.now(dt.timezone.utc) + dt.timedelta(hours=1))
    assert "sv=2019-07-07" not in newer
    uris["newer-sas"] = f"{private.url}/mbr.vhd?{newer}"
    return uris


def odd_size(raw: Path) -> Path:
    """A disk of 20 MiB + 4 KiB: a valid fixed VHD, but not whole MiB."""
    with raw.open("ab") as f:
        f.write(b"\0" * 4096)
    return raw


def blank(raw: Path) -> Path:
    raw.write_bytes(b"\0" * 20 * 1024 * 1024)
    return raw


def image_url(admin: dict[str, Any], publisher: str, offer: str, sku: str, version: str) -> str:
    return f"{admin['base']}/publishers/{publisher}/offers/{offer}/skus/{sku}/versions/{version}"


def put_image(admin: dict[str, Any], url: str, uri: str, os_type: str = "Linux") -> Any:
    body = {"properties": {"osDisk": {"osType": os_type, "uri": uri}}}
    return admin["pipeline"].send_request(HttpRequest("PUT", url, params={"api-version": API}, json=body))


def wait_state(admin: dict[str, Any], url: str, timeout: float = 20.0) -> str:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        resp = admin["pipeline"].send_request(HttpRequest("GET", url, params={"api-version": API}))
        state = resp.json()["properties"]["provisioningState"]
        if state != "Creating":
            return str(state)
        time.sleep(0.1)
    raise AssertionError(f"{url} still Creating after {timeout} s")


def shape(value: Any) -> Any:
    """Keys and value types, recursively: what example and answer must share (ids differ by design)."""
    if isinstance(value, dict):
        return {k: shape(v) for k, v in value.items()}
    if isinstance(value, list):
        return [shape(v) for v in value[:1]]
    return type(value).__name__


UNDOCUMENTED = {"replicate"}
"""Properties a live stamp answers (recordings) that the swagger and its examples leave out."""


def without_nulls(value: Any) -> Any:
    """What a swagger example shows of an answer: no nulls, no undocumented property."""
    if isinstance(value, dict):
        return {k: without_nulls(v) for k, v in value.items() if v is not None and k not in UNDOCUMENTED}
    if isinstance(value, list):
        return [without_nulls(v) for v in value]
    return value


# swagger examples --------------------------------------------------------------------------------

def test_examples_create_get_list_delete(admin: dict[str, Any], disks: dict[str, str]) -> None:
    create, get, listing = example("Create"), example("Get"), example("List")
    p = create["parameters"]
    url = image_url(admin, p["publisher"], p["offer"], p["sku"], p["version"])
    body = copy.deepcopy(p["newImage"])
    body["properties"]["osDisk"]["uri"] = disks["mbr"]
    resp = admin["pipeline"].send_request(HttpRequest("PUT", url, params={"api-version": p["api-version"]}, json=body))
    assert resp.status_code == 201
    for header in ("Location", "Azure-AsyncOperation", "Retry-After"):
        assert header not in resp.headers
    created = without_nulls(resp.json())
    expected = create["responses"]["201"]["body"]
    assert shape(created) == shape(expected)
    assert created["type"] == expected["type"] and created["location"] == expected["location"]
    assert created["properties"]["provisioningState"] == "Creating"
    assert created["id"].endswith("/publishers/Canonical/offers/UbuntuServer/skus/16.04-:LTS/versions/16.04")
    assert resp.json()["name"] is None  # as the live service answers

    again = admin["pipeline"].send_request(HttpRequest("PUT", url, params={"api-version": API}, json=body))
    assert again.status_code == 200

    got = admin["pipeline"].send_request(HttpRequest("GET", url, params={"api-version": API}))
    assert got.status_code == 200 and shape(without_nulls(got.json())) == shape(get["responses"]["200"]["body"])

    listed = admin["pipeline"].send_request(HttpRequest("GET", admin["base"], params={"api-version": API}))
    assert listed.status_code == 200
    items = listed.json()
    assert isinstance(items, list) and shape(without_nulls(items[0])) == shape(listing["responses"]["200"]["body"][0])
    assert any(i["id"] == got.json()["id"] for i in items)

    assert wait_state(admin, url) == "Succeeded"
    deleted = admin["pipeline"].send_request(HttpRequest("DELETE", url, params={"api-version": API}))
    assert deleted.status_code == 200 and deleted.content == b""
    missing = admin["pipeline"].send_request(HttpRequest("GET", url, params={"api-version": API}))
    assert missing.status_code == 404 and missing.content == b""


def test_put_polls_to_succeeded_through_arm_polling(admin: dict[str, Any], disks: dict[str, str]) -> None:
    url = image_url(admin, "Contoso", "Poller", "base", "1.0.0")
    body = {"properties": {"osDisk": {"osType": "Linux", "uri": disks["mbr"]}}}
    request = HttpRequest("PUT", url, params={"api-version": API}, json=body)
    initial = admin["pipeline"].send_request(request, _return_pipeline_response=True)
    poller = LROPoller(admin["pipeline"], initial, lambda r: json.loads(r.http_response.text()), ARMPolling(0.1))
    result = poller.result(timeout=30)
    assert result["properties"]["provisioningState"] == "Succeeded"
    admin["pipeline"].send_request(HttpRequest("DELETE", url, params={"api-version": API})).raise_for_status()


@pytest.mark.parametrize(
    ("disk", "state"),
    [("mbr", "Succeeded"), ("sas", "Succeeded"), ("hybrid", "Succeeded"),
     # No boot sector: not a documented cause of Failed (the client's pre-flight warns), so the import goes on.
     ("blank", "Succeeded"),
     ("private", "Failed"), ("newer-sas", "Failed"), ("dynamic", "Failed"), ("efi", "Failed"), ("odd", "Failed"),
     ("small", "Failed")],
)
def test_provisioning_outcome(admin: dict[str, Any], disks: dict[str, str], disk: str, state: str) -> None:
    url = image_url(admin, "Outcomes", disk, "sku", "1.0.0")
    assert put_image(admin, url, disks[disk]).status_code == 201
    assert wait_state(admin, url) == state
    resource = admin["pipeline"].send_request(HttpRequest("GET", url, params={"api-version": API})).json()
    assert set(resource["properties"]) == {"osDisk", "dataDisks", "details", "replicate", "provisioningState"}  # no reason


def test_data_disks_are_checked_too(admin: dict[str, Any], disks: dict[str, str]) -> None:
    for version, data_disk, state in [("1.0.0", "mbr", "Succeeded"), ("2.0.0", "dynamic", "Failed")]:
        url = image_url(admin, "WithData", "offer", "sku", version)
        body = {"properties": {"osDisk": {"osType": "Windows", "uri": disks["mbr"]},
                               "dataDisks": [{"lun": 0, "uri": disks[data_disk]}],
                               "details": {"billingPartNumber": "PN-1"}}}
        resp = admin["pipeline"].send_request(HttpRequest("PUT", url, params={"api-version": API}, json=body))
        assert resp.status_code == 201
        assert resp.json()["properties"]["dataDisks"] == [{"lun": 0, "uri": disks[data_disk]}]
        assert resp.json()["properties"]["details"] == {"billingPartNumber": "PN-1"}
        assert wait_state(admin, url) == state


def test_operations_list(adfs_lab: LabEnv, admin: dict[str, Any]) -> None:
    resp = admin["pipeline"].send_request(HttpRequest(
        "GET", f"{adfs_lab.admin_arm_endpoint}providers/Microsoft.Compute.Admin/operations", params={"api-version": API}))
    names = [op["name"] for op in resp.json()["value"]]
    assert resp.status_code == 200 and any(n.endswith("platformImages/write") for n in names)


def test_failure_reason_goes_to_the_log_without_the_sas(adfs_lab: LabEnv, admin: dict[str, Any], disks: dict[str, str]) -> None:
    url = image_url(admin, "Logged", "efi", "sku", "1.0.0")
    put_image(admin, url, disks["efi"])
    assert wait_state(admin, url) == "Failed"
    log = (adfs_lab.data_dir / "lab.log").read_text()
    assert "generation 2" in log
    assert "sig=" not in log


def test_injected_canceled_and_duration(clean_faults: LabEnv, admin: dict[str, Any], disks: dict[str, str]) -> None:
    set_faults(clean_faults, {"provisioning": {"outcome": "Canceled", "duration": 1.0}})
    url = image_url(admin, "Injected", "cancel", "sku", "1.0.0")
    started = time.monotonic()
    put_image(admin, url, disks["mbr"])
    time.sleep(0.3)
    mid = admin["pipeline"].send_request(HttpRequest("GET", url, params={"api-version": API})).json()
    assert mid["properties"]["provisioningState"] == "Creating"
    assert wait_state(admin, url) == "Canceled"
    assert time.monotonic() - started >= 1.0


def test_invalid_body_gets_arm_error(adfs_lab: LabEnv, admin: dict[str, Any]) -> None:
    url = image_url(admin, "Bad", "body", "sku", "1.0.0")
    resp = admin["pipeline"].send_request(HttpRequest(
        "PUT", url, params={"api-version": API}, json={"properties": {"osDisk": {"osType": "Solaris", "uri": "x"}}}))
    assert resp.status_code == 400
    error = resp.json()["error"]
    assert error["code"] == "InvalidRequestContent" and error["target"] == "properties.osDisk.osType"
    resp = admin["pipeline"].send_request(HttpRequest(
        "PUT", url, params={"api-version": API}, json={"properties": {"dataDisks": [{"lun": "zero"}]}}))
    assert resp.status_code == 400 and resp.json()["error"]["target"] == "properties.dataDisks[0].lun"


def test_other_api_version_is_refused(admin: dict[str, Any]) -> None:
    resp = admin["pipeline"].send_request(HttpRequest("GET", admin["base"], params={"api-version": "2021-01-01"}))
    assert resp.status_code == 400
    error = resp.json()["error"]
    assert error["code"] == "InvalidApiVersionParameter" and "2015-12-01-preview" in error["message"]


def test_catalogue_shows_only_succeeded_images(adfs_lab: LabEnv, admin: dict[str, Any], disks: dict[str, str]) -> None:
    good = image_url(admin, "CatPub", "CatOffer", "cat-sku", "2.0.0")
    bad = image_url(admin, "CatPub", "CatOffer", "cat-sku", "3.0.0")
    put_image(admin, good, disks["mbr"])
    put_image(admin, bad, disks["dynamic"])
    cred = secret_credential(adfs_lab)
    compute = ComputeManagementClient(cred, _user_subscription(adfs_lab, cred), **mgmt_kwargs(adfs_lab, admin=False))
    images = compute.virtual_machine_images
    assert wait_state(admin, good) == "Succeeded" and wait_state(admin, bad) == "Failed"
    loc = adfs_lab.location
    assert "CatPub" in [p.name for p in images.list_publishers(loc, api_version="2020-06-01")]
    assert [o.name for o in images.list_offers(loc, "catpub", api_version="2020-06-01")] == ["CatOffer"]
    assert [s.name for s in images.list_skus(loc, "CatPub", "CatOffer", api_version="2020-06-01")] == ["cat-sku"]
    assert [v.name for v in images.list(loc, "CatPub", "CatOffer", "cat-sku", api_version="2020-06-01")] == ["2.0.0"]
    version = images.get(loc, "CatPub", "CatOffer", "cat-sku", "2.0.0", api_version="2020-06-01")
    assert version.os_disk_image.operating_system == "Linux"
    with pytest.raises(Exception) as refused:
        images.list_publishers(loc)  # the SDK's own default api-version: not one the Hub accepts
    assert "InvalidApiVersionParameter" in str(refused.value)


def _user_subscription(env: LabEnv, cred: Any) -> str:
    pipeline = arm_pipeline(env, cred, admin=False)
    resp = pipeline.send_request(HttpRequest("GET", f"{env.arm_endpoint}subscriptions",
                                             params={"api-version": "2016-06-01"}))
    return str(resp.json()["value"][0]["subscriptionId"])


def test_missing_image_and_delete_answers(admin: dict[str, Any]) -> None:
    url = image_url(admin, "No", "Such", "image", "9.9.9")
    got = admin["pipeline"].send_request(HttpRequest("GET", url, params={"api-version": API}))
    assert got.status_code == 404 and got.content == b""
    gone = admin["pipeline"].send_request(HttpRequest("DELETE", url, params={"api-version": API}))
    assert gone.status_code == 404


def test_images_live_on_the_admin_endpoint_only(adfs_lab: LabEnv, admin: dict[str, Any]) -> None:
    token = admin["cred"].get_token(adfs_lab.user_audience + "/.default").token
    status, _, body = raw(f"{adfs_lab.arm_endpoint.rstrip('/')}{admin['path']}?api-version={API}", adfs_lab.ca_bundle,
                          token=token)
    assert status == 404 and json.loads(body)["error"]["code"] == "InvalidResourceType"


def test_schema_matches_the_swagger() -> None:
    from azslab.providers.compute_admin.models import PLATFORM_IMAGE_PARAMETERS

    swagger = json.loads((CONTRACT / "PlatformImages.json").read_text())["definitions"]
    compute = json.loads((CONTRACT / "Compute.json").read_text())["definitions"]
    ours = PLATFORM_IMAGE_PARAMETERS["properties"]["properties"]["properties"]
    theirs = swagger["PlatformImageProperties"]["properties"]
    assert set(ours) == set(theirs)
    assert set(ours["osDisk"]["properties"]) == set(swagger["OsDisk"]["properties"])
    assert ours["osDisk"]["properties"]["osType"]["enum"] == swagger["OsType"]["enum"]
    assert set(ours["dataDisks"]["items"]["properties"]) == set(swagger["DataDisk"]["properties"])
    assert ours["dataDisks"]["items"]["properties"]["lun"]["format"] == swagger["DataDisk"]["properties"]["lun"]["format"]
    assert set(ours["details"]["properties"]) == set(swagger["ImageDetails"]["properties"])
    assert ours["provisioningState"]["enum"] == compute["ProvisioningState"]["enum"]
