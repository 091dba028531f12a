"""Members of values as PowerShell adapts them: reading and writing properties, member enumeration, and the
`.PSObject` view.

`get_member(obj, name)` reads a property (PSObject note properties, hashtable keys, .NET-like properties of
built-in values such as `"abc".Length` from adapted.py, public attributes of Python objects); on a collection
that lacks it, it enumerates the member over the elements. Method calls are methods.py's `call_method`.
"""

from __future__ import annotations

import dataclasses
import decimal
import re
from typing import Any

from azskernel.runtime import pstypes as T
from azskernel.runtime.adapted import DictionaryEntry, RegexMatch, get_properties
from azskernel.runtime.classes import ClassInstance
from azskernel.runtime.conversion import is_enumerable, to_string
from azskernel.runtime.conversion import type_names as _type_names
from azskernel.runtime.errors import ErrorCategory, RuntimeException
from azskernel.runtime.etsmembers import added_members, notes_of, type_name_list
from azskernel.runtime.method_errors import MemberError, method_exception
from azskernel.runtime.method_values import method_value
from azskernel.runtime.methods import call_method
from azskernel.runtime.static_math import round_like_math
from azskernel.runtime.values import AutomationNull, PSObject

MISSING = object()


def type_names(obj: Any) -> list[str]:
    """PowerShell type names, most derived first (e.g. ["System.String", "System.Object"])."""
    if obj is None:
        return []
    return _type_names(obj)


def _lookup(props: list[tuple[str, Any]], name: str) -> Any:
    folded = name.casefold()
    for key, value in props:
        if key.casefold() == folded:
            return value
    return MISSING


def _python_attr(obj: Any, name: str) -> Any:
    """A Python object's attribute by PowerShell name: exact, case-insensitive, or PascalCase→snake_case."""
    snake = re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", name).lower()
    for candidate in (name, snake):
        if not candidate.startswith("_") and hasattr(obj, candidate):
            value = getattr(obj, candidate)
            if not callable(value) or isinstance(value, type):
                return value
    return MISSING


def get_member_or_missing(obj: Any, name: str) -> Any:
    if isinstance(obj, PSObject):
        if obj.has(name):
            return obj.get(name)
        return MISSING
    if isinstance(obj, ClassInstance):
        return obj.get(name) if obj.has(name) else MISSING
    notes = added_members(obj)
    if notes is not None and notes.has(name):
        return notes.get(name, this=obj)
    if isinstance(obj, dict):
        if name in obj:
            return obj[name]
        return _lookup(get_properties(obj), name)
    if isinstance(obj, str) and name.casefold() == "length":
        return len(obj)
    if isinstance(obj, (list, tuple)):
        found = _lookup(get_properties(obj), name)
        return found
    props = get_properties(obj)
    found = _lookup(props, name)
    if found is MISSING and not isinstance(obj, (str, int, float, bool, decimal.Decimal)):
        found = _python_attr(obj, name)
    return found


class PSPropertyInfo:
    """One entry of `$obj.PSObject.Properties`."""

    ps_type_names = ("System.Management.Automation.PSNoteProperty", "System.Management.Automation.PSPropertyInfo",
                     "System.Object")

    def __init__(self, owner: Any, name: str, value: Any) -> None:
        self.owner = owner
        self.Name = name
        self.Value = value

    def ps_properties(self) -> list[tuple[str, Any]]:
        kind = "NoteProperty" if isinstance(self.owner, PSObject) else "Property"
        return [("MemberType", kind), ("IsSettable", True), ("IsGettable", True), ("Value", self.Value),
                ("TypeNameOfValue", T.type_of(self.Value).full_name if self.Value is not None else "System.Object"),
                ("Name", self.Name), ("IsInstance", True)]

    def ps_to_string(self) -> str:
        return f"{T.type_of(self.Value).full_name if self.Value is not None else 'System.Object'} {self.Name}={to_string(self.Value)}"


class PropertyCollection(list):  # type: ignore[type-arg]
    """`$obj.PSObject.Properties`: enumerable, indexable by name, `.Add()`, `.Remove()`, `.Match()`.

    Add and Remove change the object's instance members (pwsh's PSMemberInfoIntegratingCollection does): the note,
    script and alias properties Add-Member gave it; an adapted (.NET) property is not one, so removing it does
    nothing, as in pwsh."""

    ps_own_methods = {"add": "Add", "remove": "Remove", "match": "Match"}
    """Methods of this collection that a list's own (methods.call_method) must not shadow."""

    def __init__(self, owner: Any) -> None:
        super().__init__(PSPropertyInfo(owner, n, v) for n, v in get_properties(owner))
        self.owner = owner

    def __getitem__(self, key: Any) -> Any:  # type: ignore[override]
        if isinstance(key, str):
            return next((p for p in self if p.Name.casefold() == key.casefold()), None)
        return list.__getitem__(self, key)

    def Add(self, prop: Any, *_: Any) -> None:  # noqa: N802
        name, value = to_string(get_member(prop, "Name")), get_member(prop, "Value")
        notes = notes_of(self.owner, create=True)
        if notes is None:
            return  # a value that cannot carry members (a number, a plain string)
        if isinstance(self.owner, PSObject):
            notes.set(name, value)
        else:
            notes.add(name, value)
        self.append(PSPropertyInfo(self.owner, name, value))

    def Remove(self, name: Any) -> None:  # noqa: N802
        text = to_string(name)
        notes = notes_of(self.owner)
        if notes is None or not notes.has(text):
            return
        notes.remove(text)
        folded = text.casefold()
        self[:] = [p for p in self if p.Name.casefold() != folded]

    def Match(self, pattern: Any) -> list[Any]:  # noqa: N802
        from azskernel.runtime.operators import like

        return [p for p in self if like(p.Name, pattern)]


class PSObjectView:
    """`$obj.PSObject`: the adapter PowerShell wraps every value in."""

    ps_type_names = ("System.Management.Automation.PSObject", "System.Object")

    def __init__(self, target: Any) -> None:
        self.target = target

    def ps_properties(self) -> list[tuple[str, Any]]:
        return [("Properties", PropertyCollection(self.target)), ("TypeNames", type_name_list(self.target)),
                ("BaseObject", self.target), ("ImmediateBaseObject", self.target),
                ("Members", PropertyCollection(self.target)), ("Methods", [])]

    def Copy(self) -> Any:  # noqa: N802
        if isinstance(self.target, PSObject):
            copy = PSObject((), self.target.type_names)
            for name, member in self.target.members():
                copy.add(name, member)
            return copy
        return self.target


def get_member(obj: Any, name: str) -> Any:
    """`$obj.Name`: the property, member enumeration over collections, $null when absent."""
    if obj is None or obj is AutomationNull:
        # every value has the intrinsic Count/Length: $null has 0
        return 0 if name.casefold() in ("count", "length") else None
    folded = name.casefold()
    if folded == "psobject":
        return PSObjectView(obj)
    if folded == "pstypenames":
        return type_name_list(obj)
    found = get_member_or_missing(obj, name)
    if found is not MISSING:
        return found
    if is_enumerable(obj):
        results: list[Any] = []
        for item in obj:
            value = get_member(item, name) if not is_enumerable(item) else get_member(item, name)
            if value is None:
                if item is not None and get_member_or_missing(item, name) is not MISSING:
                    results.append(None)
                continue
            if is_enumerable(value):
                results.extend(value)
            else:
                results.append(value)
        if len(results) == 1:
            return results[0]
        return results if results else None
    if name.casefold() in ("count", "length"):
        return 1
    return method_value(obj, name)


def set_member(obj: Any, name: str, value: Any) -> None:
    """`$obj.Name = value`."""
    if obj is None:
        raise RuntimeException(
            f"The property '{name}' cannot be found on this object. Verify that the property exists and can be set.",
            error_id="PropertyAssignmentException", category=ErrorCategory.InvalidOperation,
        )
    if isinstance(obj, PSObject):
        if not obj.has(name):
            raise RuntimeException(
                f"The property '{name}' cannot be found on this object. Verify that the property exists and can be set.",
                error_id="PropertyAssignmentException", category=ErrorCategory.InvalidOperation,
            )
        obj.set(name, value)
        return
    if isinstance(obj, ClassInstance):
        obj.set(name, value)
        return
    notes = added_members(obj)
    if notes is not None and notes.has(name):
        notes.set(name, value, this=obj)
        return
    if isinstance(obj, dict):
        obj[name] = value
        return
    if isinstance(obj, (list, tuple)):
        for item in obj:
            set_member(item, name, value)
        return
    snake = re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", name).lower()
    for candidate in (name, snake):
        if not candidate.startswith("_") and hasattr(obj, candidate) and not isinstance(obj, (str, int, float)):
            try:
                setattr(obj, candidate, value)
                return
            except (AttributeError, dataclasses.FrozenInstanceError):
                break
    raise RuntimeException(
        f"'{name}' is a ReadOnly property." if get_member_or_missing(obj, name) is not MISSING else
        f"The property '{name}' cannot be found on this object. Verify that the property exists and can be set.",
        error_id="PropertyAssignmentException", category=ErrorCategory.InvalidOperation,
    )



# call_method, method_exception, MemberError, round_like_math, get_properties, RegexMatch and DictionaryEntry live in
# methods.py, method_errors.py, adapted.py and static_math.py; they stay importable from here, where they were first.
__all__ = [
    "DictionaryEntry", "MemberError", "PSObjectView", "RegexMatch", "call_method", "get_member", "get_properties",
    "method_exception", "round_like_math", "set_member", "type_names",
]
