"""Expression rules (expression mode): operators by precedence, unary operators and casts, member access and
indexing, variables, `(…)`, `$(…)`, `@(…)`, hashtables, script-block literals, type literals and attributes."""

from __future__ import annotations

from collections.abc import Callable

from azskernel.language import ast as A
from azskernel.language.chars import BLANKS, DASHES, DOUBLE_QUOTES, SINGLE_QUOTES
from azskernel.language.lexicon import (
    DASH_BINARY,
    DASH_UNARY,
    DASH_WORD_RE,
    GENERIC_ARGUMENT_RE,
    HASH_KEY_RE,
    MEMBER_NAME_RE,
    NUMBER_RE,
    POSTFIX_START,
    PREC_ADD,
    PREC_COALESCE,
    PREC_MULTIPLY,
    PREC_RANGE,
    SIMPLE_TYPE_RE,
    SIMPLE_VAR_RE,
    SKIP_START,
    SPLAT_RE,
    VAR_RE,
    WORD_RE,
    split_type_names,
)
from azskernel.language.numbers import parse_number
from azskernel.language.scanner import Scanner



class ExpressionRules(Scanner):
    """Expression mode."""

    __slots__ = ()

    def parse_argument_expression(self, after: str) -> A.Ast:
        """An expression in a comma-separated list (attribute arguments, parameter defaults)."""
        if self.i >= self.n:
            raise self.eof_error(f"You must provide a value expression following the '{after}' operator.", "ExpectedValueExpression")
        return self.parse_expression_no_comma()

    def parse_expression_required(self, after: str) -> A.Ast:
        if self.i >= self.n:
            raise self.eof_error(f"You must provide a value expression following the '{after}' operator.", "ExpectedValueExpression")
        return self.parse_expression()

    def parse_expression(self, min_prec: int = 1) -> A.Ast:
        left = self.continue_binary(self.parse_array_literal(), min_prec, self.parse_array_literal)
        if min_prec > 1:
            return left
        # pwsh 7: `cond ? a : b` binds looser than every binary operator (continue_binary has skipped the blanks
        # before it)
        if self.i >= self.n or self.src[self.i] != "?":
            return left
        if self.at("?") and self.i + 1 < self.n and self.src[self.i + 1] in BLANKS | {"\r", "\n"}:
            self.i += 1
            self.skip_nl()
            if_true = self.parse_expression()
            self.skip_nl()
            if not self.src.startswith(":", self.i):
                raise self.missing("Missing ':' in the ternary expression.", "MissingColonInTernaryExpression")
            self.i += 1
            self.skip_nl()
            if_false = self.parse_expression()
            return A.TernaryExpressionAst(left.pos, if_false.end, left, if_true, if_false)
        return left

    def starts_operand(self) -> bool:
        c = self.src[self.i]
        if c in "\r\n;)}|]=,":
            return False
        if c in DASHES:
            m = DASH_WORD_RE.match(self.src, self.i)
            if m is not None:
                return m.group(1).lower() in DASH_UNARY
        if c.isalpha() and self.keyword_at() is None:
            return False
        return True

    def parse_array_literal(self) -> A.Ast:
        first = self.parse_unary()
        self.skip()
        if self.i < self.n and self.src[self.i] == ",":
            items = self.comma_list(first, self.parse_unary, "Missing expression after ','.", "MissingExpressionAfterToken",
                                    check_operand=True)
            return A.ArrayLiteralAst(first.pos, items[-1].end, items)
        return first

    def parse_unary(self) -> A.Ast:
        src = self.src
        if self.i >= self.n:
            raise self.eof_error("Missing expression.", "ExpectedExpression")
        c = src[self.i]
        start = self.i
        if c == "!":
            self.i += 1
            self.skip_nl()
            operand = self.parse_unary()
            return A.UnaryExpressionAst(start, operand.end, "not", operand)
        if c == ",":
            self.i += 1
            self.skip_nl()
            operand = self.parse_unary()
            return A.UnaryExpressionAst(start, operand.end, ",", operand)
        if c in DASHES or c == "+":
            if c in DASHES:
                m = DASH_WORD_RE.match(src, self.i)
                if m is not None:
                    word = m.group(1).lower()
                    if word in DASH_UNARY:
                        self.i = m.end()
                        self.skip_nl()
                        operand = self.parse_unary()
                        return A.UnaryExpressionAst(start, operand.end, word, operand)
                    raise self.error(f"Unexpected token '{m.group(0)}' in expression or statement.", "UnexpectedToken",
                                     length=m.end() - m.start())
            if self.i + 1 < self.n and (src[self.i + 1] == c or (c in DASHES and src[self.i + 1] in DASHES)):
                self.i += 2
                operand = self.parse_unary()
                return A.UnaryExpressionAst(start, operand.end, "++" if c == "+" else "--", operand)
            self.i += 1
            self.skip_nl()
            operand = self.parse_unary()
            op = "+" if c == "+" else "-"
            if isinstance(operand, A.ConstantExpressionAst) and not isinstance(operand.value, (str, bool)):
                return A.ConstantExpressionAst(start, operand.end, operand.value if op == "+" else -operand.value)
            return A.UnaryExpressionAst(start, operand.end, op, operand)
        if c == "[":
            return self.parse_type_or_cast()
        if c == "$":
            m = SIMPLE_VAR_RE.match(src, start)
            if m is not None:
                # the most common operand: `$name`, with no postfix more often than not
                self.i = end = m.end()
                node: A.Ast = A.VariableExpressionAst(start, end, m.group(1), None)
                if end < self.n and src[end] in POSTFIX_START:
                    return self.parse_postfix(node)
                return node
        node = self.parse_primary()
        if self.i < self.n and src[self.i] in POSTFIX_START:
            return self.parse_postfix(node)
        return node

    def parse_type_or_cast(self) -> A.Ast:
        start = self.i
        self.i += 1
        self.skip()
        name = self.parse_type_name_text()
        if not name:
            raise self.missing("Missing type name after '['.", "MissingTypename")
        if self.src.startswith("(", self.i):
            # an attribute in expression position (e.g. [ValidateNotNull()]$x = ...): keep its type only
            self.i = start
            attr = self.parse_attribute()
            self.skip_nl()  # an attribute may stand on its own line above what it decorates
            operand = self.parse_unary()
            return operand if not isinstance(attr, A.TypeConstraintAst) else operand
        if not self.src.startswith("]", self.i):
            raise self.missing("Missing ']' at end of attribute or type literal.", "EndSquareBracketExpectedAtEndOfType")
        self.i += 1
        type_end = self.i
        if self.at("::"):
            return self.parse_postfix(A.TypeExpressionAst(start, type_end, name))
        save = self.i
        self.skip()
        if self.i < self.n:
            c = self.src[self.i]
            if (c in "$(@['\"\u2018\u2019\u201c\u201d{!" or c.isdigit()
                    or (c in DASHES and self.i + 1 < self.n and (self.src[self.i + 1].isdigit() or self.src[self.i + 1] in "$(")) or
                    (c in DASHES and DASH_WORD_RE.match(self.src, self.i) and DASH_WORD_RE.match(self.src, self.i).group(1).lower() in DASH_UNARY)):  # type: ignore[union-attr]
                operand = self.parse_unary()
                return A.ConvertExpressionAst(start, operand.end, name, operand)
        self.i = save
        return self.parse_postfix(A.TypeExpressionAst(start, type_end, name))

    def parse_type_name_text(self) -> str:
        """The text between `[` and its `]` (already past `[`), with nested generic brackets."""
        start = self.i
        m = SIMPLE_TYPE_RE.match(self.src, self.i)
        if m is not None:
            self.i = m.end()
            return m.group(0)
        depth = 0
        while self.i < self.n:
            c = self.src[self.i]
            if c == "[":
                depth += 1
            elif c == "]":
                if depth == 0:
                    break
                depth -= 1
            elif c in "\r\n(":
                break  # a comma may follow the name: `[System.Int32, System.Private.CoreLib]` names its assembly
            self.i += 1
        return self.src[start:self.i].strip()

    def parse_attribute(self) -> A.Ast:
        start = self.i
        self.i += 1  # [
        self.skip()
        name = self.parse_type_name_text()
        if not name:
            raise self.missing("Missing type name after '['.", "MissingTypename")
        if self.src.startswith("(", self.i):
            self.i += 1
            positional: list[A.Ast] = []
            named: list[tuple[str, A.Ast | None]] = []
            while True:
                self.skip_nl()
                if self.src.startswith(")", self.i):
                    self.i += 1
                    break
                if self.i >= self.n:
                    raise self.eof_error("Missing closing ')' in expression.", "MissingEndParenthesisInExpression")
                m = WORD_RE.match(self.src, self.i)
                handled = False
                if m is not None:
                    save = self.i
                    self.i = m.end()
                    self.skip()
                    if self.src.startswith("=", self.i) and not self.at("=="):
                        self.i += 1
                        self.skip_nl()
                        named.append((m.group(0), self.parse_argument_expression("=")))
                        handled = True
                    elif self.peek() in (",", ")"):
                        named.append((m.group(0), None))
                        handled = True
                    else:
                        self.i = save
                if not handled:
                    positional.append(self.parse_argument_expression(","))
                self.skip_nl()
                if self.src.startswith(",", self.i):
                    self.i += 1
                    continue
                if self.src.startswith(")", self.i):
                    self.i += 1
                    break
                raise self.missing("Missing closing ')' in expression.", "MissingEndParenthesisInExpression")
            self.skip()
            self.expect("]", "Missing closing ']' in attribute.", "EndSquareBracketExpectedAtEndOfAttribute")
            return A.AttributeAst(start, self.i, name, positional, named)
        self.expect("]", "Missing ']' at end of attribute or type literal.", "EndSquareBracketExpectedAtEndOfType")
        return A.TypeConstraintAst(start, self.i, name)

    def parse_postfix(self, expr: A.Ast) -> A.Ast:
        src = self.src
        while self.i < self.n:
            c = src[self.i]
            if c == ".":
                if self.i + 1 < self.n and src[self.i + 1] == ".":
                    return expr
                self.i += 1
                expr = self.parse_member(expr, False)
                continue
            if c == ":" and self.i + 1 < self.n and src[self.i + 1] == ":":
                self.i += 2
                expr = self.parse_member(expr, True)
                continue
            if c == "?":
                # pwsh 7.1's null-conditional `?.` and `?[` (written right after the operand: `${a}?.b`)
                nxt = src[self.i + 1] if self.i + 1 < self.n else ""
                if nxt == "." and not src.startswith("..", self.i + 1):
                    self.i += 2
                    expr = self.parse_member(expr, False, null_conditional=True)
                    continue
                if nxt == "[" and not isinstance(expr, A.TypeExpressionAst):
                    self.i += 1
                    expr = self.parse_index(expr, null_conditional=True)
                    continue
                return expr
            if c == "[":
                if isinstance(expr, A.TypeExpressionAst):
                    return expr
                expr = self.parse_index(expr)
                continue
            if (c == "+" or c in DASHES) and self.i + 1 < self.n and src[self.i + 1] == c and isinstance(
                    expr, (A.VariableExpressionAst, A.MemberExpressionAst, A.IndexExpressionAst)):
                nxt = src[self.i + 2] if self.i + 2 < self.n else " "
                if nxt.isalnum() or nxt == "$":
                    return expr
                self.i += 2
                expr = A.UnaryExpressionAst(expr.pos, self.i, "post++" if c == "+" else "post--", expr)
                continue
            return expr
        return expr

    def parse_index(self, target: A.Ast, *, null_conditional: bool = False) -> A.Ast:
        """`[index]` after an operand, the cursor at the `[`."""
        self.i += 1
        self.skip_nl()
        if self.src.startswith("]", self.i):
            raise self.error("Array index expression is missing or not valid.", "MissingArrayIndexExpression")
        index = self.parse_expression()
        self.skip_nl()
        if not self.src.startswith("]", self.i):
            raise self.missing("Missing ']' after array index expression.", "MissingEndSquareBracket")
        self.i += 1
        return A.IndexExpressionAst(target.pos, self.i, target, index, null_conditional)

    def parse_member(self, target: A.Ast, static: bool, *, null_conditional: bool = False) -> A.Ast:
        src = self.src
        if self.i < self.n and src[self.i] in BLANKS:
            self.skip()  # `$r. Count`: blanks may follow the dot (not precede it)
        start = self.i
        m = MEMBER_NAME_RE.match(src, self.i)
        if m is not None:
            self.i = m.end()
            member: A.Ast = A.StringConstantExpressionAst(start, self.i, m.group(0), "bare")
        elif self.i < self.n and src[self.i] == "$":
            member = self.parse_variable()
        elif self.i < self.n and (src[self.i] in SINGLE_QUOTES or src[self.i] in DOUBLE_QUOTES):
            member = self.parse_string()
        elif self.i < self.n and src[self.i] == "(":
            member = self.parse_primary()
        else:
            raise self.missing("Missing property name after reference operator.", "MissingPropertyName")
        generic = self.generic_method_arguments() if m is not None and src.startswith("[", self.i) else None
        if generic is not None or (self.i < self.n and src[self.i] == "("):
            self.i += 1
            args = self.parse_method_arguments()
            return A.InvokeMemberExpressionAst(target.pos, self.i, target, member, args, static, null_conditional,
                                               generic or ())
        if self.i < self.n and src[self.i] == "{":
            # `.ForEach{ … }`, `.Where{ … }`: a script block right after the name is the only argument
            block = self.parse_script_block_expression()
            return A.InvokeMemberExpressionAst(target.pos, self.i, target, member, [block], static, null_conditional)
        return A.MemberExpressionAst(target.pos, self.i, target, member, static, null_conditional)

    def generic_method_arguments(self) -> tuple[str, ...] | None:
        """`[T1, T2](` right after a member name: a generic method's type arguments (the position is left on the
        `(`). None, with the position unchanged, when what follows is not that (`$a.b[0]` indexes)."""
        if not self.src.startswith("[", self.i):
            return None
        depth, j = 0, self.i
        while j < self.n:
            c = self.src[j]
            if c == "[":
                depth += 1
            elif c == "]":
                depth -= 1
                if depth == 0:
                    break
            elif c in "\r\n":
                return None
            j += 1
        if j >= self.n or not self.src.startswith("(", j + 1):
            return None
        names = split_type_names(self.src[self.i + 1:j]) if self.src[self.i + 1:j].strip() else []
        if not names or not all(GENERIC_ARGUMENT_RE.fullmatch(n) for n in names):
            return None
        self.i = j + 1
        return tuple(names)

    def parse_method_arguments(self) -> list[A.Ast]:
        args: list[A.Ast] = []
        self.skip_nl()
        if self.src.startswith(")", self.i):
            self.i += 1
            return args
        while True:
            self.skip_nl()
            if self.i >= self.n:
                raise self.eof_error("Missing closing ')' in expression.", "MissingEndParenthesisInMethodCall")
            args.append(self.parse_expression_no_comma())
            self.skip_nl()
            c = self.peek()
            if c == ",":
                self.i += 1
                continue
            if c == ")":
                self.i += 1
                return args
            raise self.missing("Missing closing ')' in expression.", "MissingEndParenthesisInMethodCall")

    def parse_expression_no_comma(self) -> A.Ast:
        """An expression where `,` separates arguments instead of building an array."""
        return self.continue_binary(self.parse_unary(), 1, self.parse_unary)

    def continue_binary(self, left: A.Ast, min_prec: int, operand: Callable[[], A.Ast]) -> A.Ast:
        """Binary operators after a parsed left operand, by precedence climbing; `operand` parses each right side
        (an array literal in expressions, a single operand in method arguments where `,` separates)."""
        src = self.src
        while True:
            if self.i < self.n and src[self.i] in SKIP_START:
                self.skip()
            if self.i >= self.n:
                return left
            c = src[self.i]
            op = None
            prec = 0
            length = 1
            if c in DASHES:
                m = DASH_WORD_RE.match(src, self.i)
                if m is not None:
                    word = m.group(1).lower()
                    prec = DASH_BINARY.get(word, 0)
                    if prec == 0:
                        raise self.error(f"Unexpected token '{src[m.start():m.end()]}' in expression or statement.",
                                         "UnexpectedToken", length=m.end() - m.start())
                    op = word
                    length = m.end() - self.i
                elif self.i + 1 < self.n and src[self.i + 1] in "=-" or (self.i + 1 < self.n and src[self.i + 1] in DASHES):
                    return left
                else:
                    op, prec = "-", PREC_ADD
            elif c == "+":
                if self.i + 1 < self.n and src[self.i + 1] in "=+":
                    return left
                op, prec = "+", PREC_ADD
            elif c == "*" or c == "/" or c == "%":
                if self.i + 1 < self.n and src[self.i + 1] == "=":
                    return left
                if c == "*" and self.i + 1 < self.n and src[self.i + 1] == ">":
                    return left
                op, prec = c, PREC_MULTIPLY
            elif c == "." and self.i + 1 < self.n and src[self.i + 1] == ".":
                op, prec, length = "..", PREC_RANGE, 2
            elif c == "?" and src.startswith("??", self.i) and not src.startswith("??=", self.i):
                op, prec, length = "??", PREC_COALESCE, 2
            else:
                return left
            if prec < min_prec:
                return left
            op_pos = self.i
            self.i += length
            self.skip_nl()
            if self.i >= self.n:
                raise self.eof_error(f"You must provide a value expression following the '{src[op_pos:op_pos + length]}' operator.",
                                     "ExpectedValueExpression", op_pos)
            if not self.starts_operand():
                raise self.error(f"You must provide a value expression following the '{src[op_pos:op_pos + length]}' operator.",
                                 "ExpectedValueExpression", op_pos, length=length)
            right = self.continue_binary(operand(), prec + 1, operand)
            left = A.BinaryExpressionAst(left.pos, right.end, op, left, right)

    def parse_primary(self) -> A.Ast:
        src = self.src
        if self.i >= self.n:
            raise self.eof_error("Missing expression.", "ExpectedExpression")
        c = src[self.i]
        start = self.i
        if c == "$":
            if self.i + 1 < self.n and src[self.i + 1] == "(":
                return self.parse_subexpression()
            return self.parse_variable()
        if c == "(":
            self.i += 1
            self.skip_nl()
            if self.src.startswith(")", self.i):
                raise self.error("An expression was expected after '('.", "ExpectedExpression")
            if self.i >= self.n:
                raise self.eof_error("Missing closing ')' in expression.", "MissingEndParenthesisInExpression", start)
            inner = self.parse_statement()
            self.skip_nl()
            if not self.src.startswith(")", self.i):
                if self.i >= self.n:
                    raise self.eof_error("Missing closing ')' in expression.", "MissingEndParenthesisInExpression", start)
                raise self.error("Missing closing ')' in expression.", "MissingEndParenthesisInExpression")
            self.i += 1
            return A.ParenExpressionAst(start, self.i, inner)  # type: ignore[arg-type]
        if c == "@":
            nxt = src[self.i + 1] if self.i + 1 < self.n else ""
            if nxt == "(":
                self.i += 2
                statements = self.parse_statement_list(")")
                if not self.src.startswith(")", self.i):
                    raise self.eof_error("Missing closing ')' in subexpression.", "MissingEndParenthesisInSubexpression", start)
                self.i += 1
                return A.ArrayExpressionAst(start, self.i, statements)
            if nxt == "{":
                return self.parse_hashtable()
            if nxt in DOUBLE_QUOTES or nxt in SINGLE_QUOTES:
                return self.parse_here_string()
            m = SPLAT_RE.match(src, self.i)
            if m is not None:
                self.i = m.end()
                return A.VariableExpressionAst(start, self.i, m.group("name"), None, True)
            raise self.error("Unrecognized token in source text.", "UnrecognizedToken")
        if c in SINGLE_QUOTES or c in DOUBLE_QUOTES:
            return self.parse_string()
        if c == "{":
            return self.parse_script_block_expression()
        if c.isdigit() or (c == "." and self.i + 1 < self.n and src[self.i + 1].isdigit()):
            m = NUMBER_RE.match(src, self.i)
            if m is not None:
                end = m.end()
                if end < self.n and (src[end].isalnum() or src[end] == "_"):
                    raise self.error(f"Unexpected token '{src[self.i:end + 1]}' in expression or statement.", "UnexpectedToken")
                value = parse_number(m.group(0))
                if value is None:
                    raise self.error(f"The numeric constant {m.group(0)} is not valid.", "BadNumericConstant")
                self.i = end
                return A.ConstantExpressionAst(start, end, value)
        if c == "[":
            return self.parse_type_or_cast()
        if c in "\r\n" or c in ";)}|":
            raise self.error("Missing expression.", "ExpectedExpression")
        raise self.unexpected()

    def parse_subexpression(self) -> A.Ast:
        """`$(statements)`, the cursor at the `$`."""
        start = self.i
        self.i += 2
        statements = self.parse_statement_list(")")
        if not self.src.startswith(")", self.i):
            raise self.eof_error("Missing closing ')' in subexpression.", "MissingEndParenthesisInSubexpression", start)
        self.i += 1
        return A.SubExpressionAst(start, self.i, statements)

    def parse_variable(self) -> A.VariableExpressionAst:
        src = self.src
        start = self.i
        m = SIMPLE_VAR_RE.match(src, start)
        if m is not None:
            self.i = m.end()
            return A.VariableExpressionAst(start, self.i, m.group(1), None)
        if src.startswith("${", self.i):
            j = self.i + 2
            buf = []
            while j < self.n and src[j] != "}":
                if src[j] == "`" and j + 1 < self.n:
                    buf.append(src[j + 1])
                    j += 2
                    continue
                buf.append(src[j])
                j += 1
            if j >= self.n:
                raise self.eof_error("Missing closing '}' in variable name.", "IncompleteDollarVariableReference", start)
            self.i = j + 1
            text = "".join(buf)
            scope = None
            if ":" in text:
                prefix, _, rest = text.partition(":")
                if prefix and rest and not (len(prefix) == 1 and rest.startswith("\\")):
                    scope, text = prefix, rest
            return A.VariableExpressionAst(start, self.i, text, scope)
        m = VAR_RE.match(src, self.i)
        if m is None:
            raise self.error("Variable reference is not valid. '$' was not followed by a valid variable name character. "
                             "Consider using ${} to delimit the name.", "InvalidVariableReference")
        if m.group("scope") is not None:
            if m.group("sname") is None:
                # `${scope:{...}}` is unusual; `$env:{x}` not supported
                raise self.error("Variable reference is not valid. ':' was not followed by a valid variable name character. "
                                 "Consider using ${} to delimit the name.", "InvalidVariableReferenceWithDrive")
            self.i = m.end()
            return A.VariableExpressionAst(start, self.i, m.group("sname"), m.group("scope").lower())
        self.i = m.end()
        return A.VariableExpressionAst(start, self.i, m.group("name") or m.group("special"), None)

    def parse_script_block_expression(self) -> A.Ast:
        start = self.i
        self.i += 1
        block = self.parse_script_block_body("}", self.i)
        if not self.src.startswith("}", self.i):
            if self.i >= self.n:
                raise self.eof_error("Missing closing '}' in statement block or type definition.", "MissingEndCurlyBrace", start)
            raise self.unexpected()
        block.end = self.i
        self.i += 1
        return A.ScriptBlockExpressionAst(start, self.i, block)

    def parse_hashtable(self) -> A.Ast:
        src = self.src
        start = self.i
        self.i += 2
        pairs: list[tuple[A.Ast, A.Ast]] = []
        while True:
            self.skip_nl_semi()
            if self.i >= self.n:
                raise self.eof_error("Missing closing '}' in statement block or type definition.", "MissingEndCurlyBrace", start)
            c = src[self.i]
            if c == "}":
                self.i += 1
                return A.HashtableAst(start, self.i, pairs)
            key_start = self.i
            m = HASH_KEY_RE.match(src, self.i)
            if m is not None and not c.isdigit():
                self.i = m.end()
                key: A.Ast = A.StringConstantExpressionAst(key_start, self.i, m.group(0), "bare")
            else:
                key = self.parse_unary()
            self.skip()
            if not self.src.startswith("=", self.i):
                raise self.missing("Missing '=' operator after key in hash literal.", "MissingEqualsInHashLiteral")
            self.i += 1
            self.skip_nl()
            if self.i >= self.n:
                raise self.eof_error("Missing statement after '=' in hash literal.", "MissingStatementInHashLiteral")
            if src[self.i] in "};":
                raise self.error("Missing statement after '=' in hash literal.", "MissingStatementInHashLiteral")
            value = self.parse_statement()
            pairs.append((key, value))  # type: ignore[arg-type]
            self.skip()
            if self.i < self.n and src[self.i] not in "\r\n;}":
                raise self.error("Unexpected token in hash literal; expected a newline, ';' or '}'.", "MissingEndCurlyBrace")
