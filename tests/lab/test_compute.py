"""The tenant VM of the seed document (Remove-AzureRmVMExtension) and Compute.Admin VM extension artifacts."""

from __future__ import annotations

import time

import pytest
from azure.core.exceptions import ResourceNotFoundError
from azure.core.rest import HttpRequest
from azure.mgmt.compute import ComputeManagementClient

from azslab.testing import LabEnv

from .clients import arm_pipeline, mgmt_kwargs, secret_credential

API = "2020-06-01"


@pytest.fixture(scope="module")
def compute(entra_lab: LabEnv) -> ComputeManagementClient:
    cred = secret_credential(entra_lab)
    sub = arm_pipeline(entra_lab, cred, admin=False).send_request(HttpRequest(
        "GET", f"{entra_lab.arm_endpoint}subscriptions", params={"api-version": "2016-06-01"})).json()
    return ComputeManagementClient(cred, sub["value"][0]["subscriptionId"], **mgmt_kwargs(entra_lab, admin=False))


def test_seed_vm_extension_can_be_removed(compute: ComputeManagementClient) -> None:
    ext = compute.virtual_machine_extensions
    names = [e.name for e in ext.list("winvmrg1", "windowsvm", api_version=API).value]
    assert names == ["CustomScriptExtension"]
    ext.begin_delete("winvmrg1", "windowsvm", "CustomScriptExtension", api_version=API, polling_interval=0.1).result()
    assert ext.list("winvmrg1", "windowsvm", api_version=API).value == []
    with pytest.raises(ResourceNotFoundError):
        ext.get("winvmrg1", "windowsvm", "CustomScriptExtension", api_version=API)
    added = ext.begin_create_or_update("winvmrg1", "windowsvm", "CustomScriptExtension", {
        "location": "westlab", "properties": {"publisher": "Microsoft.Compute", "type": "CustomScriptExtension",
                                             "typeHandlerVersion": "1.9"}}, api_version=API, polling_interval=0.1).result()
    assert added.provisioning_state == "Succeeded"
    vm = compute.virtual_machines.get("winvmrg1", "windowsvm", api_version=API)
    assert vm.resources is not None and [r.name for r in vm.resources] == ["CustomScriptExtension"]


def test_extension_artifacts_on_the_admin_endpoint(entra_lab: LabEnv) -> None:
    cred = secret_credential(entra_lab)
    pipeline = arm_pipeline(entra_lab, cred)
    sub = pipeline.send_request(HttpRequest("GET", f"{entra_lab.admin_arm_endpoint}subscriptions",
                                            params={"api-version": "2016-06-01"})).json()["value"][0]["subscriptionId"]
    base = (f"{entra_lab.admin_arm_endpoint}subscriptions/{sub}/providers/Microsoft.Compute.Admin/locations/westlab/"
            "artifactTypes/VMExtension")
    url = f"{base}/publishers/Contoso.Ext/types/Agent/versions/1.0.0"
    q = {"api-version": "2015-12-01-preview"}
    body = {"properties": {"vmOsType": "Linux", "computeRole": "IaaS", "isSystemExtension": False,
                           "sourceBlob": {"uri": "https://127.0.0.1:1/x/agent.zip"}}}
    created = pipeline.send_request(HttpRequest("PUT", url, params=q, json=body))
    assert created.status_code == 201
    assert created.json()["properties"]["provisioningState"] == "Creating"  # as the recorded stamp answers
    assert created.json()["properties"]["vmScaleSetEnabled"] is False  # flags not given answer false
    for _ in range(100):
        state = pipeline.send_request(HttpRequest("GET", url, params=q)).json()["properties"]["provisioningState"]
        if state != "Creating":
            break
        time.sleep(0.05)
    assert state == "Succeeded"
    assert [e["properties"]["extensionType"] for e in pipeline.send_request(HttpRequest("GET", base, params=q)).json()] == ["Agent"]
    bad = pipeline.send_request(HttpRequest("PUT", url, params=q, json={"properties": {"vmScaleSetEnabled": "yes"}}))
    assert bad.status_code == 400 and bad.json()["error"]["target"] == "properties.vmScaleSetEnabled"
    assert pipeline.send_request(HttpRequest("DELETE", url, params=q)).status_code == 200
    assert pipeline.send_request(HttpRequest("GET", url, params=q)).status_code == 404
