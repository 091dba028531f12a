"""The parser on the constructs real operator scripts use (issue 4's list), and its error shape."""

from __future__ import annotations

import pytest

from azskernel.language import ParseError, ast as A, is_complete, parse


def only_statement(source: str) -> A.Ast:
    block = parse(source)
    assert block.end_block is not None
    assert len(block.end_block.statements) == 1
    return block.end_block.statements[0]


def command(source: str) -> A.CommandAst:
    statement = only_statement(source)
    assert isinstance(statement, A.PipelineAst)
    element = statement.elements[0]
    assert isinstance(element, A.CommandAst)
    return element


def test_argument_mode_keeps_1_plus_2_as_a_bareword() -> None:
    cmd = command("Write-Output 1+2")
    arg = cmd.elements[1]
    assert isinstance(arg, A.StringConstantExpressionAst) and arg.value == "1+2"


def test_expression_mode_in_parentheses() -> None:
    cmd = command("Write-Output (1+2)")
    assert isinstance(cmd.elements[1], A.ParenExpressionAst)


def test_en_dash_is_a_parameter_dash() -> None:
    cmd = command("Select-Object \u2013ExpandProperty Name")
    param = cmd.elements[1]
    assert isinstance(param, A.CommandParameterAst) and param.name == "ExpandProperty"


def test_nbsp_indentation_is_whitespace() -> None:
    block = parse("if ($true) {\n\u00a0\u00a0\u00a0\u00a0Write-Host hi\n}")
    inner = block.end_block.statements[0].clauses[0][1][0]  # type: ignore[union-attr]
    assert isinstance(inner.elements[0], A.CommandAst)
    assert inner.elements[0].elements[0].value == "Write-Host"


def test_block_comment_and_here_strings() -> None:
    block = parse("<# header\n comment #>\n$a = @\"\nline $x\n\"@\n$b = @'\nraw $x\n'@\n")
    first, second = block.end_block.statements  # type: ignore[union-attr]
    assert isinstance(first.right.elements[0].expression, A.ExpandableStringExpressionAst)
    assert second.right.elements[0].expression.value == "raw $x"


def test_cmdletbinding_then_param_and_paren_on_separate_lines() -> None:
    block = parse("[CmdletBinding()]\nparam\n(\n    [Parameter(Mandatory=$true)]\n    [string] $Name\n)\n$Name")
    assert block.param_block is not None
    assert block.param_block.attributes[0].type_name == "CmdletBinding"
    assert block.param_block.parameters[0].name == "Name"


def test_method_call_and_index_as_an_argument() -> None:
    cmd = command("Foo -A $x.Split('/')[0] -B")
    param = cmd.elements[1]
    assert isinstance(param, A.CommandParameterAst) and param.argument is None
    arg = cmd.elements[2]
    assert isinstance(arg, A.IndexExpressionAst)
    assert isinstance(arg.target, A.InvokeMemberExpressionAst)
    assert isinstance(cmd.elements[3], A.CommandParameterAst)


def test_one_line_switch_clauses() -> None:
    statement = only_statement('switch ($x) { 1 {"one"} default {"other"} }')
    assert isinstance(statement, A.SwitchStatementAst)
    assert len(statement.clauses) == 1 and statement.default is not None


@pytest.mark.parametrize("text, value", [("1GB", 1024**3), ("1gb", 1024**3), ("10L", 10), ("0x1F", 31), ("1.5", 1.5), ("2kb", 2048)])
def test_number_suffixes(text: str, value: object) -> None:
    statement = only_statement(text)
    assert statement.elements[0].expression.value == value  # type: ignore[attr-defined]


def test_comma_separated_bareword_arguments_form_one_array() -> None:
    cmd = command("Select-Object A, B")
    assert isinstance(cmd.elements[1], A.ArrayLiteralAst)


def test_trailing_backtick_continuation() -> None:
    cmd = command("Get-Thing -A 1 `\n  -B 2")
    assert [e.name for e in cmd.elements if isinstance(e, A.CommandParameterAst)] == ["A", "B"]


def test_leading_pipe_continues_the_pipeline() -> None:
    statement = only_statement("Get-Thing\n  | Where-Object { $_ }")
    assert len(statement.elements) == 2  # type: ignore[attr-defined]


def test_redirections() -> None:
    cmd = command("Get-Thing > out.txt 2>&1")
    assert [(r.from_stream, r.to_stream) for r in cmd.redirections] == [("1", None), ("2", "1")]


def test_positions_are_offsets() -> None:
    cmd = command("  Get-Thing -Name x")
    assert cmd.pos == 2 and cmd.end == len("  Get-Thing -Name x")


def test_parse_error_shape() -> None:
    with pytest.raises(ParseError) as info:
        parse("$a = 1\nif ($a {\n}")
    err = info.value
    assert err.line == 2 and err.column >= 5
    assert err.text == "if ($a {"
    assert "Missing closing ')'" in err.message
    text = err.pwsh_text()
    assert text.startswith("ParserError:") and "Line |" in text


def test_reserved_less_than_operator() -> None:
    with pytest.raises(ParseError) as info:
        parse("Get-Command <cmdlet_name>")
    assert "reserved for future use" in info.value.message


@pytest.mark.parametrize("source, state", [
    ("Get-Item x", "complete"),
    ("if ($x) {", "incomplete"),
    ("'abc", "incomplete"),
    ('"abc', "incomplete"),
    ("@\"\nabc", "incomplete"),
    ("Get-Item `", "incomplete"),
    ("Get-Item `\n", "incomplete"),
    ("function f {\n", "incomplete"),
    ("$a = (1 + ", "incomplete"),
    ("1 +* 2", "invalid"),
    ("}", "invalid"),
])
def test_is_complete(source: str, state: str) -> None:
    assert is_complete(source) == state


def test_unicode_quotes_close_strings() -> None:
    statement = only_statement("'C:\\\u2019")
    assert statement.elements[0].expression.value == "C:\\"  # type: ignore[attr-defined]


def test_expandable_bareword_argument() -> None:
    cmd = command("Import-Module $PSScriptRoot\\..\\x.psm1")
    assert isinstance(cmd.elements[1], A.ExpandableStringExpressionAst)


def test_an_attribute_may_stand_on_its_own_line_above_a_statement() -> None:
    # RegisterWithAzure.psm1 and RemoteManagement.psm1: [CmdletBinding()] with no param() after it
    body = parse("function f {\n    [CmdletBinding()]\n\n    $attempt = 0\n    $attempt\n}").end_block.statements[0].body  # type: ignore[union-attr, attr-defined]
    assert body.param_block is None and len(body.end_block.statements) == 2


def test_a_backtick_before_a_blank_is_a_blank() -> None:
    # tokenizer.cs: "`" followed by whitespace skips it (a Syndication test writes `-and ` # GET`)
    pipeline = only_statement("$a -eq 1 -and ` # GET\n    $b -eq 2")
    assert isinstance(pipeline.elements[0].expression, A.BinaryExpressionAst)  # type: ignore[attr-defined]


def test_data_section_with_a_name_and_using_module() -> None:
    data = only_statement("data Messages { ConvertFrom-StringData 'a = 1' }")
    assert isinstance(data, A.DataStatementAst) and data.variable == "Messages"
    using = only_statement("using module ./Tools/Tools.psd1")
    assert isinstance(using, A.UsingStatementAst) and (using.kind, using.name) == ("module", "./Tools/Tools.psd1")
    assert parse("using namespace System.IO\n1").end_block.statements[0].__class__ is not A.UsingStatementAst  # type: ignore[union-attr]
