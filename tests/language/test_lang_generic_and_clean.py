"""Generic method calls (`.Method[T](...)`) and the `clean { }` block, as the parser records them."""

from __future__ import annotations

from azskernel.language import ast as A, parse


def _expression(source: str) -> A.Ast:
    statement = parse(source).end_block.statements[0]  # type: ignore[union-attr]
    assert isinstance(statement, A.PipelineAst)
    element = statement.elements[0]
    assert isinstance(element, A.CommandExpressionAst)
    return element.expression


def test_generic_method_call_records_its_type_arguments() -> None:
    node = _expression("[array]::Empty[int]()")
    assert isinstance(node, A.InvokeMemberExpressionAst) and node.static and node.generic_args == ("int",)
    node = _expression("$o.Convert[string, System.Collections.Generic.List[int]]($x)")
    assert isinstance(node, A.InvokeMemberExpressionAst)
    assert node.generic_args == ("string", "System.Collections.Generic.List[int]") and len(node.arguments) == 1


def test_an_index_after_a_member_is_still_an_index() -> None:
    node = _expression("$o.Items[0]")
    assert isinstance(node, A.IndexExpressionAst) and isinstance(node.target, A.MemberExpressionAst)
    node = _expression("$o.Items[$i]")
    assert isinstance(node, A.IndexExpressionAst)


def test_clean_block_is_a_named_block() -> None:
    block = parse("begin { 1 } process { 2 } end { 3 } clean { 4 }")
    assert block.clean is not None and block.clean.kind == "clean" and block.end_block is not None
    assert parse("clean { 4 }").clean is not None
    # a command whose name starts with clean stays a command
    unnamed = parse("clean-up { 4 }")
    assert unnamed.clean is None and unnamed.end_block is not None and unnamed.end_block.unnamed
