"""The scope chain: variables and functions by case-insensitive name, with PowerShell's dynamic scoping.

Reads walk up the chain; writes create a local unless a scope qualifier says otherwise (`$global:`,
`$script:`, `$local:`, `$private:`). `$env:` reads and writes the process environment.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import Any

from azskernel.runtime.errors import ErrorCategory, RuntimeException


@dataclass
class Variable:
    name: str
    value: Any
    type_constraint: Any = None
    """A PSType from `[int]$x = …`: later assignments convert to it."""
    read_only: bool = False
    private: bool = False


@dataclass
class Scope:
    parent: Scope | None
    is_script: bool = False
    variables: dict[str, Variable] = field(default_factory=dict)
    functions: dict[str, Any] = field(default_factory=dict)
    traps: list[Any] = field(default_factory=list)
    module: Any = None
    """The module (PSModuleInfo) whose session state this scope belongs to; None outside modules."""

    def find(self, name: str) -> Variable | None:
        key = name.casefold()
        scope: Scope | None = self
        first = True
        while scope is not None:
            var = scope.variables.get(key)
            if var is not None and (first or not var.private):
                return var
            scope = scope.parent
            first = False
        return None

    def find_function(self, name: str) -> Any:
        key = name.casefold()
        scope: Scope | None = self
        while scope is not None:
            fn = scope.functions.get(key)
            if fn is not None:
                return fn
            scope = scope.parent
        return None

    def set_local(self, name: str, value: Any) -> Variable:
        key = name.casefold()
        var = self.variables.get(key)
        if var is None:
            var = Variable(name, value)
            self.variables[key] = var
            return var
        if var.read_only:
            raise RuntimeException(
                f"Cannot overwrite variable {name} because it is read-only or constant.",
                error_id="VariableNotWritable", category=ErrorCategory.WriteError, target=name,
            )
        if var.type_constraint is not None:
            from azskernel.runtime.conversion import convert_to

            value = convert_to(value, var.type_constraint)
        var.value = value
        return var

    def bind(self, name: str, value: Any) -> None:
        """A fresh local (never mutating a Variable someone saved): `$_`, `$PSItem` around a block."""
        self.variables[name.casefold()] = Variable(name, value)

    def script_scope(self) -> Scope:
        scope: Scope = self
        while not scope.is_script and scope.parent is not None:
            scope = scope.parent
        return scope

    def global_scope(self) -> Scope:
        scope: Scope = self
        while scope.parent is not None:
            scope = scope.parent
        return scope


def get_env(name: str) -> str | None:
    if name in os.environ:
        return os.environ[name]
    folded = name.casefold()
    for key, value in os.environ.items():
        if key.casefold() == folded:
            return value
    return None


def set_env(name: str, value: Any) -> None:
    from azskernel.runtime.conversion import to_string

    if value is None or value == "":
        os.environ.pop(name, None)
        return
    os.environ[name] = to_string(value)
