"""Interrupt latency (goal: under 2 s): from SIGINT to the stopped cell, for a cell stuck in a catastrophic
regular expression and for one sleeping in a cmdlet, in the Jupyter kernel and in `azs -File`.

Starts the real kernel (spec in a temporary JUPYTER_PATH) and `azs -File` processes; interrupts each cell
after it has run for a while, and times until the kernel's reply (or the process's exit).
Run: `.venv/bin/python bench/interrupt.py [--runs N]`.
"""

from __future__ import annotations

import argparse
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from jupyter_client.kernelspec import KernelSpecManager
from jupyter_client.manager import KernelManager

from azskernel.jupyter.install import KERNEL_NAME, write_kernelspec

GOAL = 2.0
CELLS = {
    "regex": "('a' * 40 + '!') -match '^(a+)+$'",
    "sleep": "Start-Sleep -Seconds 60",
}


def kernel_latencies(runs: int, folder: Path) -> dict[str, list[float]]:
    write_kernelspec(folder / "kernels" / KERNEL_NAME)
    manager = KernelManager(kernel_name=KERNEL_NAME,
                            kernel_spec_manager=KernelSpecManager(kernel_dirs=[str(folder / "kernels")]))
    manager.start_kernel(env={**os.environ, "AZS_CONFIG_DIR": str(folder / "config")})
    client = manager.client()
    client.start_channels()
    client.wait_for_ready(timeout=60)
    out: dict[str, list[float]] = {name: [] for name in CELLS}
    try:
        # A first cell makes the session (a second or two): an interrupt then stops the cell before it ran.
        client.execute_interactive("'warm'", timeout=60, output_hook=lambda msg: None)
        for name, code in CELLS.items():
            for _ in range(runs):
                msg_id = client.execute(code)
                time.sleep(1.0)
                began = time.monotonic()
                manager.interrupt_kernel()
                while True:
                    reply = client.get_shell_msg(timeout=60)
                    if reply["parent_header"].get("msg_id") == msg_id:
                        break
                out[name].append(time.monotonic() - began)
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)
    return out


def file_latencies(runs: int, folder: Path) -> dict[str, list[float]]:
    out: dict[str, list[float]] = {name: [] for name in CELLS}
    for name, code in CELLS.items():
        marker = folder / f"{name}.started"
        script = folder / f"{name}.ps1"
        script.write_text(f"Set-Content -Path '{marker}' -Value go\n{code}\n", encoding="utf-8")
        for _ in range(runs):
            marker.unlink(missing_ok=True)
            child = subprocess.Popen([sys.executable, "-m", "azskernel.cli", "-NoProfile", "-File", str(script)],
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            while not marker.exists():
                time.sleep(0.02)
            time.sleep(1.0)
            began = time.monotonic()
            child.send_signal(signal.SIGINT)
            child.wait(60)
            out[name].append(time.monotonic() - began)
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    worst = 0.0
    with tempfile.TemporaryDirectory() as tmp:
        results = {"kernel": kernel_latencies(args.runs, Path(tmp)), "azs -File": file_latencies(args.runs, Path(tmp))}
    for front, by_cell in results.items():
        for cell, times in by_cell.items():
            worst = max(worst, max(times))
            print(f"interrupt {front:10} {cell:6}: median {statistics.median(times):.2f} s, worst {max(times):.2f} s "
                  f"(goal < {GOAL:.0f} s)")
    print("PASS" if worst < GOAL else "FAIL")
    return 0 if worst < GOAL else 1


if __name__ == "__main__":
    sys.exit(main())
