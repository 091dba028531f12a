"""A small stand-in for the interpreter's CommandContext/Session, used until (and besides) the real engine.

It implements the agreed CommandContext attributes (engine-seams.md) with recording streams, and
drives pipelines through the same `CommandInfo.start` / begin / process / end protocol the
interpreter uses. Script blocks are Python callables wrapped in `Block` (a ScriptBlockLike).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

from azskernel.runtime.binding import CommandArgument
from azskernel.runtime.cmdlet import CommandRegistry
from azskernel.runtime.errors import ErrorRecord, PSError, RuntimeException
from azskernel.runtime.pstypes import ScriptBlockLike
from azskernel.runtime.values import UNSET

from tests.support.recording_host import RecordingHost


class Block(ScriptBlockLike):
    """A script block whose body is a Python function of ($_, *args)."""

    def __init__(self, fn: Callable[..., Any], text: str = "{ ... }") -> None:
        self.fn = fn
        self.text = text

    def __str__(self) -> str:
        return self.text


class FakeSession:
    def __init__(self, registry: CommandRegistry, host: RecordingHost, location: Path) -> None:
        self.registry = registry
        self.commands = registry
        self.host = host
        self.location = location
        self.variables: dict[str, Any] = {}

    def set_variable(self, name: str, value: Any) -> None:
        self.variables[name.casefold()] = value

    def get_variable(self, name: str, default: Any = None) -> Any:
        return self.variables.get(name.casefold(), default)

    def variable_names(self) -> list[str]:
        return list(self.variables)

    def command_context(self, info: Any, bound: Any) -> FakeContext:
        return FakeContext(self, info, bound)


class FakeContext:
    def __init__(self, session: FakeSession, info: Any, bound: Any) -> None:
        self.session = session
        self.host = session.host
        self.command_name = info.name
        self.bound = bound
        self.cancel = threading.Event()

    def _pref(self, name: str, default: str) -> str:
        value = self.bound.get(name) if name in self.bound else None
        return str(value) if value is not None else default

    def write_error(self, error: Any, *, error_id: str = "", category: Any = None, target: Any = None) -> None:
        if isinstance(error, PSError):
            record = error.record  # type: ignore[attr-defined]
        elif isinstance(error, ErrorRecord):
            record = error
        else:
            record = ErrorRecord(str(error), error_id=error_id or "Microsoft.PowerShell.Commands.WriteErrorException", target=target)
            if category is not None:
                record.category = category
        if record.command_name is None:
            record.command_name = self.command_name
        action = self._pref("ErrorAction", "Continue")
        if action == "Stop":
            raise RuntimeException(record.message, record=record)
        if action not in ("SilentlyContinue", "Ignore"):
            self.host.write_error(record)

    def write_warning(self, text: str) -> None:
        self.host.write_warning(text)

    def write_verbose(self, text: str) -> None:
        if self.bound.get("Verbose"):
            self.host.write_verbose(text)

    def write_debug(self, text: str) -> None:
        if self.bound.get("Debug"):
            self.host.write_debug(text)

    def write_information(self, obj: Any, tags: tuple[str, ...] = ()) -> None:
        self.host.write_information(obj)

    def write_host(self, text: str, **kw: Any) -> None:
        self.host.write_host(text, **kw)

    def write_progress(self, record: Any) -> None:
        self.host.write_progress(record)

    def should_process(self, target: str, action: str | None = None) -> bool:
        if self.bound.get("WhatIf"):
            self.host.write_host(f'What if: Performing the operation "{action or self.command_name}" on target "{target}".')
            return False
        return True

    def invoke_script(self, block: Any, *args: Any, input: Any = None, dollar_under: Any = UNSET) -> list[Any]:
        result = block.fn(None if dollar_under is UNSET else dollar_under, *args)
        if result is None:
            return []
        return list(result) if isinstance(result, list | tuple) else [result]

    def resolve_path(self, path: str) -> Path:
        p = Path(path).expanduser()
        return p if p.is_absolute() else self.session.location / p

    def read_line(self, prompt: str) -> str:
        if not self.host.interactive:
            raise RuntimeException("Read-Host: not interactive")
        return self.host.read_line(prompt)

    def read_secret(self, prompt: str) -> str:
        if not self.host.interactive:
            raise RuntimeException("not interactive")
        return self.host.read_secret(prompt)


def named(name: str, *value: Any) -> CommandArgument:
    """`-Name` (no value) or `-Name:value`."""
    if value:
        return CommandArgument(name, value[0], True, f"-{name}:")
    return CommandArgument(name, UNSET, False, f"-{name}")


def pos(value: Any) -> CommandArgument:
    return CommandArgument(None, value, True)


def args(*items: Any) -> list[CommandArgument]:
    """Plain values are positional; strings starting with '-' are parameter names; CommandArgument as is."""
    out = []
    for it in items:
        if isinstance(it, CommandArgument):
            out.append(it)
        elif isinstance(it, str) and it.startswith("-") and len(it) > 1:
            out.append(named(it[1:]))
        else:
            out.append(pos(it))
    return out


class Harness:
    """Runs pipelines of declared commands: h.run(("Get-X", [..args..]), ("Select-Object", [...]))."""

    def __init__(self, registry: CommandRegistry, location: Path, interactive: bool = False) -> None:
        self.host = RecordingHost(interactive=interactive)
        self.session = FakeSession(registry, self.host, location)

    def run(self, *stages: tuple[str, list[Any]], input: list[Any] | None = None) -> list[Any]:
        procs = [self.session.registry.require(name).start(self.session.command_context, args(*a)) for name, a in stages]
        items: list[Any] | None = input
        for i, proc in enumerate(procs):
            out = list(proc.begin())
            if items is None:
                out += proc.process()
            else:
                for item in items:
                    out += proc.process(item)
            out += proc.end()
            items = out
        return items or []

    def one(self, name: str, *a: Any, input: list[Any] | None = None) -> list[Any]:
        return self.run((name, list(a)), input=input)


# -- the real engine -----------------------------------------------------------------------------
@dataclass
class ScriptResult:
    out: str
    err: str
    session: Any
    terminated: Any = None
    """The ErrorRecord of the terminating error that ended the script, if any."""


def run_script(source: str, cwd: Path | None = None, *, interactive: bool = False, answers: list[str] | None = None,
               file: str | None = None) -> ScriptResult:
    """Run a script through the real engine as `azs -File` would: stdout text, stderr concise errors."""
    import io

    from azskernel.engine import create_session
    from azskernel.shell.script import ScriptHost, error_text

    out, err = io.StringIO(), io.StringIO()
    host = ScriptHost(out, err, interactive=interactive)
    if answers is not None:
        pending = list(answers)
        host.read_line = lambda prompt: pending.pop(0)  # type: ignore[method-assign]
        host.read_secret = lambda prompt: pending.pop(0)  # type: ignore[method-assign]
    session = create_session(host, azure=False, location=str(cwd) if cwd else None)
    terminated = None
    try:
        session.run(source, file=file)
    except Exception as exc:  # ScriptTerminated: shown as the runner shows it
        record = getattr(exc, "record", None)
        if record is None:
            raise
        terminated = record
        host.finish()
        err.write(error_text(record))
    else:
        host.finish()
    return ScriptResult(out.getvalue(), err.getvalue(), session, terminated)
