"""Background jobs as pwsh has them (System.Management.Automation.Job): a session's job table, each job's state
and its buffered streams, for -AsJob cmdlets and Get-Job, Wait-Job, Receive-Job, Stop-Job, Remove-Job.

A job runs a Python function in a thread with a `JobStreams` sink: it writes output, errors, warnings, verbose
and progress there, never to the session (the session is single-threaded; only the job's own buffers are
shared, under the job's lock). The function polls `streams.stopped()` to end early on Stop-Job. States follow
JobState: NotStarted -> Running -> Completed | Failed | Stopped. No third-party imports.
"""

from __future__ import annotations

import datetime as _dt
import enum
import itertools
import threading
import uuid
import weakref
from collections.abc import Callable
from typing import Any

from azskernel.runtime.errors import ErrorCategory, ErrorRecord, PSError


class JobState(enum.Enum):
    NotStarted = "NotStarted"
    Running = "Running"
    Completed = "Completed"
    Failed = "Failed"
    Stopped = "Stopped"
    Stopping = "Stopping"

    def __str__(self) -> str:
        return self.value

    @property
    def finished(self) -> bool:
        return self in (JobState.Completed, JobState.Failed, JobState.Stopped)


class JobStreams:
    """What a job's function writes to (from its own thread)."""

    def __init__(self, job: Job) -> None:
        self._job = job

    def output(self, obj: Any) -> None:
        self._job._add("output", obj)

    def error(self, record: ErrorRecord) -> None:
        self._job._add("error", record)

    def warning(self, text: str) -> None:
        self._job._add("warning", text)

    def verbose(self, text: str) -> None:
        self._job._add("verbose", text)

    def progress(self, record: Any) -> None:
        self._job._add("progress", record)
        status = getattr(record, "status", None)
        if status:
            self._job.status_message = str(status)

    def stopped(self) -> bool:
        return self._job._stop.is_set()


STREAMS = ("output", "error", "warning", "verbose", "progress")


class Job:
    """One job. Its properties are pwsh's (Id, Name, PSJobTypeName, State, HasMoreData, Location, Command...)."""

    ps_type_names: tuple[str, ...] = ("System.Management.Automation.Job", "System.Object")

    def __init__(self, job_id: int, name: str, command: str, type_name: str = "",
                 type_names: tuple[str, ...] = ()) -> None:
        self.id = job_id
        self.instance_id = uuid.uuid4()
        self.name = name
        self.command = command
        self.job_type_name = type_name
        self.location = "localhost"
        self.status_message = ""
        self.begin_time: _dt.datetime | None = None
        self.end_time: _dt.datetime | None = None
        self._state = JobState.NotStarted
        self._reason: ErrorRecord | None = None
        self._lock = threading.Lock()
        self._done = threading.Event()
        self._stop = threading.Event()
        self._buffers: dict[str, list[Any]] = {name: [] for name in STREAMS}
        self._thread: threading.Thread | None = None
        if type_names:
            self.ps_type_names = (*type_names, *Job.ps_type_names)

    # -- the job's side ----------------------------------------------------------------------------
    def _add(self, stream: str, item: Any) -> None:
        with self._lock:
            self._buffers[stream].append(item)

    def _set_state(self, state: JobState, reason: ErrorRecord | None = None) -> None:
        with self._lock:
            self._state = state
            if reason is not None:
                self._reason = reason
            if state.finished:
                self.end_time = _dt.datetime.now()
        if state.finished:
            self._done.set()

    def start(self, work: Callable[[JobStreams], Any]) -> Job:
        """Run `work(streams)` in a thread; what it returns (a value or a list) is the job's output."""
        streams = JobStreams(self)

        def run() -> None:
            try:
                result = work(streams)
            except PSError as exc:  # a terminating error of the command: the job Failed with it
                record = getattr(exc, "record", None) or ErrorRecord(str(exc), type(exc).__name__)
                streams.error(record)
                self._set_state(JobState.Stopped if self._stop.is_set() else JobState.Failed, record)
                return
            except Exception as exc:  # noqa: BLE001 - anything else must not kill the thread silently
                record = ErrorRecord(f"{type(exc).__name__}: {exc}", "JobFailed", ErrorCategory.NotSpecified)
                streams.error(record)
                self._set_state(JobState.Failed, record)
                return
            for item in result if isinstance(result, list) else ([] if result is None else [result]):
                streams.output(item)
            self._set_state(JobState.Stopped if self._stop.is_set() else JobState.Completed)

        self.begin_time = _dt.datetime.now()
        self._set_state(JobState.Running)
        self._thread = threading.Thread(target=run, name=f"azs-job-{self.id}", daemon=True)
        self._thread.start()
        return self

    # -- the session's side ------------------------------------------------------------------------
    @property
    def state(self) -> JobState:
        with self._lock:
            return self._state

    @property
    def has_more_data(self) -> bool:
        with self._lock:
            return any(self._buffers[s] for s in ("output", "error", "warning", "verbose"))

    def wait(self, timeout: float | None = None, cancelled: Callable[[], bool] | None = None) -> bool:
        """Block until the job finished (True) or `timeout` elapsed / `cancelled()` (False), in short slices so that
        an interrupt stops the wait, not the job."""
        deadline = None if timeout is None else _now() + timeout
        while not self._done.is_set():
            left = 0.2 if deadline is None else min(0.2, deadline - _now())
            if left <= 0 or (cancelled is not None and cancelled()):
                return False
            self._done.wait(left)
        return True

    def stop(self) -> None:
        if self.state.finished:
            return
        self._stop.set()
        self._set_state(JobState.Stopping)

    def take(self, keep: bool = False) -> dict[str, list[Any]]:
        """The buffered records of every stream (emptied unless `keep`), as Receive-Job reads them."""
        with self._lock:
            taken = {name: list(items) for name, items in self._buffers.items()}
            if not keep:
                for items in self._buffers.values():
                    items.clear()
        return taken

    def ps_properties(self) -> list[tuple[str, Any]]:
        with self._lock:
            state, reason = self._state, self._reason
            output, error = list(self._buffers["output"]), list(self._buffers["error"])
            warning, verbose = list(self._buffers["warning"]), list(self._buffers["verbose"])
            progress = list(self._buffers["progress"])
        return [
            ("Id", self.id), ("Name", self.name), ("PSJobTypeName", self.job_type_name), ("State", str(state)),
            ("HasMoreData", bool(output or error or warning or verbose)), ("Location", self.location),
            ("Command", self.command), ("JobStateInfo", str(state)), ("InstanceId", self.instance_id),
            ("StatusMessage", self.status_message), ("PSBeginTime", self.begin_time), ("PSEndTime", self.end_time),
            ("Output", output), ("Error", error), ("Progress", progress), ("Verbose", verbose), ("Warning", warning),
            ("ChildJobs", []), ("Reason", reason),
        ]

    def __repr__(self) -> str:
        return f"Job(id={self.id}, name={self.name!r}, state={self.state})"


def _now() -> float:
    import time

    return time.monotonic()


class JobRepository:
    """A session's jobs, by id (pwsh numbers them from 1 in each session)."""

    def __init__(self) -> None:
        self._jobs: dict[int, Job] = {}
        self._ids = itertools.count(1)
        self._lock = threading.Lock()

    def new(self, name: str, command: str, type_name: str = "", type_names: tuple[str, ...] = ()) -> Job:
        with self._lock:
            job_id = next(self._ids)
            job = Job(job_id, name or f"Job{job_id}", command, type_name, type_names)
            self._jobs[job_id] = job
            return job

    def all(self) -> list[Job]:
        with self._lock:
            return list(self._jobs.values())

    def get(self, job_id: int) -> Job | None:
        with self._lock:
            return self._jobs.get(job_id)

    def remove(self, job: Job) -> None:
        with self._lock:
            self._jobs.pop(job.id, None)


_REPOSITORIES: weakref.WeakKeyDictionary[Any, JobRepository] = weakref.WeakKeyDictionary()
_REPOSITORIES_LOCK = threading.Lock()


def job_repository(session: Any) -> JobRepository:
    """The job table of a session (created on first use)."""
    with _REPOSITORIES_LOCK:
        repo = _REPOSITORIES.get(session)
        if repo is None:
            repo = _REPOSITORIES[session] = JobRepository()
        return repo


__all__ = ["Job", "JobRepository", "JobState", "JobStreams", "job_repository"]
