"""The one version string, read from the installed distribution's metadata (pyproject.toml's `version`).

Everything that shows a version reads it here: `azs --version`, the kernel's implementation_version, the
User-Agent of the Azure clients and of the web cmdlets. No third-party import, so every layer may use it.
"""

from __future__ import annotations

import platform
from importlib import metadata
from typing import Final

DISTRIBUTION: Final = "azs-notebook"
POWERSHELL_COMPAT: Final = "7.4"
"""The pwsh release whose behaviour the engine follows (`$PSVersionTable` and the docs say the same)."""


def _read() -> str:
    try:
        return metadata.version(DISTRIBUTION)
    except metadata.PackageNotFoundError:  # run from a source tree that was never installed
        return "0+unknown"


__version__: Final = _read()


def banner() -> str:
    """`azs --version`: "azs 0.2.0, PowerShell 7.4-compatible"."""
    return f"azs {__version__}, PowerShell {POWERSHELL_COMPAT}-compatible"


def user_agent(product: str = "azs-notebook") -> str:
    """The product token every HTTP client of ours sends (Azure policies add it to azure-core's own)."""
    return f"{product}/{__version__} (Python {platform.python_version()}; {platform.system()})"


__all__ = ["DISTRIBUTION", "POWERSHELL_COMPAT", "__version__", "banner", "user_agent"]
