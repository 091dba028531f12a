"""What the Azure cmdlets and their Python functions share: profile and reporter defaults, the default
location, name filters, and the bridge from a CommandContext (streams, progress, non-terminating lookups,
confirmation, cancellation). No SDK import at module level."""

from __future__ import annotations

import fnmatch
import time
from collections.abc import Callable
from typing import Any

from azskernel.runtime.errors import ErrorCategory, PSError, RuntimeException

from ..clients import Connection
from ..context import AzProfile, default_profile, profile_for
from ..errors import OperationStoppedError, ParameterRuleError, ResourceMissingError
from ..events import DeviceCodeEvent, ProvisioningEvent, Reporter, event_hook
from ..redaction import redact
from ..rules import ParameterRulesError

MODULE_ACCOUNTS = "Az.Accounts"
MODULE_RESOURCES = "Az.Resources"
MODULE_STORAGE = "Az.Storage"
MODULE_COMPUTE = "Az.Compute"
MODULE_COMPUTE_ADMIN = "Azs.Compute.Admin"


def pick(profile: AzProfile | None, reporter: Reporter | None) -> tuple[AzProfile, Reporter]:
    return profile or default_profile(), reporter or Reporter()


def connect(profile: AzProfile, reporter: Reporter, subscription_id: str | None = None) -> Connection:
    sub = profile.require_subscription(subscription_id)
    return Connection.of(profile, sub, reporter.verbose)


def list_locations(conn: Connection) -> list[dict[str, Any]]:
    """The subscription's locations, as ARM lists them (Get-AzLocation)."""
    with conn.arm() as arm:
        found = arm.request("GET", f"/subscriptions/{conn.subscription_id}/locations", operation="list the subscription's locations")
    return found.items


def first_location(conn: Connection) -> str:
    """-Location's default: the subscription's first location, as `(Get-AzLocation)[0].Location`."""
    values = list_locations(conn)
    if not values:
        raise ResourceMissingError(
            f"The subscription {conn.subscription_id} lists no location; give -Location explicitly.",
        )
    return str(values[0].get("name"))


def connect_at(profile: AzProfile, reporter: Reporter, location: str | None,
               subscription_id: str | None = None) -> tuple[Connection, str]:
    """A connection and the location to work in: -Location, else the subscription's first."""
    conn = connect(profile, reporter, subscription_id)
    return conn, location or first_location(conn)


def resource_group_of(resource_id: str) -> str:
    """The resource group named in an ARM id ('' when there is none)."""
    parts = resource_id.split("/")
    lowered = [p.lower() for p in parts]
    return parts[lowered.index("resourcegroups") + 1] if "resourcegroups" in lowered else ""


def has_wildcard(text: str) -> bool:
    return any(c in text for c in "*?[")


def like(value: Any, pattern: str | None) -> bool:
    """PowerShell's -like for a name filter: no pattern matches all; wildcards; case-insensitive."""
    if not pattern:
        return True
    return fnmatch.fnmatchcase(str(value or "").casefold(), pattern.casefold())


def sleep_for(reporter: Reporter, seconds: float) -> None:
    """Sleep in small slices so that a cancel (Ctrl+C, kernel interrupt) stops a wait promptly."""
    if reporter.sleep is not None:
        reporter.sleep(seconds)
        return
    end = time.monotonic() + seconds
    while True:
        left = end - time.monotonic()
        if left <= 0 or reporter.cancelled():
            return
        time.sleep(min(left, 0.2))


# -- the CommandContext side ------------------------------------------------------------------------


def ctx_profile(ctx: Any, default_profile: Any = None) -> AzProfile:
    """The profile a cmdlet works with: -DefaultProfile when given, else the session's."""
    session_profile = profile_for(ctx.session)
    if default_profile is None:
        return session_profile
    return resolve_default_profile(default_profile, session_profile)


def resolve_default_profile(value: Any, session_profile: AzProfile) -> AzProfile:
    """-DefaultProfile (aliases AzureRMContext, AzureCredential), as Az takes it: a context (Get-AzContext) or a
    profile (Connect-AzAccount's output). The record carries the context it shows and the profile whose
    credential signed it in; the command then runs in that context, not the session's current one."""
    if isinstance(value, AzProfile):
        return value
    inner = getattr(value, "__dict__", {})
    if "_azs_context" not in inner:
        nested = value.get("Context") if hasattr(value, "get") else None
        inner = getattr(nested, "__dict__", {})
    context, origin, credential = inner.get("_azs_context"), inner.get("_azs_profile"), inner.get("_azs_credential")
    if context is None or origin is None:
        raise ParameterRuleError(
            "DefaultProfile", "-DefaultProfile must be a context from Get-AzContext (or the result of Connect-AzAccount) "
                              "of this session.", value=type(value).__name__)
    return AzProfile(folder=origin.folder, environments=dict(origin.environments), context=context,
                     credential=credential or origin.credential, autosave=False)


def start_job(ctx: Any, name: str, work: Callable[[Reporter], Any], type_names: tuple[str, ...] = ()) -> Any:
    """-AsJob: run `work(reporter)` as a background job of the session (Get-Job, Receive-Job, Wait-Job,
    Remove-Job), as the real modules' AsyncJob does: named after the command, its Command the invocation
    line (redacted), its streams buffered until Receive-Job. The job ignores the session's Ctrl+C (Stop-Job ends
    it); nothing here touches the session from the job's thread."""
    from azskernel.runtime.host import ProgressRecord
    from azskernel.runtime.jobs import JobStreams, job_repository

    position = getattr(ctx, "position", None)
    line = redact(getattr(position, "line_text", "") or getattr(ctx, "command_name", "")).strip()
    job = job_repository(ctx.session).new(name, line, "", type_names)

    def run(streams: JobStreams) -> Any:
        def on_event(ev: Any) -> None:
            if isinstance(ev, ProvisioningEvent):
                streams.progress(ProgressRecord(activity=name, status=f"{ev.resource}: {ev.state}",
                                                current_operation=ev.message, completed=ev.done))

        reporter = Reporter(verbose=streams.verbose, warning=streams.warning, event=on_event, cancelled=streams.stopped)
        try:
            return work(reporter)
        except ParameterRulesError as exc:
            for err in exc.errors[:-1]:
                streams.error(err.record)
            raise exc.errors[-1] from None
        except OperationStoppedError:
            if streams.stopped():
                return None  # Stop-Job: the job ends Stopped, its output so far kept
            raise

    return job.start(run)


def resolve_path(ctx: Any, path: str | None) -> str | None:
    """A path argument relative to the session's current location (as a cmdlet's -Path sees it)."""
    if not path:
        return path
    resolver = getattr(ctx, "resolve_path", None)
    return str(resolver(path)) if callable(resolver) else path


def ctx_reporter(ctx: Any, activity: str = "") -> Reporter:
    hook = event_hook(ctx.session)
    cancel = getattr(ctx, "cancel", None)

    def on_event(ev: Any) -> None:
        if hook is not None:
            hook(ev)
        if isinstance(ev, ProvisioningEvent):
            _progress(ctx, activity or "Azure operation", ev)
        elif isinstance(ev, DeviceCodeEvent):
            ctx.write_warning(ev.message)

    return Reporter(
        verbose=ctx.write_verbose,
        warning=ctx.write_warning,
        event=on_event,
        cancelled=(lambda: bool(cancel.is_set())) if cancel is not None else (lambda: False),
    )


def _progress(ctx: Any, activity: str, ev: ProvisioningEvent) -> None:
    write = getattr(ctx, "write_progress", None)
    if write is None:
        return
    from azskernel.runtime.host import ProgressRecord

    status = f"{ev.resource}: {ev.state}" + (f" ({int(ev.elapsed)} s)" if ev.elapsed else "")
    write(ProgressRecord(activity=activity, status=status, current_operation=ev.message, completed=ev.done))


def write_rule_errors(ctx: Any, exc: ParameterRulesError) -> RuntimeException:
    """Write every broken rule but the last as an error; return the last to be raised (terminating)."""
    for err in exc.errors[:-1]:
        ctx.write_error(err.record)
    return exc.errors[-1]


def _debug_sink(ctx: Any) -> Callable[[str], None] | None:
    """The cmdlet's Debug stream when -Debug (or $DebugPreference) asks for it, else None."""
    bound = getattr(ctx, "bound", None) or {}
    wanted = bound.get("Debug") if "Debug" in bound else None
    if wanted is None:
        preference = getattr(getattr(ctx, "session", None), "preference", None)
        wanted = callable(preference) and str(preference("DebugPreference")).casefold() in ("continue", "inquire")
    return ctx.write_debug if wanted and callable(getattr(ctx, "write_debug", None)) else None


def run(ctx: Any, fn: Callable[[], Any]) -> Any:
    """Run a Python-API call for a cmdlet: several broken rules are all reported; the SDKs' own log
    records go to -Debug (redacted) or nowhere."""
    from ..logs import routed

    try:
        with routed(_debug_sink(ctx)):
            return fn()
    except ParameterRulesError as exc:
        raise write_rule_errors(ctx, exc) from None
    except OperationStoppedError:
        # The user stopped the pipeline: let the engine end it as pwsh does (no error record).
        check = getattr(getattr(ctx, "session", None), "check_cancel", None)
        if callable(check):
            check()
        raise
    except PSError:
        raise
    except Exception as exc:  # noqa: BLE001 - anything the SDKs raised outside a translated block
        raise _unexpected(ctx, exc) from None


def lookup(ctx: Any, fn: Callable[[], Any]) -> Any:
    """Run a Get-* call as Az does: a missing object is a non-terminating error (written, not raised), so that
    `if (-not (Get-AzX -Name n -ErrorAction SilentlyContinue)) { New-AzX ... }` works, while
    `-ErrorAction Stop` (or $ErrorActionPreference = 'Stop') still makes it terminating."""
    try:
        return run(ctx, fn)
    except ResourceMissingError as exc:
        record = exc.record
    ctx.write_error(record)  # outside the except block: a Stop raises a clean terminating error
    return None


def _unexpected(ctx: Any, exc: Exception) -> RuntimeException:
    """An SDK error that escaped the translated blocks still gets a clear, redacted message."""
    from ..errors import AzsError, translate

    operation = f"run {getattr(ctx, 'command_name', '') or 'the command'}"
    try:
        return translate(exc, operation=operation)
    except Exception:  # noqa: BLE001 - translate re-raises what it does not know
        return AzsError(f"Cannot {operation}: {type(exc).__name__}: {exc}", error_id="UnexpectedError")


def confirm(ctx: Any, target: str, action: str, *, force: bool = False, impact: str = "High") -> bool:
    """ShouldProcess. A high impact (Remove-*) asks unless -Force or -Confirm:$false, and in a
    non-interactive run fails clearly instead of hanging; -WhatIf reports and skips, whatever the impact."""
    bound = getattr(ctx, "bound", None) or {}
    whatif, confirm_switch = _switch(bound, "WhatIf"), _switch(bound, "Confirm")
    if whatif:
        return bool(_should_process(ctx, target, action, impact))
    if force or confirm_switch is False:
        return True
    if impact != "High" or confirm_switch:
        return bool(_should_process(ctx, target, action, impact))
    if not _should_process(ctx, target, action, impact):  # $WhatIfPreference
        return False
    host = getattr(ctx, "host", None)
    if not getattr(host, "interactive", False):
        raise not_interactive_error(getattr(ctx, "command_name", "") or "This command", action, target)
    answer = ctx.read_line(
        f'\nConfirm\nAre you sure you want to perform this action?\nPerforming the operation "{action}" on target '
        f'"{target}".\n[Y] Yes  [N] No (default is "Y"): '
    )
    return answer.strip().lower() in ("", "y", "yes")


def _should_process(ctx: Any, target: str, action: str, impact: str) -> bool:
    try:
        return bool(ctx.should_process(target, action, impact=impact))
    except TypeError:
        return bool(ctx.should_process(target, action))


def _switch(bound: Any, name: str) -> bool | None:
    """True/False when the switch was given (-X, -X:$false), None when not."""
    try:
        if name not in bound:
            return None
        value = bound[name]
    except Exception:  # noqa: BLE001 - a bound-parameter bag that cannot answer means "not given"
        return None
    from azskernel.runtime.conversion import to_bool

    return bool(to_bool(value))


def not_interactive_error(command: str, action: str, target: str) -> RuntimeException:
    return RuntimeException(
        f"{command}: \"{action}\" on \"{target}\" needs a confirmation and this session cannot ask (it is not "
        "interactive). Add -Force or -Confirm:$false to proceed without a prompt.",
        error_id="ConfirmationRequired",
        category=ErrorCategory.InvalidOperation,
    )

