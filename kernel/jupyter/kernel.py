"""AzsKernel: the `azs-powershell` Jupyter kernel, a thin ipykernel Kernel over one engine session.

State (variables, functions, the Azure context) lives in the session across cells. Each handler
builds a reply dict; the work is done by the engine (run, is_complete), azskernel.completion,
inspection.py and the JupyterHost, which publishes output while the cell runs. `Get-Help X` and
`X -?` open the pager (a page payload); user expressions are evaluated quietly after the cell; the
session gets the notebook-only commands (forms.py's Show-AzsImageCatalogue).

Interrupt (azskernel.interrupt): the first SIGINT asks the session to stop (running uploads and
provisioning waits see the cancel token and leave the blob resumable); a cell that has not stopped a
little later is broken out of by force. The kernel stays alive either way.
"""

from __future__ import annotations

import re
import traceback
from typing import Any

import comm
import ipykernel.ipkernel  # noqa: F401  (installs ipykernel's comm factory: widgets need it)
from ipykernel.kernelbase import Kernel

from azskernel.interrupt import StopOnInterrupt
from azskernel.language.sensitive import redact
from azskernel.runtime.control import PipelineStoppedException, ScriptExit
from azskernel.runtime.errors import ErrorRecord
from azskernel.runtime.utf16 import deep_unicode

from .errorview import concise_view
from .host import JupyterHost
from .install import DISPLAY_NAME
from .widgets import ProgressWidgetRenderer
from azskernel.version import __version__

STOPPED = ErrorRecord(
    "The pipeline has been stopped.", error_id="PipelineStopped",
    exception_type="System.Management.Automation.PipelineStoppedException",
)

_PAGER = re.compile(r"^\s*(?:get-help|help|man)(?:\s+[^|;]*)?\s*$", re.IGNORECASE)
_QUESTION = re.compile(r"^\s*(?P<name>[\w.\\-]+)\s+-\?\s*$")


def pager_command(code: str) -> str | None:
    """The Get-Help command to show in the pager for `Get-Help X ...` or `X -?`, else None."""
    if "\n" in code.strip():
        return None
    if _PAGER.match(code):
        return code.strip()
    question = _QUESTION.match(code)
    if question:
        return f"Get-Help {question.group('name')}"
    return None


def add_front_commands(registry: Any) -> None:
    """Commands that only mean something in front of a display: the notebook widgets (forms.py)."""
    if registry.resolve("Show-AzsImageCatalogue") is None:
        from .forms import COMMANDS

        registry.register_all(COMMANDS)


def notebook_session(host: Any) -> Any:
    """The engine session of a notebook front (this kernel, the magics): every command, and the widgets'."""
    from azskernel.engine import create_session

    session = create_session(host)
    add_front_commands(session.commands)
    return session


def _cursor(code: str, position: Any) -> int:
    """A frontend's cursor position inside `code` (a missing, odd or out-of-range one at the nearest end)."""
    if not isinstance(position, int) or isinstance(position, bool):
        return len(code)
    return max(0, min(len(code), position))


class _Frontend:
    """The host's view of the kernel: publishes on iopub under the current cell, asks on stdin."""

    def __init__(self, kernel: AzsKernel) -> None:
        self._kernel = kernel
        self.parent: dict[str, Any] = {}
        self.silent = False

    def publish(self, msg_type: str, content: dict[str, Any]) -> None:
        kernel = self._kernel
        if self.silent or kernel.session is None:
            return
        # Half a UTF-16 pair in PowerShell text cannot go into a UTF-8 message: U+FFFD, as pwsh prints it.
        kernel.session.send(kernel.iopub_socket, msg_type, deep_unicode(content), parent=self.parent,
                            ident=kernel._topic(msg_type))

    def ask(self, prompt: str, password: bool) -> str:
        kernel = self._kernel
        return kernel.getpass(prompt) if password else kernel.raw_input(prompt)

    def display(self, obj: Any) -> None:
        """Shows a widget (or anything with a MIME bundle) as display_data."""
        data = obj._repr_mimebundle_() if hasattr(obj, "_repr_mimebundle_") else {"text/plain": repr(obj)}
        if isinstance(data, tuple):
            data = data[0]
        self.publish("display_data", {"data": data, "metadata": {}, "transient": {}})


class AzsKernel(Kernel):
    implementation = "azs-powershell"
    implementation_version = __version__
    banner = f"{DISPLAY_NAME}: a PowerShell-compatible kernel for Azure Stack Hub operators"
    language_info = {
        "name": "powershell",
        "version": "7.4",
        "mimetype": "text/x-powershell",
        "file_extension": ".ps1",
        "pygments_lexer": "powershell",
        "codemirror_mode": "powershell",
    }
    help_links = [{"text": "Get-Help <command> shows a command's help", "url": "https://learn.microsoft.com/powershell/"}]

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        # ipykernel wires comms only for IPythonKernel; without this ipywidgets talk to nobody.
        self.comm_manager = comm.get_comm_manager()
        for msg_type in ("comm_open", "comm_msg", "comm_close"):
            self.shell_handlers[msg_type] = getattr(self.comm_manager, msg_type)
        self._frontend = _Frontend(self)
        self.progress = ProgressWidgetRenderer(self._frontend.display)
        self.host = JupyterHost(self._frontend, progress=self.progress)
        self._session: Any = None
        self._stop_pending = False
        self._history: list[list[Any]] = []
        """[session, line, input, output text or None] per cell (session 0: this kernel's run); in memory only,
        and the input without its sensitive lines (`azskernel.language.sensitive`)."""

    # -- the engine session --------------------------------------------------------------------------
    @property
    def engine(self) -> Any:
        """The session, created on first use so the kernel answers kernel_info at once."""
        if self._session is None:
            from azskernel.runtime.suggestions import feedback

            self._session = notebook_session(self.host)
            session = self._session
            self.host.feedback = lambda record: feedback(session, record)
        return self._session

    @property
    def kernel_info(self) -> dict[str, Any]:
        info = dict(super().kernel_info)
        # ipykernel offers "debugger" whenever debugpy is importable; this kernel has none.
        info["supported_features"] = [f for f in info.get("supported_features", []) if f != "debugger"]
        return info

    # -- execute ---------------------------------------------------------------------------------------
    async def do_execute(
        self,
        code: str,
        silent: bool,
        store_history: bool = True,
        user_expressions: dict[str, Any] | None = None,
        allow_stdin: bool = False,
        *,
        cell_meta: dict[str, Any] | None = None,
        cell_id: str | None = None,
    ) -> dict[str, Any]:
        # history_request replies leave the kernel (a front-end may keep them): no line that may hold a secret.
        entry: list[Any] = [0, self.execution_count, redact(code), None]
        if store_history and not silent:
            self._history.append(entry)
        self._allow_stdin = allow_stdin
        self._frontend.parent = self.get_parent("shell")
        self._frontend.silent = silent
        self.host.begin_cell(allow_stdin=allow_stdin, source=code)
        reply: dict[str, Any] = {"status": "ok", "execution_count": self.execution_count, "payload": [], "user_expressions": {}}
        failure: dict[str, Any] | None = None
        if self._session is not None:
            self._session.cancel_token.clear()  # an interrupt that came after the last cell ended is void
        self._stop_pending = False
        with StopOnInterrupt(self.stop_running):
            try:
                page = pager_command(code)
                session = self.engine
                if self._stop_pending:  # the interrupt came while the first cell was still making the session
                    session.cancel()
                if page is not None:
                    reply["payload"] = [self._page(page)]
                else:
                    session.run(code)
            except BaseException as exc:  # noqa: BLE001 (every failure becomes one error message)
                failure = self._failure(exc)
        result = self.host.end_cell()
        if result is not None:
            entry[3] = result.get("text/plain")
            self._frontend.publish("execute_result", {"execution_count": self.execution_count, "data": result, "metadata": {}})
        if failure is not None:
            self._frontend.publish("error", failure)
            return {"status": "error", "execution_count": self.execution_count, **failure}
        if user_expressions:
            reply["user_expressions"] = {name: self._expression(text) for name, text in user_expressions.items()}
        return reply

    def _expression(self, text: str) -> dict[str, Any]:
        """One user expression (a frontend's status line, say) evaluated quietly, as text."""
        from .display import format_plain

        try:
            value = format_plain(list(self.engine.invoke(text)), self.host.width)
        except BaseException as exc:  # noqa: BLE001 (reported in the reply, never raised)
            failure = self._failure(exc) or {"ename": "ScriptExit", "evalue": "", "traceback": []}
            return {"status": "error", **failure}
        return {"status": "ok", "data": {"text/plain": value}, "metadata": {}}

    def _page(self, command: str) -> dict[str, Any]:
        from .display import format_plain

        text = format_plain(list(self.engine.invoke(command)), self.host.width)
        return {"source": "page", "data": {"text/plain": text}, "start": 0}

    def _failure(self, exc: BaseException) -> dict[str, Any] | None:
        """The content of the one `error` message for `exc` (None when `exit` ended the cell)."""
        if isinstance(exc, ScriptExit):
            return None
        record = getattr(exc, "record", None)
        if isinstance(exc, KeyboardInterrupt | PipelineStoppedException):
            record = getattr(exc, "record", None) or STOPPED  # a stop may say what to do next (resume an upload)
        elif record is None:
            # An engine bug: say what happened in one line; the traceback goes to the kernel log only.
            name = type(exc).__name__
            self.log.error("engine failure:\n%s", "".join(traceback.format_exception(exc)))
            record = ErrorRecord(f"{name}: {exc}", error_id="InternalError", exception_type=f"azs.{name}")
        text = concise_view(record)
        ename = str(getattr(record, "exception_type", "") or "Exception").rsplit(".", 1)[-1]
        return dict(deep_unicode({"ename": ename, "evalue": record.message, "traceback": text.split("\n")}))

    def stop_running(self) -> None:
        """What an interrupt does first: ask the session to stop at its next check."""
        if self._session is not None:
            self._session.cancel()
        else:
            self._stop_pending = True

    # -- completion, inspection, is_complete, history ------------------------------------------------------
    async def do_complete(self, code: str, cursor_pos: int | None) -> dict[str, Any]:
        from azskernel.completion import complete

        cursor = _cursor(code, cursor_pos)
        try:
            found = complete(self.engine, code, cursor)
        except Exception:  # a completion bug must not leave the frontend waiting: log it, offer nothing
            self.log.exception("completion failed for %r at %d", code, cursor)
            return {"status": "ok", "matches": [], "cursor_start": cursor, "cursor_end": cursor, "metadata": {}}
        return {
            "status": "ok",
            "matches": found.matches,
            "cursor_start": found.start,
            "cursor_end": found.end,
            "metadata": {"_jupyter_types_experimental": [{"start": found.start, "end": found.end, "text": m, "type": found.kind} for m in found.matches]},
        }

    async def do_inspect(self, code: str, cursor_pos: int, detail_level: int = 0, omit_sections: tuple[str, ...] = ()) -> dict[str, Any]:
        from .inspection import inspect_at

        cursor_pos = _cursor(code, cursor_pos)
        try:
            text = inspect_at(self.engine, code, cursor_pos, detail_level=detail_level)
        except Exception:  # as for completion: log it and say nothing was found
            self.log.exception("inspection failed for %r at %d", code, cursor_pos)
            text = None
        if text is None:
            return {"status": "ok", "found": False, "data": {}, "metadata": {}}
        return {"status": "ok", "found": True, "data": {"text/plain": text}, "metadata": {}}

    async def do_is_complete(self, code: str) -> dict[str, Any]:
        from azskernel.language import is_complete

        try:
            status = is_complete(code)
        except Exception:
            self.log.exception("is_complete failed for %r", code)
            return {"status": "unknown"}
        reply: dict[str, Any] = {"status": status}
        if status == "incomplete":
            reply["indent"] = "    " if code.rstrip().endswith(("{", "(", "@(")) else ""
        return reply

    async def do_history(
        self,
        hist_access_type: str,
        output: bool,
        raw: bool,
        session: int | None = None,
        start: int | None = None,
        stop: int | None = None,
        n: int | None = None,
        pattern: str | None = None,
        unique: bool = False,
    ) -> dict[str, Any]:
        entries = list(self._history)
        if hist_access_type == "tail":
            entries = entries[-(n or 10) :]
        elif hist_access_type == "range":
            entries = [e for e in entries if (start is None or e[1] >= start) and (stop is None or e[1] < stop)]
        elif hist_access_type == "search":
            import fnmatch

            entries = [e for e in entries if fnmatch.fnmatchcase(e[2], pattern or "*")]
            if unique:
                seen: set[str] = set()
                entries = [e for e in entries if not (e[2] in seen or seen.add(e[2]))]
            if n:
                entries = entries[-n:]
        else:
            entries = []
        if output:
            return {"status": "ok", "history": [[e[0], e[1], [e[2], e[3]]] for e in entries]}
        return {"status": "ok", "history": [[e[0], e[1], e[2]] for e in entries]}

    async def do_shutdown(self, restart: bool) -> dict[str, Any]:
        if self._session is not None:
            self._session.cancel()
        else:
            self._stop_pending = True
        return {"status": "ok", "restart": restart}


__all__ = ["AzsKernel", "pager_command"]
