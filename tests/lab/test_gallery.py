"""Microsoft.Gallery.Admin on the lab, through the real SDK clients and plain HTTPS: the swagger example
replayed with Microsoft's own package, the statuses and body shapes the recordings of real stamps show,
the refusals, the anonymous artifact files and the portal's listing."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import io
import json
import re
import zipfile
from typing import Any
from urllib.parse import urlencode

import pytest
from azure.core.rest import HttpRequest
from azure.mgmt.resource.resources import ResourceManagementClient
from azure.mgmt.storage import StorageManagementClient
from azure.storage.blob import BlobServiceClient

from azslab.testing import LabEnv

from .clients import arm_pipeline, discover, mgmt_kwargs, raw, secret_credential
from tests.support.shared import CONTRACT

API = "2015-04-01"
GALLERY = CONTRACT / "gallery-admin"
VMSS = GALLERY / "packages" / "microsoft.vmss.1.3.6.azpkg"
RECORDINGS = CONTRACT / "recordings"
EXAMPLE_HOST = "https://adminportal.local.azurestack.external:30015/"


def sas_2019(account: str, key: str, container: str, blob: str) -> str:
    """A read SAS signed at sv=2019-07-07, the newest a stamp takes (the SDK signs for its own, newer version:
    service SAS string-to-sign of 2018-11-09 and later, Storage REST "Create a service SAS")."""
    expiry = (dt.datetime.now(dt.timezone.utc) + dt.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
    fields = ["r", "", expiry, f"/blob/{account}/{container}/{blob}", "", "", "https", "2019-07-07", "b", "",
              "", "", "", "", ""]
    digest = hmac.new(base64.b64decode(key), "\n".join(fields).encode(), hashlib.sha256).digest()
    return urlencode({"sv": "2019-07-07", "sr": "b", "sp": "r", "se": expiry, "spr": "https",
                      "sig": base64.b64encode(digest).decode()})


@pytest.fixture(scope="module")
def gallery(adfs_lab: LabEnv) -> dict[str, Any]:
    """Packages on blobs of a storage account made through ARM, and a signed-in admin pipeline."""
    cred = secret_credential(adfs_lab)
    pipeline = arm_pipeline(adfs_lab, cred)
    root = adfs_lab.admin_arm_endpoint.rstrip("/")
    subs = pipeline.send_request(HttpRequest("GET", f"{root}/subscriptions", params={"api-version": "2016-06-01"}))
    sub = subs.json()["value"][0]["subscriptionId"]
    kw = mgmt_kwargs(adfs_lab)
    ResourceManagementClient(cred, sub, api_version="2019-10-01", **kw).resource_groups.create_or_update(
        "gallerystaging", {"location": adfs_lab.location})
    storage = StorageManagementClient(cred, sub, api_version="2019-06-01", **kw)
    account = storage.storage_accounts.begin_create(
        "gallerystaging", "gallerystore", {"location": adfs_lab.location, "sku": {"name": "Standard_LRS"}, "kind": "Storage"},
        polling_interval=0.2).result()
    key = storage.storage_accounts.list_keys("gallerystaging", "gallerystore").keys_property[0].value
    service = BlobServiceClient(account.primary_endpoints.blob, credential={"account_name": "gallerystore", "account_key": key},
                                api_version="2019-07-07", connection_verify=adfs_lab.ca_bundle)
    public = service.create_container("public", public_access="blob")
    private = service.create_container("private")
    public.upload_blob("microsoft.vmss.1.3.6.azpkg", VMSS.read_bytes())
    private.upload_blob("microsoft.vmss.1.3.6.azpkg", VMSS.read_bytes())
    plain = io.BytesIO()
    with zipfile.ZipFile(plain, "w") as archive, zipfile.ZipFile(VMSS) as real:
        for name in real.namelist():
            if not (name.startswith("[") or "_rels/" in name or name.endswith("/Artifact")):
                archive.writestr(name, real.read(name))
    public.upload_blob("plain.zip.azpkg", plain.getvalue())
    return {
        "pipeline": pipeline, "sub": sub, "root": root, "cred": cred,
        "items": f"{root}/subscriptions/{sub}/providers/Microsoft.Gallery.Admin/galleryItems",
        "public": f"{public.url}/microsoft.vmss.1.3.6.azpkg",
        "private": f"{private.url}/microsoft.vmss.1.3.6.azpkg",
        "sas": f"{private.url}/microsoft.vmss.1.3.6.azpkg?" + sas_2019("gallerystore", key, "private", "microsoft.vmss.1.3.6.azpkg"),
        "plain": f"{public.url}/plain.zip.azpkg",
    }


def send(gallery: dict[str, Any], method: str, url: str, body: Any = None, version: str = API) -> Any:
    request = HttpRequest(method, url, params={"api-version": version}, json=body) if body is not None else \
        HttpRequest(method, url, params={"api-version": version})
    return gallery["pipeline"].send_request(request)


def add(gallery: dict[str, Any], uri: str) -> Any:
    return send(gallery, "POST", gallery["items"], {"galleryItemUri": uri})


def delete(gallery: dict[str, Any], name: str = "microsoft.vmss.1.3.6") -> Any:
    return send(gallery, "DELETE", f"{gallery['items']}/{name}")


def recorded(command: str, method: str, status: int) -> dict[str, Any]:
    entries = json.loads((RECORDINGS / f"Azs.Gallery.Admin.{command}.Recording.json").read_text())
    for entry in entries.values():
        request = entry.get("Request", entry)
        if request["Method"] == method and entry["Response"]["StatusCode"] == status:
            return dict(entry["Response"])
    raise AssertionError(f"no recorded {method} {status}")


def test_add_answers_as_the_swagger_example_for_microsofts_package(gallery: dict[str, Any], adfs_lab: LabEnv) -> None:
    delete(gallery)
    created = add(gallery, gallery["public"])
    assert created.status_code == 201
    assert created.headers["Content-Type"] == "application/json; charset=utf-8"
    example = json.loads((GALLERY / "examples" / "GalleryItem" / "Create.json").read_text())["responses"]["201"]["body"]
    ours = created.json()
    host = adfs_lab.admin_arm_endpoint + "/"  # the stamp's base ends with '/', then '/artifact/...'
    text = json.dumps(example).replace(EXAMPLE_HOST, host).replace("0ff0bbbe-d68d-4314-8f68-80a808b5a6ec", gallery["sub"])
    expected = json.loads(text)
    for key in ("createdTime", "changedTime"):
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}Z", ours["properties"][key])
        expected["properties"][key] = ours["properties"][key]
    # Live stamps add two fields the 2017 example lacks (recordings).
    expected["properties"].update(searchScore=0.0, keywords=[])
    assert ours == expected


def test_the_item_has_the_recorded_fields_in_their_order(gallery: dict[str, Any]) -> None:
    add(gallery, gallery["public"])
    recording = json.loads(recorded("Add-AzsGalleryItem", "POST", 200)["Content"])
    ours = send(gallery, "GET", f"{gallery['items']}/microsoft.vmss.1.3.6").json()
    assert list(ours) == list(recording)
    assert list(ours["properties"]) == list(recording["properties"])
    assert list(ours["properties"]["definitionTemplates"]) == list(recording["properties"]["definitionTemplates"])


def test_adding_again_is_200_and_keeps_the_creation_time(gallery: dict[str, Any]) -> None:
    first = add(gallery, gallery["public"]).json()["properties"]
    again = add(gallery, gallery["public"])
    assert again.status_code == 200
    assert again.json()["properties"]["createdTime"] == first["createdTime"]
    assert again.json()["properties"]["changedTime"] >= first["changedTime"]


def test_list_get_and_delete_answer_as_recorded(gallery: dict[str, Any]) -> None:
    add(gallery, gallery["public"])
    listed = send(gallery, "GET", gallery["items"])
    assert listed.status_code == 200 and list(listed.json()) == ["value"]
    assert "microsoft.vmss.1.3.6" in [i["name"] for i in listed.json()["value"]]
    assert send(gallery, "GET", f"{gallery['items']}/MICROSOFT.VMSS.1.3.6").status_code == 200
    removed = delete(gallery)
    recorded_200 = recorded("Remove-AzsGalleryItem", "DELETE", 200)
    assert (removed.status_code, removed.headers.get("Content-Length"), removed.content) == (
        recorded_200["StatusCode"], recorded_200["ContentHeaders"]["Content-Length"][0], b"")
    again = delete(gallery)
    assert (again.status_code, again.content) == (recorded("Remove-AzsGalleryItem", "DELETE", 204)["StatusCode"], b"")
    missing = send(gallery, "GET", f"{gallery['items']}/microsoft.vmss.1.3.6")
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "ResourceNotFound"


def test_the_provider_is_echoed_in_the_casing_of_the_request(gallery: dict[str, Any]) -> None:
    url = gallery["items"].replace("Microsoft.Gallery.Admin", "microsoft.gallery.admin")
    body = send(gallery, "POST", url, {"galleryItemUri": gallery["public"]}).json()
    assert body["type"] == "microsoft.gallery.admin/galleryItems"
    assert body["id"] == f"/subscriptions/{gallery['sub']}/providers/microsoft.gallery.admin/galleryItems/microsoft.vmss.1.3.6"


def test_a_private_blob_needs_a_sas(gallery: dict[str, Any]) -> None:
    delete(gallery)
    refused = add(gallery, gallery["private"])
    assert refused.status_code == 400
    error = refused.json()["error"]
    assert error["code"] == "GalleryItemPackageDownloadFailed" and "not readable without credentials" in error["message"]
    accepted = add(gallery, gallery["sas"])
    assert accepted.status_code == 201, accepted.text()


def test_a_plain_zip_is_refused_as_the_package_reader_refuses_it(gallery: dict[str, Any]) -> None:
    refused = add(gallery, gallery["plain"])
    assert refused.status_code == 400
    assert refused.json()["error"]["code"] == "GalleryItemPackageInvalid"
    assert "[Content_Types].xml is missing" in refused.json()["error"]["message"]


def test_a_body_without_uri_and_a_wrong_api_version_are_refused(gallery: dict[str, Any]) -> None:
    assert send(gallery, "POST", gallery["items"], {"uri": gallery["public"]}).json()["error"]["code"] == "InvalidRequestContent"
    old = send(gallery, "GET", gallery["items"], version="2016-05-01")
    assert old.status_code == 400 and old.json()["error"]["code"] == "InvalidApiVersionParameter"


def test_artifacts_are_served_without_authentication(gallery: dict[str, Any], adfs_lab: LabEnv) -> None:
    item = add(gallery, gallery["public"]).json()["properties"]
    assert "//artifact/20161101/microsoft.vmss.1.3.6/" in item["uiDefinitionUri"]
    with zipfile.ZipFile(VMSS) as real:
        status, headers, body = raw(item["uiDefinitionUri"], adfs_lab.ca_bundle)
        assert (status, body) == (200, real.read("UIDefinition.json"))
        status, headers, body = raw(item["iconFileUris"]["small"], adfs_lab.ca_bundle)
        assert (status, headers["content-type"], body) == (200, "image/png", real.read("Icons/Small.png"))
    rels = item["uiDefinitionUri"].replace("UIDefinition.json", "_rels/.rels")
    assert raw(rels, adfs_lab.ca_bundle)[0] == 404


def test_the_portal_listing_shows_the_item_to_tenants(gallery: dict[str, Any], adfs_lab: LabEnv) -> None:
    """The portal reads `{ARM}/providers/Microsoft.Gallery/GalleryItems?api-version=2015-04-01` (a bare array of
    flat items; operator guide on CreateUiDefinition changes); on the user side, its files are the user's."""
    add(gallery, gallery["public"])
    _, _, scope = discover(adfs_lab, admin=False)
    token = gallery["cred"].get_token(scope).token
    status, _, body = raw(f"{adfs_lab.arm_endpoint}providers/Microsoft.Gallery/GalleryItems?api-version={API}",
                          adfs_lab.ca_bundle, token=token)
    items = json.loads(body)
    assert status == 200 and isinstance(items, list)
    mine = next(i for i in items if i["identity"] == "microsoft.vmss.1.3.6")
    assert mine["itemDisplayName"] == "Virtual machine scale set"
    assert mine["uiDefinitionUri"].startswith(adfs_lab.arm_endpoint + "/artifact/20161101/")
    assert raw(mine["uiDefinitionUri"], adfs_lab.ca_bundle)[0] == 200
