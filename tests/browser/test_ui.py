"""What an operator does by hand in JupyterLab, through clicks and keys: Tab completion, Shift+Tab help, an error
as it renders, the catalogue form (create, then remove with its confirmation), the upload widget's bar against
its caption, and an upload interrupted from the Kernel menu and resumed by running the cell again.

The cells run here are in a notebook of the test's own (scratch/try.ipynb, beside the shipped copy); the big
disk is written by the test (random data, so that every page is sent and the upload lasts a few seconds)."""

from __future__ import annotations

import os
import re
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_notebook

from azskernel.jupyter.forms import COLUMNS
from tests.browser.conftest import Served
from tests.browser.jupyterlab import JupyterLab, Notebook, Steps

MiB = 1024 * 1024
BIG_MIB = 128
SETUP = r"""
$ErrorActionPreference = 'Stop'
$null = Add-AzEnvironment -Name Lab -ARMEndpoint $env:AZS_LAB_ADMIN_ARM_ENDPOINT
$credential = New-Object System.Management.Automation.PSCredential($env:AZS_LAB_CLIENT_ID, (ConvertTo-SecureString $env:AZS_LAB_CLIENT_SECRET -AsPlainText -Force))
$null = Connect-AzAccount -Environment Lab -ServicePrincipal -Credential $credential -TenantId $env:AZS_LAB_TENANT_ID
if (-not (Get-AzResourceGroup | Where-Object ResourceGroupName -eq browserrg)) { $null = New-AzResourceGroup -Name browserrg -Location $env:AZS_LAB_LOCATION }
$account = Get-AzStorageAccount -ResourceGroupName browserrg | Where-Object StorageAccountName -eq browseracct
if (-not $account) { $account = New-AzStorageAccount -ResourceGroupName browserrg -Name browseracct -Location $env:AZS_LAB_LOCATION -SkuName Standard_LRS -Kind Storage }
if (-not (Get-AzStorageContainer -Context $account.Context | Where-Object Name -eq public)) { $null = New-AzStorageContainer -Name public -Permission Blob -Context $account.Context }
'ready'
"""
CELLS = {
    "setup": SETUP,
    "upload": "$upload = Add-AzVhd -Destination ($account.PrimaryEndpoints.Blob + 'public/{blob}') -LocalFilePath '{big}' "
              "-ResourceGroupName browserrg -NumberOfUploaderThreads 1",
    "form-blob": "(Add-AzVhd -Destination ($account.PrimaryEndpoints.Blob + 'public/form.vhd') -LocalFilePath '{small}' "
                 "-ResourceGroupName browserrg -OverWrite).DestinationUri",
    "catalogue": "Show-AzsImageCatalogue -PollingIntervalSec 0.5",
    "typing": "",
}
ORDER = list(CELLS)
_PERCENT = re.compile(r"(\d+(?:\.\d+)?)\s*%")
_SENT = re.compile(r"sent ([\d.]+) (B|KiB|MiB|GiB) of ([\d.]+) (B|KiB|MiB|GiB)")
_UNITS = {"B": 1, "KiB": 1024, "MiB": MiB, "GiB": 1024 * MiB}


def big_fixed_vhd(path: Path, mib: int) -> None:
    """A fixed VHD of random data (nothing to skip)."""
    from azskernel.vhd.footer import fixed_footer, vhd_timestamp

    with path.open("wb") as f:
        for _ in range(mib):
            f.write(os.urandom(MiB))
        f.write(fixed_footer(mib * MiB, unique_id=uuid.uuid4().bytes, timestamp=vhd_timestamp(time.time())))


@pytest.fixture(scope="module")
def scratch(served: Served) -> Iterator[dict[str, Any]]:
    from azskernel.vhd.sample import write_sample_vhd

    folder = served.root / "scratch"
    folder.mkdir(exist_ok=True)
    big, small = folder / "big.vhd", folder / "small.vhd"
    big_fixed_vhd(big, BIG_MIB)
    write_sample_vhd(small)
    yield {"folder": folder, "big": big, "small": small}


def open_scratch(jupyterlab: JupyterLab, page: Any, steps: Steps, scratch: dict[str, Any], blob: str = "big.vhd") -> Notebook:
    """Writes the test's notebook (a new name each time, so no kernel or layout of an earlier test is reused)."""
    name = f"try-{uuid.uuid4().hex[:8]}.ipynb"
    sources = {k: v.replace("{blob}", blob).replace("{big}", str(scratch["big"])).replace("{small}", str(scratch["small"]))
               for k, v in CELLS.items()}
    nb = new_notebook(cells=[new_code_cell(sources[k].strip("\n")) for k in ORDER])
    nb.metadata["kernelspec"] = {"name": "azs-powershell", "display_name": "Azure Stack Hub PowerShell", "language": "powershell"}
    nbformat.write(nb, scratch["folder"] / name)
    notebook = jupyterlab.open(page, f"scratch/{name}", steps)
    notebook.run_cell(ORDER.index("setup"))
    assert "ready" in notebook.output_text(ORDER.index("setup")) and notebook.errors() == []
    return notebook


def caption_fraction(caption: str) -> float | None:
    """How far the caption says the upload is, 0..1: its percentage, else bytes sent of the total."""
    percent = _PERCENT.search(caption)
    if percent:
        return float(percent.group(1)) / 100
    sent = _SENT.search(caption)
    if sent:
        done, total = float(sent.group(1)) * _UNITS[sent.group(2)], float(sent.group(3)) * _UNITS[sent.group(4)]
        return 1.0 if total <= 0 else done / total
    return None


def watch_upload(notebook: Notebook, index: int, until: Any = None, timeout: float = 180) -> list[dict[str, str]]:
    """Samples the cell's upload widget every 50 ms until the cell is done (or `until(sample)` is true)."""
    samples: list[dict[str, str]] = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        widgets = notebook.upload_widgets(index)
        if widgets:
            samples.append(widgets[-1])
            if until is not None and until(widgets[-1]):
                return samples
        state = notebook.state()
        prompt = notebook.cell(index).locator(".jp-InputArea-prompt").inner_text()
        if re.search(r"\[\d+\]", prompt) and state["status"] == "idle":
            return samples
        time.sleep(0.05)
    raise TimeoutError(f"the upload cell was still running after {timeout} s")


def sent_bytes(caption: str) -> float:
    sent = _SENT.search(caption)
    return float(sent.group(1)) * _UNITS[sent.group(2)] if sent else 0.0


def complete(page: Any, expected: str) -> None:
    """Tab; when JupyterLab lists the completions instead of inserting the only one, Enter takes the first."""
    page.keyboard.press("Tab")
    listed = page.locator(".jp-Completer")
    try:
        listed.wait_for(state="visible", timeout=3000)
    except Exception:  # noqa: BLE001 - inserted at once: no list
        return
    items = listed.locator(".jp-Completer-item").all_inner_texts()
    assert items and expected in items[0], items
    page.keyboard.press("Enter")


def bar(sample: dict[str, str]) -> float:
    return float(sample["bar"].rstrip("%") or 0) / 100


def test_tab_completion_shift_tab_help_and_an_error(jupyterlab: JupyterLab, page: Any, steps: Steps, scratch: dict[str, Any]) -> None:
    notebook = open_scratch(jupyterlab, page, steps, scratch)
    typing = ORDER.index("typing")
    notebook.edit(typing, "Add-AzsPlatf")
    complete(page, "Add-AzsPlatformImage")
    page.wait_for_function("(el) => el.innerText.includes('Add-AzsPlatformImage')",
                           arg=notebook.cell(typing).locator(".cm-content").element_handle())
    steps.shot("completed command")
    page.keyboard.type(" -Pub")
    complete(page, "-Publisher")
    page.wait_for_function("(el) => el.innerText.includes('-Publisher')",
                           arg=notebook.cell(typing).locator(".cm-content").element_handle())
    assert notebook.source(typing).strip() == "Add-AzsPlatformImage -Publisher"
    steps.shot("completed parameter")

    page.keyboard.press("Home")
    for _ in range(6):
        page.keyboard.press("ArrowRight")
    page.keyboard.press("Shift+Tab")
    tooltip = page.locator(".jp-Tooltip")
    tooltip.wait_for(state="visible")
    steps.shot("shift-tab")
    help_text = tooltip.inner_text()
    assert "Add-AzsPlatformImage" in help_text and "Publisher" in help_text, help_text
    page.keyboard.press("Escape")

    notebook.edit(typing, "Get-Item ./no-such-file.txt")
    notebook.run_cell(typing)
    steps.shot("error")
    errors = notebook.errors()
    assert len(errors) == 1, errors
    assert re.search(r"Get-Item.*no-such-file\.txt", errors[0], re.S) and "Cannot find path" in errors[0], errors
    assert "Traceback" not in errors[0] and "File \"" not in errors[0]


def test_catalogue_form_creates_and_removes_an_image(jupyterlab: JupyterLab, page: Any, steps: Steps, scratch: dict[str, Any]) -> None:
    notebook = open_scratch(jupyterlab, page, steps, scratch)
    notebook.run_cell(ORDER.index("form-blob"))
    uri = notebook.output_text(ORDER.index("form-blob")).strip().splitlines()[-1]
    assert uri.startswith("https://") and uri.endswith("/public/form.vhd"), uri
    catalogue = ORDER.index("catalogue")
    notebook.run_cell(catalogue)
    cell = notebook.cell(catalogue)
    key = "Browser/FormTest/gen1/1.0.0"
    for label, value in (("Publisher", "Browser"), ("Offer", "Form Test"), ("SKU", "gen1"), ("Version", "1.0.0"),
                         ("OS disk blob URI", uri)):
        box = cell.locator(f'.widget-text:has(.widget-label:text-is("{label}")) input')
        box.click()
        page.keyboard.type(value)
    message = cell.locator('.widget-text:has(.widget-label:text-is("Offer")) + .widget-html')
    assert "Offer 'Form Test' is not allowed" in message.inner_text() and "-Offer" not in message.inner_text()
    create = cell.locator('button:has-text("Create")')
    assert create.is_disabled()
    offer = cell.locator('.widget-text:has(.widget-label:text-is("Offer")) input')
    offer.click()
    page.keyboard.press("Control+a")
    page.keyboard.type("FormTest")
    steps.shot("form filled")
    create.click()
    status = cell.locator(".widget-html:has-text('Provisioning state')").element_handle()
    page.wait_for_function("(el) => /Succeeded|Not created/.test(el.innerText)", arg=status, timeout=60_000)
    steps.shot("created")
    assert "Succeeded" in status.inner_text() and key in status.inner_text(), status.inner_text()

    header = cell.locator(".widget-hbox").filter(has_text="ProvisioningState").first
    row = cell.locator(".widget-hbox").filter(has_text="FormTest").filter(has=page.locator('button:has-text("Remove")')).first
    row.locator('button:has-text("Remove")').click()
    question = cell.locator(".widget-html").filter(has_text=f"Remove {key}?")
    question.wait_for(state="visible")
    steps.shot("asked")
    # The row keeps its cells under their headers, "Yes, remove" is whole and the question is one line.
    header_x = [round(b["x"]) for b in (c.bounding_box() for c in header.locator(":scope > .widget-html").all())]
    row_x = [round(b["x"]) for b in (c.bounding_box() for c in row.locator(":scope > .widget-html").all())]
    assert row_x == header_x[: len(row_x)] and len(row_x) == len(COLUMNS) + 1, (header_x, row_x)  # + Marketplace item
    yes = cell.locator('button:has-text("Yes, remove")')
    assert yes.evaluate("(b) => b.scrollWidth <= b.clientWidth"), "the Yes, remove button is cut"
    assert yes.evaluate("(b) => getComputedStyle(b).textOverflow !== 'ellipsis' || b.scrollWidth <= b.clientWidth")
    line = float(question.evaluate("(e) => parseFloat(getComputedStyle(e).lineHeight) || 20"))
    assert question.bounding_box()["height"] < 1.8 * line, "the question wraps"
    yes.click()
    page.wait_for_function("(el) => el.innerText.includes('Removed')", arg=status)
    steps.shot("removed")
    assert cell.locator(".widget-hbox").filter(has_text="FormTest").count() == 0
    assert "Succeeded" not in status.inner_text() and "Removed" in status.inner_text(), status.inner_text()
    assert notebook.errors() == []


def test_upload_bar_reaches_100_percent_and_agrees_with_its_caption(jupyterlab: JupyterLab, page: Any, steps: Steps,
                                                                     scratch: dict[str, Any]) -> None:
    notebook = open_scratch(jupyterlab, page, steps, scratch, blob="bar.vhd")
    upload = ORDER.index("upload")
    notebook.cell(upload).locator(".cm-content").click()
    page.keyboard.press("Shift+Enter")
    samples = watch_upload(notebook, upload)
    steps.shot("uploaded")
    assert samples, "no upload widget was shown"
    assert len(notebook.upload_widgets(upload)) == 1, "one widget per upload"
    for sample in samples:
        said = caption_fraction(sample["caption"])
        assert said is not None, sample
        assert abs(bar(sample) - said) <= 0.03, f"the bar says {sample['bar']} where the caption says {sample['caption']!r}"
    last = samples[-1]
    assert bar(last) == 1.0 and "success" in last["style"], last
    assert notebook.errors() == []


def test_an_interrupted_upload_resumes(jupyterlab: JupyterLab, page: Any, steps: Steps, scratch: dict[str, Any]) -> None:
    notebook = open_scratch(jupyterlab, page, steps, scratch, blob=f"resume-{uuid.uuid4().hex[:6]}.vhd")
    upload = ORDER.index("upload")
    notebook.cell(upload).locator(".cm-content").click()
    page.keyboard.press("Shift+Enter")
    sending = watch_upload(notebook, upload, until=lambda s: sent_bytes(s["caption"]) >= 8 * MiB)
    assert sending and sent_bytes(sending[-1]["caption"]) < BIG_MIB * MiB, "the upload ended before it could be interrupted"
    steps.shot("sending")
    notebook.interrupt()
    notebook.wait_done(timeout=30)
    steps.shot("interrupted")
    text = notebook.output_text(upload)
    assert re.search(r"cancel|stopp", text, re.I) and re.search(r"again|resume", text, re.I), text
    assert "Traceback" not in text

    notebook.edit(ORDER.index("typing"), "'still here'")
    notebook.run_cell(ORDER.index("typing"))
    assert "still here" in notebook.output_text(ORDER.index("typing")), "the kernel survived the interrupt"

    notebook.cell(upload).locator(".cm-content").click()
    page.keyboard.press("Shift+Enter")
    samples = watch_upload(notebook, upload)
    steps.shot("resumed")
    assert samples and "already uploaded" in samples[-1]["caption"], samples[-1:]
    assert bar(samples[-1]) == 1.0
    assert notebook.errors() == [], "the run that resumed ends without an error"
