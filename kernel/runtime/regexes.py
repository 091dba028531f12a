""".NET regular expressions on Python's `re`: pattern translation, replacement strings, match objects.

PowerShell's -match/-replace/-split and [regex] use .NET syntax; the differences that matter for scripts are
named groups `(?<n>…)`, back-references `\k<n>`, `\z`, and `$1`/`${n}`/`$0` in replacements.
"""

from __future__ import annotations

import functools
import re
from typing import Any

from azskernel.runtime.errors import ErrorCategory, RuntimeException


class RegexError(RuntimeException):
    default_id = "InvalidRegularExpression"
    default_category = ErrorCategory.InvalidOperation


_NAMED_GROUP = re.compile(r"\(\?<(?![=!])([A-Za-z_][A-Za-z0-9_]*)>")
_NAMED_REF = re.compile(r"\\k<([A-Za-z_][A-Za-z0-9_]*)>")


def translate(pattern: str) -> str:
    out = _NAMED_GROUP.sub(r"(?P<\1>", pattern)
    out = _NAMED_REF.sub(r"(?P=\1)", out)
    out = out.replace(r"\z", r"\Z")
    return out


@functools.lru_cache(maxsize=512)
def compile_regex(pattern: str, ignore_case: bool = True) -> re.Pattern[str]:
    try:
        return re.compile(translate(pattern), re.IGNORECASE if ignore_case else 0)
    except re.error as exc:
        raise RegexError(
            f'The regular expression pattern {pattern} is not valid.',
            target=pattern,
        ) from exc


_REPL_TOKEN = re.compile(r"\$(?:(\d+)|\{([^}]+)\}|(\$)|(&)|(_))")


def expand_replacement(template: str, match: re.Match[str]) -> str:
    """A .NET replacement string: $1, ${name}, $0, $&, $$."""

    def one(m: re.Match[str]) -> str:
        number, name, dollar, whole, _input = m.groups()
        if dollar:
            return "$"
        if whole:
            return match.group(0)
        if _input:
            return match.string
        key: Any = int(number) if number is not None else (int(name) if name.isdigit() else name)
        try:
            return match.group(key) or ""
        except (IndexError, error_type()):
            return m.group(0)

    return _REPL_TOKEN.sub(one, template)


def error_type() -> type[Exception]:
    return re.error
