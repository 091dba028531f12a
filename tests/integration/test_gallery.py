"""Marketplace items end to end against the lab over HTTPS: the runbook function (package, upload, SAS or
public blob, add), the cmdlets as a script runs them, the preflight's refusals, the catalogue's links and
Remove-AzsPlatformImage's warning for an image that has an item."""

from __future__ import annotations

import io
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from azskernel.azure.cmdlets import compute, compute_admin, gallery, resources, storage
from azskernel.azure.cmdlets.storage_content import set_storage_blob_content
from azskernel.azure.errors import GalleryItemWouldFailError, ResourceMissingError
from azskernel.azure.marketplace import ArtifactReader, image_key, link_images
from tests.integration.conftest import Shell, signed_in_shell


@pytest.fixture(scope="module")
def staging(adfs_connected: Any) -> Any:
    """A general-purpose v1 storage account, as a stamp has, and its context."""
    prof, rep, loc = adfs_connected.profile, adfs_connected.reporter, adfs_connected.env.location
    resources.new_resource_group(name="marketplace-rg", location=loc, profile=prof, reporter=rep)
    acct = storage.new_storage_account(resource_group_name="marketplace-rg", name="mktstaging", location=loc,
                                       sku_name="Standard_LRS", kind="Storage", profile=prof, reporter=rep)
    return acct.Context


def _wait_gone(name: str, prof: Any, rep: Any) -> None:
    """Until Get-AzsGalleryItem no longer finds the item: a stamp finishes a removal in the background."""
    deadline = time.monotonic() + 30
    while True:
        try:
            gallery.get_gallery_item(name=name, profile=prof, reporter=rep)
        except ResourceMissingError:
            return
        assert time.monotonic() < deadline, f"{name} is still there 30 s after its removal"
        time.sleep(0.2)


def test_the_runbook_function_publishes_lists_and_removes_an_item(adfs_connected: Any, staging: Any) -> None:
    prof, rep = adfs_connected.profile, adfs_connected.reporter
    item = gallery.publish_marketplace_item(publisher="Contoso", offer="UbuntuServer", sku="22.04-LTS", version="1.0.0",
                                            os_type="Linux", context=staging, container="published", public=True,
                                            display_name="Ubuntu Server 22.04 LTS", summary="Ubuntu for tenants",
                                            profile=prof, reporter=rep)
    assert (item.Name, item.Publisher, item.ItemName, item.Version) == (
        "Contoso.UbuntuServer-22-04-LTS.1.0.0", "Contoso", "UbuntuServer-22-04-LTS", "1.0.0")
    assert (item.ItemDisplayName, item.Summary, item.ItemType) == ("Ubuntu Server 22.04 LTS", "Ubuntu for tenants", "GalleryItem")
    assert [a.Name for a in item.Artifact] == ["DefaultTemplate", "createuidefinition"]
    assert item.Name in [i.Name for i in gallery.get_gallery_item(profile=prof, reporter=rep)]
    assert gallery.get_gallery_item(name="Contoso.UbuntuServer*", profile=prof, reporter=rep)[0].Name == item.Name
    assert gallery.remove_gallery_item(name=item.Name, profile=prof, reporter=rep) is True
    before = len(adfs_connected.transcript.lines)
    assert gallery.remove_gallery_item(name=item.Name, profile=prof, reporter=rep) is False  # already under way
    assert any("does not exist, or its removal is already under way; nothing was removed" in line
               for line in adfs_connected.transcript.lines[before:])
    _wait_gone(item.Name, prof, rep)
    with pytest.raises(ResourceMissingError, match="was not found"):
        gallery.get_gallery_item(name=item.Name, profile=prof, reporter=rep)


def test_adding_an_item_that_is_being_removed_keeps_it_and_says_why(adfs_connected: Any, staging: Any) -> None:
    """The Add recording's sequence through the cmdlets: the stamp answers a POST of an identity it is still
    removing with that item (HTTP 200), which then goes; the warning says so, and a later add makes it anew."""
    prof, rep = adfs_connected.profile, adfs_connected.reporter
    publish = dict(publisher="Contoso", offer="Rocky", sku="9", version="1.0.0", os_type="Linux", context=staging,
                   container="published", public=True, profile=prof, reporter=rep)
    first = gallery.publish_marketplace_item(**publish)
    uri = f"{staging.get('BlobEndPoint')}published/{first.Name}.azpkg"
    assert gallery.remove_gallery_item(name=first.Name, profile=prof, reporter=rep) is True
    before = len(adfs_connected.transcript.lines)
    kept = gallery.add_gallery_item(gallery_item_uri=uri, profile=prof, reporter=rep)
    assert (kept.Name, kept.CreatedTime) == (first.Name, first.CreatedTime)
    warnings = [line for line in adfs_connected.transcript.lines[before:] if line.startswith("WARNING:")]
    assert any(f"already has the gallery item {first.Name}" in w and "did not read this package" in w for w in warnings)
    _wait_gone(first.Name, prof, rep)
    again = gallery.publish_marketplace_item(**publish)
    assert again.Name == first.Name and again.CreatedTime != first.CreatedTime
    assert gallery.remove_gallery_item(name=again.Name, profile=prof, reporter=rep) is True


def test_a_private_package_is_published_through_a_read_sas(adfs_connected: Any, staging: Any) -> None:
    prof, rep = adfs_connected.profile, adfs_connected.reporter
    item = gallery.publish_marketplace_item(publisher="Contoso", offer="Debian", sku="12", version="2.0.0", os_type="Linux",
                                            context=staging, container="private-items", profile=prof, reporter=rep)
    assert item.Name == "Contoso.Debian-12.2.0.0"
    assert "sig=" not in adfs_connected.transcript.text.replace("sig=REDACTED", "")
    assert gallery.remove_gallery_item(name=item.Name, profile=prof, reporter=rep)


def _upload(staging: Any, container: str, name: str, data: bytes, folder: Path, public: bool) -> str:
    try:
        storage.new_storage_container(name=container, permission="Blob" if public else "Off", context=staging)
    except Exception:  # noqa: BLE001 - made by an earlier test
        pass
    path = folder / name
    path.write_bytes(data)
    set_storage_blob_content(file=str(path), container=container, blob=name, context=staging, force=True)
    return f"{staging.get('BlobEndPoint')}{container}/{name}"


def test_the_preflight_refuses_what_the_stamp_would_refuse(adfs_connected: Any, staging: Any, tmp_path: Path) -> None:
    prof, rep = adfs_connected.profile, adfs_connected.reporter
    built = gallery.new_gallery_item_package(publisher="Contoso", offer="Alma", sku="9", version="1.0.0", os_type="Linux",
                                             output_path=str(tmp_path))
    private = _upload(staging, "closed", built.Name, Path(built.FullName).read_bytes(), tmp_path, public=False)
    with pytest.raises(GalleryItemWouldFailError, match="cannot be read without credentials"):
        gallery.add_gallery_item(gallery_item_uri=private, profile=prof, reporter=rep)
    plain = io.BytesIO()
    with zipfile.ZipFile(plain, "w") as archive, zipfile.ZipFile(built.FullName) as package:
        for name in package.namelist():
            if not (name.startswith("[") or "_rels/" in name or name.endswith("/Artifact")):
                archive.writestr(name, package.read(name))
    zipped = _upload(staging, "open", "plain.azpkg", plain.getvalue(), tmp_path, public=True)
    with pytest.raises(GalleryItemWouldFailError, match=r"package reader would refuse it: The package has no \[Content_Types\]"):
        gallery.add_gallery_item(gallery_item_uri=zipped, profile=prof, reporter=rep)
    # Sent anyway, the lab refuses it as a stamp's reader does.
    with pytest.raises(Exception, match="GalleryItemPackageInvalid"):
        gallery.add_gallery_item(gallery_item_uri=zipped, skip_preflight=True, profile=prof, reporter=rep)
    assert not [i for i in gallery.get_gallery_item(profile=prof, reporter=rep) if i.Name.startswith("Contoso.Alma")]


@pytest.fixture(scope="module")
def shell(adfs_lab: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Shell]:
    for signed_in in signed_in_shell(adfs_lab, tmp_path_factory, "gallery"):
        yield signed_in


def test_the_cmdlets_as_a_script_runs_them(shell: Shell, tmp_path: Path) -> None:
    shell.session.set_variable("out", str(tmp_path))
    assert shell.run(
        f"$loc = '{shell.lab.location}'\n"
        "$null = New-AzResourceGroup -Name ps-marketplace -Location $loc\n"
        "$ctx = (New-AzStorageAccount -ResourceGroupName ps-marketplace -Name psmarket -SkuName Standard_LRS -Location $loc -Kind Storage).Context\n"
        "$null = New-AzStorageContainer -Name items -Permission Blob -Context $ctx\n"
        "$pkg = New-AzsGalleryItemPackage -Publisher Contoso -Offer WindowsServer -Sku 2022-Datacenter -Version 1.0.0 "
        "-OsType Windows -DisplayName 'Windows Server 2022' -Link 'Docs=https://docs.example' -OutputPath $out\n"
        "$blob = $pkg | Set-AzStorageBlobContent -Container items -Context $ctx -Force\n"
        "$item = Add-AzsGalleryItem -GalleryItemUri \"$($ctx.BlobEndPoint)items/$($pkg.Name)\"\n"
        "$listed = @(Get-AzsGalleryItem | Where-Object Name -eq $item.Name)\n"
        "$table = Get-AzsGalleryItem -Name $item.Name | Out-String -Width 200\n"
        "$removed = Get-AzsGalleryItem -Name $item.Name | Remove-AzsGalleryItem -PassThru"
    ) is None, [e.message for e in shell.host.errors]
    assert shell.host.errors == []
    assert shell.session.invoke("$pkg.Name; $blob.Name; $blob.BlobType") == [
        "Contoso.WindowsServer-2022-Datacenter.1.0.0.azpkg"] * 2 + ["BlockBlob"]
    assert shell.session.invoke("$item.ItemDisplayName; $item.Link[0].DisplayName; $listed.Count; $removed") == [
        "Windows Server 2022", "Docs", 1, True]
    table = shell.session.invoke("$table")[0]
    header = table.strip().splitlines()[0].split()
    assert header == ["Name", "Publisher", "PublisherDisplayName", "ItemName", "ItemDisplayName", "Version", "Summary"]


def test_an_image_with_an_item_is_linked_and_its_removal_warns(adfs_connected: Any, staging: Any, lab_images: Any) -> None:
    prof, rep = adfs_connected.profile, adfs_connected.reporter
    try:
        storage.new_storage_container(name="vhds", permission="Blob", context=staging)
    except Exception:  # noqa: BLE001 - made by an earlier run of this module
        pass
    endpoint = staging.get("BlobEndPoint")
    compute.add_vhd(destination=f"{endpoint}vhds/linked.vhd", local_file_path=lab_images.fixed,
                    resource_group_name="marketplace-rg", profile=prof, reporter=rep)
    image = compute_admin.add_platform_image(publisher="Contoso", offer="Linked", sku="1.0", version="1.0.0", os_type="Linux",
                                             os_uri=f"{endpoint}vhds/linked.vhd", poll_interval=0.2, timeout_sec=60,
                                             profile=prof, reporter=rep)
    item = gallery.publish_marketplace_item(publisher="Contoso", offer="Linked", sku="1.0", version="1.0.0", os_type="Linux",
                                            context=staging, container="published", public=True, profile=prof, reporter=rep)
    images = compute_admin.get_platform_image(publisher="Contoso", offer="Linked", profile=prof, reporter=rep)
    items = gallery.get_gallery_item(profile=prof, reporter=rep)
    links = link_images(images, items, ArtifactReader(adfs_connected.env.ca_bundle))
    assert links == {image_key("Contoso", "Linked", "1.0", "1.0.0"): [item.Name]}
    # Find-AzsGalleryItem: the items that deploy this image (the wizard names no version: any version matches)
    found = gallery.find_gallery_item(publisher="Contoso", offer="Linked", sku="1.0", version="1.0.0", profile=prof, reporter=rep)
    assert [i.Name for i in found] == [item.Name] and found[0].ItemDisplayName == item.ItemDisplayName
    assert [i.Name for i in gallery.find_gallery_item(publisher="contoso", offer="linked", sku="1.0", version="2.0.0",
                                                      profile=prof, reporter=rep)] == [item.Name]
    assert gallery.find_gallery_item(publisher="Contoso", offer="Linked", sku="2.0", version="1.0.0", profile=prof,
                                     reporter=rep) == []

    before = len(adfs_connected.transcript.lines)
    assert compute_admin.remove_platform_image(publisher="Contoso", offer="Linked", sku="1.0", version="1.0.0",
                                               profile=prof, reporter=rep)
    warnings = [line for line in adfs_connected.transcript.lines[before:] if line.startswith("WARNING:")]
    assert warnings == [f"WARNING: The platform image {image.Publisher}/Linked/1.0/1.0.0 has the Marketplace item "
                        f"{item.Name}: remove the item first, as the guide's removal steps say (Remove-AzsGalleryItem "
                        f"-Name {item.Name}); otherwise tenants still see an item whose image is gone."]
    assert gallery.remove_gallery_item(name=item.Name, profile=prof, reporter=rep)
