"""The help object Get-Help returns, shaped as pwsh's, whatever the help comes from.

- `maml_help`: a MamlCommandHelpInfo, as pwsh builds one from comment-based help (HelpCommentsParser's XML,
  then MamlNode's conversion): `details`, `syntax.syntaxItem.parameter`, `parameters.parameter`, `description`,
  `examples.example`, `alertSet`, `inputTypes`, `returnValues`, `relatedLinks`, plus Name, Category, Synopsis,
  Component, Role, Functionality, ModuleName. A cmdlet declared in Python gets the same shape from its
  declaration.
- `maml_from_file`: the same from a MAML file (`.EXTERNALHELP`).
- `default_help`: the ExtendedCmdletHelpInfo pwsh makes for a command without help (DefaultCommandHelpObjectBuilder).

help_views.py renders them as text; comment_help.py finds and reads the comments.
"""

from __future__ import annotations

import os
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from typing import Any

from azskernel.runtime.values import PSObject

MAML = "MamlCommandHelpInfo"
EXTENDED = "ExtendedCmdletHelpInfo"
_XMLNS = (("xmlns:maml", "http://schemas.microsoft.com/maml/2004/10"),
          ("xmlns:command", "http://schemas.microsoft.com/maml/dev/command/2004/10"),
          ("xmlns:dev", "http://schemas.microsoft.com/maml/dev/2004/10"))
_URI = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*://\S+$")


class MamlText(str):
    """A MAML text node that has attributes (`<command:parameterValue required="true">String</…>`)."""

    ps_notes: dict[str, Any]

    def __new__(cls, text: str, **notes: Any) -> MamlText:
        value = super().__new__(cls, text)
        value.ps_notes = notes
        return value


def node(local_name: str, props: list[tuple[str, Any]], prefix: str = MAML) -> PSObject:
    """A composite MAML element: its children (and attributes) as properties; typed `<prefix>#<name>`."""
    return PSObject([(k, v) for k, v in props if v is not _ABSENT], (f"{prefix}#{local_name}",))


_ABSENT = object()


def one_or_many(values: list[Any]) -> Any:
    """MamlNode's rule: one child is the child, several are an array (none is absent)."""
    if not values:
        return _ABSENT
    return values[0] if len(values) == 1 else list(values)


def para_items(texts: list[str], *, trim: bool = True) -> list[PSObject]:
    """`<maml:para>` children as MamlParaTextItem objects; every non-empty one but the last ends in a newline."""
    count = sum(1 for t in texts if t.strip())
    out = []
    seen = 0
    for text in texts:
        seen += 1
        if seen != count and text.strip():
            value = text.strip() + "\n"
        else:
            value = text.strip() if trim else text
        out.append(PSObject([("Text", value)], ("MamlParaTextItem", "MamlTextItem")))
    return out


@dataclass
class HelpParameter:
    """A parameter as help describes it."""

    name: str
    type_name: str
    """As help shows the type: String, Int32[], Object, SwitchParameter (or a .NET full name for cmdlets)."""
    syntax_type: str = "Object"
    """As syntax lines show it (Get-Command -Syntax, help without help content): string, int[], Object."""
    switch: bool = False
    enum_values: list[str] | None = None
    validate_set: tuple[str, ...] | None = None
    mandatory: bool = False
    position: int | None = None
    """0-based; None when named."""
    by_value: bool = False
    by_property_name: bool = False
    sets: tuple[str, ...] = ()
    globbing: bool = False
    default: str = ""
    description: str = ""
    aliases: tuple[str, ...] = ()
    help_message: str | None = None
    explicit: bool = True
    """Declared with [Parameter()] (or a cmdlet's): pwsh's default help shows its details."""
    sets_detail: dict[str, tuple[bool, int | None]] = field(default_factory=dict)

    def in_set(self, name: str | None) -> bool:
        return name is None or not self.sets or name in self.sets

    @property
    def pipeline_input(self) -> str:
        if self.by_value and self.by_property_name:
            return "true (ByValue, ByPropertyName)"
        if self.by_value:
            return "true (ByValue)"
        if self.by_property_name:
            return "true (ByPropertyName)"
        return "false"


# -- MamlCommandHelpInfo ----------------------------------------------------------------------------------
@dataclass
class HelpContent:
    """What a command's help says, from comments, a declaration or a MAML file (texts as written)."""

    synopsis: str | None = None
    description: str | None = None
    notes: str | None = None
    examples: list[tuple[str, str, str]] = field(default_factory=list)
    """(introduction, code, remarks)."""
    inputs: list[str] = field(default_factory=list)
    outputs: list[str] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    component: str | None = None
    role: str | None = None
    functionality: str | None = None


def example_sections(text: str) -> tuple[str, str, str]:
    """An .EXAMPLE's (prompt, code, remarks), as pwsh splits it: the prompt is the first line up to `>`."""
    match = re.match(r"^.*?>", text)
    prompt = match.group(0) if match else "PS > "
    if match:
        text = text[len(prompt):]
    parts = re.match(r"^(?P<code>.*?)\r?\n\r?\n(?P<remarks>.*)$", text, re.S)
    if parts:
        return prompt, parts.group("code").strip(), parts.group("remarks")
    return prompt, text.strip(), ""


def content_from_comments(found: Any) -> HelpContent:
    return HelpContent(
        synopsis=found.synopsis, description=found.description, notes=found.notes,
        examples=[example_sections(e) for e in found.examples], inputs=list(found.inputs), outputs=list(found.outputs),
        links=list(found.links), component=found.component, role=found.role, functionality=found.functionality)


def _maml_parameter(p: HelpParameter, *, set_name: str | None, for_syntax: bool, position_base: int,
                    cmdlet: bool = False) -> PSObject:
    mandatory, position = p.sets_detail.get(set_name or "", (p.mandatory, p.position))
    props: list[tuple[str, Any]] = [("name", p.name)]
    if p.description:
        props.append(("description", para_items([p.description])))
    # comment help lists an enum's names in both places; a help file (a cmdlet) its ValidateSet in the syntax only
    group = (p.validate_set if for_syntax else None) if cmdlet else p.enum_values
    if group is not None:
        props.append(("parameterValueGroup", node("parameterValueGroup", [
            ("parameterValue", one_or_many([MamlText(v, required="false") for v in group]))])))
    elif not (for_syntax and p.switch):
        props.append(("parameterValue", MamlText(p.type_name, required="false" if p.switch else "true")))
    if not for_syntax:
        props.append(("type", node("type", [("name", p.type_name)])))
        props.append(("defaultValue", p.default))
    props += [("required", "true" if mandatory else "false"), ("globbing", "true" if p.globbing else "false"),
              ("pipelineInput", p.pipeline_input),
              ("position", str(position + position_base) if position is not None else "named")]
    return node("parameter", props)


def parameter_set_names(parameters: list[HelpParameter]) -> list[str | None]:
    """The parameter sets in order of appearance (one unnamed set when none is named)."""
    names: list[str | None] = []
    for p in parameters:
        for s in p.sets:
            if s != "__AllParameterSets" and s not in names:
                names.append(s)
    return names or [None]


def maml_help(name: str, category: str, content: HelpContent, parameters: list[HelpParameter], *,
              module_name: str = "", output_types: tuple[str, ...] = (), position_base: int = 1,
              set_names: list[str | None] | None = None, cmdlet: bool = False) -> PSObject:
    """A MamlCommandHelpInfo (comment-based help's layout; `position_base` 1 as HelpCommentsParser writes it)."""
    details: list[tuple[str, Any]] = [("name", name)]
    if content.synopsis:
        details.append(("description", para_items([content.synopsis])))
    items = []
    for set_name in set_names or parameter_set_names(parameters):
        in_set = [p for p in parameters if p.in_set(set_name)]
        if cmdlet:  # a help file lists them as Get-Command -Syntax does; comment help in declaration order
            in_set = _display_order(in_set)
        items.append(node("syntaxItem", [
            ("name", name),
            ("parameter", one_or_many([_maml_parameter(p, set_name=set_name, for_syntax=True, position_base=position_base,
                                                       cmdlet=cmdlet) for p in in_set]))]))
    props: list[tuple[str, Any]] = [
        ("details", node("details", details)),
        ("syntax", node("syntax", [("syntaxItem", one_or_many(items))])),
        ("parameters", node("parameters", [("parameter", one_or_many(
            [_maml_parameter(p, set_name=None, for_syntax=False, position_base=position_base, cmdlet=cmdlet)
             for p in parameters]))])
         if parameters else ""),
    ]
    if content.description:
        props.append(("description", para_items([content.description])))
    if content.notes:
        props.append(("alertSet", node("alertSet", [("alert", para_items([content.notes]))])))
    if content.examples:
        examples = []
        for n, (intro, code, remarks) in enumerate(content.examples, 1):
            examples.append(node("example", [
                ("title", f"-------------------------- EXAMPLE {n} --------------------------"),
                ("introduction", para_items([intro], trim=False)),
                ("code", code),
                ("remarks", para_items([remarks, "", "", "", ""]))]))
        props.append(("examples", node("examples", [("example", one_or_many(examples))])))
    if content.inputs:
        props.append(("inputTypes", node("inputTypes", [("inputType", one_or_many(
            [node("inputType", [("type", node("type", [("name", t.strip())]))]) for t in content.inputs]))])))
    outputs = content.outputs or list(output_types)
    if outputs:
        props.append(("returnValues", node("returnValues", [("returnValue", one_or_many(
            [node("returnValue", [("type", node("type", [("name", t.strip())]))]) for t in outputs]))])))
    if content.links:
        props.append(("relatedLinks", node("relatedLinks", [("navigationLink", one_or_many(
            [node("navigationLink", [("uri" if _URI.match(link) else "linkText", link)]) for link in content.links]))])))
    props += list(_XMLNS)
    return finish(PSObject(props, (MAML, "HelpInfo")), category, module_name, content)


def finish(help_object: PSObject, category: str, module_name: str, content: HelpContent | None = None) -> PSObject:
    """HelpInfo's common properties: Name, Category, Synopsis, Component, Role, Functionality, ModuleName."""
    details = help_object.get("details")
    name = (details.get("name") if isinstance(details, PSObject) else "") or ""
    if not help_object.has("Synopsis"):
        description = details.get("description") if isinstance(details, PSObject) else None
        first = description[0] if isinstance(description, list) and description else description
        text = first.get("Text") if isinstance(first, PSObject) else None
        help_object.set("Synopsis", (text or "").strip())
    help_object.set("Name", str(name).strip())
    help_object.set("Category", category)
    for key in ("Component", "Role", "Functionality"):
        help_object.set(key, getattr(content, key.lower(), None) if content is not None else None)
    help_object.set("ModuleName", module_name)
    return help_object


# -- MAML files (.EXTERNALHELP) ----------------------------------------------------------------------------------
def locate_help_file(directory: str, file_name: str, culture: str = "en-US") -> str | None:
    """A help file as pwsh's MUIFileSearcher finds it: in the culture's folder, its parent culture's, then the folder."""
    relative = file_name.replace("\\", "/") if os.sep == "/" else file_name
    folder = os.path.dirname(os.path.join(directory, relative))
    base = os.path.basename(relative)
    for sub in (culture, culture.split("-")[0], ""):
        candidate_dir = os.path.join(folder, sub) if sub else folder
        found = _ci_file(candidate_dir, base)
        if found is not None:
            return found
    return None


def _ci_file(folder: str, name: str) -> str | None:
    try:
        entries = os.listdir(folder)
    except OSError:
        return None
    folded = name.casefold()
    for entry in entries:
        if entry.casefold() == folded and os.path.isfile(os.path.join(folder, entry)):
            return os.path.join(folder, entry)
    return None


def maml_from_file(path: str, command_name: str, category: str, module_name: str = "") -> PSObject | None:
    """The command's help in a MAML file, converted as MamlNode does; None when the file does not describe it."""
    try:
        root = ET.parse(path).getroot()
    except (ET.ParseError, OSError):
        return None
    for element in root.iter():
        if _local(element.tag) != "command":
            continue
        details = next((c for c in element if _local(c.tag) == "details"), None)
        name_el = next((c for c in details if _local(c.tag) == "name"), None) if details is not None else None
        if name_el is None or (name_el.text or "").strip().casefold() != command_name.casefold():
            continue
        converted = _convert(element)
        help_object = converted if isinstance(converted, PSObject) else PSObject()
        help_object.type_names = [MAML, "HelpInfo"]
        return finish(help_object, category, module_name)
    return None


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _convert(element: ET.Element) -> Any:
    children = list(element)
    attributes = {_attribute_name(k): v for k, v in element.attrib.items()}
    if not children:
        text = (element.text or "").strip()
        return MamlText(text, **attributes) if attributes else text
    if any(_local(c.tag) in ("para", "list", "definitionList") for c in children):
        texts = ["".join(c.itertext()) for c in children if _local(c.tag) == "para"]
        return para_items(texts, trim=_local(element.tag) != "introduction")
    grouped: dict[str, list[Any]] = {}
    for child in children:
        value = _convert(child)
        bucket = grouped.setdefault(_local(child.tag), [])
        if isinstance(value, list) and value and isinstance(value[0], PSObject) and "MamlTextItem" in value[0].type_names:
            bucket.extend(value)
        else:
            bucket.append(value)
    props: list[tuple[str, Any]] = []
    for key, values in grouped.items():
        is_text = values and isinstance(values[0], PSObject) and "MamlTextItem" in values[0].type_names
        props.append((key, values if is_text or len(values) > 1 else values[0]))
    props += list(attributes.items())
    return PSObject(props, (f"{MAML}#{_local(element.tag)}",))


def _attribute_name(name: str) -> str:
    return _local(name)


# -- ExtendedCmdletHelpInfo: a command without help -----------------------------------------------------------
def default_help(name: str, category: str, parameters: list[HelpParameter], *, common: bool, syntax_text: str,
                 module_name: str = "", aliases: list[str] | None = None, output_types: tuple[str, ...] = (),
                 set_names: list[str | None] | None = None) -> PSObject:
    """The help pwsh shows for a command that has none: its syntax, parameters, aliases (DefaultCommandHelpObjectBuilder)."""
    prefix = EXTENDED
    verb, _, noun = name.partition("-") if category == "Cmdlet" else ("", "", "")
    items = []
    for set_name in set_names or parameter_set_names(parameters):
        in_set = _display_order([p for p in parameters if p.in_set(set_name)])
        items.append(node("syntaxItem", [("name", name), ("CommonParameters", common),
                                         ("parameter", [_default_parameter(p, set_name, for_syntax=True)
                                                        for p in in_set])], prefix))
    inputs = [p.type_name for p in parameters if p.by_value or p.by_property_name]
    props: list[tuple[str, Any]] = [
        ("CommonParameters", common),
        ("details", node("details", [("name", name), ("noun", noun), ("verb", verb)], prefix)),
        ("Syntax", node("syntax", [("syntaxItem", items)], prefix)),
        ("parameters", node("parameters", [("parameter", [_default_parameter(p, None)
                                                          for p in sorted(parameters, key=lambda p: p.name)])], prefix)),
        ("inputTypes", node("inputTypes", [("inputType", node("inputType", [("type", node("type", [
            ("name", "".join(t + "\n" for t in dict.fromkeys(inputs)) or "None\n")], prefix))], prefix))], prefix)),
        ("returnValues", node("returnValues", [("returnValue", node("returnValue", [("type", node("type", [
            ("name", "".join(t + "\n" for t in output_types) if output_types else "System.Object")], prefix))], prefix))],
            prefix)),
        ("aliases", "".join(a + "\n" for a in aliases) if aliases else "None\n"),
        ("remarks", "None"),
        ("alertSet", None), ("description", None), ("examples", None),
        ("Synopsis", syntax_text), ("ModuleName", module_name), ("nonTerminatingErrors", ""),
        *_XMLNS,
    ]
    type_names = (f"{prefix}#{module_name}#command", f"{prefix}#{module_name}", prefix, "CmdletHelpInfo", "HelpInfo")
    return finish(PSObject(props, type_names), category, module_name)


def _display_order(parameters: list[HelpParameter]) -> list[HelpParameter]:
    """Positional first (by position), then named mandatory, then the rest (as pwsh's syntax shows them)."""
    positional = sorted((p for p in parameters if p.position is not None), key=lambda p: p.position or 0)
    named = [p for p in parameters if p.position is None]
    return positional + [p for p in named if p.mandatory] + [p for p in named if not p.mandatory]


def _default_parameter(p: HelpParameter, set_name: str | None, *, for_syntax: bool = False) -> PSObject:
    mandatory, position = p.sets_detail.get(set_name or "", (p.mandatory, p.position))
    props: list[tuple[str, Any]] = [("name", p.name), ("required", "true" if mandatory else "false"),
                                    ("pipelineInput", p.pipeline_input), ("isDynamic", "false"),
                                    ("globbing", "true" if p.globbing else "false"),
                                    ("parameterSetName", ", ".join(p.sets) if p.sets else "(All)")]
    if p.help_message is not None:
        props.append(("description", p.help_message + "\n"))
    group = (p.validate_set or p.enum_values) if for_syntax else None
    if group:
        props.append(("parameterValueGroup", node("parameterValueGroup", [("parameterValue", list(group))], EXTENDED)))
    if not p.switch:
        props.append(("parameterValue", MamlText(p.syntax_type, variableLength=p.syntax_type.endswith("[]"), required="true")))
    props += [("type", node("type", [("name", p.syntax_type if not p.switch else "switch")], EXTENDED)),
              ("position", str(position) if position is not None else "Named"),
              ("aliases", ", ".join(p.aliases) if p.aliases else "None")]
    return node("parameter", props, EXTENDED)


__all__ = [
    "EXTENDED", "HelpContent", "HelpParameter", "MAML", "MamlText", "content_from_comments", "default_help",
    "example_sections", "finish", "locate_help_file", "maml_from_file", "maml_help", "para_items",
    "parameter_set_names",
]
