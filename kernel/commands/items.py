"""What the file-system cmdlets return and share: FileSystemItem (FileInfo/DirectoryInfo look-alike),
PathInfo, Env: entries, their default views, and path resolution (wildcards, PSPath prefixes, Env:).
"""

from __future__ import annotations

import datetime as _dt
import glob
import grp
import os
import pwd
import stat
from pathlib import Path
from typing import Any

from azskernel.commands._util import has_wildcard
from azskernel.runtime.enums import find_enum
from azskernel.runtime.errors import ItemNotFoundException, RuntimeException
from azskernel.runtime.formatting import Column, TableView, register_view

FILE_ATTRIBUTES = find_enum("System.IO.FileAttributes")
assert FILE_ATTRIBUTES is not None


# -- items ------------------------------------------------------------------------------------
class FileSystemItem:
    """What Get-Item/Get-ChildItem return: a FileInfo or DirectoryInfo look-alike."""

    def __init__(self, path: Path) -> None:
        self._path = path
        try:
            self._stat: os.stat_result | None = path.lstat()
        except OSError:
            self._stat = None

    @property
    def ps_type_names(self) -> tuple[str, ...]:
        kind = "System.IO.DirectoryInfo" if self.PSIsContainer else "System.IO.FileInfo"
        return (kind, "System.IO.FileSystemInfo", "System.MarshalByRefObject", "System.Object")

    @property
    def PSIsContainer(self) -> bool:  # noqa: N802 - PowerShell property names
        return self._stat is not None and stat.S_ISDIR(self._stat.st_mode) or (self._stat is not None and stat.S_ISLNK(self._stat.st_mode) and self._path.is_dir())

    @property
    def Name(self) -> str:  # noqa: N802
        return self._path.name or str(self._path)

    @property
    def FullName(self) -> str:  # noqa: N802
        return str(self._path)

    @property
    def Extension(self) -> str:  # noqa: N802
        return self._path.suffix

    @property
    def BaseName(self) -> str:  # noqa: N802
        return self._path.stem if not self.PSIsContainer else self._path.name

    @property
    def Length(self) -> int | None:  # noqa: N802
        return None if self.PSIsContainer or self._stat is None else self._stat.st_size

    @property
    def DirectoryName(self) -> str:  # noqa: N802
        return str(self._path.parent)

    @property
    def Exists(self) -> bool:  # noqa: N802
        return self._stat is not None

    @property
    def LastWriteTime(self) -> _dt.datetime | None:  # noqa: N802
        return _dt.datetime.fromtimestamp(self._stat.st_mtime) if self._stat else None

    @LastWriteTime.setter
    def LastWriteTime(self, value: Any) -> None:  # noqa: N802
        self._set_times(modified=_timestamp(value))

    @property
    def LastWriteTimeUtc(self) -> _dt.datetime | None:  # noqa: N802
        t = self.LastWriteTime
        return t.astimezone(_dt.timezone.utc).replace(tzinfo=None) if t else None

    @LastWriteTimeUtc.setter
    def LastWriteTimeUtc(self, value: Any) -> None:  # noqa: N802
        self._set_times(modified=_timestamp(value, utc=True))

    @property
    def LastAccessTime(self) -> _dt.datetime | None:  # noqa: N802
        return _dt.datetime.fromtimestamp(self._stat.st_atime) if self._stat else None

    @LastAccessTime.setter
    def LastAccessTime(self, value: Any) -> None:  # noqa: N802
        self._set_times(accessed=_timestamp(value))

    @property
    def LastAccessTimeUtc(self) -> _dt.datetime | None:  # noqa: N802
        t = self.LastAccessTime
        return t.astimezone(_dt.timezone.utc).replace(tzinfo=None) if t else None

    @property
    def CreationTime(self) -> _dt.datetime | None:  # noqa: N802
        return _dt.datetime.fromtimestamp(self._stat.st_ctime) if self._stat else None

    @CreationTime.setter
    def CreationTime(self, value: Any) -> None:  # noqa: N802
        # Linux keeps no settable birth time: .NET accepts the assignment and changes nothing visible
        _timestamp(value)

    @property
    def CreationTimeUtc(self) -> _dt.datetime | None:  # noqa: N802
        t = self.CreationTime
        return t.astimezone(_dt.timezone.utc).replace(tzinfo=None) if t else None

    def _set_times(self, *, modified: float | None = None, accessed: float | None = None) -> None:
        current = self._path.lstat()
        os.utime(self._path, (accessed if accessed is not None else current.st_atime,
                              modified if modified is not None else current.st_mtime), follow_symlinks=False)
        self.Refresh()

    @property
    def Attributes(self) -> Any:  # noqa: N802
        """FileAttributes as .NET reports them on Unix: Directory, ReadOnly (no write permission), Hidden (a name
        starting with a dot), ReparsePoint (a symbolic link), else Normal."""
        return FILE_ATTRIBUTES.convert(self._attribute_bits())

    @Attributes.setter
    def Attributes(self, value: Any) -> None:  # noqa: N802
        # only ReadOnly maps to something Unix keeps (the write permission bits); .NET ignores the rest here
        bits = int(FILE_ATTRIBUTES.convert(value if not isinstance(value, list) else ", ".join(map(str, value))).number)
        if self._stat is None:
            return
        mode = stat.S_IMODE(self._stat.st_mode)
        writable = stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH
        if bits & 1:
            os.chmod(self._path, mode & ~writable)
        elif not mode & writable:
            os.chmod(self._path, mode | stat.S_IWUSR)
        self.Refresh()

    def _attribute_bits(self) -> int:
        st = self._stat
        if st is None:
            return -1
        bits = 0
        if self.PSIsContainer:
            bits |= 16
        if not stat.S_IMODE(st.st_mode) & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH):
            bits |= 1
        if self._path.name.startswith(".") and self._path.name not in (".", ".."):
            bits |= 2
        if stat.S_ISLNK(st.st_mode):
            bits |= 1024
        return bits or 128

    @property
    def Mode(self) -> str:  # noqa: N802
        """pwsh's `darhs` column: l (link), d (directory), a (archive), r (read-only), h (hidden), s (system)."""
        bits = max(self._attribute_bits(), 0)
        kind = "l" if bits & 1024 else "d" if bits & 16 else "-"
        return kind + ("a" if bits & 32 else "-") + ("r" if bits & 1 else "-") + ("h" if bits & 2 else "-") + \
            ("s" if bits & 4 else "-")

    @property
    def IsReadOnly(self) -> bool:  # noqa: N802
        return bool(max(self._attribute_bits(), 0) & 1)

    @property
    def LinkType(self) -> str | None:  # noqa: N802
        return "SymbolicLink" if self._stat is not None and stat.S_ISLNK(self._stat.st_mode) else None

    @property
    def Target(self) -> str | None:  # noqa: N802
        return os.readlink(self._path) if self.LinkType else None

    @property
    def Directory(self) -> FileSystemItem | None:  # noqa: N802
        return None if self.PSIsContainer else FileSystemItem(self._path.parent)

    @property
    def Parent(self) -> FileSystemItem | None:  # noqa: N802
        parent = self._path.parent
        return FileSystemItem(parent) if self.PSIsContainer and parent != self._path else None

    @property
    def Root(self) -> FileSystemItem:  # noqa: N802
        return FileSystemItem(Path(self._path.anchor or "/"))

    # -- the .NET methods scripts call ----------------------------------------------------------------
    def Refresh(self) -> None:  # noqa: N802
        try:
            self._stat = self._path.lstat()
        except OSError:
            self._stat = None

    def _children(self, pattern: str, files: bool, directories: bool) -> list[FileSystemItem]:
        import fnmatch

        if not self.PSIsContainer:
            return []
        out = []
        for entry in sorted(self._path.iterdir(), key=lambda p: p.name.casefold()):
            if not fnmatch.fnmatch(entry.name.casefold(), str(pattern).casefold()):
                continue
            is_dir = entry.is_dir()
            if (is_dir and directories) or (not is_dir and files):
                out.append(FileSystemItem(entry))
        return out

    def EnumerateFiles(self, pattern: Any = "*", *_: Any) -> list[FileSystemItem]:  # noqa: N802
        return self._children(pattern, True, False)

    def GetFiles(self, pattern: Any = "*", *_: Any) -> list[FileSystemItem]:  # noqa: N802
        return self._children(pattern, True, False)

    def EnumerateDirectories(self, pattern: Any = "*", *_: Any) -> list[FileSystemItem]:  # noqa: N802
        return self._children(pattern, False, True)

    def GetDirectories(self, pattern: Any = "*", *_: Any) -> list[FileSystemItem]:  # noqa: N802
        return self._children(pattern, False, True)

    def EnumerateFileSystemInfos(self, pattern: Any = "*", *_: Any) -> list[FileSystemItem]:  # noqa: N802
        return self._children(pattern, True, True)

    def GetFileSystemInfos(self, pattern: Any = "*", *_: Any) -> list[FileSystemItem]:  # noqa: N802
        return self._children(pattern, True, True)

    def Delete(self, recursive: Any = False) -> None:  # noqa: N802
        import shutil

        if self.PSIsContainer and not self.LinkType:
            shutil.rmtree(self._path) if recursive else self._path.rmdir()
        else:
            self._path.unlink()
        self.Refresh()

    def CreateSubdirectory(self, name: Any) -> FileSystemItem:  # noqa: N802
        target = self._path / str(name)
        target.mkdir(parents=True, exist_ok=True)
        return FileSystemItem(target)

    @property
    def UnixMode(self) -> str:  # noqa: N802
        return stat.filemode(self._stat.st_mode) if self._stat else ""

    @property
    def User(self) -> str:  # noqa: N802
        if self._stat is None:
            return ""
        try:
            return pwd.getpwuid(self._stat.st_uid).pw_name
        except KeyError:
            return str(self._stat.st_uid)

    @property
    def Group(self) -> str:  # noqa: N802
        if self._stat is None:
            return ""
        try:
            return grp.getgrgid(self._stat.st_gid).gr_name
        except KeyError:
            return str(self._stat.st_gid)

    @property
    def Size(self) -> int | None:  # noqa: N802
        return self._stat.st_size if self._stat is not None else None

    @property
    def NameString(self) -> str:  # noqa: N802
        """The name as listings show it: a symbolic link with its target."""
        if self._stat is not None and stat.S_ISLNK(self._stat.st_mode):
            return f"{self.Name} -> {os.readlink(self._path)}"
        return self.Name

    @property
    def PSPath(self) -> str:  # noqa: N802
        return f"Microsoft.PowerShell.Core\\FileSystem::{self._path}"

    def ps_properties(self) -> list[tuple[str, Any]]:
        names = ["PSPath", "PSIsContainer", "Mode", "Name", "FullName", "Extension", "BaseName", "Length",
                 "DirectoryName", "Exists", "Attributes", "LastWriteTime", "LastAccessTime", "CreationTime", "UnixMode",
                 "User", "Group", "LinkType", "Target"]
        if self.PSIsContainer:
            names.remove("Length")
            names.remove("DirectoryName")
        return [(n, getattr(self, n)) for n in names]

    def ps_to_string(self) -> str:
        return str(self._path)

    def __str__(self) -> str:
        return str(self._path)

    def __fspath__(self) -> str:
        return str(self._path)


def _timestamp(value: Any, *, utc: bool = False) -> float:
    """A DateTime (or its text) as POSIX seconds; a local time unless `utc`."""
    from azskernel.runtime.conversion import convert_to

    moment = convert_to(value, "datetime")
    if moment.tzinfo is None and utc:
        moment = moment.replace(tzinfo=_dt.timezone.utc)
    return moment.timestamp()


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


class PathInfo:
    ps_type_names = ("System.Management.Automation.PathInfo", "System.Object")

    def __init__(self, path: str) -> None:
        self.Path = path

    def ps_properties(self) -> list[tuple[str, Any]]:
        return [("Path", self.Path)]

    def ps_to_string(self) -> str:
        return self.Path

    def __str__(self) -> str:
        return self.Path


register_view("System.Management.Automation.PathInfo", TableView((Column("Path"),)))


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


def env_name(path: str) -> str | None:
    """The variable name for an `Env:` path ('' for the drive itself), else None."""
    if path.casefold().startswith("env:"):
        return path[4:].lstrip("\\/")
    return None


_PROVIDER_PREFIX = "microsoft.powershell.core\\filesystem::"


def strip_provider(path: str) -> str:
    """`Microsoft.PowerShell.Core\\FileSystem::/tmp/x` (a PSPath) -> `/tmp/x`."""
    if path.casefold().startswith(_PROVIDER_PREFIX):
        return path[len(_PROVIDER_PREFIX):]
    if path.casefold().startswith("filesystem::"):
        return path[len("filesystem::"):]
    return path


def expand(ctx: Any, path: str, *, literal: bool = False) -> list[Path]:
    """Resolve one -Path argument (wildcards expanded) to existing paths; [] when nothing matches."""
    path = strip_provider(path)
    resolved = ctx.resolve_path(path)
    if literal or not has_wildcard(path):
        return [resolved] if os.path.lexists(resolved) else []
    return sorted((Path(m) for m in glob.glob(str(resolved))), key=lambda p: str(p).casefold())


def expand_or_report(ctx: Any, path: str, command: str, *, literal: bool = False) -> list[Path]:
    """`expand`, writing `command`'s PathNotFound error (as pwsh words it) when nothing matches."""
    found = expand(ctx, path, literal=literal)
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



__all__ = ["EnvEntry", "FileSystemItem", "PathInfo", "env_name", "expand", "location", "not_found", "set_location_path", "strip_provider"]
