"""`%load_ext azsmagics` in a real ipykernel, driven through jupyter_client against the lab stamp:
magic forms, variables both ways, the DataFrame result, widget comm messages during an upload, the clean
error message, help as a pager payload, and completion replies."""

from __future__ import annotations

import os
import queue
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from jupyter_client.manager import KernelManager


class PythonKernel:
    def __init__(self, cwd: Path, env: dict[str, str]) -> None:
        self.manager = KernelManager(kernel_name="python3")
        self.manager.start_kernel(cwd=str(cwd), env=env)
        self.client = self.manager.client()
        self.client.start_channels()
        self.client.wait_for_ready(timeout=60)

    def run(self, code: str, timeout: float = 90) -> tuple[dict[str, Any], list[dict[str, Any]]]:
        msg_id = self.client.execute(code, stop_on_error=False)
        outputs: list[dict[str, Any]] = []
        deadline = time.monotonic() + timeout
        while True:
            if time.monotonic() > deadline:
                raise TimeoutError(f"no idle after {timeout} s: {code!r}")
            try:
                msg = self.client.get_iopub_msg(timeout=0.1)
            except queue.Empty:
                continue
            if msg["parent_header"].get("msg_id") != msg_id:
                continue
            if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
                break
            outputs.append(msg)
        reply = self.client.get_shell_msg(timeout=timeout)
        while reply["parent_header"].get("msg_id") != msg_id:
            reply = self.client.get_shell_msg(timeout=timeout)
        return reply["content"], outputs

    def stop(self) -> None:
        self.client.stop_channels()
        self.manager.shutdown_kernel(now=True)


def _types(outputs: list[dict[str, Any]], *kinds: str) -> list[dict[str, Any]]:
    return [m for m in outputs if m["msg_type"] in kinds]


def _text(outputs: list[dict[str, Any]]) -> str:
    text = "".join(m["content"].get("text", "") for m in _types(outputs, "stream"))
    return text + "".join("\n".join(m["content"]["traceback"]) for m in _types(outputs, "error"))


@pytest.fixture(scope="module")
def kernel(lab: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[PythonKernel]:
    env = {**os.environ, "AZS_CONFIG_DIR": str(tmp_path_factory.mktemp("kernel-config")),
           "AZS_CA_BUNDLE": lab.ca_bundle, "AZS_TEST_SECRET": lab.client_secret}
    running = PythonKernel(tmp_path_factory.mktemp("kernel-cwd"), env)
    try:
        reply, _ = running.run("%load_ext azsmagics")
        assert reply["status"] == "ok"
        yield running
    finally:
        running.stop()


def test_sign_in_upload_with_widgets_and_dataframe(kernel: PythonKernel, lab: Any, disks: Any) -> None:
    reply, _ = kernel.run(f"arm = {lab.admin_arm_endpoint!r}; client_id = {lab.client_id!r}; tenant = {lab.tenant_id!r}\n"
                          f"vhd = {str(disks.fixed)!r}; location = {lab.location!r}")
    assert reply["status"] == "ok"
    reply, out = kernel.run(
        "%%pwsh\n"
        "$null = Add-AzEnvironment -Name AzureStackAdmin -ARMEndpoint $arm\n"
        "$cred = New-Object System.Management.Automation.PSCredential($client_id, (ConvertTo-SecureString $env:AZS_TEST_SECRET -AsPlainText -Force))\n"
        "$null = Connect-AzAccount -Environment AzureStackAdmin -ServicePrincipal -Credential $cred -TenantId $tenant\n"
        "$null = New-AzResourceGroup -Name krg -Location $location\n"
        "$acct = New-AzStorageAccount -ResourceGroupName krg -Name kernelacct -Location $location -SkuName Standard_LRS -Kind Storage\n"
        "$null = New-AzStorageContainer -Name vhds -Permission Off -Context $acct.Context\n"
        "$dest = $acct.PrimaryEndpoints.Blob + 'vhds/k.vhd'")
    assert reply["status"] == "ok", _text(out)

    reply, out = kernel.run("result = %Add-AzVhd -Destination $dest -LocalFilePath $vhd -ResourceGroupName krg\n"
                            "result.DestinationUri == dest")
    assert reply["status"] == "ok", _text(out)
    # The upload's progress is the kernel's widget: a bar opened as a comm, updated while bytes go out.
    opens = [m for m in _types(out, "comm_open") if m["content"].get("target_name") == "jupyter.widget"]
    bars = {m["content"]["comm_id"]: m["content"]["data"]["state"]["_model_name"] for m in opens
            if m["content"]["data"]["state"].get("_model_name") in ("IntProgressModel", "FloatProgressModel")}
    assert bars, {m["content"]["data"]["state"].get("_model_name") for m in opens}
    # one bar: the upload's own widget, no second, dead Write-Progress bar above it (issue 16)
    assert list(bars.values()) == ["FloatProgressModel"], bars
    updates = [m["content"]["data"]["state"] for m in _types(out, "comm_msg") if m["content"]["comm_id"] in bars]
    values = [u["value"] for u in updates if "value" in u]
    assert values and values == sorted(values) and values[-1] == 1.0
    result = _types(out, "execute_result")[-1]["content"]["data"]["text/plain"]
    assert result == "True"

    reply, out = kernel.run("%%pwsh\n$sas = New-AzStorageBlobSASToken -Container vhds -Blob k.vhd -Permission r -FullUri -Context $acct.Context")
    assert reply["status"] == "ok"
    reply, out = kernel.run("%%Add-AzsPlatformImage -Publisher Fabrikam -Offer Kernel `\n"
                            "    -Sku k1 -Version 1.0.0\n"
                            "    -OsType Linux -OsUri $sas -PollingIntervalSec 0.2")
    assert reply["status"] == "ok", _text(out)
    data = _types(out, "execute_result")[-1]["content"]["data"]
    assert "Succeeded" in data["text/html"] and "Fabrikam" in data["text/plain"]
    assert any(m["content"]["data"]["state"].get("_model_name") == "HTMLModel" for m in _types(out, "comm_open"))

    reply, out = kernel.run("df = %Get-AzsPlatformImage\ndf[['Publisher', 'ProvisioningState']]")
    data = _types(out, "execute_result")[-1]["content"]["data"]
    assert "<table" in data["text/html"] and "Fabrikam" in data["text/html"]

    reply, out = kernel.run("%%pwsh\n$offers = (Get-AzsPlatformImage -Publisher Fabrikam).Offer\n$count = @(Get-AzsPlatformImage -Publisher Fabrikam).Count")
    reply, out = kernel.run("print(offers, count)")
    assert _text(out).strip() == "Kernel 1"
    texts = _text(out) + str(out)
    assert lab.client_secret not in texts


def test_error_is_one_clean_message(kernel: PythonKernel) -> None:
    reply, out = kernel.run("%Remove-AzsPlatformImage -Publisher 'bad name' -Offer x -Sku y -Version 1.0.0 -Force")
    assert reply["status"] == "error"
    errors = _types(out, "error")
    assert len(errors) == 1
    content = errors[0]["content"]
    assert content["ename"] == "CommandError"
    assert "Remove-AzsPlatformImage: -Publisher 'bad name' is not allowed" in "\n".join(content["traceback"])
    assert not any("Traceback" in line or 'File "' in line for line in content["traceback"])


def test_help_is_a_pager_payload(kernel: PythonKernel) -> None:
    for code in ("%Add-AzsPlatformImage -?", "%Add-AzsPlatformImage?", "%azs help Add-AzVhd"):
        reply, _ = kernel.run(code)
        assert reply["status"] == "ok", code
        pages = [p for p in reply["payload"] if p.get("source") == "page"]
        assert pages and "SYNOPSIS" in pages[0]["data"]["text/plain"], code


def test_completion_replies(kernel: PythonKernel) -> None:
    def complete(code: str) -> list[str]:
        msg_id = kernel.client.complete(code, len(code))
        reply = kernel.client.get_shell_msg(timeout=30)
        while reply["parent_header"].get("msg_id") != msg_id:
            reply = kernel.client.get_shell_msg(timeout=30)
        return list(reply["content"]["matches"])

    assert "-Publisher" in complete("%Add-AzsPlatformImage -Pub")
    assert complete("%Add-AzsPlatformImage -OsType Li") == ["Linux"]
    assert "%Add-AzsPlatformImage" in complete("%Add-AzsPlatf")
