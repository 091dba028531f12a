"""String rules: single- and double-quoted strings, here-strings and the `$var` / `$(…)` parts of expandable text."""

from __future__ import annotations

import re

from azskernel.language import ast as A
from azskernel.language.chars import DOUBLE_QUOTES, SINGLE_QUOTES
from azskernel.language.lexicon import (
    BLANKS_ONLY_RE,
    DQ_SIMPLE_RE,
    DQ_TEXT_RE,
    ESCAPES,
    HERE_END_DQ,
    HERE_END_SQ,
    HERE_TEXT_RE,
    SQ_DOUBLED_RE,
    SQ_STRING_RE,
)
from azskernel.language.scanner import Scanner


class StringRules(Scanner):
    """Strings and expandable text."""

    __slots__ = ()

    def parse_string(self) -> A.Ast:
        src = self.src
        start = self.i
        c = src[self.i]
        if c in SINGLE_QUOTES:
            m = SQ_STRING_RE.match(src, self.i)
            if m is None:
                raise self.eof_error("The string is missing the terminator: '.", "TerminatorExpectedAtEndOfString", start)
            self.i = m.end()
            body = m.group(1)
            if "'" in body or "\u2018" in body or "\u2019" in body or "\u201a" in body or "\u201b" in body:
                body = SQ_DOUBLED_RE.sub(r"\1", body)
            return A.StringConstantExpressionAst(start, self.i, body, "single")
        m = DQ_SIMPLE_RE.match(src, self.i)
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
        text_re = DQ_TEXT_RE if double_quoted else HERE_TEXT_RE
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
                    if int(code, 16) > 0x10FFFF:
                        raise self.error("The Unicode escape sequence value is out of range. The maximum value is "
                                         "0x10FFFF.", "InvalidUnicodeEscapeSequenceValue", self.i + 3,
                                         length=len(code))
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
        add_node(parts, buf, node)
        return True

    def parse_string_dollar(self) -> A.Ast | None:
        """`$name`, `${name}`, `$scope:name` or `$(…)` inside an expandable string; None for a lone `$`."""
        src = self.src
        nxt = src[self.i + 1] if self.i + 1 < self.n else ""
        if nxt == "(":
            return self.parse_subexpression()
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
        m = BLANKS_ONLY_RE.match(src, self.i)
        self.i = m.end()  # type: ignore[union-attr]
        if self.i >= self.n:
            raise self.eof_error("The string is missing the terminator: " + ('"@' if quote in DOUBLE_QUOTES else "'@") + ".",
                                 "TerminatorExpectedAtEndOfString", start)
        if src[self.i] not in "\r\n":
            raise self.error("No characters are allowed after a here-string header but before the end of the line.",
                             "UnexpectedCharactersAfterHereStringHeader")
        self.i += 2 if src.startswith("\r\n", self.i) else 1
        content_start = self.i
        end_re = HERE_END_DQ if quote in DOUBLE_QUOTES else HERE_END_SQ
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
            return A.StringConstantExpressionAst(start, self.i, src[content_start:content_end], "here_single")
        self.i = content_start
        parts = self.scan_expandable(double_quoted=False, limit=content_end)
        self.i = end_m.end()  # the content keeps its line breaks as written (CRLF stays CRLF), as pwsh's does
        return _string_node(start, self.i, parts, "here_double", src[start:self.i])


def add_node(parts: list[object], buf: list[str], node: A.Ast) -> None:
    """Expandable text: the literal text gathered so far, then a node."""
    if buf:
        parts.append("".join(buf))
        buf.clear()
    parts.append(node)


def _string_node(start: int, end: int, parts: list[object], kind: str, raw: str) -> A.Ast:
    if all(isinstance(p, str) for p in parts):
        return A.StringConstantExpressionAst(start, end, "".join(parts), kind)  # type: ignore[arg-type]
    return A.ExpandableStringExpressionAst(start, end, parts, kind, raw)
