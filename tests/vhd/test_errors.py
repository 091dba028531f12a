"""A corpus of broken inputs, each with its own error type and a message that says what is wrong and what to do."""

from __future__ import annotations

import os
import shutil
import struct
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from azskernel.vhd import (
    BadChecksumError,
    BadCookieError,
    BatOutOfRangeError,
    EmptyFileError,
    TruncatedVhdError,
    VhdError,
    VhdFormatError,
    VhdIsDirectoryError,
    VhdNotFoundError,
    VhdxLogReplayNeededError,
    convert_vhd,
    get_vhd,
    open_disk,
)
from azskernel.vhd.vhdx import with_crc
from tests.vhd.images import (
    VHDX_VIRTUAL_DISK_SIZE,
    MiB,
    fix_vhd_checksum,
    make_raw,
    patch_vhdx_metadata,
    qemu_convert,
)

SIZE = 24 * MiB
HUGE_LE = struct.pack("<Q", 1 << 50)


@pytest.fixture(scope="module")
def good(tmp_path_factory: pytest.TempPathFactory, qemu_img: str) -> dict[str, bytes]:
    root = tmp_path_factory.mktemp("good")
    raw = make_raw(root / "g.raw", SIZE, [(0, b"\1" * 512), (3 * MiB, b"\2" * MiB), (20 * MiB, b"\3" * 4096)])
    images = {
        "dynamic": qemu_convert(qemu_img, raw, "raw", root / "g.vhd", "vhd", "subformat=dynamic", "force_size=on"),
        "fixed": qemu_convert(qemu_img, raw, "raw", root / "f.vhd", "vhd", "subformat=fixed", "force_size=on"),
        "vhdx": qemu_convert(qemu_img, raw, "raw", root / "g.vhdx", "vhdx", "block_size=1M"),
    }
    return {name: path.read_bytes() for name, path in images.items()}


def _patch(data: bytes, at: int, value: bytes) -> bytes:
    return data[:at] + value + data[at + len(value) :]


def _fix_footer(data: bytes, at: int) -> bytes:
    footer = bytearray(data[at : at + 512])
    footer[64:68] = bytes(4)
    footer[64:68] = struct.pack(">I", ~sum(footer) & 0xFFFFFFFF)
    return _patch(data, at, bytes(footer))


def _bat_past_end(d: bytes) -> bytes:
    header_at = struct.unpack_from(">Q", d, 16)[0]
    bat_at = struct.unpack_from(">Q", d, header_at + 16)[0]
    return _patch(d, bat_at, struct.pack(">I", len(d) // 512 + 100))


def _dynamic_header(d: bytes, at: int, value: bytes) -> bytes:
    return _patch(d, struct.unpack_from(">Q", d, 16)[0] + at, value)


def _dynamic_cut(d: bytes) -> bytes:
    # drop the last data block but keep a valid footer at the (new) end
    return d[: len(d) - 512 - MiB] + d[-512:]


def _dynamic_huge(d: bytes) -> bytes:
    """A footer claiming 1 PiB and a header with as many BAT entries: must fail without allocating the table."""
    size = struct.pack(">Q", 1 << 50)
    for at in (0, len(d) - 512):
        d = fix_vhd_checksum(d[: at + 48] + size + d[at + 56 :], at)
    header_at = struct.unpack_from(">Q", d, 16)[0]
    d = _patch(d, header_at + 28, struct.pack(">I", 0xFFFFFFFF))
    return fix_vhd_checksum(d, header_at, 36, 1024)


def _vhdx_log(d: bytes) -> bytes:
    for at in (64 * 1024, 128 * 1024):
        header = _patch(d[at : at + 4096], 48, b"\x42" * 16)
        d = _patch(d, at, with_crc(header))
    return d


def _vhdx_headers_bad(d: bytes) -> bytes:
    for at in (64 * 1024, 128 * 1024):
        d = _patch(d, at + 100, b"\xff")
    return d


def _vhdx_regions_bad(d: bytes) -> bytes:
    for at in (192 * 1024, 256 * 1024):
        d = _patch(d, at + 20, b"\xff")
    return d


CORPUS: dict[str, tuple[str, str, Callable[[bytes], bytes], type[VhdError], str]] = {
    # name: (good image, file name, damage, error, words the message must hold)
    "vhd-without-footer": ("fixed", "x.vhd", lambda d: d[:-512], BadCookieError, "rename it to .raw"),
    "dynamic-truncated": ("dynamic", "t.vhd", lambda d: d[: len(d) // 2], TruncatedVhdError, "truncated"),
    "footer-checksum": ("dynamic", "c.vhd", lambda d: _patch(d, len(d) - 412, b"\1"), BadChecksumError,
                        "checksum"),
    "dynamic-header-cookie": ("dynamic", "h.vhd", lambda d: _dynamic_header(d, 0, b"xxsparse"), BadCookieError,
                              "dynamic disk header"),
    "dynamic-header-checksum": ("dynamic", "hc.vhd", lambda d: _dynamic_header(d, 900, b"\1"), BadChecksumError,
                                "header checksum"),
    "bat-past-end": ("dynamic", "b.vhd", _bat_past_end, BatOutOfRangeError, "past the end"),
    "dynamic-blocks-cut": ("dynamic", "bc.vhd", _dynamic_cut, BatOutOfRangeError, "truncated"),
    "fixed-data-cut": ("fixed", "fc.vhd", lambda d: d[: 10 * MiB] + d[-512:], TruncatedVhdError, "truncated"),
    "dynamic-huge": ("dynamic", "hu.vhd", _dynamic_huge, TruncatedVhdError, "runs past the end"),
    "vhdx-huge": ("vhdx", "hu.vhdx", lambda d: patch_vhdx_metadata(d, VHDX_VIRTUAL_DISK_SIZE, HUGE_LE),
                  BatOutOfRangeError, "too small"),
    "vhdx-log": ("vhdx", "l.vhdx", _vhdx_log, VhdxLogReplayNeededError, "replayed"),
    "vhdx-headers": ("vhdx", "hh.vhdx", _vhdx_headers_bad, BadChecksumError, "header"),
    "vhdx-regions": ("vhdx", "r.vhdx", _vhdx_regions_bad, BadChecksumError, "region table"),
    "vhdx-truncated": ("vhdx", "tt.vhdx", lambda d: d[: len(d) - MiB], BatOutOfRangeError, "truncated"),
    "vhdx-cut-in-headers": ("vhdx", "th.vhdx", lambda d: d[:100_000], TruncatedVhdError, "truncated"),
}


@pytest.mark.parametrize("name", CORPUS)
def test_broken_file(name: str, good: dict, tmp_path: Path) -> None:
    source, filename, damage, error, words = CORPUS[name]
    path = tmp_path / filename
    path.write_bytes(damage(good[source]))
    for action in (open_disk, get_vhd, lambda p: convert_vhd(p, tmp_path / "out.vhd")):
        if action is get_vhd and error is BadChecksumError and name == "footer-checksum":
            continue  # Get-VHD reports a bad footer checksum as a reason (test_checks)
        with pytest.raises(error) as caught:
            action(path)
        message = str(caught.value)
        assert words in message and str(path) in message, message
        assert isinstance(caught.value, VhdFormatError) and caught.value.category == "InvalidData"
        assert caught.value.error_id.startswith("Vhd")
    assert sorted(p.name for p in tmp_path.iterdir()) == [filename], "nothing written on failure"


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.vhd"
    path.write_bytes(b"")
    with pytest.raises(EmptyFileError, match="empty"):
        open_disk(path)


def test_directory(tmp_path: Path) -> None:
    with pytest.raises(VhdIsDirectoryError, match="is a directory") as caught:
        get_vhd(tmp_path)
    assert caught.value.category == "InvalidArgument"


def test_missing_path(tmp_path: Path) -> None:
    with pytest.raises(VhdNotFoundError, match="No disk image") as caught:
        open_disk(tmp_path / "nope.vhd")
    assert caught.value.category == "ObjectNotFound"


def test_unreadable_path(tmp_path: Path) -> None:
    path = make_raw(tmp_path / "secret.raw", MiB)
    path.chmod(0)
    probe = ("import sys\nfrom azskernel.vhd import VhdUnreadableError, open_disk\n"
             "try:\n    open_disk(sys.argv[1])\nexcept VhdUnreadableError as e:\n    print(e.category, e)\n")
    command = [sys.executable, "-c", probe, str(path)]
    if os.geteuid() == 0:  # root reads anything: ask as nobody, in a real unprivileged process
        setpriv = shutil.which("setpriv")
        if setpriv is None:
            pytest.skip("running as root without setpriv to drop privileges")
        command = [setpriv, "--reuid=65534", "--regid=65534", "--clear-groups"] + command
    result = subprocess.run(command, capture_output=True, text=True, cwd="/")
    assert result.stdout.startswith("PermissionDenied Cannot read"), result.stdout + result.stderr
    assert "permission denied" in result.stdout


def test_destination_folder_missing(good: dict, tmp_path: Path) -> None:
    source = tmp_path / "s.vhd"
    source.write_bytes(good["fixed"])
    with pytest.raises(VhdNotFoundError, match="create it first"):
        convert_vhd(source, tmp_path / "no" / "such" / "out.vhd")


def test_damage_not_read_by_the_checks_is_still_found_by_qemu(good: dict, tmp_path: Path, qemu_img: str) -> None:
    """The corpus damages what it means to: qemu-img agrees that the BAT points past the end."""
    path = tmp_path / "b.vhd"
    path.write_bytes(_bat_past_end(good["dynamic"]))
    result = subprocess.run([qemu_img, "convert", "-f", "vpc", "-O", "raw", str(path), str(tmp_path / "o.raw")],
                            capture_output=True, text=True)
    assert result.returncode != 0
