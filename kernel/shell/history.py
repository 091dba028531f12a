"""The shell's history file: private (0600), and without the lines that may hold a secret
(`azskernel.language.sensitive`, PSReadLine's rule), which stay in the session's memory only."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from azskernel.language.sensitive import is_sensitive

__all__ = ["file_history", "is_sensitive", "private_file"]


def private_file(path: Path) -> Path:
    """Make sure `path` exists with mode 0600 (and a new parent folder 0700); returns it."""
    if not path.parent.exists():
        path.parent.mkdir(parents=True, mode=0o700)
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        os.fchmod(fd, 0o600)  # an existing file keeps the mode it was created with: tighten it
    finally:
        os.close(fd)
    return path


def file_history(path: Path) -> Any:
    """A prompt_toolkit history on `path` that keeps sensitive lines in memory only."""
    from prompt_toolkit.history import FileHistory

    class PrivateFileHistory(FileHistory):
        def store_string(self, string: str) -> None:
            if not is_sensitive(string):
                super().store_string(string)

    return PrivateFileHistory(str(private_file(path)))
