"""The fixed view of every supported format reads exactly what qemu-img reads, and its extents cover all data."""

from __future__ import annotations

import random
import struct
import threading
from pathlib import Path

import pytest

from azskernel.vhd import DiskView, open_disk
from tests.vhd.images import MiB, image_set, make_raw, qemu_convert, qemu_to_raw, scattered_extents

SIZE = 33 * MiB + 1536  # not a whole MiB, not a whole block of any format

CASES = {
    "raw": ("raw", ()),
    "vhd-fixed-chs": ("vhd", ("subformat=fixed",)),
    "vhd-fixed": ("vhd", ("subformat=fixed", "force_size=on")),
    "vhd-dynamic-chs": ("vhd", ("subformat=dynamic",)),
    "vhd-dynamic": ("vhd", ("subformat=dynamic", "force_size=on")),
    "vhdx-dynamic": ("vhdx", ("subformat=dynamic",)),
    "vhdx-dynamic-1m": ("vhdx", ("subformat=dynamic", "block_size=1M")),
    "vhdx-fixed": ("vhdx", ("subformat=fixed",)),
}


@pytest.fixture(scope="module")
def images(tmp_path_factory: pytest.TempPathFactory, qemu_img: str) -> dict[str, tuple[Path, bytes]]:
    """name -> (image, the virtual disk as qemu-img reads it)."""
    root = tmp_path_factory.mktemp("view")
    raw = make_raw(root / "source.raw", SIZE, scattered_extents(1, SIZE, 12))
    return {name: (image, raw.read_bytes() if fmt == "raw" else qemu_to_raw(qemu_img, image, fmt,
                                                                          root / f"{name}.oracle"))
            for name, (image, fmt) in image_set(qemu_img, raw, CASES).items()}


@pytest.mark.parametrize("name", CASES)
def test_view_reads_what_qemu_reads(images: dict, name: str) -> None:
    image, oracle = images[name]
    with open_disk(image) as view:
        seam: DiskView = view  # the uploader codes against the protocol
        assert seam.virtual_size == len(oracle)
        assert view.size == len(oracle) + 512
        assert view.read(0, view.virtual_size) == oracle
        whole = oracle + view.read(view.virtual_size, 512)
        rng = random.Random(name)
        for _ in range(200):
            offset = rng.randrange(0, view.size)
            length = rng.randrange(0, 3 * MiB)
            assert view.read(offset, length) == whole[offset : offset + length]


@pytest.mark.parametrize("name", CASES)
def test_view_ends_with_a_valid_fixed_footer(images: dict, name: str) -> None:
    image, oracle = images[name]
    with open_disk(image) as view:
        footer = view.read(view.virtual_size, 512)
    assert view.read(view.size, 10) == b""
    assert footer[:8] == b"conectix"
    (data_offset,) = struct.unpack_from(">Q", footer, 16)
    (current_size,) = struct.unpack_from(">Q", footer, 48)
    (disk_type, stored) = struct.unpack_from(">II", footer, 60)
    assert (data_offset, current_size, disk_type) == (0xFFFFFFFFFFFFFFFF, len(oracle), 2)
    assert stored == ~sum(footer[:64] + bytes(4) + footer[68:]) & 0xFFFFFFFF


@pytest.mark.parametrize("name", CASES)
def test_extents_cover_every_non_zero_byte(images: dict, name: str) -> None:
    image, oracle = images[name]
    with open_disk(image) as view:
        extents = list(view.extents())
    assert extents[-1] == (len(oracle), 512)
    previous_end = 0
    for offset, length in extents[:-1]:
        assert offset >= previous_end and length > 0 and offset % 512 == 0
        assert not any(oracle[previous_end:offset]), f"data in the hole {previous_end}..{offset}"
        previous_end = offset + length
    assert not any(oracle[previous_end:])


def test_sparse_sources_skip_holes(tmp_path: Path, qemu_img: str) -> None:
    """Unallocated blocks, file holes, and holes inside allocated blocks are not extents: they are never read."""
    raw = make_raw(tmp_path / "two.raw", 64 * MiB, [(MiB + 100, b"x" * 1000), (50 * MiB, b"y" * 5000)])
    budget = {"raw": 64 * 1024, "vhd": 64 * 1024, "vhdx": 64 * 1024}
    for fmt, options in (("raw", ()), ("vhd", ("subformat=dynamic", "force_size=on")),
                         ("vhdx", ("block_size=1M",))):
        image = raw if fmt == "raw" else qemu_convert(qemu_img, raw, "raw", tmp_path / f"two.{fmt}", fmt, *options)
        with open_disk(image) as view:
            extents = list(view.extents())
        assert extents[-1] == (64 * MiB, 512)
        assert 6000 <= sum(length for _, length in extents[:-1]) <= budget[fmt], (fmt, extents)


def test_concurrent_reads_agree(images: dict) -> None:
    image, oracle = images["vhd-dynamic"]
    errors = []
    with open_disk(image) as view:

        def worker(seed: int) -> None:
            rng = random.Random(seed)
            for _ in range(100):
                offset = rng.randrange(0, len(oracle))
                length = min(rng.randrange(1, 2 * MiB), len(oracle) - offset)
                if view.read(offset, length) != oracle[offset : offset + length]:
                    errors.append((offset, length))

        threads = [threading.Thread(target=worker, args=(seed,)) for seed in range(6)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    assert errors == []


def test_grown_view_adds_zeros_before_a_new_footer(images: dict) -> None:
    image, oracle = images["vhdx-dynamic"]
    grown = 40 * MiB
    with open_disk(image, virtual_size=grown) as view:
        assert view.size == grown + 512
        assert view.read(0, grown) == oracle + bytes(grown - len(oracle))
        footer = view.read(grown, 512)
        assert struct.unpack_from(">Q", footer, 48)[0] == grown
        assert list(view.extents())[-1] == (grown, 512)


def test_view_footer_is_stable_across_opens(images: dict) -> None:
    """The uploader fingerprints the bytes: the synthesised footer must not change between opens."""
    for name in ("raw", "vhd-dynamic", "vhdx-dynamic"):
        with open_disk(images[name][0]) as a, open_disk(images[name][0]) as b:
            assert a.read(a.virtual_size, 512) == b.read(b.virtual_size, 512)


def test_fixed_vhd_view_is_the_file_itself(images: dict) -> None:
    image, _ = images["vhd-fixed"]
    with open_disk(image) as view:
        assert view.read(0, view.size) == image.read_bytes()


def test_negative_reads_are_refused(images: dict) -> None:
    with open_disk(images["raw"][0]) as view, pytest.raises(ValueError):
        view.read(-1, 10)


def test_odd_sized_raw_image_is_padded_to_a_whole_sector(tmp_path: Path, qemu_img: str) -> None:
    data = random.Random(5).randbytes(1000)
    raw = make_raw(tmp_path / "odd.img", 20 * MiB + 100, [(20 * MiB - 900, data)])
    with open_disk(raw) as view:
        assert view.virtual_size == 20 * MiB + 512
        assert view.read(0, view.virtual_size) == raw.read_bytes() + bytes(412)
        extents = list(view.extents())
    assert all(offset % 512 == 0 and length % 512 == 0 for offset, length in extents)
    assert extents[-2][0] + extents[-2][1] <= view.virtual_size
