"""Generic .NET collections scripts create with New-Object or casts: HashSet[T] (List[T] is pstypes.ArrayList)."""

from __future__ import annotations

from typing import Any

from azskernel.runtime import pstypes as T


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
