"""The command processor: running one bound invocation of a declared cmdlet (begin/process/end), turning its
return values into output and any unexpected Python exception into a pwsh-shaped error; and the cmdlet as a
Python function (`PythonCommand`, `invoke_text` for the IPython magics).

The pipeline drives `CommandInfo.start(...)`'s processor; it applies $PSDefaultParameterValues and -OutVariable.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Any

from azskernel.runtime.cmdlet import CommandInfo
from azskernel.runtime.errors import (
    CmdletInvocationException,
    ErrorCategory,
    ItemNotFoundException,
    PSError,
    RuntimeException,
)
from azskernel.runtime.control import PipelineStoppedException
from azskernel.runtime.values import UNSET


# -- the command processor --------------------------------------------------------------------
def normalize_output(result: Any) -> list[Any]:
    """A cmdlet's return value as the list of objects it writes."""
    from azskernel.runtime.values import AutomationNull

    if result is None or result is AutomationNull:
        return []
    if isinstance(result, list | tuple) or isinstance(result, Iterator) or _is_generator(result):
        return list(result)
    return [result]


def _is_generator(value: Any) -> bool:
    import types

    return isinstance(value, types.GeneratorType)


class CommandProcessor:
    """begin/process/end over one bound invocation. Raises PSError subclasses only."""

    def __init__(self, info: CommandInfo, ctx_factory: Callable[[CommandInfo, Any], Any], arguments: list[Any]) -> None:
        from azskernel.runtime.binding import ParameterBinder

        self.info = info
        self.binder = _guarded(info.name, ParameterBinder, info, arguments)
        self.ctx = ctx_factory(info, self.binder.bound)
        self.binder.ctx = self.ctx
        session = getattr(self.ctx, "session", None)
        if session is not None and hasattr(session, "get_variable"):
            _guarded(info.name, self.binder.apply_default_values, session.get_variable("PSDefaultParameterValues"))
        self._instance = info.implementation() if isinstance(info.implementation, type) else None
        self._began = False
        self._params: dict[str, Any] | None = None
        """The keyword arguments of the last pipeline object, reused while the parameter shape stays the same."""

    @property
    def bound(self) -> Any:
        return self.binder.bound

    def begin(self) -> list[Any]:
        self._began = True
        _guarded(self.info.name, self.binder.check_mandatory, pipeline_pending=True)
        if self._instance is None:
            return []
        return self._run(self._instance.begin)

    def process(self, input_object: Any = UNSET) -> list[Any]:
        if not self._began:
            self.begin()
        fn = self._instance.process if self._instance is not None else self.info.implementation
        if input_object is UNSET:
            self._params = None
        else:
            params = self._params
            if params is not None:
                # the previous object bound with the same parameter shape: only the pipeline value changes, so
                # the mandatory check and the keyword arguments carry over
                python_name = self.binder.rebind_pipeline(input_object)
                if python_name is not None:
                    params[python_name] = self.binder.bound[self.binder.plan.sole_pipeline.name]  # type: ignore[union-attr]
                    return self._run(fn, params)
            if not _guarded(self.info.name, self.binder.bind_pipeline, input_object):
                self._params = None
                return []
        _guarded(self.info.name, self.binder.check_mandatory, pipeline_pending=False)
        params = self.binder.python_arguments()
        self._params = params if input_object is not UNSET and self.binder.plan.sole_pipeline is not None else None
        return self._run(fn, params)

    def end(self) -> list[Any]:
        if self._instance is not None:
            return self._run(self._instance.end)
        return []

    def invoke(self, inputs: Iterable[Any] | None = None) -> list[Any]:
        """Run the whole begin/process/end (used by the Python API and tests). A pipeline runs the steps itself
        and captures -OutVariable and its siblings (streamvars.py)."""
        out = self.begin()
        if inputs is None:
            out += self.process()
        else:
            for item in inputs:
                out += self.process(item)
        out += self.end()
        return out

    def _run(self, fn: Callable[..., Any], params: dict[str, Any] | None = None) -> list[Any]:
        if params is None:
            params = self.binder.python_arguments()
        try:
            out = normalize_output(fn(self.ctx, **params))
        except PSError as exc:
            record = getattr(exc, "record", None)
            if record is not None:
                record.blame(self.info.name, self.info.type_name)
            raise
        except (KeyboardInterrupt, SystemExit, GeneratorExit, PipelineStoppedException):
            raise  # a stop ends the pipeline; it is not the cmdlet's error
        except Exception as exc:  # a cmdlet bug or an unexpected OS error: never a traceback to the user
            raise wrap_exception(exc, self.info.name) from exc
        return out


def _guarded(command_name: str, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    """Run a binding step; an unexpected Python error becomes a pwsh-shaped error, never a traceback."""
    try:
        return fn(*args, **kwargs)
    except (PSError, KeyboardInterrupt, SystemExit):
        raise
    except Exception as exc:
        raise wrap_exception(exc, command_name) from exc


def wrap_exception(exc: BaseException, command_name: str) -> RuntimeException:
    """Turn a Python exception raised inside a cmdlet into a pwsh-shaped terminating error."""
    if isinstance(exc, FileNotFoundError):
        path = exc.filename or ""
        return ItemNotFoundException(
            f"Cannot find path '{path}' because it does not exist.", target=path, command_name=command_name)
    if isinstance(exc, PermissionError):
        return RuntimeException(
            f"Access to the path '{exc.filename or ''}' is denied.",
            error_id="UnauthorizedAccess",
            category=ErrorCategory.PermissionDenied,
            target=exc.filename,
            command_name=command_name,
        )
    if isinstance(exc, OSError):
        return RuntimeException(
            exc.strerror or str(exc), error_id="IOError", category=ErrorCategory.WriteError, command_name=command_name
        )
    message = str(exc) or type(exc).__name__
    return CmdletInvocationException(message, command_name=command_name, category=ErrorCategory.NotSpecified)


class PythonCommand:
    """A cmdlet as a Python function: `get_thing("name", force=True, input=[...]) -> list`.

    Positional arguments bind by position and keywords by snake_case (or exact) parameter name,
    through the same binder as PowerShell. A switch keyword takes a bool. `input` feeds the pipeline.
    `context_source` is a Session (anything with `.command_context(info, bound)`) or a ctx factory.
    """

    def __init__(self, info: CommandInfo, context_source: Any) -> None:
        self.info = info
        self._source = context_source
        self.__name__ = info.python_name
        self.__doc__ = info.synopsis

    def __call__(self, *args: Any, input: Iterable[Any] | None = None, **kwargs: Any) -> list[Any]:
        from azskernel.runtime.binding import CommandArgument

        arguments: list[Any] = [CommandArgument(None, a, True) for a in args]
        by_python = {p.python_name: p.name for p in self.info.all_parameters}
        for key, value in kwargs.items():
            arguments.append(CommandArgument(by_python.get(key, key), value, True))
        factory = self._source.command_context if hasattr(self._source, "command_context") else self._source
        proc = self.info.start(factory, arguments)
        return proc.invoke(None if input is None else list(input))


def arguments_from_text(session: Any, text: str) -> list[Any]:
    """Parse `text` as the arguments of ONE command invocation (`-Name disk -Force`, `$x, 2`, `@splat`) and
    evaluate them in the session: the CommandArguments the binder takes. For the IPython magics, which
    then bind through the same binder (`invoke_text`)."""
    from azskernel.language import ast as A
    from azskernel.language.parser import parse
    from azskernel.runtime.pipeline import command_arguments

    tree = parse(f"Invoke-AzsMagicArguments {text}")
    statements = tree.end_block.statements if tree.end_block is not None else []
    if len(statements) != 1 or not isinstance(statements[0], A.PipelineAst) or len(statements[0].elements) != 1:
        raise RuntimeException(
            f"'{text}' is not the arguments of one command: write parameters and values only (no ';' or '|').",
            error_id="InvalidMagicArguments",
            category=ErrorCategory.InvalidArgument,
        )
    command = statements[0].elements[0]
    assert isinstance(command, A.CommandAst)
    return command_arguments(session.interpreter, command.elements[1:])


def invoke_text(session: Any, name: str, text: str, *, input: Iterable[Any] | None = None) -> list[Any]:
    """Run command `name` with an argument string (`%Get-VHD ./disk.vhd` in IPython): parse, bind, run."""
    info = session.commands.require(name) if hasattr(session, "commands") else session.registry.require(name)
    proc = info.start(session.command_context, arguments_from_text(session, text))
    return proc.invoke(None if input is None else list(input))
