"""What a line magic returns to Python, and how PowerShell objects display in IPython.

- `Get-*` commands return a pandas DataFrame: one row per object, one column per property (all of them,
  in the object's order), so `df = %Get-AzsPlatformImage` can be filtered, grouped and exported. Scalars
  keep their Python type; nested objects become pwsh's cell text. `Test-*` commands whose output is records
  (Test-AzsImage: one per check) return a DataFrame too; those that answer with a boolean (Test-Path) keep it.
- every other command returns None (no output), the object itself (one), or a list (several).
PowerShell objects (PSObject, Az records) get the same HTML and text views as in the azs-powershell kernel
through IPython's display formatters, so `image = %Add-AzsPlatformImage ...; image` shows a property list.
"""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any

_SCALARS = (str, int, float, bool, dt.datetime, dt.date, dt.timedelta, enum.Enum, type(None))


def is_get_command(name: str) -> bool:
    return name.casefold().startswith("get-")


def is_test_command(name: str) -> bool:
    return name.casefold().startswith("test-")


def returns_records(name: str, items: list[Any]) -> bool:
    """A Test-* command that wrote objects (not a $true/$false answer): its output is a table of records."""
    return is_test_command(name) and bool(items) and all(is_object(i) for i in items)


def flatten(outputs: list[Any]) -> list[Any]:
    from azskernel.runtime.values import AutomationNull

    return [o for o in outputs if o is not None and o is not AutomationNull]


def is_object(value: Any) -> bool:
    """Not a scalar: something with properties that a table row can hold."""
    from azskernel.jupyter.display import is_scalar

    return not isinstance(value, _SCALARS) and not is_scalar(value)


def properties(obj: Any) -> list[tuple[str, Any]]:
    if isinstance(obj, dict):
        return [(str(k), v) for k, v in obj.items()]
    from azskernel.runtime.members import get_properties

    return list(get_properties(obj))


def cell_value(value: Any) -> Any:
    if isinstance(value, _SCALARS):
        return value.value if isinstance(value, enum.Enum) else value
    from azskernel.runtime.formatting import cell_text

    return cell_text(value)


def to_frame(objects: list[Any]) -> Any:
    """A DataFrame of objects (columns: the union of their properties, first-seen order)."""
    import pandas as pd

    rows: list[dict[str, Any]] = []
    columns: dict[str, None] = {}
    for obj in objects:
        if not is_object(obj):
            row = {"Value": cell_value(obj)}
        else:
            row = {name: cell_value(value) for name, value in properties(obj)}
        rows.append(row)
        for name in row:
            columns.setdefault(name, None)
    frame = pd.DataFrame(rows, columns=pd.Index(list(columns)))
    if objects:
        from azskernel.runtime.members import type_names

        names = type_names(objects[0])
        frame.attrs["ps_type_name"] = names[0] if names else type(objects[0]).__name__
    return frame


def result_for(command_name: str, outputs: list[Any]) -> Any:
    """The Python value of a line magic's output (see the module docstring)."""
    items = flatten(list(outputs))
    if (is_get_command(command_name) and all(is_object(i) for i in items)) or returns_records(command_name, items):
        return to_frame(items)
    if not items:
        return None
    if len(items) == 1:
        return items[0]
    return items


# -- IPython display formatters for PowerShell objects ------------------------------------------------
def html_repr(obj: Any) -> str | None:
    from azskernel.jupyter.display import html_for

    if not is_object(obj):
        return None
    try:
        return html_for([obj])
    except Exception:  # noqa: BLE001 - no HTML view rather than a failed display
        return None


def text_repr(obj: Any, printer: Any, cycle: bool) -> None:
    from azskernel.jupyter.display import format_plain

    printer.text("..." if cycle else format_plain([obj]).strip("\n"))


def install_formatters(ip: Any) -> None:
    from azskernel.runtime.values import PSObject

    ip.display_formatter.formatters["text/html"].for_type(PSObject, html_repr)
    ip.display_formatter.formatters["text/plain"].for_type(PSObject, text_repr)


def remove_formatters(ip: Any) -> None:
    from azskernel.runtime.values import PSObject

    for mime in ("text/html", "text/plain"):
        try:
            ip.display_formatter.formatters[mime].pop(PSObject)
        except KeyError:
            pass


__all__ = ["install_formatters", "is_get_command", "remove_formatters", "result_for", "returns_records", "to_frame"]
