"""Type definition rules: `class` and `enum` statements (pwsh 5+), with their members.

    [attributes] class Name [: Base[, Interface…]] { members }
        [attribute…] [static] [hidden] [type] $Name [= default]          a property
        [attribute…] [static] [hidden] [type] Name(params) { body }        a method
        Name(params) [: base(args)] { body }                                a constructor
    [Flags()] enum Name [: UnderlyingType] { Label [= value] … }

Every definition is also recorded on the parser (`type_definitions`): the script's root block carries them
all, since pwsh defines a script's types before running any of it.
"""

from __future__ import annotations

import re

from azskernel.language import ast as A
from azskernel.language.lexicon import WORD_RE
from azskernel.language.scanner import Scanner

# `static`/`hidden` are modifiers only as whole words (a method may be called `Statistics`).
_MODIFIER_RE = re.compile(r"(static|hidden)(?![A-Za-z0-9_])", re.I)
_BASE_RE = re.compile(r"base(?![A-Za-z0-9_])", re.I)
_BASE_TYPE_RE = re.compile(r"[A-Za-z_][A-Za-z0-9_.`]*(?:\[[^\]\r\n]*\])?")
# `[Flags()] enum E {…}` / `[Attr()] class C {…}`: attributes before a type definition (one level of nested
# brackets, as in `[Attr([int])]`), checked before the statement is parsed as an expression.
ATTRIBUTED_TYPE_RE = re.compile(
    r"(?:\[[^\[\]\r\n]*(?:\[[^\[\]\r\n]*\][^\[\]\r\n]*)*\][ \t\r\n]*)+(?:class|enum)(?![A-Za-z0-9_\-])", re.I)


class TypeDefinitionRules(Scanner):
    """`class` and `enum`."""

    __slots__ = ()

    def parse_attributed_type_definition(self) -> A.Ast:
        """`[Flags()] enum E {…}`: the cursor at the first `[` (ATTRIBUTED_TYPE_RE matched here)."""
        start = self.i
        attributes: list[A.Ast] = []
        while self.src.startswith("[", self.i):
            attributes.append(self.parse_attribute())
            self.skip_nl()
        keyword = self.keyword_at()
        assert keyword in ("class", "enum")
        self.i += len(keyword)
        return self.parse_type_definition(keyword, start, attributes)

    def parse_type_definition(self, keyword: str, start: int, attributes: list[A.Ast]) -> A.Ast:
        """After the `class`/`enum` keyword."""
        self.skip_nl()
        m = WORD_RE.match(self.src, self.i)
        if m is None:
            raise self.missing(f"Missing name after {keyword} keyword.", "MissingNameAfterKeyword")
        name = m.group(0)
        self.i = m.end()
        self.skip_nl()
        base_types: list[str] = []
        if self.src.startswith(":", self.i):
            self.i += 1
            while True:
                self.skip_nl()
                if self.src.startswith("[", self.i):  # `enum E : [byte]` is accepted too
                    self.i += 1
                    base_types.append(self.parse_type_name_text())
                    self.expect("]", "Missing ']' at end of attribute or type literal.", "EndSquareBracketExpectedAtEndOfType")
                else:
                    m = _BASE_TYPE_RE.match(self.src, self.i)
                    if m is None:
                        raise self.missing("Missing base type name.", "MissingTypeInTypeDefinition")
                    base_types.append(m.group(0))
                    self.i = m.end()
                self.skip_nl()
                if not self.src.startswith(",", self.i):
                    break
                self.i += 1
        if not self.src.startswith("{", self.i):
            raise self.missing(f"Missing type body for '{name}'.", "MissingTypeBody")
        open_pos = self.i
        self.i += 1
        members = self.parse_enum_members() if keyword == "enum" else self.parse_class_members(name)
        if not self.src.startswith("}", self.i):
            raise self.eof_error("Missing closing '}' in statement block or type definition.", "MissingEndCurlyBrace", open_pos)
        self.i += 1
        node = A.TypeDefinitionAst(start, self.i, name, keyword == "enum", base_types, members, attributes)
        self.type_definitions.append(node)
        return node

    def parse_enum_members(self) -> list[A.Ast]:
        members: list[A.Ast] = []
        while True:
            self.skip_nl_semi()
            if self.i >= self.n or self.src[self.i] == "}":
                return members
            start = self.i
            m = WORD_RE.match(self.src, self.i)
            if m is None:
                raise self.error("Missing enum member name.", "MissingEnumMemberName")
            self.i = m.end()
            self.skip()
            value = None
            if self.src.startswith("=", self.i):
                self.i += 1
                self.skip_nl()
                value = self.parse_expression_required("=")
            members.append(A.PropertyMemberAst(start, self.i, m.group(0), None, value, []))
            self.skip()
            if self.i < self.n and self.src[self.i] not in "\r\n;}":
                raise self.unexpected()

    def parse_class_members(self, class_name: str) -> list[A.Ast]:
        members: list[A.Ast] = []
        while True:
            self.skip_nl_semi()
            if self.i >= self.n or self.src[self.i] == "}":
                return members
            members.append(self.parse_class_member(class_name))

    def parse_class_member(self, class_name: str) -> A.Ast:
        start = self.i
        attributes: list[A.Ast] = []
        type_name: str | None = None
        static = hidden = False
        while True:
            if self.src.startswith("[", self.i):
                attribute = self.parse_attribute()
                if isinstance(attribute, A.TypeConstraintAst):
                    type_name = attribute.type_name
                else:
                    attributes.append(attribute)
            else:
                m = _MODIFIER_RE.match(self.src, self.i)
                if m is None:
                    break
                if m.group(1).lower() == "static":
                    static = True
                else:
                    hidden = True
                self.i = m.end()
            self.skip_nl()
        if self.src.startswith("$", self.i):
            variable = self.parse_variable()
            self.skip()
            default = None
            if self.src.startswith("=", self.i):
                self.i += 1
                self.skip_nl()
                default = self.parse_expression_required("=")
                self.skip()
            if self.i < self.n and self.src[self.i] not in "\r\n;}":
                raise self.unexpected()
            return A.PropertyMemberAst(start, self.i, variable.name, type_name, default, attributes, static, hidden)
        m = WORD_RE.match(self.src, self.i)
        if m is None:
            raise self.missing("Incomplete member definition.", "IncompleteMemberDefinition")
        name = m.group(0)
        self.i = m.end()
        self.skip_nl()
        if not self.src.startswith("(", self.i):
            raise self.missing(f"Missing '(' in the definition of method '{name}'.", "MissingOpenParenthesisInFunctionParameterList")
        self.i += 1
        parameters = self.parse_parameter_list(")")
        self.skip_nl()
        is_constructor = type_name is None and name.casefold() == class_name.casefold()
        base_arguments = None
        if is_constructor and self.src.startswith(":", self.i):
            self.i += 1
            self.skip_nl()
            if _BASE_RE.match(self.src, self.i) is None:
                raise self.missing("Missing 'base' after ':' in the constructor.", "MissingBaseCtorCall")
            self.i += 4
            self.skip_nl()
            self.expect("(", "Missing '(' after 'base'.", "MissingMethodParameterList")
            base_arguments = self.parse_method_arguments()
            self.skip_nl()
        body = self.parse_function_body()
        return A.FunctionMemberAst(start, self.i, name, type_name, parameters, body, attributes, static, hidden,
                                   is_constructor, base_arguments)
