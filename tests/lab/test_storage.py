"""Storage accounts through azure-mgmt-storage; each one a real Azurite account reachable at its endpoint."""

from __future__ import annotations

import pytest
from azure.core.exceptions import HttpResponseError
from azure.core.rest import HttpRequest
from azure.mgmt.resource.resources import ResourceManagementClient
from azure.mgmt.storage import StorageManagementClient
from azure.storage.blob import BlobServiceClient

from azslab.testing import LabEnv

from .clients import arm_pipeline, mgmt_kwargs, secret_credential


@pytest.fixture(scope="module")
def storage(adfs_lab: LabEnv) -> StorageManagementClient:
    cred = secret_credential(adfs_lab)
    pipeline = arm_pipeline(adfs_lab, cred, admin=False)
    sub = pipeline.send_request(HttpRequest("GET", f"{adfs_lab.arm_endpoint}subscriptions",
                                            params={"api-version": "2016-06-01"})).json()["value"][0]["subscriptionId"]
    kw = mgmt_kwargs(adfs_lab, admin=False)
    ResourceManagementClient(cred, sub, api_version="2019-10-01", **kw).resource_groups.create_or_update(
        "tenantrg", {"location": "local"})
    return StorageManagementClient(cred, sub, api_version="2019-06-01", **kw)


def test_create_is_long_running_and_account_is_real(adfs_lab: LabEnv, storage: StorageManagementClient) -> None:
    poller = storage.storage_accounts.begin_create(
        "tenantrg", "tenantdata", {"location": "local", "sku": {"name": "Standard_LRS"}, "kind": "Storage"})
    initial = poller.polling_method()._initial_response.http_response  # type: ignore[attr-defined]
    assert initial.status_code == 202
    assert "/asyncoperations/" in initial.headers["Location"] and initial.headers["Retry-After"] == "1"
    account = poller.result()
    assert account.provisioning_state == "Succeeded"
    assert account.primary_endpoints.blob == adfs_lab.blob_endpoint("tenantdata")
    keys = storage.storage_accounts.list_keys("tenantrg", "tenantdata").keys_property
    assert [k.key_name for k in keys] == ["key1", "key2"] and keys[0].permissions == "FULL"
    blobs = BlobServiceClient(account.primary_endpoints.blob,
                              credential={"account_name": "tenantdata", "account_key": keys[1].value},
                              api_version="2019-07-07", connection_verify=adfs_lab.ca_bundle)
    container = blobs.create_container("data")
    container.upload_blob("hello.txt", b"hello lab")
    assert container.download_blob("hello.txt").readall() == b"hello lab"
    assert "tenantdata" in [a.name for a in storage.storage_accounts.list()]
    assert [a.name for a in storage.storage_accounts.list_by_resource_group("tenantrg")] == ["tenantdata"]
    assert storage.storage_accounts.get_properties("tenantrg", "tenantdata").kind == "Storage"


def test_development_account_still_works(adfs_lab: LabEnv) -> None:
    from azslab.azurite import DEV_ACCOUNT, DEV_KEY

    blobs = BlobServiceClient(adfs_lab.blob_endpoint(DEV_ACCOUNT), credential={"account_name": DEV_ACCOUNT,
                              "account_key": DEV_KEY}, api_version="2019-07-07", connection_verify=adfs_lab.ca_bundle)
    assert blobs.get_service_properties() is not None


def test_name_rules_and_conflicts(storage: StorageManagementClient) -> None:
    availability = storage.storage_accounts.check_name_availability({"name": "tenantdata",
                                                                     "type": "Microsoft.Storage/storageAccounts"})
    assert availability.name_available is False and availability.reason == "AlreadyExists"
    with pytest.raises(HttpResponseError) as bad:
        storage.storage_accounts.begin_create("tenantrg", "Bad_Name", {"location": "local",
                                              "sku": {"name": "Standard_LRS"}, "kind": "Storage"})
    assert bad.value.status_code == 400 and bad.value.error.code == "AccountNameInvalid"
    with pytest.raises(HttpResponseError) as sku:
        storage.storage_accounts.begin_create("tenantrg", "goodname", {"location": "local",
                                              "sku": {"name": "Ultra_LRS"}, "kind": "Storage"})
    assert sku.value.error.target == "sku.name"
    with pytest.raises(HttpResponseError) as group:
        storage.storage_accounts.begin_create("nosuchrg", "goodname", {"location": "local",
                                              "sku": {"name": "Standard_LRS"}, "kind": "Storage"})
    assert group.value.status_code == 404 and group.value.error.code == "ResourceGroupNotFound"


def test_delete_account(adfs_lab: LabEnv, storage: StorageManagementClient) -> None:
    storage.storage_accounts.begin_create("tenantrg", "shortlived", {"location": "local",
                                          "sku": {"name": "Standard_LRS"}, "kind": "Storage"},
                                          polling_interval=0.2).result()
    storage.storage_accounts.delete("tenantrg", "shortlived")
    assert "shortlived" not in [a.name for a in storage.storage_accounts.list()]
    assert storage.storage_accounts.check_name_availability(
        {"name": "shortlived", "type": "Microsoft.Storage/storageAccounts"}).name_available


def test_deleting_the_group_deletes_its_accounts(adfs_lab: LabEnv, storage: StorageManagementClient) -> None:
    from .clients import secret_credential as cred_of

    groups = ResourceManagementClient(cred_of(adfs_lab), storage._config.subscription_id, api_version="2019-10-01",
                                      **mgmt_kwargs(adfs_lab, admin=False)).resource_groups
    groups.create_or_update("doomed", {"location": "local"})
    storage.storage_accounts.begin_create("doomed", "doomedacct", {"location": "local", "sku": {"name": "Standard_LRS"},
                                          "kind": "Storage"}, polling_interval=0.1).result()
    key = storage.storage_accounts.list_keys("doomed", "doomedacct").keys_property[0].value
    groups.begin_delete("doomed", polling_interval=0.1).result()
    assert "doomedacct" not in [a.name for a in storage.storage_accounts.list()]
    blobs = BlobServiceClient(adfs_lab.blob_endpoint("doomedacct"), credential={"account_name": "doomedacct",
                              "account_key": key}, api_version="2019-07-07", connection_verify=adfs_lab.ca_bundle,
                              retry_total=0)
    with pytest.raises(HttpResponseError):
        blobs.create_container("gone")  # Azurite no longer knows the account


@pytest.mark.parametrize(("kind", "sku", "refused"), [
    ("StorageV2", "Standard_LRS", "kind"), ("BlobStorage", "Standard_LRS", "kind"),
    ("Storage", "Standard_GRS", "sku"), ("Storage", "Standard_RAGRS", "sku"), ("Storage", "Standard_ZRS", "sku"),
    ("StorageV2", "Standard_ZRS", "kind, sku"),
])
def test_a_stamp_offers_general_purpose_v1_and_lrs_only(storage: StorageManagementClient, kind: str, sku: str,
                                                         refused: str) -> None:
    """azure-stack-acs-differences.md: "General-purpose V1 only", "Locally redundant storage"."""
    with pytest.raises(HttpResponseError) as err:
        storage.storage_accounts.begin_create("tenantrg", "notonhub", {"location": "local", "sku": {"name": sku},
                                                                       "kind": kind})
    assert err.value.status_code == 400 and err.value.error.code == "InvalidValuesForRequestParameters"
    assert err.value.error.message == f"Values for request parameters are invalid: {refused}."
    assert "notonhub" not in [a.name for a in storage.storage_accounts.list()]


def test_premium_lrs_can_be_provisioned(storage: StorageManagementClient) -> None:
    """Same document: premium storage "can be provisioned, but no performance limit or guarantee"."""
    account = storage.storage_accounts.begin_create("tenantrg", "premiumv1", {
        "location": "local", "sku": {"name": "Premium_LRS"}, "kind": "Storage"}, polling_interval=0.1).result()
    assert account.sku.name == "Premium_LRS" and account.kind == "Storage"


def test_a_lax_lab_accepts_what_public_azure_does(lax_lab: LabEnv) -> None:
    cred = secret_credential(lax_lab)
    sub = arm_pipeline(lax_lab, cred, admin=False).send_request(HttpRequest(
        "GET", f"{lax_lab.arm_endpoint}subscriptions", params={"api-version": "2016-06-01"})).json()["value"][0]["subscriptionId"]
    kw = mgmt_kwargs(lax_lab, admin=False)
    ResourceManagementClient(cred, sub, api_version="2019-10-01", **kw).resource_groups.create_or_update(
        "laxrg", {"location": lax_lab.location})
    account = StorageManagementClient(cred, sub, api_version="2019-06-01", **kw).storage_accounts.begin_create(
        "laxrg", "laxv2", {"location": lax_lab.location, "sku": {"name": "Standard_ZRS"}, "kind": "StorageV2"},
        polling_interval=0.1).result()
    assert account.kind == "StorageV2" and account.sku.name == "Standard_ZRS"
