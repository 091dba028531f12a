"""The magics: one line and one cell magic per cmdlet, `%%pwsh`, and `%azs` (help, commands).

    %Add-AzsPlatformImage -Publisher Contoso -Offer Ubuntu -Sku 22.04 -Version 1.0.0 -OsType Linux -OsUri $uri
    %%Add-AzsPlatformImage -Publisher Contoso `
        -Offer Ubuntu -Sku 22.04 `
        -Version 1.0.0 -OsType Linux -OsUri $uri
    df = %Get-AzsPlatformImage
    %%pwsh
    $images = Get-AzsPlatformImage | Where-Object ProvisioningState -eq Succeeded

Every magic is registered with IPython's `no_var_expand`, so `$uri` and `{...}` reach PowerShell as
written; the text after the magic's name is run as that command by the engine (its parser and binder).
`%Cmd -?` and `%azs help Cmd` page the command's help.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from IPython.core.magic import no_var_expand

from .errors import CommandError
from .runner import Runner
from .values import result_for

HELP_SWITCHES = ("-?", "/?", "-help")


def cell_command_source(name: str, line: str, body: str) -> str:
    """`%%Cmd` + lines → one command: each line that ends a complete statement gets a backtick continuation.

    Lines may already end with a backtick (as in the seed guide); blank lines and `#` comments are dropped,
    and a line inside an open `@{ ... }`, `( ... )` or string needs no continuation.
    """
    from azskernel.language import is_complete

    text = f"{name} {line.strip()}".rstrip()
    for raw in body.splitlines():
        stripped = raw.strip()
        if not stripped or stripped.startswith("#"):
            continue
        if not text.endswith("`") and is_complete(text) == "complete":
            text += " `"
        text += "\n" + raw.rstrip()
    return text.rstrip().rstrip("`").rstrip()


def page_help(runner: Runner, name: str) -> None:
    """Shows `Get-Help name -Full` in IPython's pager (a side pane in notebooks, the terminal elsewhere)."""
    from IPython.core import page

    from azskernel.jupyter.display import format_plain

    text = format_plain(runner.invoke(f"Get-Help {quote(name)} -Full"))
    page.page(text)


def quote(text: str) -> str:
    """A PowerShell single-quoted literal."""
    return "'" + text.replace("'", "''") + "'"


def command_magic(runner: Runner, name: str) -> Callable[..., Any]:
    """The line/cell magic for one cmdlet."""

    @no_var_expand
    def magic(line: str, cell: str | None = None) -> Any:
        if cell is None and line.strip().casefold() in HELP_SWITCHES:
            page_help(runner, name)
            return None
        if cell is None:
            outputs = runner.invoke_command(name, line)
        else:
            outputs = runner.invoke(cell_command_source(name, line, cell))
        return result_for(name, outputs)

    magic.__name__ = name.replace("-", "_")
    magic.__doc__ = _doc(runner, name)
    return magic


def _doc(runner: Runner, name: str) -> str:
    info = runner.registry.resolve(name)
    synopsis = getattr(info, "synopsis", "") or ""
    return f"{name}: {synopsis}\n\nThe PowerShell command as an IPython magic; `%{name} -?` shows its full help."


def pwsh_magic(runner: Runner) -> Callable[..., Any]:
    @no_var_expand
    def pwsh(line: str, cell: str | None = None) -> None:
        """Runs PowerShell: `%pwsh <statement>` or a `%%pwsh` cell. Variables are shared with Python."""
        source = line if cell is None else (f"{line}\n{cell}" if line.strip() else cell)
        runner.run_cell(source)

    return pwsh


def azs_magic(runner: Runner) -> Callable[..., Any]:
    @no_var_expand
    def azs(line: str) -> Any:
        """`%azs help <Command>` pages a command's help; `%azs commands [pattern]` lists the cmdlet magics."""
        verb, _, rest = line.strip().partition(" ")
        verb = verb.casefold()
        if verb in ("help", "get-help", "?") and rest.strip():
            page_help(runner, rest.strip())
            return None
        if verb == "commands":
            import fnmatch

            pattern = (rest.strip() or "*").casefold()
            if not any(c in pattern for c in "*?["):
                pattern += "*"
            return [f"%{n}" for n in runner.registry.names() if "-" in n and fnmatch.fnmatchcase(n.casefold(), pattern)]
        from azskernel.runtime.errors import ErrorRecord

        raise CommandError(ErrorRecord(
            "Usage: %azs help <Command> (a command's help) or %azs commands [pattern] (the cmdlet magics).",
            error_id="AzsMagicUsage",
        ))

    return azs


def register(ip: Any, runner: Runner) -> list[str]:
    """Registers every magic; returns the cmdlet names given magics."""
    names: list[str] = []
    for info in runner.registry:
        name = info.name
        if "-" not in name:
            continue
        fn = command_magic(runner, name)
        ip.register_magic_function(fn, "line_cell", name)
        names.append(name)
    ip.register_magic_function(pwsh_magic(runner), "line_cell", "pwsh")
    ip.register_magic_function(azs_magic(runner), "line", "azs")
    return names


def unregister(ip: Any, names: list[str]) -> None:
    for kind in ("line", "cell"):
        table = ip.magics_manager.magics[kind]
        for name in [*names, "pwsh", "azs"]:
            table.pop(name, None)


__all__ = ["cell_command_source", "command_magic", "register", "unregister"]
