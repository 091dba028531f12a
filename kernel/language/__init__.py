"""azskernel.language: PowerShell text to an AST.

`parse(source, file=None) -> ScriptBlockAst` raises `ParseError` (message, line, column, text, error_id);
`is_complete(source)` answers "complete", "incomplete" or "invalid" for the REPL and the kernel.
"""

from __future__ import annotations

from azskernel.language import ast
from azskernel.language.errors import ParseError
from azskernel.language.parser import Parser, is_complete, parse

__all__ = ["ParseError", "Parser", "ast", "is_complete", "parse"]
