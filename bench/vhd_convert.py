"""Convert-VHD against qemu-img: a 16 GiB dynamic VHD and a VHDX holding 10% data, converted to fixed VHDs.

Ours is `azskernel.vhd.convert_vhd`; the peer is `qemu-img convert -O vpc -o subformat=fixed,force_size=on`.
Both write sparse output. qemu-img's default cache mode (`unsafe`) does not flush the result to disk, ours does
(`durable=True`): so the pairs are timed both ways, flushed (qemu `-t writeback`) and not flushed (ours
`durable=False`). `sync` runs before each timed run. Each pair runs alternately
(order swapped every round), --rounds times, page cache warm for both; wall time is dominated by writing ~1.6 GiB
to disk, so it is noisy on a shared machine: best, median and CPU time are printed;
both outputs are checked with `qemu-img compare`. Prints one line per source and the time ratio ours/qemu.

    .venv/bin/python bench/vhd_convert.py [--size-gib 16] [--data-percent 10] [--rounds 3] [--out-dir DIR]

Sources are kept under out/bench/vhd/ and reused by later runs with the same parameters.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from azskernel.vhd import convert_vhd

MiB = 1024 * 1024
GiB = 1024 * MiB
OUT = Path("out/bench/vhd")


def make_sources(qemu_img: str, size: int, percent: int) -> dict[str, tuple[Path, str]]:
    tag = f"{size // GiB}g-{percent}p"
    raw = OUT / f"source-{tag}.raw"
    dynamic = OUT / f"source-{tag}.vhd"
    vhdx = OUT / f"source-{tag}.vhdx"
    if not (dynamic.exists() and vhdx.exists()):
        OUT.mkdir(parents=True, exist_ok=True)
        print(f"making a {size // GiB} GiB raw image with {percent}% random data in 1 MiB extents ...", flush=True)
        rng = random.Random(7)
        pool = os.urandom(64 * MiB)
        extents = sorted(rng.sample(range(size // MiB), size // MiB * percent // 100))
        with open(raw, "wb") as f:
            f.truncate(size)
            for index in extents:
                start = rng.randrange(0, len(pool) - MiB)
                os.pwrite(f.fileno(), pool[start : start + MiB], index * MiB)
        for dst, fmt, options in ((dynamic, "vpc", "subformat=dynamic,force_size=on"), (vhdx, "vhdx", "")):
            cmd = [qemu_img, "convert", "-f", "raw", "-O", fmt] + (["-o", options] if options else [])
            subprocess.run(cmd + [str(raw), str(dst)], check=True)
        raw.unlink()
    return {"dynamic VHD": (dynamic, "vpc"), "VHDX": (vhdx, "vhdx")}


def timed(action, who: int) -> tuple[float, float]:
    """(wall seconds, CPU seconds) of one run; `who` is RUSAGE_SELF for ours, RUSAGE_CHILDREN for qemu-img."""
    os.sync()  # the previous run's write-back must not land on this one
    before = resource.getrusage(who)
    start = time.perf_counter()
    action()
    wall = time.perf_counter() - start
    after = resource.getrusage(who)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size-gib", type=int, default=16)
    parser.add_argument("--data-percent", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--out-dir", type=Path, default=OUT,
                        help="where the outputs go; /dev/shm (tmpfs) takes the disk out and compares the pipelines")
    args = parser.parse_args()
    qemu_img = shutil.which("qemu-img")
    if qemu_img is None:
        print("qemu-img is missing: install Debian's qemu-utils", file=sys.stderr)
        return 1
    sources = make_sources(qemu_img, args.size_gib * GiB, args.data_percent)
    args.out_dir.mkdir(parents=True, exist_ok=True)
    ours_out, qemu_out = args.out_dir / "ours.vhd", args.out_dir / "qemu.vhd"
    worst = 0.0
    results: dict[tuple[str, bool], tuple[list, list]] = {}
    for name, (source, fmt) in sources.items():
        subprocess.run(["cat", str(source)], stdout=subprocess.DEVNULL, check=True)  # warm the page cache
        for durable, cache in ((True, "writeback"), (False, "unsafe")):
            ours: list[tuple[float, float]] = []
            peer: list[tuple[float, float]] = []

            def run_ours() -> None:
                ours.append(timed(lambda: convert_vhd(source, ours_out, durable=durable), resource.RUSAGE_SELF))

            def run_qemu() -> None:
                peer.append(timed(lambda: subprocess.run(
                    [qemu_img, "convert", "-t", cache, "-f", fmt, "-O", "vpc", "-o", "subformat=fixed,force_size=on",
                     str(source), str(qemu_out)], check=True), resource.RUSAGE_CHILDREN))

            for round_ in range(args.rounds):
                for out in (ours_out, qemu_out):
                    out.unlink(missing_ok=True)
                for run in ((run_ours, run_qemu) if round_ % 2 else (run_qemu, run_ours)):
                    run()
            results[(name, durable)] = (ours, peer)
        for out in (ours_out, qemu_out):
            same = subprocess.run([qemu_img, "compare", "-f", fmt, "-F", "vpc", str(source), str(out)],
                                  capture_output=True, text=True)
            if same.returncode != 0:
                print(f"{name}: {out.name} differs from the source: {same.stdout.strip()}", file=sys.stderr)
                return 1
        used = {out.name: out.stat().st_blocks * 512 / GiB for out in (ours_out, qemu_out)}
        for durable in (True, False):
            ours, peer = results[(name, durable)]
            best_ours, best_qemu = min(w for w, _ in ours), min(w for w, _ in peer)
            median_ours, median_qemu = (statistics.median(w for w, _ in ours),
                                        statistics.median(w for w, _ in peer))
            cpu_ours, cpu_qemu = min(c for _, c in ours), min(c for _, c in peer)
            ratio = best_ours / best_qemu
            worst = max(worst, ratio)
            mode = "flushed (ours durable=True, qemu -t writeback)" if durable else \
                "not flushed (ours durable=False, qemu default -t unsafe)"
            print(f"{name}, {args.size_gib} GiB, {args.data_percent}% data, {mode}, {args.rounds} rounds:\n"
                  f"    ours     best {best_ours:5.2f} s, median {median_ours:5.2f} s, CPU {cpu_ours:4.2f} s, "
                  f"{used['ours.vhd']:.2f} GiB on disk\n"
                  f"    qemu-img best {best_qemu:5.2f} s, median {median_qemu:5.2f} s, CPU {cpu_qemu:4.2f} s, "
                  f"{used['qemu.vhd']:.2f} GiB on disk\n"
                  f"    time ratio ours/qemu-img: best {ratio:.2f}, median {median_ours / median_qemu:.2f}", flush=True)
    for out in (ours_out, qemu_out):
        out.unlink(missing_ok=True)
    print(f"worst time ratio ours/qemu-img: {worst:.2f} ({'no slower' if worst <= 1.0 else 'slower'} than qemu-img)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
