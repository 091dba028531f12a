"""azsmagics: the azskernel cmdlets in any IPython kernel.

    %load_ext azsmagics

gives a line and a cell magic per cmdlet (`%Add-AzsPlatformImage ...`, `%%Add-AzsPlatformImage`),
`%%pwsh` for a cell of PowerShell sharing variables with Python, `%azs help <Command>`, completion of
parameter names and values, and `%Cmd?` help. `azsmagics.api` is the same commands as Python functions.
"""

from __future__ import annotations

from typing import Any

_LOADED: dict[int, Any] = {}


class _Extension:
    """What one `%load_ext azsmagics` installed into a shell (so that unloading removes exactly that)."""

    def __init__(self, ip: Any) -> None:
        from .completer import make_matcher
        from .history import HistoryGuard
        from .magics import register
        from .runner import Runner, in_kernel
        from .transformer import help_transformer, unknown_magic_transformer
        from .values import install_formatters

        kernel = getattr(ip, "kernel", None)
        self.runner = Runner(ip.user_ns, widgets=in_kernel(ip), kernel=kernel)
        self.names = register(ip, self.runner)
        self.matcher = make_matcher(self.runner)
        ip.Completer.custom_matchers.append(self.matcher)
        self.transformer = help_transformer(self.runner.is_command)
        ip.input_transformers_cleanup.insert(0, self.transformer)
        self.unknown = unknown_magic_transformer(self.runner.registry.names)
        ip.input_transformers_cleanup.append(self.unknown)
        install_formatters(ip)
        from . import api

        api.use_runner(self.runner)
        self.history = HistoryGuard(ip)
        if self.history.active:
            print("azsmagics: lines that may hold a secret are saved to IPython's history as a marker.")

    def remove(self, ip: Any) -> None:
        from . import api
        from .magics import unregister
        from .values import remove_formatters

        self.history.remove()
        unregister(ip, self.names)
        if self.matcher in ip.Completer.custom_matchers:
            ip.Completer.custom_matchers.remove(self.matcher)
        for transformer in (self.transformer, self.unknown):
            if transformer in ip.input_transformers_cleanup:
                ip.input_transformers_cleanup.remove(transformer)
        remove_formatters(ip)
        api.forget_runner(self.runner)


def load_ipython_extension(ip: Any) -> None:
    if id(ip) in _LOADED:
        return
    _LOADED[id(ip)] = _Extension(ip)


def unload_ipython_extension(ip: Any) -> None:
    ext = _LOADED.pop(id(ip), None)
    if ext is not None:
        ext.remove(ip)


def runner_of(ip: Any) -> Any:
    """The Runner (session, host, bridge) of a shell where the extension is loaded, else None."""
    ext = _LOADED.get(id(ip))
    return ext.runner if ext is not None else None


__all__ = ["load_ipython_extension", "unload_ipython_extension", "runner_of"]
