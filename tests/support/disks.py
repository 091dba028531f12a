"""Test disks for Test-AzsImage, built once per session on first use (azskernel.imagecheck.testing), in every
container format: `disks.get(name, fmt)` -> the image's path. Cases are registered as builders: a function of
the raw path that makes the raw disk."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

Builder = Callable[[Path], Path]


class Disks:
    def __init__(self, folder: Path, builders: dict[str, Builder]) -> None:
        self.folder = folder
        self.builders = builders
        self._raw: dict[str, Path] = {}
        self._made: dict[tuple[str, str], Path] = {}

    def raw(self, name: str) -> Path:
        if name not in self._raw:
            self._raw[name] = self.builders[name](self.folder / f"{name}.raw")
        return self._raw[name]

    def get(self, name: str, fmt: str = "vhd-fixed") -> Path:
        from azskernel.imagecheck.testing import FORMATS, convert  # imported on use: tests/lab never loads azskernel

        assert fmt in FORMATS, fmt
        key = (name, fmt)
        if key not in self._made:
            self._made[key] = convert(self.raw(name), fmt)
        return self._made[key]


__all__ = ["Disks"]
