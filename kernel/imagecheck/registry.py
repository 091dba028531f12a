"""Windows registry hives read in place on the NTFS volume (pyregf on the file entry, nothing extracted).

Key paths are relative to the hive's root with `\\` separators, case-insensitive (`Microsoft\\Windows\\...`, no
`HKEY_LOCAL_MACHINE\\SOFTWARE` prefix), as the reader wants them. The reader does not replay the transaction logs
(SOFTWARE.LOG1/LOG2): `dirty` reads the base block's two sequence numbers, which differ when writes were left in
the logs (REGF base block: "regf", primary sequence at 4, secondary at 8).
"""

from __future__ import annotations

import struct
from typing import Any

from .errors import LayerUnreadableError
from .filesystems import FileSystem, _reason, load_module


class Hive:
    def __init__(self, name: str, path: str, regf: Any, dirty: bool) -> None:
        self.name = name
        self.path = path
        self._regf = regf
        self.dirty = dirty

    def value(self, key_path: str, name: str) -> Any:
        """The value's data (str for REG_SZ/EXPAND_SZ, int for DWORD/QWORD, list for MULTI_SZ), None when absent."""
        try:
            key = self._regf.get_key_by_path(key_path)
            if key is None:
                return None
            value = key.get_value_by_name(name)
            if value is None:
                return None
            kind = value.type
            if kind in (1, 2):  # REG_SZ, REG_EXPAND_SZ
                return (value.get_data_as_string() or "").rstrip("\0")
            if kind in (4, 5, 11):  # DWORD, DWORD big-endian, QWORD
                return value.get_data_as_integer()
            if kind == 7:
                return list(value.get_data_as_multi_string() or [])
            return value.data
        except Exception as exc:  # noqa: BLE001 - a damaged cell is a fact about the image
            raise LayerUnreadableError(f"the registry value {key_path}\\{name} in {self.path} cannot be read "
                                       f"({_reason(exc)})") from None

    def has_key(self, key_path: str) -> bool:
        try:
            return self._regf.get_key_by_path(key_path) is not None
        except Exception as exc:  # noqa: BLE001
            raise LayerUnreadableError(f"the registry key {key_path} in {self.path} cannot be read "
                                       f"({_reason(exc)})") from None

    def subkeys(self, key_path: str) -> list[str]:
        try:
            key = self._regf.get_key_by_path(key_path)
            return [] if key is None else [k.name for k in key.sub_keys]
        except Exception as exc:  # noqa: BLE001
            raise LayerUnreadableError(f"the registry key {key_path} in {self.path} cannot be read "
                                       f"({_reason(exc)})") from None


def open_hive(fs: FileSystem, path: str) -> Hive | None:
    """The hive file at `path` on an NTFS volume; None when the file is not there, LayerUnreadableError when it is
    there but not a readable hive."""
    entry = fs.entry(path)
    if entry is None:
        return None
    name = path.rsplit("/", 1)[-1]
    try:
        head = entry.read_buffer_at_offset(12, 0)
    except Exception as exc:  # noqa: BLE001
        raise LayerUnreadableError(f"the registry hive {path} cannot be read ({_reason(exc)})") from None
    if len(head) < 12 or head[:4] != b"regf":
        raise LayerUnreadableError(f"the registry hive {path} does not start with 'regf': it is damaged")
    primary, secondary = struct.unpack_from("<II", head, 4)
    pyregf = load_module("pyregf", "libregf-python")
    regf = pyregf.file()
    try:
        entry.seek(0)
        regf.open_file_object(entry)
        regf.get_root_key()
    except Exception as exc:  # noqa: BLE001
        raise LayerUnreadableError(f"the registry hive {path} cannot be read ({_reason(exc)})") from None
    return Hive(name, path, regf, dirty=primary != secondary)


__all__ = ["Hive", "open_hive"]
