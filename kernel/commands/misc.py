"""Smaller built-ins operator scripts use: Get-FileHash, Measure-Command, Compare-Object, Get-Unique, Join-String,
ConvertFrom-StringData, Clear-Host, Add-Type, Out-GridView, Start/Stop-Transcript.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import time
from typing import Any

from azskernel.commands._util import error, property_specs, ps_compare, ps_equals
from azskernel.commands.output import _Collecting
from azskernel.runtime.cmdlet import Cmdlet, cmdlet, parameter
from azskernel.runtime.conversion import to_string
from azskernel.runtime.errors import ErrorCategory
from azskernel.runtime.formatting import Column, ListView, TableView, register_view
from azskernel.runtime.values import Hashtable, PSObject

register_view(
    "System.TimeSpan",
    ListView(tuple(Column(n) for n in (
        "Days", "Hours", "Minutes", "Seconds", "Milliseconds", "Ticks", "TotalDays", "TotalHours", "TotalMinutes",
        "TotalSeconds", "TotalMilliseconds",
    ))),
)


# -- Get-FileHash -----------------------------------------------------------------------------
class FileHash:
    ps_type_names = ("Microsoft.PowerShell.Commands.FileHashInfo", "System.Object")

    def __init__(self, algorithm: str, digest: str, path: str) -> None:
        self.Algorithm = algorithm
        self.Hash = digest
        self.Path = path

    def ps_properties(self) -> list[tuple[str, Any]]:
        return [("Algorithm", self.Algorithm), ("Hash", self.Hash), ("Path", self.Path)]


register_view(
    "Microsoft.PowerShell.Commands.FileHashInfo",
    TableView((Column("Algorithm", width=15, alignment="left"), Column("Hash", width=70, alignment="left"), Column("Path"))),
)
_ALGORITHMS = ("SHA1", "SHA256", "SHA384", "SHA512", "MD5")


@cmdlet(
    "Get-FileHash",
    default_parameter_set="Path",
    synopsis="Computes the hash value for a file by using a specified hash algorithm.",
    examples=(("Get-FileHash ./disk.vhd -Algorithm MD5", "The Content-MD5 a page blob upload can be checked against."),),
)
@parameter("Path", type="string[]", position=0, mandatory=True, parameter_sets=("Path",), value_from_pipeline=True, value_from_pipeline_by_property_name=True, path=True)
@parameter("LiteralPath", type="string[]", mandatory=True, parameter_sets=("LiteralPath",), aliases=("PSPath", "LP", "FullName"), value_from_pipeline_by_property_name=True)
@parameter("Algorithm", type="string", validate_set=_ALGORITHMS, default="SHA256")
def get_file_hash(ctx: Any, *, path: Any, literal_path: Any, algorithm: str) -> Any:
    from azskernel.commands.items import expand_or_report

    out = []
    for p in path if path is not None else literal_path:
        found = expand_or_report(ctx, p, "Get-FileHash", literal=literal_path is not None)
        if not found:
            continue
        for target in found:
            if target.is_dir():
                continue
            digest = hashlib.new(algorithm.lower())
            with open(target, "rb") as fh:
                while chunk := fh.read(1 << 20):
                    if ctx.cancel.is_set():
                        return out
                    digest.update(chunk)
            out.append(FileHash(algorithm.upper(), digest.hexdigest().upper(), str(target)))
    return out


# -- Measure-Command --------------------------------------------------------------------------
@cmdlet("Measure-Command", synopsis="Measures the time it takes to run script blocks and cmdlets.", examples=(("Measure-Command { Get-VHD ./disk.vhd }", ""),))
@parameter("Expression", type="scriptblock", position=0, mandatory=True)
@parameter("InputObject", value_from_pipeline=True)
class MeasureCommand(Cmdlet):
    def begin(self, ctx: Any, **_: Any) -> None:
        self.elapsed = 0.0
        self.ran = False

    def process(self, ctx: Any, *, expression: Any, input_object: Any, **_: Any) -> None:
        start = time.perf_counter()
        if "InputObject" in ctx.bound:
            ctx.invoke_script(expression, input=[input_object], dollar_under=input_object)
        else:
            ctx.invoke_script(expression)
        self.elapsed += time.perf_counter() - start
        self.ran = True

    def end(self, ctx: Any, **_: Any) -> Any:
        return _dt.timedelta(seconds=self.elapsed)


# -- Compare-Object ---------------------------------------------------------------------------
@cmdlet(
    "Compare-Object",
    aliases=("compare", "diff"),
    synopsis="Compares two sets of objects.",
    examples=(("Compare-Object (Get-Content a.txt) (Get-Content b.txt)", ""),),
)
@parameter("ReferenceObject", type="object[]", position=0, mandatory=True, allow_null=True)
@parameter("DifferenceObject", type="object[]", position=1, mandatory=True, value_from_pipeline=True, allow_null=True)
@parameter("Property", type="object[]")
@parameter("IncludeEqual", switch=True)
@parameter("ExcludeDifferent", switch=True)
@parameter("PassThru", switch=True)
@parameter("CaseSensitive", switch=True)
@parameter("SyncWindow", type="int", default=2147483647)
class CompareObject(Cmdlet):
    def begin(self, ctx: Any, **_: Any) -> None:
        self.difference: list[Any] = []

    def process(self, ctx: Any, *, difference_object: Any, **_: Any) -> None:
        if difference_object is not None:
            self.difference.extend(difference_object)

    def end(self, ctx: Any, *, reference_object: Any, property: Any, include_equal: bool, exclude_different: bool,
            pass_thru: bool, case_sensitive: bool, **_: Any) -> Any:
        specs = property_specs(property, "Compare-Object")

        def key(obj: Any) -> list[Any]:
            return [s.value(ctx, obj) for s in specs] if specs else [obj]

        def same(a: Any, b: Any) -> bool:
            return all(ps_equals(x, y, case_sensitive) if isinstance(x, str) else ps_compare(x, y, case_sensitive) == 0
                       for x, y in zip(key(a), key(b), strict=True))

        reference = list(reference_object or [])
        remaining = list(self.difference)
        equal: list[Any] = []
        only_ref: list[Any] = []
        for item in reference:
            match = next((i for i, d in enumerate(remaining) if same(item, d)), None)
            if match is None:
                only_ref.append(item)
            else:
                equal.append(item)
                remaining.pop(match)
        rows: list[tuple[Any, str]] = []
        if include_equal:
            rows += [(i, "==") for i in equal]
        if not exclude_different:
            rows += [(i, "=>") for i in remaining] + [(i, "<=") for i in only_ref]
        out = []
        for obj, side in rows:
            if pass_thru:
                if isinstance(obj, PSObject):
                    obj.set("SideIndicator", side)
                out.append(obj)
            elif specs:
                result = PSObject(((s.name, s.value(ctx, obj)) for s in specs), type_names=("System.Management.Automation.PSCustomObject", "System.Object"))
                result.set("SideIndicator", side)
                out.append(result)
            else:
                out.append(PSObject([("InputObject", obj), ("SideIndicator", side)]))
        return out


# -- Get-Unique / Join-String / ConvertFrom-StringData ------------------------------------------
@cmdlet("Get-Unique", aliases=("gu",), synopsis="Returns unique items from a sorted list.")
@parameter("InputObject", value_from_pipeline=True)
@parameter("AsString", switch=True)
@parameter("OnType", switch=True)
@parameter("CaseInsensitive", switch=True)
class GetUnique(Cmdlet):
    def begin(self, ctx: Any, **_: Any) -> None:
        self.last: Any = _NOTHING

    def process(self, ctx: Any, *, input_object: Any, as_string: bool, case_insensitive: bool, **_: Any) -> Any:
        if "InputObject" not in ctx.bound:
            return None
        current = to_string(input_object) if as_string else input_object
        if self.last is not _NOTHING:
            if isinstance(current, str) and isinstance(self.last, str):
                duplicate = current.casefold() == self.last.casefold() if case_insensitive else current == self.last
            else:
                duplicate = ps_equals(self.last, current, True)
            if duplicate:
                return None
        self.last = current
        return [input_object]


_NOTHING = object()


@cmdlet("Join-String", synopsis="Combines objects from the pipeline into a single string.", examples=(("$names | Join-String -Separator ', '", ""),))
@parameter("Property", position=0)
@parameter("Separator", type="string", position=1, default="")
@parameter("OutputPrefix", type="string", default="", aliases=("op",))
@parameter("OutputSuffix", type="string", default="", aliases=("os",))
@parameter("SingleQuote", switch=True)
@parameter("DoubleQuote", switch=True)
@parameter("FormatString", type="string")
@parameter("InputObject", value_from_pipeline=True)
class JoinString(_Collecting):
    def end(self, ctx: Any, *, property: Any, separator: str, output_prefix: str, output_suffix: str, single_quote: bool,
            double_quote: bool, format_string: str | None, **_: Any) -> Any:
        specs = property_specs(property, "Join-String") if property is not None else []
        parts = []
        for item in self.items:
            value = specs[0].value(ctx, item) if specs else item
            text = to_string(value)
            if format_string:
                from azskernel.runtime.dotnetformat import composite_format

                text = composite_format(format_string, [value])
            if single_quote:
                text = f"'{text}'"
            elif double_quote:
                text = f'"{text}"'
            parts.append(text)
        return output_prefix + separator.join(parts) + output_suffix


@cmdlet("ConvertFrom-StringData", synopsis="Converts a string containing one or more key and value pairs to a hash table.")
@parameter("StringData", type="string", position=0, mandatory=True, value_from_pipeline=True, allow_null=True)
@parameter("Delimiter", type="char", default="=")
def convert_from_string_data(ctx: Any, *, string_data: str, delimiter: str) -> Any:
    table = Hashtable()
    for n, raw in enumerate((string_data or "").splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if str(delimiter) not in line:
            raise error(
                f"Data line '{line}' is not in 'name{delimiter}value' format.",
                "InvalidOperation,Microsoft.PowerShell.Commands.ConvertFromStringDataCommand",
                ErrorCategory.InvalidOperation, line, "ConvertFrom-StringData",
            )
        key, _, value = line.partition(str(delimiter))
        key = key.strip()
        if key in table:
            raise error(
                f"Data item '{key}' in line '{line}' is already defined.",
                "InvalidOperation,Microsoft.PowerShell.Commands.ConvertFromStringDataCommand",
                ErrorCategory.InvalidOperation, line, "ConvertFrom-StringData",
            )
        table[key] = value.strip().encode().decode("unicode_escape") if "\\" in value else value.strip()
    return [table]


# -- host and environment ---------------------------------------------------------------------
@cmdlet("Clear-Host", aliases=("cls", "clear"), module="Microsoft.PowerShell.Core", synopsis="Clears the display in the host program.")
def clear_host(ctx: Any) -> None:
    ctx.host.clear()


@cmdlet(
    "Add-Type",
    default_parameter_set="FromSource",
    synopsis="Loads .NET assemblies (accepted for the assemblies this shell emulates); compiling C# is not available.",
)
@parameter("TypeDefinition", type="string", position=0, mandatory=True, parameter_sets=("FromSource",))
@parameter("AssemblyName", type="string[]", mandatory=True, parameter_sets=("FromAssemblyName",), aliases=("AN",))
@parameter("MemberDefinition", type="string[]", position=1, mandatory=True, parameter_sets=("FromMember",))
@parameter("Name", type="string", position=0, mandatory=True, parameter_sets=("FromMember",))
@parameter("Namespace", type="string", parameter_sets=("FromMember",), aliases=("NS",))
@parameter("Path", type="string[]", position=0, mandatory=True, parameter_sets=("FromPath",))
@parameter("Language", type="string")
@parameter("PassThru", switch=True)
@parameter("IgnoreWarnings", switch=True)
def add_type(ctx: Any, *, assembly_name: Any, **_: Any) -> None:
    if assembly_name is not None:
        ctx.write_verbose(f"Assemblies {', '.join(assembly_name)}: the types this shell emulates are always loaded.")
        return None
    raise error(
        "Add-Type cannot compile or load .NET code in this shell (it is not .NET). Use a built-in cmdlet, a script "
        "function, or Python (%%python in a notebook) instead.",
        "AddTypeNotSupported,Microsoft.PowerShell.Commands.AddTypeCommand",
        ErrorCategory.NotImplemented, None, "Add-Type",
    )


@cmdlet("Out-GridView", aliases=("ogv",), synopsis="Sends output to an interactive table in a separate window (not available: use Format-Table).")
@parameter("InputObject", value_from_pipeline=True)
@parameter("Title", type="string")
@parameter("PassThru", switch=True)
@parameter("Wait", switch=True)
@parameter("OutputMode", type="string", validate_set=("None", "Single", "Multiple"))
class OutGridView(_Collecting):
    def end(self, ctx: Any, **_: Any) -> None:
        raise error(
            "Out-GridView needs a desktop window, which this shell does not have. Use Format-Table (or, in a notebook, "
            "just output the objects: they are shown as a table).",
            "NotSupported,Microsoft.PowerShell.Commands.OutGridViewCommand",
            ErrorCategory.NotImplemented, None, "Out-GridView",
        )


@cmdlet("Start-Transcript", module="Microsoft.PowerShell.Host", synopsis="Creates a record of all or part of a session (accepted; not recorded by this shell).")
@parameter("Path", type="string", position=0, aliases=("LiteralPath", "PSPath"))
@parameter("OutputDirectory", type="string")
@parameter("Append", switch=True)
@parameter("Force", switch=True)
@parameter("NoClobber", switch=True)
@parameter("IncludeInvocationHeader", switch=True)
@parameter("UseMinimalHeader", switch=True)
def start_transcript(ctx: Any, *, path: str | None, **_: Any) -> Any:
    ctx.write_warning("Transcripts are not recorded by this shell: the session's output is not being saved"
                      + (f" to {ctx.resolve_path(path)}." if path else "."))
    return None


@cmdlet("Stop-Transcript", module="Microsoft.PowerShell.Host", synopsis="Stops a transcript (accepted; nothing is recorded).")
def stop_transcript(ctx: Any) -> None:
    return None


__all__ = [
    "CompareObject", "FileHash", "GetUnique", "JoinString", "MeasureCommand", "OutGridView", "add_type", "clear_host",
    "convert_from_string_data", "get_file_hash", "start_transcript", "stop_transcript",
]
