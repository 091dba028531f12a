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
    constant: bool = False
    all_scope: bool = False
    """Seen and written as the same variable from every scope below the one that holds it."""
    description: str = ""

    def assign(self, value: Any) -> None:
        """Set the value through the variable's type constraint and validation (not its read-only flag)."""
        if self.type_constraint is not None:
            from azskernel.runtime.conversion import convert_to

            value = convert_to(value, self.type_constraint)
            if self.type_constraint.full_name == "System.Management.Automation.ActionPreference":
                _refuse_suspend(value)
        self.value = value

    @property
    def option_names(self) -> list[str]:
        """Its ScopedItemOptions, as `(Get-Variable x).Options` names them."""
        return [name for name, on in (("ReadOnly", self.read_only), ("Constant", self.constant),
                                      ("Private", self.private), ("AllScope", self.all_scope)) if on] or ["None"]


@dataclass
class Scope:
    parent: Scope | None
    is_script: bool = False
    variables: dict[str, Variable] = field(default_factory=dict)
    functions: dict[str, Any] = field(default_factory=dict)
    traps: list[Any] = field(default_factory=list)
    module: Any = None
    """The module (PSModuleInfo) whose session state this scope belongs to; None outside modules."""
    all_scope: set[str] = field(default_factory=set)
    """On the global scope: names of AllScope variables anywhere (a write below reaches them)."""

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
            shared = self._all_scope_variable(key) if ALL_SCOPE_NAMES else None
            if shared is None:
                var = Variable(name, value)
                self.variables[key] = var
                return var
            var = shared
        if var.read_only or var.constant:
            raise RuntimeException(
                f"Cannot overwrite variable {name} because it is read-only or constant.",
                error_id="VariableNotWritable", category=ErrorCategory.WriteError, target=name,
            )
        if var.type_constraint is None:
            var.value = value
        else:
            var.assign(value)
        return var

    def _all_scope_variable(self, key: str) -> Variable | None:
        if key not in ALL_SCOPE_NAMES:
            return None
        scope: Scope | None = self
        root = self
        while scope is not None:
            root = scope
            scope = scope.parent
        if key not in root.all_scope:
            return None
        scope = self.parent
        while scope is not None:
            var = scope.variables.get(key)
            if var is not None and var.all_scope:
                return var
            scope = scope.parent
        return None

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


ALL_SCOPE_NAMES: set[str] = set()
"""Every name any session has made AllScope (a quick test before looking up the scopes; see mark_all_scope)."""


def mark_all_scope(scope: Scope, var: Variable) -> None:
    """Make a variable AllScope: a write to its name from any scope below reaches it."""
    var.all_scope = True
    key = var.name.casefold()
    scope.global_scope().all_scope.add(key)
    ALL_SCOPE_NAMES.add(key)


def _refuse_suspend(value: Any) -> None:
    """An [ActionPreference] variable (the preference variables are) cannot hold Suspend, a workflow-only value."""
    if getattr(value, "name", None) == "Suspend":
        from azskernel.runtime.errors import ErrorRecord

        record = ErrorRecord(
            message="The value Suspend is not supported for an ActionPreference variable. The provided value should be "
                    "used only as a value for a preference variable in a script workflow.",
            error_id="RuntimeException", category=ErrorCategory.MetadataError, target=value,
            exception_type="System.Management.Automation.ArgumentTransformationMetadataException")
        raise RuntimeException(record.message, record=record)


def scope_at(current: Scope, spec: Any) -> Scope:
    """The scope a -Scope argument names from `current`: Global, Script, Local (and Private: the current one), or a
    number of levels up (0 is the current scope)."""
    text = "" if spec is None else str(spec).strip()
    folded = text.casefold()
    if folded in ("", "local", "private"):
        return current
    if folded == "global":
        return current.global_scope()
    if folded == "script":
        return current.script_scope()
    if text.isdigit():
        scope = current
        for _ in range(int(text)):
            if scope.parent is None:
                raise RuntimeException(
                    f"The scope number '{text}' exceeds the number of active scopes. (Parameter 'scopeID')",
                    error_id="ArgumentOutOfRange", category=ErrorCategory.InvalidArgument, target=text)
            scope = scope.parent
        return scope
    raise RuntimeException(
        f"The scope '{text}' is not valid: use Global, Local, Script, Private or a number of levels up.",
        error_id="InvalidScope", category=ErrorCategory.InvalidArgument, target=text)


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
