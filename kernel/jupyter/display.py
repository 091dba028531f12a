"""What a notebook shows for pipeline output: MIME bundles built from PowerShell objects.

Strings and scalars are text, exactly as pwsh prints them. Objects become a pandas HTML table (a
collection, or an object with few properties) or a property list (one object with many properties);
every bundle also carries `text/plain` as pwsh's Out-Default formats the same objects, so consoles,
nbconvert and diffs see what a terminal shows. The columns are those of the object's default view
(runtime.formatting's registry), so the table and the text agree.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from typing import Any

from azskernel.runtime import formatting as F
from azskernel.runtime.values import AutomationNull

LIST_THRESHOLD = 5
"""pwsh shows an object with this many visible properties or more as a list."""
MAX_ROWS = 200

_SEVERITY = {"error": "color:#d13438;font-weight:bold", "warning": "color:#8a6d00;font-weight:bold",
             "info": "color:#605e5c"}
_STATUS = {"passed": "color:#107c10", "failed": "color:#d13438", "cannotinspect": "color:#8a6d00",
           "notapplicable": "color:#605e5c"}
CELL_STYLES: dict[str, dict[str, dict[str, str]]] = {
    "Azs.ImageCheck.CheckResult": {"Severity": _SEVERITY, "Status": _STATUS},
}
"""Per type name, per column: the CSS of a cell by its (case-folded) text; Test-AzsImage's severities stand out."""


def is_scalar(value: Any) -> bool:
    """Values pwsh prints as a line of text (no table or list view)."""
    view = F.VIEWS.find(value)
    if isinstance(view, F.ScalarView):
        return True
    if view is not None or isinstance(value, dict) or isinstance(value, F.FormatDirective):
        return False
    return F.is_scalar(value) or not F.display_properties(value)


def format_plain(objects: list[Any], width: int = F.DEFAULT_WIDTH) -> str:
    """Out-Default's text for `objects` (what a terminal shows)."""
    return F.format_default(list(objects), width=width)


def _columns(obj: Any) -> tuple[F.Column, ...]:
    view = F.VIEWS.find(obj)
    if isinstance(view, F.TableView):
        return view.columns
    if isinstance(view, F.ListView):
        return view.entries
    return tuple(F.Column(name, name) for name, _ in F.display_properties(obj))


def shape(obj: Any) -> tuple[str, ...]:
    """Objects of one shape share a table: same type name and same columns."""
    if isinstance(obj, dict):
        return ("System.Collections.Hashtable",)
    from azskernel.runtime.members import type_names

    names = type_names(obj)
    return (names[0] if names else type(obj).__name__, *(c.header for c in _columns(obj)))


def split_runs(objects: list[Any]) -> list[tuple[str, list[Any]]]:
    """Consecutive output grouped into ("text", scalars) and ("objects", same-shape objects) runs."""
    from azskernel.runtime.conversion import enumerate_value

    runs: list[tuple[str, list[Any]]] = []
    last_shape: tuple[str, ...] | None = None
    for item in objects:
        for obj in enumerate_value(item):
            if obj is None or obj is AutomationNull:
                continue
            if isinstance(obj, F.FormatDirective) or is_scalar(obj):
                # Format-Table/-List output is already text-shaped: it prints as pwsh prints it.
                if runs and runs[-1][0] == "text":
                    runs[-1][1].append(obj)
                else:
                    runs.append(("text", [obj]))
                last_shape = None
                continue
            this = shape(obj)
            if runs and runs[-1][0] == "objects" and this == last_shape:
                runs[-1][1].append(obj)
            else:
                runs.append(("objects", [obj]))
            last_shape = this
    return runs


@dataclass(frozen=True)
class Table:
    columns: list[str]
    rows: list[list[str]]


def _cell(column: F.Column, obj: Any) -> str:
    try:
        return F.cell_text(column.get(obj))
    except Exception:  # a property missing on a later object is an empty cell, as in pwsh
        return ""


def to_table(objects: list[Any]) -> Table:
    """Cell text per row; hashtables give one Name/Value row per entry, as pwsh shows them."""
    if objects and isinstance(objects[0], dict):
        rows = [[F.cell_text(k), F.cell_text(v)] for table in objects for k, v in table.items()]
        return Table(["Name", "Value"], rows)
    columns = _columns(objects[0]) if objects else ()
    return Table([c.header for c in columns], [[_cell(c, obj) for c in columns] for obj in objects])


def html_for(objects: list[Any]) -> str:
    """A pandas HTML table for a collection; a property list for one object with many properties."""
    import pandas as pd

    table = to_table(objects)
    single_list = len(objects) == 1 and not isinstance(objects[0], dict) and (
        len(table.columns) >= LIST_THRESHOLD or isinstance(F.VIEWS.find(objects[0]), F.ListView)
    )
    if single_list:
        frame = pd.DataFrame({"Value": table.rows[0]}, index=pd.Index(table.columns))
        return frame.to_html(header=False, border=0, classes="azs-list", escape=True)
    styles = _cell_styles(objects)
    if styles:
        rows = [[_styled(text, styles.get(column)) for column, text in zip(table.columns, row)] for row in table.rows]
        frame = pd.DataFrame(rows, columns=pd.Index(table.columns))
        return frame.to_html(index=False, border=0, classes="azs-table", escape=False, max_rows=MAX_ROWS)
    frame = pd.DataFrame(table.rows, columns=pd.Index(table.columns))
    return frame.to_html(index=False, border=0, classes="azs-table", escape=True, max_rows=MAX_ROWS)


def _cell_styles(objects: list[Any]) -> dict[str, dict[str, str]]:
    if not objects or isinstance(objects[0], dict):
        return {}
    from azskernel.runtime.members import type_names

    names = type_names(objects[0])
    return CELL_STYLES.get(names[0], {}) if names else {}


def _styled(text: str, by_value: dict[str, str] | None) -> str:
    """The cell's text escaped, in a coloured span when its column and value have a style."""
    escaped = html.escape(text)
    style = by_value.get(text.casefold()) if by_value else None
    return f'<span style="{style}">{escaped}</span>' if style else escaped


def bundle_for(objects: list[Any], width: int = F.DEFAULT_WIDTH) -> dict[str, str]:
    """The MIME bundle of one run of same-shape objects."""
    bundle = {"text/plain": format_plain(objects, width)}
    try:
        bundle["text/html"] = html_for(objects)
    except Exception as exc:  # an odd object must not lose its text view; say why the table is missing
        bundle["text/html"] = f"<pre>{html.escape(bundle['text/plain'])}</pre><!-- {html.escape(type(exc).__name__)} -->"
    return bundle
