"""Generic .NET collections scripts create with New-Object or casts: HashSet[T] (List[T] is pstypes.ArrayList)."""

from __future__ import annotations

from typing import Any

from azskernel.runtime import pstypes as T
from azskernel.runtime.values import Hashtable


class HashSet(list):  # type: ignore[type-arg]
    """HashSet[T]: kept as an ordered list without duplicates (strings compare case-sensitively, as .NET)."""

    def __init__(self, items: Any = (), element: T.PSType | None = None) -> None:
        super().__init__()
        self.element = element
        for item in items:
            self.add(item)

    @property
    def ps_type_names(self) -> tuple[str, ...]:
        inner = self.element.full_name if self.element else "System.Object"
        return (f"System.Collections.Generic.HashSet[{inner}]", "System.Object")

    def add(self, item: Any) -> bool:
        if item in self:
            return False
        self.append(item)
        return True


def _sort_key(key: Any) -> tuple[int, Any]:
    if isinstance(key, str):
        return (1, (key.casefold(), key))
    if isinstance(key, (int, float)):
        return (0, key)
    return (2, str(key))


class SortedDictionary(Hashtable):
    """SortedDictionary[K,V]: a dictionary whose keys always enumerate in sorted order."""

    @property
    def ps_type_names(self) -> tuple[str, ...]:
        return ("System.Collections.Generic.SortedDictionary`2", "System.Object")

    def _sorted(self) -> list[Any]:
        return sorted(dict.keys(self), key=_sort_key)

    def __iter__(self) -> Any:
        return iter(self._sorted())

    def keys(self) -> Any:  # type: ignore[override]
        return self._sorted()

    def values(self) -> Any:  # type: ignore[override]
        return [dict.__getitem__(self, k) for k in self._sorted()]

    def items(self) -> Any:  # type: ignore[override]
        return [(k, dict.__getitem__(self, k)) for k in self._sorted()]


class CaseSensitiveOrderedHashtable(Hashtable):
    """System.Management.Automation.OrderedHashtable (what ConvertFrom-Json -AsHashtable returns): a Hashtable
    whose keys keep their order and, unlike @{}, compare case-sensitively ("a" and "A" are two keys)."""

    ps_type_names = ("System.Management.Automation.OrderedHashtable", "System.Collections.Hashtable", "System.Object")

    def __setitem__(self, key: object, value: object) -> None:
        dict.__setitem__(self, key, value)

    def __getitem__(self, key: object) -> Any:
        return dict.__getitem__(self, key)

    def __delitem__(self, key: object) -> None:
        dict.__delitem__(self, key)

    def __contains__(self, key: object) -> bool:
        return dict.__contains__(self, key)
