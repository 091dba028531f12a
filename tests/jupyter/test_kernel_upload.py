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
    """The container _sas_url names (tests/shell/test_script_progress.py may have made it on the shared Azurite)."""
    from azure.core.exceptions import ResourceExistsError

    service = BlobServiceClient.from_connection_string(azurite.connection_string, connection_verify=str(azurite.ca_bundle))
    try:
        service.create_container("kernel-vhds")
    except ResourceExistsError:
        pass
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


_UNITS = {"B": 1, "KiB": 1024, "MiB": MiB, "GiB": 1024 * MiB}
_CAPTION = re.compile(
    r"^(?P<phase>\w+) (?P<percent>\d+)% of [\d.]+ \w+ \| sent (?P<sent>[\d.]+ \w+) of (?P<total>[\d.]+ \w+)\+? "
    r"\| skipped (?P<skipped>[\d.]+ \w+)(?: \| (?P<present>[\d.]+ \w+) already uploaded)? \| (?:[\d.]+ \w+|--)/s "
    r"\| (?:ETA [\d:-]+|took [\d:]+)$"
)


def _bytes(text: str) -> float:
    number, unit = text.split()
    return float(number) * _UNITS[unit]


def _state(msg: dict[str, Any], key: str = "value") -> Any:
    return msg["content"]["data"].get("state", {}).get(key) if msg["msg_type"] == "comm_msg" else None


def _caption(msg: dict[str, Any]) -> Any:
    """The upload caption an update carries: the bar's description, in the same message as its value."""
    return _state(msg, "description")


def _captions(outputs: list[dict[str, Any]]) -> list[re.Match[str]]:
    """The upload widget's caption lines (phase | sent | skipped | rate | ETA), in order."""
    found = (_CAPTION.match(v) for v in map(_caption, outputs) if isinstance(v, str))
    return [m for m in found if m]


def test_upload_shows_a_live_progress_widget(upload_kernel: Kernel, container: BlobServiceClient, azurite: Any, qemu_img: str, tmp_path: Path):
    vhd = _fixed_vhd(qemu_img, tmp_path / "small.vhd", 64, 24)
    cell = upload_kernel.run(f"Add-AzVhd -Destination '{_sas_url(azurite, 'small.vhd')}' -LocalFilePath '{vhd}'", timeout=120)
    assert cell.status == "ok", cell.outputs
    types = [m["msg_type"] for m in cell.outputs]
    widget = next(i for i, m in enumerate(cell.outputs) if m["msg_type"] == "display_data" and "FloatProgress" in m["content"]["data"]["text/plain"])
    assert WIDGET_VIEW in cell.outputs[widget]["content"]["data"]
    assert "comm_open" in types[:widget], "the widget's models are opened before it is displayed"
    bars = [v for v in map(_state, cell.outputs[widget:]) if isinstance(v, float)]
    assert bars == sorted(bars) and bars[-1] == 1.0, "the bar only moves forward, to the end"
    captions = _captions(cell.outputs)
    phases = [c["phase"] for c in captions]
    assert "upload" in phases and phases[-1] == "done"
    # one model: every bar value travels in one message with the caption that states it; both only move forward
    percents = [int(c["percent"]) for c in captions]
    assert percents == sorted(percents) and percents[-1] == 100
    both = [(_state(m), _CAPTION.match(_caption(m))) for m in cell.outputs[widget:]
            if isinstance(_state(m), float) and isinstance(_caption(m), str)]
    assert both and all(c and round(v * 100) == int(c["percent"]) for v, c in both), both
    last = captions[-1]
    assert _bytes(last["sent"]) == _bytes(last["total"]) == 24 * MiB, "24 MiB of data: the zeros are not sent"
    assert _bytes(last["skipped"]) >= 39 * MiB
    result = cell.of("execute_result", "display_data")[-1]["content"]["data"]["text/plain"]
    assert "DestinationUri" in result and "sig=" not in result, "the SAS signature is never shown"
    assert "sig=" not in str(cell.outputs)


def test_interrupted_upload_resumes_and_ends_complete(upload_kernel: Kernel, container: BlobServiceClient, azurite: Any, qemu_img: str, tmp_path: Path):
    vhd = _fixed_vhd(qemu_img, tmp_path / "big.vhd", 160, 64)
    command = f"Add-AzVhd -Destination '{_sas_url(azurite, 'big.vhd')}' -LocalFilePath '{vhd}' -NumberOfUploaderThreads 2"
    fired = threading.Event()

    def interrupt_once_sending(msg: dict[str, Any]) -> None:
        if fired.is_set():
            return
        caption = _CAPTION.match(_caption(msg) or "") if isinstance(_caption(msg), str) else None
        if caption and caption["phase"] == "upload" and _bytes(caption["sent"]) > 0:
            fired.set()
            upload_kernel.manager.interrupt_kernel()

    stopped = upload_kernel.run(command, timeout=120, during=interrupt_once_sending)
    assert fired.is_set(), "the upload finished before it could be interrupted"
    text = stopped.stream("stderr") + " ".join(m["content"].get("evalue", "") for m in stopped.of("error"))
    assert re.search(r"cancel|stopped", text, re.IGNORECASE), stopped.outputs
    # one red block: the cancellation that says how to resume, no PipelineStoppedException after it
    errors = stopped.of("error")
    assert len(errors) == 1 and "run the same command again to resume" in errors[0]["content"]["evalue"].lower(), stopped.outputs
    assert errors[0]["content"]["traceback"][0].startswith("\x1b[31;1mAdd-AzVhd: The upload of "), errors
    assert "PipelineStopped" not in str(stopped.outputs) and "pipeline has been stopped" not in str(stopped.outputs)
    assert "Traceback" not in str(stopped.outputs)
    blob = container.get_blob_client("kernel-vhds", "big.vhd")
    assert blob.get_blob_properties().content_settings.content_md5 is None, "an interrupted upload is not marked complete"

    assert upload_kernel.run("'alive'").stream("stdout") == "alive\n"

    resumed = upload_kernel.run(command, timeout=120)
    assert resumed.status == "ok", resumed.outputs
    last = _captions(resumed.outputs)[-1]
    assert last["phase"] == "done"
    assert _bytes(last["sent"]) == _bytes(last["total"]) < 64 * MiB, f"the second run sent everything again: {last.string}"
    # The caption shows sizes to 0.1 MiB, and whether the 512-byte footer went out before the interrupt
    # depends on timing: the two halves add up to the data to within the caption's precision.
    assert last["present"] and abs(_bytes(last["sent"]) + _bytes(last["present"]) - 64 * MiB) <= 0.1 * MiB, last.string
    local = vhd.read_bytes()
    remote = blob.download_blob().readall()
    # Add-AzVhd rounds the disk up to a whole MiB (Azure's rule): same data, zeros after it, a new footer.
    assert (len(remote) - 512) % MiB == 0 and len(remote) >= len(local)
    assert remote[: len(local) - 512] == local[:-512]
    assert remote[len(local) - 512 : -512].count(0) == len(remote) - len(local)
    assert remote[-512:].startswith(b"conectix")
    assert bytes(blob.get_blob_properties().content_settings.content_md5) == hashlib.md5(remote).digest()
