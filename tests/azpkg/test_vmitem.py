"""The item made from a platform image: what Microsoft's VM-from-image items hold (reference A6, the sample
CustomizedVMGalleryItem.azpkg that Add-AzsVMImage re-packed for every image), and its icons."""

from __future__ import annotations

import io
import json

import pytest
from PIL import Image

from azskernel.azpkg import (
    Artifacts,
    IconSources,
    ImageRef,
    ItemText,
    PackageRulesError,
    build,
    read_package,
    vm_item_source,
)
from azskernel.azpkg.opc import AZPKG

from .conftest import CUSTOMIZED_VM, parts

IMAGE = ImageRef("MicrosoftWindowsServer", "WindowsServer", "2012-R2-Datacenter", "1.0.0", "Windows")


def picture(size: tuple[int, int], fmt: str = "PNG") -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(out, format=fmt)
    return out.getvalue()


def sizes(data: bytes) -> dict[str, tuple[int, int]]:
    return {name: Image.open(io.BytesIO(blob)).size for name, blob in parts(data).items() if name.endswith(".png")}


def rel_types(package: bytes) -> list[str]:
    return sorted(r.type for r in read_package(package).relationships())


def test_the_default_item_is_the_vm_wizard_for_the_image() -> None:
    built = build(vm_item_source(IMAGE))
    package = read_package(built.data)
    assert built.identity == "MicrosoftWindowsServer.WindowsServer-2012-R2-Datacenter.1.0.0"
    assert built.file_name == f"{built.identity}.azpkg"
    create_ui = json.loads(package.parts["DeploymentTemplates/CreateUiDefinition.json"])
    assert create_ui["handler"] == "Microsoft.Compute.SingleVm"
    assert create_ui["parameters"]["imageReference"] == {"publisher": "MicrosoftWindowsServer", "offer": "WindowsServer",
                                                         "sku": "2012-R2-Datacenter"}
    assert create_ui["parameters"]["osPlatform"] == "Windows"
    ui = json.loads(package.parts["UIDefinition.json"])
    assert ui["createDefinition"]["createBlade"] == {"name": "CreateVMWizardBlade", "extension": "Microsoft_Azure_Compute"}
    assert package.text("displayName") == "MicrosoftWindowsServer-WindowsServer-2012-R2-Datacenter"
    assert all(str(package.manifest[k]).startswith("ms-resource:") for k in ("summary", "longSummary", "description"))
    assert sizes(built.data) == {"Icons/Small.png": (40, 40), "Icons/Medium.png": (90, 90),
                                 "Icons/Large.png": (115, 115), "Icons/Wide.png": (255, 115)}


def test_it_has_the_parts_of_microsofts_sample() -> None:
    """Same relationship types as CustomizedVMGalleryItem (less its optional hero), same blade, same handler and
    parameters; the createuidefinition is `Custom` because ours is a 2015-04-01 manifest (the sample: 2014-09-01)."""
    ours = build(vm_item_source(IMAGE)).data
    theirs = CUSTOMIZED_VM.read_bytes()
    assert rel_types(ours) == [t for t in rel_types(theirs) if t != AZPKG + "icon/hero"]
    mine, sample = read_package(ours), read_package(theirs)
    assert json.loads(mine.parts["UIDefinition.json"])["createDefinition"]["createBlade"] == \
        json.loads(sample.parts["UIDefinition.json"])["createDefinition"]["createBlade"]
    our_ui = json.loads(mine.parts["DeploymentTemplates/CreateUiDefinition.json"])
    their_ui = json.loads(sample.parts["DeploymentTemplates/CreateUIDefinition.json"])
    assert (our_ui["handler"], our_ui["version"]) == (their_ui["handler"], their_ui["version"])
    assert set(our_ui["parameters"]) <= set(their_ui["parameters"])
    assert set(their_ui["parameters"]["imageReference"]) == set(our_ui["parameters"]["imageReference"])
    assert [a["name"] for a in mine.manifest["artifacts"]] == [a["name"] for a in sample.manifest["artifacts"]]
    assert json.loads(mine.parts["DeploymentTemplates/DefaultTemplate.json"])["resources"] == []


def test_texts_links_and_categories() -> None:
    text = ItemText("Ubuntu 22.04", "Contoso Ltd", summary="Ubuntu for tenants", links=(("Docs", "https://docs.example"),),
                    categories=("Custom", "Linux"))
    package = read_package(build(vm_item_source(ImageRef("Contoso", "Ubuntu.Server", "22.04-LTS", "1.0.0", "Linux"), text)).data)
    assert package.identity == "Contoso.Ubuntu-Server-22-04-LTS.1.0.0"
    assert (package.text("displayName"), package.text("publisherDisplayName"), package.text("publisherLegalName"),
            package.text("summary")) == ("Ubuntu 22.04", "Contoso Ltd", "Contoso Ltd", "Ubuntu for tenants")
    assert package.manifest["links"] == [{"displayName": "ms-resource:linkDisplayName0", "uri": "https://docs.example"}]
    assert package.strings["linkDisplayName0"] == "Docs" and package.manifest["categories"] == ["Custom", "Linux"]


def test_one_picture_is_scaled_to_every_icon() -> None:
    built = build(vm_item_source(IMAGE, icons=IconSources(icon=picture((600, 300), "JPEG"), hero=picture((815, 290)))))
    assert sizes(built.data) == {"Icons/Small.png": (40, 40), "Icons/Medium.png": (90, 90), "Icons/Large.png": (115, 115),
                                 "Icons/Wide.png": (255, 115), "Icons/Hero.png": (815, 290)}


def test_given_icons_are_checked_or_resized() -> None:
    exact = picture((40, 40))
    built = build(vm_item_source(IMAGE, icons=IconSources(small=exact)))
    assert parts(built.data)["Icons/Small.png"] == exact  # used as given
    with pytest.raises(PackageRulesError, match=r"required dimensions are '90','90' \(it is 100x100\)"):
        build(vm_item_source(IMAGE, icons=IconSources(medium=picture((100, 100)))))
    resized = build(vm_item_source(IMAGE, icons=IconSources(medium=picture((100, 100)), resize=True,
                                                            screenshots=(picture((1066, 648)),))))
    assert sizes(resized.data)["Icons/Medium.png"] == (90, 90)
    assert sizes(resized.data)["Screenshots/Screenshot0.png"] == (533, 324)


def test_a_full_template_replaces_the_wizard() -> None:
    template = json.dumps({"$schema": "https://schema.management.azure.com/schemas/2015-01-01/deploymentTemplate.json#",
                           "contentVersion": "1.0.0.0", "resources": []}).encode()
    package = read_package(build(vm_item_source(IMAGE, artifacts=Artifacts(template=template))).data)
    assert [a["name"] for a in package.manifest["artifacts"]] == ["DefaultTemplate"]
    assert package.parts["DeploymentTemplates/mainTemplate.json"] == template
    assert json.loads(package.parts["UIDefinition.json"])["createDefinition"]["createBlade"]["name"] == "DeployFromTemplateBlade"
    multi = json.dumps({"handler": "Microsoft.Compute.MultiVm", "version": "0.0.1-preview", "parameters": {}}).encode()
    package = read_package(build(vm_item_source(IMAGE, artifacts=Artifacts(template, multi))).data)
    assert json.loads(package.parts["UIDefinition.json"])["createDefinition"]["createBlade"]["name"] == "CreateMultiVmWizardBlade"


def test_a_template_that_is_not_json_breaks_the_packager_rule() -> None:
    with pytest.raises(PackageRulesError, match="Incorrectly formatted artifacts file '<generated>/DeploymentTemplates/mainTemplate.json'"):
        build(vm_item_source(IMAGE, artifacts=Artifacts(template=b"{ nope")))
