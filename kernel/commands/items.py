"""What the file-system cmdlets return and share: FileSystemItem (FileInfo/DirectoryInfo look-alike),
PathInfo, Env: entries, their default views, and path resolution (wildcards, PSPath prefixes, Env:).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from azskernel.commands._util import has_wildcard, unescape_wildcard, wildcard
from azskernel.runtime.errors import ItemNotFoundException, RuntimeException
from azskernel.runtime.fileinfo import FileSystemItem
from azskernel.runtime.formatting import Column, TableView, register_view

# -- items ------------------------------------------------------------------------------------
# FileSystemItem (FileInfo/DirectoryInfo) is the runtime's (runtime/fileinfo.py): casts and New-Object make them too.


def _mtime(item: FileSystemItem) -> str:
    t = item.LastWriteTime
    return f"{t.month}/{t.day}/{t.year} {t.hour:02d}:{t.minute:02d}" if t else ""


# pwsh's "childrenWithUnixStat" view (FileSystem_format_ps1xml.cs): fixed widths, User and Size right-aligned,
# LastWriteTime as '{0:d} {0:HH}:{0:mm}' (en-US: 16 characters), grouped by the parent directory
register_view(
    "System.IO.FileSystemInfo",
    TableView(
        (
            Column("UnixMode", width=10, alignment="left"),
            Column("User", width=10, alignment="right"),
            Column("Group", width=10, alignment="left"),
            Column("LastWriteTime", _mtime, width=16, alignment="right"),
            Column("Size", lambda i: i.Size, width=12, alignment="right"),
            Column("Name", lambda i: i.NameString, alignment="left"),
        ),
        group_by=lambda i: f"    Directory: {i.DirectoryName}",
    ),
)


register_view("System.Management.Automation.PathInfo", TableView((Column("Path"),)))  # runtime/drives.py's PathInfo


class EnvEntry:
    ps_type_names = ("System.Collections.DictionaryEntry", "System.Object")

    def __init__(self, name: str, value: str) -> None:
        self.Name = name
        self.Key = name
        self.Value = value

    def ps_properties(self) -> list[tuple[str, Any]]:
        return [("Name", self.Name), ("Key", self.Key), ("Value", self.Value)]


register_view("System.Collections.DictionaryEntry", TableView((Column("Name", width=30), Column("Value"))))


# -- path helpers -----------------------------------------------------------------------------
def not_found(path: Any, command: str, id_name: str) -> RuntimeException:
    return ItemNotFoundException(
        f"Cannot find path '{path}' because it does not exist.",
        error_id=f"PathNotFound,Microsoft.PowerShell.Commands.{id_name}",
        target=str(path),
        command_name=command,
    )


_PROVIDER_PREFIX = "microsoft.powershell.core\\filesystem::"


def strip_provider(path: str) -> str:
    """`Microsoft.PowerShell.Core\\FileSystem::/tmp/x` (a PSPath) -> `/tmp/x`."""
    if path.casefold().startswith(_PROVIDER_PREFIX):
        return path[len(_PROVIDER_PREFIX):]
    if path.casefold().startswith("filesystem::"):
        return path[len("filesystem::"):]
    return path


def expand(ctx: Any, path: str, *, literal: bool = False, force: bool = False) -> list[Path]:
    """Resolve one -Path argument (wildcards expanded) to existing paths; [] when nothing matches.

    As pwsh's FileSystem provider globs on Unix: PowerShell wildcards segment by segment, matched without regard
    to case, a backtick escaping a wildcard character (`disk`[1`].vhd` is the file `disk[1].vhd`), and a
    wildcard matching a hidden (dot) entry only with -Force."""
    path = strip_provider(path)
    resolved = ctx.resolve_path(path)
    if literal:
        return [resolved] if os.path.lexists(resolved) else []
    if not has_wildcard(str(resolved)):
        plain = Path(unescape_wildcard(str(resolved)))
        return [plain] if os.path.lexists(plain) else []
    found = [Path(resolved.anchor)]
    for part in resolved.parts[1:]:
        found = _step(found, part, force)
    return sorted(found, key=lambda p: str(p).casefold())


def _step(found: list[Path], part: str, force: bool) -> list[Path]:
    """The entries that one path segment (a pattern, or an escaped literal) names below each of `found`."""
    if not has_wildcard(part):
        name = unescape_wildcard(part)
        return [f / name for f in found if os.path.lexists(f / name)]
    pattern = wildcard(part)
    out: list[Path] = []
    for folder in found:
        try:
            names = os.listdir(folder)
        except OSError:  # not a folder, or not readable: nothing below it matches
            continue
        out += [folder / n for n in names if pattern.match(n) and (force or not n.startswith("."))]
    return out


def expand_or_report(ctx: Any, path: str, command: str, *, literal: bool = False, force: bool = False) -> list[Path]:
    """`expand`, writing `command`'s PathNotFound error (as pwsh words it) when nothing matches."""
    found = expand(ctx, path, literal=literal, force=force)
    if not found:
        ctx.write_error(not_found(ctx.resolve_path(path), command, command.replace("-", "") + "Command"))
    return found


def set_location_path(ctx: Any, path: Path) -> None:
    setter = getattr(ctx.session, "set_location", None)
    if callable(setter):
        setter(path)
    else:
        ctx.session.location = path


def location(ctx: Any) -> Path:
    loc = getattr(ctx.session, "location", None)
    return Path(str(loc)) if loc is not None else Path.cwd()



__all__ = ["EnvEntry", "FileSystemItem", "expand", "location", "not_found", "set_location_path", "strip_provider"]
