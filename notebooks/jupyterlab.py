"""`make lab`: the lab stamp, the azs-powershell kernel and JupyterLab on loopback, in one command.

1. starts the emulated stamp in the background (`azs lab up`; its settings from `azs lab env` are
   passed to JupyterLab so that kernels started from it see them);
2. installs the kernel spec into this virtual environment (`azs kernel install --sys-prefix`), and sets this
   environment's JupyterLab to start a notebook's own kernel when it opens;
3. starts JupyterLab on 127.0.0.1 with a fresh token, in this folder, and prints the URL.
Every runbook and lab then runs as shipped with Run All: its first step (Use-AzsTarget, use_target) finds the
lab's AZS_LAB_* variables in the kernel's environment and fills the parameters left empty from them.
Ctrl-C stops JupyterLab; the stamp keeps running until `make lab-down`.
"""

from __future__ import annotations

import os
import secrets
import shlex
import socket
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
AZS = [sys.executable, "-m", "azskernel.cli"]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_lab() -> dict[str, str]:
    """Starts the stamp; returns the environment `azs lab env` prints (empty when the lab is missing)."""
    up = subprocess.run([*AZS, "lab", "up"], text=True, capture_output=True)
    if up.returncode != 0:
        print(f"warning: `azs lab up` failed ({(up.stderr or up.stdout).strip()[:300]}); JupyterLab starts without the stamp", file=sys.stderr)
        return {}
    print(up.stdout.strip())
    env = subprocess.run([*AZS, "lab", "env", "--format", "shell"], text=True, capture_output=True)
    values: dict[str, str] = {}
    for line in env.stdout.splitlines():
        words = shlex.split(line)
        if len(words) == 2 and words[0] == "export" and "=" in words[1]:
            key, value = words[1].split("=", 1)
            values[key] = value
    return values


def install_kernel() -> None:
    from azskernel.jupyter.install import InstallTarget, install

    where = install(InstallTarget(prefix=sys.prefix))
    print(f"kernel spec azs-powershell installed in {where}")


def start_notebooks_kernels() -> None:
    """JupyterLab otherwise asks which kernel to start (the notebook's own, preselected) before Run All can run:
    this environment's settings overrides (not the user's settings) make it start the notebook's kernel."""
    import json

    path = Path(sys.prefix) / "share" / "jupyter" / "lab" / "settings" / "overrides.json"
    try:
        overrides = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    except ValueError:
        overrides = {}
    overrides.setdefault("@jupyterlab/notebook-extension:tracker", {})["autoStartDefaultKernel"] = True
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(overrides, indent=2), encoding="utf-8")


def main() -> int:
    lab_env = start_lab()
    install_kernel()
    start_notebooks_kernels()
    port = _free_port()
    token = secrets.token_urlsafe(24)
    command = [
        sys.executable, "-m", "jupyterlab", "--no-browser", "--ip=127.0.0.1", f"--port={port}",
        f"--ServerApp.root_dir={HERE}", f"--IdentityProvider.token={token}", "--MappingKernelManager.default_kernel_name=azs-powershell",
    ]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        command.append("--allow-root")  # containers and CI machines run as root; Jupyter refuses without it
    print(f"\nJupyterLab: http://127.0.0.1:{port}/lab?token={token}\n(Ctrl-C stops JupyterLab; `make lab-down` stops the stamp)\n", flush=True)
    server = subprocess.Popen(command, env={**os.environ, **lab_env})
    try:
        return server.wait()
    except KeyboardInterrupt:
        server.terminate()
        try:
            return server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
            return 130


if __name__ == "__main__":
    sys.exit(main())
