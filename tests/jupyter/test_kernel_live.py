"""The real kernel process through jupyter_client: stdin, widgets, interrupt, completion, inspection."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

from .conftest import Kernel

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def answering(value: str) -> tuple[Callable[[dict[str, Any]], str], list[dict[str, Any]]]:
    """A frontend's stdin: answers every input_request with `value` and records the requests."""
    requests: list[dict[str, Any]] = []

    def answer(request: dict[str, Any]) -> str:
        requests.append(request["content"])
        return value

    return answer, requests


def test_read_host_asks_through_the_frontend(kernel: Kernel):
    answer, requests = answering("Ann")
    cell = kernel.run("$name = Read-Host 'Your name'; \"Hello $name\"", allow_stdin=True, answer=answer)
    assert cell.status == "ok", cell.reply
    assert cell.stream("stdout") == "Hello Ann\n"
    assert len(requests) == 1 and "Your name" in requests[0]["prompt"] and requests[0]["password"] is False


def test_get_credential_masks_the_password(kernel: Kernel):
    answer, requests = answering("s3cret!")
    cell = kernel.run("$c = Get-Credential -UserName ops; $c.UserName; $c.GetNetworkCredential().Password.Length", allow_stdin=True, answer=answer)
    assert cell.status == "ok", cell.reply
    assert cell.stream("stdout").endswith("ops\n7\n")
    assert [r["password"] for r in requests] == [True]
    assert "s3cret" not in str(cell.outputs)


def test_prompts_fail_clearly_when_the_run_is_not_interactive(kernel: Kernel):
    cell = kernel.run("Read-Host 'Your name'; 'next statement'", timeout=20)
    assert "Read-Host: PowerShell is in NonInteractive mode." in cell.stream("stderr")
    assert cell.stream("stdout") == "next statement\n", "a statement-terminating error, as in pwsh"
    cell = kernel.run("$ErrorActionPreference = 'Stop'; Get-Credential -UserName ops; 'not reached'", timeout=20)
    assert cell.status == "error"
    (error,) = cell.of("error")
    assert "NonInteractive mode" in error["content"]["evalue"]
    assert "Traceback" not in "".join(error["content"]["traceback"])
    kernel.run("$ErrorActionPreference = 'Continue'")


def test_write_progress_is_a_live_widget(kernel: Kernel):
    cell = kernel.run("1..4 | ForEach-Object { Write-Progress -Activity Copying -Status \"step $_\" -PercentComplete ($_ * 25); Start-Sleep -Milliseconds 300 }; 'done'")
    assert cell.status == "ok", cell.reply
    types = [m["msg_type"] for m in cell.outputs]
    assert types[0] == "comm_open"
    shown = [m for m in cell.of("display_data") if WIDGET_VIEW in m["content"]["data"]]
    assert len(shown) == 1
    values = [m["content"]["data"]["state"]["value"] for m in cell.of("comm_msg") if isinstance(m["content"]["data"].get("state", {}).get("value"), int)]
    assert values[-1] == 100 and values == sorted(values) and len(values) >= 3
    assert types.index("comm_msg") > types.index("display_data")
    assert cell.stream("stdout") == "done\n"


def test_interrupt_stops_the_cell_and_the_kernel_stays_alive(kernel: Kernel):
    timer = threading.Timer(1.0, kernel.manager.interrupt_kernel)
    began = time.monotonic()
    timer.start()
    cell = kernel.run("Start-Sleep -Seconds 30; 'not reached'", timeout=30)
    took = time.monotonic() - began
    assert cell.status == "error"
    errors = cell.of("error")
    assert len(errors) == 1 and errors[0]["content"]["ename"] == "PipelineStoppedException"
    assert "not reached" not in cell.stream("stdout")
    assert took < 10
    after = kernel.run("'still here'")
    assert after.status == "ok" and after.stream("stdout") == "still here\n"


def test_terminating_error_is_one_error_message_in_the_concise_view(kernel: Kernel):
    cell = kernel.run("Write-Output 'before'\nGet-Item -Path ./does-not-exist -ErrorAction Stop\n'after'")
    assert cell.status == "error"
    assert [m["msg_type"] for m in cell.outputs] == ["stream", "error"]
    error = cell.of("error")[0]["content"]
    text = "\n".join(error["traceback"])
    assert "Get-Item" in text and "does-not-exist" in text and "Traceback" not in text


def test_non_terminating_error_goes_to_stderr_and_the_cell_goes_on(kernel: Kernel):
    cell = kernel.run("Write-Error 'first'; 'second'")
    assert cell.status == "ok"
    assert "\x1b[31;1m" in cell.stream("stderr") and "first" in cell.stream("stderr")
    assert cell.stream("stdout") == "second\n"


def test_objects_become_a_dataframe_table_with_pwsh_text(kernel: Kernel):
    cell = kernel.run("1..3 | ForEach-Object { [pscustomobject]@{ Name = \"img$_\"; SizeGB = $_ * 10 } }")
    assert cell.status == "ok"
    (result,) = cell.of("execute_result", "display_data")
    data = result["content"]["data"]
    assert data["text/plain"] == "\nName SizeGB\n---- ------\nimg1     10\nimg2     20\nimg3     30\n\n"
    assert "<table" in data["text/html"] and "<td>img2</td>" in data["text/html"]


def test_completion_and_inspection(kernel: Kernel):
    kernel.run("$VhdPath = 'x'")
    reply = kernel.request("complete", "Write-Output $Vhd", 17)
    assert reply["matches"] == ["$VhdPath"] and reply["cursor_start"] == 13
    reply = kernel.request("complete", "Get-ChildItem -Rec", 18)
    assert reply["matches"] == ["-Recurse"]
    reply = kernel.request("inspect", "Get-ChildItem -Path .", 3)
    assert reply["found"] is True
    text = reply["data"]["text/plain"]
    assert "Get-ChildItem" in text and "SYNTAX" in text
    assert kernel.request("is_complete", "Get-ChildItem `")["status"] == "incomplete"
    assert kernel.request("is_complete", "Get-ChildItem")["status"] == "complete"


def test_get_help_opens_the_pager(kernel: Kernel):
    for code in ("Get-Help Get-ChildItem -Full", "Get-ChildItem -?"):
        cell = kernel.run(code)
        payload = cell.reply["content"]["payload"]
        assert len(payload) == 1 and payload[0]["source"] == "page"
        assert "Get-ChildItem" in payload[0]["data"]["text/plain"]
        assert cell.outputs == []


def test_user_expressions_are_evaluated_after_the_cell(kernel: Kernel):
    client = kernel.client
    msg_id = client.execute("$n = 41", user_expressions={"next": "$n + 1", "bad": "throw 'no'"})
    reply = client.get_shell_msg(timeout=30)
    while reply["parent_header"].get("msg_id") != msg_id:
        reply = client.get_shell_msg(timeout=30)
    expressions = reply["content"]["user_expressions"]
    assert expressions["next"] == {"status": "ok", "data": {"text/plain": "42\n"}, "metadata": {}}
    assert expressions["bad"]["status"] == "error" and expressions["bad"]["evalue"] == "no"


def test_a_parse_error_is_one_error_message_pointing_at_the_code(kernel: Kernel):
    cell = kernel.run("'fine'\nWrite-Output (1 +")
    assert cell.status == "error"
    assert [m["msg_type"] for m in cell.outputs] == ["error"], "nothing runs when the cell does not parse"
    error = cell.of("error")[0]["content"]
    assert error["ename"] == "ParseException"
    text = "\n".join(error["traceback"])
    assert "Write-Output (1 +" in text and "Line |" in text and "Traceback" not in text
