"""The Azure cmdlets, registered into an engine session's command registry by `register(registry)`.

Importing this package (and its modules) imports no Azure SDK: they load inside the functions, so that
startup and tab completion stay fast. The AzureRM names resolve as `Enable-AzureRmAlias` makes them
(Add-AzureRmVhd -> Add-AzVhd, ...).
"""

from __future__ import annotations

from typing import Any

from . import (accounts, compute, compute_admin, extensions, gallery, gallery_package, resources, storage,
               storage_content, target)

MODULES = (accounts, resources, storage, storage_content, compute, compute_admin, extensions, gallery_package, gallery,
           target)


def all_commands() -> list[Any]:
    return [c for m in MODULES for c in m.COMMANDS]


def azurerm_alias(name: str) -> str | None:
    """`Verb-AzNoun` -> `Verb-AzureRmNoun` (Azs* and other names have none)."""
    verb, _, noun = name.partition("-")
    if noun.startswith("Az") and not noun.startswith("Azs") and len(noun) > 2 and noun[2].isupper():
        return f"{verb}-AzureRm{noun[2:]}"
    return None


def register(registry: Any) -> None:
    from azskernel.runtime.cmdlet import command_info

    for command in all_commands():
        info = command_info(command)
        registry.register(command, module=info.module)
        alias = azurerm_alias(info.name)
        if alias and registry.resolve(alias) is None:
            registry.add_alias(alias, info.name)
        for extra in getattr(_ALIASES, info.name, ()):
            registry.add_alias(extra, info.name)
    from ..records import register_views

    register_views()


class _ALIASES:
    """Az's own extra aliases that are not AzureRM renames."""


__all__ = ["register", "all_commands", "azurerm_alias"]
