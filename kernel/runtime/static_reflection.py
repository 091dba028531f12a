"""`[System.Reflection.Assembly]`: what operator modules call at load time (`LoadWithPartialName('System.Web')`).

The .NET framework's own assemblies are "loaded" already (their types this shell has are built in); an assembly
from a file, or any other name, cannot be: the error names it and says why.
"""

from __future__ import annotations

import os
from typing import Any

from azskernel.runtime.conversion import to_string
from azskernel.runtime.errors import ErrorCategory, RuntimeException

_FRAMEWORK = ("System", "Microsoft.PowerShell", "Microsoft.CSharp", "Microsoft.VisualBasic", "Microsoft.Win32",
              "mscorlib", "netstandard", "WindowsBase")
_WINDOWS_ONLY = ("System.Windows.Forms", "System.Drawing", "PresentationFramework", "PresentationCore",
                 "Microsoft.VisualBasic.Forms", "System.DirectoryServices.AccountManagement", "System.Management")


class Assembly:
    """A loaded assembly as `[Reflection.Assembly]::Load…` returns it."""

    ps_type_names = ("System.Reflection.RuntimeAssembly", "System.Reflection.Assembly", "System.Object")

    def __init__(self, name: str) -> None:
        self.name = name

    @property
    def full_name(self) -> str:
        return f"{self.name}, Version=8.0.0.0, Culture=neutral, PublicKeyToken=b03f5f7f11d50a3a"

    def ps_properties(self) -> list[tuple[str, Any]]:
        return [("GlobalAssemblyCache", False), ("Location", ""), ("FullName", self.full_name),
                ("ImageRuntimeVersion", "v4.0.30319"), ("IsDynamic", False), ("ReflectionOnly", False)]

    def ps_to_string(self) -> str:
        return self.full_name

    def GetName(self) -> Any:  # noqa: N802
        from azskernel.runtime.values import PSObject

        return PSObject([("Name", self.name), ("FullName", self.full_name)])

    def GetTypes(self) -> list[Any]:  # noqa: N802
        return []


def _is_framework(name: str) -> bool:
    stem = name.split(",", 1)[0].strip()
    return any(stem == f or stem.startswith(f + ".") for f in _FRAMEWORK)


_METHODS = {"load": "Load", "loadfrom": "LoadFrom", "loadfile": "LoadFile", "unsafeloadfrom": "UnsafeLoadFrom",
            "loadwithpartialname": "LoadWithPartialName"}


def _cannot_load(lname: str, what: str, why: str) -> RuntimeException:
    return RuntimeException(
        f'Exception calling "{_METHODS[lname]}" with "1" argument(s): "Could not load file or assembly \'{what}\'. {why}"',
        error_id="FileNotFoundException", category=ErrorCategory.NotImplemented, target=what)


def assembly_static(lname: str, args: list[Any]) -> Any:
    """[System.Reflection.Assembly]::Load / LoadWithPartialName / LoadFrom / LoadFile / GetExecutingAssembly."""
    if lname in ("getexecutingassembly", "getcallingassembly", "getentryassembly"):
        return Assembly("System.Management.Automation")
    if not args:
        raise KeyError(lname)
    name = to_string(args[0])
    if lname in ("load", "loadwithpartialname"):
        stem = name.split(",", 1)[0].strip()
        if stem in _WINDOWS_ONLY:
            if lname == "loadwithpartialname":
                return None  # pwsh on Linux: the Windows desktop assemblies are not there
            raise _cannot_load(lname, name, "It is a Windows desktop assembly, which does not exist on this system.")
        if _is_framework(stem):
            return Assembly(stem)
        if lname == "loadwithpartialname":
            return None
        raise _cannot_load(lname, name, "This shell runs on Python, not .NET: only the framework's own assemblies are there.")
    if lname in ("loadfrom", "loadfile", "unsafeloadfrom"):
        raise _cannot_load(lname, os.path.basename(name), f"'{name}' is a .NET assembly, which this shell (Python, not .NET) cannot load.")
    raise KeyError(lname)


__all__ = ["Assembly", "assembly_static"]
