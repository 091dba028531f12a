"""The Create image form's checks and Show-AzsImageCatalogue outside a notebook (no stamp needed)."""

from __future__ import annotations

from typing import Any

import ipykernel.ipkernel  # noqa: F401  (the comm factory a kernel uses: replaced widgets close cleanly)


from azskernel.jupyter.forms import COMMANDS, CreateImageForm, field_errors


class _TextHost:
    """A host with no `display` (a terminal or `azs -Command`)."""

    interactive = False

    def __init__(self) -> None:
        self.errors: list[Any] = []

    def write_output(self, objects: list[Any]) -> None: ...
    def write_host(self, text: str, **kwargs: Any) -> None: ...
    def write_error(self, record: Any) -> None: self.errors.append(record)
    def write_warning(self, text: str) -> None: ...
    def write_verbose(self, text: str) -> None: ...
    def write_debug(self, text: str) -> None: ...
    def write_information(self, record: Any) -> None: ...
    def write_progress(self, record: Any) -> None: ...
    def read_line(self, prompt: str) -> str: raise AssertionError("no prompt expected")
    def read_secret(self, prompt: str) -> str: raise AssertionError("no prompt expected")
    def clear(self) -> None: ...


class _Recorder:
    def __init__(self) -> None:
        self.calls: list[tuple[str, dict[str, Any]]] = []

    def invoke(self, command_name: str, parameters: dict[str, Any]) -> list[Any]:
        self.calls.append((command_name, parameters))
        return []


def test_field_errors_are_the_cmdlets_rules() -> None:
    errors = field_errors({"Publisher": "Con toso", "Offer": "Ubuntu", "Sku": "22.04", "Version": "1.0",
                           "OsType": "Mac", "OsUri": "http://a.blob.b/c/d.vhd"})
    assert set(errors) == {"Publisher", "Version", "OsType", "OsUri"}
    assert "no spaces or special characters" in errors["Publisher"]
    assert field_errors({"Publisher": "Contoso", "Offer": "Ubuntu", "Sku": "22.04", "Version": "1.0.0",
                         "OsType": "linux", "OsUri": "https://acct.blob.local.example/vhds/d.vhd"}) == {}


def test_create_is_refused_while_a_field_is_wrong() -> None:
    commands = _Recorder()
    form = CreateImageForm(commands, add_parameters={"PollingIntervalSec": 0.1})
    for name, value in (("Publisher", "Contoso"), ("Offer", "Ubuntu"), ("Sku", "22.04"), ("Version", "1.0.0")):
        form.inputs[name].value = value
    assert form.create.disabled and form.messages["OsUri"].value == ""  # untouched: not shouted at yet
    form._on_create()
    assert commands.calls == []
    form.inputs["OsUri"].value = "https://acct.blob.local.example/vhds/d.vhd"
    assert not form.create.disabled
    form.create.click()
    assert commands.calls == [("Add-AzsPlatformImage", {"PollingIntervalSec": 0.1, "Publisher": "Contoso", "Offer": "Ubuntu",
                                                        "Sku": "22.04", "Version": "1.0.0", "OsType": "Linux",
                                                        "OsUri": "https://acct.blob.local.example/vhds/d.vhd"})]


def test_show_catalogue_needs_a_notebook() -> None:
    from azsmagics.runner import new_session

    host = _TextHost()
    session = new_session(host)
    assert session.commands.resolve("Show-AzsImageCatalogue") is not None and COMMANDS
    session.run("Show-AzsImageCatalogue")
    assert [r.error_id for r in host.errors] == ["NotANotebook"]
    assert "draws notebook widgets" in host.errors[0].message


class _Catalogue:
    """Answers Get-AzsPlatformImage with two images and Get-AzsGalleryItem with one item."""

    def __init__(self) -> None:
        self.calls: list[str] = []

    def invoke(self, command_name: str, parameters: dict[str, Any]) -> list[Any]:
        self.calls.append(command_name)
        if command_name == "Get-AzsPlatformImage":
            return [{"Publisher": "Contoso", "Offer": "Ubuntu", "Sku": "22.04", "Version": v, "OsType": "Linux",
                     "ProvisioningState": "Succeeded"} for v in ("1.0.0", "1.0.1")]
        if command_name == "Get-AzsGalleryItem":
            return [{"name": "Contoso.Ubuntu-22-04.1.0.0", "properties": {"artifacts": [
                {"name": "createuidefinition", "type": "custom", "uri": "https://gallery/ui.json"}]}}]
        return []


def test_the_catalogue_names_each_images_marketplace_item_and_says_to_remove_it_first() -> None:
    from azskernel.azure.marketplace import link_images
    from azskernel.jupyter.forms import ITEM_COLUMN, CatalogueTable

    create_ui = {"handler": "Microsoft.Compute.SingleVm", "parameters": {
        "imageReference": {"publisher": "contoso", "offer": "ubuntu", "sku": "22.04"}}}
    commands = _Catalogue()
    table = CatalogueTable(commands, links=lambda images: link_images(
        images, commands.invoke("Get-AzsGalleryItem", {}), lambda uri: create_ui if uri == "https://gallery/ui.json" else None))
    table.refresh()
    header = [cell.value for cell in table.body.children[0].children]
    assert header[len(header) - 2] == f"<b>{ITEM_COLUMN}</b>"
    # No version in a VM wizard's imageReference: it deploys the newest, so both versions are linked.
    rows = {key: [c.value for c in entry.row.children[:-1]][-1] for key, entry in table.rows.items()}
    assert rows == {"Contoso/Ubuntu/22.04/1.0.0": "Contoso.Ubuntu-22-04.1.0.0", "Contoso/Ubuntu/22.04/1.0.1": "Contoso.Ubuntu-22-04.1.0.0"}
    entry = table.rows["Contoso/Ubuntu/22.04/1.0.0"]
    entry.remove.click()
    assert ("Remove Contoso/Ubuntu/22.04/1.0.0? It has the Marketplace item Contoso.Ubuntu-22-04.1.0.0: remove the item "
            "first (Remove-AzsGalleryItem -Name Contoso.Ubuntu-22-04.1.0.0), as the guide says.") in entry.confirm.children[0].value


def test_the_catalogue_still_lists_images_when_the_gallery_cannot_be_read() -> None:
    from azskernel.jupyter.forms import CatalogueTable

    def broken(images: list[Any]) -> dict[str, list[str]]:
        raise RuntimeError("no gallery on this stamp")

    table = CatalogueTable(_Catalogue(), links=broken)
    table.refresh()
    assert len(table.rows) == 2 and table.status.value == "2 images"
class _ImageCommands(_Recorder):
    """Test-AzsImage runs for real (the engine's records), Add-AzsPlatformImage is recorded."""

    def __init__(self) -> None:
        super().__init__()
        from azsmagics.runner import new_session
        from azskernel.jupyter.forms import SessionCommands

        self.real = SessionCommands(new_session(_TextHost()))

    def invoke(self, command_name: str, parameters: dict[str, Any]) -> list[Any]:
        if command_name == "Test-AzsImage":
            return self.real.invoke(command_name, parameters)
        return super().invoke(command_name, parameters)


def test_a_local_file_is_tested_and_its_errors_block_create(check_disks: Any) -> None:
    commands = _ImageCommands()
    form = CreateImageForm(commands)
    for name, value in (("Publisher", "Contoso"), ("Offer", "Ubuntu"), ("Sku", "22.04"), ("Version", "1.0.0"),
                        ("OsUri", "https://acct.blob.local.example/vhds/d.vhd")):
        form.inputs[name].value = value
    assert not form.create.disabled
    form.inputs["LocalFilePath"].value = str(check_disks.get("marker-generalized", "vhd-fixed"))
    message = form.messages["LocalFilePath"].value
    assert "L5 Error" in message and "provisioned is present" in message and "#d13438" in message
    assert form.create.disabled
    form.inputs["LocalFilePath"].value = str(check_disks.get("ubuntu-ext4-mbr", "vhd-fixed"))
    assert "all 15 checks passed" in form.messages["LocalFilePath"].value and not form.create.disabled
    form.create.click()
    assert commands.calls[-1] == ("Add-AzsPlatformImage", {
        "Publisher": "Contoso", "Offer": "Ubuntu", "Sku": "22.04", "Version": "1.0.0", "OsType": "Linux",
        "OsUri": "https://acct.blob.local.example/vhds/d.vhd",
        "LocalFilePath": str(check_disks.get("ubuntu-ext4-mbr", "vhd-fixed")), "TestImage": True})
    form.inputs["LocalFilePath"].value = "/nowhere/disk.vhd"
    assert "No disk image at" in form.messages["LocalFilePath"].value and not form.create.disabled


def test_the_forms_messages_name_its_own_fields() -> None:
    from azskernel.jupyter.forms import form_text

    errors = field_errors({"Publisher": "Contoso", "Offer": "a b", "Sku": "s!", "Version": "1.0", "OsType": "Mac",
                           "OsUri": "http://x/y.vhd"})
    assert errors["Offer"].startswith("Offer 'a b' is not allowed") and errors["Sku"].startswith("SKU 's!'")
    assert errors["OsUri"].startswith("OS disk blob URI 'http://x/y.vhd'")
    assert not any("-Offer" in m or "-Sku" in m or "-OsUri" in m or "-OsType" in m for m in errors.values())
    said = form_text("The image would end Failed on the stamp, so nothing was created:\n-OsUri https://a/b/c.vhd: "
                     "private\n(Use -SkipPreflight to send it anyway.)")
    assert said == "The image would end Failed on the stamp, so nothing was created:\nOS disk blob URI https://a/b/c.vhd: private"
    assert form_text("... reads the blob from this machine; if only the stamp can reach it, add -SkipPreflight.") == \
        "... reads the blob from this machine."


def test_remove_asks_on_a_line_of_its_own_and_the_form_forgets_a_removed_image() -> None:
    from azskernel.azure.records import platform_image_record
    from azskernel.jupyter.forms import ImageCatalogue

    image = platform_image_record({"id": "/subscriptions/s/providers/Microsoft.Compute.Admin/locations/local/artifactTypes/"
                                         "platformImage/publishers/Contoso/offers/Ubuntu/skus/22.04/versions/1.0.0",
                                   "properties": {"osDisk": {"osType": "Linux"}, "provisioningState": "Succeeded"}})

    class Stamp(_Recorder):
        def invoke(self, command_name: str, parameters: dict[str, Any]) -> list[Any]:
            super().invoke(command_name, parameters)
            return [image] if command_name in ("Get-AzsPlatformImage", "Add-AzsPlatformImage") and not removed else []

    removed: list[str] = []
    ui = ImageCatalogue(Stamp())
    for name, value in (("Publisher", "Contoso"), ("Offer", "Ubuntu"), ("Sku", "22.04"), ("Version", "1.0.0"),
                        ("OsUri", "https://acct.blob.local.example/vhds/d.vhd")):
        ui.form.inputs[name].value = value
    ui.form.create.click()
    assert "Succeeded" in ui.form.status.value
    key = "Contoso/Ubuntu/22.04/1.0.0"
    entry = ui.table.rows[key]
    header = ui.table.body.children[0]
    assert len(entry.row.children) == len(header.children), "one cell per header, the button under the last"
    assert [c.layout.width for c in entry.row.children] == [c.layout.width for c in header.children]
    entry.remove.click()
    assert entry.row.children[-1] is entry.remove, "the row keeps its cells; the question goes below it"
    question, yes, no = entry.confirm.children
    assert "white-space:nowrap" in question.value and yes.description == "Yes, remove"
    assert yes.layout.width == "auto", "never cut to its width"
    removed.append(key)
    yes.click()
    assert key not in ui.table.rows and "Succeeded" not in ui.form.status.value
    assert "Removed Contoso/Ubuntu/22.04/1.0.0" in ui.form.status.value
