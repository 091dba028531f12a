"""The whole operator flow with the real SDKs against the lab, in both identity modes: environment,
sign-in, resource group, storage account, container, upload, SAS, Add-AzsPlatformImage, catalogue, Remove."""

from __future__ import annotations

import datetime as dt

import pytest

from azskernel.azure.cmdlets import accounts, compute, compute_admin, resources, storage
from tests.azure.images import Images


@pytest.fixture(scope="module")
def images(lab_images: Images) -> Images:
    return lab_images


def test_environment_and_context(connected) -> None:  # type: ignore[no-untyped-def]
    env = accounts.get_environment(name="AzureStackAdmin", profile=connected.profile)[0]
    assert env.EnableAdfsAuthentication == (connected.env.identity == "adfs")
    assert env.ResourceManagerUrl == connected.env.admin_arm_endpoint
    ctx = accounts.get_context(profile=connected.profile)
    assert ctx.Account.Id == connected.env.client_id
    assert ctx.Subscription.Id and ctx.Subscription.Name
    assert ctx.Environment.Name == "AzureStackAdmin"
    assert ctx.Tenant.Id == ctx.Subscription.TenantId and ctx.Tenant.Id != "adfs"
    assert [loc.Location for loc in accounts.get_location(profile=connected.profile)] == [connected.env.location]


def test_context_persists_without_secret(connected) -> None:  # type: ignore[no-untyped-def]
    folder = connected.profile.folder
    saved = "".join(p.read_text() for p in (folder / "azure").glob("*.json"))
    assert connected.env.client_secret not in saved
    from azskernel.azure.context import AzProfile
    from azskernel.azure.errors import NotSignedInError

    again = AzProfile.load(folder)
    assert again.context is not None and again.context.account.id == connected.env.client_id
    with pytest.raises(NotSignedInError, match="Connect-AzAccount"):
        compute_admin.get_platform_image(profile=again)


def test_end_to_end_platform_image(connected, images: Images) -> None:  # type: ignore[no-untyped-def]
    prof, rep, loc = connected.profile, connected.reporter, connected.env.location
    rg = resources.new_resource_group(name="imagesrg", location=loc, profile=prof, reporter=rep)
    assert rg.ResourceGroupName == "imagesrg" and rg.ProvisioningState == "Succeeded"
    acct = storage.new_storage_account(resource_group_name="imagesrg", name="imagesacct", location=loc,
                                       sku_name="Standard_LRS", kind="Storage", profile=prof, reporter=rep)
    blob_endpoint = acct.PrimaryEndpoints.Blob
    assert blob_endpoint.startswith("https://")
    storage.new_storage_container(name="vhds", permission="Off", context=acct.Context, reporter=rep)
    uploaded = compute.add_vhd(destination=f"{blob_endpoint}vhds/fixed.vhd", local_file_path=images.fixed,
                               resource_group_name="imagesrg", profile=prof, reporter=rep)
    assert uploaded.DestinationUri == f"{blob_endpoint}vhds/fixed.vhd"
    blobs = storage.get_storage_blob(container="vhds", context=acct.Context, reporter=rep)
    assert [(b.Name, b.BlobType, b.Length) for b in blobs] == [("fixed.vhd", "PageBlob", 20 * 1024 * 1024 + 512)]
    sas_uri = storage.new_blob_sas_token(container="vhds", blob="fixed.vhd", permission="r",
                                         expiry_time=dt.datetime.now(dt.timezone.utc) + dt.timedelta(days=1),
                                         full_uri=True, context=acct.Context)
    connected.secrets.append(sas_uri.split("sig=")[1].split("&")[0])

    image = compute_admin.add_platform_image(publisher="Contoso", offer="UbuntuServer", sku="22.04-LTS",
                                             version="1.0.0", os_type="linux", os_uri=sas_uri, poll_interval=0.2,
                                             timeout_sec=60, profile=prof, reporter=rep)
    assert (image.Publisher, image.Offer, image.Sku, image.Version) == ("Contoso", "UbuntuServer", "22.04-LTS", "1.0.0")
    assert image.ProvisioningState == "Succeeded" and image.OsType == "Linux"
    assert "sig=REDACTED" in image.OsUri

    # A second add leaves the Succeeded image alone and says so.
    before = len(connected.transcript.lines)
    again = compute_admin.add_platform_image(publisher="Contoso", offer="UbuntuServer", sku="22.04-LTS",
                                             version="1.0.0", os_type="Linux", os_uri=sas_uri, poll_interval=0.2,
                                             profile=prof, reporter=rep)
    assert again.ProvisioningState == "Succeeded"
    assert any("already exists" in line for line in connected.transcript.lines[before:])

    tenant = tenant_view(connected)
    catalogue = compute.get_vm_image(location=loc, publisher_name="Contoso", offer="UbuntuServer", skus="22.04-LTS",
                                     profile=tenant, reporter=rep)
    assert [(i.PublisherName, i.Offer, i.Skus, i.Version) for i in catalogue] == [("Contoso", "UbuntuServer", "22.04-LTS", "1.0.0")]
    assert "Contoso" in [p.PublisherName for p in compute.get_vm_image_publisher(location=loc, profile=tenant, reporter=rep)]
    assert [o.Offer for o in compute.get_vm_image_offer(location=loc, publisher_name="Contoso", profile=tenant, reporter=rep)] == ["UbuntuServer"]
    assert [k.Skus for k in compute.get_vm_image_sku(location=loc, publisher_name="Contoso", offer="UbuntuServer", profile=tenant, reporter=rep)] == ["22.04-LTS"]

    listed = compute_admin.get_platform_image(publisher="cont*", offer="Ubuntu*", profile=prof, reporter=rep)
    assert [(i.Publisher, i.Version) for i in listed] == [("Contoso", "1.0.0")]
    one = compute_admin.get_platform_image(publisher="Contoso", offer="UbuntuServer", sku="22.04-LTS",
                                           version="1.0.0", profile=prof, reporter=rep)
    assert one[0].ProvisioningState == "Succeeded"

    assert compute_admin.remove_platform_image(publisher="Contoso", offer="UbuntuServer", sku="22.04-LTS",
                                               version="1.0.0", profile=prof, reporter=rep) is True
    assert compute_admin.remove_platform_image(publisher="Contoso", offer="UbuntuServer", sku="22.04-LTS",
                                               version="1.0.0", profile=prof, reporter=rep) is False
    assert compute_admin.get_platform_image(publisher="Contoso", profile=prof, reporter=rep) == []
    assert "Contoso" not in [p.PublisherName for p in compute.get_vm_image_publisher(location=loc, profile=tenant, reporter=rep)]


def tenant_view(connected):  # type: ignore[no-untyped-def]
    """The same principal on the user endpoint: what a tenant sees in the catalogue."""
    from azskernel.azure.context import AzProfile

    env = connected.env
    tenant = AzProfile.load(connected.profile.folder.parent / "tenant")
    accounts.add_environment(name="AzureStackUser", arm_endpoint=env.arm_endpoint, profile=tenant)
    accounts.connect_account(environment="AzureStackUser", credential=(env.client_id, env.client_secret),
                             tenant_id=env.tenant_id, profile=tenant)
    return tenant
