"""Job cmdlets (Microsoft.PowerShell.Core): Get-Job, Wait-Job, Receive-Job, Stop-Job, Remove-Job, over the jobs
that -AsJob cmdlets start (azskernel.runtime.jobs). Messages and error ids are pwsh's."""

from __future__ import annotations

from typing import Any

from azskernel.commands._util import error, like
from azskernel.runtime.cmdlet import Cmdlet, cmdlet, parameter
from azskernel.runtime.errors import ErrorCategory, ErrorRecord
from azskernel.runtime.formatting import Column, TableView, register_view
from azskernel.runtime.jobs import Job, JobState, job_repository

MODULE = "Microsoft.PowerShell.Core"
STATES = tuple(s.value for s in JobState)

# pwsh's view of System.Management.Automation.Job (PowerShellCore_format_ps1xml): fixed widths, Command the rest.
register_view("System.Management.Automation.Job", TableView((
    Column("Id", "Id", width=6, alignment="left"), Column("Name", "Name", width=15),
    Column("PSJobTypeName", "PSJobTypeName", width=15), Column("State", "State", width=13),
    Column("HasMoreData", "HasMoreData", width=15), Column("Location", "Location", width=20),
    Column("Command", "Command"))))


def _not_found_by_id(job_id: Any, command: str) -> Any:
    return error(f"The command cannot find a job with the job ID {job_id}. Verify the value of the Id parameter "
                 "and then try the command again.",
                 f"JobWithSpecifiedSessionIdNotFound,Microsoft.PowerShell.Commands.{command.replace('-', '')}Command",
                 ErrorCategory.ObjectNotFound, job_id, command)


def _not_found_by_name(name: str, command: str) -> Any:
    return error(f"The command cannot find the job because the job name {name} was not found. Verify the value of "
                 "the Name parameter, and then try the command again.",
                 f"JobWithSpecifiedNameNotFound,Microsoft.PowerShell.Commands.{command.replace('-', '')}Command",
                 ErrorCategory.ObjectNotFound, name, command)


def _as_jobs(value: Any) -> list[Job]:
    items = value if isinstance(value, (list, tuple)) else [value]
    return [j for j in items if isinstance(j, Job)]


def select_jobs(ctx: Any, command: str, *, job: Any = None, id: Any = None, name: Any = None,
                state: str | None = None) -> list[Job]:
    """The jobs a job cmdlet acts on: -Job objects, else -Id, else -Name (wildcards), else all; an -Id or exact
    -Name that matches nothing is a non-terminating error, as in pwsh."""
    repo = job_repository(ctx.session)
    if job is not None:
        found = _as_jobs(job)
    elif id is not None:
        found = []
        for wanted in id if isinstance(id, (list, tuple)) else [id]:
            hit = repo.get(int(wanted))
            if hit is None:
                ctx.write_error(_not_found_by_id(wanted, command))
            else:
                found.append(hit)
    elif name is not None:
        found = []
        for pattern in name if isinstance(name, (list, tuple)) else [name]:
            hits = [j for j in repo.all() if like(j.name, pattern)]
            if not hits and not any(c in str(pattern) for c in "*?["):
                ctx.write_error(_not_found_by_name(str(pattern), command))
            found += [h for h in hits if h not in found]
    else:
        found = repo.all()
    if state:
        found = [j for j in found if j.state.value.casefold() == state.casefold()]
    return found


@cmdlet("Get-Job", module=MODULE, default_parameter_set="SessionIdParameterSet",
        synopsis="Gets the background jobs of the current session (such as those -AsJob cmdlets start).")
@parameter("Id", type="int[]", position=0, parameter_sets=("SessionIdParameterSet",), value_from_pipeline_by_property_name=True)
@parameter("Name", type="string[]", position=0, mandatory=True, parameter_sets=("NameParameterSet",),
           value_from_pipeline_by_property_name=True)
@parameter("State", type="string", mandatory=True, parameter_sets=("StateParameterSet",), validate_set=STATES)
@parameter("Newest", type="int")
def get_job(ctx: Any, *, id: Any, name: Any, state: str | None, newest: int | None) -> list[Job]:
    jobs = select_jobs(ctx, "Get-Job", id=id, name=name, state=state)
    return jobs[-newest:] if newest else jobs


class _Collect(Cmdlet):
    """Job cmdlets that act on every piped job at the end (Wait-Job) or on each as it comes."""

    def begin(self, ctx: Any, **params: Any) -> Any:
        self.jobs: list[Job] = []
        return None


@cmdlet("Wait-Job", module=MODULE, synopsis="Waits until one or all of the jobs are finished.")
@parameter("Job", type="object[]", position=0, mandatory=True, value_from_pipeline=True, parameter_sets=("JobParameterSet",))
@parameter("Id", type="int[]", position=0, mandatory=True, parameter_sets=("SessionIdParameterSet",))
@parameter("Name", type="string[]", position=0, mandatory=True, parameter_sets=("NameParameterSet",))
@parameter("State", type="string", mandatory=True, parameter_sets=("StateParameterSet",), validate_set=STATES)
@parameter("Any", switch=True, help="Return as soon as one job is finished.")
@parameter("Timeout", type="int", aliases=("TimeoutSec",), validate_range=(-1, None), help="Seconds; -1 waits forever.")
@parameter("Force", switch=True)
class WaitJob(_Collect):
    def process(self, ctx: Any, **p: Any) -> Any:
        for job in select_jobs(ctx, "Wait-Job", job=p["job"], id=p["id"], name=p["name"], state=p["state"]):
            if job not in self.jobs:
                self.jobs.append(job)
        return None

    def end(self, ctx: Any, **p: Any) -> Any:
        import time

        timeout = p["timeout"] if p["timeout"] is not None and p["timeout"] >= 0 else None
        deadline = None if timeout is None else time.monotonic() + timeout
        cancelled = ctx.cancel.is_set
        while True:
            done = [j for j in self.jobs if j.state.finished]
            if (p["any"] and done) or len(done) == len(self.jobs):
                return done[:1] if p["any"] else done
            left = None if deadline is None else deadline - time.monotonic()
            if (left is not None and left <= 0) or cancelled():
                return [] if p["any"] else done  # pwsh writes the finished ones, nothing for the others
            waiting = next(j for j in self.jobs if not j.state.finished)
            waiting.wait(min(0.2, left) if left is not None else 0.2, cancelled)


@cmdlet("Receive-Job", module=MODULE, synopsis="Gets the results of background jobs: their output, errors, warnings.")
@parameter("Job", type="object[]", position=0, mandatory=True, value_from_pipeline=True, value_from_pipeline_by_property_name=True,
           parameter_sets=("Location",))
@parameter("Id", type="int[]", position=0, mandatory=True, parameter_sets=("SessionIdParameterSet",))
@parameter("Name", type="string[]", position=0, mandatory=True, parameter_sets=("NameParameterSet",))
@parameter("Keep", switch=True, help="Keep the results in the job (Receive-Job returns them again).")
@parameter("Wait", switch=True, help="Wait until the job is finished.")
@parameter("AutoRemoveJob", switch=True, help="With -Wait: remove the job once its results are received.")
@parameter("WriteJobInResults", switch=True)
def receive_job(ctx: Any, *, job: Any, id: Any, name: Any, keep: bool, wait: bool, auto_remove_job: bool,
                write_job_in_results: bool) -> list[Any]:
    if auto_remove_job and not wait:
        raise error("The AutoRemoveJob parameter can only be used with the Wait parameter.",
                    "AutoRemoveCannotBeUsedWithoutWait,Microsoft.PowerShell.Commands.ReceiveJobCommand",
                    ErrorCategory.InvalidArgument, None, "Receive-Job")
    out: list[Any] = []
    for each in select_jobs(ctx, "Receive-Job", job=job, id=id, name=name):
        if wait:
            each.wait(cancelled=ctx.cancel.is_set)
        if write_job_in_results:
            out.append(each)
        taken = each.take(keep)
        for text in taken["verbose"]:
            ctx.write_verbose(text)
        for text in taken["warning"]:
            ctx.write_warning(text)
        for record in taken["error"]:
            ctx.write_error(record if isinstance(record, ErrorRecord) else str(record))
        out += taken["output"]
        if wait and auto_remove_job and each.state.finished:
            job_repository(ctx.session).remove(each)
    return out


@cmdlet("Stop-Job", module=MODULE, supports_should_process=True, synopsis="Stops background jobs.")
@parameter("Job", type="object[]", position=0, mandatory=True, value_from_pipeline=True, parameter_sets=("Job",))
@parameter("Id", type="int[]", position=0, mandatory=True, parameter_sets=("SessionIdParameterSet",))
@parameter("Name", type="string[]", position=0, mandatory=True, parameter_sets=("NameParameterSet",))
@parameter("PassThru", switch=True)
def stop_job(ctx: Any, *, job: Any, id: Any, name: Any, pass_thru: bool) -> list[Job]:
    stopped = []
    for each in select_jobs(ctx, "Stop-Job", job=job, id=id, name=name):
        if ctx.should_process(f"{each.name}", "Stop-Job"):
            each.stop()
            each.wait(timeout=5, cancelled=ctx.cancel.is_set)
            stopped.append(each)
    return stopped if pass_thru else []


@cmdlet("Remove-Job", module=MODULE, supports_should_process=True, synopsis="Deletes background jobs.")
@parameter("Job", type="object[]", position=0, mandatory=True, value_from_pipeline=True, value_from_pipeline_by_property_name=True,
           parameter_sets=("JobParameterSet",))
@parameter("Id", type="int[]", position=0, mandatory=True, parameter_sets=("SessionIdParameterSet",),
           value_from_pipeline_by_property_name=True)
@parameter("Name", type="string[]", position=0, mandatory=True, parameter_sets=("NameParameterSet",),
           value_from_pipeline_by_property_name=True)
@parameter("State", type="string", mandatory=True, parameter_sets=("StateParameterSet",), validate_set=STATES)
@parameter("Force", switch=True, aliases=("F",), help="Stop a job that is still running, then remove it.")
def remove_job(ctx: Any, *, job: Any, id: Any, name: Any, state: str | None, force: bool) -> None:
    repo = job_repository(ctx.session)
    for each in select_jobs(ctx, "Remove-Job", job=job, id=id, name=name, state=state):
        if not ctx.should_process(f"{each.name}", "Remove-Job"):
            continue
        if not each.state.finished:
            if not force:
                ctx.write_error(error(
                    f"The command cannot remove the job with the job ID {each.id} because the job is not finished. "
                    "To remove the job, first stop the job, or use the Force parameter.",
                    "JobObjectNotFinishedCannotBeRemoved,Microsoft.PowerShell.Commands.RemoveJobCommand",
                    ErrorCategory.InvalidOperation, each, "Remove-Job"))
                continue
            each.stop()
            each.wait(timeout=5, cancelled=ctx.cancel.is_set)
        repo.remove(each)
    return None
