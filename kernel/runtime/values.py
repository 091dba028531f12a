"""PowerShell values that have no plain Python equivalent.

Plain Python types carry most values: str, bool, int, float, decimal.Decimal, list (object[]),
dict subclasses (hashtables), None ($null). What needs its own type lives here:
- `AutomationNull`: "no output at all", distinct from $null (a pipeline that wrote nothing).
- `PSObject`: an object with ordered, case-insensitively named note properties and type names
  ([pscustomobject], Select-Object's output, Azure records).
- `Hashtable` / `OrderedHashtable`: case-insensitive keys, insertion order kept for display.
"""

from __future__ import annotations

import decimal
import enum
from collections.abc import Iterable, Iterator, Mapping
from typing import Any


class _Sentinel(enum.Enum):
    AUTOMATION_NULL = "AutomationNull"
    UNSET = "Unset"

    def __repr__(self) -> str:
        return self.value

    def __bool__(self) -> bool:
        return False


AutomationNull = _Sentinel.AUTOMATION_NULL
"""What a command that wrote nothing returns; enumerates as empty, converts to $null."""
UNSET = _Sentinel.UNSET
"""A parameter or argument that was not given (not the same as $null)."""


def _fold(key: object) -> object:
    return key.casefold() if isinstance(key, str) else key


class Hashtable(dict):  # type: ignore[type-arg]
    """@{}: string keys match case-insensitively; the key as first written is kept."""

    def __init__(self, items: Mapping[Any, Any] | Iterable[tuple[Any, Any]] = ()) -> None:
        super().__init__()
        self._keys: dict[object, object] = {}
        pairs = items.items() if isinstance(items, Mapping) else items
        for k, v in pairs:
            self[k] = v

    def __setitem__(self, key: object, value: object) -> None:
        folded = _fold(key)
        original = self._keys.setdefault(folded, key)
        super().__setitem__(original, value)

    def __getitem__(self, key: object) -> Any:
        return super().__getitem__(self._keys[_fold(key)])

    def __delitem__(self, key: object) -> None:
        original = self._keys.pop(_fold(key))
        super().__delitem__(original)

    def __contains__(self, key: object) -> bool:
        return _fold(key) in self._keys

    def get(self, key: object, default: Any = None) -> Any:
        return self[key] if key in self else default

    def pop(self, key: object, *default: Any) -> Any:
        if key in self:
            value = self[key]
            del self[key]
            return value
        if default:
            return default[0]
        raise KeyError(key)

    def copy(self) -> Hashtable:
        return type(self)(self.items())


class OrderedHashtable(Hashtable):
    """[ordered]@{}: like Hashtable; keys always enumerate in insertion order."""


class LiteralInt(int):
    """A number written as a command argument whose text differs from its value's (`f 08`, `-Size 0x10`).

    pwsh wraps such a literal in a PSObject carrying the token text: the value is the number for arithmetic
    and numeric parameters, the text where it becomes a string ([string] parameters, "$x", display).
    """

    token_text: str


class LiteralFloat(float):
    """As LiteralInt, for `1.0`, `1e3`."""

    token_text: str


class LiteralDecimal(decimal.Decimal):
    """As LiteralInt, for `1.50d`."""

    token_text: str


_LITERAL_TYPES: dict[type, type] = {int: LiteralInt, float: LiteralFloat, decimal.Decimal: LiteralDecimal}


def literal_number(value: Any, text: str) -> Any:
    """`value` carrying `text` as its string form (pwsh's PSObject.TokenText); plain `value` when no type fits."""
    wrapper = _LITERAL_TYPES.get(type(value))
    if wrapper is None:
        sized = type(value)
        if not (isinstance(value, int) and hasattr(sized, "dotnet")):
            return value
        # a suffixed literal (`34uy`): its width for the arithmetic, its text for a [string] parameter
        wrapper = _LITERAL_SIZED.get(sized)
        if wrapper is None:
            wrapper = _LITERAL_SIZED[sized] = type(f"Literal{sized.__name__}", (sized,), {"__module__": __name__})
            _PLAIN_TYPES[wrapper] = sized
    result = wrapper(value)
    result.token_text = text
    return result


_LITERAL_SIZED: dict[type, type] = {}


def plain_number(value: Any) -> Any:
    """The number without its literal text (what a .NET method on the base object sees)."""
    base = _PLAIN_TYPES.get(type(value))
    return base(value) if base is not None else value


_PLAIN_TYPES: dict[type, type] = {v: k for k, v in _LITERAL_TYPES.items()}


class ETSMember:
    """A member added with Add-Member that is not a plain value (ScriptProperty, ScriptMethod, AliasProperty):
    stored among an object's properties, computed against the object (`$this`) when read (etsmembers.py)."""

    __slots__ = ()
    member_type = "Member"
    is_method = False

    def value(self, this: Any) -> Any:
        raise NotImplementedError

    def assign(self, this: Any, value: Any) -> None:
        raise NotImplementedError

    def invoke(self, this: Any, args: list[Any]) -> Any:
        raise NotImplementedError


class PSObject:
    """A property bag with type names, as [pscustomobject] and Select-Object make."""

    __slots__ = ("_props", "type_names")

    def __init__(
        self,
        properties: Mapping[str, Any] | Iterable[tuple[str, Any]] = (),
        type_names: Iterable[str] = ("System.Management.Automation.PSCustomObject", "System.Object"),
    ) -> None:
        self._props: dict[str, tuple[str, Any]] = {}
        pairs = properties.items() if isinstance(properties, Mapping) else properties
        for name, value in pairs:
            self.set(name, value)
        self.type_names: list[str] = list(type_names)

    def set(self, name: str, value: Any, this: Any = None) -> None:
        folded = name.casefold()
        current = self._props.get(folded)
        if current is not None and isinstance(current[1], ETSMember):
            current[1].assign(self if this is None else this, value)
            return
        self._props[folded] = (current[0] if current else name, value)

    def add(self, name: str, value: Any) -> None:
        """Store a value or an ETSMember as it is (Add-Member), replacing a member of the same name."""
        folded = name.casefold()
        current = self._props.get(folded)
        self._props[folded] = (current[0] if current else name, value)

    def get(self, name: str, default: Any = None, this: Any = None) -> Any:
        found = self._props.get(name.casefold())
        if found is None:
            return default
        value = found[1]
        if isinstance(value, ETSMember):
            return value.value(self if this is None else this)
        return value

    def member(self, name: str) -> Any:
        """The stored value or ETSMember, unresolved (None when absent)."""
        found = self._props.get(name.casefold())
        return found[1] if found else None

    def has(self, name: str) -> bool:
        return name.casefold() in self._props

    def remove(self, name: str) -> None:
        self._props.pop(name.casefold(), None)

    def names(self) -> list[str]:
        return [n for n, v in self._props.values() if not (isinstance(v, ETSMember) and v.is_method)]

    def items(self, this: Any = None) -> Iterator[tuple[str, Any]]:
        """The properties with their values (script properties computed, script methods left out)."""
        for name, value in self._props.values():
            if isinstance(value, ETSMember):
                if value.is_method:
                    continue
                value = value.value(self if this is None else this)
            yield name, value

    def members(self) -> Iterator[tuple[str, Any]]:
        """Every member as stored (ETSMembers unresolved)."""
        return iter(self._props.values())

    def __eq__(self, other: object) -> bool:
        return self is other

    __hash__ = object.__hash__

    def __repr__(self) -> str:
        inner = "; ".join(f"{n}={v!r}" for n, v in self.items())
        return f"@{{{inner}}}"
