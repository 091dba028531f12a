"""Comment-based help: finding a command's help comment and reading its sections, with pwsh's rules
(HelpCommentsParser).

Where the help may be: for a function, the comment block that ends at most one line above the `function`
keyword, else the first comment block at the top of its body, else the last one at its bottom; for a script,
the first comment block of the file that is help (a block right above the script's first function belongs to
that function, unless two or more lines separate them), else the last one; for a script block made into a
function (`Set-Item function:f { … }`), its top, else its bottom. A comment block is consecutive comments on
consecutive lines.

A block is help when every non-blank line is either a keyword line (`.SYNOPSIS`, `.DESCRIPTION`, `.PARAMETER
Name`, `.EXAMPLE`, `.INPUTS`, `.OUTPUTS`, `.NOTES`, `.LINK`, `.COMPONENT`, `.ROLE`, `.FUNCTIONALITY`,
`.FORWARDHELPTARGETNAME X`, `.FORWARDHELPCATEGORY X`, `.REMOTEHELPRUNSPACE X`, `.EXTERNALHELP X`) or text of a
keyword's section; any other line, an unknown keyword, or an argument after a keyword that takes none makes it
an ordinary comment. A section keeps its lines, less the first line's indentation.

Parameters can also be described by comments around them in the param block (used where no `.PARAMETER`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from azskernel.language import ast as A
from azskernel.language.comment_tokens import COMMENT, LCURLY, NEWLINE, RCURLY, Token, tokenize

_DIRECTIVE = re.compile(r"^\s*\.(\w+)(\s+(\S.*))?\s*$")
_BLANK = re.compile(r"^\s*$")
_NBSP = "\u00a0"
PROXIMITY = 2
"""A comment block belongs to what follows when it ends within this many lines above it."""


@dataclass
class CommentHelp:
    """The sections of a help comment (texts as written, less the indentation; None when absent)."""

    synopsis: str | None = None
    description: str | None = None
    notes: str | None = None
    examples: list[str] = field(default_factory=list)
    inputs: list[str] = field(default_factory=list)
    outputs: list[str] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    component: str | None = None
    role: str | None = None
    functionality: str | None = None
    parameters: dict[str, str] = field(default_factory=dict)
    """`.PARAMETER Name` sections, by upper-cased name."""
    forward_target: str | None = None
    forward_category: str | None = None
    remote_runspace: str | None = None
    external_help: str | None = None
    parameter_comments: list[str] = field(default_factory=list)
    """Each declared parameter's own comments, in declaration order ("" when it has none)."""
    comment_count: int = 0
    """How many comment tokens the block is (pwsh ignores a lone .EXTERNALHELP whose file is missing)."""

    def parameter_description(self, name: str, index: int) -> str:
        found = self.parameters.get(name.upper())
        if found is not None:
            return found
        return self.parameter_comments[index] if index < len(self.parameter_comments) else ""


# -- reading a block ---------------------------------------------------------------------------------
def comment_lines(text: str) -> list[str]:
    """A comment token's text as lines: a block comment without `<#`/`#>`, a line comment without its `#`s."""
    if text.startswith("<#"):
        inner = text[2:-2] if text.endswith("#>") else text[2:]
        return inner.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    return [text.lstrip("#")]


def section(lines: list[str], i: int) -> tuple[str, int]:
    """The section whose keyword is on line i: (its text, the index of its last line)."""
    capturing = False
    indent = 0
    out: list[str] = []
    i += 1
    while i < len(lines):
        line = lines[i]
        if not capturing and _BLANK.match(line):
            i += 1
            continue
        if _DIRECTIVE.match(line):
            return "".join(out), i - 1
        if not capturing:
            indent = len(line) - len(line.lstrip(" \t" + _NBSP))
        capturing = True
        start = 0
        while start < len(line) and start < indent and line[start] in " \t" + _NBSP:
            start += 1
        out.append(line[start:] + "\n")
        i += 1
    return "".join(out), i


def analyze(lines: list[str]) -> CommentHelp | None:
    """The help in a comment block's lines, or None when the block is not help."""
    help_ = CommentHelp()
    found = False
    i = 0
    while i < len(lines):
        match = _DIRECTIVE.match(lines[i])
        if match is None:
            if not _BLANK.match(lines[i]):
                return None
            i += 1
            continue
        found = True
        keyword = match.group(1).upper()
        argument = match.group(3)
        if argument is not None:
            value = argument.strip()
            if keyword == "PARAMETER":
                text, i = section(lines, i)
                help_.parameters.setdefault(value.upper(), text)
            elif keyword == "FORWARDHELPTARGETNAME":
                help_.forward_target = value
            elif keyword == "FORWARDHELPCATEGORY":
                help_.forward_category = value
            elif keyword == "REMOTEHELPRUNSPACE":
                help_.remote_runspace = value
            elif keyword == "EXTERNALHELP":
                help_.external_help = value
            else:
                return None
        else:
            text, i = section(lines, i)
            if keyword == "SYNOPSIS":
                help_.synopsis = text
            elif keyword == "DESCRIPTION":
                help_.description = text
            elif keyword == "NOTES":
                help_.notes = text
            elif keyword == "LINK":
                help_.links.append(text.strip())
            elif keyword == "EXAMPLE":
                help_.examples.append(text)
            elif keyword == "INPUTS":
                help_.inputs.append(text)
            elif keyword == "OUTPUTS":
                help_.outputs.append(text)
            elif keyword == "COMPONENT":
                help_.component = text.strip()
            elif keyword == "ROLE":
                help_.role = text.strip()
            elif keyword == "FUNCTIONALITY":
                help_.functionality = text.strip()
            else:
                return None
        i += 1
    return help_ if found else None


def analyze_tokens(source: str, comments: list[Token]) -> CommentHelp | None:
    if not comments:
        return None
    lines: list[str] = []
    for token in comments:
        lines += comment_lines(source[token.start:token.end])
    help_ = analyze(lines)
    if help_ is not None:
        help_.comment_count = len(comments)
    return help_


# -- finding the block -----------------------------------------------------------------------------
class _Tokens:
    """One script's tokens, and the searches pwsh makes over them."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.tokens = tokenize(text)

    def first_in(self, start: int, index: int = 0) -> int:
        """The first token that does not end before offset `start`."""
        tokens = self.tokens
        while index < len(tokens) and tokens[index].end <= start and tokens[index].kind != "eof":
            index += 1
        return index

    def last_in(self, end: int, index: int) -> int:
        """The last token that starts before offset `end`."""
        tokens = self.tokens
        while index < len(tokens) and tokens[index].start < end and tokens[index].kind != "eof":
            index += 1
        return index - 1

    def preceding_block(self, index: int, proximity: int) -> list[Token]:
        tokens = self.tokens
        found: list[Token] = []
        min_end = tokens[index].start_line - proximity
        for i in range(index - 1, -1, -1):
            token = tokens[i]
            if token.end_line < min_end:
                break
            if token.kind == COMMENT:
                found.append(token)
                min_end = token.start_line - 1
            elif token.kind != NEWLINE:
                break
        found.reverse()
        return found

    def block_at(self, index: int) -> tuple[list[Token], int]:
        """The comment block starting at token `index` (newlines before it allowed); and where it stopped."""
        tokens = self.tokens
        found: list[Token] = []
        max_line = 1 << 30
        i = index
        while i < len(tokens):
            token = tokens[i]
            if token.start_line > max_line:
                return found, i
            if token.kind == COMMENT:
                found.append(token)
                max_line = token.end_line + 1
            elif token.kind != NEWLINE:
                return found, i
            i += 1
        return found, i

    def parameter_comments(self, parameters: list[A.ParameterAst], start: int) -> list[str]:
        out: list[str] = []
        for parameter in parameters:
            lines: list[str] = []
            first = self.first_in(parameter.pos, start)
            for token in self.preceding_block(first, PROXIMITY):
                lines += comment_lines(self.text[token.start:token.end])
            last = self.last_in(parameter.end, first)
            for token in self.tokens[first:last]:
                if token.kind == COMMENT:
                    lines += comment_lines(self.text[token.start:token.end])
            after, _ = self.block_at(last + 1)
            for token in after:
                lines += comment_lines(self.text[token.start:token.end])
            out.append(section(lines, -1)[0])
        return out


_CACHE: dict[int, tuple[A.Source, _Tokens]] = {}


def _tokens(source: A.Source) -> _Tokens:
    cached = _CACHE.get(id(source))
    if cached is not None and cached[0] is source:
        return cached[1]
    if len(_CACHE) > 64:
        _CACHE.clear()
    found = _Tokens(source.text)
    _CACHE[id(source)] = (source, found)
    return found


def _parameters(block: A.ScriptBlockAst, function: A.FunctionDefinitionAst | None) -> list[A.ParameterAst]:
    if block.param_block is not None:
        return list(block.param_block.parameters)
    if function is not None and function.parameters:
        return list(function.parameters)
    return []


def _help(tokens: _Tokens, comments: list[Token], parameters: list[A.ParameterAst], start: int) -> CommentHelp | None:
    found = analyze_tokens(tokens.text, comments)
    if found is not None:
        found.parameter_comments = tokens.parameter_comments(parameters, start)
    return found


def function_help(function: A.FunctionDefinitionAst) -> CommentHelp | None:
    """The help comment of a function defined with the `function` keyword."""
    source = function.body.source
    tokens = _tokens(source)
    parameters = _parameters(function.body, function)
    keyword = tokens.first_in(function.pos)
    found = _help(tokens, tokens.preceding_block(keyword, PROXIMITY), parameters, keyword)
    if found is not None:
        return found
    first = tokens.first_in(function.body.pos - 1, keyword)  # the body's `{`
    last = tokens.last_in(function.end, first)  # its `}`
    return _in_body(tokens, first + 1, last, parameters, keyword, None)


def script_block_help(block: A.ScriptBlockAst) -> CommentHelp | None:
    """The help of a script (the file's root block) or of a script block made into a function."""
    tokens = _tokens(block.source)
    parameters = _parameters(block, None)
    if block.pos == 0:
        return _in_body(tokens, 0, len(tokens.tokens) - 1, parameters, 0, block)
    first = tokens.first_in(block.pos - 1)
    while first < len(tokens.tokens) and tokens.tokens[first].kind != LCURLY:
        first += 1
    last = tokens.last_in(block.end + 1, first)
    while last > first and tokens.tokens[last].kind != RCURLY:
        last -= 1
    return _in_body(tokens, first + 1, last, parameters, first + 1, None)


def _in_body(tokens: _Tokens, start: int, last: int, parameters: list[A.ParameterAst], params_from: int,
             root: A.ScriptBlockAst | None) -> CommentHelp | None:
    index = start
    while True:
        comments, index = tokens.block_at(index)
        if not comments:
            break
        found = _help(tokens, comments, parameters, params_from)
        if found is None:
            continue
        if root is not None and _belongs_to_first_function(root, comments[-1]):
            break
        return found
    return _help(tokens, tokens.preceding_block(last, tokens.tokens[last].start_line), parameters, params_from)


def _belongs_to_first_function(root: A.ScriptBlockAst, last_comment: Token) -> bool:
    """A script's first help block is its first function's when that function follows within two lines."""
    end = root.end_block
    if end is None or not end.unnamed or root.begin is not None or root.process is not None:
        return False
    if not end.statements or not isinstance(end.statements[0], A.FunctionDefinitionAst):
        return False
    line = root.source.location(end.statements[0].pos)[0]
    return line - last_comment.end_line <= PROXIMITY


__all__ = ["CommentHelp", "analyze", "comment_lines", "function_help", "script_block_help", "section"]
