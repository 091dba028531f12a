"""PowerShell parameter binding over a CommandInfo's declarations.

Steps, in pwsh's order (each a method of ParameterBinder):
1. `_pair_arguments`: named arguments (`-Name v`, `-Name:v`, `-Switch`, splatted) are paired with
   values using the declaration: a switch takes no value; `-Name` followed by something that is not
   one of this command's parameters takes it as its value (`f -a -b` gives $a = '-b').
2. `_bind_positional`: leftover values fill positional parameters of the candidate parameter sets,
   in position order; a ValueFromRemainingArguments parameter or, for simple functions, `$args`
   takes what remains.
3. `bind_pipeline` (per input object): ValueFromPipeline, then ValueFromPipelineByPropertyName.
4. `check_mandatory`: choose the parameter set, then prompt (interactive host) or fail for each
   missing mandatory parameter.
Every value goes through `convert_to` (runtime.conversion) then the declared validation.
Errors are ParameterBindingException / ValidationException with pwsh's messages.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass
from typing import Any

from azskernel.runtime.cmdlet import ALL_PARAMETER_SETS, CommandInfo, ParameterInfo
from azskernel.runtime.errors import ErrorCategory, ParameterBindingException, PSError, ValidationException
from azskernel.runtime.values import UNSET, AutomationNull, Hashtable, PSObject


class BindingSource(enum.IntEnum):
    """Where a bound value came from (click's ParameterSource), most explicit first."""

    ARGUMENT = 1
    SPLAT = 2
    PIPELINE = 3
    PIPELINE_BY_PROPERTY_NAME = 4
    PROMPT = 5
    DEFAULT_VALUES = 6
    """From $PSDefaultParameterValues."""


@dataclass
class CommandArgument:
    """One argument as the interpreter evaluated it.

    `-Name:v` -> name="Name", value=v, has_value=True; `-Name` alone -> name="Name", has_value=False
    (the binder decides whether the next argument is its value); a plain value -> name=None.
    `text` is the argument as written (`-Name`), used when a parameter-looking token becomes a value.
    """

    name: str | None
    value: Any = UNSET
    has_value: bool = False
    text: str = ""
    splatted: bool = False


class BoundParameters(Hashtable):
    """$PSBoundParameters: case-insensitive, declaration-cased names -> values, with their source."""

    def __init__(self) -> None:
        super().__init__()
        self._sources: dict[str, BindingSource] = {}
        self.parameter_set_name: str | None = None
        """The chosen set ($PSCmdlet.ParameterSetName), known once the mandatory check ran."""

    def bind(self, name: str, value: Any, source: BindingSource) -> None:
        self[name] = value
        self._sources[name.casefold()] = source

    def unbind(self, name: str) -> None:
        if name in self:
            del self[name]
        self._sources.pop(name.casefold(), None)

    def source(self, name: str) -> BindingSource | None:
        return self._sources.get(name.casefold())

    def ContainsKey(self, name: str) -> bool:  # noqa: N802 - the .NET method scripts call
        return name in self


# -- errors (pwsh's wording) ------------------------------------------------------------------
def _error(message: str, error_id: str, command: CommandInfo, target: Any = None, cls: type = ParameterBindingException) -> PSError:
    exc: PSError = cls(message, error_id=error_id, category=ErrorCategory.InvalidArgument, target=target, command_name=command.name)
    exc.record.command_type = command.type_name  # type: ignore[attr-defined]
    return exc


def _display(value: Any) -> str:
    from azskernel.runtime.conversion import to_string

    return to_string(value)


class _Plan:
    """What binding needs from a declaration, worked out once per command (binding runs per pipeline object)."""

    def __init__(self, command: CommandInfo) -> None:
        self.set_names = command.parameter_set_names()
        self.sets_of: dict[str, frozenset[str]] = {}
        """folded name -> the sets a parameter restricts to (absent: it belongs to every set)."""
        for p in command.all_parameters:
            if p.parameter_sets and ALL_PARAMETER_SETS not in p.parameter_sets:
                self.sets_of[p.name.casefold()] = frozenset(p.parameter_sets)
        self.pipeline = [p for p in command.parameters if p.value_from_pipeline or p.value_from_pipeline_by_property_name]
        self.mandatory = [p for p in command.parameters if p.mandatory]
        self.python = [(p.name, p.python_name, p) for p in command.parameters]
        self.defaults = {p.python_name: p.unbound_value for p in command.parameters}
        self.python_by_fold = {p.name.casefold(): p.python_name for p in command.parameters}
        self.validates = {p.name for p in command.all_parameters if p.validate_set or p.validate_pattern or p.validate_range
                          or p.validate_not_null_or_empty or p.validate_count or p.validate_length or p.validate}
        self.strict_bools = frozenset(p.name for p in command.parameters if command.cmdlet_binding and _is_bool(p))
        """[bool] parameters of an advanced command: they refuse strings (ArgumentTypeConverter's rule)."""
        by_value = [p for p in self.pipeline if p.value_from_pipeline and not p.value_from_pipeline_by_property_name]
        self.sole_pipeline: ParameterInfo | None = (
            by_value[0] if len(self.pipeline) == 1 and len(by_value) == 1 and not by_value[0].switch else None)
        """The one pipeline parameter when it takes objects by value only (-InputObject): then every object binds
        to it or to nothing, and a later object can skip the by-value/by-name/coercion passes."""


_PLANS: dict[int, tuple[CommandInfo, _Plan]] = {}


def plan_for(command: CommandInfo) -> _Plan:
    entry = _PLANS.get(id(command))
    if entry is None or entry[0] is not command:
        if len(_PLANS) > 4096:  # script functions are re-declared on every definition: keep the cache bounded
            _PLANS.clear()
        entry = (command, _Plan(command))
        _PLANS[id(command)] = entry
    return entry[1]


class ParameterBinder:
    """Binds one invocation; `bound` is the live BoundParameters the context sees."""

    def __init__(self, command: CommandInfo, arguments: list[CommandArgument], ctx: Any = None) -> None:
        self.command = command
        self.plan = plan_for(command)
        self.ctx = ctx
        self.bound = BoundParameters()
        self.remaining: list[Any] = []
        """Unbound arguments of a simple function ($args)."""
        self.parameter_set: str | None = None
        self._pipeline_bound: list[str] = []
        self._mandatory_checked = False
        self._checked_for: frozenset[str] | None = None
        positional = self._pair_arguments(arguments)
        if self.bound and not self.candidate_sets():
            raise self._ambiguous()  # the named arguments belong to no one parameter set
        self._bind_positional(positional)

    # -- step 1 ------------------------------------------------------------------------------
    def _lookup(self, name: str) -> ParameterInfo | None:
        """The parameter `-name` means; None when no parameter matches (error decided by caller)."""
        matches = self.command.find_parameters(name)
        if len(matches) > 1:
            names = " ".join(f"-{p.name}" for p in matches)
            raise _error(
                f"Parameter cannot be processed because the parameter name '{name}' is ambiguous. Possible matches include: {names}.",
                "AmbiguousParameter",
                self.command,
                name,
            )
        return matches[0] if matches else None

    def _pair_arguments(self, arguments: list[CommandArgument]) -> list[CommandArgument]:
        positional: list[CommandArgument] = []
        i = 0
        while i < len(arguments):
            arg = arguments[i]
            i += 1
            if arg.name is None:
                positional.append(arg)
                continue
            param = self._lookup(arg.name)
            if param is None:
                # a simple function, or a script one with a ValueFromRemainingArguments parameter, takes `-name`
                # as text (pwsh's HandleRemainingArguments)
                if not self.command.cmdlet_binding or (self.command.command_type != "Cmdlet" and any(
                        p.value_from_remaining_arguments for p in self.command.parameters)):
                    positional.append(CommandArgument(None, arg.text or f"-{arg.name}", True, arg.text))
                    if arg.has_value:
                        positional.append(CommandArgument(None, arg.value, True))
                    continue
                raise _error(
                    f"A parameter cannot be found that matches parameter name '{arg.name}'.",
                    "NamedParameterNotFound",
                    self.command,
                    arg.name,
                )
            source = BindingSource.SPLAT if arg.splatted else BindingSource.ARGUMENT
            if arg.has_value:
                self._bind(param, arg.value, source)
                continue
            if param.switch:
                self._bind(param, True, source)
                continue
            if i >= len(arguments):
                raise self._missing_argument(param)
            following = arguments[i]
            if following.name is not None and not following.has_value:
                if self.command.find_parameters(following.name):
                    raise self._missing_argument(param)
                value: Any = following.text or f"-{following.name}"
            elif following.name is not None:
                raise self._missing_argument(param)
            else:
                value = following.value
            i += 1
            self._bind(param, value, source)
        return positional

    def _missing_argument(self, param: ParameterInfo) -> PSError:
        return _error(
            f"Missing an argument for parameter '{param.name}'. Specify a parameter of type '{param.type_name}' and try again.",
            "MissingArgument",
            self.command,
            param.name,
        )

    # -- step 2 ------------------------------------------------------------------------------
    def candidate_sets(self) -> list[str]:
        sets = self.plan.set_names
        restrict = self.plan.sets_of
        for name in self.bound.keys():
            allowed = restrict.get(name.casefold())
            if allowed is not None:
                sets = [s for s in sets if s in allowed]
        return list(sets)

    def _bind_positional(self, positional: list[CommandArgument]) -> None:
        if not positional:
            return
        sets = self.candidate_sets()
        default = self.command.default_parameter_set
        queue = list(positional)
        while queue:
            candidates = [
                p
                for p in self.command.parameters
                if p.position is not None and p.name not in self.bound and any(p.in_set(s) for s in sets)
            ]
            if not candidates:
                break
            lowest = min(p.position for p in candidates if p.position is not None)
            at = [p for p in candidates if p.position == lowest]
            arg = queue.pop(0)
            source = BindingSource.SPLAT if arg.splatted else BindingSource.ARGUMENT
            if len(at) == 1:
                self._bind_at(at[0], arg, queue, source)
            else:
                # several sets put a parameter at this position: as pwsh, first those whose type the value already
                # has (Where-Object { } vs Where-Object Name), then with conversion; the default set's first in each
                # pass; the first that converts and validates wins
                fitting = [p for p in at if _fits_exactly(arg.value, p)]
                ordered = fitting + [p for p in at if p not in fitting]
                if default and default in sets:
                    ordered.sort(key=lambda p: (p not in fitting, not p.in_set(default)))
                failure: PSError | None = None
                for chosen in ordered:
                    try:
                        self._bind_at(chosen, arg, queue, source)
                        break
                    except PSError as exc:
                        failure = failure or exc
                else:
                    assert failure is not None
                    raise failure
            sets = self.candidate_sets() or sets
        if not queue:
            return
        sets = self.candidate_sets()
        rest = next(
            (p for p in self.command.parameters
             if p.value_from_remaining_arguments and p.name not in self.bound and any(p.in_set(s) for s in sets)),
            None,
        )
        if rest is not None:
            self._bind(rest, [a.value for a in queue], BindingSource.ARGUMENT)
        elif not self.command.cmdlet_binding:
            self.remaining.extend(a.value for a in queue)
        else:
            arg = queue[0]
            shown = arg.text or _display(arg.value)
            raise _error(
                f"A positional parameter cannot be found that accepts argument '{shown}'.",
                "PositionalParameterNotFound",
                self.command,
                arg.value,
            )

    def _bind_at(self, param: ParameterInfo, arg: CommandArgument, queue: list[CommandArgument], source: BindingSource) -> None:
        value = arg.value
        if param.value_from_remaining_arguments:
            # the positional parameter that also takes the remaining arguments gets them all (Write-Host a b c)
            values = [arg.value] + [a.value for a in queue]
            queue.clear()
            value = values if len(values) > 1 else arg.value
        self._bind(param, value, source)

    # -- conversion and validation ----------------------------------------------------------
    def _bind(self, param: ParameterInfo, value: Any, source: BindingSource) -> None:
        previous = self.bound.source(param.name)
        if previous is not None:
            if source == BindingSource.SPLAT and previous == BindingSource.ARGUMENT:
                return  # explicit arguments win over splatted ones
            if not (previous == BindingSource.SPLAT and source == BindingSource.ARGUMENT):
                raise _error(
                    f"Cannot bind parameter because parameter '{param.name}' is specified more than once. "
                    "To provide multiple values to parameters that can accept multiple values, use the array syntax. "
                    'For example, "-parameter value1,value2,value3".',
                    "ParameterAlreadyBound",
                    self.command,
                    param.name,
                )
        self.bound.bind(param.name, self.coerce(param, value), source)

    def coerce(self, param: ParameterInfo, value: Any) -> Any:
        """Convert and validate one value for a parameter (raises pwsh-shaped binding errors)."""
        from azskernel.runtime.conversion import convert_to, to_bool

        if value is AutomationNull:
            value = None
        if param.transform is not None:
            value = param.transform(value)
        if param.switch:
            return True if value is UNSET else to_bool(value)
        if param.mandatory and not param.allow_null:
            self._check_not_null(param, value)
        if param.name in _ACTION_PARAMETERS and param in self.command.common_parameters:
            return self._action_preference(param, value)
        if isinstance(value, str) and isinstance(param.type, str):
            value = _disambiguate_enum(param.type, value)
        if param.name in self.plan.strict_bools and any(isinstance(v, str) for v in _elements(value)):
            raise _error(
                f"Cannot process argument transformation on parameter '{param.name}'. Cannot convert value "
                '"System.String" to type "System.Boolean". Boolean parameters accept only Boolean values and numbers, '
                "such as $True, $False, 1 or 0.", "ParameterArgumentTransformationError", self.command, value)
        if param.type not in ("object", object, None):
            try:
                value = convert_to(value, param.type)
            except PSError as exc:
                raise _error(
                    f"Cannot bind parameter '{param.name}'. {exc}",
                    "CannotConvertArgumentNoMessage",
                    self.command,
                    value,
                ) from exc
        self._validate(param, value)
        return value

    def _action_preference(self, param: ParameterInfo, value: Any) -> Any:
        """-ErrorAction and its siblings: an ActionPreference, by unique prefix too; not null, not Suspend (pwsh's
        CommonParameters setters throw, which binding reports as ParameterBindingFailed)."""
        from azskernel.runtime.conversion import convert_to
        from azskernel.runtime.pstypes import DotNetException

        failure = None
        if value is None:
            failure = 'Cannot convert null to type "System.Management.Automation.ActionPreference".'
        else:
            if isinstance(value, str):
                value = _disambiguate_enum("System.Management.Automation.ActionPreference", value)
            try:
                value = convert_to(value, param.type)
            except PSError as exc:
                failure = str(exc)
            else:
                if getattr(value, "name", None) == "Suspend":
                    failure = ("The value Suspend is not supported for an ActionPreference variable. The provided value "
                               "should be used only as a value for a preference variable in a script workflow.")
        if failure is None:
            return value
        message = f'Cannot bind parameter \'{param.name}\' to the target. Exception setting "{param.name}": "{failure}"'
        exc = _error(message, "ParameterBindingFailed", self.command, value)
        cast = DotNetException("System.Management.Automation.PSInvalidCastException", failure)
        setter = DotNetException("System.Management.Automation.SetValueInvocationException",
                                 f'Exception setting "{param.name}": "{failure}"', cast)
        exc.record.details["exception"] = DotNetException(exc.record.exception_type, message, setter,  # type: ignore[attr-defined]
                                                          exc.record)  # type: ignore[attr-defined]
        raise exc

    def _check_not_null(self, param: ParameterInfo, value: Any) -> None:
        """A mandatory parameter refuses null, an empty string (a [string] one) and an empty array (an array
        one), unless [AllowNull()], [AllowEmptyString()] or [AllowEmptyCollection()] says otherwise (a Python
        cmdlet's allow_null allows all three: the caller skips this check)."""
        reason = error_id = None
        if value is None and "null" not in param.allow_empty:
            reason, error_id = "it is null", "ParameterArgumentValidationErrorNullNotAllowed"
        elif isinstance(value, str) and value == "" and _is_string(param) and "string" not in param.allow_empty:
            reason, error_id = "it is an empty string", "ParameterArgumentValidationErrorEmptyStringNotAllowed"
        elif (isinstance(value, list | tuple) and not value and param.is_array
                and "collection" not in param.allow_empty):
            reason, error_id = "it is an empty collection", "ParameterArgumentValidationErrorEmptyArrayNotAllowed"
        if reason:
            raise _error(f"Cannot bind argument to parameter '{param.name}' because {reason}.", error_id,
                         self.command, value, ValidationException)

    def _validate(self, param: ParameterInfo, value: Any) -> None:
        if param.name not in self.plan.validates:
            return
        prefix = f"Cannot validate argument on parameter '{param.name}'. "

        def fail(message: str) -> PSError:
            return _error(prefix + message, "ParameterArgumentValidationError", self.command, value, ValidationException)

        if param.validate_not_null_or_empty:
            if value is None or value == "" or (isinstance(value, list | tuple) and (not value or any(v is None or v == "" for v in value))):
                raise fail("The argument is null or empty. Provide an argument that is not null or empty, and then try the command again.")
        if param.validate is not None:
            reason = param.validate(value)
            if reason is not None:
                raise fail(reason)
        items = list(value) if isinstance(value, list | tuple) else [value]
        if param.validate_count is not None:
            lo, hi = param.validate_count
            if len(items) < lo:
                raise fail(f"The parameter requires at least {lo} value(s) and no more than {hi} value(s) - {len(items)} value(s) were provided.")
            if len(items) > hi:
                raise fail(f"The parameter requires at least {lo} value(s) and no more than {hi} value(s) - {len(items)} value(s) were provided.")
        for item in items:
            if item is None:
                continue
            shown = _display(item)
            if param.validate_length is not None:
                shortest, longest = param.validate_length
                if len(shown) < shortest:
                    raise fail(f"The character length ({len(shown)}) of the argument is too short. Specify an argument "
                               f'with a length that is greater than or equal to "{shortest}", and then try the command again.')
                if len(shown) > longest:
                    raise fail(f"The character length of the {len(shown)} argument is too long. Shorten the character "
                               f'length of the argument so it is fewer than or equal to "{longest}" characters, and then '
                               "try the command again.")
            if param.validate_set is not None and not any(shown.casefold() == s.casefold() for s in param.validate_set):
                raise fail(
                    f'The argument "{shown}" does not belong to the set "{",".join(param.validate_set)}" specified by the '
                    "ValidateSet attribute. Supply an argument that is in the set and then try the command again."
                )
            if param.validate_pattern is not None and not re.search(param.validate_pattern, shown, re.IGNORECASE):
                raise fail(
                    f'The argument "{shown}" does not match the "{param.validate_pattern}" pattern. '
                    f'Supply an argument that matches "{param.validate_pattern}" and try the command again.'
                )
            rng = param.validate_range
            if rng is not None:
                if rng.minimum is not None and item < rng.minimum:
                    raise fail(
                        f"The {shown} argument is less than the minimum allowed range of {rng.minimum}. "
                        f"Supply an argument that is greater than or equal to {rng.minimum} and then try the command again."
                    )
                if rng.maximum is not None and item > rng.maximum:
                    raise fail(
                        f"The {shown} argument is greater than the maximum allowed range of {rng.maximum}. "
                        f"Supply an argument that is less than or equal to {rng.maximum} and then try the command again."
                    )

    def apply_default_values(self, defaults: Any) -> None:
        """$PSDefaultParameterValues: `@{ 'Verb-*:Param' = value }` fills parameters the call left unbound."""
        if not isinstance(defaults, dict) or not defaults:
            return
        from azskernel.runtime.conversion import to_bool

        if "Disabled" in defaults and to_bool(defaults["Disabled"]):
            return
        import fnmatch

        name = self.command.name.casefold()
        for key, value in defaults.items():
            command_pattern, sep, parameter_name = str(key).partition(":")
            if not sep or not fnmatch.fnmatchcase(name, command_pattern.strip().casefold()):
                continue
            matches = self.command.find_parameters(parameter_name.strip())
            if len(matches) != 1 or matches[0].name in self.bound:
                continue
            param = matches[0]
            if not any(param.in_set(s) for s in self.candidate_sets()):
                continue
            if type(value).__name__ == "ScriptBlock" or hasattr(value, "ast"):
                continue  # script-block defaults need the binding context pwsh passes them; not applied
            self.bound.bind(param.name, self.coerce(param, value), BindingSource.DEFAULT_VALUES)

    # -- step 3 ------------------------------------------------------------------------------
    def rebind_pipeline(self, input_object: Any) -> str | None:
        """The fast path for the next pipeline object when the command's only pipeline parameter takes objects by
        value and the previous object bound to it: bind this one there too and return the parameter's Python
        name. None when that does not apply or the value does not convert (bind_pipeline then decides and
        reports, as pwsh would)."""
        param = self.plan.sole_pipeline
        if param is None or len(self._pipeline_bound) != 1 or self._pipeline_bound[0] != param.name:
            return None
        try:
            converted = self.coerce(param, input_object)
        except Exception:  # noqa: BLE001 - the full path reproduces the error the way pwsh reports it
            return None
        self.bound[param.name] = converted  # the source stays PIPELINE
        return param.python_name

    def bind_pipeline(self, input_object: Any) -> bool:
        """Bind one pipeline object; False (after writing pwsh's non-terminating error) when it fits nowhere.

        pwsh's order: by value without coercion, by property name without coercion, then both with coercion.
        """
        for name in self._pipeline_bound:
            self.bound.unbind(name)
        self._pipeline_bound = []
        bound_any = False
        first_error: PSError | None = None
        for coerce_types in (False, True):
            for by_name in (False, True):
                sets = self.candidate_sets()
                for p in self.plan.pipeline:
                    if p.name in self.bound or not any(p.in_set(s) for s in sets):
                        continue
                    if by_name:
                        if not p.value_from_pipeline_by_property_name:
                            continue
                        found, value = _property_value(input_object, (p.name, *p.aliases))
                        if not found:
                            continue
                    else:
                        if not p.value_from_pipeline or bound_any:
                            continue
                        value = input_object
                    if not coerce_types and not _fits(value, p):
                        continue
                    try:
                        converted = self.coerce(p, value)
                    except PSError as exc:
                        first_error = first_error or exc
                        continue
                    source = BindingSource.PIPELINE_BY_PROPERTY_NAME if by_name else BindingSource.PIPELINE
                    self.bound.bind(p.name, converted, source)
                    self._pipeline_bound.append(p.name)
                    bound_any = True
            if bound_any:
                break
        if bound_any:
            return True
        if first_error is not None and self.ctx is not None:
            self.ctx.write_error(getattr(first_error, "record", first_error))
            return False
        message = (
            "The input object cannot be bound to any parameters for the command either because the command does not "
            "take pipeline input or the input and its properties do not match any of the parameters that take pipeline input."
        )
        exc = _error(message, "InputObjectNotBound", self.command, input_object)
        if self.ctx is None:
            raise exc
        self.ctx.write_error(exc.record)  # type: ignore[attr-defined]
        return False

    # -- step 4 ------------------------------------------------------------------------------
    def _ambiguous(self) -> PSError:
        return _error(
            "Parameter set cannot be resolved using the specified named parameters. One or more parameters issued "
            "cannot be used together or an insufficient number of parameters were provided.",
            "AmbiguousParameterSet", self.command, None)

    def choose_set(self, *, pipeline_pending: bool) -> str:
        sets = self.candidate_sets()
        if not sets:
            raise _error(
                "Parameter set cannot be resolved using the specified named parameters. One or more parameters issued "
                "cannot be used together or an insufficient number of parameters were provided.",
                "AmbiguousParameterSet",
                self.command,
            )
        if len(sets) == 1:
            return sets[0]
        default = self.command.default_parameter_set
        if default in sets:
            return default  # type: ignore[return-value]
        satisfied = [s for s in sets if not self._missing(s, pipeline_pending)]
        if len(satisfied) == 1:
            return satisfied[0]
        if len(satisfied) > 1:
            raise _error(
                "Parameter set cannot be resolved using the specified named parameters. One or more parameters issued "
                "cannot be used together or an insufficient number of parameters were provided.",
                "AmbiguousParameterSet",
                self.command,
            )
        return sets[0]

    def _missing(self, set_name: str, pipeline_pending: bool) -> list[ParameterInfo]:
        return [
            p
            for p in self.plan.mandatory
            if p.in_set(set_name)
            and (not p.mandatory_in or set_name in p.mandatory_in)
            and p.name not in self.bound
            and not (pipeline_pending and (p.value_from_pipeline or p.value_from_pipeline_by_property_name))
        ]

    def check_mandatory(self, *, pipeline_pending: bool) -> None:
        if self._mandatory_checked and pipeline_pending:
            return
        if pipeline_pending:
            self._check_mandatory(True)
            return
        # per pipeline object: the answer only changes when the set of bound names does
        key = frozenset(k.casefold() for k in self.bound.keys())
        if key != self._checked_for:
            self._check_mandatory(False)
            self._checked_for = key

    def _check_mandatory(self, pipeline_pending: bool) -> None:
        if pipeline_pending and len(self.candidate_sets()) > 1 and self.command.default_parameter_set not in self.candidate_sets():
            # the pipeline may still decide the set: check only what every remaining set requires
            self._mandatory_checked = True
            sets = self.candidate_sets()
            common = [p for p in self._missing(sets[0], True) if all(p in self._missing(s, True) for s in sets[1:])]
            self._ask(common)
            return
        set_name = self.choose_set(pipeline_pending=pipeline_pending)
        self.parameter_set = set_name
        self.bound.parameter_set_name = set_name
        missing = self._missing(set_name, pipeline_pending)
        if pipeline_pending:
            self._mandatory_checked = True
        self._ask(missing)

    def _ask(self, missing: list[ParameterInfo]) -> None:
        """Prompt for missing mandatory parameters (interactive host) or fail with pwsh's message."""
        if not missing:
            return
        host = getattr(self.ctx, "host", None)
        if host is not None and getattr(host, "interactive", False):
            host.write_host(
                f"cmdlet {self.command.name} at command pipeline position 1\nSupply values for the following parameters:"
            )
            for p in missing:
                text = self.ctx.read_secret(f"{p.name}: ") if _is_secret(p) else self.ctx.read_line(f"{p.name}: ")
                self.bound.bind(p.name, self.coerce(p, text), BindingSource.PROMPT)
            return
        names = " ".join(p.name for p in missing)
        raise _error(
            f"Cannot process command because of one or more missing mandatory parameters: {names}.",
            "MissingMandatoryParameter",
            self.command,
        )

    # -- output ------------------------------------------------------------------------------
    def python_arguments(self) -> dict[str, Any]:
        """snake_case keyword -> value for every declared (non-common) parameter."""
        from azskernel.runtime.pstypes import SwitchParameter

        out = dict(self.plan.defaults)
        by_name = self.plan.python_by_fold
        for name, value in self.bound.items():
            python_name = by_name.get(name.casefold())
            if python_name is not None:
                out[python_name] = bool(value) if isinstance(value, SwitchParameter) else value
        return out


_ACTION_PARAMETERS = frozenset({"ErrorAction", "WarningAction", "InformationAction", "ProgressAction"})
_NOT_ENUMS = frozenset({"string", "string[]", "object", "object[]", "int", "long", "double", "bool", "switch",
                        "scriptblock", "hashtable", "datetime", "char", "uri", "guid", "timespan", "decimal"})


def _disambiguate_enum(type_name: str, text: str) -> str:
    """An enum parameter takes a unique prefix of a value's name (`-ErrorAction Ig` is Ignore), as pwsh's
    binder does (EnumDisambiguate); anything else is left for the conversion to judge."""
    from azskernel.runtime.enums import find_enum

    if type_name.casefold() in _NOT_ENUMS:
        return text
    enum = find_enum(type_name) or find_enum(f"System.Management.Automation.{type_name}")
    if enum is None or not text or "," in text or enum.get(text) is not None:
        return text
    folded = text.casefold()
    matches = [name for name, _ in enum.members if name.casefold().startswith(folded)]
    return matches[0] if len(matches) == 1 else text


def _fits_exactly(value: Any, param: ParameterInfo) -> bool:
    """A typed parameter the value already belongs to (an [object] parameter fits anything, so never 'exactly';
    an [object[]] one only an array)."""
    if param.transform is not None:
        value = param.transform(value)
    if param.type in ("object", object, None):
        return False
    if param.type == "object[]":
        return isinstance(value, list | tuple)
    return _fits(value, param)


def _fits(value: Any, param: ParameterInfo) -> bool:
    """Whether the value is already of the parameter's type (pwsh's first, no-coercion binding pass)."""
    from azskernel.runtime.conversion import is_instance

    if param.type in ("object", object, None) or param.switch:
        return True
    if param.is_array:
        element = param.type[:-2] if isinstance(param.type, str) else param.type.element
        return isinstance(value, list | tuple) or _fits(value, ParameterInfo(param.name, type=element))
    try:
        return is_instance(value, param.type)
    except Exception:  # an unknown type name: let the coercion pass decide
        return False


def _is_bool(p: ParameterInfo) -> bool:
    """A [bool] or [bool[]] parameter (not a switch)."""
    if isinstance(p.type, str):
        return p.type.casefold() in ("bool", "bool[]", "boolean", "system.boolean", "system.boolean[]")
    full = getattr(p.type, "full_name", "")
    return full in ("System.Boolean", "System.Boolean[]")


def _elements(value: Any) -> list[Any]:
    return list(value) if isinstance(value, list | tuple) else [value]


def _is_string(p: ParameterInfo) -> bool:
    """A [string] parameter: pwsh refuses an empty string for a mandatory one only (ParameterBinderBase's
    ValidateNullOrEmptyArgument); for other types the conversion decides."""
    if p.type is str or isinstance(p.type, str) and p.type.casefold() in ("string", "system.string"):
        return True
    return getattr(p.type, "full_name", None) == "System.String"


def _is_secret(p: ParameterInfo) -> bool:
    return isinstance(p.type, str) and p.type.casefold() in ("securestring", "pscredential")


def _property_value(obj: Any, names: tuple[str, ...]) -> tuple[bool, Any]:
    """Whether `obj` has a property of one of these names (ByPropertyName binding), and its value."""
    if obj is None or isinstance(obj, int | float | bool):
        return False, None
    if isinstance(obj, PSObject):
        for n in names:
            if obj.has(n):
                return True, obj.get(n)
        return False, None
    if isinstance(obj, dict):
        return False, None
    from azskernel.runtime.adapted import get_properties

    props = {k.casefold(): v for k, v in get_properties(obj)}  # a string's Length too
    for n in names:
        if n.casefold() in props:
            return True, props[n.casefold()]
    return False, None


def bind(command: CommandInfo, arguments: list[CommandArgument], ctx: Any = None) -> ParameterBinder:
    """Bind command-line arguments (steps 1-2); the caller drives pipeline binding and the mandatory check."""
    return ParameterBinder(command, arguments, ctx)


__all__ = ["BindingSource", "BoundParameters", "CommandArgument", "ParameterBinder", "bind"]
