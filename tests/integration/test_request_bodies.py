"""Every request the cmdlets send to ARM carries the api-version of the Hub profile they pin, and every body
validates against that api-version's model (tests/integration/hub_profile.py says where each schema comes from).
The requests are read at the HTTP transport, so what is checked is what went on the wire."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs, urlsplit

import jsonschema
import pytest
from azure.core.pipeline.transport import RequestsTransport

from azskernel.azure.cmdlets import compute, compute_admin, extensions, gallery, resources, storage
from tests.integration import hub_profile
from tests.integration.test_flow import tenant_view
from tests.support.shared import CONTRACT

PINS = {"microsoft.compute.admin": "2015-12-01-preview", "microsoft.gallery.admin": "2015-04-01", "microsoft.compute": "2020-06-01",
        "microsoft.storage": "2019-06-01", "microsoft.resources": "2019-10-01", "subscriptions": "2016-06-01"}


@dataclass
class Sent:
    method: str
    url: str
    body: Any

    @property
    def path(self) -> str:
        return urlsplit(self.url).path

    @property
    def api_version(self) -> str | None:
        return (parse_qs(urlsplit(self.url).query).get("api-version") or [None])[0]

    @property
    def provider(self) -> str:
        found = re.findall(r"/providers/([A-Za-z0-9.]+)", self.path)
        if found:
            return found[-1].lower()
        return "microsoft.resources" if "/resourcegroups" in self.path.lower() else "subscriptions"


def _schema_for(sent: Sent, admin: dict[str, Any]) -> dict[str, Any] | None:
    path = sent.path.lower()
    table = [
        ("PUT", r"/resourcegroups/[^/]+$", hub_profile.RESOURCE_GROUP),
        ("PUT", r"/providers/microsoft\.storage/storageaccounts/[^/]+$", hub_profile.STORAGE_ACCOUNT_CREATE),
        ("POST", r"/storageaccounts/[^/]+/regeneratekey$", hub_profile.STORAGE_REGENERATE_KEY),
        ("POST", r"/providers/microsoft\.storage/checknameavailability$", hub_profile.STORAGE_CHECK_NAME),
        ("PUT", r"/artifacttypes/platformimage/publishers/.+/versions/[^/]+$", admin["PlatformImageParameters"]),
        ("PUT", r"/artifacttypes/vmextension/publishers/.+/versions/[^/]+$", admin["VMExtensionParameters"]),
        ("POST", r"/providers/microsoft\.gallery\.admin/galleryitems$", admin["GalleryItemUriPayload"]),
    ]
    for method, pattern, schema in table:
        if sent.method == method and re.search(pattern, path):
            return schema
    return None


@pytest.fixture
def wire(monkeypatch: pytest.MonkeyPatch) -> list[Sent]:
    """The ARM requests of the test, as the transport sends them (the blob data plane is not ARM: left out)."""
    sent: list[Sent] = []
    original = RequestsTransport.send

    def send(self: RequestsTransport, request: Any, **kwargs: Any) -> Any:
        if "/subscriptions" in request.url or "/providers/" in request.url:
            content = request.content if isinstance(request.content, (bytes, str)) else None
            sent.append(Sent(request.method, request.url, json.loads(content) if content else None))
        return original(self, request, **kwargs)

    monkeypatch.setattr(RequestsTransport, "send", send)
    return sent


def test_every_arm_request_is_pinned_and_every_body_fits_its_model(adfs_connected, lab_images, wire) -> None:  # type: ignore[no-untyped-def]
    prof, rep, loc = adfs_connected.profile, adfs_connected.reporter, adfs_connected.env.location
    resources.new_resource_group(name="wire-rg", location=loc, tags={"purpose": "wire"}, profile=prof, reporter=rep)
    acct = storage.new_storage_account(resource_group_name="wire-rg", name="wireacct", location=loc, profile=prof,
                                       reporter=rep)
    storage.get_storage_account_key(resource_group_name="wire-rg", name="wireacct", profile=prof, reporter=rep)
    storage.new_storage_container(name="vhds", context=acct.Context, reporter=rep)
    compute.add_vhd(destination=f"{acct.PrimaryEndpoints.Blob}vhds/os.vhd", local_file_path=lab_images.fixed,
                    resource_group_name="wire-rg", profile=prof, reporter=rep)
    sas = storage.new_blob_sas_token(container="vhds", blob="os.vhd", full_uri=True, context=acct.Context)
    compute_admin.add_platform_image(publisher="Wire", offer="o", sku="s", version="1.0.0", os_type="Linux", os_uri=sas,
                                     data_disks=[{"Lun": 0, "Uri": sas}], billing_part_number="PN-1", poll_interval=0.2,
                                     profile=prof, reporter=rep)
    compute_admin.get_platform_image(publisher="Wire", profile=prof, reporter=rep)
    item = gallery.publish_marketplace_item(publisher="Wire", offer="o", sku="s", version="1.0.0", os_type="Linux",
                                            context=acct.Context, display_name="Wire item", profile=prof, reporter=rep)
    gallery.get_gallery_item(profile=prof, reporter=rep)
    extensions.add_vm_extension(publisher="Wire", type="Ext", version="1.0.0", source_blob=sas, vm_os_type="Linux",
                                profile=prof, reporter=rep)
    tenant = tenant_view(adfs_connected)  # the tenant catalogue and VMs live on the user endpoint
    compute.get_vm_image_publisher(location=loc, profile=tenant, reporter=rep)
    compute.get_vm(resource_group_name="winvmrg1", name="windowsvm", profile=tenant, reporter=rep)  # seeded by the lab
    gallery.remove_gallery_item(name=item.Name, profile=prof, reporter=rep)
    compute_admin.remove_platform_image(publisher="Wire", offer="o", sku="s", version="1.0.0", profile=prof, reporter=rep)
    extensions.remove_vm_extension_admin(publisher="Wire", type="Ext", version="1.0.0", profile=prof, reporter=rep)
    resources.remove_resource_group(name="wire-rg", profile=prof, reporter=rep)

    admin = hub_profile.compute_admin_schemas(CONTRACT) | hub_profile.gallery_admin_schemas(CONTRACT)
    checked: set[str] = set()
    for sent in wire:
        if "/operationresults/" in sent.path.lower() or "/asyncoperations/" in sent.path.lower():
            continue  # polling URLs the service gave back, with the version it chose
        assert sent.api_version == PINS[sent.provider], f"{sent.method} {sent.path}: api-version {sent.api_version}"
        if sent.body is None:
            continue
        schema = _schema_for(sent, admin)
        assert schema is not None, f"{sent.method} {sent.path} sends a body no pinned model describes: {sent.body}"
        jsonschema.validate(sent.body, schema)
        checked.add(f"{sent.method} {sent.provider}")
        if sent.provider == "microsoft.compute":
            pytest.fail(f"a body was sent to Microsoft.Compute ({sent.method} {sent.path}), which the test expects none of")
    assert checked == {"PUT microsoft.resources", "PUT microsoft.storage", "PUT microsoft.compute.admin",
                       "POST microsoft.gallery.admin"}
    assert {s.provider for s in wire} >= {"microsoft.resources", "microsoft.storage", "microsoft.compute.admin",
                                         "microsoft.gallery.admin",
                                         "microsoft.compute", "subscriptions"}


@pytest.mark.parametrize(("schema", "body"), [
    (hub_profile.STORAGE_ACCOUNT_CREATE, {"location": "local", "sku": {"name": "Standard_LRS"}, "kind": "Storage",
                                          "properties": {"allowBlobPublicAccess": True}}),  # a 2019-04-01+ field
    (hub_profile.STORAGE_ACCOUNT_CREATE, {"location": "local", "sku": {"name": "Standard_LRS"}}),  # kind missing
    (hub_profile.RESOURCE_GROUP, {"tags": {}}),  # location missing
])
def test_the_schemas_refuse_what_the_pinned_models_do_not_have(schema: dict[str, Any], body: dict[str, Any]) -> None:
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(body, schema)


def test_the_compute_admin_schemas_refuse_a_negative_overflowing_lun() -> None:
    admin = hub_profile.compute_admin_schemas(CONTRACT)["PlatformImageParameters"]
    body = {"properties": {"osDisk": {"osType": "Linux", "uri": "https://a/b/c"}, "dataDisks": [{"lun": 2**31, "uri": "x"}]}}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(body, admin)
