"""The binary -split operator as pwsh implements it (StringOps' SplitOperator): a pattern or a predicate script
block, a maximum number of substrings (negative counts from the right), and SplitOptions.

    "a,b,c" -split ",", 2                 a | b,c
    "a,b,c" -split ",", -2                a,b | c
    "abcBd" -csplit "B", 0, 'IgnoreCase'  a | c | d
    "a:b" -split "(:)"                    a | : | b   (captured groups are kept, as .NET's Regex.Split does)
"""

from __future__ import annotations

import re
from typing import Any

from azskernel.runtime import pstypes as T
from azskernel.runtime.conversion import as_list, convert_to, to_bool, to_string
from azskernel.runtime.enums import find_enum
from azskernel.runtime.errors import ErrorCategory, RuntimeException
from azskernel.runtime import regexes
from azskernel.runtime.regexes import RegexError, translate

SIMPLE_MATCH, REGEX_MATCH, CULTURE_INVARIANT, IGNORE_PATTERN_WHITESPACE = 1, 2, 4, 8
MULTILINE, SINGLELINE, IGNORE_CASE, EXPLICIT_CAPTURE = 16, 32, 64, 128

_PYTHON_FLAGS = ((IGNORE_CASE, re.IGNORECASE), (MULTILINE, re.MULTILINE), (SINGLELINE, re.DOTALL),
                 (IGNORE_PATTERN_WHITESPACE, re.VERBOSE))


def _parse_error(error_id: str, message: str) -> RuntimeException:
    err = RuntimeException(message, error_id=error_id, category=ErrorCategory.InvalidOperation)
    err.record.exception_type = "System.Management.Automation.ParseException"
    return err


def _options(value: Any) -> int:
    split_options = find_enum("System.Management.Automation.SplitOptions")
    assert split_options is not None
    return int(split_options.convert(value).number)


def split_operator(left: Any, right: Any, ignore_case: bool) -> list[str]:
    args = as_list(right) if isinstance(right, list | tuple) else [right]
    separator = args[0]
    predicate = separator if hasattr(separator, "invoke_with_underscore") else None
    limit = int(convert_to(args[1], "int")) if len(args) > 1 else 0
    options = 0
    if len(args) > 2 and args[2] is not None and args[2] != "":
        options = _options(args[2])
        if predicate is not None:
            raise _parse_error("InvalidSplitOptionWithPredicate",
                               "Cannot split with a script block predicate and split options together.")
        if ignore_case:
            options |= IGNORE_CASE
    elif ignore_case:
        options |= IGNORE_CASE
    content = [to_string(item) for item in (as_list(left) if isinstance(left, list | tuple) else [left])]
    if predicate is not None:
        return _split_with_predicate(content, predicate, limit)
    return _split_with_pattern(content, to_string(separator), limit, options)


def _split_with_predicate(content: list[str], predicate: Any, limit: int) -> list[str]:
    """Each character for which the predicate is true separates; a negative limit counts from the right."""
    if limit in (1, -1):
        return list(content)
    results: list[str] = []
    for item in content:
        cuts = [i for i in range(len(item)) if to_bool(predicate.invoke_with_underscore(T.PSChar(item[i])))]
        if limit > 0:
            cuts = cuts[:limit - 1]
        elif limit < 0:
            cuts = cuts[limit + 1:]  # the last |limit|-1 separators
        start, parts = 0, []
        for cut in cuts:
            parts.append(item[start:cut])
            start = cut + 1
        parts.append(item[start:])
        results.extend(parts)
    return results


def _split_with_pattern(content: list[str], pattern: str, limit: int, options: int) -> list[str]:
    if not options & (SIMPLE_MATCH | REGEX_MATCH):
        options |= REGEX_MATCH
    if options & SIMPLE_MATCH:
        if options & ~(SIMPLE_MATCH | IGNORE_CASE):
            raise _parse_error("InvalidSplitOptionCombination",
                               "Cannot combine SimpleMatch with any option other than IgnoreCase.")
        pattern = re.escape(pattern)
    else:
        pattern = translate(pattern)
        if options & EXPLICIT_CAPTURE:
            pattern = _without_unnamed_groups(pattern)
    flags = 0
    for option, flag in _PYTHON_FLAGS:
        if options & option:
            flags |= flag
    try:
        regex = re.compile(pattern, flags)
    except re.error as exc:
        raise RegexError(f"The regular expression pattern {pattern} is not valid.", target=pattern) from exc
    results: list[str] = []
    for item in content:
        results.extend(_regex_split(regex, item, limit))
    return results


def _regex_split(regex: re.Pattern[str], text: str, limit: int) -> list[str]:
    """.NET's Regex.Split(text, count): at most count-1 splits (from the right when the limit is negative, pwsh's
    RightToLeft), the groups each separator captured kept between the pieces."""
    count = abs(limit)
    if count == 1:
        return [text]
    matches = regexes.finditer(regex, text)  # interruptible (regexes.py)
    if count:
        matches = matches[:count - 1] if limit > 0 else matches[-(count - 1):]
    parts, start = [], 0
    for m in matches:
        parts.append(text[start:m.start()])
        parts.extend(g for g in m.groups() if g is not None)
        start = m.end()
    parts.append(text[start:])
    return parts


def _without_unnamed_groups(pattern: str) -> str:
    """ExplicitCapture: an unnamed `(` group does not capture."""
    out, i, in_class = [], 0, False
    while i < len(pattern):
        c = pattern[i]
        if c == "\\":
            out.append(pattern[i:i + 2])
            i += 2
            continue
        if in_class:
            in_class = c != "]"
        elif c == "[":
            in_class = True
        elif c == "(" and not pattern.startswith("?", i + 1):
            out.append("(?:")
            i += 1
            continue
        out.append(c)
        i += 1
    return "".join(out)


__all__ = ["split_operator"]
