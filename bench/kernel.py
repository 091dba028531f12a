"""Kernel latency: start to kernel_info reply (goal < 1.5 s) and a trivial cell's round trip (goal: median < 30 ms).

Starts the real kernel process (the spec written into a temporary JUPYTER_PATH) with jupyter_client,
as a notebook server does. Run: `.venv/bin/python bench/kernel.py [--starts N] [--cells N]`.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

from jupyter_client.manager import KernelManager

from azskernel.jupyter.install import KERNEL_NAME, write_kernelspec

START_GOAL = 1.5
CELL_GOAL = 0.030


def _manager() -> KernelManager:
    return KernelManager(kernel_name=KERNEL_NAME)


def time_start() -> float:
    km = _manager()
    began = time.perf_counter()
    km.start_kernel()
    client = km.client()
    client.start_channels()
    try:
        client.kernel_info(reply=True, timeout=60)
        return time.perf_counter() - began
    finally:
        client.stop_channels()
        km.shutdown_kernel(now=True)


def time_cells(count: int) -> list[float]:
    km = _manager()
    km.start_kernel()
    client = km.client()
    client.start_channels()
    try:
        client.wait_for_ready(timeout=60)
        for _ in range(3):  # the first cells build the session and warm caches
            client.execute_interactive("$warm = 1", timeout=120, output_hook=lambda msg: None)
        times = []
        for i in range(count):
            began = time.perf_counter()
            reply = client.execute_interactive(f"$x = {i}", timeout=60, output_hook=lambda msg: None)
            times.append(time.perf_counter() - began)
            if reply["content"]["status"] != "ok":
                raise SystemExit(f"the trivial cell failed: {reply['content']}")
        return times
    finally:
        client.stop_channels()
        km.shutdown_kernel(now=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--starts", type=int, default=5)
    parser.add_argument("--cells", type=int, default=200)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        write_kernelspec(Path(tmp) / "kernels" / KERNEL_NAME)
        os.environ["JUPYTER_PATH"] = tmp
        starts = [time_start() for _ in range(args.starts)]
        cells = time_cells(args.cells)
    start_median = statistics.median(starts)
    cell_median = statistics.median(cells)
    cell_p90 = statistics.quantiles(cells, n=10)[-1]
    print(f"kernel start -> kernel_info reply: median {start_median:.3f} s, min {min(starts):.3f} s over {len(starts)} starts (goal < {START_GOAL} s): {'OK' if start_median < START_GOAL else 'MISSED'}")
    print(f"trivial cell round trip: median {cell_median * 1000:.1f} ms, p90 {cell_p90 * 1000:.1f} ms over {len(cells)} cells (goal median < {CELL_GOAL * 1000:.0f} ms): {'OK' if cell_median < CELL_GOAL else 'MISSED'}")
    return 0 if start_median < START_GOAL and cell_median < CELL_GOAL else 1


if __name__ == "__main__":
    sys.exit(main())
