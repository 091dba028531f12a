"""Members Add-Member adds (PowerShell's Extended Type System instance members), and where they live.

A PSObject keeps them among its properties (values.PSObject stores an `ETSMember` as it is and computes it when
read); a class instance keeps them in its `notes`; any other object that can take attributes keeps a PSObject of
them in `_ps_notes`. A string, number or plain array cannot take attributes, so `attach` gives a copy of the same
type that can (`Add-Member -InputObject 'abc' … -PassThru` returns it, as pwsh returns the object wrapped).

    ScriptProperty   {getter} [{setter}]: `$this` is the object; the setter gets the value as $args[0]
    ScriptMethod     {body}: `$this` is the object, the arguments are $args
    AliasProperty    another member's name [and a type to convert its value to]
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
import decimal
import uuid
from typing import Any

from azskernel.runtime.classes import ClassInstance
from azskernel.runtime.enums import EnumValue
from azskernel.runtime.errors import ErrorCategory, RuntimeException
from azskernel.runtime.values import ETSMember, PSObject


def _run(block: Any, this: Any, args: list[Any]) -> Any:
    out = block.session.interpreter.invoke_scriptblock(block, list(args), this=this)
    if not out:
        return None
    return out[0] if len(out) == 1 else out


class ScriptProperty(ETSMember):
    __slots__ = ("name", "getter", "setter")
    member_type = "ScriptProperty"

    def __init__(self, name: str, getter: Any, setter: Any = None) -> None:
        self.name = name
        self.getter = getter
        self.setter = setter

    def value(self, this: Any) -> Any:
        return None if self.getter is None else _run(self.getter, this, [])

    def assign(self, this: Any, value: Any) -> None:
        if self.setter is None:
            raise RuntimeException(f'Set accessor for property "{self.name}" is unavailable.',
                                   error_id="SetWithoutSetterFromScriptProperty", category=ErrorCategory.InvalidOperation)
        _run(self.setter, this, [value])


class ScriptMethod(ETSMember):
    __slots__ = ("name", "body")
    member_type = "ScriptMethod"
    is_method = True

    def __init__(self, name: str, body: Any) -> None:
        self.name = name
        self.body = body

    def value(self, this: Any) -> Any:
        return self  # `$o.Method` without parentheses: the method itself

    def invoke(self, this: Any, args: list[Any]) -> Any:
        return _run(self.body, this, args)

    def ps_to_string(self) -> str:
        return f"System.Object {self.name}();"


class AliasProperty(ETSMember):
    __slots__ = ("name", "target", "type")
    member_type = "AliasProperty"

    def __init__(self, name: str, target: str, type_: Any = None) -> None:
        self.name = name
        self.target = target
        self.type = type_

    def value(self, this: Any) -> Any:
        from azskernel.runtime.conversion import convert_to
        from azskernel.runtime.members import get_member

        value = get_member(this, self.target)
        return convert_to(value, self.type) if self.type is not None else value

    def assign(self, this: Any, value: Any) -> None:
        from azskernel.runtime.members import set_member

        set_member(this, self.target, value)


# ---------------------------------------------------------------- where members live

PLAIN_TYPES = frozenset({str, int, float, bool, list, tuple, dict, decimal.Decimal})
"""Types whose values never carry added members (a copy of a subtype does: `attach`); checked before looking."""


_LIST_NOTES: dict[int, tuple[list[Any], PSObject]] = {}
"""The members added to plain arrays (which cannot take attributes), by the array's id; the entry keeps the array
alive, as pwsh's table of instance members keeps the object."""


def added_members(obj: Any) -> PSObject | None:
    """The members Add-Member gave an object that is neither a PSObject nor a class instance."""
    kind = type(obj)
    if kind in PLAIN_TYPES:
        if kind is list and _LIST_NOTES:
            entry = _LIST_NOTES.get(id(obj))
            return entry[1] if entry is not None else None
        return None
    return getattr(obj, "_ps_notes", None)


_NOTED_TYPES: dict[type, type] = {}


def _noted_copy(obj: Any) -> Any:
    """A copy of a str/int/float/list/DateTime/Guid of a subclass that can carry attributes (its `_ps_notes`)."""
    base = type(obj)
    noted = _NOTED_TYPES.get(base)
    if noted is None:
        noted = type(base.__name__, (base,), {"__module__": __name__, "__doc__": f"A {base.__name__} with members."})
        _NOTED_TYPES[base] = noted
    if isinstance(obj, _dt.datetime):
        return noted(obj.year, obj.month, obj.day, obj.hour, obj.minute, obj.second, obj.microsecond, obj.tzinfo,
                     fold=obj.fold)
    if isinstance(obj, uuid.UUID):
        return noted(int=obj.int)
    return noted(obj)


def is_value_copy(obj: Any) -> bool:
    """Whether the object is a copy `attach` made to carry members (pwsh's PSObject wrapper around a value)."""
    if type(obj) in _NOTED_TYPES.values():
        return True
    return isinstance(obj, EnumValue) and getattr(obj, "_ps_notes", None) is not None


def attach(obj: Any) -> Any:
    """The object members can be added to: itself when it can take them, else a copy of it that can."""
    if isinstance(obj, (PSObject, ClassInstance)):
        return obj
    if isinstance(obj, bool) or obj is None:
        return obj
    if isinstance(obj, EnumValue):
        return dataclasses.replace(obj)  # a value (enum values are shared): the members go on this copy
    try:
        obj.__dict__  # noqa: B018 - objects with a __dict__ take attributes in place
        return obj
    except AttributeError:
        pass
    if type(obj) is list:
        return obj  # an array is a reference type: its members stay on it (see _LIST_NOTES)
    if isinstance(obj, (str, int, float, list, _dt.datetime, uuid.UUID)):
        return _noted_copy(obj)
    return obj


def notes_of(obj: Any, *, create: bool = False) -> PSObject | None:
    """The PSObject holding an object's added members (None when it has none and `create` is False)."""
    if isinstance(obj, PSObject):
        return obj
    if isinstance(obj, ClassInstance):
        if obj.notes is None and create:
            obj.notes = PSObject(type_names=())
        return obj.notes
    if type(obj) is list:
        entry = _LIST_NOTES.get(id(obj))
        if entry is None and create:
            entry = _LIST_NOTES[id(obj)] = (obj, PSObject(type_names=()))
        return entry[1] if entry is not None else None
    notes = getattr(obj, "_ps_notes", None)
    if notes is None and create:
        notes = PSObject(type_names=())
        try:
            object.__setattr__(obj, "_ps_notes", notes)  # a frozen dataclass's copy takes it too
        except AttributeError:
            return None
    return notes


def type_name_list(obj: Any) -> list[str]:
    """`$obj.PSTypeNames`: the live list of an object's type names (Add-Member -TypeName inserts into it); for a
    value that cannot carry members, a fresh list."""
    from azskernel.runtime.conversion import type_names

    if isinstance(obj, PSObject):
        return obj.type_names
    notes = notes_of(obj, create=True)
    if notes is None:
        return type_names(obj)
    if not notes.type_names:
        notes.type_names.extend(type_names(obj))
    return notes.type_names
