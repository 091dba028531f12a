"""Variables shared between IPython's user namespace and the PowerShell session.

`$name` in a magic finds the PowerShell variable, else the Python variable `name` (an exact match, or the
only one that matches case-insensitively); an assignment `$name = ...` in `%%pwsh` is visible to Python as
`name`. Nothing is copied wholesale: before a run the bridge reads which variables the script uses (from
the engine's own AST) and imports those; after it, it exports those the script assigned at top level.

Whichever side changed a shared variable last wins: the bridge remembers the object both sides agreed on
at the last sync, so `x = 5` in Python after `$x = 1` in `%%pwsh` makes `$x` 5 in the next magic.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, MutableMapping
from dataclasses import dataclass
from typing import Any

# Automatic and preference variables the engine owns: never looked up in, or exported to, Python.
AUTOMATIC = frozenset(
    n.casefold()
    for n in (
        "_", "PSItem", "args", "input", "this", "true", "false", "null", "Error", "Host", "Matches",
        "PSBoundParameters", "PWD", "HOME", "PSScriptRoot", "PSCommandPath", "LASTEXITCODE", "OFS",
        "PSCmdlet", "MyInvocation", "ExecutionContext", "PID", "PSVersionTable", "IsWindows", "IsLinux",
        "IsMacOS", "IsCoreCLR", "foreach", "switch", "sender", "event", "EventArgs", "StackTrace",
        "ConfirmPreference", "DebugPreference", "ErrorActionPreference", "InformationPreference",
        "ProgressPreference", "VerbosePreference", "WarningPreference", "WhatIfPreference",
        "ErrorView", "FormatEnumerationLimit", "NestedPromptLevel", "PSHOME", "ShellId", "PSEdition",
    )
)
_PS_SCOPES = (None, "global", "script", "local")


@dataclass(frozen=True)
class Usage:
    """The variables a script reads and those it assigns at its top level."""

    read: tuple[str, ...]
    assigned: tuple[str, ...]


def _children(node: Any) -> Iterator[Any]:
    if dataclasses.is_dataclass(node) and not isinstance(node, type):
        for f in dataclasses.fields(node):
            yield from _values(getattr(node, f.name, None))
    return


def _values(value: Any) -> Iterator[Any]:
    if isinstance(value, list | tuple):
        for item in value:
            yield from _values(item)
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        yield value


def _walk(node: Any, *, nested: bool) -> Iterator[tuple[Any, bool]]:
    """Every AST node with whether it sits inside a function or script block (a child scope)."""
    yield node, nested
    kind = type(node).__name__
    inner = nested or kind in ("FunctionDefinitionAst", "ScriptBlockExpressionAst")
    for child in _children(node):
        if type(child).__name__ == "Source":
            continue
        yield from _walk(child, nested=inner)


def _variable_name(node: Any) -> str | None:
    if type(node).__name__ != "VariableExpressionAst":
        return None
    if getattr(node, "scope", None) not in _PS_SCOPES:
        return None
    name = str(node.name)
    return None if name.casefold() in AUTOMATIC else name


def _assigned_target(left: Any) -> str | None:
    """`$x = …` and `[int]$x = …` assign `x`; `$x.P = …` and `$x[0] = …` change an object, not the name."""
    if type(left).__name__ == "ConvertExpressionAst":
        left = left.operand
    return _variable_name(left)


def usage(tree: Any) -> Usage:
    read: dict[str, str] = {}
    assigned: dict[str, str] = {}
    for node, nested in _walk(tree, nested=False):
        name = _variable_name(node)
        if name is not None:
            read.setdefault(name.casefold(), name)
        if not nested and type(node).__name__ == "AssignmentStatementAst":
            target = _assigned_target(node.left)
            if target is not None:
                assigned.setdefault(target.casefold(), target)
    return Usage(tuple(read.values()), tuple(assigned.values()))


def python_name(namespace: MutableMapping[str, Any], name: str) -> str | None:
    """`name` in the namespace: exact, else the one case-insensitive match; None if none or ambiguous."""
    if not name.isidentifier() or name.startswith("_"):
        return None
    if name in namespace:
        return name
    folded = name.casefold()
    matches = [k for k in namespace if isinstance(k, str) and k.casefold() == folded and not k.startswith("_")]
    return matches[0] if len(matches) == 1 else None


class VariableBridge:
    """Imports what a script reads from Python and exports what it assigns, around each run."""

    def __init__(self, namespace: MutableMapping[str, Any]) -> None:
        self.namespace = namespace
        self._synced: dict[str, tuple[str, Any]] = {}
        """PowerShell name (folded) -> (Python name, the object both sides held at the last sync)."""

    def _ps_names(self, session: Any) -> set[str]:
        return {str(n).casefold() for n in session.variable_names()}

    def before(self, session: Any, tree: Any) -> Usage:
        """Make every variable the script reads and only Python has (or Python changed) a PowerShell one."""
        found = usage(tree)
        defined = self._ps_names(session)
        for name in found.read:
            py = python_name(self.namespace, name)
            if py is None:
                continue
            value = self.namespace[py]
            key = name.casefold()
            synced = self._synced.get(key)
            if key not in defined:
                self._import(session, name, py, value)
            elif synced is not None and synced[1] is not value and _same(session.get_variable(name), synced[1]):
                self._import(session, name, py, value)  # Python reassigned it since the last sync
        return found

    def after(self, session: Any, found: Usage) -> None:
        """Export every variable the script assigned at its top level to Python, under the same name."""
        defined = self._ps_names(session)
        for name in found.assigned:
            key = name.casefold()
            if key not in defined or not name.isidentifier() or name.startswith("_"):
                continue
            value = session.get_variable(name)
            synced = self._synced.get(key)
            py = synced[0] if synced is not None else (python_name(self.namespace, name) or name)
            self.namespace[py] = value
            self._synced[key] = (py, value)

    def _import(self, session: Any, name: str, py: str, value: Any) -> None:
        session.set_variable(name, value)
        self._synced[name.casefold()] = (py, value)


def _same(a: Any, b: Any) -> bool:
    if a is b:
        return True
    try:
        return bool(a == b) if isinstance(a, str | int | float | bool) else False
    except Exception:  # noqa: BLE001 - an odd __eq__ means "not the same"
        return False


__all__ = ["AUTOMATIC", "Usage", "VariableBridge", "python_name", "usage"]
