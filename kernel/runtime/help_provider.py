"""Help for a command, as pwsh's help providers find it: a function's or script's comment-based help (or the MAML
file its `.EXTERNALHELP` names), a cmdlet's declaration, else the help pwsh makes for a command without any.

`command_help(interp, command)` returns the help object (help_info.py); `with_view` marks it for
-Detailed/-Full/-Examples as Get-Help does (the view is chosen by type name, help_views.py).
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Any

from azskernel.language import ast as A
from azskernel.runtime import pstypes as T
from azskernel.runtime.cmdlet import CommandInfo, dotnet_type_name, short_type_name
from azskernel.runtime.comment_help import CommentHelp, function_help, script_block_help
from azskernel.runtime.enums import ENUMS
from azskernel.runtime.help_info import (
    HelpContent,
    HelpParameter,
    content_from_comments,
    default_help,
    locate_help_file,
    maml_from_file,
    maml_help,
)
from azskernel.runtime.values import PSObject

if TYPE_CHECKING:
    from azskernel.runtime.interpreter import Interpreter


def comment_help_of(command: Any) -> CommentHelp | None:
    """The comment-based help of a function (FunctionInfo) or a script block, if it has one."""
    definition = getattr(command, "definition", None)
    if definition is not None:
        return function_help(definition)
    block = getattr(command, "scriptblock", command)
    ast = getattr(block, "ast", block)
    return script_block_help(ast) if isinstance(ast, A.ScriptBlockAst) else None


def command_help(interp: Interpreter, command: Any, *, path: str | None = None) -> PSObject:
    """The help object of a script function (FunctionInfo), a declared cmdlet (CommandInfo) or a script file."""
    if isinstance(command, CommandInfo):
        return cmdlet_help(command, aliases=_aliases_of(interp, command.name))
    from azskernel.runtime.functions import declaration

    if path is not None:
        name, category, module_name, block = path, "ExternalScript", "", command
        params = None
        definition = None
    else:
        name, block = command.name, command.scriptblock
        category = "Filter" if block.is_filter else "Function"
        owner = getattr(command, "module", None)
        module_name = owner.name if owner is not None else ""
        params = command.parameters
        definition = getattr(command, "definition", None)
    decl = declaration(interp, block, name, params)
    parameters = function_parameters(decl, block.ast, definition)
    found = comment_help_of(command if path is None else block)
    if found is not None:
        external = _external_help(found, block, name, category, module_name)
        if external is not None:
            return external
        if not (found.external_help and found.comment_count == 1):
            for index, p in enumerate(parameters):
                p.description = found.parameter_description(p.name, index)
            return maml_help(name, category, content_from_comments(found), parameters, module_name=module_name,
                             output_types=_output_types(block.ast))
    from azskernel.runtime.help import syntax_lines

    return default_help(name, category, parameters, common=decl.info.cmdlet_binding,
                        syntax_text="\n".join(syntax_lines(decl.info)), module_name=module_name,
                        aliases=_aliases_of(interp, name), output_types=_output_types(block.ast))


def _external_help(found: CommentHelp, block: Any, name: str, category: str, module_name: str) -> PSObject | None:
    if not found.external_help:
        return None
    source_file = getattr(getattr(block, "ast", None), "source", None)
    folder = os.path.dirname(source_file.file) if source_file is not None and source_file.file else None
    owner = getattr(block, "module", None)
    if folder is None and owner is not None and owner.path:
        folder = os.path.dirname(owner.path)
    if folder is None:
        return None
    help_file = locate_help_file(folder, found.external_help)
    if help_file is None:
        return None
    return maml_from_file(help_file, name, category, module_name)


def _aliases_of(interp: Interpreter, name: str) -> list[str]:
    folded = name.casefold()
    return sorted(alias for alias, target in interp.session.aliases.items() if target.casefold() == folded)


def _output_types(ast: A.ScriptBlockAst) -> tuple[str, ...]:
    """[OutputType(...)] on the param block: the types help lists when no .OUTPUTS says otherwise."""
    if ast.param_block is None:
        return ()
    found: list[str] = []
    for attr in ast.param_block.attributes:
        if isinstance(attr, A.AttributeAst) and attr.type_name.casefold() in ("outputtype", "outputtypeattribute"):
            for value in attr.positional:
                if isinstance(value, A.TypeExpressionAst):
                    resolved = T.find_type(value.type_name)
                    found.append(resolved.full_name if resolved is not None else value.type_name)
                elif isinstance(value, A.StringConstantExpressionAst):
                    found.append(value.value)
    return tuple(found)


def function_parameters(decl: Any, ast: A.ScriptBlockAst, definition: A.FunctionDefinitionAst | None) -> list[HelpParameter]:
    """A script's or function's parameters as help describes them, with what only the param block says
    ([SupportsWildcards()], [PSDefaultValue(Help=…)], the default's text)."""
    asts = {p.name.casefold(): p for p in decl.parameters}
    out = []
    for info in decl.info.parameters:
        param_ast = asts.get(info.name.casefold())
        ptype = decl.types.get(info.name.casefold())
        out.append(_parameter(info, ptype, param_ast, ast.source))
    return out


def _parameter(info: Any, ptype: Any, param_ast: A.ParameterAst | None, source: A.Source) -> HelpParameter:
    element = ptype.element if ptype is not None and ptype.element is not None else ptype
    enum = ENUMS.get(element.full_name.casefold()) if element is not None else None
    if info.switch:
        type_name = "SwitchParameter"
    elif ptype is not None:
        type_name = ptype.name
    else:
        type_name = "Object"
    helped = HelpParameter(
        name=info.name, type_name=type_name, syntax_type=short_type_name(ptype or "object", switch=info.switch),
        switch=info.switch, enum_values=[m for m, _ in enum.members] if enum is not None else None,
        validate_set=info.validate_set, mandatory=info.mandatory, position=info.position,
        by_value=info.value_from_pipeline, by_property_name=info.value_from_pipeline_by_property_name,
        sets=tuple(s for s in info.parameter_sets if s != "__AllParameterSets"), aliases=info.aliases,
        help_message=info.help or None)
    if param_ast is not None:
        for attr in param_ast.attributes:
            if not isinstance(attr, A.AttributeAst):
                continue
            kind = attr.type_name.casefold().removesuffix("attribute")
            if kind == "supportswildcards":
                helped.globbing = True
            elif kind == "psdefaultvalue":
                for key, value in attr.named:
                    if key.casefold() in ("help", "value") and isinstance(value, A.StringConstantExpressionAst):
                        helped.default = value.value
                    elif key.casefold() == "value" and value is not None:
                        helped.default = source.text[value.pos:value.end]
        if not helped.default and param_ast.default is not None:
            helped.default = source.text[param_ast.default.pos:param_ast.default.end]
    return helped


# -- declared cmdlets ------------------------------------------------------------------------------------
def cmdlet_help(info: CommandInfo, *, aliases: list[str] | None = None) -> PSObject:
    """A Python-declared cmdlet's help, shaped as a MAML help file gives pwsh's (positions 0-based, .NET type names)."""
    parameters = []
    for p in info.parameters:
        if p.dont_show:
            continue
        parameters.append(HelpParameter(
            name=p.name, type_name=dotnet_type_name(p.type, switch=p.switch), syntax_type=short_type_name(p.type, switch=p.switch),
            switch=p.switch, validate_set=p.validate_set,
            mandatory=p.mandatory, position=p.position, by_value=p.value_from_pipeline,
            by_property_name=p.value_from_pipeline_by_property_name,
            sets=tuple(s for s in p.parameter_sets if s != "__AllParameterSets"), aliases=p.aliases,
            description=p.help, default="" if p.default is None or repr(p.default) == "Unset" else str(p.default)))
    inputs = list(dict.fromkeys(dotnet_type_name(p.type) for p in info.parameters if p.value_from_pipeline))
    content = HelpContent(
        synopsis=info.synopsis or None, description=info.description if info.description != info.synopsis else None,
        notes=info.notes or None, inputs=inputs or ["None"], outputs=list(info.output_type) or ["System.Object"],
        examples=[("PS > ", e.code, e.remarks) for e in info.examples])
    sets = info.parameter_set_names()
    help_object = maml_help(info.name, "Cmdlet", content, parameters, module_name=info.module, position_base=0,
                            set_names=[None if s == "__AllParameterSets" else s for s in sets], cmdlet=True)
    for p in _items(help_object.get("parameters").get("parameter") if isinstance(help_object.get("parameters"), PSObject) else None):
        declared = next((d for d in parameters if d.name == p.get("name")), None)
        if declared is not None:
            p.set("aliases", ", ".join(declared.aliases) if declared.aliases else "None")
    if aliases:
        help_object.set("aliases", aliases)
    return help_object


def _items(value: Any) -> list[Any]:
    if value is None:
        return []
    return list(value) if isinstance(value, list) else [value]


def with_view(help_object: PSObject, view: str | None) -> PSObject:
    """Get-Help -Detailed/-Full/-Examples: the same object, typed for that view first."""
    if not view:
        return help_object
    return PSObject(list(help_object.items()), [f"{t}#{view}" for t in help_object.type_names] + list(help_object.type_names))


def parameter_help_objects(help_object: PSObject, pattern: str) -> list[Any]:
    """Get-Help -Parameter: the help's parameter objects whose names match the wildcard pattern."""
    from azskernel.runtime.operators import like

    parameters = help_object.get("parameters")
    found = _items(parameters.get("parameter") if isinstance(parameters, PSObject) else None)
    return [p for p in found if like(str(p.get("name")), pattern)]


__all__ = ["cmdlet_help", "command_help", "comment_help_of", "function_parameters", "parameter_help_objects", "with_view"]
