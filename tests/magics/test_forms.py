"""The Create image form's checks and Show-AzsImageCatalogue outside a notebook (no stamp needed)."""

from __future__ import annotations

from typing import Any


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
