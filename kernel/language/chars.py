"""Character classes PowerShell's lexer uses (CharTraits.cs): Unicode dashes, quotes and blanks count too."""

from __future__ import annotations

import re

DASHES = frozenset("-\u2013\u2014\u2015")
SINGLE_QUOTES = frozenset("'\u2018\u2019\u201a\u201b")
DOUBLE_QUOTES = frozenset('"\u201c\u201d\u201e')
BLANKS = frozenset(" \t\f\v\u00a0\u0085\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u202f\u205f\u3000\ufeff")

_BLANK_CLASS = "[ \\t\\f\\v\\u00a0\\u0085\\u1680\\u2000-\\u200a\\u202f\\u205f\\u3000\\ufeff]"

# Whitespace, comments and backtick line continuations, without and with newlines. A backtick before a blank is
# a blank too (tokenizer.cs: "`" then whitespace skips the whitespace), so `-and ` # note` ends like `-and # note`.
SKIP_RE = re.compile(rf"(?:{_BLANK_CLASS}+|`(?:\r\n|\r|\n|{_BLANK_CLASS}+)|<#.*?#>|#[^\r\n]*)*", re.S)
SKIP_NL_RE = re.compile(rf"(?:{_BLANK_CLASS}+|[\r\n]+|`(?:\r\n|\r|\n|{_BLANK_CLASS}+)|<#.*?#>|#[^\r\n]*)*", re.S)

# Characters that end a bareword argument (tokenizer.cs ScanGenericToken stops on these).
ARG_END = frozenset(" \t\f\v\u00a0\u0085\r\n;|&(){},<>") | BLANKS
