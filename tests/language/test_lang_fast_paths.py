"""The parser's fast paths (plain `$name = …`, a lone `$name`, plain bareword arguments, plain integers, literal
runs in strings) must build the same trees, positions and errors as the general rules they short-cut."""

from __future__ import annotations

import pytest

from azskernel.language import ParseError, ast as A, parse


def only_statement(text: str) -> A.Ast:
    block = parse(text)
    assert block.end_block is not None and len(block.end_block.statements) == 1
    return block.end_block.statements[0]


@pytest.mark.parametrize("text", ["$a=1", "$a  = 1", "$a\t=\t1"])
def test_simple_assignment_positions(text: str) -> None:
    stmt = only_statement(text)
    assert isinstance(stmt, A.AssignmentStatementAst) and stmt.op == "="
    assert isinstance(stmt.left, A.VariableExpressionAst) and stmt.left.name == "a"
    assert (stmt.left.pos, stmt.left.end) == (0, 2)
    assert stmt.end == len(text)


def test_comparison_is_not_an_assignment() -> None:
    with pytest.raises(ParseError) as info:
        parse("$a == 1")
    assert info.value.error_id == "UnexpectedToken"


def test_missing_value_after_fast_assignment_is_incomplete() -> None:
    with pytest.raises(ParseError) as info:
        parse("$a =")
    assert info.value.error_id == "ExpectedValueExpression" and info.value.incomplete


def test_lone_variable_then_pipe_and_end_of_input() -> None:
    stmt = only_statement("$x  |  Out-Null")
    first = stmt.elements[0]  # type: ignore[attr-defined]
    assert isinstance(first, A.CommandExpressionAst) and (first.pos, first.end) == (0, 4)
    assert isinstance(first.expression, A.VariableExpressionAst) and first.expression.end == 2
    with pytest.raises(ParseError) as info:
        parse("if ($x  ")
    assert info.value.error_id == "MissingEndParenthesisAfterStatement" and info.value.incomplete


def test_bareword_arguments_keep_commas_and_numbers() -> None:
    command = only_statement("Write-Output a ,b 7 \u0663 *.vhd").elements[0]  # type: ignore[attr-defined]
    array, seven, arabic_three, pattern = command.elements[1:]
    assert isinstance(array, A.ArrayLiteralAst) and [e.value for e in array.elements] == ["a", "b"]
    assert isinstance(seven, A.ConstantExpressionAst) and seven.value == 7
    assert isinstance(arabic_three, A.ConstantExpressionAst) and arabic_three.value == 3
    assert isinstance(pattern, A.StringConstantExpressionAst) and pattern.value == "*.vhd"


def test_expandable_string_literal_runs() -> None:
    value = only_statement('"a`tb $x c""d $(1) e"').elements[0].expression  # type: ignore[attr-defined]
    assert isinstance(value, A.ExpandableStringExpressionAst)
    assert value.parts[0] == "a\tb " and value.parts[2] == ' c"d ' and value.parts[4] == " e"
