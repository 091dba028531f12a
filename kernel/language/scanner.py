"""The parser's cursor over the text: skipping blanks and comments, looking ahead, and building ParseErrors.

`Scanner` is the base of every rule class (statements, commands, expressions, strings); `Parser` combines
them. Positions are plain offsets; line and column are computed only when an error is reported.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from azskernel.language import ast as A
from azskernel.language.chars import SKIP_NL_RE, SKIP_RE
from azskernel.language.errors import ParseError
from azskernel.language.lexicon import (
    KEYWORDS,
    KEYWORD_RE,
    KEYWORD_START,
    LINE_BREAK_INDENT_RE,
    SKIP_NL_START,
    SKIP_START,
)


class Scanner:
    """The cursor, the skipping rules and error construction shared by every rule."""

    __slots__ = ("src", "n", "i", "source", "_skipped_from", "_skipped_to", "type_definitions")

    def __init__(self, text: str, file: str | None = None) -> None:
        if text.startswith("\ufeff"):
            text = " " + text[1:]
        self.src = text
        self.n = len(text)
        self.i = 0
        self.source = A.Source(text, file)
        self._skipped_from = -1
        self._skipped_to = -1
        self.type_definitions: list[A.TypeDefinitionAst] = []
        """Every class/enum parsed so far; the script's root block gets them all (pwsh defines them up front)."""

    def error(self, message: str, error_id: str, pos: int | None = None, *, length: int = 1,
              incomplete: bool = False) -> ParseError:
        offset = self.i if pos is None else pos
        line, column, text = self.source.location(offset)
        return ParseError(message, error_id=error_id, line=line, column=column, text=text, offset=offset,
                          length=length, file=self.source.file, incomplete=incomplete)

    def eof_error(self, message: str, error_id: str, pos: int | None = None) -> ParseError:
        """An error caused by running out of input: more lines could fix it."""
        return self.error(message, error_id, pos, incomplete=True)

    def missing(self, message: str, error_id: str) -> ParseError:
        """Something required is not at the cursor: incomplete input at the end, else a plain error."""
        return self.eof_error(message, error_id) if self.i >= self.n else self.error(message, error_id)

    def skip(self) -> None:
        """Skip blanks, comments and backtick continuations; stop at a newline."""
        i = self.i
        if i >= self.n:
            return
        src = self.src
        c = src[i]
        if c not in SKIP_START:
            return
        if c == " " and (i + 1 >= self.n or src[i + 1] not in SKIP_START):
            self.i = i + 1  # one space between tokens: the common case, no regex
            return
        self.i = i = SKIP_RE.match(src, i).end()  # type: ignore[union-attr]
        if i < self.n and src[i] in "<`":
            self.check_after_skip()

    def skip_nl(self) -> None:
        """Skip blanks, comments, continuations and newlines."""
        i = self.i
        src = self.src
        if i >= self.n or src[i] not in SKIP_NL_START:
            return
        if i == self._skipped_from:
            # the leading-pipe lookahead already skipped this stretch
            self.i = j = self._skipped_to
        else:
            # newline plus indentation is most of it: a plain character class first, the full rule only when a
            # comment or continuation follows
            j = LINE_BREAK_INDENT_RE.match(src, i).end()  # type: ignore[union-attr]
            if j < self.n and src[j] in SKIP_NL_START:
                j = SKIP_NL_RE.match(src, j).end()  # type: ignore[union-attr]
            self._skipped_from = i
            self._skipped_to = self.i = j
        if j < self.n and src[j] in "<`":
            self.check_after_skip()

    def check_after_skip(self) -> None:
        """A skip stops short of an unclosed `<#` or a backtick at the very end: both need more input."""
        if self.i < self.n:
            c = self.src[self.i]
            if c == "<" and self.src.startswith("<#", self.i):
                raise self.eof_error("Missing closing '#>' for the block comment.", "MissingEndOfComment")
            if c == "`" and self.i == self.n - 1:
                raise self.eof_error("Missing character after the escape character '`'.", "IncompleteEscape")

    def skip_nl_semi(self) -> None:
        src, n = self.src, self.n
        while self.i < n:
            c = src[self.i]
            if c == ";":
                self.i += 1
            elif c in SKIP_NL_START:
                before = self.i
                self.skip_nl()
                if self.i == before:
                    return  # a `<` or a backtick that starts a token
            else:
                return

    def peek(self) -> str:
        return self.src[self.i] if self.i < self.n else ""

    def at(self, text: str) -> bool:
        return self.src.startswith(text, self.i)

    def expect(self, char: str, message: str, error_id: str) -> None:
        if self.i < self.n and self.src[self.i] == char:
            self.i += 1
            return
        raise self.missing(message, error_id)

    def keyword_at(self) -> str | None:
        if self.i >= self.n or self.src[self.i] not in KEYWORD_START:
            return None
        m = KEYWORD_RE.match(self.src, self.i)
        if m is None:
            return None
        word = m.group(1).lower()
        return word if word in KEYWORDS else None

    def unexpected(self) -> ParseError:
        if self.i >= self.n:
            return self.eof_error("Unexpected end of input.", "UnexpectedEndOfInput")
        m = re.compile(r"[^\s]+").match(self.src, self.i)
        text = m.group(0) if m else self.src[self.i]
        if len(text) > 1 and text[0] in ")}]":
            text = text[0]
        return self.error(f"Unexpected token '{text}' in expression or statement.", "UnexpectedToken",
                          length=len(text))

    if TYPE_CHECKING:
        # Rules each rule class calls on the others; Parser combines them all.
        def comma_list(self, first: A.Ast, parse_item: Callable[[], A.Ast], message: str, error_id: str, *,
                       check_operand: bool) -> list[A.Ast]: ...
        def dollar_part(self, parts: list[object], buf: list[str]) -> bool: ...
        def parse_argument_expression(self, after: str) -> A.Ast: ...
        def parse_attribute(self) -> A.Ast: ...
        def parse_command_argument(self) -> A.Ast: ...
        def parse_expression(self, min_prec: int = 1) -> A.Ast: ...
        def parse_expression_required(self, after: str) -> A.Ast: ...
        def parse_function_body(self) -> A.ScriptBlockAst: ...
        def parse_here_string(self) -> A.Ast: ...
        def parse_pipeline_statement(self) -> A.Ast: ...
        def parse_postfix(self, expr: A.Ast) -> A.Ast: ...
        def parse_primary(self) -> A.Ast: ...
        def parse_script_block_body(self, close: str | None, start: int) -> A.ScriptBlockAst: ...
        def parse_script_block_expression(self) -> A.Ast: ...
        def parse_statement(self) -> A.Ast | None: ...
        def parse_statement_list(self, close: str | None) -> list[A.Ast]: ...
        def parse_string(self) -> A.Ast: ...
        def parse_subexpression(self) -> A.Ast: ...
        def parse_method_arguments(self) -> list[A.Ast]: ...
        def parse_parameter_list(self, close: str) -> list[A.ParameterAst]: ...
        def parse_type_definition(self, keyword: str, start: int, attributes: list[A.Ast]) -> A.Ast: ...
        def parse_attributed_type_definition(self) -> A.Ast: ...
        def parse_type_name_text(self) -> str: ...
        def parse_variable(self) -> A.VariableExpressionAst: ...
        def starts_operand(self) -> bool: ...
