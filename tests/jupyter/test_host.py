"""JupyterHost: engine streams become Jupyter messages, in order, as they are produced."""

from __future__ import annotations

import time
from typing import Any

import pytest

from azskernel.jupyter.host import JupyterHost, NonInteractiveError
from azskernel.runtime.errors import ErrorRecord
from azskernel.runtime.host import ProgressRecord
from azskernel.runtime.values import PSObject


class Recorder:
    def __init__(self) -> None:
        self.messages: list[tuple[str, dict[str, Any]]] = []
        self.asked: list[tuple[str, bool]] = []

    def publish(self, msg_type: str, content: dict[str, Any]) -> None:
        self.messages.append((msg_type, content))

    def ask(self, prompt: str, password: bool) -> str:
        self.asked.append((prompt, password))
        return "typed"

    def display(self, obj: Any) -> None:
        self.messages.append(("widget", {"object": obj}))

    def types(self) -> list[str]:
        return [t for t, _ in self.messages]


def make(**options: Any) -> tuple[JupyterHost, Recorder]:
    rec = Recorder()
    host = JupyterHost(rec, **options)
    host.begin_cell(allow_stdin=False)
    return host, rec


def image(name: str, version: str = "1.0.0") -> PSObject:
    return PSObject({"Publisher": "Canonical", "Offer": "UbuntuServer", "Sku": name, "Version": version})


def test_scalars_go_to_stdout_as_pwsh_prints_them():
    host, rec = make()
    host.write_output(["hello, world", 42, True, 1.5])
    assert rec.messages == [("stream", {"name": "stdout", "text": "hello, world\n42\nTrue\n1.5\n"})]
    assert host.end_cell() is None


def test_a_table_still_last_when_the_cell_ends_is_the_cells_result():
    host, rec = make()
    host.write_output([image("22_04"), image("20_04")])
    assert rec.messages == []
    result = host.end_cell()
    assert result is not None
    assert result["text/plain"] == (
        "\nPublisher Offer        Sku   Version\n"
        "--------- -----        ---   -------\n"
        "Canonical UbuntuServer 22_04 1.0.0\n"
        "Canonical UbuntuServer 20_04 1.0.0\n\n"
    )
    assert "<th>Publisher</th>" in result["text/html"] and "<td>20_04</td>" in result["text/html"]


def test_objects_followed_by_other_output_are_display_data_first():
    host, rec = make()
    host.write_output([image("22_04")])
    host.write_host("done")
    assert rec.types() == ["display_data", "stream"]
    data = rec.messages[0][1]
    assert data["transient"]["display_id"]
    assert "text/html" in data["data"] and "22_04" in data["data"]["text/plain"]
    assert rec.messages[1][1] == {"name": "stdout", "text": "done\n"}
    assert host.end_cell() is None


def test_one_object_with_many_properties_is_a_property_list():
    host, rec = make()
    record = PSObject({k: i for i, k in enumerate(["Name", "Location", "State", "Size", "Kind"])})
    host.write_output([record])
    bundle = host.end_cell()
    assert bundle["text/plain"].startswith("\nName     : 0\nLocation : 1\n")
    assert "azs-list" in bundle["text/html"] and "<th>Location</th>" in bundle["text/html"]


def test_a_growing_table_is_one_display_updated_in_place():
    host, rec = make(hold=0.0, throttle=0.0)
    host.write_output([image("a")])
    host.write_output([image("b")])
    host.write_output([PSObject({"Other": 1})])
    assert rec.types() == ["display_data", "update_display_data", "display_data"]
    first, update, other = (content for _, content in rec.messages)
    assert first["transient"]["display_id"] == update["transient"]["display_id"]
    assert update["data"]["text/plain"].split("\n")[3:5] == ["Canonical UbuntuServer a   1.0.0", "Canonical UbuntuServer b   1.0.0"]
    assert other["transient"]["display_id"] != first["transient"]["display_id"], "another shape is another table"
    assert host.end_cell() is None


def test_a_slow_table_is_shown_before_the_cell_ends():
    host, rec = make(hold=0.05)
    host.write_output([image("a")])
    deadline = time.monotonic() + 5
    while not rec.messages and time.monotonic() < deadline:
        time.sleep(0.01)
    assert rec.types() == ["display_data"]
    assert host.end_cell() is None


def test_errors_warnings_verbose_go_to_stderr_in_pwsh_colours():
    host, rec = make()
    host.write_error(ErrorRecord("Cannot find path 'x'.", command_name="Get-Item"))
    host.write_warning("careful")
    host.write_verbose("details")
    texts = [c["text"] for t, c in rec.messages]
    assert all(c["name"] == "stderr" for _, c in rec.messages)
    assert texts[0] == "\x1b[31;1mGet-Item: Cannot find path 'x'.\x1b[0m\n"
    assert texts[1] == "\x1b[33;1mWARNING: careful\x1b[0m\n"
    assert texts[2] == "\x1b[33;1mVERBOSE: details\x1b[0m\n"


def test_write_host_colour_and_no_newline():
    host, rec = make()
    host.write_host("a", newline=False, foreground="Green")
    host.write_host("b")
    assert [c["text"] for _, c in rec.messages] == ["\x1b[92ma\x1b[0m", "b\n"]


def test_prompts_fail_clearly_without_stdin_and_ask_the_frontend_with_it():
    host, rec = make()
    with pytest.raises(NonInteractiveError, match="NonInteractive mode"):
        host.read_line("Name")
    host.begin_cell(allow_stdin=True)
    assert host.read_line("Name") == "typed"
    assert host.read_secret("Password") == "typed"
    assert rec.asked == [("Name", False), ("Password", True)]


def test_clear_host_clears_the_cell_and_drops_the_pending_table():
    host, rec = make()
    host.write_output([image("a")])
    host.clear()
    assert rec.messages == [("clear_output", {"wait": False})]
    assert host.end_cell() is None


def test_progress_goes_to_the_renderer_after_flushing_output():
    seen: list[Any] = []
    host, rec = make(progress=seen.append)
    host.write_output([image("a")])
    record = ProgressRecord("Working", percent_complete=10)
    host.write_progress(record)
    assert rec.types() == ["display_data"] and seen == [record]


def test_rich_events_replace_the_plain_records_of_the_same_operation():
    from azskernel.azure.events import ProvisioningEvent

    seen: list[Any] = []
    host, rec = make(progress=seen.append)
    event = ProvisioningEvent("pub/offer/sku/1.0.0", "Creating")
    host.write_event(event)
    host.write_progress(ProgressRecord("Add-AzsPlatformImage", status="pub/offer/sku/1.0.0: Creating (3 s)"))
    other = ProgressRecord("Copying", percent_complete=5)
    host.write_progress(other)
    assert seen == [event, other]
    host.begin_cell(allow_stdin=False)
    again = ProgressRecord("Add-AzsPlatformImage", status="pub/offer/sku/1.0.0: Creating (3 s)")
    host.write_progress(again)
    assert seen[-1] is again, "the next cell starts afresh"


def test_updates_of_a_growing_table_are_throttled_and_the_last_rows_always_arrive():
    host, rec = make(hold=0.0, throttle=10.0)
    host.write_output([image("a")])
    host.write_output([image("b")])
    host.write_output([image("c")])
    assert rec.types() == ["display_data"], "inside the throttle interval nothing is re-sent"
    assert host.end_cell() is None
    assert rec.types() == ["display_data", "update_display_data"]
    assert [line.split()[2] for line in rec.messages[1][1]["data"]["text/plain"].split("\n")[3:6]] == ["a", "b", "c"]


def test_a_widget_shown_by_a_command_comes_after_the_output_before_it():
    host, rec = make()
    host.write_output([image("a")])
    widget = object()
    host.display(widget)
    assert rec.types() == ["display_data", "widget"] and rec.messages[1][1]["object"] is widget
