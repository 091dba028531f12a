"""Every notebook executed against the lab (the exercises' answers filled in), and scanned for secrets.

The notebooks run a few at a time, each in its own kernel, in three waves: the inventory needs the images
the first wave published, and must list them before the last wave removes one. A broken image (the training
lab's agent-missing) stops the publish runbooks at their image test in the first wave, and goes through with
IgnoreImageErrors in the second."""

from __future__ import annotations

import re
from typing import Any

import nbformat
import pytest

from tests.notebooks.conftest import Executor, outputs_text, result

SAS_SIGNATURE = re.compile(r"sig=(?!REDACTED)[A-Za-z0-9%+/=]{16,}")
ACCOUNT_KEY = re.compile(r"[A-Za-z0-9+/]{86}==")
JWT = re.compile(r"eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}")
LABS = ["labs/01-connect.ipynb", "labs/02-inspect-and-convert-a-vhd.ipynb", "labs/03-upload.ipynb",
        "labs/04-register.ipynb", "labs/05-troubleshoot-a-failed-image.ipynb", "labs/06-diagnose-an-image.ipynb"]
BROKEN = dict(Offer="Broken", Sku="ps-1", Version="1.0.0", StagingResourceGroup="brokenrg",
              StagingStorageAccount="brokenacct", PollingIntervalSec=0.2)


@pytest.fixture(scope="module")
def broken_vhd(tmp_path_factory: pytest.TempPathFactory) -> str:
    """The training lab's image without a Linux agent: L1 is an Error, the stamp would take it."""
    from azskernel.imagecheck.testing.lab import broken_images

    return str(next(e.path for e in broken_images(tmp_path_factory.mktemp("broken")) if e.name == "agent-missing"))


@pytest.fixture(scope="module")
def executed(executor: Executor, broken_vhd: str) -> dict[str, Any]:
    first: dict[str, tuple[str, dict[str, Any]]] = {
        "publish-ps": ("runbooks/publish-platform-image.ipynb", dict(
            VhdPath=str(executor.disks.dynamic), Publisher="Contoso", Offer="Runbook", Sku="ps-1", Version="1.0.0",
            StagingResourceGroup="runbookrg", StagingStorageAccount="runbookacct")),
        "publish-py": ("runbooks/publish-platform-image-python.ipynb", dict(
            vhd_path=str(executor.disks.fixed), publisher="Contoso", offer="PyRunbook", sku="py-1", version="1.0.0",
            staging_resource_group="pyrunbookrg", staging_storage_account="pyrunbookacct", clean_up=False)),
        "catalogue": ("runbooks/image-catalogue.ipynb", {}),
        "lab02-unanswered": ("labs/02-inspect-and-convert-a-vhd.ipynb", {"answers": False}),
        **{relative: (relative, {}) for relative in LABS},
        "publish-ps-broken": ("runbooks/publish-platform-image.ipynb", dict(stops=True, VhdPath=broken_vhd, **BROKEN)),
        "publish-py-broken": ("runbooks/publish-platform-image-python.ipynb", dict(
            stops=True, vhd_path=broken_vhd, offer="PyBroken", staging_resource_group="pybrokenrg",
            staging_storage_account="pybrokenacct", polling_interval_sec=0.2)),
    }
    results = executor.run_all(first)
    results.update(executor.run_all({
        "inventory": ("runbooks/image-inventory.ipynb", {"csv_path": str(executor.work / "inventory.csv")}),
        # After the first wave signed in (and saved its context): exercise 2 must still say NOT YET.
        "lab01-unanswered": ("labs/01-connect.ipynb", {"answers": False, "shipped": True}),
        # As shipped: no connection parameters, so the lab's environment is the target and the VHD a sample.
        "publish-ps-shipped": ("runbooks/publish-platform-image.ipynb", {"shipped": True, "PollingIntervalSec": 0.2}),
        "lab06-unanswered": ("labs/06-diagnose-an-image.ipynb", {"answers": False}),
    }))
    # What the first wave's broken runs left on the stamp (the second one publishes under the same names)
    results["after-broken"] = executor.ask(
        "$blobs = @(Get-AzStorageAccount | ForEach-Object { $ctx = $_.Context; Get-AzStorageContainer -Context $ctx |"
        " ForEach-Object { Get-AzStorageBlob -Container $_.Name -Context $ctx } } | Where-Object Name -like '*Broken*')\n"
        "\"BLOBS=$($blobs.Count) GROUPS=$(@(Get-AzResourceGroup | Where-Object ResourceGroupName -like '*brokenrg').Count)"
        " IMAGES=$(@(Get-AzsPlatformImage -Publisher Contoso | Where-Object Offer -like '*Broken').Count)\"")
    results.update(executor.run_all({
        "publish-ps-ignore": ("runbooks/publish-platform-image.ipynb", dict(VhdPath=broken_vhd, IgnoreImageErrors=True, **BROKEN)),
    }))
    last: dict[str, tuple[str, dict[str, Any]]] = {
        "remove": ("runbooks/remove-platform-image.ipynb", dict(Publisher="Contoso", Offer="PyRunbook", Sku="py-1", Version="1.0.0")),
        "remove-missing": ("runbooks/remove-platform-image.ipynb", dict(Publisher="Contoso", Offer="Nothing", Sku="x", Version="9.9.9")),
        "publish-py-dynamic": ("runbooks/publish-platform-image-python.ipynb", dict(
            shipped=True, version="1.0.1", polling_interval_sec=0.2)),
    }
    results.update(executor.run_all(last))
    return results


def assert_no_secret(nb: Any, lab: Any) -> None:
    text = nbformat.writes(nb)
    assert lab.client_secret not in text, "the lab's client secret is in the executed notebook"
    assert not SAS_SIGNATURE.search(text), "a SAS signature is in the executed notebook"
    assert not ACCOUNT_KEY.search(text), "a storage account key is in the executed notebook"
    assert not JWT.search(text), "a token is in the executed notebook"


def test_the_scan_finds_what_it_looks_for(lab: Any) -> None:
    from nbformat.v4 import new_code_cell, new_notebook, new_output

    for leak in (lab.client_secret, "https://a/b/c.vhd?sv=2019-07-07&sr=b&sp=r&sig=Ab3dEf9hIjKlMn0pQrStUvWxYz%2B12345",
                 "key: " + "A1b2" * 21 + "xy=="):
        cell = new_code_cell("x", outputs=[new_output("stream", name="stdout", text=f"value {leak}\n")])
        with pytest.raises(AssertionError):
            assert_no_secret(new_notebook(cells=[cell]), lab)


def test_publish_runbook(executed: dict[str, Any], lab: Any) -> None:
    nb = result(executed, "publish-ps")
    text = outputs_text(nb)
    assert "Conversion needed:" in text and "dynamic" in text
    # the test disk has an MBR and no file system: warnings (the table says which), no error
    assert re.search(r"Test-AzsImage: \d+ of 15 checks passed, 0 error\(s\), [1-9]\d* warning\(s\)\.", text)
    assert "Succeeded" in text and "Removed the staging blob" in text
    assert "Name            : Contoso.Runbook-ps-1.1.0.0" in text  # the item added...
    assert re.search(r"Contoso\.Runbook-ps-1\.1\.0\.0 +Runbook ps-1 +Contoso +1\.0\.0", text)  # ...and listed
    assert "Removed the package blob Contoso.Runbook-ps-1.1.0.0.azpkg" in text
    assert "Removed the staging resource group runbookrg" in text


def test_publish_runbook_python(executed: dict[str, Any]) -> None:
    text = outputs_text(result(executed, "publish-py"))
    assert "No conversion needed" in text
    assert "Tenants see Contoso/PyRunbook/py-1 versions: 1.0.0" in text
    assert "Marketplace item Contoso.PyRunbook-py-1.1.0.0: PyRunbook py-1 (publisher Contoso, version 1.0.0)" in text
    assert "Staging left in place (clean_up: False" in text


def stopped_at(nb: Any) -> tuple[int, str, str]:
    """(position among code cells, source, error text) of the cell the run stopped at; no cell after it ran."""
    code = [c for c in nb.cells if c.cell_type == "code"]
    failed = [i for i, c in enumerate(code) if any(o.get("output_type") == "error" for o in c.get("outputs", []))]
    assert len(failed) == 1, failed
    index = failed[0]
    assert all(c.get("execution_count") is None for c in code[index + 1:]), "cells ran after the stop"
    error = next(o for o in code[index].outputs if o.get("output_type") == "error")
    return index, code[index].source, error["evalue"] + "\n".join(error.get("traceback", []))


def test_a_broken_image_stops_the_publish_runbooks_before_anything_is_sent(executed: dict[str, Any]) -> None:
    for name in ("publish-ps-broken", "publish-py-broken"):
        nb = result(executed, name)
        _, source, error = stopped_at(nb)
        assert "Test-AzsImage -Path" in source, f"{name} stopped at another cell: {source[:200]}"
        assert "found 1 error(s)" in error and "so nothing was sent" in error and "L1 Linux agent" in error, error
        assert ("IgnoreImageErrors" if name.endswith("ps-broken") else "ignore_image_errors = True") in error
        assert "Traceback" not in error
        shown = outputs_text(nb)
        assert "WALinuxAgent" in shown and "Failed" in shown, "the table was shown before the stop"
    assert "BLOBS=0 GROUPS=0 IMAGES=0" in executed["after-broken"], executed["after-broken"]


def test_the_same_run_with_ignore_image_errors_publishes(executed: dict[str, Any]) -> None:
    text = outputs_text(result(executed, "publish-ps-ignore"))
    assert "WARNING: Published despite Test-AzsImage's 1 error(s) ($IgnoreImageErrors):" in text
    assert "ProvisioningState : Succeeded" in text and "Name            : Contoso.Broken-ps-1.1.0.0" in text
    assert "Removed the staging blob Contoso-Broken-ps-1-1.0.0.vhd." in text


def test_inventory_and_remove(executed: dict[str, Any], executor: Executor) -> None:
    text = outputs_text(result(executed, "inventory"))
    assert "<svg" in text and "by publisher" in text and "Wrote" in text
    csv = (executor.work / "inventory.csv").read_text()
    assert csv.startswith("Publisher,Offer,Sku,Version,OsType,ProvisioningState")
    assert "Contoso,PyRunbook,py-1,1.0.0,Linux,Succeeded" in csv
    removed = outputs_text(result(executed, "remove"))
    assert "Removed the Marketplace item Contoso.PyRunbook-py-1.1.0.0 (PyRunbook py-1)" in removed, "the item first"
    assert "WARNING" not in removed, "the image had no item left when it was removed"
    assert "Removed: Contoso/PyRunbook/py-1/1.0.0 is no longer in the catalogue." in removed
    assert "There is no image Contoso/Nothing/x/9.9.9" in outputs_text(result(executed, "remove-missing"))


def test_image_catalogue_notebook(executed: dict[str, Any]) -> None:
    nb = result(executed, "catalogue")
    widgets = [o for c in nb.cells for o in c.get("outputs", []) if "application/vnd.jupyter.widget-view+json" in o.get("data", {})]
    assert widgets, "the catalogue widget is displayed"


@pytest.mark.parametrize("relative", LABS)
def test_lab_with_answers(executed: dict[str, Any], relative: str) -> None:
    nb = result(executed, relative)
    checks = [c for c in nb.cells if "self-check" in c.metadata.get("tags", [])]
    assert checks
    for cell in checks:
        said = "".join(o.get("text", "") + str((o.get("data") or {}).get("text/plain", "")) for o in cell.outputs)
        assert "CORRECT" in said and "NOT YET" not in said, f"{relative}: {said!r}"


def test_lab_without_answers_says_not_yet(executed: dict[str, Any]) -> None:
    said = outputs_text(result(executed, "lab02-unanswered"))
    assert said.count("NOT YET") == 3 and "CORRECT" not in said
    # lab 06 after an answered run on the same stamp (its own work folder, the stamp's images gone again)
    said = outputs_text(result(executed, "lab06-unanswered"))
    assert said.count("NOT YET") == 12 and "CORRECT" not in said
    assert "The stamp says: Succeeded." in said, "the trap: the stamp takes the broken image"
    assert "Add-AzVhd stopped: Test-AzsImage found 1 error(s)" in said and "Blob written: False" in said


def test_no_secret_in_any_executed_notebook(executed: dict[str, Any], lab: Any) -> None:
    for name, nb in executed.items():
        if not isinstance(nb, (Exception, str)):
            assert_no_secret(nb, lab)
    assert len(executed) == 21


def test_lab_01_unanswered_after_a_saved_sign_in_says_not_yet(executed: dict[str, Any]) -> None:
    said = outputs_text(result(executed, "lab01-unanswered"))
    assert said.count("NOT YET") == 3 and "CORRECT" not in said


def test_publish_runbook_as_shipped_targets_the_lab_with_a_sample_disk(executed: dict[str, Any], lab: Any) -> None:
    nb = result(executed, "publish-ps-shipped")
    text = outputs_text(nb)
    assert f"Target: the lab stamp ({lab.admin_arm_endpoint})" in text
    assert "./ubuntu-22.04.vhd does not exist, so the sample disk" in text
    assert "  - The VHD is dynamic" in text and "  - The virtual size" in text, "one bullet a reason"
    assert "Removed the staging blob Contoso-UbuntuServer-22.04-LTS-1.0.0.vhd" in text
    assert not [o for c in nb.cells for o in c.get("outputs", []) if o.get("output_type") == "error" or o.get("name") == "stderr"]


def test_python_runbook_prints_one_bullet_a_reason(executed: dict[str, Any]) -> None:
    text = outputs_text(result(executed, "publish-py-dynamic"))
    assert "Conversion needed:\n  - The VHD is dynamic" in text and "\n  - The virtual size" in text
    assert "{" not in text.split("Conversion needed:")[1].split("\n\n")[0]
