"""One engine session per IPython shell, and the three ways the magics run PowerShell text through it.

- `invoke_command(name, arguments)`: a cmdlet magic's line (`%Add-AzsPlatformImage -Publisher x ...`),
  run as the PowerShell command `Add-AzsPlatformImage -Publisher x ...`, so the engine's own parser and
  binder read the arguments exactly as the shell and the kernel do; its output is returned.
- `run_cell(source)`: a `%%pwsh` cell, output shown as it arrives.
- `invoke(source)`: used by help, completion and the Python API.
Each run goes through the variable bridge, and every engine error comes out as one CommandError.
"""

from __future__ import annotations

import sys
from collections.abc import MutableMapping
from typing import Any

from .bridge import VariableBridge
from .errors import CommandError, record_of
from .host import IPythonHost


def in_kernel(ip: Any) -> bool:
    return getattr(ip, "kernel", None) is not None


def new_session(host: Any) -> Any:
    """The engine's session with every command, the Azure cmdlets loaded (the magics name them all)."""
    from azskernel.jupyter.kernel import notebook_session

    return notebook_session(host)


class Runner:
    """The session behind `%load_ext azsmagics` (created on first use: loading stays fast)."""

    def __init__(self, namespace: MutableMapping[str, Any], *, widgets: bool = False, kernel: Any = None) -> None:
        self.host = IPythonHost(widgets=widgets)
        self.bridge = VariableBridge(namespace)
        self._kernel = kernel
        self._session: Any = None

    @property
    def session(self) -> Any:
        if self._session is None:
            self._session = new_session(self.host)
        return self._session

    @property
    def registry(self) -> Any:
        session = self.session
        for attribute in ("commands", "registry"):
            found = getattr(session, attribute, None)
            if found is not None and hasattr(found, "resolve"):
                return found
        raise RuntimeError("the engine session exposes no command registry")

    def is_command(self, name: str) -> bool:
        """A cmdlet, or a function the cells or their imported modules defined (`%Name?` shows its help)."""
        if self.registry.resolve(name) is not None:
            return True
        scope = getattr(getattr(self.session, "interpreter", None), "scope", None)
        return scope is not None and scope.find_function(name) is not None

    # -- running -----------------------------------------------------------------------------------
    def invoke_command(self, name: str, arguments: str) -> list[Any]:
        return self._go(f"{name} {arguments}".rstrip(), collect=True)

    def run_cell(self, source: str) -> None:
        self._go(source, collect=False)

    def invoke(self, source: str) -> list[Any]:
        return self._go(source, collect=True)

    def _go(self, source: str, *, collect: bool) -> list[Any]:
        self._frame(hold_errors=collect)
        failure: CommandError | None = None
        out: list[Any] = []
        try:
            tree = self.session.parse(source)  # a ParseError comes out as the kernel shows it
            found = self.bridge.before(self.session, tree)
            try:
                if collect:
                    out = list(self.session.invoke(source))
                else:
                    self.session.run(source)
            finally:
                self.bridge.after(self.session, found)
        except KeyboardInterrupt:
            self.session.cancel()
            failure = CommandError(record_of(KeyboardInterrupt()))
        except BaseException as exc:  # noqa: BLE001 - every engine failure is one clean error
            if isinstance(exc, SystemExit | GeneratorExit):
                raise
            if type(exc).__name__ != "ScriptExit":
                failure = CommandError(record_of(exc))
        finally:
            self.host.end()
        held = self.host.release()
        if failure is not None:
            for record in held:
                self.host.write_error(record)
            raise failure
        return self._settle(out, held)

    def _settle(self, out: list[Any], held: list[Any]) -> list[Any]:
        """A command that wrote errors and nothing else failed: its last error is raised, the others shown."""
        if held and not out:
            for record in held[:-1]:
                self.host.write_error(record)
            raise CommandError(held[-1])
        for record in held:
            self.host.write_error(record)
        return out

    def _frame(self, *, hold_errors: bool) -> None:
        self.host.begin(hold_errors=hold_errors)
        kernel = self._kernel
        if kernel is not None:
            # ipykernel says per request whether the frontend can answer input() (papermill cannot).
            self.host.interactive = bool(getattr(kernel, "_allow_stdin", False))
        else:
            self.host.interactive = bool(getattr(sys.stdin, "isatty", lambda: False)())

    def cancel(self) -> None:
        if self._session is not None:
            self._session.cancel()


__all__ = ["Runner", "in_kernel"]
