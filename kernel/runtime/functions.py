"""Script functions, filters and script blocks as commands: declaration from `param()`, binding, invocation.

A function's `param()` block becomes the same `ParameterInfo` declarations cmdlets use, so one binder
(binding.py) binds both. `ScriptCommand` runs a script block's begin/process/end in a new child scope (or
the current one when dot-sourced), with $args, $input, $_, $PSBoundParameters, $MyInvocation, $PSCmdlet.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from azskernel.language import ast as A
from azskernel.runtime import pstypes as T
from azskernel.runtime.cmdlet import CommandInfo, ParameterInfo, ValidateRange
from azskernel.runtime.control import ReturnException, ScriptExit
from azskernel.runtime.conversion import as_list, convert_to, to_bool, to_string
from azskernel.runtime.errors import ErrorCategory, RuntimeException, ValidationException
from azskernel.runtime.dotnetformat import composite_format
from azskernel.runtime.scopes import Scope
from azskernel.runtime.validators import pattern_validator, set_validator
from azskernel.runtime.values import UNSET, AutomationNull, PSObject

if TYPE_CHECKING:
    from azskernel.runtime.interpreter import Interpreter
    from azskernel.runtime.scriptblock import ScriptBlock


@dataclass
class FunctionInfo:
    name: str
    scriptblock: ScriptBlock
    parameters: list[A.ParameterAst] | None = None
    definition: A.FunctionDefinitionAst | None = None
    """The `function` statement that made it (help comments may sit right above it); None for Set-Item function:."""
    ps_type_names = ("System.Management.Automation.FunctionInfo", "System.Management.Automation.CommandInfo", "System.Object")

    @property
    def module(self) -> Any:
        """The module that defined it (its script block's), or None."""
        return self.scriptblock.module

    def ps_properties(self) -> list[tuple[str, Any]]:
        module = self.module
        source = module.name if module is not None else ""
        verb, _, noun = self.name.partition("-") if "-" in self.name else ("", "", "")
        return [("CommandType", "Filter" if self.scriptblock.is_filter else "Function"), ("Name", self.name),
                ("Version", module.version if module is not None else ""), ("Source", source),
                ("ModuleName", source), ("Module", module), ("Verb", verb), ("Noun", noun),
                ("ScriptBlock", self.scriptblock), ("Definition", self.scriptblock.ast.text)]

    def ps_to_string(self) -> str:
        return self.name


@dataclass
class _Declaration:
    info: CommandInfo
    parameters: list[A.ParameterAst]
    types: dict[str, T.PSType | None]
    validate_scripts: dict[str, list[Any]] = field(default_factory=dict)
    not_null: set[str] = field(default_factory=set)


_DECLARATIONS: dict[int, tuple[A.ScriptBlockAst, _Declaration]] = {}


def define_function(interp: Interpreter, node: A.FunctionDefinitionAst) -> None:
    from azskernel.runtime.scriptblock import ScriptBlock

    name = node.name
    target = interp.scope
    if ":" in name:
        prefix, _, rest = name.partition(":")
        if prefix.lower() == "global":
            target, name = interp.scope.global_scope(), rest
        elif prefix.lower() == "script":
            target, name = interp.scope.script_scope(), rest
        elif prefix.lower() in ("local", "private"):
            name = rest
    block = ScriptBlock(node.body, interp.session, module=interp.scope.module)
    target.functions[name.casefold()] = FunctionInfo(name, block, node.parameters, node)


def _attribute_values(interp: Interpreter, attr: A.AttributeAst) -> tuple[list[Any], dict[str, Any]]:
    positional = []
    for p in attr.positional:
        if isinstance(p, A.ScriptBlockExpressionAst):
            positional.append(interp.eval(p))
        else:
            positional.append(interp.eval(p))
    named = {}
    for key, value in attr.named:
        named[key.casefold()] = True if value is None else interp.eval(value)
    return positional, named


def declaration(interp: Interpreter, block: ScriptBlock, name: str, params: list[A.ParameterAst] | None = None) -> _Declaration:
    ast = block.ast
    cached = _DECLARATIONS.get(id(ast))
    if cached is not None and cached[0] is ast:
        return cached[1]
    param_block = ast.param_block
    parameters = list(param_block.parameters) if param_block is not None else list(params or [])
    advanced = False
    should_process = False
    default_set = None
    if param_block is not None:
        for attr in param_block.attributes:
            if isinstance(attr, A.AttributeAst) and attr.type_name.casefold() in ("cmdletbinding", "system.management.automation.cmdletbindingattribute"):
                advanced = True
                _, named = _attribute_values(interp, attr)
                should_process = to_bool(named.get("supportsshouldprocess", False))
                default_set = named.get("defaultparametersetname")
    infos: list[ParameterInfo] = []
    types: dict[str, T.PSType | None] = {}
    validate_scripts: dict[str, list[Any]] = {}
    not_null: set[str] = set()
    explicit_positions = False
    raw: list[dict[str, Any]] = []
    for p in parameters:
        spec: dict[str, Any] = {"name": p.name, "type": "object"}
        ptype: T.PSType | None = None
        sets: list[str] = []
        mandatory_in: list[str] = []  # [Parameter(ParameterSetName=..., Mandatory)] per set; "" for all sets
        for attr in p.attributes:
            if isinstance(attr, A.TypeConstraintAst):
                found = T.find_type(attr.type_name)
                if found is not None and found.full_name == "System.Management.Automation.SwitchParameter":
                    spec["switch"] = True
                    spec["type"] = "switch"
                elif found is not None:
                    ptype = found
                    if found.full_name not in ("System.Object",):
                        spec["type"] = found
                continue
            lname = attr.type_name.casefold().removeprefix("system.management.automation.").removesuffix("attribute")
            positional, named = _attribute_values(interp, attr)
            if lname == "parameter":
                advanced = True
                if "mandatory" in named and to_bool(named["mandatory"]):
                    mandatory_in.append(to_string(named.get("parametersetname", "")))
                if "position" in named:
                    spec["position"] = int(convert_to(named["position"], "int"))
                    explicit_positions = True
                if "valuefrompipeline" in named:
                    spec["value_from_pipeline"] = to_bool(named["valuefrompipeline"])
                if "valuefrompipelinebypropertyname" in named:
                    spec["value_from_pipeline_by_property_name"] = to_bool(named["valuefrompipelinebypropertyname"])
                if "valuefromremainingarguments" in named:
                    spec["value_from_remaining_arguments"] = to_bool(named["valuefromremainingarguments"])
                if "parametersetname" in named:
                    sets.append(to_string(named["parametersetname"]))
                if "helpmessage" in named:
                    spec["help"] = to_string(named["helpmessage"])
                if "dontshow" in named:
                    spec["dont_show"] = to_bool(named["dontshow"])
            elif lname == "alias":
                spec["aliases"] = tuple(to_string(a) for v in positional for a in as_list(v))
            elif lname == "validateset":
                values = tuple(to_string(a) for v in positional for a in as_list(v))
                if "errormessage" in named or not to_bool(named.get("ignorecase", True)):
                    message = to_string(named["errormessage"]) if "errormessage" in named else None
                    spec["validate"] = set_validator(values, message, to_bool(named.get("ignorecase", True)))
                else:
                    spec["validate_set"] = values
            elif lname in ("allownull", "allowemptystring", "allowemptycollection"):
                spec["allow_empty"] = (*spec.get("allow_empty", ()), lname[5:].removeprefix("empty"))
            elif lname == "validatenotnullorempty":
                spec["validate_not_null_or_empty"] = True
            elif lname == "validatenotnull":
                not_null.add(p.name)
            elif lname == "validatepattern":
                spec["validate_pattern"] = to_string(positional[0]) if positional else None
                if "errormessage" in named and positional:
                    spec["validate"] = pattern_validator(spec.pop("validate_pattern"), to_string(named["errormessage"]))
            elif lname == "validaterange":
                if len(positional) >= 2:
                    spec["validate_range"] = ValidateRange(positional[0], positional[1])
                elif positional:
                    kind = to_string(positional[0]).casefold()
                    spec["validate_range"] = {
                        "positive": ValidateRange(1, None), "nonnegative": ValidateRange(0, None),
                        "negative": ValidateRange(None, -1), "nonpositive": ValidateRange(None, 0),
                    }.get(kind)
            elif lname == "validatecount":
                if len(positional) >= 2:
                    spec["validate_count"] = (int(positional[0]), int(positional[1]))
            elif lname == "validatescript":
                message = to_string(named["errormessage"]) if "errormessage" in named else None
                validate_scripts.setdefault(p.name, []).extend(("script", b, message) for b in positional)
            elif lname in ("validatelength",):
                if len(positional) >= 2:
                    validate_scripts.setdefault(p.name, []).append(("length", int(positional[0]), int(positional[1])))
        if sets:
            spec["parameter_sets"] = tuple(sets)
        if mandatory_in:
            spec["mandatory"] = True
            if "" not in mandatory_in:
                spec["mandatory_in"] = tuple(mandatory_in)
        types[p.name.casefold()] = ptype
        raw.append(spec)
    if len({n.casefold() for spec in raw for n in spec.get("parameter_sets", ())}) > 32:
        raise RuntimeException("A command can declare at most 32 parameter sets.",
                               error_id="ParsingTooManyParameterSets", category=ErrorCategory.MetadataError)
    if not explicit_positions:
        position = 0
        for spec in raw:
            if not spec.get("switch"):
                spec["position"] = position
                position += 1
    for spec in raw:
        name_ = spec.pop("name")
        infos.append(ParameterInfo(name_, **spec))
    info = CommandInfo(
        name=name, implementation=block, parameters=tuple(infos), cmdlet_binding=advanced,
        supports_should_process=should_process, default_parameter_set=default_set, module="",
        command_type="Function",
    )
    decl = _Declaration(info, parameters, types, validate_scripts, not_null)
    _DECLARATIONS[id(ast)] = (ast, decl)
    return decl


class PSCmdletObject:
    """$PSCmdlet inside an advanced function."""

    ps_type_names = ("System.Management.Automation.PSScriptCmdlet", "System.Management.Automation.PSCmdlet", "System.Object")

    def __init__(self, command: ScriptCommand) -> None:
        self._command = command

    def ps_properties(self) -> list[tuple[str, Any]]:
        binder = self._command.binder
        return [("ParameterSetName", binder.parameter_set or binder.bound.parameter_set_name or "__AllParameterSets"),
                ("MyInvocation", self._command.invocation_info()), ("CommandRuntime", self._command.name),
                ("SessionState", None)]

    def ShouldProcess(self, target: Any, action: Any = None, *_: Any) -> bool:  # noqa: N802
        return self._command.ctx.should_process(to_string(target), to_string(action) if action is not None else self._command.name)

    def ShouldContinue(self, query: Any, caption: Any = None, *_: Any) -> bool:  # noqa: N802
        return self._command.ctx.should_process(to_string(query), to_string(caption) if caption is not None else "Continue")

    def WriteVerbose(self, text: Any) -> None:  # noqa: N802
        self._command.ctx.write_verbose(to_string(text))

    def WriteWarning(self, text: Any) -> None:  # noqa: N802
        self._command.ctx.write_warning(to_string(text))

    def WriteDebug(self, text: Any) -> None:  # noqa: N802
        self._command.ctx.write_debug(to_string(text))

    def WriteError(self, record: Any) -> None:  # noqa: N802
        self._command.ctx.write_error(record)

    def WriteInformation(self, data: Any, tags: Any = None) -> None:  # noqa: N802
        self._command.ctx.write_information(data)

    def WriteObject(self, obj: Any, enumerate_collection: Any = False) -> None:  # noqa: N802
        emit = self._command.current_emit
        if emit is None:
            return
        if to_bool(enumerate_collection) and isinstance(obj, (list, tuple)):
            emit.extend(obj)
        else:
            emit.append(obj)

    def ThrowTerminatingError(self, record: Any) -> None:  # noqa: N802
        from azskernel.runtime.statements import throw_record

        raise throw_record(record, None)

    def GetVariableValue(self, name: Any) -> Any:  # noqa: N802
        return self._command.interp.read_variable(to_string(name))


class InvocationInfo:
    """$MyInvocation: built on demand (a function call should not pay for a property bag)."""

    ps_type_names = ("System.Management.Automation.InvocationInfo", "System.Object")

    def __init__(self, command: ScriptCommand) -> None:
        self._command = command

    def ps_properties(self) -> list[tuple[str, Any]]:
        command = self._command
        source = command.block.ast.source
        my_command = PSObject([("Name", command.name),
                               ("CommandType", "Function" if not command.script_file else "ExternalScript"),
                               ("Definition", command.block.ast.text), ("Path", command.script_file),
                               ("ScriptBlock", command.block)])
        return [
            ("MyCommand", my_command), ("BoundParameters", command.binder.bound),
            ("UnboundArguments", list(command.binder.remaining)), ("InvocationName", command.name),
            ("ScriptName", source.file or ""), ("PSScriptRoot", _dirname(source.file)),
            ("PSCommandPath", source.file or ""), ("Line", ""), ("ScriptLineNumber", 0),
            ("PipelineLength", 1), ("PipelinePosition", 1),
        ]


class ScriptCommand:
    """One invocation of a script block as a command (function, `& {…}`, script file)."""

    def __init__(self, interp: Interpreter, block: ScriptBlock, name: str, arguments: list[Any], *,
                 dot_source: bool = False, params: list[A.ParameterAst] | None = None,
                 script_scope: bool = False, script_file: str | None = None) -> None:
        from azskernel.runtime.binding import ParameterBinder

        self.interp = interp
        self.block = block
        self.name = name
        self.dot_source = dot_source
        self.script_scope = script_scope
        self.script_file = script_file
        self.decl = declaration(interp, block, name, params)
        self.binder = ParameterBinder(self.decl.info, arguments)
        self.ctx = interp.session.command_context(self.decl.info, self.binder.bound)
        self.binder.ctx = self.ctx
        self.scope: Scope | None = None
        self.input: list[Any] = []
        self.current_emit: Any = None
        self.processed = False
        self.arguments = arguments
        self.nested_script = False
        """A .ps1 invoked as a command: its `exit` returns to the caller."""

    def invocation_info(self) -> InvocationInfo:
        return InvocationInfo(self)

    # -- lifecycle ------------------------------------------------------------------------------
    def begin(self, emit: Any) -> None:
        interp = self.interp
        if self.block.ast.type_definitions:
            interp.session.define_types(self.block.ast.type_definitions)
        self.binder.check_mandatory(pipeline_pending=True)
        scope = interp.scope
        module = self.block.module
        if module is not None and scope.module is not module:
            scope = module.scope  # a module's block runs in the module's session state, not the caller's
        if self.dot_source:
            self.scope = scope
        else:
            parent = self.block.closure if self.block.closure is not None else scope
            self.scope = Scope(parent, is_script=self.script_scope, module=parent.module)
        self._setup_variables()
        ast = self.block.ast
        if ast.begin is not None:
            if not self.dot_source:
                self.scope.set_local("input", T.ArrayList())  # nothing has come in yet
            self._run(ast.begin.statements, emit)

    def process(self, item: Any, emit: Any) -> None:
        ast = self.block.ast
        has_process = ast.process is not None or self.block.is_filter
        if not has_process:
            if item is not UNSET:
                self.input.append(item)
                if self.decl.info.cmdlet_binding:
                    self._bind_pipeline(item)
            return
        self.processed = True
        if item is not UNSET:
            if not self._bind_pipeline(item):
                return
        else:
            self.binder.check_mandatory(pipeline_pending=False)
        statements = ast.process.statements if ast.process is not None else ast.end_block.statements  # type: ignore[union-attr]
        assert self.scope is not None
        self.scope.bind("_", None if item is UNSET else item)
        self.scope.bind("PSItem", None if item is UNSET else item)
        if ast.process is not None and not self.dot_source:
            # in a process block $input holds the current object (an ArrayList, as pwsh's)
            self.scope.bind("input", T.ArrayList([] if item is UNSET else [item]))
        self._run(statements, emit)

    def end(self, emit: Any) -> None:
        ast = self.block.ast
        if self.block.is_filter:
            return
        assert self.scope is not None
        if ast.process is None:
            self.binder.check_mandatory(pipeline_pending=False)
            self._check_scripts()
        self.scope.set_local("input", list(self.input))
        if ast.end_block is not None:
            self._run(ast.end_block.statements, emit)

    def clean(self) -> None:
        """The clean block, once the command has begun: after end, or when the pipeline failed or stopped. What it
        writes to the success stream is discarded."""
        clean = self.block.ast.clean
        if clean is not None and self.scope is not None:
            self._run(clean.statements, [])

    def _bind_pipeline(self, item: Any) -> bool:
        has_pipeline_params = any(p.value_from_pipeline or p.value_from_pipeline_by_property_name
                                  for p in self.decl.info.parameters)
        if not has_pipeline_params:
            return True
        if not self.binder.bind_pipeline(item):
            return False
        self.binder.check_mandatory(pipeline_pending=False)
        assert self.scope is not None
        for name in self.binder._pipeline_bound:  # the parameters this object bound
            self._set_param(name, self.binder.bound[name])
        self._check_scripts()
        return True

    # -- variables ------------------------------------------------------------------------------
    def _set_param(self, name: str, value: Any) -> None:
        assert self.scope is not None
        info = next((p for p in self.decl.info.parameters if p.name.casefold() == name.casefold()), None)
        if info is not None and info.switch:
            value = T.SwitchParameter(to_bool(value))
        var = self.scope.set_local(info.name if info else name, value)
        ptype = self.decl.types.get(name.casefold())
        if ptype is not None and ptype.full_name != "System.Object":
            var.type_constraint = ptype

    def _setup_variables(self) -> None:
        interp = self.interp
        scope = self.scope
        assert scope is not None
        saved = interp.scope
        interp.scope = scope
        try:
            bound = self.binder.bound
            for param_ast in self.decl.parameters:
                name = param_ast.name
                info = next(p for p in self.decl.info.parameters if p.name == name)
                if name in bound:
                    self._set_param(name, bound[name])
                    continue
                ptype = self.decl.types.get(name.casefold())
                if param_ast.default is not None:
                    value = interp.eval(param_ast.default)
                    if value is AutomationNull:
                        value = None
                    if info.switch:
                        value = T.SwitchParameter(to_bool(value))
                    elif ptype is not None and ptype.full_name != "System.Object":
                        value = convert_to(value, ptype)
                elif info.switch:
                    value = T.SwitchParameter(False)
                elif ptype is not None and ptype.full_name in ("System.String", "System.Int32", "System.Int64",
                                                               "System.Double", "System.Boolean", "System.Decimal",
                                                               "System.Byte", "System.Char", "System.Single"):
                    value = convert_to(None, ptype) if ptype.full_name != "System.Char" else None
                else:
                    value = None
                var = scope.set_local(name, value)
                if ptype is not None and ptype.full_name != "System.Object":
                    var.type_constraint = ptype
            if not self.dot_source:
                scope.set_local("args", list(self.binder.remaining))
                scope.set_local("PSBoundParameters", bound)
                scope.set_local("MyInvocation", self.invocation_info())
                if self.decl.info.cmdlet_binding:
                    scope.set_local("PSCmdlet", PSCmdletObject(self))
                    self._common_parameters_to_preferences(scope)
            self._check_scripts()
        finally:
            interp.scope = saved

    def _common_parameters_to_preferences(self, scope: Scope) -> None:
        """-ErrorAction/-Verbose/... on an advanced function set the preference variables in its scope."""
        bound = self.binder.bound
        for parameter, variable in (("ErrorAction", "ErrorActionPreference"), ("WarningAction", "WarningPreference"),
                                    ("InformationAction", "InformationPreference"), ("ProgressAction", "ProgressPreference")):
            if parameter in bound and bound[parameter] is not None:
                scope.set_local(variable, bound[parameter])
        for parameter, variable in (("Verbose", "VerbosePreference"), ("Debug", "DebugPreference")):
            if parameter in bound:
                scope.set_local(variable, "Continue" if to_bool(bound[parameter]) else "SilentlyContinue")
        if "WhatIf" in bound:
            scope.set_local("WhatIfPreference", to_bool(bound["WhatIf"]))

    def _check_scripts(self) -> None:
        bound = self.binder.bound
        for name in self.decl.not_null:
            if name in bound and bound[name] is None:
                raise ValidationException(
                    f"Cannot validate argument on parameter '{name}'. The argument is null. Provide a valid value for "
                    "the argument, and then try running the command again.",
                    error_id="ParameterArgumentValidationError", command_name=self.name, target=None,
                )
        for name, checks in self.decl.validate_scripts.items():
            if name not in bound:
                continue
            value = bound[name]
            for check in checks:
                if check[0] == "length":
                    _, lo, hi = check
                    for v in as_list(value):
                        if not lo <= len(to_string(v)) <= hi:
                            raise ValidationException(
                                f"Cannot validate argument on parameter '{name}'. The character length of the "
                                f"{len(to_string(v))} argument is too long or too short. Specify an argument with a "
                                f"length that is between {lo} and {hi}, and then try the command again.",
                                command_name=self.name, target=v,
                            )
                    continue
                _, script, message = check
                for v in as_list(value):
                    try:
                        result = self.interp.invoke_scriptblock(script, [], dollar_under=v, dot_source=False)
                        ok = to_bool(result[0] if len(result) == 1 else result)
                    except RuntimeException:
                        ok = False
                    if not ok:
                        text = script.ast.text.strip()
                        reason = (composite_format(message, [to_string(v), text]) if message is not None else
                                  f"The \"{text}\" validation script for the argument with value \"{to_string(v)}\" "
                                  "did not return a result of True. Determine why the validation script failed, and "
                                  "then try the command again.")
                        raise ValidationException(f"Cannot validate argument on parameter '{name}'. {reason}",
                                                  command_name=self.name, target=v)

    def _run(self, statements: list[A.Ast], emit: Any) -> None:
        interp = self.interp
        saved_scope, saved_source = interp.scope, interp.source
        interp.scope = self.scope  # type: ignore[assignment]
        interp.source = self.block.ast.source
        previous_emit = self.current_emit
        self.current_emit = emit
        interp.call_stack.append(self.name)
        try:
            interp.run_statements(statements, emit)
        except ReturnException:
            pass
        except ScriptExit as exc:
            if not self.nested_script:
                raise
            # `exit N` in a script called from another one ends only that script
            interp.session.global_scope.set_local("LASTEXITCODE", exc.code)
        finally:
            interp.call_stack.pop()
            interp.scope, interp.source = saved_scope, saved_source
            self.current_emit = previous_emit


def _dirname(path: str | None) -> str:
    import os

    return os.path.dirname(path) if path else ""


def invoke_block(interp: Interpreter, block: ScriptBlock, args: list[Any], out: Any, *, input: list[Any] | None = None,
                 dollar_under: Any = UNSET, dot_source: bool = False, this: Any = UNSET) -> None:
    """Run a script block with positional arguments (and optional pipeline input / `$_`; `$this` for the script
    members Add-Member adds)."""
    from azskernel.runtime.binding import CommandArgument

    ast = block.ast
    if (dot_source and this is UNSET and not args and ast.param_block is None and ast.begin is None
            and ast.process is None and block.closure is None and not block.is_filter
            and (block.module is None or block.module is interp.scope.module)):
        _invoke_simple(interp, block, out, dollar_under, input)
        return
    arguments = [CommandArgument(None, a, True) for a in args]
    command = ScriptCommand(interp, block, "", arguments, dot_source=dot_source)
    saved = None
    if dollar_under is not UNSET:
        target_scope = interp.scope
        saved = (target_scope.variables.get("_"), target_scope.variables.get("psitem"))
    try:
        command.begin(out)
        if this is not UNSET:
            assert command.scope is not None
            command.scope.bind("this", this)
        if dollar_under is not UNSET:
            assert command.scope is not None
            command.scope.bind("_", dollar_under)
            command.scope.bind("PSItem", dollar_under)
        if input is not None:
            for item in input:
                command.process(item, out)
        else:
            command.process(UNSET, out)
        command.end(out)
    finally:
        command.clean()
        if saved is not None and dot_source:
            for key, var in zip(("_", "psitem"), saved):
                if var is not None:
                    interp.scope.variables[key] = var
                else:
                    interp.scope.variables.pop(key, None)


def _invoke_simple(interp: Interpreter, block: ScriptBlock, out: Any, dollar_under: Any, input: list[Any] | None) -> None:
    """The common `{ … $_ … }` of Where-Object/ForEach-Object: no parameters, run in the caller's scope."""
    if block.ast.type_definitions:
        interp.session.define_types(block.ast.type_definitions)
    scope = interp.scope
    saved_vars = (scope.variables.get("_"), scope.variables.get("psitem"), scope.variables.get("input"))
    saved_source = interp.source
    if dollar_under is not UNSET:
        scope.bind("_", dollar_under)
        scope.bind("PSItem", dollar_under)
    if input is not None:
        scope.bind("input", list(input))
    interp.source = block.ast.source
    try:
        if block.ast.end_block is not None:
            interp.run_statements(block.ast.end_block.statements, out)
    except ReturnException:
        pass
    finally:
        interp.source = saved_source
        for key, var, changed in zip(("_", "psitem", "input"), saved_vars,
                                     (dollar_under is not UNSET, dollar_under is not UNSET, input is not None)):
            if not changed:
                continue
            if var is not None:
                scope.variables[key] = var
            else:
                scope.variables.pop(key, None)


def magic_where(interp: Interpreter, target: Any, args: list[Any]) -> list[Any]:
    """`.Where({ … }[, mode[, count]])`."""
    from azskernel.runtime.scriptblock import ScriptBlock

    if not args or not isinstance(args[0], ScriptBlock):
        raise RuntimeException('Cannot convert the value to type "System.Management.Automation.ScriptBlock".',
                               error_id="WhereOperatorInvalidArgument", category=ErrorCategory.InvalidArgument)
    block = args[0]
    mode = to_string(args[1]).casefold() if len(args) > 1 else "default"
    count = int(convert_to(args[2], "int")) if len(args) > 2 else 0
    items = as_list(target)
    selected: list[Any] = []
    rest: list[Any] = []
    for item in items:
        result = interp.invoke_scriptblock(block, [], dollar_under=item, dot_source=True)
        ok = to_bool(result[0] if len(result) == 1 else result)
        if mode == "first" and ok:
            selected.append(item)
            if count == 0 or len(selected) >= count:
                break
            continue
        if mode == "until":
            if ok:
                break
            selected.append(item)
            continue
        if mode == "skipuntil":
            if ok or selected:
                selected.append(item)
            continue
        if ok:
            selected.append(item)
        else:
            rest.append(item)
    if mode == "last":
        selected = selected[-(count or 1):]
    if mode == "split":
        return [selected, rest]
    if mode == "default" and count:
        selected = selected[:count]
    return selected


def magic_foreach(interp: Interpreter, target: Any, args: list[Any]) -> list[Any]:
    """`.ForEach({ … })`, `.ForEach('Property')`, `.ForEach('Method', args…)`, `.ForEach([type])`."""
    from azskernel.runtime.scriptblock import ScriptBlock
    from azskernel.runtime.members import get_member

    items = as_list(target)
    out: list[Any] = []
    if not args:
        raise RuntimeException("ForEach() requires an argument.", error_id="ForEachOperatorInvalidArgument")
    first = args[0]
    if isinstance(first, ScriptBlock):
        for item in items:
            out.extend(interp.invoke_scriptblock(first, list(args[1:]), dollar_under=item, dot_source=True))
        return out
    if isinstance(first, T.PSType):
        return [convert_to(item, first) for item in items]
    name = to_string(first)
    for item in items:
        if len(args) > 1:
            value = interp.call_method(item, name, list(args[1:]))
        else:
            value = get_member(item, name)
        if value is not AutomationNull:
            interp.write_value(value, out)
    return out
