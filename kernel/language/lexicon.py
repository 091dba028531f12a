"""What the lexer recognizes: keywords, operators and their precedence, token patterns and the character sets
the rules branch on."""

from __future__ import annotations

import re

from azskernel.language import ast as A
from azskernel.language.chars import BLANKS

KEYWORDS = frozenset({
    "if", "switch", "foreach", "for", "while", "do", "function", "filter", "workflow", "try", "trap",
    "throw", "return", "break", "continue", "exit", "data", "class", "enum", "param", "begin", "process",
    "end", "dynamicparam", "else", "elseif", "until", "catch", "finally", "in", "using", "configuration",
})
STATEMENT_KEYWORDS = frozenset({
    "if", "switch", "foreach", "for", "while", "do", "function", "filter", "workflow", "try", "trap",
    "throw", "return", "break", "continue", "exit", "data", "class", "enum", "using", "configuration",
})

# Binary operator precedence (token.cs BinaryPrecedence*): larger binds tighter. pwsh 7's `??` sits between the
# comparisons and `+` (`$true -and $null ?? $true` is True, `2 + $null ?? 3` is 2).
(PREC_LOGICAL, PREC_BITWISE, PREC_COMPARISON, PREC_COALESCE, PREC_ADD, PREC_MULTIPLY, PREC_FORMAT,
 PREC_RANGE) = range(1, 9)

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
WORD_RE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
KEYWORD_RE = re.compile(r"([A-Za-z]+)(?![A-Za-z0-9_\-\\/.:])")
DASH_WORD_RE = re.compile(r"[-\u2013\u2014\u2015]([A-Za-z]+)")
PARAM_RE = re.compile(r"[-\u2013\u2014\u2015]([A-Za-z_?][^\s\u00a0\u0085;|&(){},<>:\"'\u2018-\u201e]*)(:?)")
NUMBER_RE = re.compile(
    r"(?i)(?:0x[0-9a-f]+|0b[01]+|(?:\d+\.\d+|\.\d+|\d+)(?:e[+\-]?\d+)?)(?:ul|us|uy|u|l|d|y|s|n)?(?:kb|mb|gb|tb|pb)?"
)
# `?` may continue a name (`$a?` is the variable "a?": pwsh 7 wants `${a}?.b` for null-conditional access), but
# `$?` is always the whole name, so `$???$false` is `$?` then `??`
VAR_RE = re.compile(r"\$(?:(?P<scope>[A-Za-z_][A-Za-z0-9_]*):(?=[A-Za-z0-9_?{])(?P<sname>[A-Za-z0-9_?]+)?|(?P<name>\?|[A-Za-z0-9_][A-Za-z0-9_?]*)|(?P<special>[$^]))")
SPLAT_RE = re.compile(r"@(?P<name>[A-Za-z0-9_?]+)")
SQ_STRING_RE = re.compile(r"['\u2018\u2019\u201a\u201b]((?:[^'\u2018\u2019\u201a\u201b]|['\u2018\u2019\u201a\u201b]{2})*)['\u2018\u2019\u201a\u201b]")
SQ_DOUBLED_RE = re.compile(r"(['\u2018\u2019\u201a\u201b])['\u2018\u2019\u201a\u201b]")
DQ_SIMPLE_RE = re.compile(r"[\"\u201c\u201d\u201e]([^\"\u201c\u201d\u201e`$]*)[\"\u201c\u201d\u201e]")
GENERIC_PLAIN_RE = re.compile(r"[^\s\u00a0\u0085;|&(){},<>\"'`$\u2018\u2019\u201a\u201b\u201c\u201d\u201e]+")
REDIRECT_RE = re.compile(r"([1-6*])?(>>?)(?:&([12]))?")
# a member name may start with a digit: `$o.23` is the member named "23"
MEMBER_NAME_RE = re.compile(r"[A-Za-z0-9_\u00c0-\uffff][A-Za-z0-9_\u00c0-\uffff]*")
HASH_KEY_RE = re.compile(r"[A-Za-z_][A-Za-z0-9_\-.]*")
FUNC_NAME_RE = re.compile(r"[^\s\u00a0(){};]+")
HERE_END_DQ = re.compile(r"(?:\r\n|\r|\n)[\"\u201c\u201d\u201e]@")
HERE_END_SQ = re.compile(r"(?:\r\n|\r|\n)['\u2018\u2019\u201a\u201b]@")
BLANKS_ONLY_RE = re.compile(f"{_BLANK}*")
SIMPLE_VAR_RE = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)(?![:A-Za-z0-9_?])")
SIMPLE_ASSIGN_RE = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)[ \t]*=(?!=)")
GENERIC_ARGUMENT_RE = re.compile(r"\s*[A-Za-z_][A-Za-z0-9_.`+]*(?:\[[^()]*\])?\s*")
"""One type argument of a generic method call (`string`, `System.Collections.Generic.List[int]`, `int[]`)."""
SIMPLE_TYPE_RE = re.compile(r"[A-Za-z_][A-Za-z0-9_.`+]*(?:\[\])*(?=[\](])")

# Runs of literal text inside expandable strings: everything but quotes, backticks and `$`.
DQ_TEXT_RE = re.compile(r"[^\"\u201c\u201d\u201e`$]+")
HERE_TEXT_RE = re.compile(r"[^`$]+")
POSTFIX_START = frozenset(".:[+-\u2013\u2014\u2015?")

REDIRECT_START = frozenset(">*123456<")

KEYWORD_START = frozenset("".join(KEYWORDS) + "".join(KEYWORDS).upper())

# Argument starts that are not a plain bareword: variables, groups, strings, script blocks, numbers (tried as
# numbers first) and parameters.
ARG_NOT_PLAIN = frozenset("$(@{'\"\u2018\u2019\u201a\u201b\u201c\u201d\u201e0123456789-.+\u2013\u2014\u2015,`")

EXPRESSION_STATEMENT_END = frozenset("\r\n;)}|")

SKIP_START = BLANKS | frozenset("#<`")
SKIP_NL_START = SKIP_START | frozenset("\r\n")
LINE_BREAK_INDENT_RE = re.compile(r"[\r\n \t]*")

ESCAPES = {"0": "\0", "a": "\a", "b": "\b", "e": "\x1b", "f": "\f", "n": "\n", "r": "\r", "t": "\t", "v": "\v"}

BLOCK_STATEMENTS = (A.IfStatementAst, A.LoopAst, A.TryStatementAst, A.TrapStatementAst,
                     A.FunctionDefinitionAst, A.DataStatementAst, A.TypeDefinitionAst)

ASSIGN_START = frozenset("=+*/%?-\u2013\u2014\u2015")

STATEMENT_END = frozenset("\r\n;)}")


def split_type_names(text: str) -> list[str]:
    """`string, List[int]` -> the names at bracket depth 0, stripped: generic type arguments, or an
    assembly-qualified name's parts (`System.Int32, System.Private.CoreLib`)."""
    names, depth, start = [], 0, 0
    for i, c in enumerate(text):
        if c == "[":
            depth += 1
        elif c == "]":
            depth -= 1
        elif c == "," and depth == 0:
            names.append(text[start:i].strip())
            start = i + 1
    names.append(text[start:].strip())
    return names
