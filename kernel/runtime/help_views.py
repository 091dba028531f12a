"""Help as text, laid out exactly as pwsh's help views lay it out (Help_format_ps1xml.cs, HelpV3_format_ps1xml.cs)
through its custom-control writer (ComplexWriter.cs).

The writer: text goes into a buffer; each newline writes the buffer (even empty) as one or more lines, wrapped
at the width, each padded with the indentation of the frames open at that moment (so a blank line inside a
4-space frame is four spaces); whatever is left is written when the object ends. Out-Default puts an empty
line before and after the object. The views are the pwsh controls, one function each, named after them.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from azskernel.runtime.conversion import to_string
from azskernel.runtime.help_info import EXTENDED, MAML
from azskernel.runtime.values import PSObject

COMMON_PARAMETERS = "<CommonParameters>"
BASE_CMDLET_INFORMATION = (
    "    This cmdlet supports the common parameters: Verbose, Debug,\n"
    "    ErrorAction, ErrorVariable, WarningAction, WarningVariable,\n"
    "    OutBuffer, PipelineVariable, and OutVariable. For more information, see\n"
    "    about_CommonParameters (https://go.microsoft.com/fwlink/?LinkID=113216). "
)


class Writer:
    """ComplexWriter: a buffer, a stack of frames (left indentation, first-line indentation or hanging)."""

    def __init__(self, width: int) -> None:
        self.width = width
        self.lines: list[str] = []
        self._buffer: list[str] = []
        self._frames: list[tuple[int, int]] = []

    def text(self, value: Any) -> None:
        if value is None:
            return
        self._buffer.append(value if isinstance(value, str) else to_string(value))

    def newline(self, count: int = 1) -> None:
        for _ in range(count):
            self.flush()

    @contextmanager
    def frame(self, left: int = 0, first_line: int = 0) -> Iterator[None]:
        self._frames.append((left, first_line))
        try:
            yield
        finally:
            self._frames.pop()

    def flush(self) -> None:
        left = sum(f[0] for f in self._frames)
        first = self._frames[-1][1] if self._frames else 0
        useful = self.width - left
        if abs(first) >= useful:
            first = 0
        first_width = following_width = self.width - left
        if first >= 0:
            first_width -= first
        else:
            following_width += first
        text = "".join(self._buffer)
        self._buffer = []
        first_pad = left + (first if first >= 0 else 0)
        following_pad = left - (first if first < 0 else 0)
        for n, line in enumerate(wrap_lines(text, first_width, following_width)):
            self.lines.append(" " * (first_pad if n == 0 else following_pad) + line)

    def finish(self) -> list[str]:
        self.flush()
        return self.lines


def wrap_lines(text: str, first_width: int, following_width: int) -> list[str]:
    """StringManipulationHelper.GenerateLinesWithWordWrap: split on newlines, wrap long lines at blanks."""
    out: list[str] = []
    for line in text.replace("\r", "").split("\n"):
        if len(line) <= first_width:
            out.append(line)
            continue
        spaces_left = line_width = first_width
        first = True
        current: list[str] = []
        for word, delim in _words(line):
            word += delim
            if line_width == 0:
                if first:
                    first = False
                    line_width = following_width
                if line_width == 0:
                    break
                spaces_left = line_width
            if len(word) > line_width:
                for char in word:
                    if 1 > spaces_left:
                        out.append("".join(current))
                        current = [char]
                        if first:
                            first = False
                            line_width = following_width
                        spaces_left = line_width - 1
                    else:
                        current.append(char)
                        spaces_left -= 1
            elif len(word) > spaces_left:
                out.append("".join(current))
                current = [word]
                if first:
                    first = False
                    line_width = following_width
                spaces_left = line_width - len(word)
            else:
                current.append(word)
                spaces_left -= len(word)
        out.append("".join(current))
    return out


def _words(line: str) -> Iterator[tuple[str, str]]:
    word: list[str] = []
    for char in line:
        if char in " \t\u00ad":
            yield "".join(word), char if char != "\u00ad" else ""
            word = []
        elif char in "\u2011\u00a0":
            yield "".join(word), ""
            word = []
        else:
            word.append(char)
    yield "".join(word), ""


# -- values as the views read them ----------------------------------------------------------------------
def prop(obj: Any, name: str) -> Any:
    if isinstance(obj, PSObject):
        return obj.get(name)
    notes = getattr(obj, "ps_notes", None)
    if notes is not None:
        for key, value in notes.items():
            if key.casefold() == name.casefold():
                return value
    return None


def items(value: Any) -> list[Any]:
    if value is None:
        return []
    return list(value) if isinstance(value, (list, tuple)) else [value]


def _is(obj: Any, type_name: str) -> bool:
    return isinstance(obj, PSObject) and type_name in obj.type_names


# -- shared controls (Help_format_ps1xml.cs) ----------------------------------------------------------------
def short_description(w: Writer, item: Any) -> None:
    """MamlShortDescriptionControl."""
    if _is(item, "MamlParaTextItem"):
        w.text(prop(item, "Text"))
        w.newline()
    else:
        w.text(" ")


def description(w: Writer, item: Any) -> None:
    """MamlDescriptionControl."""
    if _is(item, "MamlParaTextItem"):
        w.text(prop(item, "Text"))
        w.newline()
    elif _is(item, "MamlOrderedListTextItem") or _is(item, "MamlUnorderedListTextItem"):
        with w.frame(first_line=-4 if _is(item, "MamlOrderedListTextItem") else -2):
            w.text(prop(item, "Tag"))
            w.text(prop(item, "Text"))
            w.newline()
    elif _is(item, "MamlDefinitionTextItem"):
        w.text(prop(item, "Term"))
        w.newline()
        with w.frame(4):
            w.text(prop(item, "Definition"))
            w.newline()
    else:
        w.text(" ")


def details(w: Writer, obj: Any) -> None:
    """MamlDetailsControl."""
    w.text("NAME")
    w.newline()
    with w.frame(4):
        w.text(prop(obj, "Name"))
        w.newline(2)
    w.text("SYNOPSIS")
    w.newline()
    with w.frame(4):
        for item in items(prop(obj, "Description")):
            short_description(w, item)
        w.newline(2)


def parameter_syntax(p: Any) -> str:
    """MamlParameterControl's script: `[[-Name] <Type>] `, `[-Switch] `, `-Name {A | B} `."""
    required = prop(p, "required")
    position = prop(p, "position")
    optional = to_string(required) != "true"
    positional = position not in (None, "") and "named" not in to_string(position).casefold() and _is_int(position)
    group = prop(p, "parameterValueGroup")
    value = prop(p, "parameterValue")
    if isinstance(p, PSObject) and p.has("parameterValueGroup"):
        shown = " {" + " | ".join(to_string(v) for v in items(prop(group, "parameterValue"))) + "}"
    elif isinstance(p, PSObject) and p.has("parameterValue"):
        shown = f" <{to_string(value)}>"
    else:
        shown = ""
    name = to_string(prop(p, "name"))
    if optional and positional:
        return f"[[-{name}]{shown}] "
    if optional:
        return f"[-{name}{shown}] "
    if positional:
        return f"[-{name}]{shown} "
    return f"-{name}{shown} "


def _is_int(value: Any) -> bool:
    try:
        int(to_string(value))
    except ValueError:
        return False
    return True


def syntax(w: Writer, obj: Any) -> None:
    """MamlSyntaxControl: one line per syntax item, then a blank line."""
    for item in items(prop(obj, "syntaxItem")):
        w.text(prop(item, "name"))
        w.text(" ")
        for p in items(prop(item, "parameter")):
            w.text(parameter_syntax(p))
        w.text("[" + COMMON_PARAMETERS + "]")
        w.newline(2)


def indented_syntax(w: Writer, help_object: Any) -> None:
    """MamlIndentedSyntaxControl."""
    w.text("SYNTAX")
    w.newline()
    with w.frame(4):
        syntax_value = prop(help_object, "Syntax")
        if syntax_value is not None:
            syntax(w, syntax_value)
        w.newline()


def indented_description(w: Writer, help_object: Any) -> None:
    """MamlIndentedDescriptionControl."""
    w.text("DESCRIPTION")
    w.newline()
    with w.frame(4):
        for item in items(prop(help_object, "description")):
            description(w, item)
        w.newline()
    w.newline()


def related_links(w: Writer, links: Any) -> None:
    """MamlRelatedLinksControl."""
    for link in items(prop(links, "navigationLink")):
        text = prop(link, "linkText")
        w.text(text)
        if text:
            w.text(" ")
        w.text(prop(link, "uri"))
        w.newline()


def remarks(w: Writer, help_object: Any) -> None:
    name = to_string(prop(prop(help_object, "Details"), "Name"))
    w.text("REMARKS")
    w.newline()
    with w.frame(4):
        for label, switch in (("To see the examples, type: ", "Examples"), ("For more information, type: ", "Detailed"),
                              ("For technical information, type: ", "Full")):
            w.text(f'{label}"Get-Help {name} -{switch}"')
            w.newline()
        with w.frame(4):  # RelatedLinksHelpInfoControl
            if items(prop(prop(help_object, "relatedLinks"), "navigationLink")):
                w.text(f'    For online help, type: "Get-Help {name} -Online"')


def example(w: Writer, ex: Any) -> None:
    """MamlExampleControl."""
    w.text(prop(ex, "Title"))
    w.newline(2)
    for intro in items(prop(ex, "Introduction")):
        w.text(prop(intro, "Text"))
    for code in items(prop(ex, "Code")):
        w.text(code)
    w.newline()
    w.text(prop(ex, "results"))
    w.newline()
    for item in items(prop(ex, "remarks")):
        short_description(w, item)


def examples(w: Writer, obj: Any) -> None:
    for ex in items(prop(obj, "Example")):
        example(w, ex)


def parameter_value(value: Any) -> str:
    """MamlParameterValueControl: ` <Type>` when a value is required, ` [<Type>]` when not (a switch)."""
    if value is None:
        return ""
    return f" <{to_string(value)}>" if to_string(prop(value, "required")) == "true" else f" [<{to_string(value)}>]"


def _true_false(value: Any) -> str:
    text = to_string(value).casefold()
    return "true" if text == "true" else "false" if text == "false" else ""


def full_parameter(w: Writer, p: Any) -> None:
    """MamlFullParameterControl."""
    w.text("-")
    w.text(prop(p, "name"))
    w.text(parameter_value(prop(p, "ParameterValue")))
    w.newline()
    with w.frame(4):
        for item in items(prop(p, "Description")):
            description(w, item)
        w.newline()
        possible = prop(p, "possibleValues")
        if possible is not None:
            for choice in items(prop(possible, "possibleValue")):
                w.text(prop(choice, "Value"))
                w.newline()
                with w.frame(4):
                    for item in items(prop(choice, "Description")):
                        short_description(w, item)
                w.newline()
        position = prop(p, "position")
        for label, text in (("Required?                    ", _true_false(prop(p, "required"))),
                            ("Position?                    ", "Named" if position in (None, "") else position),
                            ("Default value                ", prop(p, "defaultValue")),
                            ("Accept pipeline input?       ", prop(p, "pipelineInput")),
                            ("Aliases                      ", prop(p, "aliases")),
                            ("Accept wildcard characters?  ", _true_false(prop(p, "globbing")))):
            w.text(label)
            w.text(text)
            w.newline()
        w.newline()


def type_with_description(w: Writer, item: Any) -> None:
    """MamlTypeWithDescriptionControl (MamlTypeControl inside)."""
    type_ = prop(item, "type")
    if type_ is not None:
        for name in items(prop(type_, "name")):
            w.text(name)
        if prop(type_, "uri"):
            w.newline()
            with w.frame(4):
                w.text(prop(type_, "uri"))
                w.newline()
        if prop(type_, "description"):
            with w.frame(4):
                for entry in items(prop(type_, "description")):
                    short_description(w, entry)
    w.newline()
    with w.frame(4):
        for entry in items(prop(item, "description")):
            short_description(w, entry)
    w.newline()


def _common_parameters_block(w: Writer) -> None:
    w.text(COMMON_PARAMETERS)
    w.newline()
    with w.frame(4):
        w.text(BASE_CMDLET_INFORMATION)
    w.newline(2)


# -- MamlCommandHelpInfo views -------------------------------------------------------------------------
def _head(w: Writer, h: Any) -> None:
    """NAME, SYNOPSIS, SYNTAX, DESCRIPTION: how the default, detailed and full views begin."""
    details(w, prop(h, "Details"))
    indented_syntax(w, h)
    indented_description(w, h)


def _examples_of(w: Writer, h: Any) -> None:
    value = prop(h, "Examples")
    if value is not None:
        examples(w, value)


def _related_links_section(w: Writer, h: Any) -> None:
    w.text("RELATED LINKS")
    w.newline()
    with w.frame(4):
        links = prop(h, "relatedLinks")
        if links is not None:
            related_links(w, links)


def default_command_help(w: Writer, h: Any) -> None:
    """DefaultCommandHelp: Get-Help Name."""
    _head(w, h)
    _related_links_section(w, h)
    w.newline()
    remarks(w, h)


def verbose_command_help(w: Writer, h: Any) -> None:
    """VerboseCommandHelp: Get-Help Name -Detailed."""
    _head(w, h)
    w.text("PARAMETERS")
    w.newline()
    with w.frame(4):
        for p in items(prop(prop(h, "Parameters"), "Parameter")):
            w.text("-")
            w.text(prop(p, "name"))
            w.text(parameter_value(prop(p, "ParameterValue")))
            w.newline()
            with w.frame(4):
                for item in items(prop(p, "Description")):
                    description(w, item)
                w.newline()
        _common_parameters_block(w)
    with w.frame(4):
        _examples_of(w, h)
    remarks(w, h)


def example_command_help(w: Writer, h: Any) -> None:
    """ExampleCommandHelp: Get-Help Name -Examples."""
    details(w, prop(h, "Details"))
    with w.frame(4):
        _examples_of(w, h)


def full_command_help(w: Writer, h: Any) -> None:
    """FullCommandHelp: Get-Help Name -Full."""
    _head(w, h)
    w.text("PARAMETERS")
    w.newline()
    with w.frame(4):
        parameters = prop(h, "Parameters")
        if parameters is not None:
            for p in items(prop(parameters, "Parameter")):
                full_parameter(w, p)
            _common_parameters_block(w)
    for heading, key, inner in (("INPUTS", "InputTypes", "InputType"), ("OUTPUTS", "ReturnValues", "ReturnValue")):
        w.text(heading)
        w.newline()
        with w.frame(4):
            for item in items(prop(prop(h, key), inner)):
                type_with_description(w, item)
            w.newline()
    alert_set = prop(h, "alertSet")
    if alert_set is not None:
        w.text("NOTES")
        w.newline()
        for entry in items(alert_set):
            with w.frame(4):
                w.text(prop(entry, "title"))
                w.newline()
                for alert in items(prop(entry, "alert")):
                    w.text(prop(alert, "Text"))
                    w.newline()
                w.newline()
    with w.frame(4):
        _examples_of(w, h)
        w.newline()
    _related_links_section(w, h)


# -- ExtendedCmdletHelpInfo views (a command without help) --------------------------------------------------
def _reduced_name(w: Writer, h: Any, blank: bool = True) -> None:
    w.text("NAME")
    w.newline()
    with w.frame(4):
        w.text(prop(prop(h, "Details"), "Name"))
        w.newline(2 if blank else 1)


def _reduced_syntax(w: Writer, h: Any) -> None:
    for item in items(prop(prop(h, "Syntax"), "SyntaxItem")):
        w.text(prop(item, "name"))
        w.text(" ")
        for p in items(prop(item, "Parameter")):
            w.text(parameter_syntax(p))
        if prop(item, "CommonParameters") is True:
            w.text("[" + COMMON_PARAMETERS + "]")
        w.newline(2)


def _reduced_tail(w: Writer, h: Any) -> None:
    for heading, key in (("ALIASES", "Aliases"), ("REMARKS", "Remarks")):
        w.text(heading)
        w.newline()
        with w.frame(4):
            w.text(prop(h, key))
            w.newline()
        if heading == "ALIASES":
            w.newline()


def reduced_parameter(w: Writer, p: Any) -> None:
    """The V3 full parameter control (control24 / control37)."""
    w.text("-")
    w.text(prop(p, "name"))
    w.text(parameter_value(prop(p, "ParameterValue")))
    w.newline()
    with w.frame(4):
        if prop(p, "description") is not None:
            w.text(prop(p, "description"))
        w.newline()
        position = prop(p, "position")
        for label, text in (("Required?                    ", _true_false(prop(p, "required"))),
                            ("Position?                    ", "Named" if position in (None, "") else position),
                            ("Accept pipeline input?       ", prop(p, "pipelineInput")),
                            ("Parameter set name           ", prop(p, "parameterSetName")),
                            ("Aliases                      ", prop(p, "aliases")),
                            ("Dynamic?                     ", prop(p, "isDynamic")),
                            ("Accept wildcard characters?  ", prop(p, "globbing"))):
            w.text(label)
            w.text(text)
            w.newline()
        w.newline()


def reduced_default_help(w: Writer, h: Any) -> None:
    """ReducedDefaultCommandHelp."""
    _reduced_name(w, h)
    w.text("SYNTAX")
    w.newline()
    with w.frame(4):
        _reduced_syntax(w, h)
    w.newline()
    _reduced_tail(w, h)


def _reduced_parameters(w: Writer, h: Any, full: bool) -> None:
    w.text("PARAMETERS")
    w.newline()
    with w.frame(4):
        parameters = items(prop(prop(h, "Parameters"), "Parameter"))
        for p in parameters:
            if full:
                reduced_parameter(w, p)
            else:
                w.text("-")
                w.text(prop(p, "name"))
                w.text(parameter_value(prop(p, "ParameterValue")))
                w.newline(2)
        if prop(h, "CommonParameters") is True:
            _common_parameters_block(w)
        elif not parameters:
            w.text("None")
            w.newline(2)
        if full:
            w.newline()
    if not full:
        w.newline()


def reduced_verbose_help(w: Writer, h: Any) -> None:
    """ReducedVerboseCommandHelp: -Detailed without help content."""
    _reduced_name(w, h)
    w.text("SYNTAX")
    w.newline()
    with w.frame(4):
        _reduced_syntax(w, h)
        w.newline()
    _reduced_parameters(w, h, full=False)
    _reduced_tail(w, h)


def reduced_full_help(w: Writer, h: Any) -> None:
    """ReducedFullCommandHelp: -Full without help content."""
    _reduced_name(w, h)
    w.text("SYNTAX")
    w.newline()
    with w.frame(4):
        _reduced_syntax(w, h)
        w.newline()
    _reduced_parameters(w, h, full=True)
    for heading, key, inner in (("INPUTS", "InputTypes", "InputType"), ("OUTPUTS", "ReturnValues", "ReturnValue")):
        w.text(heading)
        w.newline()
        with w.frame(4):
            for item in items(prop(prop(h, key), inner)):
                for name in items(prop(prop(item, "type"), "name")):
                    w.text(name)
                w.newline()
            w.newline()
    _reduced_tail(w, h)


def reduced_examples_help(w: Writer, h: Any) -> None:
    """ReducedExamplesCommandHelp."""
    _reduced_name(w, h, blank=False)
    w.newline()
    _reduced_tail(w, h)


# -- dispatch ------------------------------------------------------------------------------------------------
_VIEWS = {
    MAML: default_command_help, f"{MAML}#DetailedView": verbose_command_help,
    f"{MAML}#ExamplesView": example_command_help, f"{MAML}#FullView": full_command_help,
    f"{MAML}#parameter": full_parameter, f"{MAML}#syntax": syntax, f"{MAML}#details": details,
    f"{MAML}#examples": examples, f"{MAML}#example": example,
    EXTENDED: reduced_default_help, f"{EXTENDED}#DetailedView": reduced_verbose_help,
    f"{EXTENDED}#FullView": reduced_full_help, f"{EXTENDED}#ExamplesView": reduced_examples_help,
    f"{EXTENDED}#parameter": reduced_parameter,
    "MamlParaTextItem": description,
}
VIEW_TYPES = tuple(_VIEWS)


def view_for(obj: Any) -> Any:
    for name in getattr(obj, "type_names", ()):
        view = _VIEWS.get(name) or next((v for k, v in _VIEWS.items() if k.casefold() == name.casefold()), None)
        if view is not None:
            return view
    return None


def render(obj: Any, width: int = 120) -> str:
    """The object's text as Out-Default writes it (a blank line, the view, a blank line)."""
    view = view_for(obj)
    if view is None:
        return to_string(obj)
    w = Writer(width)
    view(w, obj)
    return "\n".join([""] + w.finish() + [""])


__all__ = ["VIEW_TYPES", "Writer", "parameter_syntax", "render", "view_for", "wrap_lines"]
