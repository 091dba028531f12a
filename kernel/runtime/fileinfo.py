"""System.IO.FileInfo and DirectoryInfo as scripts see them: `FileSystemItem`, what Get-Item and Get-ChildItem
return and what `[System.IO.FileInfo]'path'` makes: its properties (settable times, Attributes and Mode as .NET
reports them on Unix) and the methods scripts call (EnumerateFiles, GetDirectories, Delete, ...).
"""

from __future__ import annotations

import datetime as _dt
import grp
import os
import pwd
import stat
from pathlib import Path
from typing import Any

from azskernel.runtime.enums import EnumValue, find_enum

FILE_ATTRIBUTES = find_enum("System.IO.FileAttributes")
assert FILE_ATTRIBUTES is not None


class FileSystemItem:
    """What Get-Item/Get-ChildItem return: a FileInfo or DirectoryInfo look-alike."""

    def __init__(self, path: Path, original: str | None = None) -> None:
        self._path = path
        self._original = original
        """The path as a script gave it to [System.IO.FileInfo] (what .NET's ToString returns)."""
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
        bits = self._attribute_bits()
        if bits < 0:  # .NET reports -1 for a path that does not exist
            return EnumValue(FILE_ATTRIBUTES.full_name, "-1", -1)
        return FILE_ATTRIBUTES.convert(bits)

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
        """SymbolicLink, or HardLink for a file with more than one name (as pwsh reports on Unix)."""
        if self._stat is None:
            return None
        if stat.S_ISLNK(self._stat.st_mode):
            return "SymbolicLink"
        return "HardLink" if stat.S_ISREG(self._stat.st_mode) and self._stat.st_nlink > 1 else None

    @property
    def Target(self) -> str | None:  # noqa: N802
        return os.readlink(self._path) if self.LinkType == "SymbolicLink" else None

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

        if self.PSIsContainer and self.LinkType != "SymbolicLink":
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
        return str(self._path) if self._original is None else self._original

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
