"""Formatting and serialisation cmdlets: Format-Table, Format-List, ConvertTo/From-Json, ConvertTo/From-Csv,
Export-Csv, Import-Csv.
"""

from __future__ import annotations

import datetime as _dt
import decimal
import math
import re
import uuid
from typing import Any

from azskernel.commands._util import error, property_list, property_specs, wildcard
from azskernel.commands.jsonread import read_json
from azskernel.commands.output import _ENCODINGS, _Collecting, write_text_file
from azskernel.runtime.binding import BindingSource
from azskernel.runtime.cmdlet import Cmdlet, cmdlet, parameter
from azskernel.language.numbers import Single
from azskernel.runtime.conversion import format_double, format_double_roundtrip, format_single, is_enumerable, to_string
from azskernel.runtime.errors import ErrorCategory
from azskernel.runtime.formatting import (
    VIEWS,
    Column,
    FormatDirective,
    TableView,
    _columns_for,
    _entries_for_list,
    _safe_get,
    is_scalar,
)
from azskernel.runtime.classes import ClassInstance
from azskernel.runtime.collections_ext import CaseSensitiveOrderedHashtable
from azskernel.runtime.etsmembers import added_members, is_value_copy
from azskernel.runtime.members import DictionaryEntry, get_properties, type_names
from azskernel.runtime.static_time import DateTimeOffset
from azskernel.runtime.values import AutomationNull, OrderedHashtable, PSObject


# -- Format-Table / Format-List ---------------------------------------------------------------
def _computed(ctx: Any, objects: list[Any], property: Any, command: str) -> tuple[list[Any], tuple[Column, ...] | None]:
    """Evaluate -Property specs now (script blocks need the live context) into row objects + columns."""
    specs = property_specs(property, command, ("name", "expression", "width", "alignment", "formatstring"))
    if not specs:
        return objects, None
    columns: list[Column] = []
    rows: list[Any] = []
    first = objects[0] if objects else None
    expanded = []
    for spec in specs:
        names = spec.names_for(first) if spec.wildcard and first is not None else [spec.name]
        for n in names:
            expanded.append((spec, n))
            extra = spec.extra or {}
            width = extra.get("width")
            align = extra.get("alignment")
            columns.append(Column(n, n, int(width) if width is not None else None, to_string(align).casefold() if align else None))
    for obj in objects:
        row = PSObject()
        for spec, n in expanded:
            value = spec.value(ctx, obj, n)
            fmt = (spec.extra or {}).get("formatstring")
            if fmt is not None and value is not None:
                from azskernel.runtime.dotnetformat import format_value  # type: ignore[attr-defined]

                value = format_value(value, to_string(fmt))
            row.set(n, value)
        rows.append(row)
    return rows, tuple(columns)


class _Formatting(_Collecting):
    """Format-Table/-List: as pwsh's InnerFormatShapeCommand, a $null input object is skipped, not shown."""

    def process(self, ctx: Any, *, input_object: Any, **_: Any) -> None:
        if "InputObject" in ctx.bound and input_object is not None and input_object is not AutomationNull:
            self.items.append(input_object)


@cmdlet(
    "Format-Table",
    aliases=("ft",),
    synopsis="Formats the output as a table.",
    examples=(
        ("Get-AzsPlatformImage | Format-Table Publisher, Offer, Sku, Version, ProvisioningState", ""),
        ("$x | Format-Table -AutoSize -Wrap", ""),
    ),
)
@parameter("Property", type="object[]", position=0)
@parameter("AutoSize", switch=True)
@parameter("HideTableHeaders", switch=True)
@parameter("Wrap", switch=True)
@parameter("GroupBy")
@parameter("View", type="string")
@parameter("Force", switch=True)
@parameter("ExcludeProperty", type="string[]")
@parameter("Expand", type="string", validate_set=("CoreOnly", "EnumOnly", "Both"))
@parameter("InputObject", value_from_pipeline=True)
class FormatTable(_Formatting):
    def end(self, ctx: Any, *, property: Any, auto_size: bool, hide_table_headers: bool, wrap: bool, group_by: Any,
            exclude_property: Any, view: str | None, **_: Any) -> Any:
        if not self.items:
            return None
        if view is not None:
            _check_view(self.items[0], view, "Table", TableView, "Format-Table")
        if property is not None and any(isinstance(o, dict) for o in self.items):
            # with -Property a dictionary shows as its entries (an empty one as nothing)
            self.items = [e for o in self.items for e in
                          ([DictionaryEntry(k, v) for k, v in o.items()] if isinstance(o, dict) else [o])]
            if not self.items:
                return None
        if exclude_property and property is None:
            property = ["*"]  # -ExcludeProperty alone: every property but those
        if property is None and group_by is None and all(is_scalar(o) and not isinstance(o, _dt.datetime) for o in self.items):
            return list(self.items)
        labels = _group_labels(ctx, self.items, group_by, "Format-Table")
        view = VIEWS.find(self.items[0])
        if labels is None and property is None and isinstance(view, TableView) and view.group_by is not None:
            labels = [view.group_by(obj) for obj in self.items]  # e.g. Get-ChildItem's "    Directory: ..."
        rows, columns = _computed(ctx, self.items, property, "Format-Table")
        if columns is not None and exclude_property:
            columns = _without(columns, exclude_property)
        if columns is None:
            defaults = _columns_for(rows[0])
            columns = tuple(Column(c.header, c.header, c.width, c.alignment) for c in defaults)
            rows = _precompute(rows, defaults)
        if auto_size:  # widths from the data, even where the view fixes them
            columns = tuple(Column(c.header, c.value, None, c.alignment) for c in columns)
        return FormatDirective("table", rows, columns, hide_table_headers, wrap, labels)


def _check_view(obj: Any, name: str, kind: str, view_type: type, command: str) -> None:
    """-View: the object's type must have a view of that kind (views here have no names of their own)."""
    if isinstance(VIEWS.find(obj), view_type):
        return
    type_name = type_names(obj)[0]
    exc = error(f"The view name {name} cannot be found. There are no existing {kind} views for {type_name} objects.",
                f"FormatViewNotFound,Microsoft.PowerShell.Commands.Format{kind}Command", ErrorCategory.ObjectNotFound,
                name, command)
    exc.record.exception_type = "System.Management.Automation.PipelineStoppedException"
    raise exc


def _without(columns: tuple[Column, ...], patterns: Any) -> tuple[Column, ...]:
    """The columns whose names match none of the -ExcludeProperty wildcards."""
    regexes = [wildcard(to_string(p)) for p in patterns]
    return tuple(c for c in columns if not any(r.match(c.header) for r in regexes))


def _group_labels(ctx: Any, objects: list[Any], group_by: Any, command: str) -> list[str] | None:
    """-GroupBy: the `Name: value` header of each object's group."""
    if group_by is None:
        return None
    spec = property_specs(group_by, command)[0]
    return [f"   {spec.name}: {to_string(spec.value(ctx, obj))}" for obj in objects]


def _precompute(objects: list[Any], columns: tuple[Column, ...]) -> list[Any]:
    out = []
    for obj in objects:
        if isinstance(obj, dict) and [c.header for c in columns] == ["Name", "Value"]:
            for k, v in obj.items():
                out.append(PSObject({"Name": k, "Value": v}))
            continue
        out.append(PSObject((c.header, _safe_get(c, obj)) for c in columns))
    return out


@cmdlet(
    "Format-List",
    aliases=("fl",),
    synopsis="Formats the output as a list of properties in which each property appears on a new line.",
    examples=(("Get-AzsPlatformImage -Publisher Contoso | Format-List *", ""),),
)
@parameter("Property", type="object[]", position=0)
@parameter("GroupBy")
@parameter("View", type="string")
@parameter("Force", switch=True)
@parameter("ExcludeProperty", type="string[]")
@parameter("InputObject", value_from_pipeline=True)
class FormatList(_Formatting):
    def end(self, ctx: Any, *, property: Any, group_by: Any, exclude_property: Any, **_: Any) -> Any:
        if not self.items:
            return None
        if exclude_property and property is None:
            property = ["*"]
        if property is None and group_by is None and all(is_scalar(o) and not isinstance(o, _dt.datetime) for o in self.items):
            return list(self.items)
        items: list[Any] = []
        for obj in self.items:  # a hashtable lists as its entries (Name/Value), as pwsh shows them
            items += [PSObject({"Name": k, "Value": v}) for k, v in obj.items()] if isinstance(obj, dict) else [obj]
        self.items = items
        labels = _group_labels(ctx, self.items, group_by, "Format-List")
        rows, columns = _computed(ctx, self.items, property, "Format-List")
        if columns is not None and exclude_property:
            columns = _without(columns, exclude_property)
            rows = [PSObject((c.header, row.get(c.header)) for c in columns) for row in rows]
        if columns is None:
            rows = [PSObject(_entries_for_list(o)) for o in rows]
        return FormatDirective("list", rows, None, group_labels=labels)


# -- JSON -------------------------------------------------------------------------------------
class _Truncated(Exception):
    pass


def _type_members(value: Any) -> list[tuple[str, Any]]:
    """The types.ps1xml members pwsh's serializer sees on an object that came down the pipeline (wrapped)."""
    if isinstance(value, uuid.UUID):
        return [("Guid", str(value))]
    if type(value).__name__ == "IPAddress":
        return [("IPAddressToString", value.ps_to_string())]
    return []


def _json_value(value: Any, depth: int, max_depth: int, enums_as_strings: bool, state: dict[str, bool],
                wrapped: bool = False, top: bool = False) -> Any:
    """A value as JSON data. Members Add-Member gave it serialize too when pwsh would see them on a PSObject
    wrapper (the object came down the pipeline, which also brings its type's extended members; it is the value
    given, or a value Add-Member -PassThru returned): beside a dictionary's or object's own properties, or around
    a scalar or array as {"value": ..., members}; a string's and a DateTime's are ignored, as pwsh does."""
    notes = None
    if isinstance(value, ClassInstance):
        notes = value.notes if wrapped else None
    elif not isinstance(value, PSObject):
        notes = added_members(value)
        if notes is not None and not (wrapped or top or is_value_copy(value)):
            notes = None
    extra = [] if notes is None else list(notes.items(this=value))
    if wrapped:
        extra += _type_members(value)
    data = _json_data(value, depth, max_depth, enums_as_strings, state)
    if not extra or isinstance(value, str) or (isinstance(value, _dt.datetime) and not isinstance(value, DateTimeOffset)):
        return data
    members = {n: _json_value(v, depth + 1, max_depth, enums_as_strings, state) for n, v in extra}
    if isinstance(data, dict):
        return data | members
    return {"value": data} | members


def _json_data(value: Any, depth: int, max_depth: int, enums_as_strings: bool, state: dict[str, bool]) -> Any:
    from azskernel.runtime import pstypes as T
    from azskernel.runtime.enums import EnumValue

    if value is None or isinstance(value, T.DBNullValue | T.NullStringValue):  # both serialize as null in pwsh
        return None
    if isinstance(value, bool | str):
        return value
    if isinstance(value, T.SwitchParameter):
        return bool(value)
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return _JsonFloat(value)  # keeps a Single a Single
    if isinstance(value, decimal.Decimal):
        return _JsonFloat(float(value), text=str(value))
    if isinstance(value, EnumValue):
        return value.name if enums_as_strings else value.number
    if isinstance(value, _dt.datetime):
        return _json_date(value)
    if isinstance(value, uuid.UUID | T.PSUri):
        return str(value)
    if isinstance(value, _dt.timedelta):
        value = PSObject(get_properties(value))
    if depth > max_depth:
        state["truncated"] = True
        return _dotnet_to_string(value)
    if isinstance(value, dict):
        if any(not isinstance(k, str) for k in value):
            raise error(f"The type '{type_names(value)[0]}' is not supported for serialization or deserialization of "
                        "a dictionary. Keys must be strings.",
                        "NonStringKeyInDictionary,Microsoft.PowerShell.Commands.ConvertToJsonCommand",
                        ErrorCategory.InvalidOperation, value, "ConvertTo-Json")
        return {k: _json_value(v, depth + 1, max_depth, enums_as_strings, state) for k, v in value.items()}
    if is_enumerable(value):
        return [_json_value(v, depth + 1, max_depth, enums_as_strings, state) for v in value]
    if isinstance(value, PSObject):
        return {n: _json_value(v, depth + 1, max_depth, enums_as_strings, state) for n, v in value.items()}
    if isinstance(value, ClassInstance):  # a PowerShell class: hidden properties serialize too
        return {n: _json_value(v, depth + 1, max_depth, enums_as_strings, state) for n, v in value.properties(hidden=True, added=False)}
    props = get_properties(value)
    if not props:
        return to_string(value)
    return {n: _json_value(v, depth + 1, max_depth, enums_as_strings, state) for n, v in props}


def _dotnet_to_string(value: Any) -> str:
    """What a value beyond -Depth becomes: its string conversion (`@{...}` for a PSCustomObject, an array's items
    joined: a nested array there is its type name), as pwsh's serializer does."""
    return to_string(value)


def _json_date(value: _dt.datetime) -> str:
    """Newtonsoft's round-trip form: yyyy-MM-ddTHH:mm:ss.FFFFFFFK (fraction without trailing zeros)."""
    text = value.strftime("%Y-%m-%dT%H:%M:%S")
    if value.microsecond:
        text += "." + f"{value.microsecond * 10:07d}".rstrip("0")
    if value.tzinfo is not None:
        offset = value.utcoffset() or _dt.timedelta(0)
        if offset == _dt.timedelta(0) and value.tzinfo is _dt.timezone.utc:
            return text + "Z"
        minutes = int(offset.total_seconds() // 60)
        sign = "+" if minutes >= 0 else "-"
        text += f"{sign}{abs(minutes) // 60:02d}:{abs(minutes) % 60:02d}"
    return text


class _JsonFloat:
    """A double as Newtonsoft writes it: round-trip digits, always with a decimal point or exponent."""

    def __init__(self, value: float, text: str | None = None) -> None:
        self.value = value
        self.text = text

    def render(self) -> str:
        if self.text is not None:
            return self.text
        if math.isnan(self.value) or math.isinf(self.value):
            return '"' + format_double(self.value) + '"'
        # Newtonsoft writes a double's shortest round-trip form ("R"), a Single's as a Single, with a decimal point
        text = format_single(self.value) if type(self.value) is Single else format_double_roundtrip(self.value)
        if not any(c in text for c in ".E"):
            text += ".0"
        return text


# Newtonsoft's default escaping: the quote, the backslash and control characters, short forms where JSON has them.
_JSON_ESCAPES = {c: f"\\u{c:04x}" for c in range(0x20)} | {
    ord('"'): '\\"', ord("\\"): "\\\\", ord("\n"): "\\n", ord("\r"): "\\r", ord("\t"): "\\t",
    ord("\b"): "\\b", ord("\f"): "\\f",
}


def _escape(text: str) -> str:
    return '"' + text.translate(_JSON_ESCAPES) + '"'


def render_json(value: Any, *, compress: bool, indent: int = 0) -> str:
    """Newtonsoft-style text: 2-space indentation, `"key": value`, empty containers inline."""
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, _JsonFloat):
        return value.render()
    if isinstance(value, str):
        return _escape(value)
    pad = "  " * (indent + 1)
    end = "  " * indent
    if isinstance(value, dict):
        if not value:
            return "{}"
        if compress:
            return "{" + ",".join(f"{_escape(k)}:{render_json(v, compress=True)}" for k, v in value.items()) + "}"
        inner = ",\n".join(f"{pad}{_escape(k)}: {render_json(v, compress=False, indent=indent + 1)}" for k, v in value.items())
        return "{\n" + inner + "\n" + end + "}"
    if not value:
        return "[]"
    if compress:
        return "[" + ",".join(render_json(v, compress=True) for v in value) + "]"
    inner = ",\n".join(pad + render_json(v, compress=False, indent=indent + 1) for v in value)
    return "[\n" + inner + "\n" + end + "]"


@cmdlet(
    "ConvertTo-Json",
    synopsis="Converts an object to a JSON-formatted string.",
    examples=(("@{ name = 'disk' } | ConvertTo-Json -Depth 5", ""), ("$obj | ConvertTo-Json -Compress", "")),
)
@parameter("InputObject", position=0, mandatory=True, value_from_pipeline=True, allow_null=True)
@parameter("Depth", type="int", default=2, validate_range=(0, 100))
@parameter("Compress", switch=True)
@parameter("EnumsAsStrings", switch=True)
@parameter("AsArray", switch=True)
@parameter("EscapeHandling", type="string", validate_set=("Default", "EscapeNonAscii", "EscapeHtml"))
class ConvertToJson(Cmdlet):
    def begin(self, ctx: Any, **_: Any) -> None:
        self.items: list[Any] = []
        self.piped = False

    def process(self, ctx: Any, *, input_object: Any, **_: Any) -> None:
        self.items.append(input_object)
        self.piped = ctx.bound.source("InputObject") is BindingSource.PIPELINE

    def end(self, ctx: Any, *, depth: int, compress: bool, enums_as_strings: bool, as_array: bool, escape_handling: str | None, **_: Any) -> Any:
        if not self.items:
            return None
        state = {"truncated": False}
        if len(self.items) == 1 and not (as_array and is_enumerable(self.items[0])):
            level = 1 if as_array else 0
            data = _json_value(self.items[0], level, depth, enums_as_strings, state, wrapped=self.piped, top=True)
            if as_array:
                data = [data]
        else:
            items = list(self.items[0]) if len(self.items) == 1 else self.items
            data = [_json_value(v, 1, depth, enums_as_strings, state, wrapped=self.piped, top=True) for v in items]
        if state["truncated"]:
            ctx.write_warning(f"Resulting JSON is truncated as serialization has exceeded the set depth of {depth}.")
        text = render_json(data, compress=compress)
        if escape_handling == "EscapeNonAscii":
            text = "".join(c if ord(c) < 128 else f"\\u{ord(c):04x}" for c in text)
        elif escape_handling == "EscapeHtml":
            text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026").replace("'", "\\u0027")
        return text


_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?$")


def _from_json(value: Any, as_hashtable: bool) -> Any:
    if isinstance(value, dict):
        if as_hashtable:
            return CaseSensitiveOrderedHashtable((k, _from_json(v, True)) for k, v in value.items())
        return PSObject((k, _from_json(v, False)) for k, v in value.items())
    if isinstance(value, list):
        return [_from_json(v, as_hashtable) for v in value]
    if isinstance(value, str) and _ISO_DATE.match(value):
        try:
            return _dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return value
    return value


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for k, v in pairs:
        if k in out or (k.casefold() in (x.casefold() for x in out)):
            raise ValueError(f"Cannot convert the JSON string because it contains keys with different casing or duplicate keys: {k}")
        out[k] = v
    return out


@cmdlet(
    "ConvertFrom-Json",
    synopsis="Converts a JSON-formatted string to a custom object or a hash table.",
    examples=(("Get-Content settings.json -Raw | ConvertFrom-Json", ""),),
)
@parameter("InputObject", type="string", position=0, mandatory=True, value_from_pipeline=True, allow_null=True)
@parameter("AsHashtable", switch=True)
@parameter("Depth", type="int", default=1024)
@parameter("NoEnumerate", switch=True)
class ConvertFromJson(Cmdlet):
    def begin(self, ctx: Any, **_: Any) -> None:
        self.parts: list[str] = []

    def process(self, ctx: Any, *, input_object: str, **_: Any) -> None:
        self.parts.append(input_object or "")

    def end(self, ctx: Any, *, as_hashtable: bool, no_enumerate: bool, **_: Any) -> Any:
        text = "\n".join(self.parts).strip()
        if not text:
            return None
        try:
            data = read_json(text, _pairs if not as_hashtable else None)
        except ValueError as exc:
            detail = str(exc)
            raise error(
                f"Conversion from JSON failed with error: {detail}",
                "System.ArgumentException,Microsoft.PowerShell.Commands.ConvertFromJsonCommand",
                ErrorCategory.NotSpecified,
                text[:100],
                "ConvertFrom-Json",
            ) from None
        value = _from_json(data, as_hashtable)
        if isinstance(value, list) and not no_enumerate:
            return value
        return [value]


# -- CSV --------------------------------------------------------------------------------------
def _csv_field(text: str, delimiter: str, quotes: str) -> str:
    needs = quotes == "always" or (
        quotes == "asneeded" and any(c in text for c in (delimiter, '"', "\n", "\r"))
    )
    if quotes == "never":
        return text
    return '"' + text.replace('"', '""') + '"' if needs else text


def csv_lines(objects: list[Any], *, delimiter: str, quotes: str, include_type: bool, header: bool = True) -> list[str]:
    if not objects:
        return []
    first = objects[0]
    names = [n for n, _ in property_list(first)]
    lines = []
    if include_type:
        name = type_names(first)[0]
        lines.append(f"#TYPE {name[4:] if name[:4].casefold() == 'csv:' else name}")  # an imported object goes back as its own type
    if header:
        lines.append(delimiter.join(_csv_field(n, delimiter, quotes) for n in names))
    for obj in objects:
        props = {n.casefold(): v for n, v in property_list(obj)}
        lines.append(delimiter.join(_csv_field(to_string(props.get(n.casefold())), delimiter, quotes) for n in names))
    return lines


_QUOTES = ("Always", "AsNeeded", "Never")


@cmdlet("ConvertTo-Csv", synopsis="Converts objects into a series of character-separated value (CSV) strings.")
@parameter("InputObject", position=0, mandatory=True, value_from_pipeline=True)
@parameter("Delimiter", type="char", position=1, default=",")
@parameter("NoTypeInformation", switch=True, aliases=("NTI",))
@parameter("IncludeTypeInformation", switch=True, aliases=("ITI",))
@parameter("UseQuotes", type="string", validate_set=_QUOTES, default="Always")
@parameter("NoHeader", switch=True)
class ConvertToCsv(_Collecting):
    def end(self, ctx: Any, *, delimiter: str, include_type_information: bool, use_quotes: str, no_header: bool, **_: Any) -> Any:
        return csv_lines(self.items, delimiter=str(delimiter), quotes=use_quotes.casefold(), include_type=include_type_information, header=not no_header)


@cmdlet(
    "Export-Csv",
    supports_should_process=True,
    synopsis="Converts objects into a series of CSV strings and saves the strings to a file.",
    examples=(("Get-AzsPlatformImage | Export-Csv images.csv", ""),),
)
@parameter("Path", type="string", position=0, mandatory=True, aliases=("FilePath",), path=True)
@parameter("InputObject", mandatory=True, value_from_pipeline=True)
@parameter("Delimiter", type="char", position=1, default=",")
@parameter("Append", switch=True)
@parameter("Force", switch=True)
@parameter("NoClobber", switch=True)
@parameter("Encoding", type="string", validate_set=_ENCODINGS)
@parameter("NoTypeInformation", switch=True, aliases=("NTI",))
@parameter("IncludeTypeInformation", switch=True, aliases=("ITI",))
@parameter("UseQuotes", type="string", validate_set=_QUOTES, default="Always")
class ExportCsv(_Collecting):
    def end(self, ctx: Any, *, path: str, delimiter: str, append: bool, no_clobber: bool, encoding: str | None,
            include_type_information: bool, use_quotes: str, **_: Any) -> None:
        if not ctx.should_process(path, "Export-Csv"):
            return
        target = ctx.resolve_path(path)
        header = not (append and target.exists() and target.stat().st_size > 0)
        lines = csv_lines(self.items, delimiter=str(delimiter), quotes=use_quotes.casefold(), include_type=include_type_information and header, header=header)
        write_text_file(ctx, path, "".join(line + "\n" for line in lines), append=append, encoding=encoding, no_clobber=no_clobber, command="Export-Csv")


def parse_csv(lines: list[str], delimiter: str, header: list[str] | None) -> list[PSObject]:
    import csv
    import io

    rows = [r for r in csv.reader(io.StringIO("\n".join(lines)), delimiter=delimiter) if r]
    type_names: tuple[str, ...] = ("System.Management.Automation.PSCustomObject", "System.Object")
    if rows and len(rows[0]) == 1 and rows[0][0][:6].casefold() == "#type ":
        # Export-Csv -IncludeTypeInformation's line: pwsh gives the objects that type and its CSV: twin only
        name = rows.pop(0)[0][6:].strip()
        if name:
            type_names = (name, f"CSV:{name}")
    if not rows:
        return []
    names = header if header else rows[0]
    body = rows if header else rows[1:]
    fixed = []
    for i, n in enumerate(names):
        fixed.append(n if n else f"H{i + 1}")
    out = []
    for r in body:
        obj = PSObject(type_names=type_names)
        for i, n in enumerate(fixed):
            obj.set(n, r[i] if i < len(r) else None)
        out.append(obj)
    return out


@cmdlet("ConvertFrom-Csv", synopsis="Converts object properties in CSV format into CSV versions of the original objects.")
@parameter("InputObject", type="string[]", position=0, mandatory=True, value_from_pipeline=True)
@parameter("Delimiter", type="char", position=1, default=",")
@parameter("Header", type="string[]")
class ConvertFromCsv(Cmdlet):
    def begin(self, ctx: Any, **_: Any) -> None:
        self.lines: list[str] = []

    def process(self, ctx: Any, *, input_object: Any, **_: Any) -> None:
        for line in input_object or []:
            self.lines.extend(to_string(line).splitlines())

    def end(self, ctx: Any, *, delimiter: str, header: Any, **_: Any) -> Any:
        return parse_csv(self.lines, str(delimiter), list(header) if header else None)


@cmdlet(
    "Import-Csv",
    synopsis="Creates table-like custom objects from the items in a CSV file.",
    examples=(("Import-Csv images.csv | Where-Object Offer -eq 'WindowsServer'", ""),),
)
@parameter("Path", type="string[]", position=0, mandatory=True, value_from_pipeline=True, aliases=("LiteralPath",), path=True)
@parameter("Delimiter", type="char", position=1, default=",")
@parameter("Header", type="string[]")
@parameter("Encoding", type="string", validate_set=_ENCODINGS)
def import_csv(ctx: Any, *, path: Any, delimiter: str, header: Any, encoding: str | None) -> Any:
    out: list[Any] = []
    for p in path:
        target = ctx.resolve_path(p)
        if not target.is_file():
            ctx.write_error(error(
                f"Could not find file '{target}'.", "FileOpenFailure,Microsoft.PowerShell.Commands.ImportCsvCommand",
                ErrorCategory.OpenError, str(target), "Import-Csv",
            ))
            continue
        text = target.read_text(encoding="utf-8-sig")
        out += parse_csv(text.splitlines(), str(delimiter), list(header) if header else None)
    return out


__all__ = [
    "ConvertFromCsv", "ConvertFromJson", "ConvertToCsv", "ConvertToJson", "ExportCsv", "FormatList", "FormatTable",
    "csv_lines", "import_csv", "parse_csv", "render_json",
]
