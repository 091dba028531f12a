"""The one version string, read from the installed distribution's metadata (pyproject.toml's `version`).

Everything that shows a version reads it here: `azs --version`, the kernel's implementation_version, the
User-Agent of the Azure clients and of the web cmdlets. No third-party import, so every layer may use it.
"""

from __future__ import annotations

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


USER_AGENT: Final = f"azs-notebook/{__version__}"
"""The product token every HTTP client of ours sends (azure-core's UserAgentPolicy puts it before its own)."""


__all__ = ["DISTRIBUTION", "POWERSHELL_COMPAT", "__version__", "USER_AGENT", "banner"]
