"""CommandContext: what every cmdlet call gets (streams, preferences, should_process, paths, prompts).

The context applies the common parameters and preference variables: -ErrorAction/$ErrorActionPreference
decide whether `write_error` is shown, recorded, ignored or turned terminating; -Verbose/-Debug/
-WarningAction/-InformationAction likewise for their streams; -WhatIf/-Confirm for `should_process`.
"""

from __future__ import annotations

import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any

from azskernel.runtime.conversion import to_bool, to_string
from azskernel.runtime.errors import ErrorCategory, ErrorRecord, PSError, RuntimeException
from azskernel.runtime.host import ProgressRecord
from azskernel.runtime.streamvars import collect
from azskernel.runtime.values import UNSET, Hashtable

if TYPE_CHECKING:
    from azskernel.runtime.session import Session


class CancelToken:
    """A threading.Event-like token long-running cmdlets poll (`ctx.cancel.is_set()`)."""

    def __init__(self) -> None:
        self._event = threading.Event()

    def is_set(self) -> bool:
        return self._event.is_set()

    def set(self) -> None:
        self._event.set()

    def clear(self) -> None:
        self._event.clear()

    def wait(self, timeout: float | None = None) -> bool:
        return self._event.wait(timeout)


def _stop_exception(record: ErrorRecord) -> Any:
    from azskernel.runtime.pstypes import DotNetException

    return DotNetException("System.Management.Automation.ActionPreferenceStopException",
                           "The running command stopped because the preference variable \"ErrorActionPreference\" or "
                           f"common parameter is set to Stop: {record.message}", error_record=record)


class NotInteractiveError(RuntimeException):
    default_id = "HostNotInteractive"
    default_category = ErrorCategory.InvalidOperation


class CommandContext:
    def __init__(self, session: Session, info: Any, bound: Any) -> None:
        self.session = session
        self.host = session.host
        self.info = info
        self.command_name = getattr(info, "name", "") or ""
        self.bound = bound if bound is not None else Hashtable()
        self.cancel = session.cancel_token
        self.position = session.current_position
        self.stop_requested = False

    # -- preferences ------------------------------------------------------------------------------
    def _action(self, parameter: str, preference: str) -> str:
        if parameter in self.bound:
            value = self.bound[parameter]
            if value is not None and value is not UNSET:
                return to_string(value)
        return self.session.preference(preference)

    def _refuse_suspend(self, action: str, command_type: str | None) -> None:
        """Suspend is a workflow preference: a stream write under it fails (pwsh's NotSupportedException)."""
        if action.casefold() != "suspend":
            return
        record = ErrorRecord(
            message="The value Suspend is not supported for an ActionPreference variable. The provided value should "
                    "be used only as a value for a preference variable in a script workflow.",
            error_id="System.NotSupportedException", category=ErrorCategory.NotSpecified,
            command_name=self.command_name or None, exception_type="System.NotSupportedException",
            position=self.position)
        record.command_type = command_type
        raise RuntimeException(record.message, record=record)

    def _switch(self, name: str) -> bool | None:
        if name in self.bound:
            return to_bool(self.bound[name])
        return None

    # -- streams ----------------------------------------------------------------------------------
    def _record(self, error: Any, error_id: str | None, category: ErrorCategory | None, target: Any) -> ErrorRecord:
        if isinstance(error, ErrorRecord):
            record = error
        elif isinstance(error, PSError) and getattr(error, "record", None) is not None:
            record = error.record  # type: ignore[attr-defined]
        elif isinstance(error, BaseException):
            record = ErrorRecord(message=str(error) or type(error).__name__, error_id=error_id or type(error).__name__,
                                 category=category or ErrorCategory.NotSpecified, target=target)
        else:
            record = ErrorRecord(message=to_string(error), error_id=error_id or "Microsoft.PowerShell.Commands.WriteErrorException",
                                 category=category or ErrorCategory.NotSpecified, target=target,
                                 exception_type="Microsoft.PowerShell.Commands.WriteErrorException")
        if record.command_name is None and self.command_name:
            record.command_name = self.command_name
            type_name = getattr(self.info, "type_name", None)
            if type_name is not None:
                record.command_type = type_name
            if self.command_name == "Write-Error":
                # pwsh names the function that called Write-Error, not Write-Error itself (nothing at top level)
                stack = self.session.interpreter.call_stack
                caller = stack[-1] if stack else None  # the block that called it: none for a script block
                record.command_type = ""
                if caller is not None and not caller.lower().endswith(".ps1"):
                    record.command_name = record.command_type = caller
        if record.position is None:
            record.position = self.position
        if error_id and isinstance(error, ErrorRecord) is False and record.error_id in ("RuntimeException",):
            record.error_id = error_id
        if target is not None and record.target is None:
            record.target = target
        return record

    def write_error(self, error: Any, *, error_id: str | None = None, category: ErrorCategory | None = None,
                    target: Any = None) -> None:
        record = self._record(error, error_id, category, target)
        action = self._action("ErrorAction", "ErrorActionPreference").casefold()
        self._refuse_suspend(action, "")
        if self.session.stream_frames:
            # under Stop the variables get what the error became: an ActionPreferenceStopException carrying it
            collect(self.session, "error", record if action != "stop" else _stop_exception(record))
        if action == "stop":
            exc = RuntimeException(record.message, record=record)
            exc.script_terminating = True  # type: ignore[attr-defined]
            exc.collected = True  # type: ignore[attr-defined]
            raise exc
        self.session.last_status = False
        self.session.pipeline_failed = True
        if action == "ignore":
            return
        if action == "silentlycontinue":
            self.session.add_error(record)
            return
        self.session.report_error(record)

    def write_warning(self, text: str) -> None:
        action = self._action("WarningAction", "WarningPreference").casefold()
        self._refuse_suspend(action, getattr(self.info, "type_name", None))
        if self.session.stream_frames:
            collect(self.session, "warning", text)
        if action in ("silentlycontinue", "ignore"):
            return
        if action == "stop":
            raise RuntimeException(
                "The running command stopped because the preference variable \"WarningPreference\" or common parameter "
                f"is set to Stop: {text}", error_id="ActionPreferenceStop", category=ErrorCategory.OperationStopped,
            )
        self.session.emit_stream("3", text)

    def write_verbose(self, text: str) -> None:
        self._refuse_suspend(self.session.preference("VerbosePreference"), getattr(self.info, "type_name", None))
        explicit = self._switch("Verbose")
        if explicit is False:
            return
        if explicit or self.session.preference("VerbosePreference").casefold() in ("continue", "inquire"):
            self.session.emit_stream("4", text)

    def write_debug(self, text: str) -> None:
        self._refuse_suspend(self.session.preference("DebugPreference"), getattr(self.info, "type_name", None))
        explicit = self._switch("Debug")
        if explicit is False:
            return
        if explicit or self.session.preference("DebugPreference").casefold() in ("continue", "inquire"):
            self.session.emit_stream("5", text)

    def write_information(self, obj: Any, tags: Any = ()) -> None:
        action = self._action("InformationAction", "InformationPreference").casefold()
        self._refuse_suspend(action, getattr(self.info, "type_name", None))
        if self.session.stream_frames:
            collect(self.session, "information", obj)
        if action in ("silentlycontinue", "ignore"):
            return
        self.session.emit_stream("6", obj)

    def write_host(self, text: str, *, newline: bool = True, foreground: str | None = None,
                   background: str | None = None) -> None:
        action = self._action("InformationAction", "Continue").casefold() if "InformationAction" in self.bound else "continue"
        if self.session.stream_frames:
            collect(self.session, "information", text)  # Write-Host writes to the information stream too
        if action in ("silentlycontinue", "ignore"):
            return
        self.session.emit_host(text, newline=newline, foreground=foreground, background=background)

    def write_progress(self, record: ProgressRecord) -> None:
        self._refuse_suspend(self._action("ProgressAction", "ProgressPreference"), getattr(self.info, "type_name", None))
        if self.session.preference("ProgressPreference").casefold() in ("silentlycontinue", "ignore"):
            return
        self.session.emit_progress(record)

    def stop_upstream(self) -> None:
        """The command has all the input it needs (Select-Object -First N): once the current call returns,
        the commands before it in the pipeline stop and the ones after it run their end blocks."""
        self.stop_requested = True

    # -- confirmation ---------------------------------------------------------------------------------
    def should_process(self, target: str, action: str | None = None) -> bool:
        action = action or self.command_name
        whatif = self._switch("WhatIf")
        if whatif is None:
            whatif = to_bool(self.session.interpreter.read_variable("WhatIfPreference"))
        if whatif:
            self.session.emit_host(f'What if: Performing the operation "{action}" on target "{target}".')
            return False
        confirm = self._switch("Confirm")
        if confirm is False or self._switch("Force"):
            return True
        if confirm:
            if not getattr(self.host, "interactive", False):
                raise NotInteractiveError(
                    f"{self.command_name}: confirmation is required for \"{action}\" on \"{target}\" but the host is not "
                    "interactive. Add -Confirm:$false (or -Force) to proceed without a prompt.",
                    target=target, command_name=self.command_name,
                )
            answer = self.host.read_line(
                f'\nConfirm\nAre you sure you want to perform this action?\nPerforming the operation "{action}" on '
                f'target "{target}".\n[Y] Yes  [N] No (default is "Y"): '
            )
            return answer.strip().lower() in ("", "y", "yes")
        return True

    # -- scripts, paths, prompts --------------------------------------------------------------------
    def invoke_script(self, scriptblock: Any, *args: Any, input: Any = None, dollar_under: Any = UNSET) -> list[Any]:
        return self.session.interpreter.invoke_scriptblock(
            scriptblock, list(args), input=None if input is None else list(input), dollar_under=dollar_under,
            dot_source=True,
        )

    def resolve_path(self, path: str) -> Path:
        return self.session.resolve_path(path)

    def read_line(self, prompt: str) -> str:
        if not getattr(self.host, "interactive", False):
            raise NotInteractiveError(
                f"{self.command_name or 'The command'} needs input (\"{prompt.strip()}\") but the host is not interactive. "
                "Pass the value as a parameter instead.", command_name=self.command_name or None,
            )
        self.session.flush_output()
        return self.host.read_line(prompt)

    def read_secret(self, prompt: str) -> str:
        if not getattr(self.host, "interactive", False):
            raise NotInteractiveError(
                f"{self.command_name or 'The command'} needs a secret (\"{prompt.strip()}\") but the host is not "
                "interactive. Pass it as a parameter (a SecureString or PSCredential) instead.",
                command_name=self.command_name or None,
            )
        self.session.flush_output()
        return self.host.read_secret(prompt)

    def get_variable(self, name: str) -> Any:
        return self.session.interpreter.read_variable(name)

    def set_variable(self, name: str, value: Any) -> None:
        self.session.interpreter.scope.set_local(name, value)
