"""Randomly damaged images: every failure is a VhdError (a message for the user), never another exception."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from azskernel.vhd import VhdError, check_file, get_vhd, open_disk
from tests.vhd.images import ESP, LINUX_FS, MiB, gpt_structures, make_raw, qemu_convert

SIZE = 24 * MiB


@pytest.fixture(scope="module")
def originals(tmp_path_factory: pytest.TempPathFactory, qemu_img: str) -> dict[str, bytes]:
    root = tmp_path_factory.mktemp("fuzz")
    pieces = gpt_structures(SIZE, [(ESP, 2048, 4095), (LINUX_FS, 4096, 8191)]) + [(3 * MiB, b"x" * 5000)]
    raw = make_raw(root / "s.raw", SIZE, pieces)
    return {
        "vhd": qemu_convert(qemu_img, raw, "raw", root / "d.vhd", "vhd", "subformat=dynamic", "force_size=on")
        .read_bytes(),
        "vhdx": qemu_convert(qemu_img, raw, "raw", root / "x.vhdx", "vhdx", "block_size=1M").read_bytes(),
    }


# where the structures are: footer copy, dynamic header, BAT; VHDX headers, region tables, metadata, BAT
REGIONS = {"vhd": [(0, 8192), (-512, 0)], "vhdx": [(0, 400_000), (MiB, 2 * MiB)]}


@pytest.mark.parametrize("seed", range(2))
def test_damage_gives_vhd_errors_only(originals: dict, tmp_path: Path, seed: int) -> None:
    rng = random.Random(seed)
    outcomes = {"ok": 0, "error": 0}
    for _ in range(40):
        kind = rng.choice(sorted(originals))
        data = bytearray(originals[kind])
        for _ in range(rng.randint(1, 6)):
            lo, hi = rng.choice(REGIONS[kind])
            data[rng.randrange(lo % len(data), hi % len(data) or len(data))] = rng.randrange(256)
        if rng.random() < 0.1:
            del data[rng.randrange(1, len(data)) :]
        path = tmp_path / f"damaged.{kind}"
        path.write_bytes(bytes(data))
        for action in (open_disk, get_vhd, check_file):
            try:
                result = action(path)
                if action is open_disk:
                    with result:
                        result.read(0, 4 * MiB)
                        list(result.extents())
                outcomes["ok"] += 1
            except VhdError as exc:
                assert str(path) in str(exc) or exc.path is None
                outcomes["error"] += 1
    assert outcomes["error"] > 0 and outcomes["ok"] > 0, outcomes
