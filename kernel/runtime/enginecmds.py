"""The few cmdlets that are part of the engine rather than a command library: they run code or change how
names resolve (Invoke-Expression, Invoke-Command, Set-Alias/New-Alias/Get-Alias). The engine registers them
when the built-in library does not provide them.
"""

from __future__ import annotations

from typing import Any

from azskernel.runtime.cmdlet import SCOPE_OPTION_FORCE_PASSTHRU, cmdlet, parameter, parameters
from azskernel.runtime.control import ScriptTerminated
from azskernel.runtime.conversion import to_string
from azskernel.runtime.errors import ErrorCategory, RuntimeException


@cmdlet("Invoke-Expression", aliases=("iex",), synopsis="Runs commands or expressions on the local computer.")
@parameter("Command", type="string", position=0, mandatory=True, value_from_pipeline=True)
def invoke_expression(ctx: Any, *, command: str) -> Any:
    try:
        return ctx.session.invoke(command)
    except ScriptTerminated as exc:
        raise RuntimeException(exc.record.message, record=exc.record) from None


@cmdlet("Invoke-Command", aliases=("icm",), synopsis="Runs a script block (on this computer).")
@parameter("ScriptBlock", type="scriptblock", position=0, mandatory=True)
@parameter("ArgumentList", type="object[]", aliases=("Args",))
@parameter("InputObject", value_from_pipeline=True)
@parameter("ComputerName", type="string[]", aliases=("Cn",))
@parameter("Session", type="object[]")
@parameter("Credential")
@parameter("NoNewScope", switch=True)
def invoke_command(ctx: Any, *, script_block: Any, argument_list: Any, input_object: Any, computer_name: Any,
                   session: Any, credential: Any, no_new_scope: bool) -> Any:
    if computer_name or session:
        raise RuntimeException(
            "Invoke-Command: remote sessions (-ComputerName/-Session, WinRM/PSRP) are not supported by this shell; "
            "run the script block locally or on the target machine.",
            error_id="RemotingNotSupported", category=ErrorCategory.NotImplemented, command_name="Invoke-Command",
        )
    interp = ctx.session.interpreter
    args = list(argument_list or [])
    inputs = None if "InputObject" not in ctx.bound else [input_object]
    return interp.invoke_scriptblock(script_block, args, input=inputs, dot_source=no_new_scope)


def _set_alias(ctx: Any, name: str, value: str) -> None:
    ctx.session.aliases[name.casefold()] = value
    if ctx.session.commands.resolve(value) is not None:
        ctx.session.commands.add_alias(name, ctx.session.commands.resolve(value).name)


_alias_parameters = parameters(
    ("Name", {"type": "string", "position": 0, "mandatory": True}),
    ("Value", {"type": "string", "position": 1, "mandatory": True}),
    *SCOPE_OPTION_FORCE_PASSTHRU,
)


@cmdlet("Set-Alias", aliases=("sal",), synopsis="Creates or changes an alias for a cmdlet or function.")
@_alias_parameters
def set_alias(ctx: Any, *, name: str, value: str, pass_thru: bool, **_: Any) -> Any:
    _set_alias(ctx, name, value)
    return _alias_info(name, value, ctx.session) if pass_thru else None


@cmdlet("New-Alias", aliases=("nal",), synopsis="Creates a new alias.")
@_alias_parameters
def new_alias(ctx: Any, *, name: str, value: str, force: bool, pass_thru: bool, **_: Any) -> Any:
    if not force and (name.casefold() in ctx.session.aliases or name.casefold() in ctx.session.commands.aliases()):
        ctx.write_error(RuntimeException(
            f"The alias is not allowed, because an alias with the name '{name}' already exists.",
            error_id="AliasAlreadyExists", category=ErrorCategory.ResourceExists, target=name,
        ))
        return None
    _set_alias(ctx, name, value)
    return _alias_info(name, value, ctx.session) if pass_thru else None


@cmdlet("Get-Alias", aliases=("gal",), synopsis="Gets the aliases in the session.")
@parameter("Name", type="string[]", position=0)
def get_alias(ctx: Any, *, name: Any) -> Any:
    from azskernel.runtime.operators import like

    table = alias_table(ctx.session)
    patterns = [to_string(n) for n in (name or ["*"])]
    found = [_alias_info(a, t, ctx.session) for a, t in sorted(table.items()) if any(like(a, p) for p in patterns)]
    if not found and name:
        for p in patterns:
            if not any(c in p for c in "*?["):
                ctx.write_error(RuntimeException(
                    f"Cannot find alias because alias '{p}' does not exist.", error_id="ItemNotFoundException",
                    category=ErrorCategory.ObjectNotFound, target=p,
                ))
    return found


class AliasInfo:
    """What Get-Alias and the Alias: drive give: the alias, its target, and a settable Description (kept by the
    session, so every AliasInfo of the alias sees it)."""

    ps_type_names = ("System.Management.Automation.AliasInfo", "System.Management.Automation.CommandInfo",
                     "System.Object")

    def __init__(self, session: Any, name: str, definition: str) -> None:
        self._session = session
        self.Name = name
        self.Definition = definition

    @property
    def Description(self) -> str:  # noqa: N802 - PowerShell property names
        return str(self._session.alias_descriptions.get(self.Name.casefold(), ""))

    @Description.setter
    def Description(self, value: Any) -> None:  # noqa: N802
        self._session.alias_descriptions[self.Name.casefold()] = to_string(value)

    @property
    def DisplayName(self) -> str:  # noqa: N802
        return f"{self.Name} -> {self.Definition}"

    def ps_properties(self) -> list[tuple[str, Any]]:
        return [("CommandType", "Alias"), ("Name", self.Name), ("DisplayName", self.DisplayName),
                ("Definition", self.Definition), ("ReferencedCommand", self.Definition),
                ("ResolvedCommandName", self.Definition), ("Description", self.Description), ("Options", "None")]

    def ps_to_string(self) -> str:
        return self.Name


def alias_table(session: Any) -> dict[str, str]:
    """Every alias (the registry's and the session's), name -> target."""
    table = dict(session.commands.aliases())
    table.update(session.aliases)
    return table


def _alias_info(name: str, value: str, session: Any = None) -> AliasInfo:
    return AliasInfo(session, name, value)


COMMANDS = (invoke_expression, invoke_command, set_alias, new_alias, get_alias)
