"""A small writer of Windows registry hive files (REGF 1.5), for test and training images.

Written from the public description of the format (base block, hive bins, cells; reference/image-preflight.md
section 2): a 4096-byte base block ("regf", sequence numbers, version 1.5, root cell offset, hive bins size, the
file name, an XOR checksum of its first 508 bytes), then one hive bin ("hbin") of cells. A cell is a signed size
(negative when allocated, 8-byte aligned) followed by its record: `nk` keys, an `lf` subkey list sorted by
upper-case name, a value list, `vk` values (data of 4 bytes or less stored in the offset field), data cells and one
shared `sk` security cell. The root `nk` is the first cell (some readers assume it). `dirty=True` writes different
primary and secondary sequence numbers, as a hive with writes left in its logs has.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass, field
from typing import Union

Value = Union[str, int, list[str], bytes]

REG_SZ = 1
REG_BINARY = 3
REG_DWORD = 4
REG_MULTI_SZ = 7
NO_OFFSET = 0xFFFFFFFF
BASE_BLOCK = 4096
HBIN_HEADER = 32
FILETIME = 133_500_000_000_000_000  # 2024-01-22, any fixed time will do
# owner-less, self-relative security descriptor: revision 1, control SE_SELF_RELATIVE, no owner/group/ACLs
SECURITY_DESCRIPTOR = struct.pack("<BBHIIII", 1, 0, 0x8000, 0, 0, 0, 0)


@dataclass
class _Key:
    name: str
    values: dict[str, Value] = field(default_factory=dict)
    children: dict[str, _Key] = field(default_factory=dict)


def _tree(keys: dict[str, dict[str, Value]], root_name: str) -> _Key:
    root = _Key(root_name)
    for path, values in keys.items():
        node = root
        for part in [p for p in path.split("\\") if p]:
            node = node.children.setdefault(part.upper(), _Key(part))
        node.values.update(values)
    return root


def _encode(value: Value) -> tuple[int, bytes]:
    if isinstance(value, bool):
        raise TypeError("registry values are str, int, list[str] or bytes")
    if isinstance(value, str):
        return REG_SZ, (value + "\0").encode("utf-16-le")
    if isinstance(value, int):
        return REG_DWORD, struct.pack("<I", value & 0xFFFFFFFF)
    if isinstance(value, list):
        return REG_MULTI_SZ, ("\0".join(value) + "\0\0").encode("utf-16-le")
    return REG_BINARY, bytes(value)


class _Cells:
    """Cells laid out one after another in the hive bins' data; offsets are relative to the first bin."""

    def __init__(self) -> None:
        self.data = bytearray()

    def alloc(self, size: int) -> int:
        total = (size + 4 + 7) // 8 * 8
        offset = HBIN_HEADER + len(self.data)
        self.data += struct.pack("<i", -total) + bytes(total - 4)
        return offset

    def put(self, offset: int, record: bytes) -> None:
        at = offset - HBIN_HEADER + 4
        self.data[at : at + len(record)] = record


def _write_key(cells: _Cells, key: _Key, parent: int, sk: int, root: bool) -> int:
    name = key.name.encode("ascii")
    nk = cells.alloc(76 + len(name))
    values_offset = NO_OFFSET
    max_value_name = max_value_data = 0
    if key.values:
        values_offset = cells.alloc(4 * len(key.values))
        value_cells = []
        for value_name, value in key.values.items():
            kind, payload = _encode(value)
            encoded = value_name.encode("ascii")
            vk = cells.alloc(20 + len(encoded))
            if len(payload) <= 4:
                size_field, data_offset = len(payload) | 0x80000000, int.from_bytes(payload.ljust(4, b"\0"), "little")
            else:
                data_offset = cells.alloc(len(payload))
                cells.put(data_offset, payload)
                size_field = len(payload)
            cells.put(vk, b"vk" + struct.pack("<HIIIHH", len(encoded), size_field, data_offset, kind, 1, 0) + encoded)
            value_cells.append(vk)
            max_value_name = max(max_value_name, len(value_name) * 2)
            max_value_data = max(max_value_data, len(payload))
        cells.put(values_offset, struct.pack(f"<{len(value_cells)}I", *value_cells))
    children = sorted(key.children.values(), key=lambda k: k.name.upper())
    list_offset = NO_OFFSET
    if children:
        list_offset = cells.alloc(4 + 8 * len(children))
        entries = []
        for child in children:
            child_offset = _write_key(cells, child, nk, sk, False)
            entries.append(struct.pack("<I4s", child_offset, child.name.encode("ascii")[:4].ljust(4, b"\0")))
        cells.put(list_offset, b"lf" + struct.pack("<H", len(children)) + b"".join(entries))
    flags = 0x2C if root else 0x20  # KEY_COMP_NAME (+ KEY_HIVE_ENTRY | KEY_NO_DELETE for the root)
    max_subkey = max((len(c.name) * 2 for c in children), default=0)
    header = b"nk" + struct.pack(
        "<HQ15IHH", flags, FILETIME, 0, parent, len(children), 0, list_offset, NO_OFFSET,
        len(key.values), values_offset, sk, NO_OFFSET, max_subkey, 0, max_value_name, max_value_data, 0, len(name), 0)
    cells.put(nk, header + name)
    return nk


def _checksum(block: bytes) -> int:
    value = 0
    for (dword,) in struct.iter_unpack("<I", block[:508]):
        value ^= dword
    return 0xFFFFFFFE if value == 0xFFFFFFFF else 1 if value == 0 else value


def write_hive(keys: dict[str, dict[str, Value]], *, file_name: str = "SYSTEM", dirty: bool = False,
               root_name: str = "ROOT") -> bytes:
    """A hive holding `keys`: {"Path\\\\To\\\\Key": {"ValueName": value}} (str -> REG_SZ, int -> REG_DWORD,
    list[str] -> REG_MULTI_SZ, bytes -> REG_BINARY). Paths are relative to the hive's root."""
    root = _tree(keys, root_name)
    # the keys go first (the root nk the very first cell) and the shared sk cell after them: a first pass
    # learns where that is, the second writes the keys pointing at it
    probe = _Cells()
    _write_key(probe, root, NO_OFFSET, 0, True)
    sk = HBIN_HEADER + len(probe.data)
    cells = _Cells()
    root_offset = _write_key(cells, root, NO_OFFSET, sk, True)
    sk_cell = cells.alloc(20 + len(SECURITY_DESCRIPTOR))
    assert sk_cell == sk
    cells.put(sk_cell, b"sk" + struct.pack("<HIIII", 0, sk_cell, sk_cell, 1, len(SECURITY_DESCRIPTOR))
              + SECURITY_DESCRIPTOR)
    used = HBIN_HEADER + len(cells.data)
    bin_size = (used + 4095) // 4096 * 4096
    if bin_size - used >= 8:
        cells.data += struct.pack("<i", bin_size - used) + bytes(bin_size - used - 4)  # one free cell to the end
    else:
        bin_size += 4096
        cells.data += struct.pack("<i", bin_size - used) + bytes(bin_size - used - 4)
    hbin = b"hbin" + struct.pack("<IIQQI", 0, bin_size, 0, FILETIME, 0) + bytes(cells.data)
    primary = 7
    base = bytearray(BASE_BLOCK)
    struct.pack_into("<4sIIQIIIIIII", base, 0, b"regf", primary, primary + 1 if dirty else primary, FILETIME, 1, 5,
                     0, 1, root_offset, bin_size, 1)
    encoded_name = file_name.encode("utf-16-le")[:64]
    base[48 : 48 + len(encoded_name)] = encoded_name
    struct.pack_into("<I", base, 508, _checksum(bytes(base)))
    return bytes(base) + hbin


__all__ = ["Value", "write_hive"]
