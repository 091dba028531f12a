"""The job cmdlets over the session's job table (what -AsJob cmdlets fill): pwsh's states, streams, messages."""

from __future__ import annotations

import threading
from typing import Any

import pytest

from azskernel.runtime.errors import ErrorRecord, RuntimeException
from azskernel.runtime.jobs import JobState, JobStreams, job_repository
from tests.azure.pshost import RecordingHost, new_session, run


@pytest.fixture
def shell() -> Any:
    host = RecordingHost()
    return new_session(host), host


def test_output_warnings_and_errors_come_back_once_unless_kept(shell: Any) -> None:
    session, host = shell

    def work(streams: JobStreams) -> Any:
        streams.warning("careful")
        streams.error(ErrorRecord("one thing failed", "Partial"))
        streams.output("first")
        return "last"

    job = job_repository(session).new("Work", "work").start(work)
    assert job.wait(timeout=10)
    assert run(session, "$j = Get-Job -Name Work; $j.State; $j.HasMoreData; Receive-Job $j -Keep; Receive-Job $j; "
                        "$j.HasMoreData; Receive-Job $j") is None
    assert host.output == ["Completed", True, "first", "last", "first", "last", False]
    assert host.warnings == ["careful", "careful"]
    assert [e.message for e in host.errors] == ["one thing failed", "one thing failed"]


def test_a_terminating_error_fails_the_job_and_is_received(shell: Any) -> None:
    session, host = shell

    def work(streams: JobStreams) -> Any:
        raise RuntimeException("the stamp said no", error_id="Refused")

    job = job_repository(session).new("Broken", "broken").start(work)
    job.wait(timeout=10)
    assert job.state is JobState.Failed
    assert run(session, "Receive-Job -Name Broken -ErrorAction SilentlyContinue -ErrorVariable e; $e[0].ToString()") is None
    assert host.output == ["the stamp said no"]


def test_wait_any_timeout_stop_and_remove(shell: Any) -> None:
    session, host = shell
    release = threading.Event()

    def slow(streams: JobStreams) -> Any:
        while not release.wait(0.05):
            if streams.stopped():
                return None
        return "slow"

    repo = job_repository(session)
    waiting = repo.new("Slow", "slow").start(slow)
    quick = repo.new("Quick", "quick").start(lambda streams: "quick")
    assert quick.wait(timeout=10)
    assert run(session, "(Wait-Job -Name Slow, Quick -Any).Name; @(Wait-Job -Name Slow -Timeout 0).Count") is None
    assert host.output == ["Quick", 0]
    record = run(session, "Remove-Job -Name Slow")
    message = (record or host.errors[-1]).message
    assert message == ("The command cannot remove the job with the job ID 1 because the job is not finished. To remove "
                       "the job, first stop the job, or use the Force parameter.")
    host.output.clear()
    assert run(session, "Stop-Job -Name Slow; (Get-Job -Name Slow).State; Remove-Job -Name Slow, Quick; @(Get-Job).Count") is None
    assert host.output == ["Stopped", 0] and waiting.state is JobState.Stopped
    release.set()


def test_unknown_ids_and_names_are_pwshs_errors(shell: Any) -> None:
    session, host = shell
    assert run(session, "Get-Job -Id 42; Get-Job -Name nope; Get-Job -Name no*") is None
    assert [e.message for e in host.errors] == [
        "The command cannot find a job with the job ID 42. Verify the value of the Id parameter and then try the "
        "command again.",
        "The command cannot find the job because the job name nope was not found. Verify the value of the Name "
        "parameter, and then try the command again.",
    ]
    assert [e.error_id for e in host.errors] == [
        "JobWithSpecifiedSessionIdNotFound,Microsoft.PowerShell.Commands.GetJobCommand",
        "JobWithSpecifiedNameNotFound,Microsoft.PowerShell.Commands.GetJobCommand",
    ]
