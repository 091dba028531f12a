"""The PowerShell syntax tree: plain data, one class per construct, named after PowerShell's own `ast.cs`.

Every node has `pos` and `end`, character offsets into the script's text; line and column are computed only
when something needs to be reported (`Source.location`). Nodes are slotted, non-frozen dataclasses built once
by the parser and never mutated afterwards (frozen dataclasses cost a third of the parse time).
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass, field
from typing import Any

_node = dataclass(slots=True, eq=False, repr=False)


class Source:
    """A script's text and file name; turns offsets into (line, column, line text)."""

    __slots__ = ("text", "file", "_line_starts")

    def __init__(self, text: str, file: str | None = None) -> None:
        self.text = text
        self.file = file
        self._line_starts: list[int] | None = None

    def location(self, offset: int) -> tuple[int, int, str]:
        if self._line_starts is None:
            starts = [0]
            text = self.text
            i = text.find("\n")
            while i >= 0:
                starts.append(i + 1)
                i = text.find("\n", i + 1)
            self._line_starts = starts
        offset = max(0, min(offset, len(self.text)))
        line = bisect.bisect_right(self._line_starts, offset) - 1
        start = self._line_starts[line]
        stop = self.text.find("\n", start)
        line_text = self.text[start: stop if stop >= 0 else len(self.text)].rstrip("\r")
        return line + 1, offset - start + 1, line_text


@_node
class Ast:
    pos: int
    end: int

    def __repr__(self) -> str:
        fields = ", ".join(f"{k}={getattr(self, k)!r}" for k in self.__slots__ if k not in ("pos", "end"))  # type: ignore[attr-defined]
        return f"{type(self).__name__}({fields})"


# ------------------------------------------------------------------ script blocks and functions


@_node
class AttributeAst(Ast):
    type_name: str
    positional: list[Ast]
    named: list[tuple[str, Ast | None]]


@_node
class TypeConstraintAst(Ast):
    type_name: str


@_node
class ParameterAst(Ast):
    name: str
    attributes: list[Ast]  # AttributeAst | TypeConstraintAst
    default: Ast | None


@_node
class ParamBlockAst(Ast):
    attributes: list[Ast]
    parameters: list[ParameterAst]


@_node
class NamedBlockAst(Ast):
    kind: str  # begin | process | end | clean | dynamicparam
    statements: list[Ast]
    unnamed: bool = False


@_node
class ScriptBlockAst(Ast):
    param_block: ParamBlockAst | None
    begin: NamedBlockAst | None
    process: NamedBlockAst | None
    end_block: NamedBlockAst | None
    source: Source
    is_filter: bool = False
    usings: list[Ast] = field(default_factory=list)
    type_definitions: list[TypeDefinitionAst] = field(default_factory=list)
    """Every `class`/`enum` of the script (nested ones too): pwsh defines them all before the script runs."""
    clean: NamedBlockAst | None = None
    """`clean { }`: runs after end, and when the pipeline fails or stops; its success output is discarded."""

    @property
    def text(self) -> str:
        return self.source.text[self.pos:self.end]


@_node
class FunctionDefinitionAst(Ast):
    name: str
    is_filter: bool
    parameters: list[ParameterAst] | None
    body: ScriptBlockAst


# ------------------------------------------------------------------ type definitions (class, enum)


@_node
class PropertyMemberAst(Ast):
    """`[hidden] [static] [type] $Name [= default]` in a class, or `Name [= value]` in an enum."""

    name: str
    type_name: str | None
    default: Ast | None
    attributes: list[Ast]
    static: bool = False
    hidden: bool = False


@_node
class FunctionMemberAst(Ast):
    """A method (`[static] [type] Name(params) { }`) or a constructor (`Name(params) [: base(args)] { }`)."""

    name: str
    return_type: str | None
    parameters: list[ParameterAst]
    body: ScriptBlockAst
    attributes: list[Ast]
    static: bool = False
    hidden: bool = False
    is_constructor: bool = False
    base_arguments: list[Ast] | None = None


@_node
class TypeDefinitionAst(Ast):
    name: str
    is_enum: bool
    base_types: list[str]
    members: list[Ast]  # PropertyMemberAst | FunctionMemberAst
    attributes: list[Ast]


# ------------------------------------------------------------------ statements


@_node
class RedirectionAst(Ast):
    from_stream: str  # "1" "2" "3" ... "*"
    to_stream: str | None  # "1" for 2>&1
    target: Ast | None  # file expression
    append: bool


@_node
class CommandParameterAst(Ast):
    name: str
    argument: Ast | None
    text: str  # as written, e.g. "-Name" (for "-b" passed as a positional string)
    colon: bool = False


@_node
class CommandAst(Ast):
    elements: list[Ast]
    invocation: str | None  # "&", "." or None
    redirections: list[RedirectionAst]


@_node
class CommandExpressionAst(Ast):
    expression: Ast
    redirections: list[RedirectionAst]


@_node
class PipelineAst(Ast):
    elements: list[Ast]
    background: bool = False


@_node
class PipelineChainAst(Ast):
    left: Ast
    op: str  # && or ||
    right: Ast


@_node
class AssignmentStatementAst(Ast):
    left: Ast
    op: str
    right: Ast


@_node
class IfStatementAst(Ast):
    clauses: list[tuple[Ast, list[Ast]]]
    else_body: list[Ast] | None


@_node
class LoopAst(Ast):
    label: str | None


@_node
class WhileStatementAst(LoopAst):
    condition: Ast
    body: list[Ast]


@_node
class DoLoopStatementAst(LoopAst):
    condition: Ast
    body: list[Ast]
    until: bool


@_node
class ForStatementAst(LoopAst):
    initializer: Ast | None
    condition: Ast | None
    iterator: Ast | None
    body: list[Ast]


@_node
class ForEachStatementAst(LoopAst):
    variable: VariableExpressionAst
    iterable: Ast
    body: list[Ast]


@_node
class SwitchStatementAst(LoopAst):
    flags: dict[str, bool]
    condition: Ast | None
    file: Ast | None
    clauses: list[tuple[Ast, list[Ast]]]
    default: list[Ast] | None


@_node
class CatchClauseAst(Ast):
    types: list[str]
    body: list[Ast]


@_node
class TryStatementAst(Ast):
    body: list[Ast]
    catches: list[CatchClauseAst]
    finally_body: list[Ast] | None


@_node
class TrapStatementAst(Ast):
    type_name: str | None
    body: list[Ast]


@_node
class BreakStatementAst(Ast):
    label: Ast | None


@_node
class ContinueStatementAst(Ast):
    label: Ast | None


@_node
class ReturnStatementAst(Ast):
    pipeline: Ast | None


@_node
class ExitStatementAst(Ast):
    pipeline: Ast | None


@_node
class ThrowStatementAst(Ast):
    pipeline: Ast | None


@_node
class UsingStatementAst(Ast):
    kind: str  # module | namespace | assembly
    name: str


@_node
class DataStatementAst(Ast):
    body: list[Ast]
    variable: str | None = None
    """`data Name { … }` assigns the section's value to $Name instead of writing it."""


@_node
class BlockStatementAst(Ast):
    """A nested `{ }` where a statement was expected is not PowerShell; kept for `begin {}`-like recovery."""

    body: list[Ast]


# ------------------------------------------------------------------ expressions


@_node
class ConstantExpressionAst(Ast):
    value: Any
    text: str | None = None  # a number written as a command argument: its text as written ("1.0", "08")


@_node
class StringConstantExpressionAst(Ast):
    value: str
    kind: str  # bare | single | double | here_single | here_double


@_node
class ExpandableStringExpressionAst(Ast):
    parts: list[Any]  # str | Ast
    kind: str
    raw: str


@_node
class VariableExpressionAst(Ast):
    name: str  # without scope prefix
    scope: str | None  # global / script / local / private / env / using / variable / function ...
    splatted: bool = False

    @property
    def full_name(self) -> str:
        return f"{self.scope}:{self.name}" if self.scope else self.name


@_node
class TypeExpressionAst(Ast):
    type_name: str


@_node
class ConvertExpressionAst(Ast):
    type_name: str
    operand: Ast


@_node
class ArrayLiteralAst(Ast):
    elements: list[Ast]


@_node
class ArrayExpressionAst(Ast):
    statements: list[Ast]


@_node
class SubExpressionAst(Ast):
    statements: list[Ast]


@_node
class ParenExpressionAst(Ast):
    pipeline: Ast


@_node
class HashtableAst(Ast):
    pairs: list[tuple[Ast, Ast]]


@_node
class ScriptBlockExpressionAst(Ast):
    block: ScriptBlockAst


@_node
class BinaryExpressionAst(Ast):
    op: str  # lower-case operator text without the dash: "eq", "ceq", "+", "and", ...
    left: Ast
    right: Ast


@_node
class UnaryExpressionAst(Ast):
    op: str  # "-", "+", "!", "not", "bnot", "++", "--", "post++", "post--", ",", "split", "join"
    operand: Ast


@_node
class MemberExpressionAst(Ast):
    target: Ast
    member: Ast  # StringConstantExpressionAst for `.Name`, any expression for `.$name` / `.("x")`
    static: bool
    null_conditional: bool = False


@_node
class InvokeMemberExpressionAst(Ast):
    target: Ast
    member: Ast
    arguments: list[Ast]
    static: bool
    null_conditional: bool = False
    generic_args: tuple[str, ...] = ()
    """`.Method[string, int](...)`: the type names of a generic method's type arguments."""


@_node
class IndexExpressionAst(Ast):
    target: Ast
    index: Ast
    null_conditional: bool = False


@_node
class TernaryExpressionAst(Ast):
    condition: Ast
    if_true: Ast
    if_false: Ast


@_node
class UsingExpressionAst(Ast):
    expression: Ast
