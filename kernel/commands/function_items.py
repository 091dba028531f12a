"""Set-Item for the Function: drive only: `Set-Item function:Name -Value { … }` defines (or replaces) a function
from a script block or its text, as pwsh's function provider does. Other drives are not served here.
"""

from __future__ import annotations

from typing import Any

from azskernel.commands._util import error
from azskernel.runtime.cmdlet import cmdlet, parameter
from azskernel.runtime.conversion import as_list, to_string
from azskernel.runtime.errors import ErrorCategory


def _function_name(path: str) -> str | None:
    drive, colon, rest = path.partition(":")
    if not colon or drive.casefold() != "function":
        return None
    return rest.lstrip("\\/")


@cmdlet("Set-Item", aliases=("si",), module="Microsoft.PowerShell.Management", supports_should_process=True,
        synopsis="Changes the value of an item to the value specified in the command (the Function: drive).")
@parameter("Path", type="string[]", position=0, mandatory=True, value_from_pipeline_by_property_name=True)
@parameter("Value", position=1, value_from_pipeline=True)
@parameter("Force", switch=True)
@parameter("PassThru", switch=True)
@parameter("Options", type="string")
def set_item(ctx: Any, *, path: Any, value: Any, force: bool, pass_thru: bool, options: str | None) -> Any:
    from azskernel.language import ParseError, parse
    from azskernel.runtime.functions import FunctionInfo
    from azskernel.runtime.scriptblock import ScriptBlock

    interp = ctx.session.interpreter
    out = []
    for item in as_list(path):
        name = _function_name(to_string(item))
        if not name:
            raise error(f"Set-Item in this shell sets functions only (function:Name); '{item}' is on another drive.",
                        "NotSupported,Microsoft.PowerShell.Commands.SetItemCommand", ErrorCategory.NotImplemented,
                        item, "Set-Item")
        if isinstance(value, ScriptBlock):
            block = value
        else:
            try:
                block = ScriptBlock(parse(to_string(value)), ctx.session, module=interp.scope.module)
            except ParseError as exc:
                raise error(exc.message, "ParseError,Microsoft.PowerShell.Commands.SetItemCommand",
                            ErrorCategory.ParserError, value, "Set-Item") from None
        if not ctx.should_process(f"Item: {name} Value: {to_string(value)}", "Set Item"):
            continue
        function = FunctionInfo(name, block)
        interp.scope.functions[name.casefold()] = function
        if pass_thru:
            out.append(function)
    return out


__all__ = ["set_item"]
