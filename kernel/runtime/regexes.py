""".NET regular expressions on Python's `re`: pattern translation, replacement strings, match objects.

PowerShell's -match/-replace/-split and [regex] use .NET syntax; the differences that matter for scripts are
named groups `(?<n>…)`, back-references `\k<n>`, `\z`, and `$1`/`${n}`/`$0` in replacements.

Matching runs in C and can backtrack for ever (`'a'*40+'!' -match '^(a+)+$'`): `search`/`sub`/`split`/
`finditer` mark it as a native call, which an interrupt stops at once (native.py). Like .NET, -match has no
timeout, but a `[regex]::new(pattern, options, timeout)` (`TimedRegex`) and the static methods given a
timeout raise RegexMatchTimeoutException when a match runs longer.
"""

from __future__ import annotations

import datetime as _dt
import functools
import re
from collections.abc import Callable, Iterator
from typing import Any

from azskernel.runtime.errors import ErrorCategory, RuntimeException
from azskernel.runtime.native import deadline, native_call


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


# -- matching (interruptible) ------------------------------------------------------------------------------

def search(regex: re.Pattern[str], text: str) -> re.Match[str] | None:
    with native_call():
        return regex.search(text)


def sub(regex: re.Pattern[str], replacement: Callable[[re.Match[str]], str], text: str) -> str:
    with native_call():
        return regex.sub(replacement, text)


def split(regex: re.Pattern[str], text: str, maxsplit: int = 0) -> list[str | Any]:
    with native_call():
        return regex.split(text, maxsplit=maxsplit)


def finditer(regex: re.Pattern[str], text: str) -> list[re.Match[str]]:
    with native_call():
        return list(regex.finditer(text))


# -- [regex] with a match timeout ----------------------------------------------------------------------------

MATCH_TIMEOUT_MESSAGE = (
    "The RegEx engine has timed out while trying to match a pattern to an input string. This can occur for many "
    "reasons, including very large inputs or excessive backtracking caused by nested quantifiers, back-references "
    "and other factors."
)
"""System.Text.RegularExpressions' RegexMatchTimeoutException_Occurred (dotnet/runtime Strings.resx)."""
INFINITE = _dt.timedelta(milliseconds=-1)
"""Regex.InfiniteMatchTimeout."""
_MAX_TIMEOUT = _dt.timedelta(days=24, hours=20, minutes=31, seconds=23, milliseconds=647)
"""Int32.MaxValue - 1 milliseconds, the longest timeout .NET accepts."""


class RegexMatchTimeout(Exception):
    """Raised by the SIGALRM deadline inside a match; `TimedRegex` turns it into pwsh's error."""


def match_timeout(value: Any, method: str, args: list[Any]) -> _dt.timedelta:
    """A .NET matchTimeout argument: a TimeSpan (or text convertible to one), positive or InfiniteMatchTimeout."""
    if not isinstance(value, _dt.timedelta):
        from azskernel.runtime.conversion import convert_to

        value = convert_to(value, "timespan")
    if value != INFINITE and not (_dt.timedelta(0) < value <= _MAX_TIMEOUT):
        from azskernel.runtime.members import method_exception

        raise method_exception(method, args, "Specified argument was out of the range of valid values. "
                                             "(Parameter 'matchTimeout')")
    return value


class TimedRegex:
    """A [regex] made with a match timeout. Its methods are those of [regex] (case-insensitive names, looked up
    by the runtime's member access), each match bounded by the timeout."""

    def __init__(self, pattern: str, options: str, timeout: _dt.timedelta) -> None:
        self.pattern = pattern
        self.options = options
        self.regex = compile_regex(pattern, "ignorecase" in options.lower())
        self.timeout = timeout

    def __str__(self) -> str:
        return self.pattern

    def __repr__(self) -> str:
        return self.pattern

    def __getattr__(self, name: str) -> Any:
        lowered = name.lower()
        if lowered == "matchtimeout":
            return self.timeout
        if lowered == "options":
            return self.options
        if lowered in _INSTANCE_METHODS:
            return lambda *args: self.call(_INSTANCE_METHODS[lowered], list(args))
        raise AttributeError(name)

    def call(self, name: str, args: list[Any]) -> Any:
        from azskernel.runtime.static_text import regex_instance_call

        return bounded(self.timeout, name, args, lambda: regex_instance_call(self.regex, name.lower(), name, args))


_INSTANCE_METHODS = {"ismatch": "IsMatch", "match": "Match", "matches": "Matches", "replace": "Replace",
                     "split": "Split"}
"""The matching methods, by lower-case name, with .NET's own spelling (pwsh's errors use it)."""


def bounded(timeout: _dt.timedelta, name: str, args: list[Any], run: Callable[[], Any]) -> Any:
    """`run()` within `timeout` (a match, so interruptible); pwsh's error when it runs longer."""
    seconds = None if timeout == INFINITE else timeout.total_seconds()
    try:
        with native_call(), deadline(seconds, RegexMatchTimeout):
            result = run()
            # Matches() is lazy in .NET too, but a Python iterator would escape the deadline: walk it here.
            return list(result) if isinstance(result, Iterator) else result
    except RegexMatchTimeout:
        from azskernel.runtime.members import method_exception

        error = method_exception(name, args, MATCH_TIMEOUT_MESSAGE)
        error.record.error_id = "RegexMatchTimeoutException"
        raise error from None


def timed_call(name: str, args: list[Any]) -> Any | None:
    """[regex]::new(pattern, options, timeout) and the static methods' timeout overloads; None for the other
    overloads (statics.py handles them)."""
    lowered = name.lower()
    from azskernel.runtime.conversion import to_string

    if lowered == "new" and len(args) == 3:
        return TimedRegex(to_string(args[0]), to_string(args[1]), match_timeout(args[2], ".ctor", args))
    arity = {"ismatch": 4, "match": 4, "matches": 4, "split": 4, "replace": 5}.get(lowered)
    if arity is None or len(args) != arity:
        return None
    from azskernel.runtime.static_text import regex_instance_call

    timeout = match_timeout(args[-1], name, args)
    regex = compile_regex(to_string(args[1]), "ignorecase" in to_string(args[-2]).lower())
    rest = [args[0], args[2]] if lowered == "replace" else [args[0]]
    return bounded(timeout, _INSTANCE_METHODS[lowered], args, lambda: regex_instance_call(regex, lowered, name, rest))
