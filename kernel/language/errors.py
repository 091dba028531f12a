"""ParseError: what the parser raises, in the shape of pwsh's ParserError (message, line, column, text, id).

`incomplete` is True when the text could still become valid by adding more lines (an open brace, quote,
here-string or a trailing backtick); `is_complete` and the REPL use it to ask for another line.
"""

from __future__ import annotations


class ParseError(Exception):
    def __init__(
        self,
        message: str,
        *,
        error_id: str,
        line: int,
        column: int,
        text: str,
        offset: int,
        length: int = 1,
        file: str | None = None,
        incomplete: bool = False,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.error_id = error_id
        self.line = line
        self.column = column
        self.text = text
        self.offset = offset
        self.length = max(1, length)
        self.file = file
        self.incomplete = incomplete

    def __str__(self) -> str:
        return f"{self.message} (line {self.line}, column {self.column})"

    def pwsh_text(self) -> str:
        """The error as pwsh prints a ParserError (concise view)."""
        where = f"{self.file}:{self.line}" if self.file else ""
        head = f"ParserError: {where}" if where else "ParserError: "
        gutter = len(str(self.line))
        pad = " " * max(gutter, 4)
        lines = [
            head,
            f"{'Line'.rjust(len(pad))} |",
            f"{str(self.line).rjust(len(pad))} |  {self.text}",
            f"{pad} |  {' ' * (self.column - 1)}{'~' * self.length}",
            f"{pad} | {self.message}",
        ]
        return "\n".join(lines)
