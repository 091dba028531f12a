"""Pipeline and command rules (argument mode): pipelines and chains, assignments, commands with their
parameters, arguments and redirections, and barewords."""

from __future__ import annotations

from collections.abc import Callable

from azskernel.language import ast as A
from azskernel.language.chars import ARG_END, BLANKS, DASHES, DOUBLE_QUOTES, SINGLE_QUOTES
from azskernel.language.lexicon import (
    ARG_NOT_PLAIN,
    ASSIGN_START,
    ESCAPES,
    EXPRESSION_STATEMENT_END,
    GENERIC_PLAIN_RE,
    NUMBER_RE,
    PARAM_RE,
    REDIRECT_RE,
    REDIRECT_START,
    SIMPLE_ASSIGN_RE,
    SIMPLE_VAR_RE,
    SKIP_START,
    SPLAT_RE,
    SQ_DOUBLED_RE,
    SQ_STRING_RE,
)
from azskernel.language.numbers import parse_number
from azskernel.language.scanner import Scanner
from azskernel.language.strings import add_node


class CommandRules(Scanner):
    """Pipelines and commands in argument mode."""

    __slots__ = ()

    def parse_pipeline_statement(self) -> A.Ast:
        start = self.i
        m = SIMPLE_ASSIGN_RE.match(self.src, start) if self.src.startswith("$", start) else None
        if m is not None:
            # `$name = …`, the most common statement, without going through the expression rules
            self.i = m.end()
            return self.finish_assignment(start, A.VariableExpressionAst(start, m.end(1), m.group(1), None), "=")
        first = self.parse_pipeline_element()  # stops past blanks, as every pipeline element does
        if type(first) is A.CommandExpressionAst and not first.redirections and self.i < self.n and self.src[self.i] in ASSIGN_START:
            op = self.assignment_operator()
            if op is not None:
                target = first.expression
                self.check_assignable(target)
                self.i += len(op)
                return self.finish_assignment(start, target, op)
        elements = [first]
        while True:
            if self.i < self.n and self.src[self.i] == "|" and not self.at("||"):
                self.i += 1
                self.skip_nl()
                if self.i >= self.n:
                    raise self.eof_error("An empty pipe element is not allowed.", "EmptyPipeElement")
                if self.src[self.i] in "|;)}":
                    raise self.error("An empty pipe element is not allowed.", "EmptyPipeElement")
                elements.append(self.parse_pipeline_element(in_pipe=True))
                continue
            # pwsh 7: a line that starts with `|` continues the pipeline
            if self.i < self.n and self.src[self.i] in "\r\n":
                save = self.i
                self.skip_nl()
                if self.i < self.n and self.src[self.i] == "|" and not self.at("||"):
                    continue
                self.i = save
            break
        # the loop above stops past blanks
        if self.i + 1 < self.n and self.src[self.i] in "&|" and self.src[self.i + 1] == self.src[self.i]:
            op = self.src[self.i:self.i + 2]
            self.i += 2
            self.skip_nl()
            right = self.parse_pipeline_statement()
            left = A.PipelineAst(start, self.i, elements)
            return A.PipelineChainAst(start, self.i, left, op, right)
        background = False
        if self.i < self.n and self.src[self.i] == "&":
            background = True
            self.i += 1
        return A.PipelineAst(start, self.i, elements, background)

    def finish_assignment(self, start: int, target: A.Ast, op: str) -> A.Ast:
        """The right-hand side of an assignment, the cursor just past its operator."""
        self.skip_nl()
        if self.i >= self.n:
            raise self.eof_error(f"You must provide a value expression following the '{op}' operator.", "ExpectedValueExpression")
        if self.src[self.i] in ")};":
            raise self.error(f"You must provide a value expression following the '{op}' operator.", "ExpectedValueExpression")
        right = self.parse_statement()
        if right is None:
            raise self.error(f"You must provide a value expression following the '{op}' operator.", "ExpectedValueExpression")
        return A.AssignmentStatementAst(start, self.i, target, op, right)

    def assignment_operator(self) -> str | None:
        if self.i >= self.n:
            return None
        c = self.src[self.i]
        if c == "=":
            return None if self.at("==") else "="
        if c in "+*/%" or c in DASHES:
            if self.i + 1 < self.n and self.src[self.i + 1] == "=":
                return ("-" if c in DASHES else c) + "="
        if self.at("??="):
            return "??="
        return None

    def check_assignable(self, target: A.Ast) -> None:
        if isinstance(target, (A.VariableExpressionAst, A.MemberExpressionAst, A.IndexExpressionAst)):
            return
        if isinstance(target, A.ConvertExpressionAst) and isinstance(target.operand, (A.VariableExpressionAst, A.ConvertExpressionAst)):
            return
        if isinstance(target, A.ArrayLiteralAst) and all(
            isinstance(e, (A.VariableExpressionAst, A.MemberExpressionAst, A.IndexExpressionAst, A.ConvertExpressionAst))
            for e in target.elements
        ):
            return
        raise self.error("The assignment expression is not valid. The input to an assignment operator must be an object "
                         "that is able to accept assignments, such as a variable or a property.",
                         "InvalidLeftHandSide", target.pos, length=target.end - target.pos)

    def parse_pipeline_element(self, in_pipe: bool = False) -> A.Ast:
        if self.i >= self.n:
            raise self.eof_error("An empty pipe element is not allowed.", "EmptyPipeElement")
        c = self.src[self.i]
        if c in SKIP_START:
            self.skip()
            if self.i >= self.n:
                raise self.eof_error("An empty pipe element is not allowed.", "EmptyPipeElement")
            c = self.src[self.i]
        start = self.i
        if c == "$":
            m = SIMPLE_VAR_RE.match(self.src, start)
            if m is not None:
                self.i = end = m.end()
                if end < self.n and self.src[end] in SKIP_START:
                    self.skip()
                if self.i >= self.n or self.src[self.i] in EXPRESSION_STATEMENT_END:
                    # a lone `$name` (`$done = $true`, `$items | …`): nothing for the expression rules to do
                    return A.CommandExpressionAst(start, self.i, A.VariableExpressionAst(start, end, m.group(1), None), [])
                self.i = start
        if c == "&" and not self.at("&&"):
            self.i += 1
            return self.parse_command(start, "&")
        if c == "." and self.i + 1 < self.n and (self.src[self.i + 1] in BLANKS or self.src[self.i + 1] in "$'\"{(\u2018\u2019\u201c\u201d"):
            self.i += 1
            return self.parse_command(start, ".")
        if self.starts_command(c):
            return self.parse_command(start, None)
        expr = self.parse_expression()
        # parse_expression stops past blanks: most expressions have no redirection to look for
        redirections = self.parse_redirections() if self.i < self.n and self.src[self.i] in REDIRECT_START else []
        return A.CommandExpressionAst(start, self.i, expr, redirections)

    def starts_command(self, c: str) -> bool:
        """Whether the element at the cursor is a command (argument mode) rather than an expression."""
        if c in "$@([{'\"\u2018\u2019\u201a\u201b\u201c\u201d\u201e!+,":
            return False
        if c in DASHES:
            # `-not x`, `-5`, `--x` are expressions; a bare `-` word like `-foo` is a command name in pwsh,
            # but scripts do not use that; treat dash-words as operators.
            return False
        if c.isdigit():
            m = NUMBER_RE.match(self.src, self.i)
            if m is not None:
                nxt = self.src[m.end()] if m.end() < self.n else " "
                if nxt in ARG_END or nxt in ".+-*/%,=]\u2013" or nxt in "\r\n":
                    return False
            return True
        if c == ".":
            return not (self.i + 1 < self.n and self.src[self.i + 1].isdigit())
        return True

    def parse_redirections(self) -> list[A.RedirectionAst]:
        self.skip()
        if self.i >= self.n or self.src[self.i] not in ">*123456<":
            return []
        redirections: list[A.RedirectionAst] = []
        while True:
            self.skip()
            r = self.try_redirection()
            if r is None:
                return redirections
            redirections.append(r)

    def try_redirection(self) -> A.RedirectionAst | None:
        if self.i >= self.n:
            return None
        c = self.src[self.i]
        if c == "<":
            raise self.error("The '<' operator is reserved for future use.", "RedirectionNotSupported")
        if c not in ">*123456":
            return None
        m = REDIRECT_RE.match(self.src, self.i)
        if m is None:
            return None
        start = self.i
        stream = m.group(1) or "1"
        append = m.group(2) == ">>"
        to_stream = m.group(3)
        self.i = m.end()
        target = None
        if to_stream is None:
            self.skip()
            if self.i >= self.n or self.src[self.i] in "\r\n;|)}":
                raise self.error("Missing file specification after redirection operator.", "MissingFileSpecification")
            target = self.parse_command_argument()
        return A.RedirectionAst(start, self.i, stream, to_stream, target, append)

    def parse_command(self, start: int, invocation: str | None) -> A.Ast:
        elements: list[A.Ast] = []
        redirections: list[A.RedirectionAst] = []
        src = self.src
        if invocation is not None:
            self.skip()
            if self.i >= self.n or src[self.i] in "\r\n;|)}":
                raise self.error(f"Missing expression after '{invocation}'.", "MissingExpression")
            elements.append(self.parse_command_argument())
        else:
            elements.append(self.parse_generic_word(command_name=True))
        while True:
            self.skip()
            if self.i >= self.n:
                break
            c = src[self.i]
            if c in "\r\n;|)}":
                break
            if c == "&":
                if self.at("&&"):
                    break
                break
            if c in ">*123456<":
                r = self.try_redirection()
                if r is not None:
                    redirections.append(r)
                    continue
            if c in DASHES:
                m = PARAM_RE.match(src, self.i)
                if m is not None:
                    self.i = m.end()
                    name = m.group(1)
                    text = src[m.start():m.end()]
                    argument = None
                    colon = bool(m.group(2))
                    if colon:
                        self.skip()
                        if self.i >= self.n or src[self.i] in "\r\n;|)}":
                            raise self.error(f"The parameter -{name} requires an argument.", "ParameterRequiresArgument")
                        argument = self.parse_command_argument_list()
                    elements.append(A.CommandParameterAst(m.start(), self.i, name, argument, text, colon))
                    continue
                if self.at("--%"):
                    # stop-parsing token: the rest of the line is passed verbatim
                    self.i += 3
                    rest_start = self.i
                    while self.i < self.n and src[self.i] not in "\r\n":
                        self.i += 1
                    elements.append(A.StringConstantExpressionAst(rest_start, self.i, src[rest_start:self.i].strip(), "bare"))
                    continue
            if c == ",":
                raise self.error("Missing argument in parameter list.", "MissingArgument")
            if c not in ARG_NOT_PLAIN and not c.isdigit():
                m = GENERIC_PLAIN_RE.match(src, self.i)
                if m is not None and (m.end() >= self.n or src[m.end()] in ARG_END):
                    # a plain bareword (`Format-Table -AutoSize`, `-Filter *.vhd`): the most common argument
                    node: A.Ast = A.StringConstantExpressionAst(self.i, m.end(), m.group(0), "bare")
                    self.i = m.end()
                    if self.i < self.n and src[self.i] in SKIP_START:
                        self.skip()
                    if self.i < self.n and src[self.i] == ",":
                        node = self.command_argument_array(node)
                    elements.append(node)
                    continue
            elements.append(self.parse_command_argument_list())
        return A.CommandAst(start, self.i, elements, invocation, redirections)

    def parse_command_argument_list(self) -> A.Ast:
        """One argument, or several joined by commas (`Select-Object A, B` passes one array)."""
        first = self.parse_command_argument()
        self.skip()
        if self.i < self.n and self.src[self.i] == ",":
            return self.command_argument_array(first)
        return first

    def command_argument_array(self, first: A.Ast) -> A.Ast:
        """`first, b, c` in argument mode, the cursor at the first comma."""
        items = self.comma_list(first, self.parse_command_argument, "Missing argument in parameter list.",
                                "MissingArgument", check_operand=False)
        return A.ArrayLiteralAst(first.pos, self.i, items)

    def comma_list(self, first: A.Ast, parse_item: Callable[[], A.Ast], message: str, error_id: str, *,
                   check_operand: bool) -> list[A.Ast]:
        """`first, b, c` (the cursor at the first comma): the items, each parsed by parse_item."""
        items = [first]
        while self.i < self.n and self.src[self.i] == ",":
            self.i += 1
            self.skip_nl()
            if self.i >= self.n:
                raise self.eof_error(message, error_id)
            if check_operand and not self.starts_operand():
                raise self.error(message, error_id)
            items.append(parse_item())
            self.skip()
        return items

    def parse_command_argument(self) -> A.Ast:
        """One argument in argument mode: a bareword, string, variable, (…), $(…), @(…), @{…} or {…}."""
        src = self.src
        start = self.i
        c = src[self.i]
        if c == "$" or c == "(" or (c == "@" and self.i + 1 < self.n and src[self.i + 1] in "({"):
            expr = self.parse_primary()
            if self.i + 1 < self.n and src[self.i] == "." and src[self.i + 1] in BLANKS:
                # `$a. b` in argument mode is the word "$a." (the blank ends it), not member access
                self.i = start
                return self.parse_generic_word()
            expr = self.parse_postfix(expr)
            if self.i < self.n and src[self.i] not in ARG_END and not (src[self.i] == "," ):
                if isinstance(expr, A.VariableExpressionAst) or isinstance(expr, A.MemberExpressionAst):
                    self.i = start
                    return self.parse_generic_word()
            return expr
        if c == "@":
            m = SPLAT_RE.match(src, self.i)
            if m is not None:
                self.i = m.end()
                return A.VariableExpressionAst(start, self.i, m.group("name"), None, True)
            if self.i + 1 < self.n and src[self.i + 1] in "\"'\u201c\u201d\u2018\u2019":
                return self.parse_primary()
        if c == "{":
            return self.parse_script_block_expression()
        if c in SINGLE_QUOTES or c in DOUBLE_QUOTES:
            expr = self.parse_string()
            if self.i < self.n and src[self.i] in ".[" and self.i + 1 < self.n and (src[self.i + 1].isalpha() or src[self.i] == "["):
                expr = self.parse_postfix(expr)
            return expr
        return self.parse_generic_word()

    def parse_generic_word(self, command_name: bool = False) -> A.Ast:
        """A bareword in argument mode; quoted parts, `$var` and backtick escapes make it expandable."""
        src = self.src
        start = self.i
        m = GENERIC_PLAIN_RE.match(src, start)
        if m is not None and (m.end() >= self.n or src[m.end()] in ARG_END):
            # the common case: a plain bareword with nothing to expand
            self.i = end = m.end()
            raw = m.group(0)
            if not command_name and (raw[0].isdigit() or raw[0] in "-.+\u2013\u2014\u2015"):
                number = parse_number(raw)
                if number is not None:
                    return A.ConstantExpressionAst(start, end, number, raw)
            return A.StringConstantExpressionAst(start, end, raw, "bare")
        parts: list[object] = []
        buf: list[str] = []
        expandable = False
        while self.i < self.n:
            m = GENERIC_PLAIN_RE.match(src, self.i)
            if m is not None:
                buf.append(m.group(0))
                self.i = m.end()
                continue
            c = src[self.i]
            if c == "`":
                if self.i + 1 >= self.n:
                    raise self.eof_error("Missing character after the escape character '`'.", "IncompleteEscape")
                nxt = src[self.i + 1]
                if nxt in "\r\n":
                    break
                buf.append(ESCAPES.get(nxt, nxt))
                self.i += 2
                expandable = True
                continue
            if c in SINGLE_QUOTES:
                m2 = SQ_STRING_RE.match(src, self.i)
                if m2 is None:
                    raise self.eof_error("The string is missing the terminator: '.", "TerminatorExpectedAtEndOfString", self.i)
                buf.append(SQ_DOUBLED_RE.sub(r"\1", m2.group(1)))
                self.i = m2.end()
                continue
            if c in DOUBLE_QUOTES:
                node = self.parse_string()
                if isinstance(node, A.StringConstantExpressionAst):
                    buf.append(node.value)
                else:
                    for p in node.parts:  # type: ignore[attr-defined]
                        if isinstance(p, str):
                            buf.append(p)
                        else:
                            add_node(parts, buf, p)
                    expandable = True
                continue
            if c == "$":
                expandable = self.dollar_part(parts, buf) or expandable
                continue
            break
        if buf:
            parts.append("".join(buf))
        if self.i == start:
            raise self.unexpected()
        has_nodes = any(not isinstance(p, str) for p in parts)
        text = "".join(p for p in parts if isinstance(p, str))
        if not has_nodes:
            if not command_name and not expandable:
                raw = src[start:self.i]
                if raw[0].isdigit() or raw[0] in "-.+\u2013\u2014\u2015":
                    number = parse_number(raw)
                    if number is not None:
                        return A.ConstantExpressionAst(start, self.i, number, raw)
            return A.StringConstantExpressionAst(start, self.i, text, "bare")
        return A.ExpandableStringExpressionAst(start, self.i, parts, "bare", src[start:self.i])
