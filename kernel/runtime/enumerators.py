"""What `.GetEnumerator()` returns: a .NET IEnumerator with `MoveNext()`, `Current` and `Reset()`.

`$e = $a.GetEnumerator(); while ($e.MoveNext()) { $e.Current }` walks it by hand; the pipeline and `foreach`
enumerate it from where it stands and leave it at its end (pwsh consumes an IEnumerator it is given, it never
resets it). Each enumerator is a Python iterator over the same positions, so conversion.is_enumerable and every
loop over values take it as they take any iterator. A hashtable's enumerator yields DictionaryEntry values
(and has `Key`, `Value`, `Entry`) over the entries as they were when it was made.
"""

from __future__ import annotations

from typing import Any

from azskernel.runtime import pstypes as T
from azskernel.runtime.errors import ErrorCategory, RuntimeException
from azskernel.runtime.values import OrderedHashtable

_NOT_STARTED = "Enumeration has not started. Call MoveNext."
_FINISHED = "Enumeration already finished."


def _getter_failed(name: str, message: str) -> RuntimeException:
    """pwsh's error when a .NET property getter throws (GetValueInvocationException)."""
    return RuntimeException(f'Exception getting "{name}": "{message}"', error_id="ExceptionWhenGetting",
                            category=ErrorCategory.NotSpecified)


class SequenceEnumerator:
    """The enumerator of an array, a list or a string (its items at the moment each is reached)."""

    __slots__ = ("_items", "_index", "_wrap", "ps_type_names")
    ps_interfaces: tuple[str, ...] = ("System.Collections.IEnumerator",)

    def __init__(self, items: Any, type_name: str, wrap: Any = None) -> None:
        self._items = items
        self._index = -1
        self._wrap = wrap
        self.ps_type_names = (type_name, "System.Object")

    # .NET's IEnumerator
    def MoveNext(self) -> bool:  # noqa: N802
        if self._index < len(self._items):
            self._index += 1
        return self._index < len(self._items)

    def Reset(self) -> None:  # noqa: N802
        self._index = -1

    @property
    def Current(self) -> Any:  # noqa: N802
        if self._index < 0:
            raise _getter_failed("Current", _NOT_STARTED)
        if self._index >= len(self._items):
            raise _getter_failed("Current", _FINISHED)
        item = self._items[self._index]
        return item if self._wrap is None else self._wrap(item)

    # the pipeline's and foreach's view: from where it stands to its end
    def __iter__(self) -> SequenceEnumerator:
        return self

    def __next__(self) -> Any:
        if not self.MoveNext():
            raise StopIteration
        return self.Current

    def __getattr__(self, name: str) -> Any:
        # `$e.current`: .NET members are found whatever the case (members.py tries the name as written)
        own = _MEMBERS.get(name.casefold())
        if own is None or own == name:
            raise AttributeError(name)
        return getattr(self, own)

    def ps_properties(self) -> list[tuple[str, Any]]:
        return []  # Current is read only when asked for (it throws before MoveNext, as .NET's does)

    def ps_to_string(self) -> str:
        return self.ps_type_names[0]


class DictionaryEnumerator(SequenceEnumerator):
    """A hashtable's IDictionaryEnumerator: Current is a DictionaryEntry, with its Key and Value at hand."""

    __slots__ = ()
    ps_interfaces = ("System.Collections.IDictionaryEnumerator", "System.Collections.IEnumerator")

    @property
    def Key(self) -> Any:  # noqa: N802
        return self.Current.key

    @property
    def Value(self) -> Any:  # noqa: N802
        return self.Current.value

    @property
    def Entry(self) -> Any:  # noqa: N802
        return self.Current


_MEMBERS = {n.casefold(): n for n in ("MoveNext", "Reset", "Current", "Key", "Value", "Entry")}


def sequence_enumerator(items: Any) -> SequenceEnumerator:
    """`$array.GetEnumerator()`, `$list.GetEnumerator()`, `$string.GetEnumerator()`: typed as .NET types them."""
    if isinstance(items, str):
        return SequenceEnumerator(items, "System.CharEnumerator", T.PSChar)
    if isinstance(items, T.ArrayList):
        kind = ("System.Collections.ArrayList+ArrayListEnumeratorSimple" if items.element is None
                else f"{items.generic}`1+Enumerator")
        return SequenceEnumerator(items, kind)
    return SequenceEnumerator(items, "System.SZArrayEnumerator")


def dictionary_enumerator(d: dict, entry: Any) -> DictionaryEnumerator:  # type: ignore[type-arg]
    """`$hashtable.GetEnumerator()`: `entry(key, value)` makes each DictionaryEntry."""
    kind = ("System.Collections.Specialized.OrderedDictionary+OrderedDictionaryEnumerator"
            if isinstance(d, OrderedHashtable) else "System.Collections.Hashtable+HashtableEnumerator")
    return DictionaryEnumerator([entry(k, v) for k, v in d.items()], kind)
