"""The replay engine's parts on their own (tests/support/replay): reading recordings, the mapping, the body and
state rules, what a recording presupposes, the differences table. The replay itself is tests/lab/test_replay.py."""

from __future__ import annotations

import io
import json
import zipfile
from fnmatch import fnmatchcase

import pytest

from tests.support.replay.compare import BodyComparison, States, compare_headers, state_sequences
from tests.support.replay.differences import KNOWN
from tests.support.replay.engine import presupposed
from tests.support.replay.families import FAMILIES, PLATFORM_IMAGES, VM_EXTENSIONS, values_at
from tests.support.replay.mapping import BlobRef, LabSide, Mapping
from tests.support.replay.packages import gallery_package
from tests.support.replay.recording import Recording, load
from tests.support.shared import CONTRACT

RECORDINGS = CONTRACT / "recordings"
LAB = LabSide("https://127.0.0.1:4000", "11111111-2222-3333-4444-555555555555", "local",
              "https://127.0.0.1:5000/{account}/")
STAMP_SUB = "47b53730-e95d-4594-b843-d378bdff793a"


def recording(name: str) -> Recording:
    return load(RECORDINGS / f"{name}.Recording.json")


@pytest.fixture(scope="module")
def images() -> Recording:
    return recording("Azs.Compute.Admin.Add-AzsPlatformImage")


@pytest.fixture(scope="module")
def mapping(images: Recording) -> Mapping:
    return Mapping.for_recording(images, LAB)


def test_every_recording_of_every_family_is_read() -> None:
    for family in FAMILIES:
        for name in family.recordings:
            assert recording(name).exchanges, name
    removed = recording("Azs.Gallery.Admin.Remove-AzsGalleryItem")
    assert [(e.method, e.status, e.flattened) for e in removed.exchanges] == [
        ("DELETE", 204, False), ("POST", 201, False), ("GET", 200, True), ("DELETE", 200, False)]


def test_the_platform_image_recording_as_read(images: Recording) -> None:
    put = images.exchanges[20]
    assert (put.test, put.method, put.status) == ("TestCreateAndDeletePlatformImage", "PUT", 201)
    assert put.request_body["properties"]["osDisk"]["osType"] == "Linux"
    assert put.headers["content-type"] == "application/json; charset=utf-8"
    assert put.answer["properties"]["provisioningState"] == "Creating"
    assert images.exchanges[23].text is None and images.exchanges[23].status == 200


def test_mapping_of_identity_bound_values(mapping: Mapping) -> None:
    assert (mapping.stamp_subscription, mapping.stamp_location) == (STAMP_SUB, "redmond")
    arm = f"https://adminmanagement.redmond.ext-n22r1006.masd.stbtest.microsoft.com/subscriptions/{STAMP_SUB}/providers/" \
          "Microsoft.Compute.Admin/locations/redmond/artifactTypes/platformImage?api-version=2015-12-01-preview"
    assert mapping.uri(arm) == f"https://127.0.0.1:4000/subscriptions/{LAB.subscription}/providers/" \
                               "Microsoft.Compute.Admin/locations/local/artifactTypes/platformImage" \
                               "?api-version=2015-12-01-preview"
    assert mapping.uri(arm.replace("adminmanagement.redmond.ext-n22r1006.masd.stbtest.microsoft.com",
                                   "management.azure.com")) == mapping.uri(arm)
    sas = "https://azstmktprodwcu001.blob.core.windows.net/packages/aa4d%2FImage%2Fdisk.vhd?sv=2020-04-08&sig=x&sp=r"
    assert mapping.uri(sas) == "https://127.0.0.1:5000/azstmktprodwcu001/packages/aa4d%2FImage%2Fdisk.vhd"
    assert mapping.blob(sas) == BlobRef("azstmktprodwcu001", "packages", "aa4d/Image/disk.vhd")
    assert mapping.blob(mapping.uri(sas)) == mapping.blob(sas)
    assert mapping.blob("https://github.com/Microsoft/PowerShell-DSC-for-Linux/archive/v1.1.1-294.zip") is None
    doc = {"id": f"/subscriptions/{STAMP_SUB}/providers/Microsoft.Compute.Admin/locations/redmond/x", "location": "redmond",
           "name": None, "uri": "https://github.com/a/b.zip"}
    assert mapping.value(doc) == {"id": f"/subscriptions/{LAB.subscription}/providers/Microsoft.Compute.Admin/locations/"
                                        "local/x", "location": "local", "name": None, "uri": "https://github.com/a/b.zip"}


def resource(version: str, **props: object) -> dict[str, object]:
    return {"id": f"/subscriptions/{STAMP_SUB}/providers/Microsoft.Compute.Admin/locations/redmond/artifactTypes/"
                  f"platformImage/publishers/P/offers/O/skus/S/versions/{version}",
            "name": None, "location": "redmond", "properties": props}


def compare(mapping: Mapping, recorded: object, got: object, exact: bool = False,
            states: States | None = None) -> list[tuple[str, str]]:
    found = BodyComparison(7, mapping, states or States({}), exact).run(recorded, mapping.value(got))
    return [(d.kind, d.field) for d in found]


def test_body_shape_rules(mapping: Mapping) -> None:
    stamp = resource("1.0.0", dataDisks=None, replicate=False, provisioningState="Succeeded")
    assert compare(mapping, stamp, stamp) == []
    assert compare(mapping, stamp, resource("1.0.0", dataDisks=None, provisioningState="Succeeded")) == [
        ("missing", "properties.replicate")]
    assert compare(mapping, stamp, resource("1.0.0", dataDisks=[], replicate=False, provisioningState="Succeeded")) == [
        ("type", "properties.dataDisks")]
    assert compare(mapping, stamp, {**resource("1.0.0", dataDisks=None, replicate=True, provisioningState="Succeeded"),
                                    "reason": "x"}) == [("value", "properties.replicate"), ("extra", "reason")]
    listed = [resource("1.0.0", provisioningState="Succeeded"), resource("2.0.0", provisioningState="Succeeded")]
    assert compare(mapping, listed, listed[::-1]) == [("order", "")]
    assert [k for k, _ in compare(mapping, listed, listed[:1])] == ["missing"]
    timed = {"createdTime": "2020-02-12T07:05:57.6265404Z"}
    assert compare(mapping, timed, {"createdTime": "2024-01-01T00:00:00Z"}) == []
    assert compare(mapping, timed, {"createdTime": "yesterday"}) == [("value", "createdTime")]


def test_provisioning_states_may_be_faster_never_behind_or_back(mapping: Mapping) -> None:
    created = resource("1.0.1", provisioningState="Creating")
    done = resource("1.0.1", provisioningState="Succeeded")
    key = mapping.text(str(created["id"])).lower()
    states = States(state_sequences([created, done], mapping))
    assert states.sequences == {key: ["Creating", "Succeeded"]}
    assert compare(mapping, created, done, exact=True, states=states) == [("state", "properties.provisioningState")]
    states = States(state_sequences([created, done], mapping))
    assert compare(mapping, created, created, exact=True, states=states) == []
    assert compare(mapping, done, created, states=states) == [("behind", "properties.provisioningState")]
    assert compare(mapping, created, done, states=states) == []  # faster than the stamp
    assert compare(mapping, done, created, states=states) == [("state", "properties.provisioningState"),
                                                              ("behind", "properties.provisioningState")]
    assert compare(mapping, done, resource("1.0.1", provisioningState="Failed"), states=states) == [
        ("state", "properties.provisioningState")]


def test_client_headers() -> None:
    assert compare_headers(0, {"content-type": "application/json; charset=utf-8"},
                           {"content-type": "application/json;charset=UTF-8"}) == []
    found = compare_headers(0, {"content-type": "application/json; charset=utf-8"},
                            {"content-type": "application/json", "retry-after": "1"})
    assert [d.path for d in found] == ["header content-type", "header retry-after"]


def test_what_each_recording_presupposes(images: Recording, mapping: Mapping) -> None:
    docs = presupposed(images, mapping)
    assert len(docs) == 13 and docs == images.exchanges[0].answer  # the first list, all of it, in its order
    extensions = recording("Azs.Compute.Admin.Add-AzsVMExtension")
    assert len(presupposed(extensions, Mapping.for_recording(extensions, LAB))) == 15
    added = recording("Azs.Gallery.Admin.Add-AzsGalleryItem")  # its first DELETE answered 200: the item was there
    assert [d["name"] for d in presupposed(added, Mapping.for_recording(added, LAB))] == ["TestUbuntu.Test.1.0.0"]
    removed = recording("Azs.Gallery.Admin.Remove-AzsGalleryItem")  # its first DELETE answered 204
    assert presupposed(removed, Mapping.for_recording(removed, LAB)) == []


def test_seeds_are_written_in_the_stamps_terms(images: Recording) -> None:
    marketplace = images.exchanges[5].answer
    seed = PLATFORM_IMAGES.seed(marketplace)
    assert seed.method == "PUT" and seed.uri.endswith("/versions/16.04.202007080?api-version=2015-12-01-preview")
    assert seed.body == {"properties": {k: marketplace["properties"][k] for k in ("osDisk", "dataDisks", "details")}}
    assert values_at(PLATFORM_IMAGES.seed(images.exchanges[7].answer).body, "properties.dataDisks[].uri")[3].endswith(
        "datadisk4.vhd")
    builtin = recording("Azs.Compute.Admin.Add-AzsVMExtension").exchanges[3].answer
    assert builtin["properties"]["sourceBlob"] is None
    assert VM_EXTENSIONS.seed(builtin).body["properties"]["sourceBlob"]["uri"].endswith(
        "/extensions/Microsoft.Compute.BGInfo.2.1.zip")


def test_gallery_fixture_is_an_opc_package_of_the_recorded_item() -> None:
    item = recording("Azs.Gallery.Admin.Add-AzsGalleryItem").exchanges[1].answer
    content, kind = gallery_package(BlobRef("testsa", "testsc", "TestUbuntu.Test.1.0.0.azpkg"), item)
    with zipfile.ZipFile(io.BytesIO(content)) as z:
        names = set(z.namelist())
        manifest = json.loads(z.read("Manifest.json"))
        rels = z.read("DeploymentTemplates/_rels/LinuxTemplate.json.rels").decode()
    served = [item["properties"]["uiDefinitionUri"], *item["properties"]["iconFileUris"].values(),
              *(a["uri"] for a in item["properties"]["artifacts"])]
    assert kind == "BlockBlob" and {"[Content_Types].xml", "_rels/.rels"} <= names
    assert {uri.split("/TestUbuntu.Test.1.0.0/")[1] for uri in served} <= names  # where the stamp served them
    assert (manifest["publisher"], manifest["name"], manifest["version"]) == ("TestUbuntu", "Test", "1.0.0")
    assert manifest["artifacts"] == [{"name": "LinuxTemplate", "type": "Template",
                                      "path": "DeploymentTemplates/LinuxTemplate.json", "isDefault": True}]
    assert "deploymenttemplateproperties" in rels


def test_gallery_fixture_manifest_holds_the_products_without_what_the_stamp_wrote() -> None:
    """The recorded Canonical item's products come from its manifest; the URIs of the legal texts are files the
    gallery wrote, so the package made from the item leaves them to the lab."""
    item = recording("Azs.Gallery.Admin.Get-AzsGalleryItem").exchanges[2].answer
    content, _ = gallery_package(BlobRef("replayseed", "gallery", "Canonical.UbuntuServer1804LTS-ARM.1.0.3.azpkg"), item)
    with zipfile.ZipFile(io.BytesIO(content)) as z:
        [product] = json.loads(z.read("Manifest.json"))["products"]
    recorded = item["properties"]["products"][0]
    assert product == {k: v for k, v in recorded.items() if k not in ("legalTermsUri", "privacyPolicyUri")}
    assert product["legalTerms"] == "http://www.ubuntu.com/project/about-ubuntu/licensing"


def test_gallery_artifact_uris_may_differ_by_host_only() -> None:
    [row] = [k for k in KNOWN if k.accepts is not None]
    stamp = "https://galleryartifacts.adminhosting.redmond.example//artifact/20161101/A.B.1.0.0/Content/LegalTerms0.DEFAULT.txt"
    assert row.accepts(stamp, "https://127.0.0.1:4000//artifact/20161101/A.B.1.0.0/Content/LegalTerms0.DEFAULT.txt")
    assert not row.accepts(stamp, "https://127.0.0.1:4000//artifact/20161101/A.B.1.0.0/Content/LegalTerms.txt")
    assert not row.accepts("https://example.com/x", "https://127.0.0.1:4000/x")


def test_differences_table_rows_name_a_recording_and_a_reason() -> None:
    names = {name for family in FAMILIES for name in family.recordings}
    for row in KNOWN:
        assert any(fnmatchcase(n, row.recording) for n in names), row.recording
        assert len(row.reason) > 80
    skip = [row for row in KNOWN if row.kind == "not-an-exchange"]
    assert [row.skips("Azs.Gallery.Admin.Remove-AzsGalleryItem", 2) for row in skip] == [True]
