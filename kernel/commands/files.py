"""File-system and location cmdlets (Microsoft.PowerShell.Management): Test-Path, Join-Path, Split-Path,
Resolve-Path, Get/Set/Add-Content, New-Item, Remove-Item, Copy-Item, Move-Item, Get-Item, Get-ChildItem
(the items they return are in items.py, the location cmdlets in locations.py; paths on the Env:, Alias:,
Variable: and Function: drives go to providers.py).

Paths resolve against the session's location (`ctx.resolve_path`); `-Path` expands wildcards,
`-LiteralPath` never does. A missing path is a non-terminating error, as in pwsh.
"""

from __future__ import annotations

import functools
import os
import shutil
from pathlib import Path
from typing import Any

from azskernel.commands._util import error, has_wildcard, unescape_wildcard, wildcard
from azskernel.commands.items import FileSystemItem, expand, expand_or_report, location, not_found
from azskernel.commands.providers import content as provider_content
from azskernel.commands.providers import items as provider_items
from azskernel.commands.providers import provider_path
from azskernel.commands.providers import remove_item as provider_remove
from azskernel.commands.providers import set_item as provider_set
from azskernel.runtime.drives import PathInfo
from azskernel.commands.output import _ENCODINGS, _encoding
from azskernel.runtime import cmdlet as _cmdlet
from azskernel.runtime.cmdlet import Cmdlet, parameter
from azskernel.runtime.conversion import is_enumerable, to_string
from azskernel.runtime.errors import ErrorCategory
from azskernel.runtime.pstypes import DotNetException
from azskernel.runtime.static_system import path_static

MANAGEMENT = "Microsoft.PowerShell.Management"
cmdlet = functools.partial(_cmdlet.cmdlet, module=MANAGEMENT)


# -- cmdlets ----------------------------------------------------------------------------------
_PATH_TYPES = ("Any", "Container", "Leaf")


@cmdlet(
    "Test-Path",
    default_parameter_set="Path",
    synopsis="Determines whether all elements of a path exist.",
    examples=(("Test-Path ./disk.vhd -PathType Leaf", ""), ("Test-Path env:AZS_CA_BUNDLE", "")),
)
@parameter("Path", type="string[]", position=0, mandatory=True, allow_null=True, parameter_sets=("Path",), value_from_pipeline=True, value_from_pipeline_by_property_name=True, path=True)
@parameter("LiteralPath", type="string[]", mandatory=True, allow_null=True, parameter_sets=("LiteralPath",), aliases=("PSPath", "LP"), value_from_pipeline_by_property_name=True, path=True)
@parameter("PathType", type="string", validate_set=_PATH_TYPES, default="Any", aliases=("Type",))
@parameter("IsValid", switch=True)
@parameter("Filter", type="string")
@parameter("Include", type="string[]")
@parameter("Exclude", type="string[]")
@parameter("OlderThan", type="datetime")
@parameter("NewerThan", type="datetime")
def test_path(ctx: Any, *, path: Any, literal_path: Any, path_type: str, is_valid: bool, filter: str | None,
              include: Any, exclude: Any, older_than: Any, newer_than: Any) -> Any:
    out = []
    given = path if "Path" in ctx.bound else literal_path
    for p in given if given else [None]:
        if p is None:
            ctx.write_error(error("Cannot bind argument to parameter 'Path' because it is null.",
                                  "NullPathNotPermitted,Microsoft.PowerShell.Commands.TestPathCommand",
                                  ErrorCategory.InvalidArgument, None, "Test-Path"))
            continue
        if not p.strip():
            out.append(False)  # an empty or blank path names nothing
            continue
        on = provider_path(ctx, p)
        if on is not None:
            drive, name = on
            out.append(is_valid or not name or bool(provider_items(ctx, drive, name, literal=literal_path is not None)))
            continue
        if is_valid:
            out.append(_valid_path(ctx, p))
            continue
        found = expand(ctx, p, literal=literal_path is not None)
        if include:
            found = [f for f in found if any(wildcard(i).match(f.name) for i in include)]
        if exclude:
            found = [f for f in found if not any(wildcard(e).match(f.name) for e in exclude)]
        if older_than is not None or newer_than is not None:
            found = [f for f in found if _within(f, older_than, newer_than)]
        kind = path_type.casefold()
        if kind == "container":
            out.append(any(f.is_dir() for f in found))
        elif kind == "leaf":
            out.append(any(not f.is_dir() for f in found))
        else:
            out.append(bool(found))
    return out


def _valid_path(ctx: Any, path: str) -> bool:
    """-IsValid on Unix: no NUL, and a `name:` prefix must be a drive or a provider (` :;!@#...` is not)."""
    if "\0" in path:
        return False
    if "::" in path:
        return ctx.session.drives.split(path) is not None or path.split("::", 1)[0].casefold() in ("variable", "env")
    colon = path.find(":")
    if colon > 0 and "/" not in path[:colon]:
        return ctx.session.drives.split(path) is not None
    return True


def _within(path: Path, older_than: Any, newer_than: Any) -> bool:
    import datetime as _dt

    modified = _dt.datetime.fromtimestamp(path.lstat().st_mtime)
    return (older_than is None or modified < older_than) and (newer_than is None or modified > newer_than)


@cmdlet(
    "Join-Path",
    synopsis="Combines a path and a child path into a single path.",
    examples=(("Join-Path $PSScriptRoot 'images' 'disk.vhd'", ""),),
)
@parameter("Path", type="string[]", position=0, mandatory=True, value_from_pipeline=True, value_from_pipeline_by_property_name=True, aliases=("PSPath",))
@parameter("ChildPath", type="string", position=1, allow_null=True, value_from_pipeline_by_property_name=True)
@parameter("AdditionalChildPath", type="string[]", position=2, value_from_remaining_arguments=True)
@parameter("Resolve", switch=True)
@parameter("Extension", type="string")
def join_path(ctx: Any, *, path: Any, child_path: str | None, additional_child_path: Any, resolve: bool,
              extension: str | None) -> Any:
    out = []
    for base in path:
        parts = [base, child_path or "", *(additional_child_path or [])]
        text = parts[0].replace("\\", "/")
        for part in parts[1:]:
            part = part.replace("\\", "/")
            if not part:
                continue
            text = text.rstrip("/") + "/" + part.lstrip("/") if text else part
        if extension is not None:  # .NET's Path.ChangeExtension; an empty extension removes it
            text = path_static("changeextension", [text, extension or None])
        if resolve:
            found = expand_or_report(ctx, text, "Join-Path")
            if not found:
                continue
            out += [str(f) for f in found]
        else:
            out.append(text)
    return out


@cmdlet(
    "Split-Path",
    default_parameter_set="ParentSet",
    synopsis="Returns the specified part of a path.",
    examples=(("Split-Path $path -Leaf", ""), ("Split-Path $path -Parent", "")),
)
@parameter("Path", type="string[]", position=0, mandatory=True, value_from_pipeline=True, value_from_pipeline_by_property_name=True)
@parameter("Parent", switch=True, parameter_sets=("ParentSet",))
@parameter("Leaf", switch=True, parameter_sets=("LeafSet",), mandatory=True)
@parameter("LeafBase", switch=True, parameter_sets=("LeafBaseSet",), mandatory=True)
@parameter("Extension", switch=True, parameter_sets=("ExtensionSet",), mandatory=True)
@parameter("Qualifier", switch=True, parameter_sets=("QualifierSet",), mandatory=True)
@parameter("NoQualifier", switch=True, parameter_sets=("NoQualifierSet",), mandatory=True)
@parameter("IsAbsolute", switch=True, parameter_sets=("IsAbsoluteSet",), mandatory=True)
@parameter("Resolve", switch=True)
def split_path(ctx: Any, *, path: Any, parent: bool, leaf: bool, leaf_base: bool, extension: bool, qualifier: bool,
               no_qualifier: bool, is_absolute: bool, resolve: bool) -> Any:
    out: list[Any] = []
    for p in path:
        targets = [str(x) for x in expand(ctx, p)] if resolve else [p]
        if resolve and not targets:
            ctx.write_error(not_found(ctx.resolve_path(p), "Split-Path", "SplitPathCommand"))
        for text in targets:
            norm = text.replace("\\", "/")
            stripped = norm.rstrip("/") or norm
            name = stripped.rsplit("/", 1)[-1] if "/" in stripped else stripped
            if is_absolute:
                out.append(norm.startswith("/") or norm.startswith("~"))
            elif leaf:
                out.append(name)
            elif leaf_base:
                out.append(name.rsplit(".", 1)[0] if "." in name.lstrip(".") else name)
            elif extension:
                out.append("." + name.rsplit(".", 1)[1] if "." in name.lstrip(".") else "")
            elif qualifier:
                if ":" not in norm:
                    raise error(
                        f"Cannot parse path because path '{text}' does not have a qualifier specified.",
                        "ParsePathFailed,Microsoft.PowerShell.Commands.SplitPathCommand",
                        ErrorCategory.InvalidArgument, text, "Split-Path",
                    )
                out.append(norm.split(":", 1)[0] + ":")
            elif no_qualifier:
                out.append(norm.split(":", 1)[1] if ":" in norm else norm)
            else:
                if "/" not in stripped:
                    out.append("")
                else:
                    head = stripped.rsplit("/", 1)[0]
                    out.append(head if head else "/")
    return out


@cmdlet(
    "Resolve-Path",
    default_parameter_set="Path",
    aliases=("rvpa",),
    synopsis="Resolves the wildcard characters in a path, and displays the path contents.",
    examples=(("Resolve-Path ./images/*.vhd", ""),),
)
@parameter("Path", type="string[]", position=0, mandatory=True, value_from_pipeline=True, value_from_pipeline_by_property_name=True, parameter_sets=("Path",))
@parameter("LiteralPath", type="string[]", mandatory=True, parameter_sets=("LiteralPath",), aliases=("PSPath", "LP"))
@parameter("Relative", switch=True)
@parameter("RelativeBasePath", type="string")
@parameter("Force", switch=True)
def resolve_path(ctx: Any, *, path: Any, literal_path: Any, relative: bool, relative_base_path: str | None,
                 force: bool) -> Any:
    out: list[Any] = []
    base = location(ctx)
    drive = ctx.session.drives.current
    # -Relative never climbs out of the current drive: a path outside its root comes back whole, as pwsh does
    confine = drive.root.casefold() if drive is not None and drive.is_filesystem and drive.name != "/" else None
    if relative_base_path:  # relative paths resolve against it, and -Relative is relative to it
        base = ctx.resolve_path(relative_base_path)
        confine = None
    for p in path if path is not None else literal_path:
        if relative_base_path and not os.path.isabs(p) and provider_path(ctx, p) is None and ":" not in p:
            p = str(base / p)
        found = expand_or_report(ctx, p, "Resolve-Path", literal=literal_path is not None, force=force)
        if not found:
            continue
        for f in found:
            full = os.path.normpath(str(f))
            if relative and confine is not None and not full.casefold().startswith(confine):
                out.append(full)
            elif relative:
                rel = os.path.relpath(full, base)
                out.append(rel if rel.startswith("..") else "./" + rel)
            else:
                out.append(PathInfo(full))
    return out


def _read_text(ctx: Any, target: Path, encoding: str | None) -> str:
    codec, _ = _encoding(encoding)
    data = target.read_bytes()
    for bom, name in ((b"\xef\xbb\xbf", "utf-8"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be")):
        if data.startswith(bom):
            return data[len(bom):].decode(name, errors="replace")
    return data.decode(codec, errors="replace")


@cmdlet(
    "Get-Content",
    aliases=("gc", "cat", "type"),
    default_parameter_set="Path",
    synopsis="Gets the content of the item at the specified location.",
    examples=(("Get-Content ./settings.json -Raw | ConvertFrom-Json", ""), ("Get-Content log.txt -Tail 5", "")),
)
@parameter("Path", type="string[]", position=0, mandatory=True, parameter_sets=("Path",), value_from_pipeline_by_property_name=True, path=True)
@parameter("LiteralPath", type="string[]", mandatory=True, parameter_sets=("LiteralPath",), aliases=("PSPath", "LP", "FullName"), value_from_pipeline_by_property_name=True, path=True)
@parameter("Raw", switch=True)
@parameter("TotalCount", type="long", default=-1, aliases=("First", "Head"))
@parameter("Tail", type="int", default=-1, aliases=("Last",))
@parameter("Encoding", type="string", validate_set=_ENCODINGS)
@parameter("AsByteStream", switch=True)
@parameter("Delimiter", type="string")
@parameter("ReadCount", type="long", default=1)
def get_content(ctx: Any, *, path: Any, literal_path: Any, raw: bool, total_count: int, tail: int, encoding: str | None,
                as_byte_stream: bool, delimiter: str | None, read_count: int) -> Any:
    out: list[Any] = []
    for p in path if path is not None else literal_path:
        on = provider_path(ctx, p)
        if on is not None:
            selected = provider_items(ctx, on[0], on[1], literal=literal_path is not None) if on[1] else []
            if not selected:
                ctx.write_error(not_found(p, "Get-Content", "GetContentCommand"))
            out += [provider_content(item) for item in selected]
            continue
        found = expand_or_report(ctx, p, "Get-Content", literal=literal_path is not None)
        if not found:
            continue
        for target in found:
            if target.is_dir():
                ctx.write_error(error(
                    f"Unable to get content because it is a directory: '{target}'. Please use 'Get-ChildItem' instead.",
                    "GetContainerContentException,Microsoft.PowerShell.Commands.GetContentCommand",
                    ErrorCategory.InvalidOperation, str(target), "Get-Content",
                ))
                continue
            if as_byte_stream:
                data = target.read_bytes()
                if raw:
                    from azskernel.runtime import pstypes as T

                    out.append(T.TypedArray(list(data), T.resolve_type("byte")))  # one byte[] object
                else:
                    out += list(data)
                continue
            text = _read_text(ctx, target, encoding)
            if raw:
                out.append(text)
                continue
            lines = text.split(delimiter) if delimiter else text.splitlines()
            if delimiter and lines and lines[-1] == "":
                lines.pop()
            if total_count >= 0:
                lines = lines[:total_count]
            if tail >= 0:
                lines = lines[len(lines) - tail:] if tail else []
            out += lines
    return out


def _content_text(values: list[Any], no_newline: bool) -> str:
    flat: list[Any] = []
    for v in values:
        flat.extend(v if is_enumerable(v) else [v])
    if no_newline:
        return "".join(to_string(v) for v in flat)
    return "".join(to_string(v) + "\n" for v in flat)


class _ContentWriter(Cmdlet):
    append = False

    def begin(self, ctx: Any, **_: Any) -> None:
        self.values: list[Any] = []

    def process(self, ctx: Any, *, value: Any, **_: Any) -> None:
        if "Value" in ctx.bound:
            self.values.append(value)

    def end(self, ctx: Any, *, path: Any, literal_path: Any, no_newline: bool, encoding: str | None, force: bool,
            pass_thru: bool, as_byte_stream: bool, **_: Any) -> Any:
        from azskernel.commands.output import write_text_file

        text = _content_text(self.values, no_newline)
        data = _content_bytes(self.values) if as_byte_stream else None
        name = ctx.command_name
        for p in path if path is not None else literal_path:
            targets = expand(ctx, p) if has_wildcard(p) and literal_path is None else [ctx.resolve_path(p)]
            for target in targets:
                if not ctx.should_process(f"Path: {target}", "Add Content" if self.append else "Set Content"):
                    continue
                if target.is_dir():
                    ctx.write_error(error(
                        f"Unable to {'add' if self.append else 'set'} content because it is a directory: '{target}'.",
                        "WriteContainerContentException,Microsoft.PowerShell.Commands." + name.replace("-", "") + "Command",
                        ErrorCategory.InvalidOperation, str(target), name,
                    ))
                    continue
                if not target.parent.exists():
                    ctx.write_error(error(
                        f"Could not find a part of the path '{target}'.",
                        "GetContentWriterDirectoryNotFoundError,Microsoft.PowerShell.Commands." + name.replace("-", "") + "Command",
                        ErrorCategory.ObjectNotFound, str(target), name,
                    ))
                    continue
                if data is not None:
                    with open(target, "ab" if self.append else "wb") as fh:
                        fh.write(data)
                else:
                    write_text_file(ctx, target, text, append=self.append, encoding=encoding, command=name)
        return list(self.values) if pass_thru else None


def _content_bytes(values: list[Any]) -> bytes:
    """-AsByteStream: the values as raw bytes (byte arrays, or numbers 0-255)."""
    out = bytearray()
    for v in values:
        for item in (v if isinstance(v, list | tuple) else [v]):
            if isinstance(item, bytes | bytearray):
                out += item
            elif isinstance(item, int) and 0 <= item <= 255:
                out.append(item)
            else:
                raise error(
                    f"Cannot write '{to_string(item)}' with -AsByteStream: give bytes (numbers 0 to 255).",
                    "InvalidByteValue", ErrorCategory.InvalidArgument, item, "Set-Content",
                )
    return bytes(out)


def _content_writer(name: str, append: bool, synopsis: str, aliases: tuple[str, ...]) -> Any:
    cls = type(name.replace("-", ""), (_ContentWriter,), {"append": append})
    decorated = cmdlet(name, aliases=aliases, supports_should_process=True, default_parameter_set="Path", synopsis=synopsis,
                       examples=((f"{name} ./log.txt 'line'", ""),))(
        parameter("Path", type="string[]", position=0, mandatory=True, parameter_sets=("Path",), value_from_pipeline_by_property_name=True, path=True)(
        parameter("LiteralPath", type="string[]", mandatory=True, parameter_sets=("LiteralPath",), aliases=("PSPath", "LP"))(
        parameter("Value", type="object[]", position=1, mandatory=True, value_from_pipeline=True, allow_null=True)(
        parameter("NoNewline", switch=True)(
        parameter("Encoding", type="string", validate_set=_ENCODINGS)(
        parameter("Force", switch=True)(
        parameter("PassThru", switch=True)(
        parameter("AsByteStream", switch=True)(cls)))))))))
    return decorated


SetContent = _content_writer("Set-Content", False, "Writes new content or replaces existing content in a file.", ("sc",))
AddContent = _content_writer("Add-Content", True, "Adds content to the specified items, such as adding words to a file.", ("ac",))

_ITEM_TYPES = ("File", "Directory", "SymbolicLink", "Junction", "HardLink")


def _new_item_target(resolved: Path, name: str | None) -> Path:
    """Where New-Item creates: the new item's name is literal, and the folder it goes into is found as pwsh finds
    it, its wildcard escapes removed (`New-Item -Path 'Test`[Dir`]' -Name a.txt` goes into `Test[Dir]`)."""
    folder, leaf = (resolved, name) if name else (resolved.parent, resolved.name)
    if not os.path.lexists(folder):
        unescaped = Path(unescape_wildcard(str(folder)))
        if os.path.lexists(unescaped):
            folder = unescaped
    return folder / leaf


@cmdlet(
    "New-Item",
    aliases=("ni",),
    supports_should_process=True,
    default_parameter_set="pathSet",
    synopsis="Creates a new item.",
    examples=(("New-Item -ItemType Directory -Path ./images -Force", ""), ("New-Item ./notes.txt -Value 'hello'", "")),
)
@parameter("Path", type="string[]", position=0, parameter_sets=("pathSet",), mandatory=True, value_from_pipeline_by_property_name=True, path=True)
@parameter("Name", type="string", value_from_pipeline_by_property_name=True)
@parameter("ItemType", type="string", aliases=("Type",), validate_set=_ITEM_TYPES)
@parameter("Value", value_from_pipeline=True, aliases=("Target",))
@parameter("Force", switch=True)
def new_item(ctx: Any, *, path: Any, name: str | None, item_type: str | None, value: Any, force: bool) -> Any:
    out = []
    kind = (item_type or "File").casefold()
    for p in path:
        on = provider_path(ctx, p if not name else f"{p.rstrip(chr(92) + '/')}/{name}")
        if on is not None and on[1]:
            if ctx.should_process(f"Item: {on[1]} Value: {to_string(value)}", "New Item"):
                out.append(provider_set(ctx, on[0], on[1], value))
            continue
        target = _new_item_target(ctx.resolve_path(p), name)
        if not ctx.should_process(f"Destination: {target}", f"Create {'Directory' if kind == 'directory' else 'File'}"):
            continue
        if kind == "directory":
            if target.exists() and not force:
                ctx.write_error(error(
                    f"An item with the specified name {target} already exists.",
                    "DirectoryExist,Microsoft.PowerShell.Commands.NewItemCommand",
                    ErrorCategory.ResourceExists, str(target), "New-Item",
                ))
                continue
            target.mkdir(parents=True, exist_ok=True)
        elif kind in ("symboliclink", "hardlink"):
            link_to = to_string(value) if value is not None else ""
            if not link_to:
                failure = error("Value cannot be null. (Parameter 'content')",
                                "ArgumentNull,Microsoft.PowerShell.Commands.NewItemCommand", ErrorCategory.InvalidArgument,
                                None, "New-Item")
                failure.record.details["exception"] = DotNetException(
                    "System.ArgumentNullException", failure.record.message, extra={"ParamName": "content"},
                    error_record=failure.record)
                raise failure
            if kind == "hardlink":
                os.link(ctx.resolve_path(link_to), target)
            else:
                target.symlink_to(link_to)
        elif kind == "file":
            if target.is_dir():
                ctx.write_error(error(
                    f"Access to the path '{target}' is denied.", "NewItemUnauthorizedAccessError,Microsoft.PowerShell.Commands.NewItemCommand",
                    ErrorCategory.PermissionDenied, str(target), "New-Item",
                ))
                continue
            if target.exists() and not force:
                ctx.write_error(error(
                    f"The file '{target}' already exists.", "NewItemIOError,Microsoft.PowerShell.Commands.NewItemCommand",
                    ErrorCategory.WriteError, str(target), "New-Item",
                ))
                continue
            if not target.parent.exists():
                if not force:
                    ctx.write_error(error(
                        f"Could not find a part of the path '{target}'.", "NewItemIOError,Microsoft.PowerShell.Commands.NewItemCommand",
                        ErrorCategory.WriteError, str(target), "New-Item",
                    ))
                    continue
                target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(to_string(value) if value is not None else "", encoding="utf-8")
        else:
            raise error(
                f"The item type {item_type} is not supported on this platform; use File, Directory, SymbolicLink or HardLink.",
                "NotSupported", ErrorCategory.NotImplemented, item_type, "New-Item",
            )
        out.append(FileSystemItem(target))
    return out


@cmdlet(
    "Remove-Item",
    aliases=("rm", "del", "rmdir", "erase", "ri", "rd"),
    supports_should_process=True,
    default_parameter_set="Path",
    synopsis="Deletes the specified items.",
    examples=(("Remove-Item ./staging -Recurse -Force", ""),),
)
@parameter("Path", type="string[]", position=0, mandatory=True, parameter_sets=("Path",), value_from_pipeline_by_property_name=True, path=True)
@parameter("LiteralPath", type="string[]", mandatory=True, parameter_sets=("LiteralPath",), aliases=("PSPath", "LP", "FullName"), value_from_pipeline_by_property_name=True)
@parameter("Recurse", switch=True)
@parameter("Force", switch=True)
@parameter("Include", type="string[]")
@parameter("Exclude", type="string[]")
@parameter("Filter", type="string")
def remove_item(ctx: Any, *, path: Any, literal_path: Any, recurse: bool, force: bool, include: Any, exclude: Any, filter: str | None) -> None:
    for p in path if path is not None else literal_path:
        on = provider_path(ctx, p)
        if on is not None:
            if ctx.should_process(f"Item: {on[1]}", "Remove Item") and not provider_remove(ctx, on[0], on[1]):
                ctx.write_error(not_found(p, "Remove-Item", "RemoveItemCommand"))
            continue
        found = expand_or_report(ctx, p, "Remove-Item", literal=literal_path is not None)
        if not found:
            continue
        for target in found:
            if exclude and any(wildcard(e).match(target.name) for e in exclude):
                continue
            if include and not any(wildcard(i).match(target.name) for i in include):
                continue
            if not ctx.should_process(str(target), "Remove Directory" if target.is_dir() else "Remove File"):
                continue
            if target.is_dir() and not target.is_symlink():
                if any(target.iterdir()) and not recurse:
                    ctx.write_error(error(
                        f"The item at {target} has children and the Recurse parameter was not specified. "
                        "Add -Recurse to remove the directory and everything in it.",
                        "DirectoryNotEmpty,Microsoft.PowerShell.Commands.RemoveItemCommand",
                        ErrorCategory.WriteError, str(target), "Remove-Item",
                    ))
                    continue
                shutil.rmtree(target)
            else:
                target.unlink()


def _copy_or_move(ctx: Any, paths: Any, destination: str, *, move: bool, recurse: bool, force: bool, pass_thru: bool, literal: bool) -> Any:
    name = "Move-Item" if move else "Copy-Item"
    dest = ctx.resolve_path(destination)
    out = []
    for p in paths:
        found = expand_or_report(ctx, p, name, literal=literal)
        if not found:
            continue
        for source in found:
            target = dest / source.name if dest.is_dir() else dest
            kind = "Directory" if source.is_dir() else "File"
            if not ctx.should_process(f"Item: {source} Destination: {target}", f"{'Move' if move else 'Copy'} {kind}"):
                continue
            if target.exists() and not force and (move or source.is_dir()):
                ctx.write_error(error(
                    f"Cannot create a file when that file already exists: '{target}'." if move else f"An item with the specified name {target} already exists.",
                    f"{'MoveItemIOError' if move else 'DirectoryExist'},Microsoft.PowerShell.Commands.{name.replace('-', '')}Command",
                    ErrorCategory.WriteError, str(target), name,
                ))
                continue
            if move:
                shutil.move(str(source), str(target))
            elif source.is_dir():
                if recurse:
                    shutil.copytree(source, target, dirs_exist_ok=True)
                else:
                    target.mkdir(exist_ok=True)
            else:
                shutil.copy2(source, target)
            if pass_thru:
                out.append(FileSystemItem(target))
    return out


@cmdlet(
    "Copy-Item",
    aliases=("cp", "copy", "cpi"),
    supports_should_process=True,
    default_parameter_set="Path",
    synopsis="Copies an item from one location to another.",
    examples=(("Copy-Item ./disk.vhd ./backup/ -Force", ""),),
)
@parameter("Path", type="string[]", position=0, mandatory=True, parameter_sets=("Path",), value_from_pipeline=True, value_from_pipeline_by_property_name=True, path=True)
@parameter("LiteralPath", type="string[]", mandatory=True, parameter_sets=("LiteralPath",), aliases=("PSPath", "LP", "FullName"), value_from_pipeline_by_property_name=True)
@parameter("Destination", type="string", position=1, path=True)
@parameter("Recurse", switch=True)
@parameter("Container", switch=True)
@parameter("Force", switch=True)
@parameter("PassThru", switch=True)
def copy_item(ctx: Any, *, path: Any, literal_path: Any, destination: str | None, recurse: bool, container: bool, force: bool, pass_thru: bool) -> Any:
    return _copy_or_move(ctx, path if path is not None else literal_path, destination or ".", move=False, recurse=recurse,
                         force=force, pass_thru=pass_thru, literal=literal_path is not None)


@cmdlet(
    "Move-Item",
    aliases=("mv", "move", "mi"),
    supports_should_process=True,
    default_parameter_set="Path",
    synopsis="Moves an item from one location to another.",
)
@parameter("Path", type="string[]", position=0, mandatory=True, parameter_sets=("Path",), value_from_pipeline=True, value_from_pipeline_by_property_name=True, path=True)
@parameter("LiteralPath", type="string[]", mandatory=True, parameter_sets=("LiteralPath",), aliases=("PSPath", "LP", "FullName"), value_from_pipeline_by_property_name=True)
@parameter("Destination", type="string", position=1, path=True)
@parameter("Force", switch=True)
@parameter("PassThru", switch=True)
def move_item(ctx: Any, *, path: Any, literal_path: Any, destination: str | None, force: bool, pass_thru: bool) -> Any:
    return _copy_or_move(ctx, path if path is not None else literal_path, destination or ".", move=True, recurse=True,
                         force=force, pass_thru=pass_thru, literal=literal_path is not None)


@cmdlet(
    "Get-Item",
    aliases=("gi",),
    default_parameter_set="Path",
    synopsis="Gets the item at the specified location.",
    examples=(("(Get-Item ./disk.vhd).Length", ""),),
)
@parameter("Path", type="string[]", position=0, mandatory=True, parameter_sets=("Path",), value_from_pipeline=True, value_from_pipeline_by_property_name=True, path=True)
@parameter("LiteralPath", type="string[]", mandatory=True, parameter_sets=("LiteralPath",), aliases=("PSPath", "LP"), value_from_pipeline_by_property_name=True)
@parameter("Force", switch=True)
def get_item(ctx: Any, *, path: Any, literal_path: Any, force: bool) -> Any:
    out: list[Any] = []
    for p in path if path is not None else literal_path:
        on = provider_path(ctx, p)
        if on is not None:
            drive, item_name = on
            selected = provider_items(ctx, drive, item_name, literal=literal_path is not None) if item_name else [drive]
            if not selected:
                ctx.write_error(not_found(p, "Get-Item", "GetItemCommand"))
            out += selected
            continue
        found = expand_or_report(ctx, p, "Get-Item", literal=literal_path is not None)
        if not found:
            continue
        out += [FileSystemItem(f) for f in found]
    return out


@cmdlet(
    "Get-ChildItem",
    aliases=("gci", "ls", "dir"),
    default_parameter_set="Items",
    synopsis="Gets the items and child items in one or more specified locations.",
    examples=(("Get-ChildItem ./images -Filter *.vhd -Recurse", ""), ("Get-ChildItem env:", "")),
)
@parameter("Path", type="string[]", position=0, parameter_sets=("Items",), value_from_pipeline=True, value_from_pipeline_by_property_name=True, path=True)
@parameter("LiteralPath", type="string[]", mandatory=True, parameter_sets=("LiteralItems",), aliases=("PSPath", "LP"), value_from_pipeline_by_property_name=True)
@parameter("Filter", type="string", position=1)
@parameter("Include", type="string[]")
@parameter("Exclude", type="string[]")
@parameter("Recurse", switch=True, aliases=("s",))
@parameter("Depth", type="int")
@parameter("Force", switch=True)
@parameter("Name", switch=True)
@parameter("File", switch=True)
@parameter("Directory", switch=True, aliases=("ad", "d"))
@parameter("Hidden", switch=True)
def get_child_item(ctx: Any, *, path: Any, literal_path: Any, filter: str | None, include: Any, exclude: Any, recurse: bool,
                   depth: int | None, force: bool, name: bool, file: bool, directory: bool, hidden: bool) -> Any:
    out: list[Any] = []
    for p in (path if path is not None else literal_path) or ["."]:
        on = provider_path(ctx, p)
        if on is not None:
            entries = provider_items(ctx, on[0], on[1] or "*", literal=literal_path is not None)
            out += [e.Name for e in entries] if name else entries
            continue
        limit = depth if depth is not None else (None if recurse else 0)
        resolved = ctx.resolve_path(p)
        if literal_path is None and has_wildcard(resolved.name):
            # pwsh lists the entries the leaf pattern names in the parent folder; with -Recurse or -Depth the
            # pattern names entries at every level below it (`./images/*.vhd -Recurse`)
            folders = [f for f in expand_or_report(ctx, str(resolved.parent), "Get-ChildItem") if f.is_dir()]
            pattern = wildcard(resolved.name)
            for folder in folders:
                kept = [i for i in _walk(folder, 0, limit, force or hidden) if pattern.match(i.name)]
                out += _listed(kept, folder, name, filter, include, exclude, file, directory, hidden)
            continue
        found = expand_or_report(ctx, p, "Get-ChildItem", literal=literal_path is not None)
        for root in found:
            if not root.is_dir():
                out.append(root.name if name else FileSystemItem(root))
                continue
            out += _listed(_walk(root, 0, limit, force or hidden), root, name, filter, include, exclude, file,
                           directory, hidden)
    return out


def _listed(items: list[Path], root: Path, name: bool, filter: str | None, include: Any, exclude: Any, file: bool,
            directory: bool, hidden: bool) -> list[Any]:
    """Get-ChildItem's output for the entries found below `root`, after its filters."""
    out: list[Any] = []
    for item in items:
        if file and item.is_dir():
            continue
        if directory and not item.is_dir():
            continue
        if hidden and not item.name.startswith("."):
            continue
        if filter and not wildcard(filter).match(item.name):
            continue
        if include and not any(wildcard(i).match(item.name) for i in include):
            continue
        if exclude and any(wildcard(e).match(item.name) for e in exclude):
            continue
        out.append(str(item.relative_to(root)) if name else FileSystemItem(item))
    return out


def _walk(root: Path, level: int, limit: int | None, show_hidden: bool) -> list[Path]:
    try:
        children = list(root.iterdir())
    except PermissionError:
        return []
    children = [c for c in children if show_hidden or not c.name.startswith(".")]
    dirs = sorted((c for c in children if c.is_dir()), key=lambda c: c.name.casefold())
    files = sorted((c for c in children if not c.is_dir()), key=lambda c: c.name.casefold())
    out: list[Path] = []
    for d in dirs:
        out.append(d)
    out += files
    if limit is None or level < limit:
        for d in dirs:
            if not d.is_symlink():
                out += _walk(d, level + 1, limit, show_hidden)
    return out


__all__ = [
    "AddContent", "SetContent", "copy_item", "get_child_item", "get_content", "get_item", "join_path", "move_item",
    "new_item", "remove_item", "resolve_path", "split_path", "test_path",
]
