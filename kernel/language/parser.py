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
import re
from collections.abc import Callable

from azskernel.language import ast as A
from azskernel.language.chars import (
    ARG_END,
    BLANKS,
    DASHES,
    DOUBLE_QUOTES,
    SINGLE_QUOTES,
    SKIP_NL_RE,
    SKIP_RE,
)
from azskernel.language.errors import ParseError
from azskernel.language.numbers import parse_number

KEYWORDS = frozenset({
    "if", "switch", "foreach", "for", "while", "do", "function", "filter", "workflow", "try", "trap",
    "throw", "return", "break", "continue", "exit", "data", "class", "enum", "param", "begin", "process",
    "end", "dynamicparam", "else", "elseif", "until", "catch", "finally", "in", "using", "configuration",
})
STATEMENT_KEYWORDS = frozenset({
    "if", "switch", "foreach", "for", "while", "do", "function", "filter", "workflow", "try", "trap",
    "throw", "return", "break", "continue", "exit", "data", "class", "enum", "using", "configuration",
})

# Binary operator precedence (token.cs BinaryPrecedence*): larger binds tighter.
PREC_LOGICAL, PREC_BITWISE, PREC_COMPARISON, PREC_ADD, PREC_MULTIPLY, PREC_FORMAT, PREC_RANGE = range(1, 8)

_COMPARISON_BASE = (
    "eq", "ne", "gt", "ge", "lt", "le", "like", "notlike", "match", "notmatch", "replace", "contains",
    "notcontains", "in", "notin", "split",
)
DASH_BINARY: dict[str, int] = {"and": PREC_LOGICAL, "or": PREC_LOGICAL, "xor": PREC_LOGICAL,
                               "band": PREC_BITWISE, "bor": PREC_BITWISE, "bxor": PREC_BITWISE,
                               "shl": PREC_BITWISE, "shr": PREC_BITWISE, "f": PREC_FORMAT,
                               "join": PREC_COMPARISON, "is": PREC_COMPARISON, "isnot": PREC_COMPARISON,
                               "as": PREC_COMPARISON}
for _base in _COMPARISON_BASE:
    for _prefix in ("", "i", "c"):
        DASH_BINARY[_prefix + _base] = PREC_COMPARISON
DASH_UNARY = frozenset({"not", "bnot", "split", "join", "isplit", "csplit"})

_BLANK = "[ \\t\\f\\v\\u00a0\\u0085\\u1680\\u2000-\\u200a\\u202f\\u205f\\u3000\\ufeff]"
_WORD_RE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_KEYWORD_RE = re.compile(r"([A-Za-z]+)(?![A-Za-z0-9_\-\\/.:])")
_DASH_WORD_RE = re.compile(r"[-\u2013\u2014\u2015]([A-Za-z]+)")
_PARAM_RE = re.compile(r"[-\u2013\u2014\u2015]([A-Za-z_?][^\s\u00a0\u0085;|&(){},<>:\"'\u2018-\u201e]*)(:?)")
_NUMBER_RE = re.compile(
    r"(?i)(?:0x[0-9a-f]+|0b[01]+|(?:\d+\.\d+|\.\d+|\d+)(?:e[+\-]?\d+)?)(?:ul|us|uy|u|l|d|y|s|n)?(?:kb|mb|gb|tb|pb)?"
)
_VAR_RE = re.compile(r"\$(?:(?P<scope>[A-Za-z_][A-Za-z0-9_]*):(?=[A-Za-z0-9_?{])(?P<sname>[A-Za-z0-9_?]+)?|(?P<name>[A-Za-z0-9_?]+)|(?P<special>[$^]))")
_SPLAT_RE = re.compile(r"@(?P<name>[A-Za-z0-9_?]+)")
_SQ_STRING_RE = re.compile(r"['\u2018\u2019\u201a\u201b]((?:[^'\u2018\u2019\u201a\u201b]|['\u2018\u2019\u201a\u201b]{2})*)['\u2018\u2019\u201a\u201b]")
_SQ_DOUBLED_RE = re.compile(r"(['\u2018\u2019\u201a\u201b])['\u2018\u2019\u201a\u201b]")
_DQ_SIMPLE_RE = re.compile(r"[\"\u201c\u201d\u201e]([^\"\u201c\u201d\u201e`$]*)[\"\u201c\u201d\u201e]")
_GENERIC_PLAIN_RE = re.compile(r"[^\s\u00a0\u0085;|&(){},<>\"'`$\u2018\u2019\u201a\u201b\u201c\u201d\u201e]+")
_REDIRECT_RE = re.compile(r"([1-6*])?(>>?)(?:&([12]))?")
_MEMBER_NAME_RE = re.compile(r"[A-Za-z_\u00c0-\uffff][A-Za-z0-9_\u00c0-\uffff]*")
_TYPE_NAME_RE = re.compile(r"[A-Za-z_][A-Za-z0-9_.`+]*")
_HASH_KEY_RE = re.compile(r"[A-Za-z_][A-Za-z0-9_\-.]*")
_FUNC_NAME_RE = re.compile(r"[^\s\u00a0(){};]+")
_HERE_END_DQ = re.compile(r"(?:\r\n|\r|\n)[\"\u201c\u201d\u201e]@")
_HERE_END_SQ = re.compile(r"(?:\r\n|\r|\n)['\u2018\u2019\u201a\u201b]@")
_BLANKS_ONLY_RE = re.compile(f"{_BLANK}*")
_SIMPLE_VAR_RE = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)(?![:A-Za-z0-9_?])")
_SIMPLE_ASSIGN_RE = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)[ \t]*=(?!=)")
_SIMPLE_TYPE_RE = re.compile(r"[A-Za-z_][A-Za-z0-9_.`+]*(?:\[\])*(?=[\](])")

# Runs of literal text inside expandable strings: everything but quotes, backticks and `$`.
_DQ_TEXT_RE = re.compile(r"[^\"\u201c\u201d\u201e`$]+")
_HERE_TEXT_RE = re.compile(r"[^`$]+")
_POSTFIX_START = frozenset(".:[+-\u2013\u2014\u2015")

_REDIRECT_START = frozenset(">*123456<")

_KEYWORD_START = frozenset("".join(KEYWORDS) + "".join(KEYWORDS).upper())

_SKIP_START = BLANKS | frozenset("#<`")
_SKIP_NL_START = _SKIP_START | frozenset("\r\n")
_LINE_BREAK_INDENT_RE = re.compile(r"[\r\n \t]*")

ESCAPES = {"0": "\0", "a": "\a", "b": "\b", "e": "\x1b", "f": "\f", "n": "\n", "r": "\r", "t": "\t", "v": "\v"}

_BLOCK_STATEMENTS = (A.IfStatementAst, A.LoopAst, A.TryStatementAst, A.TrapStatementAst,
                     A.FunctionDefinitionAst, A.DataStatementAst)

_ASSIGN_START = frozenset("=+*/%?-\u2013\u2014\u2015")

STATEMENT_END = frozenset("\r\n;)}")


def _add_node(parts: list[object], buf: list[str], node: A.Ast) -> None:
    """Expandable text: the literal text gathered so far, then a node."""
    if buf:
        parts.append("".join(buf))
        buf.clear()
    parts.append(node)


class Parser:
    """Parses one script. `parse_script()` is the entry; everything else is a rule."""

    def __init__(self, text: str, file: str | None = None) -> None:
        if text.startswith("\ufeff"):
            text = " " + text[1:]
        self.src = text
        self.n = len(text)
        self.i = 0
        self.source = A.Source(text, file)
        self._skipped_from = -1
        self._skipped_to = -1

    # ------------------------------------------------------------------ helpers

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
        if c not in _SKIP_START:
            return
        if c == " " and (i + 1 >= self.n or src[i + 1] not in _SKIP_START):
            self.i = i + 1  # one space between tokens: the common case, no regex
            return
        self.i = i = SKIP_RE.match(src, i).end()  # type: ignore[union-attr]
        if i < self.n and src[i] in "<`":
            self.check_after_skip()

    def skip_nl(self) -> None:
        """Skip blanks, comments, continuations and newlines."""
        i = self.i
        if i >= self.n or self.src[i] not in _SKIP_NL_START:
            return
        if i == self._skipped_from:
            # the leading-pipe lookahead already skipped this stretch
            self.i = i = self._skipped_to
        else:
            src = self.src
            # newline plus indentation is most of it: a plain character class first, the full rule only when a
            # comment or continuation follows
            j = _LINE_BREAK_INDENT_RE.match(src, i).end()  # type: ignore[union-attr]
            if j < self.n and src[j] in _SKIP_NL_START:
                j = SKIP_NL_RE.match(src, j).end()  # type: ignore[union-attr]
            self._skipped_from, self._skipped_to = i, j
            self.i = i = j
        if i < self.n and self.src[i] in "<`":
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
            elif c in _SKIP_NL_START:
                self.skip_nl()
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
        if self.i >= self.n or self.src[self.i] not in _KEYWORD_START:
            return None
        m = _KEYWORD_RE.match(self.src, self.i)
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

    # ------------------------------------------------------------------ script blocks

    def parse_script(self) -> A.ScriptBlockAst:
        block = self.parse_script_block_body(None, 0)
        if self.i < self.n:
            raise self.unexpected()
        return block

    def parse_script_block_body(self, close: str | None, start: int) -> A.ScriptBlockAst:
        self.skip_nl_semi()
        param_block = self.try_param_block()
        self.skip_nl_semi()
        begin = process = end = None
        named = False
        while True:
            kw = self.keyword_at()
            if kw in ("begin", "process", "end", "dynamicparam"):
                save = self.i
                self.i += len(kw)
                self.skip_nl()
                if self.src.startswith("{", self.i):
                    block_start = self.i
                    body = self.parse_statement_block()
                    node = A.NamedBlockAst(block_start, self.i, kw, body)
                    if kw == "begin":
                        begin = node
                    elif kw == "process":
                        process = node
                    elif kw == "end":
                        end = node
                    named = True
                    self.skip_nl_semi()
                    continue
                self.i = save
            break
        if not named:
            body_start = self.i
            statements = self.parse_statement_list(close)
            end = A.NamedBlockAst(body_start, self.i, "end", statements, unnamed=True)
        elif close is not None and self.peek() != close and self.i < self.n:
            raise self.unexpected()
        return A.ScriptBlockAst(start, self.i, param_block, begin, process, end, self.source)

    def try_param_block(self) -> A.ParamBlockAst | None:
        save = self.i
        start = self.i
        attributes: list[A.Ast] = []
        if self.src.startswith("[", self.i):
            try:
                while self.src.startswith("[", self.i):
                    attributes.append(self.parse_attribute())
                    self.skip_nl()
            except ParseError:
                self.i = save
                return None
        if self.keyword_at() != "param":
            self.i = save
            return None
        self.i += 5
        self.skip_nl()
        if not self.src.startswith("(", self.i):
            self.i = save
            return None
        self.i += 1
        parameters = self.parse_parameter_list(")")
        return A.ParamBlockAst(start, self.i, attributes, parameters)

    def parse_parameter_list(self, close: str) -> list[A.ParameterAst]:
        params: list[A.ParameterAst] = []
        while True:
            self.skip_nl()
            if self.peek() == close:
                self.i += 1
                return params
            if self.i >= self.n:
                raise self.eof_error("Missing ')' in function parameter list.", "MissingEndParenthesisInFunctionParameterList")
            start = self.i
            attributes: list[A.Ast] = []
            while self.src.startswith("[", self.i):
                attributes.append(self.parse_attribute())
                self.skip_nl()
            m = _VAR_RE.match(self.src, self.i)
            if m is None:
                if self.src.startswith("$", self.i) and self.src.startswith("${", self.i):
                    var = self.parse_variable()
                    name = var.name
                else:
                    raise self.error("Missing ')' in function parameter list.", "MissingEndParenthesisInFunctionParameterList")
            else:
                self.i = m.end()
                name = m.group("name") or m.group("sname") or ""
            self.skip_nl()
            default = None
            if self.src.startswith("=", self.i):
                self.i += 1
                self.skip_nl()
                default = self.parse_argument_expression("=")
            params.append(A.ParameterAst(start, self.i, name, attributes, default))
            self.skip_nl()
            if self.src.startswith(",", self.i):
                self.i += 1
                continue
            if self.peek() == close:
                self.i += 1
                return params
            raise self.missing("Missing ')' in function parameter list.", "MissingEndParenthesisInFunctionParameterList")

    def parse_type_name_text(self) -> str:
        """The text between `[` and its `]` (already past `[`), with nested generic brackets."""
        start = self.i
        m = _SIMPLE_TYPE_RE.match(self.src, self.i)
        if m is not None:
            self.i = m.end()
            return m.group(0)
        depth = 0
        while self.i < self.n:
            c = self.src[self.i]
            if c == "[":
                depth += 1
            elif c == "]":
                if depth == 0:
                    break
                depth -= 1
            elif c in "\r\n(" or (c == "," and depth == 0):
                break
            self.i += 1
        return self.src[start:self.i].strip()

    def parse_attribute(self) -> A.Ast:
        start = self.i
        self.i += 1  # [
        self.skip()
        name = self.parse_type_name_text()
        if not name:
            raise self.missing("Missing type name after '['.", "MissingTypename")
        if self.src.startswith("(", self.i):
            self.i += 1
            positional: list[A.Ast] = []
            named: list[tuple[str, A.Ast | None]] = []
            while True:
                self.skip_nl()
                if self.src.startswith(")", self.i):
                    self.i += 1
                    break
                if self.i >= self.n:
                    raise self.eof_error("Missing closing ')' in expression.", "MissingEndParenthesisInExpression")
                m = _WORD_RE.match(self.src, self.i)
                handled = False
                if m is not None:
                    save = self.i
                    self.i = m.end()
                    self.skip()
                    if self.src.startswith("=", self.i) and not self.at("=="):
                        self.i += 1
                        self.skip_nl()
                        named.append((m.group(0), self.parse_argument_expression("=")))
                        handled = True
                    elif self.peek() in (",", ")"):
                        named.append((m.group(0), None))
                        handled = True
                    else:
                        self.i = save
                if not handled:
                    positional.append(self.parse_argument_expression(","))
                self.skip_nl()
                if self.src.startswith(",", self.i):
                    self.i += 1
                    continue
                if self.src.startswith(")", self.i):
                    self.i += 1
                    break
                raise self.missing("Missing closing ')' in expression.", "MissingEndParenthesisInExpression")
            self.skip()
            self.expect("]", "Missing closing ']' in attribute.", "EndSquareBracketExpectedAtEndOfAttribute")
            return A.AttributeAst(start, self.i, name, positional, named)
        self.expect("]", "Missing ']' at end of attribute or type literal.", "EndSquareBracketExpectedAtEndOfType")
        return A.TypeConstraintAst(start, self.i, name)

    def parse_statement_block(self) -> list[A.Ast]:
        """`{ statements }`."""
        if not self.src.startswith("{", self.i):
            raise self.missing("Missing statement block.", "MissingStatementBlock")
        open_pos = self.i
        self.i += 1
        statements = self.parse_statement_list("}")
        if not self.src.startswith("}", self.i):
            raise self.eof_error("Missing closing '}' in statement block or type definition.", "MissingEndCurlyBrace", open_pos)
        self.i += 1
        return statements

    def parse_statement_list(self, close: str | None) -> list[A.Ast]:
        statements: list[A.Ast] = []
        src = self.src
        while True:
            self.skip_nl_semi()
            if self.i >= self.n:
                if close is not None:
                    return statements
                return statements
            c = src[self.i]
            if close is not None and c == close:
                return statements
            if c in ")}" or (c == "]" and close != "]"):
                if close is None or c != close:
                    raise self.unexpected()
            statement = self.parse_statement()
            if statement is not None:
                statements.append(statement)
            if self.i < self.n and src[self.i] in _SKIP_START:
                self.skip()
            if self.i < self.n:
                c = src[self.i]
                if c not in STATEMENT_END and not (close is not None and c == close):
                    # a compound statement ending in `}` needs no separator (`trap {…} try {…}`)
                    if not (isinstance(statement, _BLOCK_STATEMENTS) and src[statement.end - 1] == "}"):
                        raise self.unexpected()

    # ------------------------------------------------------------------ statements

    def parse_statement(self) -> A.Ast | None:
        start = self.i
        c = self.src[self.i]
        label = None
        if c == ":":
            m = _WORD_RE.match(self.src, self.i + 1)
            if m is not None:
                label = m.group(0)
                self.i = m.end()
                self.skip_nl()
                kw = self.keyword_at()
                if kw not in ("foreach", "for", "while", "do", "switch"):
                    raise self.error(f"Unexpected token ':{label}' in expression or statement.", "UnexpectedToken", start)
                return self.parse_keyword_statement(kw, start, label)
        if c.isalpha():
            kw = self.keyword_at()
            if kw is not None and kw in STATEMENT_KEYWORDS:
                return self.parse_keyword_statement(kw, start, None)
            if kw in ("param",):
                raise self.error("The param block must be the first statement in a script or function.", "ParamBlockNotFirst")
        return self.parse_pipeline_statement()

    def parse_keyword_statement(self, kw: str, start: int, label: str | None) -> A.Ast | None:
        self.i += len(kw)
        if kw == "if":
            return self.parse_if(start)
        if kw in ("function", "filter", "workflow"):
            return self.parse_function(start, kw == "filter")
        if kw == "foreach":
            return self.parse_foreach(start, label)
        if kw == "for":
            return self.parse_for(start, label)
        if kw == "while":
            return self.parse_while(start, label)
        if kw == "do":
            return self.parse_do(start, label)
        if kw == "switch":
            return self.parse_switch(start, label)
        if kw == "try":
            return self.parse_try(start)
        if kw == "trap":
            return self.parse_trap(start)
        if kw in ("throw", "return", "exit"):
            self.skip()
            pipeline = None
            if self.i < self.n and self.src[self.i] not in STATEMENT_END and self.src[self.i] != "|":
                pipeline = self.parse_pipeline_statement()
            cls = {"throw": A.ThrowStatementAst, "return": A.ReturnStatementAst, "exit": A.ExitStatementAst}[kw]
            return cls(start, self.i, pipeline)
        if kw in ("break", "continue"):
            self.skip()
            target = None
            if self.i < self.n and self.src[self.i] not in STATEMENT_END and self.src[self.i] != "|":
                target = self.parse_command_argument()
            cls2 = A.BreakStatementAst if kw == "break" else A.ContinueStatementAst
            return cls2(start, self.i, target)
        if kw == "data":
            self.skip_nl()
            if self.peek() not in ("{", ""):
                # data name { } / data -SupportedCommand ...: skip to the block
                while self.i < self.n and self.src[self.i] != "{":
                    self.i += 1
            body = self.parse_statement_block()
            return A.DataStatementAst(start, self.i, body)
        if kw == "using":
            # `using namespace X` / `using module X`: accepted and ignored (types resolve by short name).
            while self.i < self.n and self.src[self.i] not in "\r\n;":
                self.i += 1
            return None
        raise self.error(f"'{kw}' definitions are not supported by this shell yet.", "UnsupportedStatement", start,
                         length=len(kw))

    def parse_condition(self, keyword: str) -> A.Ast:
        self.skip_nl()
        if not self.src.startswith("(", self.i):
            raise self.missing(f"Missing '(' after '{keyword}' in {keyword} statement.", "MissingOpenParenthesisInIfStatement")
        self.i += 1
        self.skip_nl()
        if self.i >= self.n:
            raise self.eof_error(f"Missing condition in {keyword} statement after '{keyword} ('.", "IfStatementMissingCondition")
        if self.src.startswith(")", self.i):
            raise self.error(f"Missing condition in {keyword} statement after '{keyword} ('.", "IfStatementMissingCondition")
        cond = self.parse_pipeline_statement()
        self.skip_nl()
        if not self.src.startswith(")", self.i):
            raise self.missing(f"Missing closing ')' after expression in '{keyword}' statement.", "MissingEndParenthesisAfterStatement")
        self.i += 1
        return cond

    def parse_if(self, start: int) -> A.Ast:
        clauses: list[tuple[A.Ast, list[A.Ast]]] = []
        cond = self.parse_condition("if")
        self.skip_nl()
        clauses.append((cond, self.parse_statement_block()))
        else_body = None
        while True:
            save = self.i
            self.skip_nl()
            kw = self.keyword_at()
            if kw == "elseif":
                self.i += 6
                cond = self.parse_condition("elseif")
                self.skip_nl()
                clauses.append((cond, self.parse_statement_block()))
                continue
            if kw == "else":
                self.i += 4
                self.skip_nl()
                if self.keyword_at() == "if":
                    # `else if` is not PowerShell, but pwsh reports it clearly; keep the same message.
                    raise self.error("Missing statement block after 'else'.", "MissingElseClause")
                else_body = self.parse_statement_block()
                break
            self.i = save
            break
        return A.IfStatementAst(start, self.i, clauses, else_body)

    def parse_while(self, start: int, label: str | None) -> A.Ast:
        cond = self.parse_condition("while")
        self.skip_nl()
        body = self.parse_statement_block()
        return A.WhileStatementAst(start, self.i, label, cond, body)

    def parse_do(self, start: int, label: str | None) -> A.Ast:
        self.skip_nl()
        body = self.parse_statement_block()
        self.skip_nl()
        kw = self.keyword_at()
        if kw not in ("while", "until"):
            raise self.missing("Missing while or until keyword in do loop.", "MissingWhileOrUntilInDoWhile")
        self.i += len(kw)
        cond = self.parse_condition(kw)
        return A.DoLoopStatementAst(start, self.i, label, cond, body, kw == "until")

    def parse_for(self, start: int, label: str | None) -> A.Ast:
        self.skip_nl()
        self.expect("(", "Missing opening '(' after keyword 'for'.", "MissingOpenParenthesisAfterKeyword")
        parts: list[A.Ast | None] = []
        for index in range(3):
            self.skip_nl()
            part = None
            if self.peek() not in (";", ")", ""):
                part = self.parse_pipeline_statement()
            parts.append(part)
            self.skip()
            if index < 2:
                if self.peek() in (";", "\n", "\r"):
                    self.i += 1
                elif self.src.startswith(")", self.i):
                    parts.extend([None] * (2 - index))
                    break
        self.skip_nl()
        self.expect(")", "Missing closing ')' after expression in 'for' statement.", "MissingEndParenthesisAfterStatement")
        self.skip_nl()
        body = self.parse_statement_block()
        return A.ForStatementAst(start, self.i, label, parts[0], parts[1], parts[2], body)

    def parse_foreach(self, start: int, label: str | None) -> A.Ast:
        self.skip_nl()
        # foreach -parallel / -throttlelimit are workflow-only; not supported
        self.expect("(", "Missing opening '(' after keyword 'foreach'.", "MissingOpenParenthesisAfterKeyword")
        self.skip_nl()
        if not self.src.startswith("$", self.i):
            raise self.error("Missing variable name after foreach.", "MissingVariableNameAfterForeach")
        var = self.parse_variable()
        self.skip_nl()
        if self.keyword_at() != "in":
            raise self.missing("Missing 'in' after variable in foreach loop.", "MissingInInForeach")
        self.i += 2
        self.skip_nl()
        iterable = self.parse_pipeline_statement()
        self.skip_nl()
        self.expect(")", "Missing closing ')' after expression in 'foreach' statement.", "MissingEndParenthesisAfterForeach")
        self.skip_nl()
        body = self.parse_statement_block()
        return A.ForEachStatementAst(start, self.i, label, var, iterable, body)

    def parse_switch(self, start: int, label: str | None) -> A.Ast:
        flags: dict[str, bool] = {}
        file_expr = None
        while True:
            self.skip_nl()
            m = _DASH_WORD_RE.match(self.src, self.i)
            if m is None:
                break
            name = m.group(1).lower()
            self.i = m.end()
            for option in ("regex", "wildcard", "exact", "casesensitive", "file", "parallel"):
                if option.startswith(name):
                    name = option
                    break
            else:
                raise self.error(f"'-{m.group(1)}' is not a valid switch option.", "InvalidSwitchFlag", m.start())
            flags[name] = True
            if name == "file":
                self.skip()
                file_expr = self.parse_command_argument()
        condition = None
        self.skip_nl()
        if file_expr is None:
            condition = self.parse_condition("switch")
        self.skip_nl()
        if not self.src.startswith("{", self.i):
            raise self.missing("Missing opening '{' in switch statement.", "MissingCurlyBraceInSwitchStatement")
        open_pos = self.i
        self.i += 1
        clauses: list[tuple[A.Ast, list[A.Ast]]] = []
        default = None
        while True:
            self.skip_nl_semi()
            if self.src.startswith("}", self.i):
                self.i += 1
                break
            if self.i >= self.n:
                raise self.eof_error("Missing closing '}' in statement block or type definition.", "MissingEndCurlyBrace", open_pos)
            clause_start = self.i
            is_default = False
            if self.keyword_at() is None:
                m = re.compile(r"default(?![A-Za-z0-9_\-])", re.I).match(self.src, self.i)
                if m is not None:
                    save = self.i
                    self.i = m.end()
                    self.skip_nl()
                    if self.src.startswith("{", self.i):
                        is_default = True
                    else:
                        self.i = save
            if is_default:
                default = self.parse_statement_block()
                continue
            cond = self.parse_command_argument()
            self.skip_nl()
            if not self.src.startswith("{", self.i):
                if self.i >= self.n:
                    raise self.eof_error("Missing statement block in switch statement clause.", "MissingSwitchStatementClause")
                raise self.error("Missing statement block in switch statement clause.", "MissingSwitchStatementClause", clause_start)
            body = self.parse_statement_block()
            clauses.append((cond, body))
        return A.SwitchStatementAst(start, self.i, label, flags, condition, file_expr, clauses, default)

    def parse_try(self, start: int) -> A.Ast:
        self.skip_nl()
        body = self.parse_statement_block()
        catches: list[A.CatchClauseAst] = []
        finally_body = None
        while True:
            save = self.i
            self.skip_nl()
            kw = self.keyword_at()
            if kw == "catch":
                cstart = self.i
                self.i += 5
                types: list[str] = []
                while True:
                    self.skip_nl()
                    if self.src.startswith("[", self.i):
                        self.i += 1
                        types.append(self.parse_type_name_text())
                        self.expect("]", "Missing type name after '['.", "EndSquareBracketExpectedAtEndOfType")
                        self.skip_nl()
                        if self.src.startswith(",", self.i):
                            self.i += 1
                            continue
                    break
                cbody = self.parse_statement_block()
                catches.append(A.CatchClauseAst(cstart, self.i, types, cbody))
                continue
            if kw == "finally":
                self.i += 7
                self.skip_nl()
                finally_body = self.parse_statement_block()
                break
            self.i = save
            break
        if not catches and finally_body is None:
            raise self.missing("The Try statement is missing its Catch or Finally block.", "MissingCatchOrFinally")
        return A.TryStatementAst(start, self.i, body, catches, finally_body)

    def parse_trap(self, start: int) -> A.Ast:
        self.skip_nl()
        type_name = None
        if self.src.startswith("[", self.i):
            self.i += 1
            type_name = self.parse_type_name_text()
            self.expect("]", "Missing type name after '['.", "EndSquareBracketExpectedAtEndOfType")
            self.skip_nl()
        body = self.parse_statement_block()
        return A.TrapStatementAst(start, self.i, type_name, body)

    def parse_function(self, start: int, is_filter: bool) -> A.Ast:
        self.skip()
        m = _FUNC_NAME_RE.match(self.src, self.i)
        if m is None:
            raise self.missing("Missing name after function keyword.", "MissingNameAfterKeyword")
        name = m.group(0)
        self.i = m.end()
        self.skip_nl()
        parameters = None
        if self.src.startswith("(", self.i):
            self.i += 1
            parameters = self.parse_parameter_list(")")
            self.skip_nl()
        if not self.src.startswith("{", self.i):
            raise self.missing("Missing function body in function declaration.", "MissingFunctionBody")
        open_pos = self.i
        self.i += 1
        body = self.parse_script_block_body("}", self.i)
        if not self.src.startswith("}", self.i):
            raise self.eof_error("Missing closing '}' in statement block or type definition.", "MissingEndCurlyBrace", open_pos)
        body.end = self.i
        body.is_filter = is_filter
        self.i += 1
        return A.FunctionDefinitionAst(start, self.i, name, is_filter, parameters, body)

    # ------------------------------------------------------------------ pipelines

    def parse_pipeline_statement(self) -> A.Ast:
        start = self.i
        m = _SIMPLE_ASSIGN_RE.match(self.src, start)
        if m is not None:
            # `$name = …`, the most common statement, without going through the expression rules
            self.i = m.end()
            return self.finish_assignment(start, A.VariableExpressionAst(start, m.end(1), m.group(1), None), "=")
        first = self.parse_pipeline_element()  # stops past blanks, as every pipeline element does
        if type(first) is A.CommandExpressionAst and not first.redirections and self.i < self.n and self.src[self.i] in _ASSIGN_START:
            op = self.assignment_operator()
            if op is not None:
                target = first.expression
                self.check_assignable(target)
                self.i += len(op)
                return self.finish_assignment(start, target, op)
        elements = [first]
        while True:
            if self.i < self.n and self.src[self.i] == "|" and not self.at("||"):
                self.i += 1
                self.skip_nl()
                if self.i >= self.n:
                    raise self.eof_error("An empty pipe element is not allowed.", "EmptyPipeElement")
                if self.src[self.i] in "|;)}":
                    raise self.error("An empty pipe element is not allowed.", "EmptyPipeElement")
                elements.append(self.parse_pipeline_element(in_pipe=True))
                continue
            # pwsh 7: a line that starts with `|` continues the pipeline
            if self.i < self.n and self.src[self.i] in "\r\n":
                save = self.i
                self.skip_nl()
                if self.i < self.n and self.src[self.i] == "|" and not self.at("||"):
                    continue
                self.i = save
            break
        # the loop above stops past blanks
        if self.i + 1 < self.n and self.src[self.i] in "&|" and self.src[self.i + 1] == self.src[self.i]:
            op = self.src[self.i:self.i + 2]
            self.i += 2
            self.skip_nl()
            right = self.parse_pipeline_statement()
            left = A.PipelineAst(start, self.i, elements)
            return A.PipelineChainAst(start, self.i, left, op, right)
        background = False
        if self.i < self.n and self.src[self.i] == "&":
            background = True
            self.i += 1
        return A.PipelineAst(start, self.i, elements, background)

    def finish_assignment(self, start: int, target: A.Ast, op: str) -> A.Ast:
        """The right-hand side of an assignment, the cursor just past its operator."""
        self.skip_nl()
        if self.i >= self.n:
            raise self.eof_error(f"You must provide a value expression following the '{op}' operator.", "ExpectedValueExpression")
        if self.src[self.i] in ")};":
            raise self.error(f"You must provide a value expression following the '{op}' operator.", "ExpectedValueExpression")
        right = self.parse_statement()
        if right is None:
            raise self.error(f"You must provide a value expression following the '{op}' operator.", "ExpectedValueExpression")
        return A.AssignmentStatementAst(start, self.i, target, op, right)

    def assignment_operator(self) -> str | None:
        if self.i >= self.n:
            return None
        c = self.src[self.i]
        if c == "=":
            return None if self.at("==") else "="
        if c in "+*/%" or c in DASHES:
            if self.i + 1 < self.n and self.src[self.i + 1] == "=":
                return ("-" if c in DASHES else c) + "="
        if self.at("??="):
            return "??="
        return None

    def check_assignable(self, target: A.Ast) -> None:
        if isinstance(target, (A.VariableExpressionAst, A.MemberExpressionAst, A.IndexExpressionAst)):
            return
        if isinstance(target, A.ConvertExpressionAst) and isinstance(target.operand, (A.VariableExpressionAst, A.ConvertExpressionAst)):
            return
        if isinstance(target, A.ArrayLiteralAst) and all(
            isinstance(e, (A.VariableExpressionAst, A.MemberExpressionAst, A.IndexExpressionAst, A.ConvertExpressionAst))
            for e in target.elements
        ):
            return
        raise self.error("The assignment expression is not valid. The input to an assignment operator must be an object "
                         "that is able to accept assignments, such as a variable or a property.",
                         "InvalidLeftHandSide", target.pos, length=target.end - target.pos)

    def parse_pipeline_element(self, in_pipe: bool = False) -> A.Ast:
        if self.i >= self.n:
            raise self.eof_error("An empty pipe element is not allowed.", "EmptyPipeElement")
        c = self.src[self.i]
        if c in _SKIP_START:
            self.skip()
            if self.i >= self.n:
                raise self.eof_error("An empty pipe element is not allowed.", "EmptyPipeElement")
            c = self.src[self.i]
        start = self.i
        if c == "&" and not self.at("&&"):
            self.i += 1
            return self.parse_command(start, "&")
        if c == "." and self.i + 1 < self.n and (self.src[self.i + 1] in BLANKS or self.src[self.i + 1] in "$'\"{(\u2018\u2019\u201c\u201d"):
            self.i += 1
            return self.parse_command(start, ".")
        if self.starts_command(c):
            return self.parse_command(start, None)
        expr = self.parse_expression()
        # parse_expression stops past blanks: most expressions have no redirection to look for
        redirections = self.parse_redirections() if self.i < self.n and self.src[self.i] in _REDIRECT_START else []
        return A.CommandExpressionAst(start, self.i, expr, redirections)

    def starts_command(self, c: str) -> bool:
        """Whether the element at the cursor is a command (argument mode) rather than an expression."""
        if c in "$@([{'\"\u2018\u2019\u201a\u201b\u201c\u201d\u201e!+,":
            return False
        if c in DASHES:
            # `-not x`, `-5`, `--x` are expressions; a bare `-` word like `-foo` is a command name in pwsh,
            # but scripts do not use that; treat dash-words as operators.
            return False
        if c.isdigit():
            m = _NUMBER_RE.match(self.src, self.i)
            if m is not None:
                nxt = self.src[m.end()] if m.end() < self.n else " "
                if nxt in ARG_END or nxt in ".+-*/%,=]\u2013" or nxt in "\r\n":
                    return False
            return True
        if c == ".":
            return not (self.i + 1 < self.n and self.src[self.i + 1].isdigit())
        return True

    def parse_redirections(self) -> list[A.RedirectionAst]:
        self.skip()
        if self.i >= self.n or self.src[self.i] not in ">*123456<":
            return []
        redirections: list[A.RedirectionAst] = []
        while True:
            self.skip()
            r = self.try_redirection()
            if r is None:
                return redirections
            redirections.append(r)

    def try_redirection(self) -> A.RedirectionAst | None:
        if self.i >= self.n:
            return None
        c = self.src[self.i]
        if c == "<":
            raise self.error("The '<' operator is reserved for future use.", "RedirectionNotSupported")
        if c not in ">*123456":
            return None
        m = _REDIRECT_RE.match(self.src, self.i)
        if m is None:
            return None
        start = self.i
        stream = m.group(1) or "1"
        append = m.group(2) == ">>"
        to_stream = m.group(3)
        self.i = m.end()
        target = None
        if to_stream is None:
            self.skip()
            if self.i >= self.n or self.src[self.i] in "\r\n;|)}":
                raise self.error("Missing file specification after redirection operator.", "MissingFileSpecification")
            target = self.parse_command_argument()
        return A.RedirectionAst(start, self.i, stream, to_stream, target, append)

    def parse_command(self, start: int, invocation: str | None) -> A.Ast:
        elements: list[A.Ast] = []
        redirections: list[A.RedirectionAst] = []
        src = self.src
        if invocation is not None:
            self.skip()
            if self.i >= self.n or src[self.i] in "\r\n;|)}":
                raise self.error(f"Missing expression after '{invocation}'.", "MissingExpression")
            elements.append(self.parse_command_argument())
        else:
            elements.append(self.parse_generic_word(command_name=True))
        while True:
            self.skip()
            if self.i >= self.n:
                break
            c = src[self.i]
            if c in "\r\n;|)}":
                break
            if c == "&":
                if self.at("&&"):
                    break
                break
            if c in ">*123456<":
                r = self.try_redirection()
                if r is not None:
                    redirections.append(r)
                    continue
            if c in DASHES:
                m = _PARAM_RE.match(src, self.i)
                if m is not None:
                    self.i = m.end()
                    name = m.group(1)
                    text = src[m.start():m.end()]
                    argument = None
                    colon = bool(m.group(2))
                    if colon:
                        self.skip()
                        if self.i >= self.n or src[self.i] in "\r\n;|)}":
                            raise self.error(f"The parameter -{name} requires an argument.", "ParameterRequiresArgument")
                        argument = self.parse_command_argument_list()
                    elements.append(A.CommandParameterAst(m.start(), self.i, name, argument, text, colon))
                    continue
                if self.at("--%"):
                    # stop-parsing token: the rest of the line is passed verbatim
                    self.i += 3
                    rest_start = self.i
                    while self.i < self.n and src[self.i] not in "\r\n":
                        self.i += 1
                    elements.append(A.StringConstantExpressionAst(rest_start, self.i, src[rest_start:self.i].strip(), "bare"))
                    continue
            if c == ",":
                raise self.error("Missing argument in parameter list.", "MissingArgument")
            elements.append(self.parse_command_argument_list())
        return A.CommandAst(start, self.i, elements, invocation, redirections)

    def parse_command_argument_list(self) -> A.Ast:
        """One argument, or several joined by commas (`Select-Object A, B` passes one array)."""
        first = self.parse_command_argument()
        self.skip()
        if self.i < self.n and self.src[self.i] == ",":
            items = self.comma_list(first, self.parse_command_argument, "Missing argument in parameter list.",
                                    "MissingArgument", check_operand=False)
            return A.ArrayLiteralAst(first.pos, self.i, items)
        return first

    def comma_list(self, first: A.Ast, parse_item: Callable[[], A.Ast], message: str, error_id: str, *,
                   check_operand: bool) -> list[A.Ast]:
        """`first, b, c` (the cursor at the first comma): the items, each parsed by parse_item."""
        items = [first]
        while self.i < self.n and self.src[self.i] == ",":
            self.i += 1
            self.skip_nl()
            if self.i >= self.n:
                raise self.eof_error(message, error_id)
            if check_operand and not self.starts_operand():
                raise self.error(message, error_id)
            items.append(parse_item())
            self.skip()
        return items

    def parse_command_argument(self) -> A.Ast:
        """One argument in argument mode: a bareword, string, variable, (…), $(…), @(…), @{…} or {…}."""
        src = self.src
        start = self.i
        c = src[self.i]
        if c == "$" or c == "(" or (c == "@" and self.i + 1 < self.n and src[self.i + 1] in "({"):
            expr = self.parse_postfix(self.parse_primary())
            if self.i < self.n and src[self.i] not in ARG_END and not (src[self.i] == "," ):
                if isinstance(expr, A.VariableExpressionAst) or isinstance(expr, A.MemberExpressionAst):
                    self.i = start
                    return self.parse_generic_word()
            return expr
        if c == "@":
            m = _SPLAT_RE.match(src, self.i)
            if m is not None:
                self.i = m.end()
                return A.VariableExpressionAst(start, self.i, m.group("name"), None, True)
            if self.i + 1 < self.n and src[self.i + 1] in "\"'\u201c\u201d\u2018\u2019":
                return self.parse_primary()
        if c == "{":
            return self.parse_script_block_expression()
        if c in SINGLE_QUOTES or c in DOUBLE_QUOTES:
            expr = self.parse_string()
            if self.i < self.n and src[self.i] in ".[" and self.i + 1 < self.n and (src[self.i + 1].isalpha() or src[self.i] == "["):
                expr = self.parse_postfix(expr)
            return expr
        return self.parse_generic_word()

    def parse_generic_word(self, command_name: bool = False) -> A.Ast:
        """A bareword in argument mode; quoted parts, `$var` and backtick escapes make it expandable."""
        src = self.src
        start = self.i
        m = _GENERIC_PLAIN_RE.match(src, start)
        if m is not None and (m.end() >= self.n or src[m.end()] in ARG_END):
            # the common case: a plain bareword with nothing to expand
            self.i = end = m.end()
            raw = m.group(0)
            if not command_name and (raw[0].isdigit() or raw[0] in "-.+\u2013\u2014\u2015"):
                number = parse_number(raw)
                if number is not None:
                    return A.ConstantExpressionAst(start, end, number, raw)
            return A.StringConstantExpressionAst(start, end, raw, "bare")
        parts: list[object] = []
        buf: list[str] = []
        expandable = False
        while self.i < self.n:
            m = _GENERIC_PLAIN_RE.match(src, self.i)
            if m is not None:
                buf.append(m.group(0))
                self.i = m.end()
                continue
            c = src[self.i]
            if c == "`":
                if self.i + 1 >= self.n:
                    raise self.eof_error("Missing character after the escape character '`'.", "IncompleteEscape")
                nxt = src[self.i + 1]
                if nxt in "\r\n":
                    break
                buf.append(ESCAPES.get(nxt, nxt))
                self.i += 2
                expandable = True
                continue
            if c in SINGLE_QUOTES:
                m2 = _SQ_STRING_RE.match(src, self.i)
                if m2 is None:
                    raise self.eof_error("The string is missing the terminator: '.", "TerminatorExpectedAtEndOfString", self.i)
                buf.append(_SQ_DOUBLED_RE.sub(r"\1", m2.group(1)))
                self.i = m2.end()
                continue
            if c in DOUBLE_QUOTES:
                node = self.parse_string()
                if isinstance(node, A.StringConstantExpressionAst):
                    buf.append(node.value)
                else:
                    for p in node.parts:  # type: ignore[attr-defined]
                        if isinstance(p, str):
                            buf.append(p)
                        else:
                            _add_node(parts, buf, p)
                    expandable = True
                continue
            if c == "$":
                expandable = self.dollar_part(parts, buf) or expandable
                continue
            break
        if buf:
            parts.append("".join(buf))
        if self.i == start:
            raise self.unexpected()
        has_nodes = any(not isinstance(p, str) for p in parts)
        text = "".join(p for p in parts if isinstance(p, str))
        if not has_nodes:
            if not command_name and not expandable:
                raw = src[start:self.i]
                if raw[0].isdigit() or raw[0] in "-.+\u2013\u2014\u2015":
                    number = parse_number(raw)
                    if number is not None:
                        return A.ConstantExpressionAst(start, self.i, number, raw)
            return A.StringConstantExpressionAst(start, self.i, text, "bare")
        return A.ExpandableStringExpressionAst(start, self.i, parts, "bare", src[start:self.i])

    # ------------------------------------------------------------------ expressions

    def parse_argument_expression(self, after: str) -> A.Ast:
        """An expression in a comma-separated list (attribute arguments, parameter defaults)."""
        if self.i >= self.n:
            raise self.eof_error(f"You must provide a value expression following the '{after}' operator.", "ExpectedValueExpression")
        return self.parse_expression_no_comma()

    def parse_expression_required(self, after: str) -> A.Ast:
        if self.i >= self.n:
            raise self.eof_error(f"You must provide a value expression following the '{after}' operator.", "ExpectedValueExpression")
        return self.parse_expression()

    def parse_expression(self, min_prec: int = 1) -> A.Ast:
        left = self.continue_binary(self.parse_array_literal(), min_prec, self.parse_array_literal)
        if min_prec > 1:
            return left
        # pwsh 7: `a ?? b` and `cond ? a : b` bind looser than every binary operator (continue_binary has
        # skipped the blanks before it)
        if self.i >= self.n or self.src[self.i] != "?":
            return left
        if self.at("??") and not self.at("??="):
            self.i += 2
            self.skip_nl()
            right = self.parse_expression()
            return A.BinaryExpressionAst(left.pos, right.end, "??", left, right)
        if self.at("?") and self.i + 1 < self.n and self.src[self.i + 1] in BLANKS | {"\r", "\n"}:
            self.i += 1
            self.skip_nl()
            if_true = self.parse_expression()
            self.skip_nl()
            if not self.src.startswith(":", self.i):
                raise self.missing("Missing ':' in the ternary expression.", "MissingColonInTernaryExpression")
            self.i += 1
            self.skip_nl()
            if_false = self.parse_expression()
            return A.TernaryExpressionAst(left.pos, if_false.end, left, if_true, if_false)
        return left

    def parse_binary(self, min_prec: int = 1) -> A.Ast:
        return self.continue_binary(self.parse_array_literal(), min_prec, self.parse_array_literal)

    def starts_operand(self) -> bool:
        c = self.src[self.i]
        if c in "\r\n;)}|]=,":
            return False
        if c in DASHES:
            m = _DASH_WORD_RE.match(self.src, self.i)
            if m is not None:
                return m.group(1).lower() in DASH_UNARY
        if c.isalpha() and self.keyword_at() is None:
            return False
        return True

    def parse_array_literal(self) -> A.Ast:
        first = self.parse_unary()
        self.skip()
        if self.i < self.n and self.src[self.i] == ",":
            items = self.comma_list(first, self.parse_unary, "Missing expression after ','.", "MissingExpressionAfterToken",
                                    check_operand=True)
            return A.ArrayLiteralAst(first.pos, items[-1].end, items)
        return first

    def parse_unary(self) -> A.Ast:
        src = self.src
        if self.i >= self.n:
            raise self.eof_error("Missing expression.", "ExpectedExpression")
        c = src[self.i]
        start = self.i
        if c == "!":
            self.i += 1
            self.skip_nl()
            operand = self.parse_unary()
            return A.UnaryExpressionAst(start, operand.end, "not", operand)
        if c == ",":
            self.i += 1
            self.skip_nl()
            operand = self.parse_unary()
            return A.UnaryExpressionAst(start, operand.end, ",", operand)
        if c in DASHES or c == "+":
            if c in DASHES:
                m = _DASH_WORD_RE.match(src, self.i)
                if m is not None:
                    word = m.group(1).lower()
                    if word in DASH_UNARY:
                        self.i = m.end()
                        self.skip_nl()
                        operand = self.parse_unary()
                        return A.UnaryExpressionAst(start, operand.end, word, operand)
                    raise self.error(f"Unexpected token '{m.group(0)}' in expression or statement.", "UnexpectedToken",
                                     length=m.end() - m.start())
            if self.i + 1 < self.n and (src[self.i + 1] == c or (c in DASHES and src[self.i + 1] in DASHES)):
                self.i += 2
                operand = self.parse_unary()
                return A.UnaryExpressionAst(start, operand.end, "++" if c == "+" else "--", operand)
            self.i += 1
            self.skip_nl()
            operand = self.parse_unary()
            op = "+" if c == "+" else "-"
            if isinstance(operand, A.ConstantExpressionAst) and not isinstance(operand.value, (str, bool)):
                return A.ConstantExpressionAst(start, operand.end, operand.value if op == "+" else -operand.value)
            return A.UnaryExpressionAst(start, operand.end, op, operand)
        if c == "[":
            return self.parse_type_or_cast()
        if c == "$":
            m = _SIMPLE_VAR_RE.match(src, start)
            if m is not None:
                # the most common operand: `$name`, with no postfix more often than not
                self.i = end = m.end()
                node: A.Ast = A.VariableExpressionAst(start, end, m.group(1), None)
                if end < self.n and src[end] in _POSTFIX_START:
                    return self.parse_postfix(node)
                return node
        return self.parse_postfix(self.parse_primary())

    def parse_type_or_cast(self) -> A.Ast:
        start = self.i
        self.i += 1
        self.skip()
        name = self.parse_type_name_text()
        if not name:
            raise self.missing("Missing type name after '['.", "MissingTypename")
        if self.src.startswith("(", self.i):
            # an attribute in expression position (e.g. [ValidateNotNull()]$x = ...): keep its type only
            self.i = start
            attr = self.parse_attribute()
            self.skip()
            operand = self.parse_unary()
            return operand if not isinstance(attr, A.TypeConstraintAst) else operand
        if not self.src.startswith("]", self.i):
            raise self.missing("Missing ']' at end of attribute or type literal.", "EndSquareBracketExpectedAtEndOfType")
        self.i += 1
        type_end = self.i
        if self.at("::"):
            return self.parse_postfix(A.TypeExpressionAst(start, type_end, name))
        save = self.i
        self.skip()
        if self.i < self.n:
            c = self.src[self.i]
            if (c in "$(@['\"\u2018\u2019\u201c\u201d{!" or c.isdigit()
                    or (c in DASHES and self.i + 1 < self.n and (self.src[self.i + 1].isdigit() or self.src[self.i + 1] in "$(")) or
                    (c in DASHES and _DASH_WORD_RE.match(self.src, self.i) and _DASH_WORD_RE.match(self.src, self.i).group(1).lower() in DASH_UNARY)):  # type: ignore[union-attr]
                operand = self.parse_unary()
                return A.ConvertExpressionAst(start, operand.end, name, operand)
        self.i = save
        return self.parse_postfix(A.TypeExpressionAst(start, type_end, name))

    def parse_postfix(self, expr: A.Ast) -> A.Ast:
        src = self.src
        while self.i < self.n:
            c = src[self.i]
            if c == ".":
                if self.i + 1 < self.n and src[self.i + 1] == ".":
                    return expr
                self.i += 1
                expr = self.parse_member(expr, False)
                continue
            if c == ":" and self.i + 1 < self.n and src[self.i + 1] == ":":
                self.i += 2
                expr = self.parse_member(expr, True)
                continue
            if c == "[":
                if isinstance(expr, A.TypeExpressionAst):
                    return expr
                self.i += 1
                self.skip_nl()
                if self.src.startswith("]", self.i):
                    raise self.error("Array index expression is missing or not valid.", "MissingArrayIndexExpression")
                index = self.parse_expression()
                self.skip_nl()
                if not self.src.startswith("]", self.i):
                    raise self.missing("Missing ']' after array index expression.", "MissingEndSquareBracket")
                self.i += 1
                expr = A.IndexExpressionAst(expr.pos, self.i, expr, index)
                continue
            if (c == "+" or c in DASHES) and self.i + 1 < self.n and src[self.i + 1] == c and isinstance(
                    expr, (A.VariableExpressionAst, A.MemberExpressionAst, A.IndexExpressionAst)):
                nxt = src[self.i + 2] if self.i + 2 < self.n else " "
                if nxt.isalnum() or nxt == "$":
                    return expr
                self.i += 2
                expr = A.UnaryExpressionAst(expr.pos, self.i, "post++" if c == "+" else "post--", expr)
                continue
            return expr
        return expr

    def parse_member(self, target: A.Ast, static: bool) -> A.Ast:
        src = self.src
        start = self.i
        m = _MEMBER_NAME_RE.match(src, self.i)
        if m is not None:
            self.i = m.end()
            member: A.Ast = A.StringConstantExpressionAst(start, self.i, m.group(0), "bare")
        elif self.i < self.n and src[self.i] == "$":
            member = self.parse_variable()
        elif self.i < self.n and (src[self.i] in SINGLE_QUOTES or src[self.i] in DOUBLE_QUOTES):
            member = self.parse_string()
        elif self.i < self.n and src[self.i] == "(":
            member = self.parse_primary()
        else:
            raise self.missing("Missing property name after reference operator.", "MissingPropertyName")
        if self.i < self.n and src[self.i] == "(":
            self.i += 1
            args = self.parse_method_arguments()
            return A.InvokeMemberExpressionAst(target.pos, self.i, target, member, args, static)
        return A.MemberExpressionAst(target.pos, self.i, target, member, static)

    def parse_method_arguments(self) -> list[A.Ast]:
        args: list[A.Ast] = []
        self.skip_nl()
        if self.src.startswith(")", self.i):
            self.i += 1
            return args
        while True:
            self.skip_nl()
            if self.i >= self.n:
                raise self.eof_error("Missing closing ')' in expression.", "MissingEndParenthesisInMethodCall")
            args.append(self.parse_expression_no_comma())
            self.skip_nl()
            c = self.peek()
            if c == ",":
                self.i += 1
                continue
            if c == ")":
                self.i += 1
                return args
            raise self.missing("Missing closing ')' in expression.", "MissingEndParenthesisInMethodCall")

    def parse_expression_no_comma(self) -> A.Ast:
        """An expression where `,` separates arguments instead of building an array."""
        return self.continue_binary(self.parse_unary(), 1, self.parse_unary)

    def continue_binary(self, left: A.Ast, min_prec: int, operand: Callable[[], A.Ast]) -> A.Ast:
        """Binary operators after a parsed left operand, by precedence climbing; `operand` parses each right side
        (an array literal in expressions, a single operand in method arguments where `,` separates)."""
        src = self.src
        while True:
            if self.i < self.n and src[self.i] in _SKIP_START:
                self.skip()
            if self.i >= self.n:
                return left
            c = src[self.i]
            op = None
            prec = 0
            length = 1
            if c in DASHES:
                m = _DASH_WORD_RE.match(src, self.i)
                if m is not None:
                    word = m.group(1).lower()
                    prec = DASH_BINARY.get(word, 0)
                    if prec == 0:
                        raise self.error(f"Unexpected token '{src[m.start():m.end()]}' in expression or statement.",
                                         "UnexpectedToken", length=m.end() - m.start())
                    op = word
                    length = m.end() - self.i
                elif self.i + 1 < self.n and src[self.i + 1] in "=-" or (self.i + 1 < self.n and src[self.i + 1] in DASHES):
                    return left
                else:
                    op, prec = "-", PREC_ADD
            elif c == "+":
                if self.i + 1 < self.n and src[self.i + 1] in "=+":
                    return left
                op, prec = "+", PREC_ADD
            elif c == "*" or c == "/" or c == "%":
                if self.i + 1 < self.n and src[self.i + 1] == "=":
                    return left
                if c == "*" and self.i + 1 < self.n and src[self.i + 1] == ">":
                    return left
                op, prec = c, PREC_MULTIPLY
            elif c == "." and self.i + 1 < self.n and src[self.i + 1] == ".":
                op, prec, length = "..", PREC_RANGE, 2
            else:
                return left
            if prec < min_prec:
                return left
            op_pos = self.i
            self.i += length
            self.skip_nl()
            if self.i >= self.n:
                raise self.eof_error(f"You must provide a value expression following the '{src[op_pos:op_pos + length]}' operator.",
                                     "ExpectedValueExpression", op_pos)
            if not self.starts_operand():
                raise self.error(f"You must provide a value expression following the '{src[op_pos:op_pos + length]}' operator.",
                                 "ExpectedValueExpression", op_pos, length=length)
            right = self.continue_binary(operand(), prec + 1, operand)
            left = A.BinaryExpressionAst(left.pos, right.end, op, left, right)

    def parse_primary(self) -> A.Ast:
        src = self.src
        if self.i >= self.n:
            raise self.eof_error("Missing expression.", "ExpectedExpression")
        c = src[self.i]
        start = self.i
        if c == "$":
            if self.i + 1 < self.n and src[self.i + 1] == "(":
                self.i += 2
                statements = self.parse_statement_list(")")
                if not self.src.startswith(")", self.i):
                    raise self.eof_error("Missing closing ')' in subexpression.", "MissingEndParenthesisInSubexpression", start)
                self.i += 1
                return A.SubExpressionAst(start, self.i, statements)
            return self.parse_variable()
        if c == "(":
            self.i += 1
            self.skip_nl()
            if self.src.startswith(")", self.i):
                raise self.error("An expression was expected after '('.", "ExpectedExpression")
            if self.i >= self.n:
                raise self.eof_error("Missing closing ')' in expression.", "MissingEndParenthesisInExpression", start)
            inner = self.parse_statement()
            self.skip_nl()
            if not self.src.startswith(")", self.i):
                if self.i >= self.n:
                    raise self.eof_error("Missing closing ')' in expression.", "MissingEndParenthesisInExpression", start)
                raise self.error("Missing closing ')' in expression.", "MissingEndParenthesisInExpression")
            self.i += 1
            return A.ParenExpressionAst(start, self.i, inner)  # type: ignore[arg-type]
        if c == "@":
            nxt = src[self.i + 1] if self.i + 1 < self.n else ""
            if nxt == "(":
                self.i += 2
                statements = self.parse_statement_list(")")
                if not self.src.startswith(")", self.i):
                    raise self.eof_error("Missing closing ')' in subexpression.", "MissingEndParenthesisInSubexpression", start)
                self.i += 1
                return A.ArrayExpressionAst(start, self.i, statements)
            if nxt == "{":
                return self.parse_hashtable()
            if nxt in DOUBLE_QUOTES or nxt in SINGLE_QUOTES:
                return self.parse_here_string()
            m = _SPLAT_RE.match(src, self.i)
            if m is not None:
                self.i = m.end()
                return A.VariableExpressionAst(start, self.i, m.group("name"), None, True)
            raise self.error("Unrecognized token in source text.", "UnrecognizedToken")
        if c in SINGLE_QUOTES or c in DOUBLE_QUOTES:
            return self.parse_string()
        if c == "{":
            return self.parse_script_block_expression()
        if c.isdigit() or (c == "." and self.i + 1 < self.n and src[self.i + 1].isdigit()):
            m = _NUMBER_RE.match(src, self.i)
            if m is not None:
                end = m.end()
                if end < self.n and (src[end].isalnum() or src[end] == "_"):
                    raise self.error(f"Unexpected token '{src[self.i:end + 1]}' in expression or statement.", "UnexpectedToken")
                value = parse_number(m.group(0))
                if value is None:
                    raise self.error(f"The numeric constant {m.group(0)} is not valid.", "BadNumericConstant")
                self.i = end
                return A.ConstantExpressionAst(start, end, value)
        if c == "[":
            return self.parse_type_or_cast()
        if c in "\r\n" or c in ";)}|":
            raise self.error("Missing expression.", "ExpectedExpression")
        raise self.unexpected()

    def parse_variable(self) -> A.VariableExpressionAst:
        src = self.src
        start = self.i
        m = _SIMPLE_VAR_RE.match(src, start)
        if m is not None:
            self.i = m.end()
            return A.VariableExpressionAst(start, self.i, m.group(1), None)
        if src.startswith("${", self.i):
            j = self.i + 2
            buf = []
            while j < self.n and src[j] != "}":
                if src[j] == "`" and j + 1 < self.n:
                    buf.append(src[j + 1])
                    j += 2
                    continue
                buf.append(src[j])
                j += 1
            if j >= self.n:
                raise self.eof_error("Missing closing '}' in variable name.", "IncompleteDollarVariableReference", start)
            self.i = j + 1
            text = "".join(buf)
            scope = None
            if ":" in text:
                prefix, _, rest = text.partition(":")
                if prefix and rest and not (len(prefix) == 1 and rest.startswith("\\")):
                    scope, text = prefix, rest
            return A.VariableExpressionAst(start, self.i, text, scope)
        m = _VAR_RE.match(src, self.i)
        if m is None:
            raise self.error("Variable reference is not valid. '$' was not followed by a valid variable name character. "
                             "Consider using ${} to delimit the name.", "InvalidVariableReference")
        if m.group("scope") is not None:
            if m.group("sname") is None:
                # `${scope:{...}}` is unusual; `$env:{x}` not supported
                raise self.error("Variable reference is not valid. ':' was not followed by a valid variable name character. "
                                 "Consider using ${} to delimit the name.", "InvalidVariableReferenceWithDrive")
            self.i = m.end()
            return A.VariableExpressionAst(start, self.i, m.group("sname"), m.group("scope").lower())
        self.i = m.end()
        return A.VariableExpressionAst(start, self.i, m.group("name") or m.group("special"), None)

    def parse_script_block_expression(self) -> A.Ast:
        start = self.i
        self.i += 1
        block = self.parse_script_block_body("}", self.i)
        if not self.src.startswith("}", self.i):
            if self.i >= self.n:
                raise self.eof_error("Missing closing '}' in statement block or type definition.", "MissingEndCurlyBrace", start)
            raise self.unexpected()
        block.end = self.i
        self.i += 1
        return A.ScriptBlockExpressionAst(start, self.i, block)

    def parse_hashtable(self) -> A.Ast:
        src = self.src
        start = self.i
        self.i += 2
        pairs: list[tuple[A.Ast, A.Ast]] = []
        while True:
            self.skip_nl_semi()
            if self.i >= self.n:
                raise self.eof_error("Missing closing '}' in statement block or type definition.", "MissingEndCurlyBrace", start)
            c = src[self.i]
            if c == "}":
                self.i += 1
                return A.HashtableAst(start, self.i, pairs)
            key_start = self.i
            m = _HASH_KEY_RE.match(src, self.i)
            if m is not None and not c.isdigit():
                self.i = m.end()
                key: A.Ast = A.StringConstantExpressionAst(key_start, self.i, m.group(0), "bare")
            else:
                key = self.parse_unary()
            self.skip()
            if not self.src.startswith("=", self.i):
                raise self.missing("Missing '=' operator after key in hash literal.", "MissingEqualsInHashLiteral")
            self.i += 1
            self.skip_nl()
            if self.i >= self.n:
                raise self.eof_error("Missing statement after '=' in hash literal.", "MissingStatementInHashLiteral")
            if src[self.i] in "};":
                raise self.error("Missing statement after '=' in hash literal.", "MissingStatementInHashLiteral")
            value = self.parse_statement()
            pairs.append((key, value))  # type: ignore[arg-type]
            self.skip()
            if self.i < self.n and src[self.i] not in "\r\n;}":
                raise self.error("Unexpected token in hash literal; expected a newline, ';' or '}'.", "MissingEndCurlyBrace")

    # ------------------------------------------------------------------ strings

    def parse_string(self) -> A.Ast:
        src = self.src
        start = self.i
        c = src[self.i]
        if c in SINGLE_QUOTES:
            m = _SQ_STRING_RE.match(src, self.i)
            if m is None:
                raise self.eof_error("The string is missing the terminator: '.", "TerminatorExpectedAtEndOfString", start)
            self.i = m.end()
            body = m.group(1)
            if "'" in body or "\u2018" in body or "\u2019" in body or "\u201a" in body or "\u201b" in body:
                body = _SQ_DOUBLED_RE.sub(r"\1", body)
            return A.StringConstantExpressionAst(start, self.i, body, "single")
        m = _DQ_SIMPLE_RE.match(src, self.i)
        if m is not None and not (m.end() < self.n and src[m.end()] in DOUBLE_QUOTES):
            self.i = m.end()
            return A.StringConstantExpressionAst(start, self.i, m.group(1), "double")
        self.i += 1
        parts = self.scan_expandable(double_quoted=True, limit=self.n)
        raw = src[start:self.i]
        return _string_node(start, self.i, parts, "double", raw)

    def scan_expandable(self, *, double_quoted: bool, limit: int) -> list[object]:
        """The parts of an expandable string from the cursor: text pieces and $var / $(…) nodes."""
        src = self.src
        parts: list[object] = []
        buf: list[str] = []
        start = self.i - 1
        text_re = _DQ_TEXT_RE if double_quoted else _HERE_TEXT_RE
        while True:
            if self.i >= limit:
                if double_quoted:
                    raise self.eof_error('The string is missing the terminator: ".', "TerminatorExpectedAtEndOfString", start)
                break
            m = text_re.match(src, self.i, limit)
            if m is not None:
                buf.append(m.group(0))
                self.i = m.end()
                if self.i >= limit:
                    continue
            c = src[self.i]
            if double_quoted and c in DOUBLE_QUOTES:
                if self.i + 1 < self.n and src[self.i + 1] in DOUBLE_QUOTES:
                    buf.append(c)
                    self.i += 2
                    continue
                self.i += 1
                break
            if c == "`":
                if self.i + 1 >= limit:
                    if double_quoted:
                        raise self.eof_error('The string is missing the terminator: ".', "TerminatorExpectedAtEndOfString", start)
                    buf.append("`")
                    self.i += 1
                    continue
                nxt = src[self.i + 1]
                if nxt == "u" and self.i + 2 < limit and src[self.i + 2] == "{":
                    close = src.find("}", self.i + 3)
                    code = src[self.i + 3:close] if close > 0 else ""
                    if close < 0 or not re.fullmatch(r"[0-9a-fA-F]{1,6}", code):
                        raise self.error("The Unicode escape sequence is not valid. A valid sequence is `u{ followed by 1 to 6 "
                                         "hex digits and a closing '}'.", "InvalidUnicodeEscapeSequence")
                    buf.append(chr(int(code, 16)))
                    self.i = close + 1
                    continue
                buf.append(ESCAPES.get(nxt, nxt))
                self.i += 2
                continue
            if c == "$":
                self.dollar_part(parts, buf)
                continue
            buf.append(c)
            self.i += 1
        if buf:
            parts.append("".join(buf))
        return parts

    def dollar_part(self, parts: list[object], buf: list[str]) -> bool:
        """A `$` inside expandable text: its variable or subexpression joins `parts` (True), or a lone `$` stays
        literal text in `buf` (False)."""
        node = self.parse_string_dollar()
        if node is None:
            buf.append("$")
            self.i += 1
            return False
        _add_node(parts, buf, node)
        return True

    def parse_string_dollar(self) -> A.Ast | None:
        """`$name`, `${name}`, `$scope:name` or `$(…)` inside an expandable string; None for a lone `$`."""
        src = self.src
        nxt = src[self.i + 1] if self.i + 1 < self.n else ""
        if nxt == "(":
            start = self.i
            self.i += 2
            statements = self.parse_statement_list(")")
            if not self.src.startswith(")", self.i):
                raise self.eof_error("Missing closing ')' in subexpression.", "MissingEndParenthesisInSubexpression", start)
            self.i += 1
            return A.SubExpressionAst(start, self.i, statements)
        if nxt == "{" or nxt.isalnum() or nxt in "_?$^:":
            if nxt == ":":
                return None
            return self.parse_variable()
        return None

    def parse_here_string(self) -> A.Ast:
        src = self.src
        start = self.i
        quote = src[self.i + 1]
        self.i += 2
        m = _BLANKS_ONLY_RE.match(src, self.i)
        self.i = m.end()  # type: ignore[union-attr]
        if self.i >= self.n:
            raise self.eof_error("The string is missing the terminator: " + ('"@' if quote in DOUBLE_QUOTES else "'@") + ".",
                                 "TerminatorExpectedAtEndOfString", start)
        if src[self.i] not in "\r\n":
            raise self.error("No characters are allowed after a here-string header but before the end of the line.",
                             "UnexpectedCharactersAfterHereStringHeader")
        self.i += 2 if src.startswith("\r\n", self.i) else 1
        content_start = self.i
        end_re = _HERE_END_DQ if quote in DOUBLE_QUOTES else _HERE_END_SQ
        if src[content_start:content_start + 2] in ('"@', "'@") and src[content_start] in (DOUBLE_QUOTES | SINGLE_QUOTES):
            # empty here-string
            self.i = content_start + 2
            return A.StringConstantExpressionAst(start, self.i, "", "here_double" if quote in DOUBLE_QUOTES else "here_single")
        end_m = end_re.search(src, content_start - 1 if content_start > 0 else 0)
        while end_m is not None and end_m.start() < content_start - 1:
            end_m = end_re.search(src, end_m.start() + 1)
        if end_m is None:
            raise self.eof_error("The string is missing the terminator: " + ('"@' if quote in DOUBLE_QUOTES else "'@") + ".",
                                 "TerminatorExpectedAtEndOfString", start)
        content_end = end_m.start()
        if quote in SINGLE_QUOTES:
            self.i = end_m.end()
            return A.StringConstantExpressionAst(start, self.i, src[content_start:content_end].replace("\r\n", "\n"), "here_single")
        self.i = content_start
        parts = self.scan_expandable(double_quoted=False, limit=content_end)
        self.i = end_m.end()
        parts = [p.replace("\r\n", "\n") if isinstance(p, str) else p for p in parts]
        return _string_node(start, self.i, parts, "here_double", src[start:self.i])


def _string_node(start: int, end: int, parts: list[object], kind: str, raw: str) -> A.Ast:
    if all(isinstance(p, str) for p in parts):
        return A.StringConstantExpressionAst(start, end, "".join(parts), kind)  # type: ignore[arg-type]
    return A.ExpandableStringExpressionAst(start, end, parts, kind, raw)


def parse(source: str, file: str | None = None) -> A.ScriptBlockAst:
    """Parse a whole script; raises ParseError."""
    # The tree is acyclic and built in one go: the cyclic collector only costs time here (about 40%).
    enabled = gc.isenabled()
    gc.disable()
    try:
        return Parser(source, file).parse_script()
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
