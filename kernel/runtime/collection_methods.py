"""The methods of arrays, ArrayList / List[T], HashSet[T] and hashtables: `.Add`, `.Remove`, `.Contains`,
`.ContainsKey`, `.GetEnumerator`, …; fixed-size arrays refuse to grow, as .NET's do.
"""

from __future__ import annotations

from typing import Any

from azskernel.runtime import pstypes as T
from azskernel.runtime.adapted import DictionaryEntry
from azskernel.runtime.conversion import as_list, convert_to, to_number, to_string
from azskernel.runtime.enumerators import dictionary_enumerator, sequence_enumerator
from azskernel.runtime.method_errors import method_exception, no_method
from azskernel.runtime.values import AutomationNull, Hashtable


def call_list(lst: Any, lname: str, name: str, args: list[Any]) -> Any:
    from azskernel.runtime.collections_ext import HashSet

    if isinstance(lst, HashSet):
        if lname == "add":
            return lst.add(args[0])
        if lname == "contains":
            return args[0] in lst
        if lname == "remove":
            if args[0] in lst:
                lst.remove(args[0])
                return True
            return False
        if lname == "unionwith":
            for x in as_list(args[0]):
                lst.add(x)
            return AutomationNull
    growable = isinstance(lst, T.ArrayList)
    if lname == "contains":
        return any(loose_equal(x, args[0]) for x in lst)
    if lname == "indexof":
        for i, x in enumerate(lst):
            if loose_equal(x, args[0]):
                return i
        return -1
    if lname in ("add", "remove", "removeat", "insert", "clear", "addrange", "removerange", "reverse", "sort", "toarray", "insertrange"):
        if lname == "toarray":
            return list(lst)
        if lname == "reverse" and not growable:
            lst.reverse()
            return AutomationNull
        if not growable:
            raise method_exception(name, args, "Collection was of a fixed size.", "System.Management.Automation.MethodInvocationException")
        if lname == "add":
            value = args[0]
            if lst.element is not None:
                value = convert_to(value, lst.element)
            lst.append(value)
            return len(lst) - 1 if lst.element is None else AutomationNull
        if lname == "addrange":
            lst.extend(as_list(args[0]))
            return AutomationNull
        if lname == "remove":
            for i, x in enumerate(lst):
                if loose_equal(x, args[0]):
                    del lst[i]
                    return True if lst.element is not None else AutomationNull
            return False if lst.element is not None else AutomationNull
        if lname == "removeat":
            index = int(to_number(args[0]))
            if not 0 <= index < len(lst):
                raise method_exception(name, args, "Index was out of range. Must be non-negative and less than the size of the collection. (Parameter 'index')")
            del lst[index]
            return AutomationNull
        if lname == "removerange":
            start, count = int(to_number(args[0])), int(to_number(args[1]))
            del lst[start:start + count]
            return AutomationNull
        if lname == "insert":
            lst.insert(int(to_number(args[0])), args[1])
            return AutomationNull
        if lname == "insertrange":
            i = int(to_number(args[0]))
            lst[i:i] = as_list(args[1])
            return AutomationNull
        if lname == "clear":
            lst.clear()
            return AutomationNull
        if lname == "reverse":
            lst.reverse()
            return AutomationNull
        if lname == "sort":
            from azskernel.runtime.operators import compare_values

            import functools

            lst.sort(key=functools.cmp_to_key(compare_values))
            return AutomationNull
    if lname == "getvalue":
        return lst[int(to_number(args[0]))]
    if lname == "setvalue":
        lst[int(to_number(args[1]))] = args[0]
        return AutomationNull
    if lname == "clone":
        return type(lst)(lst) if not isinstance(lst, (T.ArrayList, T.TypedArray)) else (
            T.ArrayList(lst, lst.element) if isinstance(lst, T.ArrayList) else T.TypedArray(lst, lst.element))
    if lname == "tostring":
        return T.type_of(lst).full_name
    if lname == "getenumerator":
        return sequence_enumerator(lst)
    if lname == "copyto":
        target = args[0]
        offset = int(to_number(args[1])) if len(args) > 1 else 0
        for i, x in enumerate(lst):
            target[offset + i] = x
        return AutomationNull
    raise no_method(lst, name)


def loose_equal(a: Any, b: Any) -> bool:
    from azskernel.runtime.operators import equals

    return equals(a, b, ignore_case=False)


def call_dict(d: dict, lname: str, name: str, args: list[Any]) -> Any:  # type: ignore[type-arg]
    if lname in ("containskey", "contains"):
        return args[0] in d
    if lname == "containsvalue":
        return any(loose_equal(v, args[0]) for v in d.values())
    if lname == "add":
        if args[0] in d:
            raise method_exception(
                name, args,
                f"Item has already been added. Key in dictionary: '{to_string(args[0])}'  Key being added: '{to_string(args[0])}'",
            )
        d[args[0]] = args[1] if len(args) > 1 else None
        return AutomationNull
    if lname == "remove":
        if args[0] in d:
            del d[args[0]]
        return AutomationNull
    if lname == "clear":
        d.clear()
        if isinstance(d, Hashtable):
            d._keys.clear()
        return AutomationNull
    if lname == "clone":
        return d.copy() if isinstance(d, Hashtable) else Hashtable(d.items())
    if lname == "getenumerator":
        return dictionary_enumerator(d, DictionaryEntry)
    if lname == "tostring":
        return to_string(d)
    if lname == "get_item":
        return d.get(args[0])
    if lname == "set_item":
        d[args[0]] = args[1]
        return AutomationNull
    if lname == "trygetvalue":
        return args[0] in d
    raise no_method(d, name)

