"""Object cmdlets: Where-Object, ForEach-Object, Select-Object, Sort-Object, Group-Object, Measure-Object
(Add-Member, New-Object and Get-Member are in construct.py).
"""

from __future__ import annotations

import functools
import math
from dataclasses import dataclass, field
from typing import Any

from azskernel.commands._util import (
    compare_where,
    error,
    has_property,
    property_specs,
    ps_compare,
    ps_equals,
    read_property,
    sort_key,
    wildcard,
)
from azskernel.commands.introsort import introsort
from azskernel.runtime.cmdlet import Cmdlet, cmdlet, parameter
from azskernel.runtime.conversion import is_enumerable, to_bool, to_number, to_string
from azskernel.runtime.errors import ErrorCategory, PSError
from azskernel.runtime.formatting import Column, ListView, TableView, register_view
from azskernel.runtime.members import get_member, type_names
from azskernel.runtime.values import AutomationNull, Hashtable, PSObject

CORE = "Microsoft.PowerShell.Core"

# -- Where-Object -----------------------------------------------------------------------------
_WHERE_OPERATORS = (
    "EQ", "CEQ", "NE", "CNE", "GT", "CGT", "LT", "CLT", "GE", "CGE", "LE", "CLE",
    "Like", "CLike", "NotLike", "CNotLike", "Match", "CMatch", "NotMatch", "CNotMatch",
    "Contains", "CContains", "NotContains", "CNotContains", "In", "CIn", "NotIn", "CNotIn",
    "Is", "IsNot", "Not",
)
_WHERE_SETS = tuple(f"{op}Set" for op in _WHERE_OPERATORS)


def _where_decl(fn: Any) -> Any:
    for op in reversed(_WHERE_OPERATORS):
        fn = parameter(op, switch=True, parameter_sets=(f"{op}Set",), mandatory=op != "EQ", help=f"The -{op.lower()} comparison.")(fn)
    return fn


@cmdlet(
    "Where-Object",
    aliases=("where", "?"),
    default_parameter_set="EQSet",
    module=CORE,
    synopsis="Selects objects from a collection based on their property values.",
    examples=(
        ("Get-Process | Where-Object { $_.CPU -gt 10 }", "A script block filter."),
        ("$images | Where-Object Offer -eq 'WindowsServer'", "The simplified comparison syntax."),
    ),
)
@parameter("InputObject", value_from_pipeline=True, help="The objects to filter.")
@parameter("FilterScript", type="scriptblock", position=0, mandatory=True, parameter_sets=("ScriptBlockSet",), help="The script block used to filter the objects; $_ is the current object.")
@parameter("Property", type="string", position=0, mandatory=True, parameter_sets=_WHERE_SETS, help="The name of the property to compare.")
@parameter("Value", position=1, parameter_sets=_WHERE_SETS, help="The value to compare with.")
@_where_decl
def where_object(ctx: Any, *, input_object: Any, filter_script: Any, property: str | None, value: Any, **ops: Any) -> Any:
    if filter_script is not None:
        out = ctx.invoke_script(filter_script, input=[input_object], dollar_under=input_object)
        return input_object if to_bool(list(out)) else None
    op = next((name.replace("_", "") for name, on in ops.items() if on), "eq")
    assert property is not None
    actual = read_property(input_object, property) if input_object is not None else None
    if "Value" not in ctx.bound and op in ("eq",):
        return input_object if to_bool(actual) else None
    if op == "not":
        return input_object if not to_bool(actual) else None
    return input_object if compare_where(op, actual, value) else None


# -- ForEach-Object ---------------------------------------------------------------------------
@cmdlet(
    "ForEach-Object",
    aliases=("foreach", "%"),
    default_parameter_set="ScriptBlockSet",
    module=CORE,
    synopsis="Performs an operation against each item in a collection of input objects.",
    examples=(("1..3 | ForEach-Object { $_ * 2 }", ""), ("$disks | ForEach-Object Name", "Gets a property of each object.")),
)
@parameter("InputObject", value_from_pipeline=True)
@parameter("Begin", type="scriptblock", parameter_sets=("ScriptBlockSet",))
@parameter("Process", type="scriptblock[]", position=0, mandatory=True, parameter_sets=("ScriptBlockSet",), value_from_remaining_arguments=True)
@parameter("End", type="scriptblock", parameter_sets=("ScriptBlockSet",))
@parameter("RemainingScripts", type="scriptblock[]", parameter_sets=("ScriptBlockSet",), dont_show=True)
@parameter("MemberName", type="string", position=0, mandatory=True, parameter_sets=("PropertyAndMethodSet",))
@parameter("ArgumentList", type="object[]", parameter_sets=("PropertyAndMethodSet",), aliases=("Args",), value_from_remaining_arguments=True)
@parameter("Parallel", type="scriptblock", mandatory=True, parameter_sets=("ParallelParameterSet",), dont_show=True)
@parameter("ThrottleLimit", type="int", parameter_sets=("ParallelParameterSet",), dont_show=True)
class ForEachObject(Cmdlet):
    def _blocks(self, begin: Any, process: Any, end: Any) -> tuple[Any, list[Any], Any]:
        blocks = list(process or [])
        if begin is None and end is None and len(blocks) > 1:
            # ForEach-Object {begin} {process} [{end}]: pwsh reads several positional blocks this way
            begin, rest = blocks[0], blocks[1:]
            if len(rest) >= 2:
                end = rest[-1]
                rest = rest[:-1]
            blocks = rest
        return begin, blocks, end

    def begin(self, ctx: Any, *, begin: Any, process: Any, end: Any, parallel: Any, **_: Any) -> Any:
        if parallel is not None:
            raise error(
                "ForEach-Object -Parallel is not supported by this shell: remove -Parallel (and -ThrottleLimit) to run "
                "the script block for each object in turn.",
                "ParallelNotSupported,Microsoft.PowerShell.Commands.ForEachObjectCommand",
                ErrorCategory.NotImplemented, None, "ForEach-Object",
            )
        self.b, self.p, self.e = self._blocks(begin, process, end)
        return ctx.invoke_script(self.b) if self.b is not None else None

    def process(self, ctx: Any, *, input_object: Any, member_name: str | None, argument_list: Any, **_: Any) -> Any:
        if member_name is not None:
            return _member_of(input_object, member_name, argument_list)
        out: list[Any] = []
        for block in self.p:
            out += ctx.invoke_script(block, input=[input_object], dollar_under=input_object)
        return out

    def end(self, ctx: Any, **_: Any) -> Any:
        return ctx.invoke_script(self.e) if self.e is not None else None


def _member_of(obj: Any, name: str, args: Any) -> Any:
    from azskernel.runtime.members import MISSING, call_method, get_member_or_missing

    if args is None:
        found = get_member_or_missing(obj, name)
        if found is not MISSING:
            return [found] if is_enumerable(found) else found
        if is_enumerable(obj):
            return get_member(obj, name)
    try:
        return call_method(obj, name, list(args or []))
    except PSError:
        if args is None:
            return None
        raise


# -- Select-Object ----------------------------------------------------------------------------
@cmdlet(
    "Select-Object",
    aliases=("select",),
    default_parameter_set="DefaultParameter",
    synopsis="Selects objects or object properties.",
    examples=(
        ("Get-AzsPlatformImage | Select-Object Publisher, Offer, Sku, Version", "Keeps four properties."),
        ("$items | Select-Object -First 2", ""),
        ("$items | Select-Object Name, @{Name='SizeGB'; Expression={ $_.Size / 1GB }}", "A calculated property."),
    ),
)
@parameter("InputObject", value_from_pipeline=True)
@parameter("Property", type="object[]", position=0, parameter_sets=("DefaultParameter", "SkipLastParameter"))
@parameter("ExcludeProperty", type="string[]", parameter_sets=("DefaultParameter", "SkipLastParameter"))
@parameter("ExpandProperty", type="string", parameter_sets=("DefaultParameter", "SkipLastParameter"))
@parameter("Unique", switch=True)
@parameter("Last", type="int", parameter_sets=("DefaultParameter",), validate_range=(0, None))
@parameter("First", type="int", parameter_sets=("DefaultParameter",), validate_range=(0, None))
@parameter("Skip", type="int", parameter_sets=("DefaultParameter",), validate_range=(0, None))
@parameter("SkipLast", type="int", parameter_sets=("SkipLastParameter",), validate_range=(0, None))
@parameter("Index", type="int[]", parameter_sets=("IndexParameter",))
@parameter("Wait", switch=True, parameter_sets=("DefaultParameter", "IndexParameter"))
class SelectObject(Cmdlet):
    def begin(self, ctx: Any, *, first: int | None, last: int | None, skip_last: int | None, index: Any, unique: bool, **_: Any) -> None:
        self.items: list[Any] = []
        # -First (with or without -Skip) streams, and stops the commands upstream once it has its objects
        self.streaming = first is not None and last is None and skip_last is None and index is None and not unique
        self.seen = 0

    def process(self, ctx: Any, *, input_object: Any, property: Any, exclude_property: Any, expand_property: str | None,
                first: int | None, skip: int | None, **_: Any) -> Any:
        if "InputObject" not in ctx.bound or input_object is None or input_object is AutomationNull:
            return None  # pwsh's Select-Object skips a $null input object
        if not self.streaming:
            self.items.append(input_object)
            return None
        self.seen += 1
        start = skip or 0
        if self.seen <= start:
            return None
        assert first is not None
        if self.seen - start > first:
            ctx.stop_requested = True
            return None
        if self.seen - start == first:
            ctx.stop_requested = True  # pwsh's StopUpstreamCommandsException: nothing more is read
        return _shape(ctx, input_object, property_specs(property, "Select-Object"), expand_property, exclude_property)

    def end(self, ctx: Any, *, property: Any, exclude_property: Any, expand_property: str | None, unique: bool,
            last: int | None, first: int | None, skip: int | None, skip_last: int | None, index: Any, **_: Any) -> Any:
        if self.streaming:
            return None
        items = _slice(self.items, first, last, skip or 0, skip_last, index, ctx.bound)
        specs = property_specs(property, "Select-Object")
        out: list[Any] = []
        for obj in items:
            out += _shape(ctx, obj, specs, expand_property, exclude_property)
        if unique:
            out = _unique(out)
        return out


def _shape(ctx: Any, obj: Any, specs: list[Any], expand_property: str | None, exclude_property: Any) -> list[Any]:
    """One input object as Select-Object writes it: expanded, reduced to the selected properties, or as is."""
    if expand_property is not None:
        return _expand(ctx, obj, expand_property, specs)
    if specs or exclude_property:
        return [_select(ctx, obj, specs, exclude_property or [])]
    return [obj]


def _slice(items: list[Any], first: int | None, last: int | None, skip: int, skip_last: int | None,
           index: Any, bound: Any) -> list[Any]:
    if index is not None:
        return [items[i] for i in index if -len(items) <= i < len(items)]
    if skip_last is not None:
        return items[: max(len(items) - skip_last, 0)]
    if last is not None and first is None:
        kept = items[: max(len(items) - skip, 0)]
        return kept[max(len(kept) - last, 0) :] if last else []
    rest = items[skip:]
    if first is None and last is None:
        return rest
    chosen = list(range(min(first or 0, len(rest))))
    if last:
        chosen += [i for i in range(max(len(rest) - last, 0), len(rest)) if i not in chosen]
    return [rest[i] for i in chosen]


def _selected_type(obj: Any) -> list[str]:
    names = type_names(obj) if obj is not None else []
    base = names[0] if names else "System.Object"
    return [f"Selected.{base}", "System.Management.Automation.PSCustomObject", "System.Object"]


def _select(ctx: Any, obj: Any, specs: list[Any], exclude: list[str]) -> PSObject:
    result = PSObject(type_names=_selected_type(obj))
    excluded = [wildcard(e) for e in exclude]
    if not specs:
        from azskernel.commands._util import PropertySpec

        specs = [PropertySpec("*", None, wildcard=True)]
    for spec in specs:
        names = spec.names_for(obj) if spec.wildcard else [spec.name]
        for name in names:
            if any(rx.match(name) for rx in excluded):
                continue
            if spec.expression is None and not spec.wildcard and obj is not None and not isinstance(obj, PSObject | dict):
                value = read_property(obj, name)
            else:
                value = spec.value(ctx, obj, name)
            if not result.has(name):
                result.set(name, value)
    return result


def _expand(ctx: Any, obj: Any, name: str, specs: list[Any]) -> list[Any]:
    if not has_property(obj, name):
        raise error(
            f'Property "{name}" cannot be found.',
            "ExpandPropertyNotFound,Microsoft.PowerShell.Commands.SelectObjectCommand",
            ErrorCategory.InvalidArgument,
            obj,
            "Select-Object",
        )
    value = read_property(obj, name)
    values = list(value) if is_enumerable(value) else [value]
    if specs:
        extra = _select(ctx, obj, specs, [])
        for v in values:
            if isinstance(v, PSObject):
                for n, x in extra.items():
                    v.set(n, x)
    return values


def _identity(obj: Any) -> Any:
    if isinstance(obj, PSObject):
        return tuple((n.casefold(), to_string(v)) for n, v in obj.items())
    if isinstance(obj, str):
        return ("s", obj)
    if isinstance(obj, int | float) and not isinstance(obj, bool):
        return ("n", obj)
    try:
        hash(obj)
        return ("o", obj)
    except TypeError:
        return ("i", id(obj))


def _unique(items: list[Any]) -> list[Any]:
    seen: set[Any] = set()
    out = []
    for it in items:
        key = _identity(it)
        if key not in seen:
            seen.add(key)
            out.append(it)
    return out


# -- Sort-Object ------------------------------------------------------------------------------
@cmdlet(
    "Sort-Object",
    aliases=("sort",),
    default_parameter_set="Default",
    synopsis="Sorts objects by property values.",
    examples=(("$images | Sort-Object Version -Descending", ""),),
)
@parameter("InputObject", value_from_pipeline=True)
@parameter("Property", type="object[]", position=0)
@parameter("Descending", switch=True)
@parameter("Unique", switch=True)
@parameter("CaseSensitive", switch=True)
@parameter("Stable", switch=True, parameter_sets=("Default",))
@parameter("Top", type="int", parameter_sets=("Top",), mandatory=True, validate_range=(1, None))
@parameter("Bottom", type="int", parameter_sets=("Bottom",), mandatory=True, validate_range=(1, None))
class SortObject(Cmdlet):
    def begin(self, ctx: Any, **_: Any) -> None:
        self.items: list[Any] = []

    def process(self, ctx: Any, *, input_object: Any, **_: Any) -> None:
        if ctx.bound.source("InputObject") is not None:
            self.items.append(input_object)

    def end(self, ctx: Any, *, property: Any, descending: bool, unique: bool, case_sensitive: bool, stable: bool,
            top: int | None, bottom: int | None, **_: Any) -> Any:
        specs = property_specs(property, "Sort-Object", ("expression", "ascending", "descending"))
        keys = [self._key(ctx, obj, specs) for obj in self.items]
        directions = [self._descending(s, descending) for s in specs] or [descending]

        def cmp(a: tuple[int, list[Any]], b: tuple[int, list[Any]]) -> int:
            for ka, kb, desc in zip(a[1], b[1], directions, strict=False):
                c = ps_compare(ka, kb, case_sensitive)
                if c:
                    return -c if desc else c
            return 0

        order = list(enumerate(keys))
        if stable or top is not None or bottom is not None:
            order.sort(key=functools.cmp_to_key(cmp))  # pwsh's heap sort breaks ties by input position
        else:
            introsort(order, cmp)  # List.Sort: equal objects do not keep their input order
        if unique:  # the first of each run of equal objects, as pwsh's MoveUniqueEntriesToFront
            runs = order[:1]
            for entry in order[1:]:
                if cmp(runs[-1], entry):
                    runs.append(entry)
            order = runs
        result = [self.items[i] for i, _ in order]
        if top is not None:
            result = result[:top]
        if bottom is not None:
            result = result[-bottom:]
        return result

    @staticmethod
    def _descending(spec: Any, default: bool) -> bool:
        extra = spec.extra
        if extra is not None:  # Ascending wins when both keys are given
            if "ascending" in extra:
                return not to_bool(extra["ascending"])
            if "descending" in extra:
                return to_bool(extra["descending"])
        return default

    @staticmethod
    def _key(ctx: Any, obj: Any, specs: list[Any]) -> list[Any]:
        if not specs:
            return [obj]
        return [spec.value(ctx, obj) for spec in specs]


# -- Group-Object -----------------------------------------------------------------------------
@dataclass
class GroupInfo:
    Count: int
    Name: str
    Group: list[Any]
    Values: list[Any] = field(default_factory=list)
    ps_type_names = ("Microsoft.PowerShell.Commands.GroupInfo", "System.Object")

    def ps_properties(self) -> list[tuple[str, Any]]:
        return [("Count", self.Count), ("Name", self.Name), ("Group", self.Group), ("Values", self.Values)]


def _collection(items: list[Any]) -> Any:
    """GroupInfo.Group: a Collection[PSObject], as pwsh's."""
    from azskernel.runtime import pstypes as T

    return T.ArrayList(items, T.PSOBJECT, "System.Collections.ObjectModel.Collection")


class GroupInfoNoElement(GroupInfo):
    ps_type_names = ("Microsoft.PowerShell.Commands.GroupInfoNoElement", "Microsoft.PowerShell.Commands.GroupInfo", "System.Object")


register_view(
    "Microsoft.PowerShell.Commands.GroupInfo",
    TableView((Column("Count", width=5, alignment="right"), Column("Name", width=25), Column("Group"))),
)
register_view(
    "Microsoft.PowerShell.Commands.GroupInfoNoElement",
    TableView((Column("Count", width=5, alignment="right"), Column("Name", width=25))),
)


@cmdlet(
    "Group-Object",
    aliases=("group",),
    synopsis="Groups objects that contain the same value for specified properties.",
    examples=(("$images | Group-Object Publisher", ""),),
)
@parameter("InputObject", value_from_pipeline=True)
@parameter("Property", type="object[]", position=0)
@parameter("NoElement", switch=True)
@parameter("AsHashTable", switch=True, aliases=("AHT",))
@parameter("AsString", switch=True)
@parameter("CaseSensitive", switch=True)
@parameter("Culture", type="string")
class GroupObject(Cmdlet):
    def begin(self, ctx: Any, *, as_string: bool, as_hash_table: bool, culture: str | None, **_: Any) -> None:
        if as_string and not as_hash_table:
            raise error("The AsString parameter can be used only with the AsHashTable parameter.",
                        "ArgumentException,Microsoft.PowerShell.Commands.GroupObjectCommand",
                        ErrorCategory.InvalidArgument, None, "Group-Object")
        if culture is not None:
            from azskernel.runtime.culture import culture as find_culture

            find_culture(culture)  # a name or LCID pwsh knows; comparisons stay the current culture's
        self.items: list[Any] = []

    def process(self, ctx: Any, *, input_object: Any, **_: Any) -> None:
        if ctx.bound.source("InputObject") is not None:
            self.items.append(input_object)

    def end(self, ctx: Any, *, property: Any, no_element: bool, as_hash_table: bool, as_string: bool, case_sensitive: bool, **_: Any) -> Any:
        specs = property_specs(property, "Group-Object")
        groups: list[GroupInfo] = []
        for obj in self.items:
            values = [spec.value(ctx, obj) for spec in specs] if specs else [obj]
            name = ", ".join(to_string(v) for v in values)
            for g in groups:
                if len(g.Values) == len(values) and all(ps_equals(a, b, case_sensitive) if isinstance(a, str) else ps_compare(a, b, case_sensitive) == 0 for a, b in zip(g.Values, values, strict=True)):
                    g.Group.append(obj)
                    g.Count += 1
                    break
            else:
                groups.append(GroupInfo(1, name, _collection([obj]), values))
        groups.sort(key=lambda g: sort_key(case_sensitive)(g.Values[0] if len(g.Values) == 1 else g.Name))
        if as_hash_table:
            table = Hashtable()
            for g in groups:
                key = g.Name if as_string or len(g.Values) != 1 else g.Values[0]
                table[key] = g.Group
            return [table]
        if no_element:
            return [GroupInfoNoElement(g.Count, g.Name, [], g.Values) for g in groups]
        return groups


# -- Measure-Object ---------------------------------------------------------------------------
@dataclass
class GenericMeasureInfo:
    Count: int = 0
    Average: Any = None
    Sum: Any = None
    Maximum: Any = None
    Minimum: Any = None
    StandardDeviation: Any = None
    Property: str | None = None
    ps_type_names = ("Microsoft.PowerShell.Commands.GenericMeasureInfo", "Microsoft.PowerShell.Commands.MeasureInfo", "System.Object")

    def ps_properties(self) -> list[tuple[str, Any]]:
        return [(k, getattr(self, k)) for k in ("Count", "Average", "Sum", "Maximum", "Minimum", "StandardDeviation", "Property")]


@dataclass
class TextMeasureInfo:
    Lines: int | None = None
    Words: int | None = None
    Characters: int | None = None
    Property: str | None = None
    ps_type_names = ("Microsoft.PowerShell.Commands.TextMeasureInfo", "Microsoft.PowerShell.Commands.MeasureInfo", "System.Object")

    def ps_properties(self) -> list[tuple[str, Any]]:
        return [("Lines", self.Lines), ("Words", self.Words), ("Characters", self.Characters), ("Property", self.Property)]


register_view(
    "Microsoft.PowerShell.Commands.GenericMeasureInfo",
    ListView(tuple(Column(n) for n in ("Count", "Average", "Sum", "Maximum", "Minimum", "StandardDeviation", "Property"))),
)
register_view(
    "Microsoft.PowerShell.Commands.TextMeasureInfo",
    TableView(tuple(Column(n, alignment="right" if n != "Property" else None) for n in ("Lines", "Words", "Characters", "Property"))),
)


@cmdlet(
    "Measure-Object",
    aliases=("measure",),
    default_parameter_set="GenericMeasure",
    synopsis="Calculates the numeric properties of objects, and the characters, words, and lines in string objects.",
    examples=(("1..10 | Measure-Object -Sum -Average", ""),),
)
@parameter("InputObject", value_from_pipeline=True)
@parameter("Property", type="object[]", position=0)
@parameter("Sum", switch=True, parameter_sets=("GenericMeasure",))
@parameter("Average", switch=True, parameter_sets=("GenericMeasure",))
@parameter("Maximum", switch=True, parameter_sets=("GenericMeasure",))
@parameter("Minimum", switch=True, parameter_sets=("GenericMeasure",))
@parameter("StandardDeviation", switch=True, parameter_sets=("GenericMeasure",))
@parameter("AllStats", switch=True, parameter_sets=("GenericMeasure",))
@parameter("Line", switch=True, parameter_sets=("TextMeasure",))
@parameter("Word", switch=True, parameter_sets=("TextMeasure",))
@parameter("Character", switch=True, parameter_sets=("TextMeasure",))
@parameter("IgnoreWhiteSpace", switch=True, parameter_sets=("TextMeasure",))
class MeasureObject(Cmdlet):
    def begin(self, ctx: Any, **_: Any) -> None:
        self.items: list[Any] = []

    def process(self, ctx: Any, *, input_object: Any, **_: Any) -> None:
        if ctx.bound.source("InputObject") is not None:
            self.items.append(input_object)

    def end(self, ctx: Any, *, property: Any, sum: bool, average: bool, maximum: bool, minimum: bool,
            standard_deviation: bool, all_stats: bool, line: bool, word: bool, character: bool,
            ignore_white_space: bool, **_: Any) -> Any:
        specs = property_specs(property, "Measure-Object")
        if line or word or character:
            return self._text(ctx, specs, line, word, character, ignore_white_space)
        if all_stats:
            sum = average = maximum = minimum = standard_deviation = True
        targets = specs or [None]
        results = []
        for spec in targets:
            values = []
            for obj in self.items:
                if spec is None:
                    values.append(obj)
                elif has_property(obj, spec.name) or spec.expression is not None:
                    values.append(spec.value(ctx, obj))
            if spec is not None and not values and self.items:
                raise error(
                    f'The property "{spec.name}" cannot be found in the input for any objects.',
                    "GenericMeasurePropertyNotFound,Microsoft.PowerShell.Commands.MeasureObjectCommand",
                    ErrorCategory.InvalidArgument,
                    spec.name,
                    "Measure-Object",
                )
            info = GenericMeasureInfo(Count=len(values), Property=spec.name if spec is not None else None)
            needs_numbers = sum or average or standard_deviation
            numbers = [_number(v) for v in values if v is not None] if needs_numbers else []
            if sum:
                info.Sum = _tidy(math.fsum(numbers)) if numbers else 0.0
            if average:
                info.Average = _tidy(math.fsum(numbers) / len(numbers)) if numbers else None
            if standard_deviation and len(numbers) > 1:
                mean = math.fsum(numbers) / len(numbers)
                info.StandardDeviation = math.sqrt(math.fsum((n - mean) ** 2 for n in numbers) / (len(numbers) - 1))
            present = [v for v in values if v is not None]
            if maximum and present:
                info.Maximum = _tidy(max((_number_or(v) for v in present), key=sort_key()))
            if minimum and present:
                info.Minimum = _tidy(min((_number_or(v) for v in present), key=sort_key()))
            results.append(info)
        return results

    def _text(self, ctx: Any, specs: list[Any], line: bool, word: bool, character: bool, ignore_ws: bool) -> Any:
        texts = [to_string(spec.value(ctx, o)) for o in self.items for spec in specs] if specs else [to_string(o) for o in self.items]
        info = TextMeasureInfo(Property=specs[0].name if specs else None)
        if line:
            info.Lines = sum(len(t.splitlines()) or 0 for t in texts)
        if word:
            info.Words = sum(len(t.split()) for t in texts)
        if character:
            info.Characters = sum(len(t if not ignore_ws else "".join(t.split())) for t in texts)
        return info


def _number(value: Any) -> float:
    try:
        return float(to_number(value))
    except PSError:
        raise error(
            f'Input object "{to_string(value)}" is not numeric.',
            "NonNumericInputObject,Microsoft.PowerShell.Commands.MeasureObjectCommand",
            ErrorCategory.InvalidType,
            value,
            "Measure-Object",
        ) from None


def _number_or(value: Any) -> Any:
    if isinstance(value, str):
        try:
            return float(to_number(value))
        except PSError:
            return value
    return value


def _tidy(value: Any) -> Any:
    """pwsh reports Sum/Average/Maximum as doubles: 6 prints as 6, 2.5 as 2.5."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return value
    return float(value)


__all__ = [
    "ForEachObject", "GenericMeasureInfo", "GroupInfo", "GroupObject", "MeasureObject", "SelectObject", "SortObject",
    "TextMeasureInfo", "where_object",
]
