"""The declaration model and registry: names, aliases, snake_case, declaration checks, the Python API."""

from __future__ import annotations

from pathlib import Path

import pytest

from azskernel.runtime.cmdlet import (
    CommandRegistry,
    cmdlet,
    command_info,
    parameter,
    snake_case,
)
from azskernel.runtime.processor import invoke_text
from azskernel.runtime.errors import CommandNotFoundException, ParameterBindingException


@cmdlet("Get-Widget", aliases=("gwd",), synopsis="Gets widgets.")
@parameter("Name", type="string", position=0)
@parameter("VHDType", type="string", default="Fixed")
@parameter("PassThru", switch=True)
def get_widget(ctx, *, name, vhd_type, pass_thru):  # type: ignore[no-untyped-def]
    """Gets widgets (docstring)."""
    return {"name": name, "type": vhd_type, "pass_thru": pass_thru} if name else [1, 2]


def test_snake_case() -> None:
    assert [snake_case(n) for n in ("ExpandProperty", "VHDType", "ErrorAction", "Uri", "SizeBytes", "AsUTC")] == [
        "expand_property", "vhd_type", "error_action", "uri", "size_bytes", "as_utc",
    ]


def test_registry_resolution() -> None:
    reg = CommandRegistry()
    info = reg.register(get_widget, module="Widgets")
    assert reg.resolve("get-WIDGET") is info and reg.resolve("GWD") is info
    assert reg.resolve("Widgets\\Get-Widget") is info
    assert reg.resolve("Get-Nothing") is None
    with pytest.raises(CommandNotFoundException, match="The term 'Get-Nothing' is not recognized"):
        reg.require("Get-Nothing")
    assert reg.names() == ["Get-Widget"] and reg.aliases() == {"gwd": "Get-Widget"}
    assert info.module == "Widgets" and command_info(get_widget).module == "Microsoft.PowerShell.Utility"


def test_declaration_errors_are_caught_at_import() -> None:
    with pytest.raises(ValueError, match="declared twice"):
        cmdlet("Bad-One")(parameter("Name")(parameter("name")(lambda ctx, **kw: None)))


def test_python_api_through_a_real_session(tmp_path: Path) -> None:
    from tests.commands.harness import run_script

    session = run_script("", tmp_path).session
    session.commands.register(get_widget)
    fn = session.commands.python_function("Get-Widget", session)
    assert fn("x", pass_thru=True) == [{"name": "x", "type": "Fixed", "pass_thru": True}]
    assert fn() == [1, 2]
    with pytest.raises(ParameterBindingException):
        fn("a", "b")
    select = session.commands.python_function("Select-Object", session)
    assert select(first=2, input=[5, 6, 7]) == [5, 6]
    assert invoke_text(session, "Get-Widget", "-Name w -VHDType:Dynamic")[0]["type"] == "Dynamic"
    assert invoke_text(session, "Join-Path", "'a' 'b'") == ["a/b"]
    with pytest.raises(Exception, match="not the arguments of one command"):
        invoke_text(session, "Get-Widget", "x; Remove-Item y")


def test_unexpected_python_errors_become_cmdlet_errors(tmp_path: Path) -> None:
    from tests.commands.harness import run_script

    @cmdlet("Invoke-Broken")
    def broken(ctx):  # type: ignore[no-untyped-def]
        raise ZeroDivisionError("division by zero")

    r = run_script("", tmp_path)
    r.session.commands.register(broken)
    from azskernel.runtime.errors import CmdletInvocationException

    proc = r.session.commands.require("Invoke-Broken").start(r.session.command_context, [])
    with pytest.raises(CmdletInvocationException, match="division by zero"):
        proc.invoke()
