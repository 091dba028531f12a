"""The cmdlet declaration model: decorators that record metadata, the registry, the command processor.

A cmdlet is a Python function plus declared parameters (click's idiom: decorators only record):

    @cmdlet("Get-Thing", aliases=("gth",), synopsis="Gets things.")
    @parameter("Name", type="string", position=0, mandatory=True, help="The thing's name.")
    @parameter("Force", switch=True)
    def get_thing(ctx, *, name, force):
        return PSObject({"Name": name})

Calling convention (decided here, used by every built-in and the Azure cmdlets):
- the function is called as `fn(ctx, **params)` where params are keyed by the parameter's snake_case
  name (`ExpandProperty` -> `expand_property`, `VHDType` -> `vhd_type`); EVERY declared parameter is
  passed: its bound value, else its declared default, else False for a switch and None otherwise.
  `ctx.bound` (BoundParameters) says which were given, like $PSBoundParameters.
- it runs once per pipeline input object when the command has a pipeline parameter (the process
  block), else once. Return None (nothing), a list/tuple/generator (each item is written), or any
  other value (written as one object; to write a list as ONE object return `[the_list]`).
- a class deriving from `Cmdlet` gets `begin/process/end(ctx, **params)` for commands that need the
  whole input (Sort-Object, Measure-Object, ...). One instance per invocation.

The same declaration drives binding (binding.py), completion (`CommandRegistry.completions`,
`CommandInfo.complete_parameter`, `complete_value`), help (help.py) and the Python API:
- `registry.python_function("Get-VHD", session)(path="disk.vhd")` (or `info.python_function(session)`) is
  the cmdlet as a Python function: positional arguments by position, keywords by snake_case name, `input=`
  for pipeline input; it binds through the same binder and returns the output list (`PythonCommand`).
- `processor.invoke_text(session, "Get-VHD", "./disk.vhd -ErrorAction Stop")` binds a raw argument string (the IPython
  magics): the text is parsed as a command invocation by the language's parser, then bound as above.
The processor (`CommandInfo.start(ctx_factory, arguments)` -> begin/process/end) is what the interpreter
drives; it applies $PSDefaultParameterValues and -OutVariable, and turns any unexpected Python exception
into a pwsh-shaped error (never a traceback).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from azskernel.runtime.errors import CommandNotFoundException
from azskernel.runtime.values import UNSET

if TYPE_CHECKING:
    from azskernel.runtime.processor import CommandProcessor, PythonCommand

ALL_PARAMETER_SETS = "__AllParameterSets"

COMMON_PARAMETERS: tuple[str, ...] = (
    "Verbose",
    "Debug",
    "ErrorAction",
    "WarningAction",
    "InformationAction",
    "ErrorVariable",
    "WarningVariable",
    "InformationVariable",
    "OutVariable",
    "OutBuffer",
    "PipelineVariable",
    "ProgressAction",
)
SHOULD_PROCESS_PARAMETERS: tuple[str, ...] = ("WhatIf", "Confirm")


@functools.lru_cache(maxsize=8192)
def snake_case(name: str) -> str:
    """`ExpandProperty` -> `expand_property`; `VHDType` -> `vhd_type`; `ErrorAction` -> `error_action`."""
    spaced = re.sub(r"(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])", "_", name)
    return spaced.replace("-", "_").lower()


@dataclass(frozen=True)
class ValidateRange:
    minimum: float | int | None = None
    maximum: float | int | None = None


@dataclass(frozen=True)
class ParameterInfo:
    """One declared parameter: everything binding, completion and help need."""

    name: str
    type: Any = "object"
    """A Python type or a PowerShell type name ("string", "int", "string[]", "switch", "scriptblock"...)."""
    position: int | None = None
    mandatory: bool = False
    mandatory_in: tuple[str, ...] = ()
    """The parameter sets in which a mandatory parameter is mandatory (empty: all of its sets)."""
    aliases: tuple[str, ...] = ()
    parameter_sets: tuple[str, ...] = ()
    """Empty: the parameter belongs to every set."""
    value_from_pipeline: bool = False
    value_from_pipeline_by_property_name: bool = False
    value_from_remaining_arguments: bool = False
    switch: bool = False
    validate_set: tuple[str, ...] | None = None
    validate_pattern: str | None = None
    validate_range: ValidateRange | None = None
    validate_not_null_or_empty: bool = False
    allow_null: bool = False
    """[AllowNull()] on a mandatory parameter (for a Python cmdlet also AllowEmptyString and AllowEmptyCollection)."""
    allow_empty: tuple[str, ...] = ()
    """A script parameter's [AllowNull()] ("null"), [AllowEmptyString()] ("string"), [AllowEmptyCollection()]
    ("collection")."""
    validate_count: tuple[int, int] | None = None
    validate_length: tuple[int, int] | None = None
    """[ValidateLength(min, max)] on each string value."""
    transform: Callable[[Any], Any] | None = None
    """An ArgumentTransformation: applied to the value before its conversion to `type`."""
    validate: Callable[[Any], str | None] | None = None
    """A validation of the converted value: None when valid, else the reason (after "Cannot validate argument on
    parameter 'X'. ")."""
    completer: Callable[[str], Iterable[str]] | None = None
    path: bool = False
    """Completes as a file path."""
    default: Any = UNSET
    help: str = ""
    dont_show: bool = False

    @property
    def python_name(self) -> str:
        return snake_case(self.name)

    def in_set(self, set_name: str) -> bool:
        return not self.parameter_sets or set_name in self.parameter_sets or ALL_PARAMETER_SETS in self.parameter_sets

    @property
    def type_name(self) -> str:
        """The type as help and error messages spell it (System.String, System.Int32, ...)."""
        return dotnet_type_name(self.type, switch=self.switch)

    @property
    def is_array(self) -> bool:
        if isinstance(self.type, str):
            return self.type.endswith("[]")
        return getattr(self.type, "is_array", False) is True  # a PSType ([string[]] on a script parameter)

    @property
    def unbound_value(self) -> Any:
        if self.default is not UNSET:
            return self.default
        return False if self.switch else None


_DOTNET_NAMES = {
    "string": "System.String",
    "int": "System.Int32",
    "int32": "System.Int32",
    "long": "System.Int64",
    "int64": "System.Int64",
    "uint64": "System.UInt64",
    "double": "System.Double",
    "bool": "System.Boolean",
    "switch": "System.Management.Automation.SwitchParameter",
    "object": "System.Object",
    "psobject": "System.Management.Automation.PSObject",
    "scriptblock": "System.Management.Automation.ScriptBlock",
    "hashtable": "System.Collections.Hashtable",
    "datetime": "System.DateTime",
    "pscredential": "System.Management.Automation.PSCredential",
    "securestring": "System.Security.SecureString",
    "char": "System.Char",
    "uri": "System.Uri",
    "guid": "System.Guid",
    "timespan": "System.TimeSpan",
    "decimal": "System.Decimal",
}
_PY_NAMES = {str: "string", int: "int", float: "double", bool: "bool", object: "object", dict: "hashtable"}


_SHORT_NAMES = {v.casefold(): k for k, v in _DOTNET_NAMES.items() if k not in ("int32", "int64")}


def dotnet_type_name(type_: Any, *, switch: bool = False) -> str:
    if switch:
        return _DOTNET_NAMES["switch"]
    if hasattr(type_, "full_name"):  # a runtime PSType (script functions' [string]$Name)
        return str(type_.full_name)
    if not isinstance(type_, str):
        type_ = _PY_NAMES.get(type_, getattr(type_, "__name__", "object"))
    suffix = "[]" if type_.endswith("[]") else ""
    base = type_[:-2] if suffix else type_
    return _DOTNET_NAMES.get(base.lower(), base) + suffix


def short_type_name(type_: Any, *, switch: bool = False) -> str:
    """As help's syntax lines show it: <string>, <int>, <string[]>, <Object>."""
    if switch:
        return "switch"
    if hasattr(type_, "full_name"):  # a runtime PSType
        full = str(type_.full_name)
        suffix = "[]" if full.endswith("[]") else ""
        base = full[:-2] if suffix else full
        type_ = _SHORT_NAMES.get(base.casefold(), base.rsplit(".", 1)[-1]) + suffix
    elif not isinstance(type_, str):
        type_ = _PY_NAMES.get(type_, getattr(type_, "__name__", "Object"))
    return "Object" if type_.lower() == "object" else type_


def _common_parameter_infos(should_process: bool) -> tuple[ParameterInfo, ...]:
    specs: list[ParameterInfo] = [
        ParameterInfo("Verbose", switch=True, aliases=("vb",)),
        ParameterInfo("Debug", switch=True, aliases=("db",)),
        ParameterInfo("ErrorAction", type="ActionPreference", aliases=("ea",)),
        ParameterInfo("WarningAction", type="ActionPreference", aliases=("wa",)),
        ParameterInfo("InformationAction", type="ActionPreference", aliases=("infa",)),
        ParameterInfo("ProgressAction", type="ActionPreference", aliases=("proga",)),
        ParameterInfo("ErrorVariable", type="string", aliases=("ev",)),
        ParameterInfo("WarningVariable", type="string", aliases=("wv",)),
        ParameterInfo("InformationVariable", type="string", aliases=("iv",)),
        ParameterInfo("OutVariable", type="string", aliases=("ov",)),
        ParameterInfo("OutBuffer", type="int", aliases=("ob",)),
        ParameterInfo("PipelineVariable", type="string", aliases=("pv",)),
    ]
    if should_process:
        specs += [ParameterInfo("WhatIf", switch=True, aliases=("wi",)), ParameterInfo("Confirm", switch=True, aliases=("cf",))]
    return tuple(specs)


_COMMON = _common_parameter_infos(False)
_COMMON_SP = _common_parameter_infos(True)


@dataclass(frozen=True)
class Example:
    code: str
    remarks: str = ""
    title: str = ""


@dataclass(frozen=True)
class CommandInfo:
    """A command as the registry, binder, help and completion see it."""

    name: str
    implementation: Any
    """A function `fn(ctx, **params)`, a `Cmdlet` subclass, or (for script functions) whatever the
    interpreter puts there; `start()` only knows the first two."""
    parameters: tuple[ParameterInfo, ...] = ()
    aliases: tuple[str, ...] = ()
    default_parameter_set: str | None = None
    supports_should_process: bool = False
    cmdlet_binding: bool = True
    """False for a simple script function: no common parameters, unknown arguments go to $args."""
    synopsis: str = ""
    description: str = ""
    examples: tuple[Example, ...] = ()
    output_type: tuple[str, ...] = ()
    module: str = "Microsoft.PowerShell.Utility"
    command_type: str = "Cmdlet"
    notes: str = ""
    dotnet_class: str | None = None
    """The implementing .NET class when the naming rule of `type_name` does not give it."""

    @property
    def type_name(self) -> str:
        """What pwsh's FullyQualifiedErrorId names after the comma: a built-in cmdlet's .NET class
        (`Get-Item` -> `Microsoft.PowerShell.Commands.GetItemCommand`, the Verb-Noun rule every cmdlet of
        PowerShell's own modules follows), a function's name."""
        if self.dotnet_class:
            return self.dotnet_class
        if self.command_type == "Cmdlet" and self.module.startswith("Microsoft.PowerShell."):
            return "Microsoft.PowerShell.Commands." + self.name.replace("-", "") + "Command"
        return self.name

    # -- parameters ------------------------------------------------------------------------
    @property
    def common_parameters(self) -> tuple[ParameterInfo, ...]:
        if not self.cmdlet_binding:
            return ()
        return _COMMON_SP if self.supports_should_process else _COMMON

    @property
    def all_parameters(self) -> tuple[ParameterInfo, ...]:
        return self.parameters + self.common_parameters

    def parameter_set_names(self) -> list[str]:
        names: list[str] = []
        for p in self.parameters:
            for s in p.parameter_sets:
                if s != ALL_PARAMETER_SETS and s not in names:
                    names.append(s)
        if not names:
            return [self.default_parameter_set or ALL_PARAMETER_SETS]
        if self.default_parameter_set and self.default_parameter_set in names:
            names.remove(self.default_parameter_set)
            names.insert(0, self.default_parameter_set)
        return names

    def parameters_in_set(self, set_name: str) -> list[ParameterInfo]:
        return [p for p in self.parameters if p.in_set(set_name)]

    def find_parameters(self, text: str) -> list[ParameterInfo]:
        """Parameters that `-text` may mean: an exact name or alias wins, else every unique prefix match."""
        folded = text.casefold()
        candidates = self.all_parameters
        for p in candidates:
            if p.name.casefold() == folded or any(a.casefold() == folded for a in p.aliases):
                return [p]
        return [p for p in candidates if p.name.casefold().startswith(folded)]

    def parameter(self, name: str) -> ParameterInfo:
        for p in self.all_parameters:
            if p.name.casefold() == name.casefold():
                return p
        raise KeyError(name)

    # -- completion --------------------------------------------------------------------------
    def complete_parameter(self, prefix: str) -> list[str]:
        """`-Pub` -> ['-Publisher']: parameter names (not aliases) that start with the text after '-'."""
        text = prefix.lstrip("-").casefold()
        return [f"-{p.name}" for p in self.all_parameters if p.name.casefold().startswith(text) and not p.dont_show]

    def complete_value(self, parameter_name: str, prefix: str) -> list[str]:
        """Values for a parameter from its ValidateSet or completer."""
        matches = self.find_parameters(parameter_name)
        if len(matches) != 1:
            return []
        p = matches[0]
        folded = prefix.casefold()
        if p.validate_set:
            return [v for v in p.validate_set if v.casefold().startswith(folded)]
        if p.completer is not None:
            return [v for v in p.completer(prefix) if v.casefold().startswith(folded)]
        if isinstance(p.type, str):
            from azskernel.runtime.enums import find_enum

            for key in (p.type.casefold(), f"system.management.automation.{p.type.casefold()}", f"system.{p.type.casefold()}"):
                enum = find_enum(key)
                if enum is not None:
                    return [n for n, _ in enum.members if n.casefold().startswith(folded)]
        if p.switch or p.type in ("bool", bool):
            return [v for v in ("$true", "$false") if v.startswith(folded)]
        return []

    # -- execution ---------------------------------------------------------------------------
    def start(self, ctx_factory: Callable[[CommandInfo, Any], Any], arguments: list[Any]) -> CommandProcessor:
        """Bind the command-line arguments and return a processor the pipeline drives."""
        from azskernel.runtime.processor import CommandProcessor

        return CommandProcessor(self, ctx_factory, arguments)

    def python_function(self, context_source: Any) -> PythonCommand:
        """A snake_case-keyword Python callable with the cmdlet's behaviour (see PythonCommand)."""
        from azskernel.runtime.processor import PythonCommand

        return PythonCommand(self, context_source)

    @property
    def python_name(self) -> str:
        return snake_case(self.name)

    # -- as a PowerShell value (Get-Command output) ------------------------------------------
    @property
    def ps_type_names(self) -> tuple[str, ...]:
        kind = "CmdletInfo" if self.command_type == "Cmdlet" else "FunctionInfo"
        return (f"System.Management.Automation.{kind}", "System.Management.Automation.CommandInfo", "System.Object")

    def ps_properties(self) -> list[tuple[str, Any]]:
        from azskernel.runtime.help import syntax_lines

        return [
            ("CommandType", self.command_type),
            ("Name", self.name),
            ("Version", "" if self.command_type != "Cmdlet" else "7.4.0.0"),
            ("Source", self.module),
            ("ModuleName", self.module),
            ("Definition", "\n".join(syntax_lines(self))),
            ("ParameterSets", self.parameter_set_names()),
            ("Parameters", {p.name: p.type_name for p in self.parameters}),
            ("OutputType", list(self.output_type)),
        ]

    def ps_to_string(self) -> str:
        return self.name


class Cmdlet:
    """Base for class-form cmdlets: override any of begin/process/end (each returns output like a function)."""

    def begin(self, ctx: Any, **params: Any) -> Any:
        return None

    def process(self, ctx: Any, **params: Any) -> Any:
        return None

    def end(self, ctx: Any, **params: Any) -> Any:
        return None


# -- decorators (record only) -----------------------------------------------------------------
_PARAMS_ATTR = "__ps_parameters__"
_INFO_ATTR = "__ps_command__"


def parameter(name: str, **options: Any) -> Callable[[Any], Any]:
    """Declare one parameter (options are ParameterInfo's fields)."""
    if "validate_set" in options and options["validate_set"] is not None:
        options["validate_set"] = tuple(options["validate_set"])
    if "validate_range" in options and isinstance(options["validate_range"], tuple):
        options["validate_range"] = ValidateRange(*options["validate_range"])
    if isinstance(options.get("parameter_sets"), str):
        options["parameter_sets"] = (options["parameter_sets"],)
    if isinstance(options.get("aliases"), str):
        options["aliases"] = (options["aliases"],)
    if options.get("switch"):
        options.setdefault("type", "switch")
    info = ParameterInfo(name, **options)

    def record(target: Any) -> Any:
        existing = list(getattr(target, _PARAMS_ATTR, ()))
        # decorators apply bottom-up; keep source order (top first)
        existing.insert(0, info)
        setattr(target, _PARAMS_ATTR, existing)
        return target

    return record


def parameters(*declarations: tuple[str, dict[str, Any]]) -> Callable[[Any], Any]:
    """Declare several parameters in source order, as the same stack of @parameter lines would (for a group of
    parameters several cmdlets share)."""
    def record(target: Any) -> Any:
        for name, options in reversed(declarations):
            target = parameter(name, **options)(target)
        return target

    return record


SCOPE_OPTION_FORCE_PASSTHRU: tuple[tuple[str, dict[str, Any]], ...] = (
    ("Scope", {"type": "string"}), ("Option", {"type": "string"}), ("Description", {"type": "string"}),
    ("Force", {"switch": True}), ("PassThru", {"switch": True}),
)
"""The tail the *-Alias and *-Variable cmdlets share."""


def cmdlet(
    name: str,
    *,
    aliases: Iterable[str] = (),
    default_parameter_set: str | None = None,
    supports_should_process: bool = False,
    synopsis: str = "",
    description: str = "",
    examples: Iterable[Example | tuple[str, str] | str] = (),
    output_type: Iterable[str] | str = (),
    module: str = "Microsoft.PowerShell.Utility",
    notes: str = "",
    dotnet_class: str | None = None,
) -> Callable[[Any], Any]:
    """Turn a function or Cmdlet subclass into a declared command; the target is returned unchanged
    with the CommandInfo at `target.__ps_command__` (see `command_info`)."""

    def record(target: Any) -> Any:
        params = tuple(getattr(target, _PARAMS_ATTR, ()))
        doc = (target.__doc__ or "").strip()
        info = CommandInfo(
            name=name,
            implementation=target,
            parameters=params,
            aliases=tuple(aliases),
            default_parameter_set=default_parameter_set,
            supports_should_process=supports_should_process,
            synopsis=synopsis or (doc.splitlines()[0] if doc else ""),
            description=description or doc,
            examples=tuple(_example(e) for e in examples),
            output_type=(output_type,) if isinstance(output_type, str) else tuple(output_type),
            module=module,
            notes=notes,
            dotnet_class=dotnet_class,
        )
        _check_declaration(info)
        setattr(target, _INFO_ATTR, info)
        return target

    return record


def _example(e: Example | tuple[str, str] | str) -> Example:
    if isinstance(e, Example):
        return e
    if isinstance(e, tuple):
        return Example(*e)
    return Example(e)


def _check_declaration(info: CommandInfo) -> None:
    seen: set[str] = set()
    for p in info.all_parameters:
        for n in (p.name, *p.aliases):
            key = n.casefold()
            if key in seen:
                raise ValueError(f"{info.name}: parameter name or alias {n!r} is declared twice")
            seen.add(key)


def command_info(target: Any) -> CommandInfo:
    if isinstance(target, CommandInfo):
        return target
    info = getattr(target, _INFO_ATTR, None)
    if info is None:
        raise TypeError(f"{target!r} is not a declared cmdlet (use @cmdlet)")
    return info


# -- registry ---------------------------------------------------------------------------------
class CommandRegistry:
    """Commands by case-insensitive name and alias. `resolve` returns None for an unknown name."""

    def __init__(self) -> None:
        self._commands: dict[str, CommandInfo] = {}
        self._aliases: dict[str, str] = {}

    def register(self, target: Any, *, module: str | None = None) -> CommandInfo:
        info = command_info(target)
        if module is not None:
            info = replace(info, module=module)
        self._commands[info.name.casefold()] = info
        for alias in info.aliases:
            self._aliases[alias.casefold()] = info.name.casefold()
        return info

    def register_all(self, targets: Iterable[Any], *, module: str | None = None) -> None:
        for t in targets:
            self.register(t, module=module)

    def add_alias(self, alias: str, command_name: str) -> None:
        self._aliases[alias.casefold()] = command_name.casefold()

    def remove_alias(self, alias: str) -> None:
        self._aliases.pop(alias.casefold(), None)

    def unregister(self, name: str) -> None:
        self._commands.pop(name.casefold(), None)

    def resolve(self, name: str) -> CommandInfo | None:
        key = name.casefold()
        if "\\" in key:  # module-qualified: Microsoft.PowerShell.Utility\Write-Output
            key = key.rsplit("\\", 1)[1]
        if key in self._commands:
            return self._commands[key]
        target = self._aliases.get(key)
        return self._commands.get(target) if target else None

    def require(self, name: str) -> CommandInfo:
        info = self.resolve(name)
        if info is None:
            raise CommandNotFoundException(
                f"The term '{name}' is not recognized as a name of a cmdlet, function, script file, or executable program.\n"
                "Check the spelling of the name, or if a path was included, verify that the path is correct and try again.",
                error_id="CommandNotFoundException",
                target=name,
            )
        return info

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str) and self.resolve(name) is not None

    def __iter__(self) -> Iterator[CommandInfo]:
        return iter(sorted(self._commands.values(), key=lambda i: i.name.casefold()))

    def names(self) -> list[str]:
        return [i.name for i in self]

    def aliases(self) -> dict[str, str]:
        """alias -> command name (as declared)."""
        return {a: self._commands[t].name for a, t in sorted(self._aliases.items()) if t in self._commands}

    def completions(self, prefix: str) -> list[str]:
        """Command names (then aliases) starting with prefix, case-insensitively; `Get-*` wildcards allowed."""
        folded = prefix.casefold()
        if any(c in folded for c in "*?["):
            import fnmatch

            return [n for n in self.names() if fnmatch.fnmatchcase(n.casefold(), folded)]
        names = [n for n in self.names() if n.casefold().startswith(folded)]
        names += [a for a in self._aliases if a.startswith(folded) and a not in (n.casefold() for n in names)]
        return names

    def python_function(self, name: str, context_source: Any) -> PythonCommand:
        return self.require(name).python_function(context_source)


def iter_commands(module_objects: Mapping[str, Any]) -> list[Any]:
    """Every declared cmdlet among a module's globals (for register_builtins)."""
    return [v for v in module_objects.values() if getattr(v, _INFO_ATTR, None) is not None and isinstance(getattr(v, _INFO_ATTR), CommandInfo)]


__all__ = [
    "ALL_PARAMETER_SETS",
    "COMMON_PARAMETERS",
    "Cmdlet",
    "CommandInfo",
    "CommandRegistry",
    "Example",
    "ParameterInfo",
    "ValidateRange",
    "cmdlet",
    "command_info",
    "iter_commands",
    "parameter",
    "snake_case",
]
