"""Script parameters' validation attributes given an ErrorMessage (or ValidateSet's IgnoreCase=$false): the
checks the binder runs through ParameterInfo.validate, each element of an array in turn.

    [ValidateSet('A', 'B', ErrorMessage = "Item '{0}' is not in '{1}'")]     {1}: the set, joined by the
    [ValidatePattern('\\s+', ErrorMessage = "Item '{0}' failed '{1}'")]      culture's list separator; {1}: the
                                                                             pattern
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from azskernel.runtime.conversion import as_list, to_string
from azskernel.runtime.dotnetformat import composite_format

LIST_SEPARATOR = ","
"""en-US's TextInfo.ListSeparator."""


def _items(value: Any) -> list[Any]:
    return [v for v in (as_list(value) if isinstance(value, list | tuple) else [value]) if v is not None]


def set_validator(values: tuple[str, ...], message: str | None, ignore_case: bool) -> Callable[[Any], str | None]:
    def check(value: Any) -> str | None:
        for item in _items(value):
            text = to_string(item)
            found = any(text.casefold() == v.casefold() if ignore_case else text == v for v in values)
            if not found:
                if message is not None:
                    return composite_format(message, [text, LIST_SEPARATOR.join(values)])
                return (f'The argument "{text}" does not belong to the set "{",".join(values)}" specified by the '
                        "ValidateSet attribute. Supply an argument that is in the set and then try the command again.")
        return None

    return check


def pattern_validator(pattern: str, message: str) -> Callable[[Any], str | None]:
    def check(value: Any) -> str | None:
        for item in _items(value):
            text = to_string(item)
            if not re.search(pattern, text, re.IGNORECASE):
                return composite_format(message, [text, pattern])
        return None

    return check


__all__ = ["pattern_validator", "set_validator"]
