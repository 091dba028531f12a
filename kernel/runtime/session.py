"""Session: one PowerShell runspace — scopes, the command registry, preferences, $Error, location, host.

`run(source)` parses and executes a script, sending top-level output to `host.write_output` (flushed before
any other stream writes, so Write-Host and output interleave as in pwsh) and non-terminating errors to
`host.write_error`. An uncaught terminating error raises `ScriptTerminated(record)` (not written: the front
decides how to show it); `exit N` raises `ScriptExit(N)`. `invoke()` returns output instead.
"""

from __future__ import annotations

import os
import platform
import sys
import threading
from pathlib import Path
from typing import Any, Callable

from azskernel.language import ParseError, parse
from azskernel.language import ast as A
from azskernel.runtime import pstypes as T
from azskernel.runtime.context import CancelToken, CommandContext
from azskernel.runtime.control import (
    BreakException,
    ContinueException,
    PipelineStoppedException,
    ReturnException,
    ScriptExit,
    ScriptTerminated,
)
from azskernel.runtime.conversion import to_string
from azskernel.runtime.enums import ACTION_PREFERENCE
from azskernel.runtime.drives import Drives
from azskernel.runtime.intrinsics import EngineIntrinsics
from azskernel.runtime import automation_types, netrecords  # noqa: F401 - register their types ([WildcardPattern], ...)
from azskernel.runtime.errors import (
    ErrorCategory,
    ErrorRecord,
    ItemNotFoundException,
    PSError,
    RuntimeException,
    ScriptPosition,
)
from azskernel.runtime.psstyle import ACTIVE as ACTIVE_STYLE
from azskernel.runtime.psstyle import PSStyle
from azskernel.runtime.scopes import Scope
from azskernel.runtime.values import UNSET, Hashtable, PSObject

PS_VERSION = T.PSVersion((7, 4, 0))
RECURSION_LIMIT = 30_000


def parse_error_record(exc: ParseError) -> ErrorRecord:
    record = ErrorRecord(
        message=exc.message, error_id=exc.error_id, category=ErrorCategory.ParserError,
        position=ScriptPosition(exc.file, exc.line, exc.column, exc.text, exc.length),
        exception_type="System.Management.Automation.ParseException",
    )
    record.details["parse_error"] = exc
    record.details["reason"] = "ParserError"
    return record


class _TopLevelSink:
    def __init__(self, session: Session) -> None:
        self.session = session

    def append(self, item: Any) -> None:
        self.session._pending.append(item)

    def extend(self, items: Any) -> None:
        self.session._pending.extend(items)


class Session:
    def __init__(self, host: Any, *, commands: Any = None) -> None:
        from azskernel.runtime.cmdlet import CommandRegistry
        from azskernel.runtime.interpreter import Interpreter

        self.host = host
        self.commands = commands if commands is not None else CommandRegistry()
        self.global_scope = Scope(None, is_script=True)
        self.location = Path.cwd()
        self.errors = T.ArrayList()
        self.last_status = True
        self.pipeline_failed = False
        self.cancel_token = CancelToken()
        self.redirects: list[Any] = []
        self.stream_frames: tuple[Any, ...] = ()
        """The -ErrorVariable/-OutVariable/... captures open while a command runs (runtime/streamvars.py)."""
        self.current_position: ScriptPosition | None = None
        self.aliases: dict[str, str] = {}
        self.alias_descriptions: dict[str, str] = {}
        self.drives = Drives()
        """PSDrives (/, Temp:, Env:, Alias:, Variable:, Function: and New-PSDrive's), the location's drive, history."""
        self.strict_mode: Any = None
        self.types: dict[str, T.PSType] = {}
        """Types the session's scripts defined (`class`, `enum`), by folded name (see runtime/classes.py)."""
        self.intrinsics = EngineIntrinsics(self)
        """$ExecutionContext (one object per session: scripts set InvokeCommand.LocationChangedAction on it)."""
        self.style = PSStyle()
        """$PSStyle (formatting reads it through psstyle.ACTIVE while the session runs)."""
        self.defined_nodes: dict[str, A.TypeDefinitionAst] = {}
        """The statement each of those types came from (a script run twice defines its types once per run)."""
        self.resolve_missing_command: Callable[[str], Any] | None = None
        """Hook for the engine: load a command on first use (the Azure cmdlets) before 'not found'."""
        self._pending: list[Any] = []
        self._lock = threading.RLock()
        self._depth = 0
        self.interpreter = Interpreter(self)
        self._init_variables()
        # A PowerShell call is a few dozen Python frames; pwsh scripts recurse hundreds deep. Python 3.11 keeps
        # Python-to-Python calls off the C stack, so a higher limit is safe with the default thread stack.
        if sys.getrecursionlimit() < RECURSION_LIMIT:
            sys.setrecursionlimit(RECURSION_LIMIT)

    # ------------------------------------------------------------------ variables

    def _init_variables(self) -> None:
        g = self.global_scope
        action_preference = T.resolve_type("System.Management.Automation.ActionPreference")
        for name, value in (
            ("ErrorActionPreference", "Continue"), ("WarningPreference", "Continue"),
            ("VerbosePreference", "SilentlyContinue"), ("DebugPreference", "SilentlyContinue"),
            ("InformationPreference", "SilentlyContinue"), ("ProgressPreference", "Continue"),
        ):
            # typed, as pwsh's own preference variables are (so they refuse Suspend: scopes.Variable.assign)
            g.set_local(name, ACTION_PREFERENCE.get(value)).type_constraint = action_preference
        for name, value in (
            ("ConfirmPreference", "High"),
            ("WhatIfPreference", False),
            ("FormatEnumerationLimit", 4),
            ("MaximumHistoryCount", 4096),
            ("PSModuleAutoLoadingPreference", "All"),
            ("LASTEXITCODE", None),
            ("NestedPromptLevel", 0),
            ("ShellId", "Microsoft.PowerShell"),
            ("PSEdition", "Core"),
            ("args", []),
            ("input", []),
        ):
            g.set_local(name, value)
        g.set_local("PSVersionTable", self._version_table())
        g.set_local("PSStyle", self.style)
        g.set_local("PSDefaultParameterValues", Hashtable())
        g.set_local("Host", PSObject([("Name", "azs"), ("Version", PS_VERSION), ("InstanceId", None),
                                      ("UI", PSObject([("RawUI", PSObject([("WindowTitle", "azs"),
                                                                             ("BufferSize", None)]))])),
                                      ("CurrentCulture", "en-US"), ("CurrentUICulture", "en-US")],
                                     ("System.Management.Automation.Internal.Host.InternalHost", "System.Object")))

    def _version_table(self) -> Any:
        from azskernel.runtime.values import OrderedHashtable

        table = OrderedHashtable()
        table["PSVersion"] = PS_VERSION
        table["PSEdition"] = "Core"
        table["GitCommitId"] = "7.4.0"
        table["OS"] = f"{platform.system()} {platform.release()}"
        table["Platform"] = "Win32NT" if os.name == "nt" else "Unix"
        table["PSCompatibleVersions"] = [T.PSVersion((1, 0)), T.PSVersion((2, 0)), T.PSVersion((3, 0)),
                                         T.PSVersion((4, 0)), T.PSVersion((5, 0)), T.PSVersion((5, 1)),
                                         T.PSVersion((6, 0)), T.PSVersion((7, 0))]
        table["PSRemotingProtocolVersion"] = T.PSVersion((2, 3))
        table["SerializationVersion"] = T.PSVersion((1, 1, 0, 1))
        table["WSManStackVersion"] = T.PSVersion((3, 0))
        return table

    def automatic_variable(self, folded: str) -> Any:
        if folded == "?":
            return self.last_status
        if folded == "error":
            return self.errors
        if folded == "pwd":
            return self.drives.path_info(self.location)
        if folded == "pid":
            return os.getpid()
        if folded == "home":
            return str(Path.home())
        if folded == "islinux":
            return platform.system() == "Linux"
        if folded == "iswindows":
            return os.name == "nt"
        if folded == "ismacos":
            return platform.system() == "Darwin"
        if folded == "iscoreclr":
            return True
        if folded == "pshome":
            return str(Path(__file__).resolve().parent.parent)
        if folded in ("psscriptroot", "pscommandpath"):
            source = self.interpreter.source
            if source is None or not source.file:
                return ""
            return os.path.dirname(source.file) if folded == "psscriptroot" else source.file
        if folded == "executioncontext":
            return self.intrinsics
        if folded == "psculture" or folded == "psuiculture":
            return "en-US"
        if folded == "ofs":
            return None
        return None

    def preference(self, name: str) -> str:
        value = self.interpreter.read_variable(name)
        if value is None:
            return "Continue"
        return to_string(value)

    def get_variable(self, name: str) -> Any:
        return self.interpreter.read_variable(name)

    def set_variable(self, name: str, value: Any) -> None:
        if ":" in name:
            scope, _, rest = name.partition(":")
            from azskernel.language.ast import VariableExpressionAst

            self.interpreter.assign_variable(VariableExpressionAst(0, 0, rest, scope.lower()), value)
            return
        self.interpreter.scope.set_local(name, value)

    def append_to_variable(self, name: str, value: Any) -> None:
        append = name.startswith("+")
        name = name.lstrip("+")
        current = self.interpreter.read_variable(name) if append else None
        items = list(current) if isinstance(current, list) else ([current] if current is not None else [])
        items.append(value)
        self.interpreter.scope.set_local(name, T.ArrayList(items))

    def remove_variable(self, name: str) -> None:
        scope: Scope | None = self.interpreter.scope
        while scope is not None:
            if scope.variables.pop(name.casefold(), None) is not None:
                return
            scope = scope.parent

    def set_strict_mode(self, level: Any) -> None:
        self.strict_mode = level

    def variable_names(self) -> list[str]:
        names: dict[str, str] = {}
        scope: Scope | None = self.interpreter.scope
        while scope is not None:
            for key, var in scope.variables.items():
                names.setdefault(key, var.name)
            scope = scope.parent
        return sorted(names.values(), key=str.casefold)

    def function_names(self) -> list[str]:
        names: dict[str, str] = {}
        scope: Scope | None = self.interpreter.scope
        while scope is not None:
            for key, fn in scope.functions.items():
                names.setdefault(key, fn.name)
            scope = scope.parent
        return sorted(names.values(), key=str.casefold)

    # ------------------------------------------------------------------ paths

    def resolve_path(self, path: str) -> Path:
        split = self.drives.split(path) if ":" in path else None
        if split is not None:
            drive, rest = split
            if not drive.is_filesystem:
                raise ItemNotFoundException(
                    f"Cannot find path '{path}' because it does not exist: it is on the {drive.provider} provider, "
                    "which has no file-system paths.", target=path)
            return self.drives.filesystem_path(drive, rest)
        text = os.path.expanduser(path) if path.startswith("~") else path
        if os.sep == "/" and "\\" in text:
            # Windows-style separators in scripts ($PSScriptRoot\..\x.psm1) work on Linux pwsh too
            text = text.replace("\\", "/")
        candidate = Path(text)
        if not candidate.is_absolute():
            candidate = self.location / candidate
        return Path(os.path.normpath(candidate))

    def set_location(self, path: str | Path) -> None:
        self.location = self.resolve_path(str(path))

    # ------------------------------------------------------------------ streams

    def flush_output(self) -> None:
        if self._pending:
            pending, self._pending = self._pending, []
            self.host.write_output(pending)

    def add_error(self, record: ErrorRecord) -> None:
        self.errors.insert(0, record)
        if len(self.errors) > 256:
            del self.errors[256:]

    def report_error(self, record: ErrorRecord, *, add: bool = True) -> None:
        """A non-terminating error (or a statement-terminating one that the script survives)."""
        from azskernel.runtime.pipeline import route_stream

        self.last_status = False
        self.pipeline_failed = True
        if add:
            self.add_error(record)
        if route_stream(self, "2", record):
            return
        self.flush_output()
        self.host.write_error(record)

    def emit_stream(self, stream: str, payload: Any) -> None:
        from azskernel.runtime.pipeline import route_stream

        if route_stream(self, stream, payload):
            return
        self.flush_output()
        if stream == "3":
            self.host.write_warning(to_string(payload))
        elif stream == "4":
            self.host.write_verbose(to_string(payload))
        elif stream == "5":
            self.host.write_debug(to_string(payload))
        else:
            self.host.write_information(payload)

    def emit_host(self, text: str, *, newline: bool = True, foreground: str | None = None,
                  background: str | None = None) -> None:
        from azskernel.runtime.pipeline import route_stream

        if route_stream(self, "6", text):
            return
        self.flush_output()
        self.host.write_host(text, newline=newline, foreground=foreground, background=background)

    def emit_progress(self, record: Any) -> None:
        self.host.write_progress(record)

    def command_context(self, info: Any, bound: Any) -> CommandContext:
        return CommandContext(self, info, bound)

    # ------------------------------------------------------------------ cancellation

    def cancel(self) -> None:
        self.cancel_token.set()

    def check_cancel(self) -> None:
        if self.cancel_token.is_set():
            self.cancel_token.clear()
            raise PipelineStoppedException()

    # ------------------------------------------------------------------ running

    def parse(self, source: str, file: str | None = None) -> A.ScriptBlockAst:
        try:
            return parse(source, file)
        except ParseError as exc:
            raise ScriptTerminated(parse_error_record(exc)) from None
        except RecursionError:
            raise ScriptTerminated(ErrorRecord(message="The script is nested too deeply to parse.",
                                               error_id="ScriptTooComplex", category=ErrorCategory.ParserError)) from None

    def run(self, source: str, *, file: str | None = None, args: list[Any] | None = None) -> None:
        """Run a script; output to the host. Raises ScriptTerminated / ScriptExit."""
        block_ast = self.parse(source, file)
        if file is not None and "#requires" in source.lower():
            from azskernel.runtime.requires import check

            try:
                check(self.interpreter, source, file)
            except RuntimeException as exc:
                raise ScriptTerminated(exc.record) from None
        self._execute(block_ast, _TopLevelSink(self), file=file, args=args)

    def invoke(self, source_or_scriptblock: Any, *, args: list[Any] | None = None, input: list[Any] | None = None,
               file: str | None = None) -> list[Any]:
        """Run and return the output objects (errors still go to the host; terminating ones raise).

        A source text runs in the current scope (as Invoke-Expression and the magics expect); with `file`
        it is dot-sourced from that file (Import-Module of a .psm1 / .ps1).
        """
        from azskernel.runtime.scriptblock import ScriptBlock

        if isinstance(source_or_scriptblock, ScriptBlock):
            tokens = self._enter()
            try:
                return self.interpreter.invoke_scriptblock(source_or_scriptblock, list(args or []), input=input)
            except PSError as exc:
                raise ScriptTerminated(getattr(exc, "record", exc)) from None
            finally:
                self._leave(tokens)
        block_ast = self.parse(str(source_or_scriptblock), file)
        out: list[Any] = []
        self._execute(block_ast, out, file=file, args=args, dot_source=True)
        return out

    def _execute(self, block_ast: A.ScriptBlockAst, sink: Any, *, file: str | None, args: list[Any] | None,
                 dot_source: bool = False) -> None:
        from azskernel.runtime.functions import ScriptCommand
        from azskernel.runtime.scriptblock import ScriptBlock

        interp = self.interpreter
        saved_scope, saved_source = interp.scope, interp.source
        if self._depth == 0:
            self.cancel_token.clear()  # a cancel meant for an earlier run must not stop this one
        self._depth += 1
        tokens = self._enter()
        try:
            with self._lock:
                if block_ast.type_definitions:
                    self.define_types(block_ast.type_definitions)
                if file is not None or block_ast.param_block is not None or args:
                    block = ScriptBlock(block_ast, self)
                    command = ScriptCommand(interp, block, os.path.basename(file) if file else "", _script_arguments(args or []),
                                            script_scope=file is not None and not dot_source,
                                            dot_source=file is None or dot_source, script_file=file)
                    try:
                        command.begin(sink)
                        command.process(UNSET, sink)
                        command.end(sink)
                    finally:
                        command.clean()
                else:
                    interp.source = block_ast.source
                    self._run_top(block_ast, sink)
        except ReturnException:
            pass
        except (BreakException, ContinueException):
            pass
        except RuntimeException as exc:
            self.flush_output() if sink.__class__ is _TopLevelSink else None
            record = exc.record
            self.add_error(record)
            raise ScriptTerminated(record) from None
        except PSError as exc:
            self.flush_output() if sink.__class__ is _TopLevelSink else None
            record = ErrorRecord(message=str(exc), error_id=type(exc).__name__)
            raise ScriptTerminated(record) from None
        except PipelineStoppedException:
            self._pending.clear()
            raise
        except RecursionError:
            raise ScriptTerminated(ErrorRecord(message="The script failed due to call depth overflow.",
                                               error_id="CallDepthOverflow", category=ErrorCategory.InvalidOperation))
        except MemoryError:
            from azskernel.runtime.operators import out_of_memory

            raise ScriptTerminated(out_of_memory().record) from None
        finally:
            self._leave(tokens)
            self._depth -= 1
            interp.scope, interp.source = saved_scope, saved_source
            if sink.__class__ is _TopLevelSink:
                self.flush_output()

    def _enter(self) -> tuple[Any, Any]:
        """While the session runs, type literals see its classes and formatting its $PSStyle."""
        return T.SESSION_TYPES.set(self.types), ACTIVE_STYLE.set(self.style)

    @staticmethod
    def _leave(tokens: tuple[Any, Any]) -> None:
        types_token, style_token = tokens
        ACTIVE_STYLE.reset(style_token)
        T.SESSION_TYPES.reset(types_token)

    def define_types(self, nodes: list[A.TypeDefinitionAst]) -> None:
        """Define a script's classes and enums before it runs (errors in them terminate the script)."""
        from azskernel.runtime.classes import define_types

        define_types(self.interpreter, nodes)

    def _run_top(self, block_ast: A.ScriptBlockAst, sink: Any) -> None:
        """Top-level statements one by one, flushing output after each (streams interleave as in pwsh)."""
        interp = self.interpreter
        named = [b for b in (block_ast.begin, block_ast.process, block_ast.end_block) if b is not None]
        for block in named:
            statements = block.statements
            traps = any(isinstance(s, A.TrapStatementAst) for s in statements)
            if traps:
                interp.run_statements(statements, sink)
                continue
            for statement in statements:
                try:
                    interp.exec_statement(statement, sink)
                except RuntimeException as exc:
                    if not interp.statement_error_continues(exc):
                        raise
                    interp.attach_position(exc, statement)
                    self.report_error(exc.record)
                if sink.__class__ is _TopLevelSink:
                    self.flush_output()


def _script_arguments(args: list[Any]) -> list[Any]:
    """`azs -File x.ps1 -Name v a` arguments as the binder sees them (`-Name` is a parameter name)."""
    from azskernel.language.numbers import parse_number
    from azskernel.runtime.binding import CommandArgument

    out: list[Any] = []
    for arg in args:
        if isinstance(arg, str) and len(arg) > 1 and arg[0] in "-\u2013\u2014\u2015" and parse_number(arg) is None:
            name = arg[1:]
            if ":" in name:
                name, _, value = name.partition(":")
                out.append(CommandArgument(name, _script_value(value), True, arg))
            else:
                out.append(CommandArgument(name, UNSET, False, arg))
        else:
            out.append(CommandArgument(None, _script_value(arg) if isinstance(arg, str) else arg, True,
                                       arg if isinstance(arg, str) else ""))
    return out


def _script_value(text: str) -> Any:
    lowered = text.casefold()
    if lowered == "$true":
        return True
    if lowered == "$false":
        return False
    if lowered == "$null":
        return None
    return text


__all__ = ["Hashtable", "ParseError", "ScriptExit", "ScriptTerminated", "Session", "parse_error_record"]
