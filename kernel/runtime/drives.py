"""PowerShell drives: names that stand for a provider's root (`/`, `Temp:`, `Env:`, `Alias:`, `Variable:`,
`Function:`, and those New-PSDrive adds), and the session's location among them.

A path is drive-qualified (`Env:PATH`, `Temp:/x`, `RvpaTest:\\file.txt`) or provider-qualified (`FileSystem::/tmp`,
`Microsoft.PowerShell.Core\\Alias::gci`); `Drives.split` takes either apart. FileSystem drives map onto real
directories (`Session.resolve_path` turns their paths into Paths); the other providers' items are the session's
own (environment variables, aliases, variables, functions: commands/providers.py serves them).

The location is a FileSystem path plus the drive it was reached through, or a non-FileSystem drive's root;
`Set-Location -` and `+` walk a bounded history of earlier locations.
"""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

FILESYSTEM = "FileSystem"
PROVIDERS = ("FileSystem", "Environment", "Alias", "Variable", "Function")
"""The providers there are, by their short names (Microsoft.PowerShell.Core\\<name>)."""

_PROVIDER_ALIASES = {"filesystem": "FileSystem", "environment": "Environment", "env": "Environment",
                     "alias": "Alias", "variable": "Variable", "function": "Function"}

HISTORY_LIMIT = 20
"""How many earlier locations `Set-Location -` remembers (pwsh's MaximumLocationHistory... 20)."""


@dataclass
class PSDrive:
    name: str
    provider: str
    root: str
    description: str = ""
    current: str = ""
    """For a FileSystem drive, the last location reached through it (`Set-Location Z:` goes back there)."""

    ps_type_names = ("System.Management.Automation.PSDriveInfo", "System.Object")

    @property
    def is_filesystem(self) -> bool:
        return self.provider == FILESYSTEM

    def ps_properties(self) -> list[tuple[str, Any]]:
        return [("Name", self.name), ("Provider", ProviderInfo(self.provider)), ("Root", self.root),
                ("CurrentLocation", self.current_location()), ("Description", self.description)]

    def current_location(self) -> str:
        if not self.is_filesystem or not self.current:
            return ""
        relative = os.path.relpath(self.current, self.root)
        return "" if relative == "." else relative

    def ps_to_string(self) -> str:
        return self.name


@dataclass(frozen=True)
class ProviderInfo:
    name: str

    ps_type_names = ("System.Management.Automation.ProviderInfo", "System.Object")

    def ps_properties(self) -> list[tuple[str, Any]]:
        home = str(Path.home()) if self.name == FILESYSTEM else ""
        return [("Name", self.name), ("Home", home), ("ModuleName", "Microsoft.PowerShell.Core"),
                ("PSSnapIn", "Microsoft.PowerShell.Core"), ("Description", "")]

    def ps_to_string(self) -> str:
        return f"Microsoft.PowerShell.Core\\{self.name}"


class PathInfo:
    """$PWD, Get-Location, Resolve-Path: a location as written (`Path`, drive-qualified when it was reached through a
    drive) and as the provider sees it (`ProviderPath`); prints as `Path`."""

    ps_type_names = ("System.Management.Automation.PathInfo", "System.Object")

    def __init__(self, path: str, provider_path: str | None = None, drive: PSDrive | None = None,
                 provider: str = FILESYSTEM) -> None:
        self.Path = path
        self.ProviderPath = provider_path if provider_path is not None else path
        self.Drive = drive
        self.Provider = ProviderInfo(provider)

    def ps_properties(self) -> list[tuple[str, Any]]:
        return [("Drive", self.Drive), ("Provider", self.Provider), ("ProviderPath", self.ProviderPath),
                ("Path", self.Path)]

    def ps_to_string(self) -> str:
        return self.Path

    def __str__(self) -> str:
        return self.Path


@dataclass
class Drives:
    """The session's drives by folded name, the drive of the current location, and the location history."""

    table: dict[str, PSDrive] = field(default_factory=dict)
    current: PSDrive | None = None
    """The drive the location was reached through when it is not `/` (a non-FileSystem one, or a New-PSDrive)."""
    back: list[tuple[Path, PSDrive | None]] = field(default_factory=list)
    forward: list[tuple[Path, PSDrive | None]] = field(default_factory=list)

    def __post_init__(self) -> None:
        for drive in (PSDrive("/", FILESYSTEM, "/"), PSDrive("Temp", FILESYSTEM, tempfile.gettempdir()),
                      PSDrive("Env", "Environment", ""), PSDrive("Alias", "Alias", ""),
                      PSDrive("Variable", "Variable", ""), PSDrive("Function", "Function", "")):
            self.table[drive.name.casefold()] = drive

    def get(self, name: str) -> PSDrive | None:
        return self.table.get(name.casefold())

    def add(self, drive: PSDrive) -> None:
        self.table[drive.name.casefold()] = drive

    def remove(self, name: str) -> PSDrive | None:
        drive = self.table.pop(name.casefold(), None)
        if drive is not None and self.current is drive:
            self.current = None
        return drive

    def for_provider(self, provider: str) -> PSDrive | None:
        return next((d for d in self.table.values() if d.provider == provider), None)

    def split(self, path: str) -> tuple[PSDrive, str] | None:
        """The drive a drive- or provider-qualified path is on, and the rest of the path (separators as written);
        None for a plain path."""
        if "::" in path:
            provider, _, rest = path.partition("::")
            short = provider.rsplit("\\", 1)[-1].casefold()
            name = _PROVIDER_ALIASES.get(short)
            if name is not None:
                if name == FILESYSTEM:
                    return self.table["/"], rest
                drive = self.for_provider(name)
                if drive is not None:
                    return drive, rest.lstrip("\\/")
            return None
        colon = path.find(":")
        if colon <= 0:
            return None
        drive = self.table.get(path[:colon].casefold())
        if drive is None or drive.name == "/":
            return None
        return drive, path[colon + 1:]

    def filesystem_path(self, drive: PSDrive, rest: str) -> Path:
        """A FileSystem drive's path as a real one: relative to the drive's root."""
        text = rest.replace("\\", "/")
        if drive.name == "/":
            return Path(os.path.normpath(text)) if text.startswith("/") else Path(os.path.normpath(text or "/"))
        return Path(os.path.normpath(os.path.join(drive.root, text.lstrip("/"))))

    def display(self, location: Path) -> str:
        """The location as Get-Location writes it: a drive's name and the path below its root."""
        drive = self.current
        if drive is None:
            return str(location)
        if not drive.is_filesystem:
            return f"{drive.name}:\\"
        relative = os.path.relpath(location, drive.root)
        return f"{drive.name}:{os.sep}" + ("" if relative == "." else relative)

    def path_info(self, location: Path) -> PathInfo:
        drive = self.current
        provider = drive.provider if drive is not None else FILESYSTEM
        provider_path = str(location) if provider == FILESYSTEM else ""
        return PathInfo(self.display(location), provider_path, drive or self.table["/"], provider)

    def remember(self, left: tuple[Path, PSDrive | None]) -> None:
        """A Set-Location left this location: it becomes the latest `-` target, and `+` starts over."""
        self.back.append(left)
        del self.back[:-HISTORY_LIMIT]
        self.forward.clear()


__all__ = ["FILESYSTEM", "HISTORY_LIMIT", "PROVIDERS", "Drives", "PSDrive", "PathInfo", "ProviderInfo"]
