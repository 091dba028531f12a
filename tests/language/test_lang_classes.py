"""`class` and `enum` definitions: their members as the parser records them, and where it refuses them."""

from __future__ import annotations

import pytest

from azskernel.language import ParseError, ast as A, parse


def definition(source: str) -> A.TypeDefinitionAst:
    block = parse(source)
    assert len(block.type_definitions) == 1
    return block.type_definitions[0]


def test_class_members_properties_methods_constructors() -> None:
    node = definition(
        "class Foo : Bar, IDisposable {\n"
        "  [int]$x = 5\n"
        "  hidden static [string] $y\n"
        "  [ValidateNotNull()][string]$z\n"
        "  Foo([int]$a) : base($a) { $this.x = $a }\n"
        "  [int] Twice() { return $this.x * 2 }\n"
        "  static [void] Reset() {}\n"
        "}")
    assert node.name == "Foo" and not node.is_enum and node.base_types == ["Bar", "IDisposable"]
    x, y, z, ctor, twice, reset = node.members
    assert isinstance(x, A.PropertyMemberAst) and x.type_name == "int" and isinstance(x.default, A.ConstantExpressionAst)
    assert isinstance(y, A.PropertyMemberAst) and y.static and y.hidden and y.default is None
    assert isinstance(z, A.PropertyMemberAst) and z.type_name == "string" and len(z.attributes) == 1
    assert isinstance(ctor, A.FunctionMemberAst) and ctor.is_constructor and ctor.base_arguments is not None
    assert [p.name for p in ctor.parameters] == ["a"]
    assert isinstance(twice, A.FunctionMemberAst) and twice.return_type == "int" and not twice.is_constructor
    assert isinstance(reset, A.FunctionMemberAst) and reset.static and reset.return_type == "void"


def test_enum_with_values_and_flags_attribute() -> None:
    node = definition("[Flags()] enum Color { Red = 1; Green = 2\n Blue = 4 }")
    assert node.is_enum and [a.type_name for a in node.attributes] == ["Flags"]  # type: ignore[attr-defined]
    assert [m.name for m in node.members] == ["Red", "Green", "Blue"]  # type: ignore[attr-defined]


def test_nested_definitions_are_all_on_the_root_block() -> None:
    block = parse("Describe 'x' { BeforeAll { class Inner { [int]$a } } }\nenum E { A }")
    assert [t.name for t in block.type_definitions] == ["Inner", "E"]


def test_a_definition_needs_no_separator_before_the_next_statement() -> None:
    block = parse("class A { } $x = 1")
    assert block.end_block is not None and len(block.end_block.statements) == 2


def test_a_modifier_prefix_is_still_a_method_name() -> None:
    node = definition("class C { [int] Statistics() { return 1 } }")
    member = node.members[0]
    assert isinstance(member, A.FunctionMemberAst) and member.name == "Statistics" and not member.static


@pytest.mark.parametrize("source, error_id", [
    ("class { }", "MissingNameAfterKeyword"),
    ("class C", "MissingTypeBody"),
    ("class C { [int] }", "IncompleteMemberDefinition"),
    ("class C { [int]$a", "MissingEndCurlyBrace"),
])
def test_incomplete_definitions_are_parse_errors(source: str, error_id: str) -> None:
    with pytest.raises(ParseError) as caught:
        parse(source)
    assert caught.value.error_id == error_id
