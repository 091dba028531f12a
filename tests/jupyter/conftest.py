"""Fixtures for tests that talk to a real kernel process through jupyter_client."""

from __future__ import annotations

import os
import queue
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from jupyter_client.blocking.client import BlockingKernelClient
from jupyter_client.kernelspec import KernelSpecManager
from jupyter_client.manager import KernelManager

from azskernel.jupyter.install import KERNEL_NAME, write_kernelspec


@pytest.fixture(scope="session")
def kernel_dirs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A kernels/ folder holding the spec exactly as `azs kernel install` writes it."""
    root = tmp_path_factory.mktemp("jupyter-path")
    write_kernelspec(root / "kernels" / KERNEL_NAME)
    return root


@dataclass
class Cell:
    reply: dict[str, Any]
    outputs: list[dict[str, Any]] = field(default_factory=list)

    @property
    def status(self) -> str:
        return str(self.reply["content"]["status"])

    def of(self, *types: str) -> list[dict[str, Any]]:
        return [m for m in self.outputs if m["msg_type"] in types]

    def stream(self, name: str) -> str:
        return "".join(m["content"]["text"] for m in self.of("stream") if m["content"]["name"] == name)


class Kernel:
    """A running azs-powershell kernel and a client; `run(code)` returns the reply and iopub outputs."""

    def __init__(self, kernel_dirs: Path, cwd: Path, env: dict[str, str] | None = None) -> None:
        self.manager = KernelManager(kernel_name=KERNEL_NAME, kernel_spec_manager=KernelSpecManager(kernel_dirs=[str(kernel_dirs / "kernels")]))
        self.manager.start_kernel(cwd=str(cwd), env={**os.environ, **(env or {})})
        self.client: BlockingKernelClient = self.manager.client()
        self.client.start_channels()
        self.client.wait_for_ready(timeout=60)

    def run(
        self,
        code: str,
        *,
        timeout: float = 60,
        allow_stdin: bool = False,
        answer: Callable[[dict[str, Any]], str] | None = None,
        during: Callable[[dict[str, Any]], None] | None = None,
    ) -> Cell:
        client = self.client
        msg_id = client.execute(code, allow_stdin=allow_stdin, stop_on_error=False)
        outputs: list[dict[str, Any]] = []
        deadline = time.monotonic() + timeout
        idle = False
        while not idle:
            if time.monotonic() > deadline:
                raise TimeoutError(f"cell did not finish in {timeout} s: {code!r}; got {[m['msg_type'] for m in outputs]}")
            if answer is not None:
                try:
                    request = client.get_stdin_msg(timeout=0.01)
                    client.input(answer(request))
                except queue.Empty:
                    pass
            try:
                msg = client.get_iopub_msg(timeout=0.05)
            except queue.Empty:
                continue
            if msg["parent_header"].get("msg_id") != msg_id:
                continue
            if msg["msg_type"] == "status":
                idle = msg["content"]["execution_state"] == "idle"
                continue
            if msg["msg_type"] == "execute_input":
                continue
            outputs.append(msg)
            if during is not None:
                during(msg)
        reply = client.get_shell_msg(timeout=timeout)
        while reply["parent_header"].get("msg_id") != msg_id:
            reply = client.get_shell_msg(timeout=timeout)
        return Cell(reply, outputs)

    def request(self, method: str, *args: Any, **kwargs: Any) -> dict[str, Any]:
        """complete/inspect/is_complete/history: sends and returns the reply content."""
        msg_id = getattr(self.client, method)(*args, **kwargs)
        reply = self.client.get_shell_msg(timeout=30)
        while reply["parent_header"].get("msg_id") != msg_id:
            reply = self.client.get_shell_msg(timeout=30)
        return dict(reply["content"])

    def stop(self) -> None:
        self.client.stop_channels()
        self.manager.shutdown_kernel(now=True)


@pytest.fixture(scope="module")
def kernel(kernel_dirs: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Kernel]:
    folder = tmp_path_factory.mktemp("kernel-cwd")
    # Nothing a test kernel does may touch the user's Azure profile.
    running = Kernel(kernel_dirs, folder, {"AZS_CONFIG_DIR": str(folder / ".azs-config")})
    try:
        yield running
    finally:
        running.stop()
