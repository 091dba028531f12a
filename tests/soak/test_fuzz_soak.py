"""Mutation fuzz of the VHD/VHDX readers and of the PowerShell parser, a fixed number of cases each: every case
ends (a deadline per case) with a result or the component's own error type, never another exception."""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from azskernel.language import ParseError, is_complete, parse
from azskernel.runtime.native import deadline
from azskernel.vhd import VhdError, check_file, get_vhd, open_disk
from tests.support.shared import CONFORMANCE_CASES, SEED_CASES, SHARED
from tests.vhd.images import MiB, make_raw, qemu_convert

CASE_DEADLINE = 20.0
"""Seconds one case may take before it counts as a hang (generous: the machine may be busy)."""


class Hang(Exception):
    pass


def run_case(what: str, action: Callable[[], object], seconds: float = CASE_DEADLINE) -> str:
    """'ok' or 'error' (the expected error type); anything else fails the test naming the case."""
    try:
        with deadline(seconds, Hang):
            action()
        return "ok"
    except Hang:
        pytest.fail(f"{what}: no answer within {seconds} s")
    except (VhdError, ParseError):
        return "error"


# -- VHD / VHDX ------------------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def disks(tmp_path_factory: pytest.TempPathFactory, qemu_img: str) -> dict[str, bytes]:
    root = tmp_path_factory.mktemp("fuzz-disks")
    raw = make_raw(root / "s.raw", 4 * MiB, [(MiB, b"\x5a" * 70000), (3 * MiB, b"\xa5" * 4096)])
    return {
        "fixed.vhd": qemu_convert(qemu_img, raw, "raw", root / "f.vhd", "vhd", "subformat=fixed", "force_size=on")
        .read_bytes(),
        "dynamic.vhd": qemu_convert(qemu_img, raw, "raw", root / "d.vhd", "vhd", "subformat=dynamic", "force_size=on")
        .read_bytes(),
        "disk.vhdx": qemu_convert(qemu_img, raw, "raw", root / "x.vhdx", "vhdx", "block_size=1M").read_bytes(),
    }


# Where each format keeps its structures: the mutations aim there most of the time.
STRUCTURES = {"fixed.vhd": [(-512, 0)], "dynamic.vhd": [(0, 3072), (-512, 0)],
              "disk.vhdx": [(0, 320 * 1024), (MiB, 2 * MiB)]}
EXTREMES = [0, 1, 0x1FF, 0x200, 0x7FFFFFFF, 0xFFFFFFFF, 0xFFFFFFFFFFFFFFFF, 1 << 40, 1 << 62]


def mutate_disk(data: bytes, kind: str, rng: random.Random) -> bytes:
    out = bytearray(data)
    for _ in range(rng.randint(1, 4)):
        lo, hi = rng.choice(STRUCTURES[kind]) if rng.random() < 0.85 else (0, len(out))
        lo, hi = lo % len(out), (hi % len(out)) or len(out)
        pos = rng.randrange(lo, max(lo + 1, hi))
        op = rng.random()
        if op < 0.4:
            out[pos] ^= 1 << rng.randrange(8)
        elif op < 0.7:
            width = rng.choice((4, 8))
            value = rng.choice(EXTREMES) & ((1 << (8 * width)) - 1)
            out[pos:pos + width] = value.to_bytes(width, rng.choice(("big", "little")))
        elif op < 0.8:
            del out[rng.randrange(1, len(out)):]
        elif op < 0.9:
            out += rng.randbytes(rng.randrange(1, 8192))
        else:
            out[pos:pos + 512] = bytes(min(512, len(out) - pos))
    return bytes(out)


_ZERO_BLOCK = bytes(64 * 1024)


def write_sparse(path: Path, data: bytes) -> None:
    """The file as holes plus its non-zero 64 KiB blocks: the disks are mostly zeros, and writing them whole
    would cost more than reading them."""
    with open(path, "wb") as f:
        f.truncate(len(data))
        for pos in range(0, len(data), len(_ZERO_BLOCK)):
            block = data[pos:pos + len(_ZERO_BLOCK)]
            if block != _ZERO_BLOCK[:len(block)]:
                f.seek(pos)
                f.write(block)


def read_everything(path: Path) -> None:
    with open_disk(path) as view:
        extents = list(view.extents())
        view.read(0, min(view.size, MiB))
        for offset, length in extents[:8]:
            view.read(offset, min(length, 256 * 1024))
        view.read(max(0, view.size - 512), min(512, view.size))


def test_mutated_vhd_and_vhdx_files_give_vhd_errors_only(disks, scale, figures, tmp_path):  # type: ignore[no-untyped-def]
    rng = random.Random(19)
    counts = {"ok": 0, "error": 0}
    began = time.monotonic()
    for case in range(scale.vhd_cases):
        kind = rng.choice(sorted(disks))
        path = tmp_path / f"case.{kind.split('.')[-1]}"
        write_sparse(path, mutate_disk(disks[kind], kind, rng))
        for name, action in (("open_disk", read_everything), ("get_vhd", get_vhd), ("check_file", check_file)):
            counts[run_case(f"case {case} ({kind}, {name})", lambda: action(path))] += 1
    figures("vhd fuzz", f"{scale.vhd_cases} mutated VHD/VHDX files x 3 readers: {counts['ok']} read, "
                        f"{counts['error']} refused with a VhdError, 0 other exceptions, 0 hangs, "
                        f"{time.monotonic() - began:.1f} s")
    assert counts["ok"] and counts["error"]


# -- the PowerShell parser ---------------------------------------------------------------------------------------

PS_ALPHABET = "{}()[]\"'@$`-|;&,.#<>=+*/%!?:\n\t 0aZ_\u2013\u201c\u2018"


def script_seeds() -> list[str]:
    seeds = [p.read_text(encoding="utf-8", errors="replace") for p in sorted(SEED_CASES.glob("*.ps1"))]
    corpus = SHARED / "corpus" / "azurestack-tools"
    seeds += [p.read_text(encoding="utf-8", errors="replace") for p in sorted(corpus.rglob("*.ps*1"))]
    if CONFORMANCE_CASES.exists():
        import json

        lines = CONFORMANCE_CASES.read_text(encoding="utf-8").splitlines()
        seeds += [str(json.loads(line).get("script", "")) for line in lines[:400] if line.strip()]
    return [s for s in seeds if s.strip()]


def mutate_script(seed: str, rng: random.Random) -> str:
    lines = seed.splitlines(keepends=True)
    start = rng.randrange(len(lines))
    text = "".join(lines[start:start + rng.randint(1, 80)])
    for _ in range(rng.randint(1, 6)):
        pos = rng.randrange(len(text) + 1)
        op = rng.random()
        if op < 0.3:
            text = text[:pos] + "".join(rng.choice(PS_ALPHABET) for _ in range(rng.randint(1, 4))) + text[pos:]
        elif op < 0.55:
            text = text[:pos] + text[pos + rng.randint(1, 20):]
        elif op < 0.7:
            piece = text[pos:pos + rng.randint(1, 60)]
            text = text[:pos] + piece * rng.randint(2, 30) + text[pos:]
        elif op < 0.8:
            text = text[:pos]
        elif op < 0.9:
            opener = rng.choice(("(", "{", "@(", "$(", "[", "@{", '"', "'", "@'\n", '@"\n', "<#"))
            text = text[:pos] + opener * rng.randint(1, 400) + text[pos:]
        else:
            text = text[:pos] + chr(rng.randrange(0x20, 0x2FFF)) + text[pos:]
    return text


def test_mutated_scripts_give_parse_errors_only(scale, figures):  # type: ignore[no-untyped-def]
    seeds = script_seeds()
    assert len(seeds) > 10
    rng = random.Random(23)
    counts = {"ok": 0, "error": 0}
    began = time.monotonic()
    for case in range(scale.script_cases):
        script = mutate_script(rng.choice(seeds), rng)
        counts[run_case(f"script case {case}: {script[:80]!r}", lambda: parse(script))] += 1
        state = is_complete(script)
        assert state in ("complete", "incomplete", "invalid"), (case, state)
    figures("parser fuzz", f"{scale.script_cases} mutated scripts from {len(seeds)} seeds: {counts['ok']} parsed, "
                           f"{counts['error']} ParseErrors, 0 other exceptions, 0 hangs, "
                           f"{time.monotonic() - began:.1f} s")
    assert counts["ok"] and counts["error"]


def test_the_fuzzers_own_deadline_catches_a_hang() -> None:
    with pytest.raises(pytest.fail.Exception, match="no answer within"):
        run_case("a hang", lambda: time.sleep(30), seconds=0.3)
