"""System.Management.Automation types scripts construct or call: [WildcardPattern] and [PSTypeName].

    [WildcardPattern]::new('a*', 'IgnoreCase').IsMatch('ABC')     True
    [WildcardPattern]::ContainsWildcardCharacters('a[b]')         True
    [WildcardPattern]::Escape('a*')                               a`*
    ([System.Management.Automation.PSTypeName]'int').Type         [int]
"""

from __future__ import annotations

from typing import Any

from azskernel.runtime import pstypes as T
from azskernel.runtime.conversion import STRING_PARSERS, to_string
from azskernel.runtime.enums import EnumValue, find_enum
from azskernel.runtime.operators import wildcard_regex

WILDCARD_PATTERN = "System.Management.Automation.WildcardPattern"
PS_TYPE_NAME = "System.Management.Automation.PSTypeName"
_SPECIAL = "*?[]"


class WildcardPattern:
    ps_type_names = (WILDCARD_PATTERN, "System.Object")

    def __init__(self, pattern: Any, options: Any = None) -> None:
        self.pattern = to_string(pattern)
        self.ignore_case = _ignore_case(options)
        self._regex = wildcard_regex(self.pattern, self.ignore_case)

    def IsMatch(self, text: Any) -> bool:  # noqa: N802
        return text is not None and self._regex.match(to_string(text)) is not None

    def ToWql(self) -> str:  # noqa: N802
        """The pattern as a WQL LIKE operand: * becomes %, ? becomes _."""
        out, escaped = [], False
        for c in self.pattern:
            if escaped:
                out.append(f"[{c}]" if c in "%_[" else c)
                escaped = False
            elif c == "`":
                escaped = True
            else:
                out.append({"*": "%", "?": "_"}.get(c, f"[{c}]" if c in "%_" else c))
        return "".join(out)

    def ps_to_string(self) -> str:
        return WILDCARD_PATTERN


def _ignore_case(options: Any) -> bool:
    if options is None:
        return False  # WildcardOptions.None: case-sensitive
    wildcard_options = find_enum("System.Management.Automation.WildcardOptions")
    if wildcard_options is None or isinstance(options, bool):
        return bool(options)
    value = options if isinstance(options, EnumValue) else wildcard_options.convert(options)
    return bool(value.number & 2)  # WildcardOptions.IgnoreCase


def contains_wildcard_characters(text: str) -> bool:
    escaped = False
    for c in text:
        if escaped:
            escaped = False
        elif c == "`":
            escaped = True
        elif c in _SPECIAL:
            return True
    return False


def escape(text: str) -> str:
    return "".join(f"`{c}" if c in _SPECIAL or c == "`" else c for c in text)


def unescape(text: str) -> str:
    out, escaped = [], False
    for c in text:
        if escaped:
            out.append(c)
            escaped = False
        elif c == "`":
            escaped = True
        else:
            out.append(c)
    if escaped:
        out.append("`")
    return "".join(out)


def wildcard_static(name: str, args: list[Any]) -> Any:
    if name == "containswildcardcharacters":
        return contains_wildcard_characters(to_string(args[0]))
    if name == "escape":
        return escape(to_string(args[0]))
    if name == "unescape":
        return unescape(to_string(args[0]))
    if name == "get":
        return WildcardPattern(args[0], args[1] if len(args) > 1 else None)
    raise KeyError(name)


def language_primitives_static(name: str, args: list[Any]) -> Any:
    """[System.Management.Automation.LanguagePrimitives]::ConvertTo(value, type): pwsh's conversion as a method, whose
    failure is the PSInvalidCastException it throws."""
    if name == "convertto" and len(args) == 2:
        from azskernel.runtime.conversion import ConversionError, convert_to
        from azskernel.runtime.method_errors import method_exception

        try:
            return convert_to(args[0], args[1] if isinstance(args[1], T.PSType) else T.resolve_type(to_string(args[1])))
        except ConversionError as exc:
            cast = "System.Management.Automation.PSInvalidCastException"
            raise method_exception("ConvertTo", args, exc.record.message, inner_type=cast,
                                   error_id="PSInvalidCastException") from exc
    raise KeyError(name)


class PSTypeName:
    """A type by name, resolved when asked: `.Type` is None for a type that does not exist."""

    ps_type_names = (PS_TYPE_NAME, "System.Object")

    def __init__(self, name: Any) -> None:
        if isinstance(name, T.PSType):
            self.name, self._type = name.full_name, name
        else:
            self.name, self._type = to_string(name), None

    def ps_properties(self) -> list[tuple[str, Any]]:
        return [("Name", self.name), ("Type", self.Type)]

    @property
    def Type(self) -> T.PSType | None:  # noqa: N802
        return self._type or T.find_type(self.name)

    def ps_to_string(self) -> str:
        return self.name


STRING_PARSERS[PS_TYPE_NAME] = PSTypeName
STRING_PARSERS[WILDCARD_PATTERN] = WildcardPattern
T.register_type(T.PSType(WILDCARD_PATTERN, (WildcardPattern,)), "WildcardPattern")
T.register_type(T.PSType(PS_TYPE_NAME, (PSTypeName,)))

__all__ = ["PSTypeName", "WildcardPattern", "wildcard_static"]
