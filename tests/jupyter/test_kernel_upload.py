"""Add-AzVhd in the real kernel against the real Azurite: a live progress widget, and an interrupted upload
that the next run resumes (the kernel stays alive, the blob ends complete and correct)."""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import re
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from azure.storage.blob import BlobSasPermissions, BlobServiceClient, generate_blob_sas

from .conftest import Kernel

MiB = 1024 * 1024
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


@pytest.fixture(scope="module")
def upload_kernel(kernel_dirs: Path, azurite: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Kernel]:
    folder = tmp_path_factory.mktemp("upload-kernel")
    env = {"AZS_CA_BUNDLE": str(azurite.ca_bundle), "AZS_CONFIG_DIR": str(folder / "config")}
    running = Kernel(kernel_dirs, folder, env)
    try:
        yield running
    finally:
        running.stop()


@pytest.fixture(scope="module")
def container(azurite: Any) -> BlobServiceClient:
    service = BlobServiceClient.from_connection_string(azurite.connection_string, connection_verify=str(azurite.ca_bundle))
    service.create_container("kernel-vhds")
    return service


def _sas_url(azurite: Any, blob: str) -> str:
    sas = generate_blob_sas(
        azurite.account, "kernel-vhds", blob, account_key=azurite.key,
        permission=BlobSasPermissions(read=True, write=True, create=True),
        expiry=dt.datetime.now(dt.timezone.utc) + dt.timedelta(hours=1),
    )
    return f"{azurite.blob_endpoint}/kernel-vhds/{blob}?{sas}"


def _fixed_vhd(qemu_img: str, path: Path, size_mib: int, data_mib: int) -> Path:
    """A fixed VHD whose first `data_mib` MiB (every other MiB) hold random data; the rest is zeros."""
    subprocess.run([qemu_img, "create", "-q", "-f", "vpc", "-o", "subformat=fixed", str(path), f"{size_mib}M"], check=True)
    with open(path, "r+b") as disk:
        for i in range(data_mib):
            disk.seek(2 * i * MiB)
            disk.write(os.urandom(MiB))
    return path


def _statuses(cell_outputs: list[dict[str, Any]]) -> list[str]:
    values = []
    for msg in cell_outputs:
        if msg["msg_type"] == "comm_msg":
            value = msg["content"]["data"].get("state", {}).get("value")
            if isinstance(value, str):
                values.append(value)
    return values


def test_upload_shows_a_live_progress_widget(upload_kernel: Kernel, container: BlobServiceClient, azurite: Any, qemu_img: str, tmp_path: Path):
    vhd = _fixed_vhd(qemu_img, tmp_path / "small.vhd", 64, 24)
    cell = upload_kernel.run(f"Add-AzVhd -Destination '{_sas_url(azurite, 'small.vhd')}' -LocalFilePath '{vhd}'", timeout=120)
    assert cell.status == "ok", cell.outputs
    types = [m["msg_type"] for m in cell.outputs]
    widget = next(i for i, m in enumerate(cell.outputs) if m["msg_type"] == "display_data" and WIDGET_VIEW in m["content"]["data"])
    assert "comm_open" in types[:widget], "the widget's models are opened before it is displayed"
    assert "comm_msg" in types[widget:], "then updated in place"
    bars = [m["content"]["data"]["state"]["value"] for m in cell.outputs if m["msg_type"] == "comm_msg" and isinstance(m["content"]["data"].get("state", {}).get("value"), int)]
    assert bars and bars == sorted(bars) and 0 <= bars[-1] <= 100
    result = cell.of("execute_result", "display_data")[-1]["content"]["data"]["text/plain"]
    assert "DestinationUri" in result and "sig=" not in result, "the SAS signature is never shown"
    assert "sig=" not in str(cell.outputs)


def test_interrupted_upload_resumes_and_ends_complete(upload_kernel: Kernel, container: BlobServiceClient, azurite: Any, qemu_img: str, tmp_path: Path):
    vhd = _fixed_vhd(qemu_img, tmp_path / "big.vhd", 160, 64)
    command = f"Add-AzVhd -Destination '{_sas_url(azurite, 'big.vhd')}' -LocalFilePath '{vhd}' -NumberOfUploaderThreads 2"
    fired = threading.Event()

    def interrupt_once_sending(msg: dict[str, Any]) -> None:
        if fired.is_set() or msg["msg_type"] != "comm_msg":
            return
        value = msg["content"]["data"].get("state", {}).get("value")
        sent = re.search(r"(\d+) MiB sent", value) if isinstance(value, str) else None
        if sent and int(sent.group(1)) > 0:
            fired.set()
            upload_kernel.manager.interrupt_kernel()

    stopped = upload_kernel.run(command, timeout=120, during=interrupt_once_sending)
    assert fired.is_set(), "the upload finished before it could be interrupted"
    text = stopped.stream("stderr") + " ".join(m["content"].get("evalue", "") for m in stopped.of("error"))
    assert re.search(r"cancel|stopped", text, re.IGNORECASE), stopped.outputs
    assert "Traceback" not in str(stopped.outputs)
    blob = container.get_blob_client("kernel-vhds", "big.vhd")
    assert blob.get_blob_properties().content_settings.content_md5 is None, "an interrupted upload is not marked complete"

    assert upload_kernel.run("'alive'").stream("stdout") == "alive\n"

    resumed = upload_kernel.run(command, timeout=120)
    assert resumed.status == "ok", resumed.outputs
    sent = [int(m.group(1)) for m in (re.search(r"(\d+) MiB sent", s) for s in _statuses(resumed.outputs)) if m]
    assert sent and sent[-1] < 64, f"the second run sent everything again: {sent}"
    local = vhd.read_bytes()
    remote = blob.download_blob().readall()
    # Add-AzVhd rounds the disk up to a whole MiB (Azure's rule): same data, zeros after it, a new footer.
    assert (len(remote) - 512) % MiB == 0 and len(remote) >= len(local)
    assert remote[: len(local) - 512] == local[:-512]
    assert remote[len(local) - 512 : -512].count(0) == len(remote) - len(local)
    assert remote[-512:].startswith(b"conectix")
    assert bytes(blob.get_blob_properties().content_settings.content_md5) == hashlib.md5(remote).digest()
