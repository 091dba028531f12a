"""Microsoft.Gallery.Admin on the lab, through the real SDK clients and plain HTTPS: the swagger example
replayed with Microsoft's own package, the statuses and body shapes the recordings of real stamps show
(a removal that finishes in the background, products from the manifest), the refusals, the anonymous
artifact files and the portal's listing."""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import io
import json
import re
import time
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


PRODUCT = {"displayName": "ms-resource:displayName", "publisherDisplayName": "ms-resource:publisherDisplayName",
           "pricingDetailsUri": "https://azure.microsoft.com/pricing/details/virtual-machine-scale-sets/",
           "offerDetails": {"publisherId": "microsoft", "offerId": "vmss", "plans": []},
           "legalTerms": "Use the scale set as the licence of its image says.", "privacyPolicy": "ms-resource:summary"}


def with_products(package: Any) -> bytes:
    """Microsoft's package as `microsoft.vmssproducts.1.3.6`, its manifest given a `products` section (the
    manifest field the recorded Canonical item came from; texts as literals and as `ms-resource:` keys)."""
    out = io.BytesIO()
    with zipfile.ZipFile(package) as real, zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as archive:
        for info in real.infolist():
            data = real.read(info)
            if info.filename == "Manifest.json":
                manifest = json.loads(data.decode("utf-8-sig"))
                data = json.dumps({**manifest, "name": "vmssproducts", "products": [PRODUCT]}, indent=2).encode()
            archive.writestr(info, data)
    return out.getvalue()


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
    public.upload_blob("microsoft.vmssproducts.1.3.6.azpkg", with_products(VMSS))
    return {
        "pipeline": pipeline, "sub": sub, "root": root, "cred": cred,
        "items": f"{root}/subscriptions/{sub}/providers/Microsoft.Gallery.Admin/galleryItems",
        "public": f"{public.url}/microsoft.vmss.1.3.6.azpkg",
        "private": f"{private.url}/microsoft.vmss.1.3.6.azpkg",
        "sas": f"{private.url}/microsoft.vmss.1.3.6.azpkg?" + sas_2019("gallerystore", key, "private", "microsoft.vmss.1.3.6.azpkg"),
        "plain": f"{public.url}/plain.zip.azpkg",
        "products": f"{public.url}/microsoft.vmssproducts.1.3.6.azpkg",
    }


def send(gallery: dict[str, Any], method: str, url: str, body: Any = None, version: str = API) -> Any:
    request = HttpRequest(method, url, params={"api-version": version}, json=body) if body is not None else \
        HttpRequest(method, url, params={"api-version": version})
    return gallery["pipeline"].send_request(request)


def add(gallery: dict[str, Any], uri: str) -> Any:
    return send(gallery, "POST", gallery["items"], {"galleryItemUri": uri})


def delete(gallery: dict[str, Any], name: str = "microsoft.vmss.1.3.6") -> Any:
    return send(gallery, "DELETE", f"{gallery['items']}/{name}")


def remove(gallery: dict[str, Any], name: str = "microsoft.vmss.1.3.6") -> Any:
    """DELETE, then wait until the item is gone (GET 404): a stamp finishes a removal in the background."""
    answer = delete(gallery, name)
    deadline = time.monotonic() + 30
    while send(gallery, "GET", f"{gallery['items']}/{name}").status_code != 404:
        assert time.monotonic() < deadline, f"{name} is still there 30 s after its removal"
        time.sleep(0.2)
    return answer


def recorded(command: str, method: str, status: int) -> dict[str, Any]:
    entries = json.loads((RECORDINGS / f"Azs.Gallery.Admin.{command}.Recording.json").read_text())
    for entry in entries.values():
        request = entry.get("Request", entry)
        if request["Method"] == method and entry["Response"]["StatusCode"] == status:
            return dict(entry["Response"])
    raise AssertionError(f"no recorded {method} {status}")


def test_add_answers_as_the_swagger_example_for_microsofts_package(gallery: dict[str, Any], adfs_lab: LabEnv) -> None:
    remove(gallery)
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


def test_adding_again_is_200_with_the_stored_item_unchanged(gallery: dict[str, Any]) -> None:
    """The Add recording's POST answered 200 with the item as stored minutes before (its `createdTime` and
    `changedTime` both earlier than the answer): an identity already there is not read in again."""
    first = add(gallery, gallery["public"]).json()
    again = add(gallery, gallery["sas"])
    assert again.status_code == 200
    assert again.json() == first


def test_a_removal_finishes_in_the_background_as_the_recorded_stamps_did(gallery: dict[str, Any]) -> None:
    """The recorded sequence (Add recording #0-#2, then the Remove recording #0-#1): DELETE 200, a POST of the
    same identity at once answers 200 with the item being removed, the next DELETE 204; once the removal has
    finished, the POST makes the item anew (201, a new `createdTime`)."""
    before = add(gallery, gallery["public"]).json()
    assert delete(gallery).status_code == 200
    during = add(gallery, gallery["public"])
    assert (during.status_code, during.json()) == (200, before)
    assert send(gallery, "GET", f"{gallery['items']}/microsoft.vmss.1.3.6").status_code == 200
    assert delete(gallery).status_code == 204
    assert remove(gallery).status_code == 204  # still nothing to remove; it returns once the item is gone
    after = add(gallery, gallery["public"])
    assert after.status_code == 201
    assert after.json()["properties"]["createdTime"] > before["properties"]["createdTime"]


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
    again = remove(gallery)
    assert (again.status_code, again.content) == (recorded("Remove-AzsGalleryItem", "DELETE", 204)["StatusCode"], b"")
    missing = send(gallery, "GET", f"{gallery['items']}/microsoft.vmss.1.3.6")
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "ResourceNotFound"
    assert "microsoft.vmss.1.3.6" not in [i["name"] for i in send(gallery, "GET", gallery["items"]).json()["value"]]


def test_products_come_from_the_manifest_with_their_legal_texts_as_files(gallery: dict[str, Any], adfs_lab: LabEnv) -> None:
    """As the recorded Canonical.UbuntuServer1804LTS-ARM.1.0.3 item shows them (Get recording #0, #2): texts
    resolved, the legal terms and privacy policy also written to `Content/...0.DEFAULT.txt`, served anonymously."""
    item = add(gallery, gallery["products"]).json()["properties"]
    canonical = json.loads(recorded("Get-AzsGalleryItem", "GET", 200)["Content"])["value"][0]["properties"]["products"][0]
    [product] = item["products"]
    assert list(product) == list(canonical)
    base = item["uiDefinitionUri"].replace("UIDefinition.json", "")
    assert product == {
        "displayName": "Virtual machine scale set", "publisherDisplayName": "Microsoft",
        "pricingDetailsUri": PRODUCT["pricingDetailsUri"], "offerDetails": PRODUCT["offerDetails"],
        "legalTerms": PRODUCT["legalTerms"], "privacyPolicy": "Deploy multiple instances of a single image.",
        "legalTermsUri": base + "Content/LegalTerms0.DEFAULT.txt",
        "privacyPolicyUri": base + "Content/PrivacyPolicy0.DEFAULT.txt", "useEnterpriseContract": False}
    for uri, text in ((product["legalTermsUri"], product["legalTerms"]), (product["privacyPolicyUri"], product["privacyPolicy"])):
        status, headers, body = raw(uri, adfs_lab.ca_bundle)
        assert (status, headers["content-type"], body.decode()) == (200, "text/plain; charset=utf-8", text)
    assert add(gallery, gallery["public"]).json()["properties"]["products"] == []  # a manifest without products


def test_the_provider_is_echoed_in_the_casing_of_the_request(gallery: dict[str, Any]) -> None:
    url = gallery["items"].replace("Microsoft.Gallery.Admin", "microsoft.gallery.admin")
    body = send(gallery, "POST", url, {"galleryItemUri": gallery["public"]}).json()
    assert body["type"] == "microsoft.gallery.admin/galleryItems"
    assert body["id"] == f"/subscriptions/{gallery['sub']}/providers/microsoft.gallery.admin/galleryItems/microsoft.vmss.1.3.6"


def test_a_private_blob_needs_a_sas(gallery: dict[str, Any]) -> None:
    remove(gallery)
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
