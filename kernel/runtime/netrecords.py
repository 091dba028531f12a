""".NET value types that are plain settable properties, which scripts build from a hashtable
(`[System.Management.Automation.Host.Coordinates]@{X=1; Y=2}`) or with New-Object and -Property.

Each property converts what is assigned to its declared type; a hashtable naming a property the type lacks, or a
value that does not convert, fails as pwsh's hashtable-to-object conversion does (ObjectCreationError).
"""

from __future__ import annotations

from typing import Any

from azskernel.runtime import pstypes as T
from azskernel.runtime.conversion import HASHTABLE_TYPES, convert_to, to_string


class NetRecord:
    """An instance of one of the record types below: its properties in declaration order."""

    type_name = ""
    fields: tuple[tuple[str, str], ...] = ()
    """(property name, its type's full name), as .NET declares them."""

    def __init__(self) -> None:
        for name, type_name in self.fields:
            object.__setattr__(self, name, convert_to(0, type_name))

    @property
    def ps_type_names(self) -> tuple[str, ...]:
        return (self.type_name, "System.ValueType", "System.Object")

    def __setattr__(self, name: str, value: Any) -> None:
        for field, type_name in self.fields:
            if field.casefold() == name.casefold():
                object.__setattr__(self, field, convert_to(value, type_name))
                return
        raise AttributeError(name)

    def ps_properties(self) -> list[tuple[str, Any]]:
        return [(name, getattr(self, name)) for name, _ in self.fields]

    def ps_to_string(self) -> str:
        return ",".join(to_string(getattr(self, name)) for name, _ in self.fields)

    def __eq__(self, other: object) -> bool:
        return type(other) is type(self) and self.ps_properties() == other.ps_properties()  # type: ignore[attr-defined]

    def __hash__(self) -> int:
        return hash(tuple(v for _, v in self.ps_properties()))


class PropertyNotSettable(Exception):
    """A hashtable key names no settable property of the type (the message is pwsh's)."""


def available_properties(record: type[NetRecord]) -> str:
    return " , ".join(f"[{name} <{type_name}>]" for name, type_name in record.fields)


def from_hashtable(record: type[NetRecord], table: dict[Any, Any]) -> NetRecord:
    """A new record with the hashtable's values set; PropertyNotSettable or the conversion's error when one does
    not fit."""
    made = record()
    for key, value in table.items():
        name = to_string(key)
        if not any(f.casefold() == name.casefold() for f, _ in record.fields):
            raise PropertyNotSettable(f"The {name} property was not found for the {record.type_name} object. "
                                      f"The available property is: {available_properties(record)}")
        setattr(made, name, value)
    return made


def _record(full_name: str, *fields: tuple[str, str]) -> type[NetRecord]:
    cls = type(full_name.rsplit(".", 1)[-1], (NetRecord,), {"type_name": full_name, "fields": fields,
                                                              "__module__": __name__})
    T.register_type(T.PSType(full_name, (cls,)))
    HASHTABLE_TYPES[full_name] = lambda table: from_hashtable(cls, table)
    return cls


Coordinates = _record("System.Management.Automation.Host.Coordinates", ("X", "System.Int32"), ("Y", "System.Int32"))
Size = _record("System.Management.Automation.Host.Size", ("Width", "System.Int32"), ("Height", "System.Int32"))

RECORD_TYPES: dict[str, type[NetRecord]] = {c.type_name: c for c in (Coordinates, Size)}

__all__ = ["RECORD_TYPES", "NetRecord", "PropertyNotSettable", "from_hashtable"]
