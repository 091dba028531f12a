"""Every cmdlet as a Python function with snake_case keyword arguments.

    from azsmagics.api import connect_account, add_platform_image, get_platform_image
    image = add_platform_image(publisher="Contoso", offer="UbuntuServer", sku="22.04-LTS",
                               version="1.0.0", os_type="Linux", os_uri=sas_uri)

Names: the cmdlet's verb and noun in snake_case, without the noun's Az/Azs/AzureRm prefix
(`Add-AzsPlatformImage` -> `add_platform_image`, `Add-AzVhd` -> `add_vhd`, `Get-ChildItem` ->
`get_child_item`); the full form (`add_azs_platform_image`) works too. Keywords are the parameters in
snake_case (`os_uri`, `resource_group_name`); a switch takes a bool; positional arguments bind by
position. The call goes through the same session, binder and validation as the magics, so it shares
their Azure context (`%Connect-AzAccount` then `get_platform_image()`), and returns: for a Get-* command
(and a Test-* command that writes records, `test_image(path=...)`) a list, else None, the one object, or a list. Errors raise `azsmagics.errors.CommandError`.
"""

from __future__ import annotations

from typing import Any

from .errors import CommandError

_ARGS_VAR = "__azs_api_args"
_POS_VAR = "__azs_api_positional"
_runner: Any = None


def use_runner(runner: Any) -> None:
    """Called by `%load_ext azsmagics`: the API shares the magics' session."""
    global _runner
    _runner = runner


def forget_runner(runner: Any) -> None:
    global _runner
    if _runner is runner:
        _runner = None


def _current() -> Any:
    global _runner
    if _runner is None:
        from .runner import Runner

        _runner = Runner({}, widgets=False)
    return _runner


def python_names(command_name: str) -> tuple[str, ...]:
    """`Add-AzsPlatformImage` -> ('add_platform_image', 'add_azs_platform_image')."""
    from azskernel.runtime.cmdlet import snake_case

    verb, _, noun = command_name.partition("-")
    full = snake_case(f"{verb}-{noun}")
    for prefix in ("AzureRm", "Azs", "Az"):
        if noun.startswith(prefix) and len(noun) > len(prefix) and noun[len(prefix)].isupper():
            short = snake_case(f"{verb}-{noun[len(prefix):]}")
            return (short, full) if short != full else (full,)
    return (full,)


def commands() -> dict[str, str]:
    """Python name -> cmdlet name, for every command in the session's registry."""
    found: dict[str, str] = {}
    clashes: set[str] = set()
    for info in _current().registry:
        if "-" not in info.name:
            continue
        for name in python_names(info.name):
            if name in found and found[name] != info.name:
                clashes.add(name)  # Remove-AzVMExtension and Remove-AzsVMExtension: only the full names
            found.setdefault(name, info.name)
    return {k: v for k, v in found.items() if k not in clashes}


class CommandFunction:
    """A cmdlet called from Python (see the module docstring)."""

    def __init__(self, runner: Any, info: Any) -> None:
        self._runner = runner
        self.info = info
        self.command_name = info.name
        self.__name__ = python_names(info.name)[0]
        self.__qualname__ = self.__name__
        self.__doc__ = _docstring(info)

    def __repr__(self) -> str:
        return f"<azsmagics.api.{self.__name__}: {self.command_name}>"

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        from azskernel.runtime.values import Hashtable

        from .values import flatten, is_get_command, result_for, returns_records

        by_python = {p.python_name: p.name for p in self.info.all_parameters}
        by_python.update({p.name.casefold(): p.name for p in self.info.all_parameters})
        named = Hashtable()
        for key, value in kwargs.items():
            declared = by_python.get(key) or by_python.get(key.casefold())
            if declared is None:
                raise CommandError(_unknown_keyword(self, key))
            named[declared] = value
        session = self._runner.session
        session.set_variable(_ARGS_VAR, named)
        session.set_variable(_POS_VAR, list(args))
        splat = f"@{_POS_VAR} @{_ARGS_VAR}" if args else f"@{_ARGS_VAR}"
        try:
            outputs = self._runner.invoke(f"{self.command_name} {splat}")
        finally:
            session.set_variable(_ARGS_VAR, None)
            session.set_variable(_POS_VAR, None)
        items = flatten(list(outputs))
        if is_get_command(self.command_name) or returns_records(self.command_name, items):
            return items
        return result_for(self.command_name, outputs)


def _unknown_keyword(fn: CommandFunction, key: str) -> Any:
    from azskernel.runtime.errors import ErrorCategory, ErrorRecord

    valid = ", ".join(p.python_name for p in fn.info.parameters if not p.dont_show)
    return ErrorRecord(
        f"{fn.__name__}() got an unknown keyword '{key}'. {fn.command_name} takes: {valid}.",
        error_id="NamedParameterNotFound",
        category=ErrorCategory.InvalidArgument,
        command_name=fn.command_name,
        exception_type="System.Management.Automation.ParameterBindingException",
    )


def _docstring(info: Any) -> str:
    lines = [f"{info.name}: {info.synopsis}".rstrip(": "), ""]
    for p in info.parameters:
        if p.dont_show:
            continue
        flags = " (mandatory)" if p.mandatory else ""
        kind = "bool" if p.switch else str(p.type)
        lines.append(f"{p.python_name}: {kind}{flags} - {p.help}".rstrip(" -"))
    return "\n".join(lines)


def function(name: str) -> CommandFunction:
    """The function for a cmdlet, by its Python name or its PowerShell name."""
    runner = _current()
    command = commands().get(name) or name
    info = runner.registry.resolve(command)
    if info is None:
        raise AttributeError(f"azsmagics.api has no command '{name}' (see azsmagics.api.commands())")
    return CommandFunction(runner, info)


def __getattr__(name: str) -> Any:
    if name.startswith("_"):
        raise AttributeError(name)
    return function(name)


def __dir__() -> list[str]:
    return sorted([*globals(), *commands()])


__all__ = ["CommandFunction", "commands", "function", "python_names", "use_runner"]
