"""The variable cmdlets (Microsoft.PowerShell.Utility): Get-, Set-, New-, Remove- and Clear-Variable, over the
session's scopes (runtime/scopes.py) with pwsh's rules (VariableCommandBase in Variable.cs):

- without -Scope, Get- and Clear-Variable see every variable visible from the caller's scope; New-, Set- and
  Remove-Variable work in the caller's own scope; -Scope names Global, Script, Local, Private or a number of
  levels up;
- -Option ReadOnly, Constant, Private, AllScope; a read-only variable changes or goes only with -Force, a
  constant one never, and an existing variable cannot become constant;
- -Include/-Exclude filter the names; errors are non-terminating, with pwsh's ids and exception types.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from azskernel.commands._util import error, has_wildcard, wildcard
from azskernel.runtime.cmdlet import cmdlet, parameter, parameters
from azskernel.runtime.conversion import to_string
from azskernel.runtime.enums import find_enum
from azskernel.runtime.errors import ErrorCategory, RuntimeException
from azskernel.runtime.formatting import Column, TableView, register_view
from azskernel.runtime.scopes import Scope, Variable, mark_all_scope, scope_at

SCOPED_ITEM_OPTIONS = find_enum("System.Management.Automation.ScopedItemOptions")


class PSVariable:
    """What Get-Variable returns: a live view of the variable (setting Value or Description changes it)."""

    ps_type_names = ("System.Management.Automation.PSVariable", "System.Object")

    def __init__(self, variable: Variable) -> None:
        self._variable = variable

    @property
    def Name(self) -> str:  # noqa: N802 - PowerShell property names
        return self._variable.name

    @property
    def Value(self) -> Any:  # noqa: N802
        return self._variable.value

    @Value.setter
    def Value(self, value: Any) -> None:  # noqa: N802
        variable = self._variable
        if variable.read_only or variable.constant:
            raise _not_writable(variable.name)
        variable.assign(value)

    @property
    def Description(self) -> str:  # noqa: N802
        return self._variable.description

    @Description.setter
    def Description(self, value: Any) -> None:  # noqa: N802
        self._variable.description = to_string(value)

    @property
    def Options(self) -> Any:  # noqa: N802
        assert SCOPED_ITEM_OPTIONS is not None
        return SCOPED_ITEM_OPTIONS.convert(", ".join(self._variable.option_names))

    def ps_properties(self) -> list[tuple[str, Any]]:
        return [("Name", self.Name), ("Description", self.Description), ("Value", self.Value),
                ("Visibility", "Public"), ("Module", None), ("ModuleName", ""), ("Options", self.Options),
                ("Attributes", [])]

    def ps_to_string(self) -> str:
        return self.Name


register_view("System.Management.Automation.PSVariable", TableView((Column("Name", width=30), Column("Value"))))


# -- errors (SessionStateStrings) --------------------------------------------------------------------------------
def _failure(message: str, error_id: str, category: ErrorCategory, target: str, exception: str) -> RuntimeException:
    exc = error(message, error_id, category, target)
    exc.record.exception_type = exception
    return exc


def _not_found(name: str) -> RuntimeException:
    return _failure(f"Cannot find a variable with the name '{name}'.", "VariableNotFound", ErrorCategory.ObjectNotFound,
                    name, "System.Management.Automation.ItemNotFoundException")


def _already_exists(name: str) -> RuntimeException:
    return _failure(f"A variable with name '{name}' already exists.", "VariableAlreadyExists",
                    ErrorCategory.ResourceExists, name, "System.Management.Automation.SessionStateException")


def _not_writable(name: str) -> RuntimeException:
    return _failure(f"Cannot overwrite variable {name} because it is read-only or constant.", "VariableNotWritable",
                    ErrorCategory.WriteError, name, "System.Management.Automation.SessionStateUnauthorizedAccessException")


def _not_removable(name: str) -> RuntimeException:
    return _failure(f"Cannot remove variable {name} because it is constant or read-only. If the variable is read-only, "
                    "try the operation again specifying the Force option.", "VariableNotRemovable",
                    ErrorCategory.WriteError, name, "System.Management.Automation.SessionStateUnauthorizedAccessException")


def _cannot_be_made_constant(name: str) -> RuntimeException:
    return _failure(f"Existing variable {name} cannot be made constant. Variables can be made constant only at "
                    "creation time.", "VariableCannotBeMadeConstant", ErrorCategory.WriteError, name,
                    "System.Management.Automation.SessionStateUnauthorizedAccessException")


# -- lookups --------------------------------------------------------------------------------------------------------
def _caller_scope(ctx: Any) -> Scope:
    return ctx.session.interpreter.scope  # a cmdlet runs in its caller's scope


def _table(ctx: Any, scope: Any) -> dict[str, tuple[Scope, Variable]]:
    """Variables by folded name: those of one scope, or (no -Scope) every one visible from the caller's."""
    current = _caller_scope(ctx)
    if scope is not None:
        target = scope_at(current, scope)
        return {k: (target, v) for k, v in target.variables.items()}
    table: dict[str, tuple[Scope, Variable]] = {}
    walker: Scope | None = current
    first = True
    while walker is not None:
        for key, var in walker.variables.items():
            if key not in table and (first or not var.private):
                table[key] = (walker, var)
        walker = walker.parent
        first = False
    return table


def _matching(ctx: Any, pattern: str, scope: Any, include: Any, exclude: Any) -> tuple[list[tuple[Scope, Variable]], bool]:
    """The variables a name (or wildcard) selects after -Include/-Exclude, and whether some were filtered out."""
    includes = [wildcard(i) for i in include or []]
    excludes = [wildcard(e) for e in exclude or []]

    def kept(name: str) -> bool:
        return (not includes or any(p.match(name) for p in includes)) and not any(p.match(name) for p in excludes)

    if not has_wildcard(pattern) and not kept(pattern):
        return [], True
    name_filter = wildcard(pattern)
    found: list[tuple[Scope, Variable]] = []
    filtered = False
    for scope_, var in _table(ctx, scope).values():
        if name_filter.match(var.name):
            if kept(var.name):
                found.append((scope_, var))
            else:
                filtered = True
        elif has_wildcard(pattern):
            filtered = True
    found.sort(key=lambda sv: sv[1].name.casefold())
    return found, filtered


def _options(value: Any) -> set[str]:
    if value is None:
        return set()
    assert SCOPED_ITEM_OPTIONS is not None
    names = SCOPED_ITEM_OPTIONS.convert(value if not isinstance(value, list) else ", ".join(map(to_string, value))).name
    return {n.strip() for n in names.split(",") if n.strip() not in ("None", "Unspecified")}


def _apply_options(var: Variable, options: set[str], scope: Scope) -> None:
    var.read_only = "ReadOnly" in options
    var.constant = "Constant" in options
    var.private = "Private" in options
    if "AllScope" in options:
        mark_all_scope(scope, var)
    else:
        var.all_scope = False


_COMMON = (
    ("Include", {"type": "string[]"}),
    ("Exclude", {"type": "string[]"}),
    ("Scope", {"type": "string", "validate_not_null_or_empty": True}),
)


# -- the cmdlets ----------------------------------------------------------------------------------------------------
@cmdlet("Get-Variable", aliases=("gv",), synopsis="Gets the variables in the current console.",
        examples=(("Get-Variable -Name image* -ValueOnly", ""),))
@parameter("Name", type="string[]", position=0, value_from_pipeline=True, value_from_pipeline_by_property_name=True,
           validate_not_null_or_empty=True)
@parameter("ValueOnly", switch=True)
@parameters(*_COMMON)
def get_variable(ctx: Any, *, name: Any, value_only: bool, include: Any, exclude: Any, scope: str | None) -> Any:
    out: list[Any] = []
    for pattern in name or ["*"]:
        found, filtered = _matching(ctx, pattern, scope, include, exclude)
        if not found and not filtered:
            ctx.write_error(_not_found(pattern))
        out += [var.value if value_only else PSVariable(var) for _, var in found]
    return out


@cmdlet("New-Variable", aliases=("nv",), supports_should_process=True, synopsis="Creates a new variable.")
@parameter("Name", type="string", position=0, mandatory=True, value_from_pipeline_by_property_name=True)
@parameter("Value", position=1, value_from_pipeline=True, value_from_pipeline_by_property_name=True)
@parameter("Description", type="string")
@parameter("Option", type="ScopedItemOptions")
@parameter("Visibility", type="string")
@parameter("Force", switch=True)
@parameter("PassThru", switch=True)
@parameter("Scope", type="string", validate_not_null_or_empty=True)
def new_variable(ctx: Any, *, name: str, value: Any, description: str | None, option: Any, visibility: Any, force: bool,
                 pass_thru: bool, scope: str | None) -> Any:
    target = scope_at(_caller_scope(ctx), scope)
    existing = target.variables.get(name.casefold())
    if existing is not None and not force:
        ctx.write_error(_already_exists(name))
        return None
    if not ctx.should_process(f"Name: {name} Value: {to_string(value)}", "New variable"):
        return None
    if existing is not None and existing.constant:
        ctx.write_error(_not_writable(name))
        return None
    var = Variable(name, value, description=description or "")
    _apply_options(var, _options(option) | ({"Private"} if (scope or "").casefold() == "private" else set()), target)
    target.variables[name.casefold()] = var
    return PSVariable(var) if pass_thru else None


@cmdlet("Set-Variable", aliases=("set",), supports_should_process=True,
        synopsis="Sets the value of a variable; creates the variable if one with the requested name doesn't exist.")
@parameter("Name", type="string[]", position=0, mandatory=True, value_from_pipeline_by_property_name=True)
@parameter("Value", position=1, value_from_pipeline=True, value_from_pipeline_by_property_name=True)
@parameter("Description", type="string")
@parameter("Option", type="ScopedItemOptions")
@parameter("Visibility", type="string")
@parameter("Force", switch=True)
@parameter("PassThru", switch=True)
@parameters(*_COMMON)
def set_variable(ctx: Any, *, name: Any, value: Any, description: str | None, option: Any, visibility: Any,
                 force: bool, pass_thru: bool, include: Any, exclude: Any, scope: str | None) -> Any:
    given_value = "Value" in ctx.bound
    out: list[Any] = []
    for n in name:
        found, filtered = _matching(ctx, n, scope if scope is not None else "local", include, exclude)
        if not found and not filtered:
            if not ctx.should_process(f"Name: {n} Value: {to_string(value)}", "Set variable"):
                continue
            target = scope_at(_caller_scope(ctx), scope)
            var = Variable(n, value if given_value else None, description=description or "")
            _apply_options(var, _options(option) | ({"Private"} if (scope or "").casefold() == "private" else set()),
                           target)
            target.variables[n.casefold()] = var
            if pass_thru:
                out.append(PSVariable(var))
            continue
        for target, var in found:
            if not ctx.should_process(f"Name: {var.name} Value: {to_string(value)}", "Set variable"):
                continue
            if var.constant or (var.read_only and not force):
                ctx.write_error(_not_writable(var.name))
                continue
            options = _options(option) if option is not None else None
            if options is not None and "Constant" in options and not var.constant:
                ctx.write_error(_cannot_be_made_constant(var.name))
                continue
            if given_value:
                var.assign(value)
            if description is not None:
                var.description = description
            if options is not None:
                _apply_options(var, options, target)
            if pass_thru:
                out.append(PSVariable(var))
    return out


@cmdlet("Remove-Variable", aliases=("rv",), supports_should_process=True, synopsis="Deletes a variable and its value.")
@parameter("Name", type="string[]", position=0, mandatory=True, value_from_pipeline_by_property_name=True)
@parameter("Force", switch=True)
@parameters(*_COMMON)
def remove_variable(ctx: Any, *, name: Any, force: bool, include: Any, exclude: Any, scope: str | None) -> None:
    for target, var in _changeable(ctx, name, scope if scope is not None else "local", include, exclude, force,
                                   "Remove variable", _not_removable):
        target.variables.pop(var.name.casefold(), None)


def _changeable(ctx: Any, names: Any, scope: Any, include: Any, exclude: Any, force: bool, action: str,
                refusal: Any) -> Iterator[tuple[Scope, Variable]]:
    """The (scope, variable) pairs the names select that may change: an error for a name that selects none, and
    `refusal` for a constant one, or a read-only one without -Force."""
    for n in names:
        found, filtered = _matching(ctx, n, scope, include, exclude)
        if not found and not filtered:
            ctx.write_error(_not_found(n))
            continue
        for target, var in found:
            if not ctx.should_process(f"Name: {var.name}", action):
                continue
            if var.constant or (var.read_only and not force):
                ctx.write_error(refusal(var.name))
                continue
            yield target, var


@cmdlet("Clear-Variable", aliases=("clv",), supports_should_process=True, synopsis="Deletes the value of a variable.")
@parameter("Name", type="string[]", position=0, mandatory=True, value_from_pipeline_by_property_name=True)
@parameter("Force", switch=True)
@parameter("PassThru", switch=True)
@parameters(*_COMMON)
def clear_variable(ctx: Any, *, name: Any, force: bool, pass_thru: bool, include: Any, exclude: Any,
                   scope: str | None) -> Any:
    current = _caller_scope(ctx)
    out: list[Any] = []
    for target, var in _changeable(ctx, name, scope, include, exclude, force, "Clear variable", _not_writable):
        if scope is None and target is not current and not var.all_scope:
            # as an assignment would: a variable seen from a parent scope is cleared by a local one
            var = current.variables.setdefault(var.name.casefold(), Variable(var.name, None))
        var.value = None
        if pass_thru:
            out.append(PSVariable(var))
    return out


COMMANDS = (get_variable, new_variable, set_variable, remove_variable, clear_variable)
__all__ = ["COMMANDS", "PSVariable", "clear_variable", "get_variable", "new_variable", "remove_variable", "set_variable"]
