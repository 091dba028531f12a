"""Files inside a volume, through libyal's readers (pyfsext, pyfsxfs, pyfsntfs; LGPL wheels, imported lazily).

`open_filesystem(kind, volume_file)` gives a `FileSystem`: paths are POSIX-style for every kind (`/etc/fstab`,
`/Windows/System32/config/SYSTEM`), and the NTFS one turns them into the `\\` paths its reader wants. The
readers' pitfalls (reference/image-preflight.md section 1) are handled here: Linux symlinks are followed by hand
(the readers return the link itself), relative to the link's directory, with a hop limit; nothing is replayed
from a journal (volumes.py reads the flags that say so). Any failure of a reader becomes an InspectError.
"""

from __future__ import annotations

import importlib
import posixpath
import stat
from typing import Any

from .errors import InspectError, LayerUnreadableError, ReaderMissingError
from .volumes import EXT, NTFS, XFS

MAX_HOPS = 40
"""Symlinks followed in one path before giving up (Linux's own limit)."""
MAX_FILE = 4 * 1024 * 1024
"""Bytes read of one file at most: the checks read configuration files, version strings and markers."""

_MODULES = {EXT: ("pyfsext", "libfsext-python"), XFS: ("pyfsxfs", "libfsxfs-python"),
            NTFS: ("pyfsntfs", "libfsntfs-python")}


def load_module(module: str, package: str) -> Any:
    try:
        return importlib.import_module(module)
    except ImportError:
        raise ReaderMissingError(module, package) from None


def _reason(exc: BaseException) -> str:
    """The cause in a libyal message. They stack one "function: what failed." sentence per layer, the binding's
    own first, then the innermost cause, then the layers above it ("pyfsext_volume_open_file_object: unable to open
    volume. libfsext_superblock_read_data: invalid block size value out of bounds. ..."): keep the second."""
    text = " ".join(str(exc).split())
    if not text:
        return type(exc).__name__
    sentences = [part.split(": ", 1)[-1].strip().rstrip(".") for part in text.split(". ") if part.strip()]
    return sentences[1] if len(sentences) > 1 else sentences[0]


class FileSystem:
    """One opened volume. Paths are absolute, POSIX-style; `None` means "not there"."""

    kind: str

    def __init__(self, kind: str, volume: Any, where: str) -> None:
        self.kind = kind
        self._volume = volume
        self.where = where
        """The partition, for evidence ("partition 1")."""

    # -- what the checks use --------------------------------------------------------------------------
    def entry(self, path: str, *, follow: bool = True) -> Any:
        raise NotImplementedError

    def exists(self, path: str, *, follow: bool = True) -> bool:
        return self.entry(path, follow=follow) is not None

    def is_dir(self, path: str) -> bool:
        entry = self.entry(path)
        return entry is not None and self._is_dir(entry)

    def listdir(self, path: str) -> list[str] | None:
        """Names in a directory (None when it is not one)."""
        entry = self.entry(path)
        if entry is None or not self._is_dir(entry):
            return None
        try:
            return [e.name for e in entry.sub_file_entries if e.name not in (".", "..")]
        except Exception as exc:  # noqa: BLE001 - a reader failure is a fact about the image
            raise LayerUnreadableError(f"the directory {path} on {self.where} cannot be read ({_reason(exc)})") from None

    def size(self, path: str) -> int | None:
        entry = self.entry(path)
        return None if entry is None else int(entry.size or 0)

    def read(self, path: str, limit: int = MAX_FILE) -> bytes | None:
        entry = self.entry(path)
        if entry is None or self._is_dir(entry):
            return None
        try:
            size = int(entry.size or 0)
            return entry.read_buffer_at_offset(min(size, limit), 0) if size else b""
        except Exception as exc:  # noqa: BLE001
            raise LayerUnreadableError(f"the file {path} on {self.where} cannot be read ({_reason(exc)})") from None

    def text(self, path: str, limit: int = MAX_FILE) -> str | None:
        data = self.read(path, limit)
        if data is None:
            return None
        if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
            return data.decode("utf-16", "replace")
        return data.decode("utf-8", "replace")

    def glob_names(self, directory: str, prefix: str = "", suffix: str = "") -> list[str]:
        return sorted(n for n in self.listdir(directory) or [] if n.startswith(prefix) and n.endswith(suffix))

    def _is_dir(self, entry: Any) -> bool:
        raise NotImplementedError

    def close(self) -> None:
        try:
            self._volume.close()
        except Exception:  # noqa: BLE001 - closing a damaged volume must not hide the results
            pass


class LinuxFileSystem(FileSystem):
    """ext2/3/4 and XFS: case-sensitive names, symlinks resolved by hand."""

    def _lookup(self, path: str) -> Any:
        try:
            return self._volume.get_file_entry_by_path(path)
        except Exception as exc:  # noqa: BLE001
            raise LayerUnreadableError(f"looking up {path} on {self.where} failed ({_reason(exc)})") from None

    @staticmethod
    def _mode(entry: Any) -> int:
        return int(entry.file_mode or 0)

    def _is_dir(self, entry: Any) -> bool:
        return stat.S_ISDIR(self._mode(entry))

    def _is_link(self, entry: Any) -> bool:
        return stat.S_ISLNK(self._mode(entry))

    def resolve(self, path: str, *, follow: bool = True) -> str | None:
        """The path with every symlink replaced by its target; None when a component is missing or links loop."""
        parts = [p for p in posixpath.normpath("/" + path).split("/") if p]
        done = "/"
        hops = 0
        while parts:
            name = parts.pop(0)
            if name == "..":
                done = posixpath.dirname(done.rstrip("/")) or "/"
                continue
            candidate = posixpath.join(done, name)
            entry = self._lookup(candidate)
            if entry is None:
                return None
            if self._is_link(entry) and (parts or follow):
                hops += 1
                if hops > MAX_HOPS:
                    return None
                target = entry.symbolic_link_target or ""
                # an absolute target starts again at the root of this file system (the image's root, not ours)
                parts = [p for p in target.split("/") if p and p != "."] + parts
                if target.startswith("/"):
                    done = "/"
                continue
            done = candidate
        return done

    def entry(self, path: str, *, follow: bool = True) -> Any:
        resolved = self.resolve(path, follow=follow)
        return None if resolved is None else self._lookup(resolved)

    def is_link(self, path: str) -> bool:
        entry = self.entry(path, follow=False)
        return entry is not None and self._is_link(entry)


class NtfsFileSystem(FileSystem):
    """NTFS: case-insensitive, `\\` separators for the reader."""

    def entry(self, path: str, *, follow: bool = True) -> Any:
        windows = "\\" + "\\".join(p for p in path.replace("\\", "/").split("/") if p)
        try:
            return self._volume.get_file_entry_by_path(windows)
        except Exception as exc:  # noqa: BLE001
            raise LayerUnreadableError(f"looking up {windows} on {self.where} failed ({_reason(exc)})") from None

    def _is_dir(self, entry: Any) -> bool:
        try:
            return bool(entry.has_directory_entries_index())
        except Exception:  # noqa: BLE001
            return False


def open_filesystem(kind: str, volume_file: Any, where: str) -> FileSystem:
    """Open a volume of `kind` (ext, xfs, ntfs) on a file object; InspectError when it cannot be read."""
    module, package = _MODULES[kind]
    reader = load_module(module, package)
    volume = reader.volume()
    try:
        volume.open_file_object(volume_file)
    except Exception as exc:  # noqa: BLE001 - corrupt or unsupported: the checks say why
        raise LayerUnreadableError(f"the {kind.upper() if kind != EXT else 'ext'} file system on {where} cannot be "
                                   f"read ({_reason(exc)})") from None
    cls = NtfsFileSystem if kind == NTFS else LinuxFileSystem
    return cls(kind, volume, where)


__all__ = ["FileSystem", "InspectError", "LinuxFileSystem", "NtfsFileSystem", "load_module", "open_filesystem"]
