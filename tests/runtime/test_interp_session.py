"""Session API used by the fronts: run/invoke, variables, cancel, streams to the host."""

from __future__ import annotations

import threading
import time
from typing import Any

import pytest

from azskernel.engine import create_session
from azskernel.runtime.control import PipelineStoppedException, ScriptExit, ScriptTerminated


class RecordingHost:
    interactive = False

    def __init__(self) -> None:
        self.events: list[tuple[str, Any]] = []

    def write_output(self, objects: list[Any]) -> None:
        self.events.append(("out", list(objects)))

    def write_host(self, text: str, **_: Any) -> None:
        self.events.append(("host", text))

    def write_error(self, record: Any) -> None:
        self.events.append(("error", record.message))

    def write_warning(self, text: str) -> None:
        self.events.append(("warning", text))

    def write_verbose(self, text: str) -> None:
        self.events.append(("verbose", text))

    def write_debug(self, text: str) -> None:
        self.events.append(("debug", text))

    def write_information(self, record: Any) -> None:
        self.events.append(("information", record))

    def write_progress(self, record: Any) -> None:
        self.events.append(("progress", record))

    def read_line(self, prompt: str) -> str:
        raise AssertionError("no prompt expected")

    def read_secret(self, prompt: str) -> str:
        raise AssertionError("no prompt expected")

    def clear(self) -> None:
        pass


@pytest.fixture()
def session_and_host() -> tuple[Any, RecordingHost]:
    host = RecordingHost()
    return create_session(host), host


def test_run_sends_output_per_statement_and_streams_in_order(session_and_host: Any) -> None:
    session, host = session_and_host
    session.run("'a'; Write-Host h; Write-Warning w; 1,2")
    assert host.events == [("out", ["a"]), ("host", "h"), ("warning", "w"), ("out", [1, 2])]


def test_variables_persist_between_runs_and_are_case_insensitive(session_and_host: Any) -> None:
    session, _ = session_and_host
    session.run("$StorageAccount = 'x'")
    assert session.get_variable("storageaccount") == "x"
    session.set_variable("n", 5)
    assert session.invoke("$N + 1") == [6]
    assert "StorageAccount" in session.variable_names()


def test_terminating_error_raises_script_terminated_unwritten(session_and_host: Any) -> None:
    session, host = session_and_host
    with pytest.raises(ScriptTerminated) as info:
        session.run("throw 'bad'")
    assert info.value.record.message == "bad"
    assert not [e for e in host.events if e[0] == "error"]


def test_parse_error_raises_script_terminated_with_parser_category(session_and_host: Any) -> None:
    session, _ = session_and_host
    with pytest.raises(ScriptTerminated) as info:
        session.run("if (")
    assert info.value.record.category.value == "ParserError"


def test_exit_raises_script_exit(session_and_host: Any) -> None:
    session, _ = session_and_host
    with pytest.raises(ScriptExit) as info:
        session.run("exit 3")
    assert info.value.code == 3


def test_non_terminating_error_goes_to_the_host(session_and_host: Any) -> None:
    session, host = session_and_host
    session.run("Write-Error 'oops'; 'next'")
    assert ("error", "oops") in host.events and ("out", ["next"]) in host.events


def test_cancel_stops_a_running_loop(session_and_host: Any) -> None:
    session, _ = session_and_host
    threading.Timer(0.3, session.cancel).start()
    started = time.monotonic()
    with pytest.raises(PipelineStoppedException):
        session.run("while ($true) { }")
    assert time.monotonic() - started < 10


def test_command_context_streams_follow_preferences(session_and_host: Any) -> None:
    session, host = session_and_host
    session.run("Write-Verbose v1; $VerbosePreference = 'Continue'; Write-Verbose v2; Write-Debug d -Debug")
    assert ("verbose", "v1") not in host.events
    assert ("verbose", "v2") in host.events and ("debug", "d") in host.events


def test_a_command_can_stop_its_upstream(session_and_host: Any) -> None:
    from azskernel.runtime.cmdlet import cmdlet, parameter

    @cmdlet("Take-First")
    @parameter("InputObject", value_from_pipeline=True)
    def take_first(ctx: Any, *, input_object: Any) -> Any:
        ctx.stop_upstream()
        return input_object

    session, host = session_and_host
    session.commands.register(take_first)
    session.run("$seen = 0; 1..100000 | ForEach-Object { $script:seen++; $_ } | Take-First | ForEach-Object { $_ * 10 }; $seen")
    assert [e for e in host.events if e[0] == "out"] == [("out", [10]), ("out", [1])]


def test_begin_output_reaches_the_next_command_after_its_begin() -> None:
    from tests.runtime.interp_support import output

    script = ("function up { begin { 'from-begin' } }\n"
              "function down { [CmdletBinding()] param([Parameter(ValueFromPipeline)]$x) begin { 'down-begin' } process { \"got $x\" } }\n"
              "up | down")
    assert output(script) == "down-begin\ngot from-begin\n"


def test_input_in_begin_and_process_blocks_is_an_arraylist() -> None:
    from tests.runtime.interp_support import output

    script = ("function b { [cmdletbinding()]param() begin { Write-Output -NoEnumerate $input } }\n"
              "function p { [cmdletbinding()]param() process { Write-Output -NoEnumerate $input } }\n"
              "(b) -is [System.Collections.ArrayList]; (p) -is [System.Collections.ArrayList]; & { @($input).Count }")
    assert output(script) == "True\nTrue\n0\n"
