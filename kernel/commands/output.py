"""Stream and output cmdlets: Write-*, Out-Null, Out-String, Out-File, Out-Default, Out-Host, Tee-Object.

Everything goes through the context (the host decides where text lands); nothing here prints.
"""

from __future__ import annotations

from typing import Any

from azskernel.commands._util import error
from azskernel.runtime.cmdlet import Cmdlet, cmdlet, parameter
from azskernel.runtime.conversion import is_enumerable, to_string
from azskernel.runtime.errors import ErrorCategory, ErrorRecord, PSError
from azskernel.runtime.formatting import DEFAULT_WIDTH, Formatter
from azskernel.runtime.host import ProgressRecord
from azskernel.runtime.values import PSObject

_COLORS = (
    "Black", "DarkBlue", "DarkGreen", "DarkCyan", "DarkRed", "DarkMagenta", "DarkYellow", "Gray",
    "DarkGray", "Blue", "Green", "Cyan", "Red", "Magenta", "Yellow", "White",
)
_ENCODINGS = ("ascii", "bigendianunicode", "bigendianutf32", "oem", "unicode", "utf7", "utf8", "utf8BOM", "utf8NoBOM", "utf32", "default")


def _host_text(value: Any, separator: str) -> str:
    if is_enumerable(value):
        return separator.join(_host_text(v, separator) for v in value)
    return to_string(value)


@cmdlet(
    "Write-Host",
    synopsis="Writes customized output to a host.",
    examples=(("Write-Host 'Uploading' -ForegroundColor Cyan", ""), ("Write-Host 'no newline' -NoNewline", "")),
)
@parameter("Object", position=0, value_from_pipeline=True, value_from_remaining_arguments=True, aliases=("Msg", "Message"), help="Objects to display in the host.")
@parameter("NoNewline", switch=True, help="The string representations of the input objects are concatenated; no newline follows.")
@parameter("Separator", default=" ", help="The separator string inserted between objects.")
@parameter("ForegroundColor", type="string", validate_set=_COLORS, help="The text color.")
@parameter("BackgroundColor", type="string", validate_set=_COLORS, help="The background color.")
def write_host(ctx: Any, *, object: Any, no_newline: bool, separator: Any, foreground_color: str | None, background_color: str | None) -> None:
    text = "" if object is None else _host_text(object, to_string(separator))
    ctx.write_host(text, newline=not no_newline, foreground=foreground_color, background=background_color)


@cmdlet(
    "Write-Output",
    aliases=("echo", "write"),
    synopsis="Writes the specified objects to the pipeline.",
    examples=(("Write-Output 'done'", ""),),
)
@parameter("InputObject", position=0, mandatory=True, value_from_pipeline=True, value_from_remaining_arguments=True, allow_null=True, help="The objects to send down the pipeline.")
@parameter("NoEnumerate", switch=True, help="Write a collection as a single object.")
def write_output(ctx: Any, *, input_object: Any, no_enumerate: bool) -> Any:
    if no_enumerate:
        return [input_object]
    if is_enumerable(input_object):
        return list(input_object)
    return [input_object]


def _stream_cmdlet(name: str, method: str, synopsis: str) -> Any:
    @cmdlet(name, synopsis=synopsis, examples=((f"{name} 'Checking the VHD footer'", ""),))
    @parameter("Message", type="string", position=0, mandatory=True, value_from_pipeline=True, aliases=("Msg",), allow_null=True, help="The message to write.")
    def write_stream(ctx: Any, *, message: str) -> None:
        getattr(ctx, method)(message)

    write_stream.__name__ = name.replace("-", "_").lower()
    return write_stream


write_verbose = _stream_cmdlet("Write-Verbose", "write_verbose", "Writes text to the verbose message stream.")
write_warning = _stream_cmdlet("Write-Warning", "write_warning", "Writes a warning message.")
write_debug = _stream_cmdlet("Write-Debug", "write_debug", "Writes a debug message to the console.")


@cmdlet(
    "Write-Error",
    default_parameter_set="NoException",
    synopsis="Writes an object to the error stream.",
    examples=(("Write-Error 'The VHD is not fixed' -Category InvalidData", ""),),
)
@parameter("Message", type="string", position=0, mandatory=True, mandatory_in=("NoException",), value_from_pipeline=True,
           parameter_sets=("NoException", "WithException"), aliases=("Msg",), allow_null=True)
@parameter("Exception", type="System.Exception", position=0, mandatory=True, parameter_sets=("WithException",))
@parameter("ErrorRecord", type="System.Management.Automation.ErrorRecord", position=0, mandatory=True, parameter_sets=("ErrorRecord",))
@parameter("Category", type="string", validate_set=tuple(c.value for c in ErrorCategory), parameter_sets=("NoException", "WithException"))
@parameter("ErrorId", type="string", parameter_sets=("NoException", "WithException"))
@parameter("TargetObject", parameter_sets=("NoException", "WithException"))
@parameter("RecommendedAction", type="string")
@parameter("CategoryActivity", type="string", aliases=("Activity",))
@parameter("CategoryReason", type="string", aliases=("Reason",))
@parameter("CategoryTargetName", type="string", aliases=("TargetName",))
@parameter("CategoryTargetType", type="string", aliases=("TargetType",))
def write_error(ctx: Any, *, message: str | None, exception: Any, error_record: Any, category: str | None, error_id: str | None,
                target_object: Any, recommended_action: str | None, category_activity: str | None, category_reason: str | None,
                category_target_name: str | None, category_target_type: str | None) -> None:
    if error_record is not None:
        if isinstance(error_record, ErrorRecord):
            ctx.write_error(error_record)
            return
        message = to_string(error_record)
    if exception is not None:
        text = message or (exception.record.message if isinstance(exception, PSError) else to_string(getattr(exception, "message", exception)))
    else:
        text = message or ""
    record = ErrorRecord(
        message=text,
        error_id=error_id or "Microsoft.PowerShell.Commands.WriteErrorException",
        category=next((c for c in ErrorCategory if c.value.casefold() == category.casefold()), ErrorCategory.NotSpecified)
        if category else ErrorCategory.NotSpecified,
        target=target_object,
        exception_type=str(getattr(exception, "type_name", "") or "Microsoft.PowerShell.Commands.WriteErrorException"),
        recommended_action=recommended_action or "",
    )
    if exception is not None and hasattr(exception, "type_name") and not isinstance(exception, PSError):
        record.details["exception"] = exception  # the exception given is the record's own
    if (exception is not None and message) or recommended_action:
        record.details["error_details"] = PSObject(
            [("Message", message or text), ("RecommendedAction", recommended_action or "")],
            ("System.Management.Automation.ErrorDetails", "System.Object"))
    for key, value in (("category_activity", category_activity or "Write-Error"), ("category_reason", category_reason),
                       ("category_target_name", category_target_name), ("category_target_type", category_target_type)):
        if value:
            record.details[key] = value
    ctx.write_error(record)


@cmdlet("Write-Information", synopsis="Specifies how PowerShell handles information stream data for a command.", aliases=())
@parameter("MessageData", position=0, mandatory=True, aliases=("Msg", "Message"))
@parameter("Tags", type="string[]", position=1)
def write_information(ctx: Any, *, message_data: Any, tags: Any) -> None:
    ctx.write_information(message_data, tags=tuple(tags or ()))


@cmdlet(
    "Write-Progress",
    synopsis="Displays a progress bar.",
    examples=(("Write-Progress -Activity 'Uploading' -Status '40%' -PercentComplete 40", ""),),
)
@parameter("Activity", type="string", position=0)
@parameter("Status", type="string", position=1, default="Processing")
@parameter("Id", type="int", position=2, default=0)
@parameter("PercentComplete", type="int", default=-1, validate_range=(-1, 100))
@parameter("SecondsRemaining", type="int", default=-1)
@parameter("CurrentOperation", type="string", default="")
@parameter("ParentId", type="int", default=-1)
@parameter("Completed", switch=True)
@parameter("SourceId", type="int", default=0)
def write_progress(ctx: Any, *, activity: str | None, status: str, id: int, percent_complete: int, seconds_remaining: int,
                   current_operation: str, parent_id: int, completed: bool, source_id: int) -> None:
    if activity is None and not completed:
        raise error(
            "Cannot bind argument to parameter 'Activity' because it is null or empty; give -Activity a description.",
            "ParameterArgumentValidationError", ErrorCategory.InvalidArgument, None, "Write-Progress",
        )
    ctx.write_progress(ProgressRecord(
        activity=activity or "", status=status, percent_complete=percent_complete, seconds_remaining=seconds_remaining,
        current_operation=current_operation, activity_id=id, parent_activity_id=parent_id, completed=completed,
    ))


@cmdlet("Out-Null", module="Microsoft.PowerShell.Core", synopsis="Hides the output instead of sending it down the pipeline or displaying it.")
@parameter("InputObject", value_from_pipeline=True)
def out_null(ctx: Any, *, input_object: Any) -> None:
    return None


class _Collecting(Cmdlet):
    """Collects every input object (for the Out-* cmdlets that render the whole stream)."""

    def begin(self, ctx: Any, **_: Any) -> None:
        self.items: list[Any] = []

    def process(self, ctx: Any, *, input_object: Any, **_: Any) -> None:
        if "InputObject" in ctx.bound:
            self.items.append(input_object)


@cmdlet(
    "Out-String",
    synopsis="Outputs input objects as a string.",
    examples=(("$text = Get-AzsPlatformImage | Format-Table | Out-String", ""),),
)
@parameter("InputObject", value_from_pipeline=True)
@parameter("Stream", switch=True, help="Send one string per line instead of one string.")
@parameter("Width", type="int", default=DEFAULT_WIDTH, validate_range=(2, None))
@parameter("NoNewline", switch=True)
class OutString(_Collecting):
    def end(self, ctx: Any, *, stream: bool, width: int, no_newline: bool, **_: Any) -> Any:
        f = Formatter(width)
        text = f.feed(self.items) + f.finish()
        if stream:
            return text.split("\n")[:-1]
        if no_newline:
            return text.replace("\n", "")
        return text


def _encoding(name: str | None) -> tuple[str, bool]:
    """(python codec, write BOM?) for an -Encoding name."""
    folded = (name or "utf8NoBOM").casefold()
    return {
        "ascii": ("ascii", False), "unicode": ("utf-16-le", True), "bigendianunicode": ("utf-16-be", True),
        "utf32": ("utf-32-le", True), "bigendianutf32": ("utf-32-be", True), "utf7": ("utf-7", False),
        "utf8bom": ("utf-8", True), "oem": ("utf-8", False), "default": ("utf-8", False),
    }.get(folded, ("utf-8", False))


def write_text_file(ctx: Any, path: Any, text: str, *, append: bool, encoding: str | None, no_clobber: bool = False, command: str) -> None:
    """Write (or append) text the way Out-File/Set-Content do, with pwsh's errors."""
    target = ctx.resolve_path(to_string(path))
    if target.is_dir():
        raise error(
            f"Access to the path '{target}' is denied.", "UnauthorizedAccess", ErrorCategory.PermissionDenied, str(target), command
        )
    if no_clobber and target.exists() and not append:
        raise error(
            f"The file '{target}' already exists.", "NoClobber", ErrorCategory.ResourceExists, str(target), command
        )
    if not target.parent.exists():
        raise error(
            f"Could not find a part of the path '{target}'.", "DirectoryNotFound", ErrorCategory.ObjectNotFound, str(target), command
        )
    codec, bom = _encoding(encoding)
    data = text.encode(codec, errors="replace")  # as .NET encoders do: an unencodable character becomes "?"
    if bom and not (append and target.exists() and target.stat().st_size):
        data = {"utf-8": b"\xef\xbb\xbf", "utf-16-le": b"\xff\xfe", "utf-16-be": b"\xfe\xff", "utf-32-le": b"\xff\xfe\x00\x00", "utf-32-be": b"\x00\x00\xfe\xff"}[codec] + data
    with open(target, "ab" if append else "wb") as fh:
        fh.write(data)


@cmdlet(
    "Out-File",
    supports_should_process=True,
    synopsis="Sends output to a file.",
    examples=(("Get-AzsPlatformImage | Out-File images.txt", ""), ("'line' | Out-File log.txt -Append", "")),
)
@parameter("FilePath", type="string", position=0, mandatory=True, aliases=("Path",), path=True)
@parameter("Encoding", type="string", position=1, validate_set=_ENCODINGS)
@parameter("Append", switch=True)
@parameter("Force", switch=True)
@parameter("NoClobber", switch=True, aliases=("NoOverwrite",))
@parameter("Width", type="int", default=DEFAULT_WIDTH)
@parameter("NoNewline", switch=True)
@parameter("InputObject", value_from_pipeline=True)
class OutFile(_Collecting):
    def end(self, ctx: Any, *, file_path: str, encoding: str | None, append: bool, no_clobber: bool, width: int, no_newline: bool, **_: Any) -> None:
        if not ctx.should_process(file_path, "Output to File"):
            return
        if no_newline:
            text = "".join(to_string(i) for i in self.items)
        else:
            f = Formatter(width)
            text = f.feed(self.items) + f.finish()
        write_text_file(ctx, file_path, text, append=append, encoding=encoding, no_clobber=no_clobber, command="Out-File")


@cmdlet("Out-Default", module="Microsoft.PowerShell.Core", synopsis="Sends the output to the default formatter and to the default output cmdlet.")
@parameter("InputObject", value_from_pipeline=True)
@parameter("Transcript", switch=True)
class OutDefault(_Collecting):
    def end(self, ctx: Any, **_: Any) -> None:
        if self.items:
            ctx.host.write_output(list(self.items))


@cmdlet("Out-Host", aliases=("oh",), module="Microsoft.PowerShell.Core", synopsis="Sends output to the command line.")
@parameter("InputObject", value_from_pipeline=True)
@parameter("Paging", switch=True)
class OutHost(_Collecting):
    def end(self, ctx: Any, **_: Any) -> None:
        if self.items:
            ctx.host.write_output(list(self.items))


@cmdlet(
    "Tee-Object",
    aliases=("tee",),
    default_parameter_set="File",
    synopsis="Saves command output in a file or variable and also sends it down the pipeline.",
    examples=(("Get-AzsPlatformImage | Tee-Object -Variable images", ""),),
)
@parameter("InputObject", value_from_pipeline=True)
@parameter("FilePath", type="string", position=0, mandatory=True, parameter_sets=("File",), aliases=("Path",), path=True)
@parameter("Append", switch=True, parameter_sets=("File",))
@parameter("Variable", type="string", mandatory=True, parameter_sets=("Variable",))
@parameter("Encoding", type="string", validate_set=_ENCODINGS, parameter_sets=("File",))
class TeeObject(Cmdlet):
    def begin(self, ctx: Any, **_: Any) -> None:
        self.items: list[Any] = []

    def process(self, ctx: Any, *, input_object: Any, **_: Any) -> Any:
        if "InputObject" not in ctx.bound:
            return None
        self.items.append(input_object)
        return [input_object]

    def end(self, ctx: Any, *, file_path: str | None, append: bool, variable: str | None, encoding: str | None, **_: Any) -> None:
        if variable is not None:
            ctx.session.set_variable(variable, self.items[0] if len(self.items) == 1 else list(self.items))
            return
        f = Formatter(DEFAULT_WIDTH)
        write_text_file(ctx, file_path, f.feed(self.items) + f.finish(), append=append, encoding=encoding, command="Tee-Object")


__all__ = [
    "OutDefault", "OutFile", "OutHost", "OutString", "TeeObject", "write_debug", "write_error", "write_host",
    "write_information", "write_output", "write_progress", "write_text_file", "write_verbose", "write_warning",
]
