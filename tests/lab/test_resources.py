"""Subscriptions, locations and resource groups through azure-mgmt-resource and azure-core's ARM pipeline."""

from __future__ import annotations

import json

import pytest
from azure.core.exceptions import HttpResponseError, ResourceNotFoundError
from azure.core.rest import HttpRequest
from azure.mgmt.resource.resources import ResourceManagementClient

from azslab.testing import LabEnv

from .clients import arm_pipeline, mgmt_kwargs, raw, secret_credential


@pytest.fixture(scope="module")
def user(entra_lab: LabEnv) -> tuple[ResourceManagementClient, str]:
    cred = secret_credential(entra_lab)
    pipeline = arm_pipeline(entra_lab, cred, admin=False)
    resp = pipeline.send_request(HttpRequest("GET", f"{entra_lab.arm_endpoint}subscriptions",
                                             params={"api-version": "2016-06-01"}))
    sub = resp.json()["value"][0]["subscriptionId"]
    return ResourceManagementClient(cred, sub, api_version="2019-10-01", **mgmt_kwargs(entra_lab, admin=False)), sub


def test_subscription_and_location(entra_lab: LabEnv, user: tuple[ResourceManagementClient, str]) -> None:
    pipeline = arm_pipeline(entra_lab, secret_credential(entra_lab), admin=False)
    _, sub = user
    got = pipeline.send_request(HttpRequest("GET", f"{entra_lab.arm_endpoint}subscriptions/{sub}",
                                            params={"api-version": "2016-06-01"})).json()
    assert got["state"] == "Enabled" and got["displayName"] == "Lab Tenant Subscription"
    locations = pipeline.send_request(HttpRequest("GET", f"{entra_lab.arm_endpoint}subscriptions/{sub}/locations",
                                                  params={"api-version": "2016-06-01"})).json()["value"]
    assert [loc["name"] for loc in locations] == ["westlab"]


def test_resource_group_lifecycle(user: tuple[ResourceManagementClient, str]) -> None:
    client, _ = user
    created = client.resource_groups.create_or_update("Staging-RG", {"location": "westlab", "tags": {"a": "b"}})
    assert created.properties.provisioning_state == "Succeeded" and created.tags == {"a": "b"}
    assert client.resource_groups.check_existence("staging-rg")  # names are case-insensitive
    assert "Staging-RG" in [g.name for g in client.resource_groups.list()]
    assert client.resource_groups.get("STAGING-rg").name == "Staging-RG"
    client.resource_groups.begin_delete("Staging-RG", polling_interval=0.1).result()
    assert not client.resource_groups.check_existence("Staging-RG")
    with pytest.raises(ResourceNotFoundError) as missing:
        client.resource_groups.get("Staging-RG")
    assert missing.value.error.code == "ResourceGroupNotFound"


def test_wrong_location_and_bad_name(user: tuple[ResourceManagementClient, str]) -> None:
    client, _ = user
    with pytest.raises(HttpResponseError) as wrong:
        client.resource_groups.create_or_update("rg-elsewhere", {"location": "eastus"})
    assert wrong.value.status_code == 400 and wrong.value.error.code == "LocationNotAvailableForResourceType"
    with pytest.raises(HttpResponseError) as bad:
        client.resource_groups.create_or_update("bad name!", {"location": "westlab"})
    assert bad.value.error.code == "InvalidResourceGroup"


def test_unpinned_client_gets_invalid_api_version(entra_lab: LabEnv, user: tuple[ResourceManagementClient, str]) -> None:
    _, sub = user
    unpinned = ResourceManagementClient(secret_credential(entra_lab), sub, **mgmt_kwargs(entra_lab, admin=False))
    with pytest.raises(HttpResponseError) as refused:
        list(unpinned.resource_groups.list())
    assert refused.value.status_code == 400
    assert refused.value.error.code == "InvalidApiVersionParameter"
    assert "'2019-10-01'" in refused.value.error.message


def test_subscription_of_the_other_endpoint_is_not_found(entra_lab: LabEnv, user: tuple[ResourceManagementClient, str]) -> None:
    _, sub = user
    token = secret_credential(entra_lab).get_token(entra_lab.admin_audience + "/.default").token
    status, headers, body = raw(f"{entra_lab.admin_arm_endpoint}subscriptions/{sub}/resourcegroups?api-version=2019-10-01",
                          entra_lab.ca_bundle, token=token)
    assert status == 404 and json.loads(body)["error"]["code"] == "SubscriptionNotFound"
    assert set(headers) >= {"x-ms-request-id", "x-ms-correlation-request-id"}


def test_malformed_json_body(entra_lab: LabEnv, user: tuple[ResourceManagementClient, str]) -> None:
    _, sub = user
    token = secret_credential(entra_lab).get_token(entra_lab.user_audience + "/.default").token
    status, _, body = raw(f"{entra_lab.arm_endpoint}subscriptions/{sub}/resourcegroups/x?api-version=2019-10-01",
                          entra_lab.ca_bundle, method="PUT", token=token, body=["not", "an", "object"])
    assert status == 400
    assert json.loads(body) == {"error": {"code": "InvalidRequestContent",
                                          "message": "The request content must be a JSON object."}}
