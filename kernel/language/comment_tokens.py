"""The coarse token stream comment-based help is found in: comments, newlines, braces, and everything else.

pwsh finds a command's help comments by re-tokenizing its script and looking at the comment tokens around the
function (HelpCommentsParser.GetHelpCommentTokens). The parser here skips comments, so this scanner produces
the tokens that search needs: each comment (`# …` to the end of the line, `<# … #>`), each newline, `{` and
`}`, any other token as "other" (strings and here-strings are skipped whole, so a `#` inside one is not a
comment), and a final "eof". Lines are 1-based; a newline token is on the line it ends.
"""

from __future__ import annotations

from dataclasses import dataclass

from azskernel.language.chars import BLANKS, DOUBLE_QUOTES, SINGLE_QUOTES

COMMENT = "comment"
NEWLINE = "newline"
LCURLY = "lcurly"
RCURLY = "rcurly"
OTHER = "other"
EOF = "eof"

# A `#` starts a comment at the start of a token: after a blank, a newline, or one of these.
_BEFORE_COMMENT = frozenset("(){};,|&=") | BLANKS
# An "other" token ends at these (and at blanks, newlines, quotes).
_STOP = frozenset("{}();,|&\r\n") | BLANKS | SINGLE_QUOTES | DOUBLE_QUOTES


@dataclass(slots=True)
class Token:
    kind: str
    start: int
    end: int
    start_line: int
    end_line: int


def tokenize(text: str) -> list[Token]:
    return _Scanner(text).run()


class _Scanner:
    __slots__ = ("text", "n", "i", "line", "tokens")

    def __init__(self, text: str) -> None:
        self.text = text
        self.n = len(text)
        self.i = 0
        self.line = 1
        self.tokens: list[Token] = []

    def run(self) -> list[Token]:
        text, n = self.text, self.n
        while self.i < n:
            c = text[self.i]
            if c == "\n" or c == "\r":
                start = self.i
                self.i += 2 if text.startswith("\r\n", self.i) else 1
                self.tokens.append(Token(NEWLINE, start, self.i, self.line, self.line))
                self.line += 1
            elif c in BLANKS:
                self.i += 1
            elif c == "`" and self.i + 1 < n and text[self.i + 1] in "\r\n":
                self.i += 1  # a line continuation: the newline is not a token
                self.i += 2 if text.startswith("\r\n", self.i) else 1
                self.line += 1
            elif c == "#":
                self._line_comment()
            elif c == "<" and text.startswith("<#", self.i):
                self._block_comment()
            elif c == "{":
                self._single(LCURLY)
            elif c == "}":
                self._single(RCURLY)
            else:
                self._other()
        self.tokens.append(Token(EOF, n, n, self.line, self.line))
        return self.tokens

    def _single(self, kind: str) -> None:
        self.tokens.append(Token(kind, self.i, self.i + 1, self.line, self.line))
        self.i += 1

    def _line_comment(self) -> None:
        start = self.i
        end = self.i
        while end < self.n and self.text[end] not in "\r\n":
            end += 1
        self.i = end
        self.tokens.append(Token(COMMENT, start, end, self.line, self.line))

    def _block_comment(self) -> None:
        start, first = self.i, self.line
        close = self.text.find("#>", self.i + 2)
        end = self.n if close < 0 else close + 2
        self.line += self._newlines(start, end)
        self.i = end
        self.tokens.append(Token(COMMENT, start, end, first, self.line))

    def _other(self) -> None:
        start, first = self.i, self.line
        text = self.text
        c = text[self.i]
        if c in SINGLE_QUOTES or c in DOUBLE_QUOTES or c == "@" or (c == "$" and text.startswith("$(", self.i)):
            self.i = self._skip_value(self.i)
        elif c in _STOP:  # one punctuation character: `(`, `;`, `|`, …
            self.i += 1
        else:
            while self.i < self.n:
                c = text[self.i]
                if c in _STOP or (c == "<" and text.startswith("<#", self.i)):
                    break
                self.i = self._skip_value(self.i) if c == "$" and text.startswith("$(", self.i) else self.i + 1
        self.line += self._newlines(start, self.i)
        self.tokens.append(Token(OTHER, start, self.i, first, self.line))

    def _newlines(self, start: int, end: int) -> int:
        chunk = self.text[start:end]
        return chunk.count("\n") + chunk.count("\r") - chunk.count("\r\n")

    # -- strings and sub-expressions: skipped whole ----------------------------------------------
    def _skip_value(self, i: int) -> int:
        """Past the string, here-string or `$( … )` at i; i + 1 for any other character."""
        text, n = self.text, self.n
        c = text[i]
        if c == "@" and i + 1 < n and (text[i + 1] in SINGLE_QUOTES or text[i + 1] in DOUBLE_QUOTES):
            j = i + 2
            while j < n and text[j] in BLANKS:
                j += 1
            if j >= n or text[j] in "\r\n":
                return self._here_string_end(j, text[i + 1] in DOUBLE_QUOTES)
        if c in SINGLE_QUOTES:
            return self._single_quoted_end(i + 1)
        if c in DOUBLE_QUOTES:
            return self._double_quoted_end(i + 1)
        if c == "$" and text.startswith("$(", i):
            return self._paren_end(i + 2)
        return i + 1

    def _here_string_end(self, i: int, double: bool) -> int:
        closers = DOUBLE_QUOTES if double else SINGLE_QUOTES
        text, n = self.text, self.n
        while i < n:
            nl = text.find("\n", i)
            if nl < 0:
                return n
            j = nl + 1
            while j < n and text[j] in BLANKS:
                j += 1
            if j + 1 < n and text[j] in closers and text[j + 1] == "@":
                return j + 2
            i = nl + 1
        return n

    def _single_quoted_end(self, i: int) -> int:
        text, n = self.text, self.n
        while i < n:
            if text[i] in SINGLE_QUOTES:
                if i + 1 < n and text[i + 1] in SINGLE_QUOTES:
                    i += 2
                    continue
                return i + 1
            i += 1
        return n

    def _double_quoted_end(self, i: int) -> int:
        text, n = self.text, self.n
        while i < n:
            c = text[i]
            if c == "`":
                i += 2
            elif c == "$" and text.startswith("$(", i):
                i = self._paren_end(i + 2)
            elif c in DOUBLE_QUOTES:
                if i + 1 < n and text[i + 1] in DOUBLE_QUOTES:
                    i += 2
                    continue
                return i + 1
            else:
                i += 1
        return n

    def _paren_end(self, i: int) -> int:
        """Past the `)` closing a `$(` or `(` whose content starts at i (strings and comments inside skipped)."""
        text, n = self.text, self.n
        depth = 1
        while i < n:
            c = text[i]
            if c == ")":
                depth -= 1
                if depth == 0:
                    return i + 1
                i += 1
            elif c == "(":
                depth += 1
                i += 1
            elif c == "#" and (i == 0 or text[i - 1] in _BEFORE_COMMENT or text[i - 1] in "\r\n"):
                while i < n and text[i] not in "\r\n":
                    i += 1
            elif c == "<" and text.startswith("<#", i):
                close = text.find("#>", i + 2)
                i = n if close < 0 else close + 2
            elif c == "`":
                i += 2
            elif c in SINGLE_QUOTES or c in DOUBLE_QUOTES or c == "@":
                i = self._skip_value(i)
            else:
                i += 1
        return n


__all__ = ["COMMENT", "EOF", "LCURLY", "NEWLINE", "OTHER", "RCURLY", "Token", "tokenize"]
