"""Out-Default text exactly as pwsh prints it to a non-console host (redirected stdout, Out-String).

Pure renderers (rich's idiom): objects in, text out, at a given width. The rules follow pwsh's own
FormatAndOutput code (OutCommandInner, TableWriter, ColumnWidthManager, ListWriter):
- scalars (strings, numbers, booleans, dates...) print one per line, always out of band; $null prints nothing;
- the first other object starts the *document*: its registered view (the view registry below, keyed by
  PowerShell type name; Azure records register theirs), else a generated table (at most four properties)
  or list (five or more). A generated document takes every later object (rows keep the first object's
  columns); a view's document takes its types' objects; anything else is written out of band as a list;
- table: a blank line, header, dashes as long as each header, rows; one space between columns; widths
  from the widest cell of the rows seen in the first 300 ms (fixed widths where a view gives them); numbers
  right-aligned in generated tables (view columns are left unless they say so); the last column unpadded;
  too wide: the last column shrinks, then columns drop from the right; cut cells end with an ellipsis;
  a cell shows its first line only; a blank line at the end;
- list: a blank line before each object, `Name : value` with names padded, long values continued under
  the value column, a blank line at the end;
- cells: arrays as `{1, 2, 3, 4…}` ($FormatEnumerationLimit = 4), $null as empty.

`Formatter` keeps the state across batches (a script's output is ONE stream to Out-Default);
`format_default(objects)` is the one-shot form (Out-String). `format_error(record)` renders pwsh 7's ConciseView.
"""

from __future__ import annotations

import datetime as _dt
import decimal
import time
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from azskernel.runtime.psstyle import decorate
from azskernel.runtime.values import AutomationNull, PSObject

ELLIPSIS = "\u2026"
ENUMERATION_LIMIT = 4
DEFAULT_WIDTH = 120


# -- views (the data every renderer reads) -----------------------------------------------------
@dataclass(frozen=True)
class Column:
    """One table column / list entry: a header and a property name or a function of the object."""

    header: str
    value: str | Callable[[Any], Any] | None = None
    """Property name (defaults to the header) or a callable computing the cell's value."""
    width: int | None = None
    alignment: str | None = None
    """"left", "right" or None (numbers right, the rest left)."""

    def get(self, obj: Any) -> Any:
        source = self.value if self.value is not None else self.header
        if callable(source):
            return source(obj)
        return property_value(obj, source)


@dataclass(frozen=True)
class TableView:
    columns: tuple[Column, ...]
    group_by: Callable[[Any], str] | None = None
    """Returns the group header line (e.g. "    Directory: /tmp"); a new group starts when it changes."""
    rows: Callable[[Any], Iterable[Any]] | None = None
    """Turns one object into several rows (hashtables: one row per entry)."""
    wrap: bool = False
    """Cells wrap instead of being cut (a pwsh view's `<Wrap/>` row entry)."""


@dataclass(frozen=True)
class ListView:
    entries: tuple[Column, ...]


@dataclass(frozen=True)
class ScalarView:
    """Objects printed as one line of text (their display string)."""

    text: Callable[[Any], str]
    width_text: Callable[[Any, int], str] | None = None
    """When set, the text at the output's width (custom views that wrap, as help does)."""


@dataclass(frozen=True)
class CustomView:
    """A custom control (pwsh's CustomControl): each object's text, the objects together framed by a blank line
    before and after, as Select-String's MatchInfo prints."""

    text: Callable[[Any], str]


View = TableView | ListView | CustomView


# -- values ----------------------------------------------------------------------------------
def property_value(obj: Any, name: str) -> Any:
    if isinstance(obj, PSObject):
        return obj.get(name)
    from azskernel.runtime.members import get_member

    return get_member(obj, name)


def display_properties(obj: Any) -> list[tuple[str, Any]]:
    """The properties Out-Default shows for an object without a view."""
    declared = getattr(obj, "ps_default_display", None)
    if declared:
        return [(n, property_value(obj, n)) for n in declared]
    if isinstance(obj, PSObject):
        hidden = getattr(obj, "hidden", ())
        return [(n, v) for n, v in obj.items() if n not in hidden]
    from azskernel.runtime.adapted import get_properties

    return get_properties(obj)


def is_scalar(obj: Any) -> bool:
    """Values Out-Default prints as their string rather than as a table or list."""
    if isinstance(obj, str | bool | int | float | decimal.Decimal | _dt.datetime):
        return True
    from azskernel.runtime import pstypes as T
    from azskernel.runtime.enums import EnumValue

    if isinstance(obj, T.PSType):
        return False
    if isinstance(obj, EnumValue | T.SwitchParameter | T.PSVersion | T.PSUri):
        return isinstance(obj, EnumValue)
    return bool(getattr(obj, "ps_scalar", False))


_EN_US_LONG_DATE = "%A, %B {day}, %Y {hour}:%M:%S {ampm}"


def format_datetime_display(value: _dt.datetime, *, long: bool = False) -> str:
    """en-US DateTime display: 11/25/2026 5:20:40 PM (cells) or Wednesday, November 25, 2026 5:20:40 PM."""
    hour = value.hour % 12 or 12
    ampm = "AM" if value.hour < 12 else "PM"
    if long:
        return value.strftime(f"%A, %B {value.day}, %Y {hour}:%M:%S {ampm}")
    return f"{value.month}/{value.day}/{value.year} {hour}:{value.minute:02d}:{value.second:02d} {ampm}"


def scalar_text(value: Any) -> str:
    """A scalar's line in Out-Default."""
    if isinstance(value, _dt.datetime):
        return format_datetime_display(value, long=True)
    from azskernel.runtime.conversion import to_string

    return to_string(value)


def cell_text(value: Any, *, depth: int = 0) -> str:
    """A value inside a table cell or a list entry."""
    from azskernel.runtime.conversion import is_enumerable, to_string

    if value is None or value is AutomationNull:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, _dt.datetime):
        return format_datetime_display(value)
    if isinstance(value, dict):
        items = [f"[{to_string(k)}, {to_string(v)}]" for k, v in value.items()]
        return _braced(items)
    if is_enumerable(value):
        items = [cell_text(v, depth=depth + 1) if not is_enumerable(v) else to_string(v) for v in value]
        return _braced(items)
    return to_string(value)


def _braced(items: Sequence[str]) -> str:
    if len(items) > ENUMERATION_LIMIT:
        return "{" + ", ".join(items[:ENUMERATION_LIMIT]) + ELLIPSIS + "}"
    return "{" + ", ".join(items) + "}"


# en-US's NumberFormatInfo.NumberDecimalDigits (the engine formats as en-US, see culture.py)
_TABLE_DECIMAL_DIGITS = 2


def table_cell_text(value: Any) -> str:
    """A value in a table cell: since pwsh 7.3 tables show doubles, floats and decimals with the culture's
    number of decimals ("F2" in en-US: 1234.57, 2.00), lists and strings keep every digit."""
    if isinstance(value, float | decimal.Decimal) and not isinstance(value, bool):
        exact = decimal.Decimal(value)
        if exact.is_finite():
            step = decimal.Decimal(1).scaleb(-_TABLE_DECIMAL_DIGITS)
            # .NET rounds the exact value half away from zero; a double needs up to 309 integer digits
            rounded = exact.quantize(step, rounding=decimal.ROUND_HALF_UP, context=decimal.Context(prec=400))
            return f"{rounded:f}"
    return cell_text(value)


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float | decimal.Decimal) and not isinstance(value, bool)


# -- tables ----------------------------------------------------------------------------------
@dataclass
class _TableLayout:
    headers: list[str]
    widths: list[int]
    align: list[str]
    """Each column's alignment: left, right or center."""
    hide_headers: bool = False
    wrap: bool = False


def display_width(text: str) -> int:
    """The columns a text takes on a terminal: East Asian wide and full-width characters take two."""
    if text.isascii():
        return len(text)
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 0 if unicodedata.combining(c) else 1 for c in text)


def _cut(text: str, width: int, from_end: bool) -> str:
    """The longest start (or end) of a text that fits in `width` columns."""
    if text.isascii():
        return text[len(text) - width:] if from_end else text[:width]
    chars = reversed(text) if from_end else iter(text)
    kept, used = [], 0
    for c in chars:
        w = display_width(c)
        if used + w > width:
            break
        kept.append(c)
        used += w
    return "".join(reversed(kept)) if from_end else "".join(kept)


def _first_line(text: str) -> str:
    """A table cell shows one line: the text up to the first line break, then an ellipsis (pwsh's TruncateAtNewLine)."""
    for i, ch in enumerate(text):
        if ch in "\r\n":
            return text[:i] + ELLIPSIS
    return text


def _field(text: str, width: int, align: str, pad: bool) -> str:
    """One cell at its column width (pwsh's GenerateRowField): padded (centered text gets the odd blank on its
    right), or cut with an ellipsis at the end (left-aligned) or at the start (right-aligned); the last column is
    not padded on its right."""
    used = display_width(text)
    if used < width:
        if align == "right":
            return " " * (width - used) + text
        if align == "center":
            before = (width - used) // 2
            return " " * before + text + (" " * (width - used - before) if pad else "")
        return text + " " * (width - used) if pad else text
    if used > width:
        right = align == "right"
        if width > 1:
            return ELLIPSIS + _cut(text, width - 1, True) if right else _cut(text, width - 1, False) + ELLIPSIS
        return _cut(text, width, right)
    return text


def _layout(columns: Sequence[Column], rows: list[list[Any]], width: int, *, hide_headers: bool, wrap: bool) -> _TableLayout:
    headers = [c.header for c in columns]
    texts = [[table_cell_text(v) if wrap else _first_line(table_cell_text(v)) for v in row] for row in rows]
    widths: list[int] = []
    align: list[str] = []
    for i, col in enumerate(columns):
        if col.width is not None:
            widths.append(col.width)
        else:
            # with -Wrap pwsh sizes a column by its whole text, line breaks included
            longest = max((display_width(r[i]) for r in texts), default=0)
            widths.append(max(display_width(col.header), longest, 1))
        if col.alignment in ("left", "right", "center"):
            align.append(col.alignment)
        else:
            align.append("right" if rows and _is_number(rows[0][i]) else "left")
    # pwsh's ColumnWidthManager.TrimToFit: shrink the last visible column; hide it when it cannot keep one cell
    while widths and sum(widths) + len(widths) - 1 > width:
        excess = sum(widths) + len(widths) - 1 - width
        if widths[-1] - excess >= 1:
            widths[-1] -= excess
        else:
            for column in (widths, headers, align):
                column.pop()
    return _TableLayout(headers, widths, align, hide_headers, wrap)


def _line(layout: _TableLayout, cells: list[str]) -> str:
    last = len(cells) - 1
    return " ".join(_field(c, w, a, i < last) for i, (c, w, a) in enumerate(zip(cells, layout.widths, layout.align, strict=True)))


def _header_lines(layout: _TableLayout) -> list[str]:
    if layout.hide_headers:
        return []
    dashes = ["-" * min(display_width(h), w) for h, w in zip(layout.headers, layout.widths, strict=True)]
    return [decorate(_line(layout, list(layout.headers)), "TableHeader"), decorate(_line(layout, dashes), "TableHeader")]


def _row_lines(layout: _TableLayout, values: list[Any]) -> list[str]:
    cells = [table_cell_text(v) for v in values[: len(layout.widths)]]
    if not layout.wrap:
        return [_line(layout, [_first_line(c) for c in cells])]
    # -Wrap: every cell spreads over as many lines as it needs; only the last line's trailing blanks go
    wrapped = [_wrap(c, w) for c, w in zip(cells, layout.widths, strict=True)]
    height = max((len(w) for w in wrapped), default=1)
    lines = [_line(layout, [w[n] if n < len(w) else "" for w in wrapped]) for n in range(height)]
    return [line.rstrip() for line in lines] if height > 1 else lines


def _wrap(text: str, width: int) -> list[str]:
    out: list[str] = []
    for line in text.split("\n"):
        while len(line) > width > 0:
            out.append(line[:width])
            line = line[width:]
        out.append(line)
    return out


def _list_lines(entries: list[tuple[str, Any]], width: int) -> list[str]:
    """`Name : value` lines; a value wider than the line continues below, aligned after the colon."""
    if not entries:
        return []
    pad = max(len(n) for n, _ in entries)
    indent = " " * (pad + 3)
    room = width - len(indent)
    lines = []
    for name, value in entries:
        text = cell_text(value)
        pieces: list[str] = []
        for line in text.split("\n") if text else [""]:
            pieces += _wrap(line, room) if room > 0 else [line]
        lines.append(f"{name.ljust(pad)} : {pieces[0]}")  # pwsh keeps the space after ':' for an empty value
        lines.extend(indent + p for p in pieces[1:])
    return lines


# -- the view registry -----------------------------------------------------------------------
class ViewRegistry:
    """Default views by PowerShell type name (most derived name that has a view wins)."""

    def __init__(self) -> None:
        self._views: dict[str, View | ScalarView] = {}

    def register(self, type_name: str, view: View | ScalarView) -> None:
        if isinstance(view, TableView):
            # a view's column without an alignment is left-aligned (only generated tables right-align numbers)
            view = replace(view, columns=tuple(c if c.alignment else replace(c, alignment="left") for c in view.columns))
        self._views[type_name.casefold()] = view

    def find(self, obj: Any) -> View | ScalarView | None:
        from azskernel.runtime.members import type_names

        for name in type_names(obj):
            view = self._views.get(name.casefold())
            if view is not None:
                return view
        return None


VIEWS = ViewRegistry()
"""The process-wide default views; Azure records and built-ins register theirs at import."""


def register_view(type_name: str, view: View | ScalarView) -> None:
    VIEWS.register(type_name, view)


# -- Format-Table / Format-List directives -----------------------------------------------------
@dataclass
class FormatDirective:
    """What Format-Table/Format-List write: objects plus how to render them, drawn when output."""

    kind: str
    """"table", "list" or "custom"."""
    objects: list[Any]
    columns: tuple[Column, ...] | None = None
    hide_headers: bool = False
    wrap: bool = False
    group_labels: list[str] | None = None
    """With -GroupBy (or a view's grouping): each object's group header line; a new group starts where it changes."""
    ps_type_names = ("Microsoft.PowerShell.Commands.Internal.Format.FormatStartData", "System.Object")

    def text(self, width: int = DEFAULT_WIDTH) -> str:
        """The rendered text (what Out-String gives), for fronts that show it as is."""
        return "".join(line + "\n" for line in self.render(width))

    def ps_to_string(self) -> str:
        return self.text()

    def render(self, width: int = DEFAULT_WIDTH) -> list[str]:
        if self.group_labels is not None:
            lines: list[str] = []
            start = 0
            labels = self.group_labels
            while start < len(self.objects):
                end = start + 1
                while end < len(self.objects) and labels[end] == labels[start]:
                    end += 1
                part = FormatDirective(self.kind, self.objects[start:end], self.columns, self.hide_headers, self.wrap)
                body = part.render(width)
                lines += ["", labels[start], ""] + body[1:]
                start = end
            return lines
        if self.kind == "list":
            lines: list[str] = []
            for obj in self.objects:
                entries = [(c.header, c.get(obj)) for c in self.columns] if self.columns else _entries_for_list(obj)
                lines += [""] + _list_lines(entries, width)
            return lines + ([""] if self.objects else [])
        columns = self.columns or _columns_for(self.objects[0] if self.objects else None)
        rows = _rows(self.objects, columns)
        layout = _layout(columns, rows, width, hide_headers=self.hide_headers, wrap=self.wrap)
        lines = [""] + _header_lines(layout)
        for row in rows:
            lines += _row_lines(layout, row)
        return lines + [""]


def _entries_for_list(obj: Any) -> list[tuple[str, Any]]:
    view = VIEWS.find(obj)
    if isinstance(view, ListView):
        return [(c.header, c.get(obj)) for c in view.entries]
    if isinstance(obj, dict):
        return _dict_list_entries(obj)
    if is_scalar(obj) and not isinstance(obj, _dt.datetime):  # Format-List shows a DateTime's properties
        return []
    return display_properties(obj)


def _dict_list_entries(obj: dict[Any, Any]) -> list[tuple[str, Any]]:
    return [(str(k), v) for k, v in obj.items()]


_HASHTABLE_VIEW = TableView(
    columns=(Column("Name", lambda e: e[0], width=30, alignment="left"), Column("Value", lambda e: e[1], alignment="left")),
    rows=lambda d: list(d.items()),
)


def _columns_for(obj: Any) -> tuple[Column, ...]:
    if obj is None:
        return ()
    view = VIEWS.find(obj)
    if isinstance(view, TableView):
        return view.columns
    if isinstance(obj, dict):
        return _HASHTABLE_VIEW.columns
    if is_scalar(obj) and not isinstance(obj, _dt.datetime):  # Format-Table shows a DateTime's properties
        return ()
    return tuple(Column(n, n) for n, _ in display_properties(obj))


def _rows(objects: list[Any], columns: Sequence[Column]) -> list[list[Any]]:
    rows = []
    for obj in objects:
        if isinstance(obj, dict) and columns == _HASHTABLE_VIEW.columns:
            rows += [[c.get(e) for c in columns] for e in obj.items()]
        else:
            rows.append([_safe_get(c, obj) for c in columns])
    return rows


def _safe_get(column: Column, obj: Any) -> Any:
    try:
        return column.get(obj)
    except Exception:  # a missing property on a later object shows as empty, as pwsh does
        return None


# -- Out-Default ------------------------------------------------------------------------------
@dataclass
class _Document:
    """What Out-Default is in the middle of: the first object's table or list, kept until the stream ends."""

    kind: str
    """"table", "list" or "custom"."""
    key: str
    """The first object's type name."""
    view: Any = None
    """The view it follows; None for a generated table or list (which every object joins)."""
    layout: _TableLayout | None = None
    """None while the table's first rows are still being collected (their widths decide the columns)."""
    columns: tuple[Column, ...] = ()
    started_output: bool = False
    """A custom document has written its opening blank line."""
    header: str | None = None
    pending: list[tuple[str, Any]] = field(default_factory=list)
    """Held items, in order: ("row", values), ("group", header text) or ("text", lines) written out of band."""
    started: float = 0.0


@dataclass
class Formatter:
    """Out-Default's state across batches: feed(objects) -> text; finish() -> the closing text.

    pwsh's model (OutCommandInner): the first object that is not a scalar starts a *document* (a table or a
    list, from its view or its property count) that lasts until the end of the stream. A generated document
    takes every later object (a table shows the first object's columns); a view's document takes the
    objects of the view's types. Anything else is written *out of band* without ending it: scalars as
    their string, other objects as a one-object list. As in pwsh, a table's column widths come from the rows that arrive in
    its first `collect_seconds` (pwsh waits about 300 ms): rows are held until then, or until the stream
    ends, and later rows that do not fit their column are cut with an ellipsis.
    """

    width: int = DEFAULT_WIDTH
    collect_seconds: float = 0.3
    clock: Callable[[], float] = field(default=time.monotonic, repr=False)
    _doc: _Document | None = field(default=None, init=False)

    def feed(self, objects: Iterable[Any]) -> str:
        from azskernel.runtime.conversion import enumerate_value

        flat: list[Any] = []
        for obj in objects:
            flat.extend(enumerate_value(obj))  # Out-Default enumerates collections one level
        lines: list[str] = self._release_if_due()
        for obj in flat:
            if obj is None or obj is AutomationNull:
                continue
            if isinstance(obj, FormatDirective):  # Format-Table/-List output: already a complete document
                lines += self._close()
                lines += obj.render(self.width)
                continue
            kind, key, view = self._classify(obj)
            if kind == "scalar":
                if isinstance(view, ScalarView):
                    text = view.width_text(obj, self.width) if view.width_text is not None else view.text(obj)
                else:
                    text = scalar_text(obj)
                lines += self._out_of_band(text.split("\n"))
            elif self._doc is None:
                self._doc = _Document(kind, key, view, started=self.clock())
                lines += self._add(obj)
            elif self._doc.view is None or view is self._doc.view:
                # a generated (view-less) document takes every object, as pwsh's IsObjectApplicable does:
                # rows show the first object's columns; a view's document takes the objects of its types
                lines += self._add(obj)
            else:
                entries = _entries_for_list(obj)
                lines += self._out_of_band([""] + _list_lines(entries, self.width) + [""] if entries else [scalar_text(obj)])
        lines += self._release_if_due()
        return "".join(line + "\n" for line in lines)

    def finish(self) -> str:
        return "".join(line + "\n" for line in self._close())

    def poll(self) -> str:
        """Text of a table whose collect window has passed (hosts may call this while a command runs)."""
        return "".join(line + "\n" for line in self._release_if_due())

    # -- documents ----------------------------------------------------------------------------
    def _out_of_band(self, text_lines: list[str]) -> list[str]:
        doc = self._doc
        if doc is not None and doc.kind == "table" and doc.layout is None:
            doc.pending.append(("text", text_lines))  # keep the order with the rows still held
            return []
        return text_lines

    def _add(self, obj: Any) -> list[str]:
        doc = self._doc
        assert doc is not None
        if doc.kind == "custom":
            assert isinstance(doc.view, CustomView)
            first = [""] if not doc.started_output else []
            doc.started_output = True
            return first + doc.view.text(obj).split("\n")
        if doc.kind == "list":
            view = doc.view
            entries = [(c.header, _safe_get(c, obj)) for c in view.entries] if isinstance(view, ListView) else _entries_for_list(obj)
            return [""] + _list_lines(entries, self.width)
        table: TableView | None = doc.view if isinstance(doc.view, TableView) else None
        if not doc.columns:
            doc.columns = table.columns if table else _columns_for(obj)
        lines: list[str] = []
        header = table.group_by(obj) if table and table.group_by else None
        if header != doc.header:
            doc.header = header
            if doc.layout is None:
                doc.pending.append(("group", header))
            else:
                # a new group: the table starts again under its own header line (pwsh's "startNew")
                lines += ["", header or ""] + [""] + _header_lines(doc.layout)
        for row in _rows([obj], doc.columns):
            if doc.layout is None:
                doc.pending.append(("row", row))
            else:
                lines += _row_lines(doc.layout, row)
        return lines

    def _release(self, doc: _Document) -> list[str]:
        """Fix a collecting table's layout from the rows held so far and write everything held, in order."""
        if doc.layout is not None or doc.kind != "table":
            return []
        rows = [item for kind, item in doc.pending if kind == "row"]
        wrap = isinstance(doc.view, TableView) and doc.view.wrap
        doc.layout = _layout(doc.columns, rows, self.width, hide_headers=False, wrap=wrap)
        lines: list[str] = []
        started = False
        for kind, item in doc.pending:
            if kind == "group":
                lines += (["", item] if item is not None else []) + [""] + _header_lines(doc.layout)
                started = True
            elif kind == "row":
                if not started:
                    lines += [""] + _header_lines(doc.layout)
                    started = True
                lines += _row_lines(doc.layout, item)
            else:
                lines += item
        doc.pending = []
        return lines

    def _release_if_due(self) -> list[str]:
        doc = self._doc
        if doc is not None and doc.kind == "table" and doc.layout is None and self.clock() - doc.started >= self.collect_seconds:
            return self._release(doc)
        return []

    def _close(self) -> list[str]:
        doc, self._doc = self._doc, None
        if doc is None:
            return []
        return self._release(doc) + [""]

    def _classify(self, obj: Any) -> tuple[str, str, Any]:
        from azskernel.runtime.errors import ErrorRecord
        from azskernel.runtime.members import type_names

        if isinstance(obj, ErrorRecord):  # an error written as output prints as the error view, as in pwsh
            return "scalar", "System.Management.Automation.ErrorRecord", _ERROR_VIEW
        view = VIEWS.find(obj)
        names = type_names(obj)
        key = names[0] if names else type(obj).__name__
        if isinstance(view, ScalarView) or (view is None and is_scalar(obj)):
            return "scalar", key, view
        if isinstance(view, TableView):
            return "table", key, view
        if isinstance(view, ListView):
            return "list", key, view
        if isinstance(view, CustomView):
            return "custom", key, view
        if isinstance(obj, dict):
            return "table", "System.Collections.Hashtable", _HASHTABLE_VIEW
        count = len(display_properties(obj))
        if count == 0:
            return "scalar", key, None
        return ("table" if count <= 4 else "list"), key, None


_ERROR_VIEW = ScalarView(lambda record: format_error(record).rstrip("\n"))


def format_default(objects: Iterable[Any], width: int = DEFAULT_WIDTH) -> str:
    """Out-Default / Out-String text for a complete output stream."""
    f = Formatter(width)
    return f.feed(objects) + f.finish()


def format_table(objects: list[Any], columns: Sequence[Column] | None = None, *, width: int = DEFAULT_WIDTH, hide_headers: bool = False, wrap: bool = False) -> str:
    d = FormatDirective("table", list(objects), tuple(columns) if columns else None, hide_headers, wrap)
    return "".join(line + "\n" for line in d.render(width))


def format_list(objects: list[Any], columns: Sequence[Column] | None = None, *, width: int = DEFAULT_WIDTH) -> str:
    d = FormatDirective("list", list(objects), tuple(columns) if columns else None)
    return "".join(line + "\n" for line in d.render(width))


# -- errors -----------------------------------------------------------------------------------
def error_reason(record: Any) -> str:
    """The `Name:` prefix of ConciseView. pwsh 7 tries, in order: "Exception" for `throw`, the command, the
    category (`InvalidArgument`, `InvalidOperation`), the exception's short name. The interpreter records the
    script-level answer in details["reason"]; a record made elsewhere falls back to the same order."""
    details = getattr(record, "details", None) or {}
    if details.get("reason"):
        return str(details["reason"])
    if details.get("thrown"):
        return "Exception"
    if getattr(record, "command_name", None):
        return str(record.command_name)
    exception_type = getattr(record, "exception_type", "")
    if exception_type and not exception_type.endswith(".RuntimeException"):
        return exception_type.rsplit(".", 1)[-1]
    return "Error" if not exception_type else exception_type.rsplit(".", 1)[-1]


def format_error(record: Any, width: int = DEFAULT_WIDTH) -> str:
    """pwsh 7's ConciseView of an ErrorRecord, ending with a newline."""
    reason = error_reason(record)
    message = str(getattr(record, "message", record))
    pos = getattr(record, "position", None)
    category = getattr(getattr(record, "category", None), "value", "")
    show_line = pos is not None and (pos.file or pos.line > 1 or category == "ParserError")
    if not show_line:
        return f"{reason}: {message}\n"
    head = f"{pos.file}:{pos.line}" if pos.file else ""
    number = str(pos.line)
    header_ws = " " * max(len(number) - 4, 0)
    line_ws = " " * max(4 - len(number), 0)
    text = pos.line_text.rstrip("\r\n")
    out = [f"{reason}: {head}", f"{header_ws}Line |", f"{line_ws}{number} |  {text}"]
    prefix = f"{header_ws}     | "
    start = max(pos.column - 1, 0)
    length = max(min(pos.length, len(text) - start), 1)
    out.append(f"{prefix} " + " " * start + "~" * length)
    if pos.file or category == "ParserError":
        out += _wrap_message(message.replace("\r\n", " ").replace("\n", " ").replace("\t", " "), prefix, width)
    else:
        out.append(prefix + message)
    return "\n".join(out) + "\n"


def _wrap_message(message: str, prefix: str, width: int) -> list[str]:
    """ConciseView breaks a long message at the last space that fits the window."""
    lines: list[str] = []
    text = prefix + message
    while len(text) > width:
        cut = text.rfind(" ", len(prefix) + 1, width + 1)
        if cut <= len(prefix):
            break
        lines.append(text[:cut])
        text = prefix + text[cut:].strip()
    lines.append(text)
    return lines


__all__ = [
    "Column",
    "CustomView",
    "FormatDirective",
    "Formatter",
    "ListView",
    "ScalarView",
    "TableView",
    "VIEWS",
    "ViewRegistry",
    "cell_text",
    "display_properties",
    "format_default",
    "format_error",
    "format_list",
    "format_table",
    "register_view",
    "scalar_text",
]
