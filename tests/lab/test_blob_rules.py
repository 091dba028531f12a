"""The stamp's blob-service rules on the lab's blob endpoint (blob_gate.js in front of Azurite), each as a Hub answers:
service versions and SAS signed versions up to 2019-07-07, 880-character blob names, page ranges in 4 KiB pages.
Sources: azure-stack/user/azure-stack-acs-differences.md (cheat sheet, "API version"); the error shapes are the
storage service's (docs/stamp-fidelity.md)."""

from __future__ import annotations

import datetime as dt
import http.client
import ssl
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import quote, urlsplit

import pytest
from azure.core.exceptions import HttpResponseError
from azure.storage.blob import BlobSasPermissions, BlobServiceClient, ContainerClient, generate_blob_sas

from azslab.azurite import DEV_ACCOUNT, DEV_KEY
from azslab.testing import LabEnv

from .clients import hub_blob_sas


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes

    def error(self) -> dict[str, str]:
        return {child.tag: child.text or "" for child in ET.fromstring(self.body)}


def send(env: LabEnv, method: str, path: str, headers: dict[str, str] | None = None) -> Answer:
    """One raw HTTPS request to the lab's blob endpoint, so every header is the test's own."""
    parts = urlsplit(env.blob_endpoint(DEV_ACCOUNT))
    conn = http.client.HTTPSConnection(parts.hostname, parts.port, timeout=20,
                                       context=ssl.create_default_context(cafile=env.ca_bundle))
    try:
        conn.request(method, f"/{DEV_ACCOUNT}/{path}", headers=headers or {})
        resp = conn.getresponse()
        return Answer(resp.status, {k.lower(): v for k, v in resp.getheaders()}, resp.read())
    finally:
        conn.close()


def service(env: LabEnv, version: str | None = "2019-07-07") -> BlobServiceClient:
    options = {"api_version": version} if version else {}
    return BlobServiceClient(env.blob_endpoint(DEV_ACCOUNT), credential={"account_name": DEV_ACCOUNT, "account_key": DEV_KEY},
                             connection_verify=env.ca_bundle, retry_total=0, **options)


@pytest.fixture(scope="module")
def container(adfs_lab: LabEnv) -> Iterator[ContainerClient]:
    client = service(adfs_lab).create_container("rules", public_access="blob")
    client.upload_blob("hello.txt", b"hello")
    yield client
    client.delete_container()


@pytest.mark.parametrize("version", ["2015-04-05", "2017-11-09", "2019-07-07"])
def test_the_hubs_service_versions_are_served(adfs_lab: LabEnv, container: ContainerClient, version: str) -> None:
    answer = send(adfs_lab, "GET", "rules/hello.txt", {"x-ms-version": version})
    assert answer.status == 200 and answer.body == b"hello"


@pytest.mark.parametrize("version", ["2019-12-12", "2021-08-06", "2026-10-06", "2014-02-14"])
def test_other_service_versions_are_refused_as_the_service_does(adfs_lab: LabEnv, container: ContainerClient,
                                                                 version: str) -> None:
    answer = send(adfs_lab, "GET", "rules/hello.txt", {"x-ms-version": version})
    assert answer.status == 400 and answer.headers["x-ms-error-code"] == "InvalidHeaderValue"
    error = answer.error()
    assert error["Code"] == "InvalidHeaderValue"
    assert error["Message"].startswith("The value for one of the HTTP headers is not in the correct format.\nRequestId:")
    assert error["HeaderName"] == "x-ms-version" and error["HeaderValue"] == version
    head = send(adfs_lab, "HEAD", "rules/hello.txt", {"x-ms-version": version})
    assert head.status == 400 and head.headers["x-ms-error-code"] == "InvalidHeaderValue" and head.body == b""


def test_an_sdk_at_its_own_default_version_is_refused(adfs_lab: LabEnv, container: ContainerClient) -> None:
    with pytest.raises(HttpResponseError) as err:
        service(adfs_lab, version=None).get_blob_client("rules", "hello.txt").download_blob().readall()
    assert err.value.status_code == 400 and err.value.error_code == "InvalidHeaderValue"


def test_a_sas_signed_in_a_newer_version_is_refused(adfs_lab: LabEnv, container: ContainerClient) -> None:
    expiry = dt.datetime.now(dt.timezone.utc) + dt.timedelta(hours=1)
    newer = generate_blob_sas(DEV_ACCOUNT, "rules", "hello.txt", account_key=DEV_KEY, version="2019-07-07",
                              permission=BlobSasPermissions(read=True), expiry=expiry)
    signed = dict(p.split("=", 1) for p in newer.split("&"))["sv"]
    answer = send(adfs_lab, "GET", f"rules/hello.txt?{newer}")
    assert answer.status == 403 and answer.headers["x-ms-error-code"] == "AuthenticationFailed"
    error = answer.error()
    assert error["Message"].startswith("Server failed to authenticate the request. Make sure the value of "
                                       "Authorization header is formed correctly including the signature.")
    assert signed in error["AuthenticationErrorDetail"] and "2019-07-07" in error["AuthenticationErrorDetail"]


def test_a_sas_signed_in_2019_07_07_is_accepted(adfs_lab: LabEnv, container: ContainerClient) -> None:
    answer = send(adfs_lab, "GET", f"rules/hello.txt?{hub_blob_sas(DEV_ACCOUNT, DEV_KEY, 'rules', 'hello.txt')}")
    assert answer.status == 200 and answer.body == b"hello"


def test_blob_names_of_more_than_880_characters_are_refused(adfs_lab: LabEnv, container: ContainerClient) -> None:
    container.upload_blob("n" * 880, b"x")
    container.upload_blob("é" * 880, b"x")  # characters, not bytes: 880 of them is still fine
    for name in ("n" * 881, "é" * 881):
        with pytest.raises(HttpResponseError) as err:
            container.upload_blob(name, b"x")
        assert err.value.status_code == 400 and err.value.error_code == "OutOfRangeInput"
        assert "One of the request inputs is out of range." in str(err.value)
    answer = send(adfs_lab, "GET", f"rules/{quote('n' * 881)}", {"x-ms-version": "2019-07-07"})
    assert answer.status == 400 and answer.error()["Code"] == "OutOfRangeInput"


def test_page_ranges_are_reported_in_4_kib_pages(adfs_lab: LabEnv, container: ContainerClient) -> None:
    blob = container.get_blob_client("pages.vhd")
    blob.create_page_blob(size=5 * 4096 + 512)
    blob.upload_page(b"a" * 512, offset=512, length=512)  # inside page 0
    blob.upload_page(b"b" * 1024, offset=4096 * 2 + 1024, length=1024)  # inside page 2
    blob.upload_page(b"c" * 512, offset=4096 * 3 - 512, length=512)  # the end of page 2 again
    blob.upload_page(b"d" * 512, offset=5 * 4096, length=512)  # the blob's last 512 bytes
    ranges, clears = blob.get_page_ranges()
    assert [(r["start"], r["end"]) for r in ranges] == [(0, 4095), (8192, 12287), (20480, 20991)]
    assert clears == []
    assert blob.download_blob(offset=512, length=512).readall() == b"a" * 512


def test_a_lax_lab_has_public_azures_rules(lax_lab: LabEnv) -> None:
    client = service(lax_lab, version="2021-08-06").create_container("laxrules")  # newer than a Hub serves
    blob = client.get_blob_client("p.vhd")
    blob.create_page_blob(size=8192)
    blob.upload_page(b"a" * 512, offset=512, length=512)
    assert [(r["start"], r["end"]) for r in blob.get_page_ranges()[0]] == [(512, 1023)]
    client.upload_blob("n" * 900, b"x")
    expiry = dt.datetime.now(dt.timezone.utc) + dt.timedelta(hours=1)
    newer = generate_blob_sas(DEV_ACCOUNT, "laxrules", "p.vhd", account_key=DEV_KEY,
                              permission=BlobSasPermissions(read=True), expiry=expiry)
    assert send(lax_lab, "HEAD", f"laxrules/p.vhd?{newer}").status == 200
