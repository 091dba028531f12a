"""Why a layer of the image could not be read.

    InspectError                    a layer cannot be read: the checks that need it say "cannot inspect" and why
    ├── ReaderMissingError          the file-system or registry reader (a libyal binding) is not installed
    └── LayerUnreadableError        the bytes are there but not readable: corrupt, encrypted, unsupported feature

Nothing here reaches the user as a traceback: the check runner turns every InspectError into a record.
Errors about the path itself (no such file) are azskernel.vhd's VhdPathError, raised unchanged.
"""

from __future__ import annotations

INSTALL_HINT = "pip install 'azs-notebook[imagecheck]'"


class InspectError(Exception):
    """A layer of the image cannot be read; `reason` says which and why, in one sentence."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class ReaderMissingError(InspectError):
    def __init__(self, module: str, package: str) -> None:
        super().__init__(f"the {package} reader (Python module {module}) is not installed: install it with "
                         f"{INSTALL_HINT}")
        self.module = module
        self.package = package


class LayerUnreadableError(InspectError):
    pass


__all__ = ["INSTALL_HINT", "InspectError", "LayerUnreadableError", "ReaderMissingError"]
