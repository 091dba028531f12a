"""Test-AzsImage on 127 GiB images, cold: the time and the bytes read, per image and container.

Images (built once under out/bench/imagecheck/, without mounting): the Ubuntu sample tree on ext4 and on XFS, and
the Windows sample on NTFS, each a 127 GiB disk as a dynamic VHD (and the ext4 one as VHDX and fixed VHD too).
Each run is a fresh process, timed around `check_image` alone (the interpreter and import time are printed apart).

"Cold" means the page cache holds none of the image: as root, `sync` then `echo 3 > /proc/sys/vm/drop_caches`
before every run; without root, `posix_fadvise(DONTNEED)` on the image file (evicts its clean pages, which is all
this reads). The script says which it used. Bytes read: what check_image asked of the disk view (`counted`, holes
included, which cost nothing), what the process read through system calls (`rchar` of /proc/self/io, the file's
bytes actually copied) and what the block layer fetched from storage (`read_bytes`, readahead included). Budget from
the issue: under 1 s and under 64 MiB per image.

    .venv/bin/python bench/imagecheck.py [--rounds 3] [--out-dir DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

MiB = 1024 * 1024
SIZE_MIB = 127 * 1024
BUDGET_SECONDS = 1.0
BUDGET_BYTES = 64 * MiB

CHILD = r"""
import json, sys, time
started = time.perf_counter()
from azskernel.imagecheck import check_image
imported = time.perf_counter()
def io():
    fields = dict(l.split(": ") for l in open("/proc/self/io").read().splitlines() if l)
    return int(fields["rchar"]), int(fields["read_bytes"])
before = io()
t = time.perf_counter()
report = check_image(sys.argv[1])
elapsed = time.perf_counter() - t
after = io()
print(json.dumps({"seconds": elapsed, "import": imported - started, "counted": report.bytes_read,
                  "rchar": after[0] - before[0], "disk": after[1] - before[1],
                  "errors": [r.Id for r in report.errors],
                  "cannot": [r.Id for r in report.results if r.Status == "CannotInspect"]}))
"""


def build(out: Path) -> dict[str, Path]:
    from azskernel.imagecheck.testing import convert, linux_disk, ubuntu_tree, windows_tree
    from azskernel.imagecheck.testing.disks import Part, build_disk, ntfs

    out.mkdir(parents=True, exist_ok=True)
    made: dict[str, Path] = {}
    sources = {
        "ubuntu-ext4": lambda p: linux_disk(p, ubuntu_tree(), size_mib=SIZE_MIB),
        "ubuntu-xfs": lambda p: linux_disk(p, ubuntu_tree(), fs="xfs", size_mib=SIZE_MIB),
        "windows-ntfs": lambda p: build_disk(p, [Part(100, ntfs({"/bootmgr": b"BOOTMGR"}, label="System Reserved"), "7",
                                                      bootable=True), Part(None, ntfs(windows_tree()), "7")],
                                             size_mib=SIZE_MIB),
    }
    formats = {"ubuntu-ext4": ("vhd-dynamic", "vhdx", "vhd-fixed"), "ubuntu-xfs": ("vhd-dynamic",),
               "windows-ntfs": ("vhd-dynamic",)}
    for name, make in sources.items():
        raw = out / f"{name}.raw"
        for fmt in formats[name]:
            suffix = ".vhdx" if fmt == "vhdx" else ".vhd"
            image = out / f"{name}-{fmt}{suffix}"
            if not image.exists():
                if not raw.exists():
                    print(f"building {raw.name} (127 GiB, sparse)", flush=True)
                    make(raw)
                convert(raw, fmt, image)
            made[f"{name} {fmt}"] = image
        raw.unlink(missing_ok=True)
    return made


def make_cold(image: Path) -> str:
    try:
        subprocess.run(["sync"], check=True)
        Path("/proc/sys/vm/drop_caches").write_text("3\n")
        return "drop_caches"
    except OSError:
        fd = os.open(image, os.O_RDONLY)
        try:
            os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
        finally:
            os.close(fd)
        return "fadvise"


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--out-dir", type=Path, default=Path("out/bench/imagecheck"))
    args = parser.parse_args(argv)
    images = build(args.out_dir)
    over_budget = False
    print(f"{'image':28} {'container MB':>12} {'cold s (median/max)':>20} {'import s':>8} {'counted MiB':>11} "
          f"{'rchar MiB':>9} {'disk MiB':>8}  errors / cannot inspect")
    for name, image in images.items():
        runs = []
        how = ""
        for _ in range(args.rounds):
            how = make_cold(image)
            done = subprocess.run([sys.executable, "-c", CHILD, str(image)], capture_output=True, text=True,
                                  check=True)
            runs.append(json.loads(done.stdout))
        seconds = [r["seconds"] for r in runs]
        last = runs[-1]
        worst_bytes = max(max(r["rchar"], r["counted"]) for r in runs)
        over_budget |= max(seconds) >= BUDGET_SECONDS or worst_bytes >= BUDGET_BYTES
        on_disk = image.stat().st_blocks * 512 / 1e6
        print(f"{name:28} {on_disk:12.1f} {statistics.median(seconds):10.3f} / {max(seconds):.3f} "
              f"{statistics.median(r['import'] for r in runs):8.3f} {last['counted'] / MiB:11.2f} "
              f"{last['rchar'] / MiB:9.2f} {last['disk'] / MiB:8.2f}  {','.join(last['errors']) or '-'} / "
              f"{','.join(last['cannot']) or '-'}   [{how}]", flush=True)
    print(f"budget: under {BUDGET_SECONDS:.0f} s and under {BUDGET_BYTES // MiB} MiB read per image: "
          f"{'EXCEEDED' if over_budget else 'met'}")
    return 1 if over_budget else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
