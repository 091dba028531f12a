"""Odd requests never put a Python traceback in the kernel's log, and text that UTF-8 cannot carry as it is
([char]0xD800) reaches the frontend as pwsh prints it instead of failing the cell."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from jupyter_client.kernelspec import KernelSpecManager
from jupyter_client.manager import KernelManager

from azskernel.jupyter.install import KERNEL_NAME

from .conftest import Kernel


class LoggedKernel(Kernel):
    """A kernel whose stderr (its log) goes to a file."""

    def __init__(self, kernel_dirs: Path, cwd: Path, log: Path) -> None:
        self.manager = KernelManager(kernel_name=KERNEL_NAME,
                                     kernel_spec_manager=KernelSpecManager(kernel_dirs=[str(kernel_dirs / "kernels")]))
        self._log = open(log, "wb")
        self.manager.start_kernel(cwd=str(cwd), env={**os.environ, "AZS_CONFIG_DIR": str(cwd / ".azs")},
                                  stderr=self._log)
        self.client = self.manager.client()
        self.client.start_channels()
        self.client.wait_for_ready(timeout=60)

    def stop(self) -> None:
        super().stop()
        self._log.close()


@pytest.fixture(scope="module")
def logged(kernel_dirs: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Kernel, Path]]:
    folder = tmp_path_factory.mktemp("odd")
    log = folder / "kernel.log"
    kernel = LoggedKernel(kernel_dirs, folder, log)
    try:
        yield kernel, log
    finally:
        kernel.stop()


def test_out_of_range_cursors_are_answered_quietly(logged) -> None:  # type: ignore[no-untyped-def]
    kernel, log = logged
    for cursor in (10_000, -5):
        reply = kernel.request("inspect", "Get-Date", cursor)
        assert reply["status"] == "ok"
        reply = kernel.request("complete", "Get-Dat", cursor)
        assert reply["status"] == "ok" and 0 <= reply["cursor_start"] <= reply["cursor_end"] <= len("Get-Dat")
    assert kernel.run("'alive'").stream("stdout") == "alive\n"
    assert "Traceback" not in log.read_text(errors="replace")


def test_half_a_utf16_pair_prints_as_a_replacement_character(logged) -> None:  # type: ignore[no-untyped-def]
    kernel, log = logged
    cell = kernel.run("'before'; [char]0xD800; \"a$([char]0xD83D)$([char]0xDE00)b\"; 'after'")
    assert cell.status == "ok"
    assert cell.stream("stdout") == "before\n\ufffd\na\U0001F600b\nafter\n"
    failed = kernel.run("throw ('bad ' + [char]0xDC00)")
    assert failed.status == "error" and failed.reply["content"]["evalue"] == "bad \ufffd"
    assert "Traceback" not in log.read_text(errors="replace")
