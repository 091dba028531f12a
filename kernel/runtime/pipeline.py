"""Running a pipeline: resolve each command, evaluate and bind its arguments, then drive every stage's
begin, the first stage's process, each object pushed downstream as soon as it is written, then every end.

Stages share one shape (`begin(emit)`, `process(item, emit)`, `end(emit)`): an expression (first element
only), a declared cmdlet (the registry's CommandProcessor), a script function / script block / script file
(functions.ScriptCommand) or a native program. Redirections wrap a stage.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from azskernel.language import ast as A
from azskernel.runtime.control import StopUpstream
from azskernel.runtime.streamvars import StreamVariables, TeeEmitter, open_stream_variables
from azskernel.runtime.conversion import as_list, is_enumerable, to_string
from azskernel.runtime.errors import (
    CommandNotFoundException,
    ErrorCategory,
    ErrorRecord,
    PSError,
    RuntimeException,
)
from azskernel.runtime.modules import PSModuleInfo, windows_only_module
from azskernel.runtime.values import UNSET, AutomationNull, Hashtable, literal_number

if TYPE_CHECKING:
    from azskernel.runtime.interpreter import Interpreter

NO_INPUT = UNSET
_PARAMETER_TEXT = re.compile(r"^-[A-Za-z_][A-Za-z0-9_]*:?$")
_SILENT_UNARY = frozenset({"++", "--", "post++", "post--"})


class _Emitter:
    __slots__ = ("run", "k")

    def __init__(self, run: _Run, k: int) -> None:
        self.run = run
        self.k = k

    def append(self, item: Any) -> None:
        self.run.push(self.k, (item,))

    def extend(self, items: Any) -> None:
        self.run.push(self.k, items)


class _Run:
    __slots__ = ("stages", "out")

    def __init__(self, stages: list[Any], out: Any) -> None:
        self.stages = stages
        self.out = out

    def push(self, k: int, items: Any) -> None:
        if k == len(self.stages):
            self.out.extend(items)
            return
        stage = self.stages[k]
        emit = _Emitter(self, k + 1)
        for item in items:
            stage.process(item, emit)


def run_pipeline(interp: Interpreter, node: A.PipelineAst, out: Any) -> None:
    session = interp.session
    outer_failed = session.pipeline_failed
    session.pipeline_failed = False
    try:
        _run_stages(interp, node, out)
    except BaseException:
        session.pipeline_failed = True
        raise
    finally:
        failed = session.pipeline_failed
        session.last_status = not failed
        session.pipeline_failed = outer_failed or failed


def _run_stages(interp: Interpreter, node: A.PipelineAst, out: Any) -> None:
    stages: list[Any] = []
    for index, element in enumerate(node.elements):
        try:
            stages.append(make_stage(interp, element, index))
        except PSError as exc:
            interp.attach_position(exc, element)
            raise
    for k, stage in enumerate(stages):
        stage.index = k
    cleaning = [s for s in stages if type(s) is ScriptStage and s.command.block.ast.clean is not None]
    frames = [open_stream_variables(_bound_of(s), interp.scope) for s in stages]
    if any(frames):
        outer = interp.session.stream_frames
        stages = [_CapturingStage(interp.session, s, f, outer) for s, f in zip(stages, frames)]
    run = _Run(stages, out if out is not None else [])
    if cleaning:
        try:
            _drive(stages, run)
        finally:
            for stage in cleaning:  # every command's clean block, whether the pipeline finished or not
                stage.command.clean()
        return
    _drive(stages, run)


def _drive(stages: list[Any], run: _Run) -> None:
    ended = 0
    try:
        # every begin block runs before any process block (pwsh's DoBegin pass): what a begin writes waits for the
        # next command to have begun too, then flows downstream-first (the last command's own begin output is out
        # before what the commands above it wrote in theirs comes through it)
        started: list[list[Any]] = []
        for stage in stages:
            written: list[Any] = []
            stage.begin(written)
            started.append(written)
        for k in range(len(started) - 1, -1, -1):
            if started[k]:
                run.push(k + 1, started[k])
        stages[0].process(NO_INPUT, _Emitter(run, 1))
        for k, stage in enumerate(stages):
            ended = k + 1
            stage.end(_Emitter(run, k + 1))
    except StopUpstream as stop:
        # the commands before the one that asked stop; it and the ones after it finish normally
        for k in range(max(stop.stage, ended), len(stages)):
            stages[k].end(_Emitter(run, k + 1))


# ---------------------------------------------------------------- stages


def _bound_of(stage: Any) -> Any:
    if type(stage) is CmdletStage:
        return stage.proc.bound
    if type(stage) is ScriptStage:
        return stage.command.binder.bound
    return None


class _CapturingStage:
    """A stage of a pipeline in which some command captures streams in variables (-ErrorVariable, -OutVariable,
    ...): while the stage runs, the session's open frames are its own and those of the commands around the
    pipeline (not those of the other commands in it, whose code may be on the Python stack)."""

    def __init__(self, session: Any, stage: Any, frame: StreamVariables | None,
                 outer: tuple[StreamVariables, ...]) -> None:
        self.session = session
        self.stage = stage
        self.frame = frame
        self.frames = (frame, *outer) if frame is not None else outer
        self.index = stage.index
        self.tee = frame is not None and (frame.output is not None or frame.pipeline_variable is not None)

    def _call(self, fn: Any, emit: Any, *args: Any) -> None:
        session = self.session
        saved = session.stream_frames
        session.stream_frames = self.frames
        try:
            fn(*args, TeeEmitter(emit, self.frame) if self.tee else emit)  # type: ignore[arg-type]
        except PSError as exc:
            frame, record = self.frame, getattr(exc, "record", None)
            if frame is not None and frame.error is not None and record is not None \
                    and not getattr(exc, "collected", False):
                frame.error.append(record)  # a terminating error the command threw
                exc.collected = True  # type: ignore[attr-defined]
            raise
        finally:
            session.stream_frames = saved

    def begin(self, emit: Any) -> None:
        self._call(self.stage.begin, emit)

    def process(self, item: Any, emit: Any) -> None:
        self._call(self.stage.process, emit, item)

    def end(self, emit: Any) -> None:
        self._call(self.stage.end, emit)


class _Stage:
    node: A.Ast
    interp: Interpreter
    index: int = 0

    def _guard(self, exc: PSError) -> None:
        self.interp.attach_position(exc, self.node)


class ExpressionStage(_Stage):
    def __init__(self, interp: Interpreter, node: A.CommandExpressionAst) -> None:
        self.interp = interp
        self.node = node

    def begin(self, emit: Any) -> None:
        pass

    def process(self, item: Any, emit: Any) -> None:
        if item is not NO_INPUT:
            raise RuntimeException("Expressions are only allowed as the first element of a pipeline.",
                                   error_id="ExpressionsMustBeFirstInPipeline", category=ErrorCategory.ParserError,
                                   position=self.interp.position_of(self.node))
        expression = self.node.expression
        try:
            lazy = self.interp.lazy_range(expression) if type(expression) is A.BinaryExpressionAst else None
            if lazy is not None:
                for item in lazy:  # one at a time, so a downstream Select-Object -First can stop it early
                    emit.append(item)
                return
            value = self.interp.eval(expression)
        except PSError as exc:
            self._guard(exc)
            raise
        if isinstance(expression, A.UnaryExpressionAst) and expression.op in _SILENT_UNARY:
            return
        if value is AutomationNull:
            return
        if is_enumerable(value):
            emit.extend(list(value) if not isinstance(value, list) else value)
        else:
            emit.append(value)

    def end(self, emit: Any) -> None:
        pass


class CmdletStage(_Stage):
    def __init__(self, interp: Interpreter, node: A.Ast, info: Any, arguments: list[Any]) -> None:
        self.interp = interp
        self.node = node
        self.info = info
        self.position = interp.position_of(node)
        session = interp.session
        session.current_position = self.position
        self.proc = info.start(session.command_context, arguments)
        self.stopped = False

    def _call(self, fn: Any, *args: Any) -> list[Any]:
        session = self.interp.session
        saved = session.current_position
        session.current_position = self.position
        try:
            return fn(*args)
        except PSError as exc:
            record = getattr(exc, "record", None)
            if record is not None and record.command_name == self.info.name:
                record.blame(self.info.name, self.info.type_name)
            self._guard(exc)
            raise
        finally:
            session.current_position = saved

    def begin(self, emit: Any) -> None:
        emit.extend(self._call(self.proc.begin))

    def process(self, item: Any, emit: Any) -> None:
        if self.stopped:
            return
        if item is NO_INPUT:
            emit.extend(self._call(self.proc.process))
        else:
            emit.extend(self._call(self.proc.process, item))
        if getattr(getattr(self.proc, "ctx", None), "stop_requested", False) and self.index > 0:
            self.stopped = True
            raise StopUpstream(self.index)

    def end(self, emit: Any) -> None:
        emit.extend(self._call(self.proc.end))


class ScriptStage(_Stage):
    def __init__(self, interp: Interpreter, node: A.Ast, command: Any) -> None:
        self.interp = interp
        self.node = node
        self.command = command

    def begin(self, emit: Any) -> None:
        try:
            self.command.begin(emit)
        except PSError as exc:
            self._guard(exc)
            raise

    def process(self, item: Any, emit: Any) -> None:
        try:
            self.command.process(item, emit)
        except PSError as exc:
            self._guard(exc)
            raise

    def end(self, emit: Any) -> None:
        try:
            self.command.end(emit)
        except PSError as exc:
            self._guard(exc)
            raise


class NativeStage(_Stage):
    """An executable found on PATH: its stdout lines are the output; input objects feed its stdin."""

    def __init__(self, interp: Interpreter, node: A.Ast, path: str, arguments: list[Any]) -> None:
        self.interp = interp
        self.node = node
        self.path = path
        self.argv = [path]
        for arg in arguments:
            if arg.name is not None:
                self.argv.append(arg.text or f"-{arg.name}")
                if arg.has_value and arg.value is not UNSET:
                    self.argv[-1] += ":" + to_string(arg.value)
                continue
            for value in as_list(arg.value) if isinstance(arg.value, (list, tuple)) else [arg.value]:
                self.argv.append(to_string(value))
        self.input: list[str] = []

    def begin(self, emit: Any) -> None:
        pass

    def process(self, item: Any, emit: Any) -> None:
        if item is not NO_INPUT:
            self.input.append(to_string(item))

    def end(self, emit: Any) -> None:
        session = self.interp.session
        session.flush_output()
        try:
            completed = subprocess.run(
                self.argv, input=("\n".join(self.input) + "\n") if self.input else None,
                stdout=subprocess.PIPE, text=True, cwd=str(session.location), check=False,
            )
        except OSError as exc:
            raise RuntimeException(
                f"Program '{os.path.basename(self.path)}' failed to run: {exc.strerror or exc}",
                error_id="NativeCommandFailed", category=ErrorCategory.ResourceUnavailable,
            ) from None
        session.global_scope.set_local("LASTEXITCODE", completed.returncode)
        for line in completed.stdout.splitlines():
            emit.append(line)
        if completed.returncode != 0:
            session.pipeline_failed = True


@dataclass
class RedirectFrame:
    targets: dict[str, str | None]
    """stream ("1".."6") -> "1" (merge into output), "null", or "file" (text collected in files[stream])."""
    merged: list[Any] = field(default_factory=list)
    files: dict[str, tuple[str, bool]] = field(default_factory=dict)
    text: dict[str, list[str]] = field(default_factory=dict)


class RedirectStage(_Stage):
    def __init__(self, interp: Interpreter, node: A.Ast, inner: Any, redirections: list[A.RedirectionAst]) -> None:
        self.interp = interp
        self.node = node
        self.inner = inner
        targets: dict[str, str | None] = {}
        files: dict[str, tuple[str, bool]] = {}
        for r in redirections:
            streams = ["1", "2", "3", "4", "5", "6"] if r.from_stream == "*" else [r.from_stream]
            for s in streams:
                if r.to_stream is not None:
                    targets[s] = "1" if r.to_stream == "1" else "null"
                    continue
                target = interp.eval(r.target) if r.target is not None else None
                if target is None or target is AutomationNull:
                    targets[s] = "null"
                else:
                    path = str(interp.session.resolve_path(to_string(target)))
                    targets[s] = "file"
                    files[s] = (path, r.append)
        self.frame = RedirectFrame(targets, files=files)
        for s, (path, append) in files.items():
            if not append:
                try:
                    open(path, "w", encoding="utf-8").close()
                except OSError as exc:
                    raise RuntimeException(f"Could not find a part of the path '{path}'.", error_id="FileOpenFailure",
                                           category=ErrorCategory.OpenError, target=path) from exc
        self.frame.files = {s: (p, True) for s, (p, _a) in files.items()}

    def _wrap(self, fn: Any, emit: Any, *args: Any) -> None:
        session = self.interp.session
        collected: list[Any] = []
        session.redirects.append(self.frame)
        try:
            fn(*args, collected)
        finally:
            session.redirects.pop()
            merged = self.frame.merged
            self.frame.merged = []
            self._route(collected, merged, emit)

    def _route(self, collected: list[Any], merged: list[Any], emit: Any) -> None:
        target = self.frame.targets.get("1")
        items = merged + collected if merged else collected
        if target == "null":
            return
        if target == "file":
            self._write_file("1", items)
            return
        if items:
            emit.extend(items)

    def _write_file(self, stream: str, items: list[Any]) -> None:
        if not items:
            return
        path, _ = self.frame.files[stream]
        from azskernel.runtime.formatting import format_default

        text = format_default(items)
        with open(path, "a", encoding="utf-8") as handle:
            handle.write(text if text.endswith("\n") or not text else text + "\n")

    def begin(self, emit: Any) -> None:
        self._wrap(lambda out: self.inner.begin(out), emit)

    def process(self, item: Any, emit: Any) -> None:
        self._wrap(lambda out: self.inner.process(item, out), emit)

    def end(self, emit: Any) -> None:
        self._wrap(lambda out: self.inner.end(out), emit)


# ---------------------------------------------------------------- building stages


def make_stage(interp: Interpreter, element: A.Ast, index: int) -> Any:
    if isinstance(element, A.CommandExpressionAst):
        if index > 0:
            raise RuntimeException("Expressions are only allowed as the first element of a pipeline.",
                                   error_id="ExpressionsMustBeFirstInPipeline", category=ErrorCategory.ParserError)
        stage: Any = ExpressionStage(interp, element)
        redirections = element.redirections
    else:
        assert isinstance(element, A.CommandAst)
        stage = command_stage(interp, element)
        redirections = element.redirections
    if redirections:
        stage = RedirectStage(interp, element, stage, redirections)
    return stage


def command_arguments(interp: Interpreter, elements: list[A.Ast]) -> list[Any]:
    from azskernel.runtime.binding import CommandArgument

    arguments: list[Any] = []
    for element in elements:
        if isinstance(element, A.CommandParameterAst):
            if element.argument is not None:
                value = _argument_value(interp, element.argument)
                arguments.append(CommandArgument(element.name, None if value is AutomationNull else value, True, element.text))
            else:
                arguments.append(CommandArgument(element.name, UNSET, False, element.text))
            continue
        if isinstance(element, A.VariableExpressionAst) and element.splatted:
            value = interp.read_variable(element.name, element.scope)
            if isinstance(value, dict):
                for key, item in value.items():
                    arguments.append(CommandArgument(to_string(key), item, True, f"-{key}", splatted=True))
            elif isinstance(value, (list, tuple)):
                for item in value:
                    if element.name.casefold() == "args" and isinstance(item, str) and _PARAMETER_TEXT.match(item):
                        # `@args` passes `-Name` tokens on as parameters, as pwsh does
                        arguments.append(CommandArgument(item[1:].rstrip(":"), UNSET, False, item, splatted=True))
                        continue
                    arguments.append(CommandArgument(None, item, True, splatted=True))
            elif value is not None:
                arguments.append(CommandArgument(None, value, True, splatted=True))
            continue
        value = _argument_value(interp, element)
        text = element.value if isinstance(element, A.StringConstantExpressionAst) else ""
        arguments.append(CommandArgument(None, None if value is AutomationNull else value, True, text))
    return arguments


def _argument_value(interp: Interpreter, element: A.Ast) -> Any:
    """An argument's value; a number literal whose text is not its value's string form keeps that text, as
    pwsh's compiler wraps it (so `f 1.0` binds "1.0" to a [string] parameter and displays as 1.0)."""
    if isinstance(element, A.ConstantExpressionAst) and element.text is not None:
        value = element.value
        if element.text != to_string(value):
            return literal_number(value, element.text)
        return value
    return interp.eval(element)


def command_stage(interp: Interpreter, node: A.CommandAst) -> Any:
    from azskernel.runtime.cmdlet import CommandInfo
    from azskernel.runtime.functions import FunctionInfo, ScriptCommand
    from azskernel.runtime.scriptblock import ScriptBlock

    first = node.elements[0]
    dot = node.invocation == "."
    if node.invocation is not None:
        target = interp.eval(first)
    elif isinstance(first, A.StringConstantExpressionAst):
        target = first.value
    else:
        target = interp.eval(first)
    if isinstance(target, PSModuleInfo):
        return _module_stage(interp, node, target)
    arguments = command_arguments(interp, node.elements[1:])
    if arguments and any(a.name == "?" for a in arguments):
        return _help_stage(interp, node, target)
    if isinstance(target, ScriptBlock):
        return ScriptStage(interp, node, ScriptCommand(interp, target, "", arguments, dot_source=dot))
    if isinstance(target, FunctionInfo):
        return ScriptStage(interp, node, ScriptCommand(interp, target.scriptblock, target.name, arguments,
                                                       dot_source=dot, params=target.parameters))
    if isinstance(target, CommandInfo):
        return CmdletStage(interp, node, target, arguments)
    name = to_string(target)
    if not name:
        raise RuntimeException(
            "The expression after '&' in a pipeline element produced an object that was not valid. It must result "
            "in a command name, a script block, or a CommandInfo object.",
            error_id="BadExpression", category=ErrorCategory.InvalidOperation,
        )
    session = interp.session
    function = interp.scope.find_function(name)
    if function is None:
        alias_target = session.aliases.get(name.casefold())
        if alias_target is not None:
            function = interp.scope.find_function(alias_target)
            if function is None:
                name = alias_target
    if function is not None:
        return ScriptStage(interp, node, ScriptCommand(interp, function.scriptblock, function.name, arguments,
                                                       dot_source=dot, params=function.parameters))
    info = session.commands.resolve(name)
    if info is None and session.resolve_missing_command is not None:
        info = session.resolve_missing_command(name)
    if info is not None:
        _apply_default_parameter_values(interp, info, arguments)
        return CmdletStage(interp, node, info, arguments)
    script_path = _script_path(session, name)
    if script_path is not None:
        return ScriptStage(interp, node, script_file_command(interp, script_path, arguments, dot_source=dot))
    native = _native_path(session, name)
    if native is not None:
        return NativeStage(interp, node, native, arguments)
    windows_only = windows_only_module(name)
    hint = f"\nIt is a command of the Windows-only module {windows_only}, which this shell cannot have." if windows_only else ""
    raise CommandNotFoundException(
        f"The term '{name}' is not recognized as a name of a cmdlet, function, script file, or executable program.\n"
        "Check the spelling of the name, or if a path was included, verify that the path is correct and try again."
        + hint, error_id="CommandNotFoundException", target=name, command_name=name,
    )


def _module_stage(interp: Interpreter, node: A.CommandAst, module: PSModuleInfo) -> Any:
    """`& $module command args` / `& $module { … }`: resolved and bound in the module's session state."""
    rest = node.elements[1:]
    if not rest or module.scope is None:
        raise RuntimeException("A module was given to '&' without a command or script block to run in it.",
                               error_id="BadExpression", category=ErrorCategory.InvalidOperation)
    bare = isinstance(rest[0], A.StringConstantExpressionAst) and rest[0].kind == "bare"
    inner = A.CommandAst(node.pos, node.end, rest, None if bare else "&", node.redirections)
    saved = interp.scope
    interp.scope = module.scope
    try:
        return command_stage(interp, inner)
    finally:
        interp.scope = saved


def _help_stage(interp: Interpreter, node: A.CommandAst, target: Any) -> Any:
    """`Command -?` shows the command's help (Get-Help Command)."""
    from azskernel.runtime.binding import CommandArgument

    name = getattr(target, "name", None) or to_string(target)
    return CmdletStage(interp, node, interp.session.commands.require("Get-Help"), [CommandArgument(None, name, True, name)])


def script_file_command(interp: Interpreter, path: str, arguments: list[Any], *, dot_source: bool) -> Any:
    """A .ps1 as a command: read (by its BOM), parsed, its #requires checked."""
    from azskernel.language import ParseError, parse
    from azskernel.runtime.functions import ScriptCommand
    from azskernel.runtime.requires import check
    from azskernel.runtime.scriptblock import ScriptBlock
    from azskernel.runtime.scriptfile import read_script

    text = read_script(path)
    try:
        block = ScriptBlock(parse(text, path), interp.session)
    except ParseError as exc:
        from azskernel.runtime.session import parse_error_record

        record = parse_error_record(exc)
        raise RuntimeException(record.message, record=record) from None
    check(interp, text, path)
    command = ScriptCommand(interp, block, os.path.basename(path), arguments, dot_source=dot_source,
                            script_scope=True, script_file=path)
    command.nested_script = True
    return command


def run_script_file(interp: Interpreter, path: str, *, dot_source: bool, out: Any, arguments: list[Any] = ()) -> None:  # type: ignore[assignment]
    command = script_file_command(interp, path, list(arguments), dot_source=dot_source)
    command.begin(out)
    command.process(UNSET, out)
    command.end(out)


def _apply_default_parameter_values(interp: Interpreter, info: Any, arguments: list[Any]) -> None:
    """$PSDefaultParameterValues: 'Cmdlet-Name:Parameter' (wildcards allowed) for parameters not given."""
    defaults = interp.read_variable("PSDefaultParameterValues")
    if not isinstance(defaults, dict) or not defaults:
        return
    from azskernel.runtime.binding import CommandArgument
    from azskernel.runtime.operators import like

    given = {a.name.casefold() for a in arguments if a.name}
    for key, value in defaults.items():
        command_pattern, _, parameter = to_string(key).partition(":")
        if not parameter or not like(info.name, command_pattern):
            continue
        matches = info.find_parameters(parameter)
        if len(matches) != 1 or matches[0].name.casefold() in given:
            continue
        if any(a.casefold() in given for a in matches[0].aliases):
            continue
        arguments.append(CommandArgument(matches[0].name, value, True, f"-{matches[0].name}"))
        given.add(matches[0].name.casefold())


def _script_path(session: Any, name: str) -> str | None:
    if not name.lower().endswith(".ps1"):
        return None
    path = session.resolve_path(name)
    return str(path) if path.is_file() else None


def _native_path(session: Any, name: str) -> str | None:
    if "/" in name or "\\" in name:
        path = session.resolve_path(name)
        if path.is_file() and os.access(path, os.X_OK):
            return str(path)
        return None
    if name.lower().endswith(".exe"):
        return None
    return shutil.which(name)


def redirect_target(session: Any, stream: str) -> RedirectFrame | None:
    """The innermost redirection frame that redirects `stream`, if any."""
    for frame in reversed(session.redirects):
        if stream in frame.targets:
            return frame
    return None


def route_stream(session: Any, stream: str, payload: Any) -> bool:
    """Send a non-output stream item through the active redirections; True when consumed there."""
    frame = redirect_target(session, stream)
    if frame is None:
        return False
    target = frame.targets[stream]
    if target == "null":
        return True
    if target == "1":
        frame.merged.append(payload)
        return True
    if target == "file":
        path, _ = frame.files[stream]
        from azskernel.runtime.formatting import format_error

        text = format_error(payload) if isinstance(payload, ErrorRecord) else to_string(payload)
        with open(path, "a", encoding="utf-8") as handle:
            handle.write(text + "\n")
        return True
    return False


__all__ = ["Hashtable", "run_pipeline", "route_stream"]
