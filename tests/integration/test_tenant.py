"""The tenant side (user endpoint): the seed's Remove-AzureRmVMExtension where the lab has that VM, and
Get-AzVM; plus -NoWait on the admin side."""

from __future__ import annotations


from azskernel.azure.clients import Connection
from azskernel.azure.cmdlets import compute, compute_admin, resources
from tests.azure.pshost import RecordingHost, new_session, run
from tests.integration.conftest import track
from tests.integration.test_flow import tenant_view
from tests.support.shared import SEED_CASES

SEED = SEED_CASES


def test_seed_00_removes_the_extension_where_the_vm_exists(adfs_connected) -> None:  # type: ignore[no-untyped-def]
    from azskernel.runtime.credentials import PSCredential

    tenant = tenant_view(adfs_connected)
    rep, env = adfs_connected.reporter, adfs_connected.env
    resources.new_resource_group(name="winvmrg1", location=env.location, profile=tenant, reporter=rep)
    conn = Connection.of(tenant, verbose=rep.verbose)
    vm_path = f"/subscriptions/{conn.subscription_id}/resourceGroups/winvmrg1/providers/Microsoft.Compute/virtualMachines/windowsvm"
    with conn.arm() as arm:
        arm.request("PUT", vm_path, operation="create a VM", body={
            "location": env.location, "properties": {"hardwareProfile": {"vmSize": "Standard_A1"},
                                                     "storageProfile": {"osDisk": {"osType": "Windows"}}}})
        arm.request("PUT", vm_path + "/extensions/CustomScriptExtension", operation="add an extension", body={
            "location": env.location, "properties": {"publisher": "Microsoft.Compute", "type": "CustomScriptExtension",
                                                     "typeHandlerVersion": "1.9"}})
    vms = compute.get_vm(resource_group_name="winvmrg1", profile=tenant, reporter=rep)
    assert [(v.Name, v.Extensions) for v in vms] == [("windowsvm", ["CustomScriptExtension"])]

    host = RecordingHost()
    track(host.everything)
    session = new_session(host)
    session.set_variable("cred", PSCredential(env.client_id, env.client_secret))
    session.set_variable("arm", env.arm_endpoint)
    script = ("$null = Add-AzEnvironment -Name AzureStackUser -ARMEndpoint $arm\n"
              "$null = Connect-AzAccount -Environment AzureStackUser -ServicePrincipal -Credential $cred\n"
              + (SEED / "00-remove-vm-extension.ps1").read_text())
    assert run(session, script) is None and host.errors == []
    assert host.output[-1].IsSuccessStatusCode is True
    assert compute.get_vm(resource_group_name="winvmrg1", name="windowsvm", profile=tenant, reporter=rep)[0].Extensions == []


def test_no_wait_returns_while_creating(adfs_connected) -> None:  # type: ignore[no-untyped-def]
    from azslab.testing import set_faults

    prof, rep = adfs_connected.profile, adfs_connected.reporter
    set_faults(adfs_connected.env, {"provisioning": {"duration": 20}})
    try:
        image = compute_admin.add_platform_image(publisher="NoWait", offer="o", sku="s", version="1.0.0", os_type="Linux",
                                                 os_uri="https://127.0.0.1:1/acct/c/x.vhd", skip_preflight=True,
                                                 no_wait=True, profile=prof, reporter=rep)
        assert image.ProvisioningState == "Creating" and image.Publisher == "NoWait"
    finally:
        set_faults(adfs_connected.env, {})
        compute_admin.remove_platform_image(publisher="NoWait", offer="o", sku="s", version="1.0.0", profile=prof, reporter=rep)
