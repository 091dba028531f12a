"""Our package of each of Microsoft's samples, made from its unpacked source folder, compared part by part
with the package Microsoft's tools made: content types, relationships, property parts, payload bytes,
ZIP entry order and header fields. GUID part names and relationship Ids are random in both: they are
compared by their format, then replaced by their order of appearance."""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from pathlib import Path

from azskernel.azpkg import Source, build, read_package

from .conftest import VMSS, counter_ids, entries, is_opc_metadata, parts, unpack_payload

_GUID = re.compile(r"[0-9a-f]{32}")
_REL_ID = re.compile(r'Id="(R[0-9a-f]{16}|DEFAULT_[0-9a-f]{32}|[A-Za-z-]+_[0-9a-f]{32})"')


def normalise(text: bytes, names: dict[str, str]) -> bytes:
    """GUIDs and relationship Ids replaced by stable placeholders (their kind kept)."""
    decoded = text.decode("utf-8")

    def guid(m: re.Match[str]) -> str:
        return names.setdefault(m.group(0), f"GUID{len(names)}")

    decoded = _REL_ID.sub(lambda m: 'Id="' + ("DEFAULT_*" if m.group(1).startswith("DEFAULT_") else "R*") + '"', decoded)
    return _GUID.sub(guid, decoded).encode()


def build_from(real: Path, tmp_path: Path) -> bytes:
    when = zipfile.ZipFile(real).infolist()[0].date_time
    folder = unpack_payload(real, tmp_path / "source")
    return build(Source.from_folder(folder), ids=counter_ids(), when=dt.datetime(*when)).data


def test_payload_parts_are_the_authors_bytes(real_package: Path, tmp_path: Path) -> None:
    ours, theirs = parts(build_from(real_package, tmp_path)), parts(real_package.read_bytes())
    payload = sorted(n for n in theirs if not is_opc_metadata(n))
    assert sorted(n for n in ours if not is_opc_metadata(n)) == payload
    for name in payload:  # manifest, strings, icons, UI definition, templates
        assert ours[name] == theirs[name], name


def test_content_types_are_the_same(real_package: Path, tmp_path: Path) -> None:
    ours, theirs = parts(build_from(real_package, tmp_path)), parts(real_package.read_bytes())
    assert normalise(ours["[Content_Types].xml"], {}) == normalise(theirs["[Content_Types].xml"], {})
    assert ours["[Content_Types].xml"].startswith(b"\xef\xbb\xbf<?xml") and b"\n" not in ours["[Content_Types].xml"]


def test_relationships_are_the_same(real_package: Path, tmp_path: Path) -> None:
    ours, theirs = parts(build_from(real_package, tmp_path)), parts(real_package.read_bytes())
    rels = sorted(n for n in theirs if n.endswith(".rels"))
    assert sorted(n for n in ours if n.endswith(".rels")) == rels
    for name in rels:
        # Types, targets and Id kinds in order; the artifact property part targets matched by order.
        assert normalise(ours[name], {}) == normalise(theirs[name], {}), name
    assert set(_REL_ID.findall(ours["_rels/.rels"].decode())) and all(
        re.fullmatch(r"R[0-9a-f]{16}|DEFAULT_[0-9a-f]{32}", i) for i in _REL_ID.findall(ours["_rels/.rels"].decode()))


def test_property_parts_are_the_same(real_package: Path, tmp_path: Path) -> None:
    ours, theirs = parts(build_from(real_package, tmp_path)), parts(real_package.read_bytes())

    def properties(p: dict[str, bytes]) -> list[bytes]:
        return sorted(data for name, data in p.items() if name.endswith("/Artifact"))

    assert properties(ours) == properties(theirs)
    assert all(b"\r\n  <IsDefault>" in data for data in properties(ours))


def test_zip_entries_are_written_as_the_windows_packager_writes_them(tmp_path: Path) -> None:
    ours, theirs = entries(build_from(VMSS, tmp_path)), entries(VMSS.read_bytes())
    order = [_GUID.sub("G", i.filename) for i in ours]
    assert order == [_GUID.sub("G", i.filename) for i in theirs]
    fields = [(i.compress_type, i.create_system, i.create_version, i.extract_version, i.date_time) for i in ours]
    assert fields == [(i.compress_type, i.create_system, i.create_version, i.extract_version, i.date_time) for i in theirs]


def test_our_reader_opens_both(real_package: Path, tmp_path: Path) -> None:
    package = read_package(build_from(real_package, tmp_path))
    real = read_package(real_package.read_bytes())
    assert package.identity == real.identity
    assert package.text("displayName") == real.text("displayName")
