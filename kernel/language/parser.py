"""The PowerShell parser: hand-written recursive descent over the text, lexing on demand by mode.

PowerShell lexes differently in expression mode (`1+2`, `-eq`, `$a.b`) and argument mode (`Write-Output 1+2`
passes the string "1+2"; `-Name` is a parameter; barewords are strings). As in PowerShell's Parser.cs the
*rule* decides the mode: `parse_command` scans arguments, `parse_expression` scans operators. Positions are
plain offsets; line and column are computed only when an error is reported (tomllib's habit).

One method per grammar rule, named after it. Errors raise ParseError with pwsh's message and id; errors
caused by the end of input are marked `incomplete` for `is_complete` and the REPL.
"""

from __future__ import annotations

import gc

from azskernel.language import ast as A
from azskernel.language.classes import TypeDefinitionRules
from azskernel.language.commands import CommandRules
from azskernel.language.errors import ParseError
from azskernel.language.expressions import ExpressionRules
from azskernel.language.statements import StatementRules
from azskernel.language.strings import StringRules


class Parser(StatementRules, TypeDefinitionRules, CommandRules, ExpressionRules, StringRules):
    """Parses one script. `parse_script()` is the entry; everything else is a rule (statements.py, classes.py,
    commands.py, expressions.py, strings.py), all sharing the Scanner's cursor."""

    __slots__ = ()


def parse(source: str, file: str | None = None) -> A.ScriptBlockAst:
    """Parse a whole script; raises ParseError."""
    # The tree is acyclic and built in one go: the cyclic collector only costs time here (about 40%).
    enabled = gc.isenabled()
    gc.disable()
    parser = Parser(source, file)
    try:
        return parser.parse_script()
    except RecursionError:
        # pwsh's parser gives up the same way when its stack runs out (Parser.cs, ScriptTooComplicated).
        raise parser.error("Processing was stopped because the script is too complex.", "ScriptTooComplicated",
                           min(parser.i, len(source))) from None
    finally:
        if enabled:
            gc.enable()


def is_complete(source: str) -> str:
    """"complete", "incomplete" (more lines could finish it) or "invalid"."""
    try:
        parse(source)
    except ParseError as exc:
        return "incomplete" if exc.incomplete else "invalid"
    except RecursionError:
        return "invalid"
    stripped = source.rstrip(" \t")
    if stripped.endswith("\r\n"):
        stripped = stripped[:-2]
    elif stripped.endswith("\n"):
        stripped = stripped[:-1]
    if stripped.endswith("`"):
        return "incomplete"
    return "complete"
