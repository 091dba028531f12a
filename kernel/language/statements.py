"""Statement rules: script-block bodies (param, begin/process/end), statement lists and the keyword statements
(if, loops, switch, try/trap, function, flow control)."""

from __future__ import annotations

import re

from azskernel.language import ast as A
from azskernel.language.classes import ATTRIBUTED_TYPE_RE
from azskernel.language.errors import ParseError
from azskernel.language.lexicon import (
    BLOCK_STATEMENTS,
    DASH_WORD_RE,
    FUNC_NAME_RE,
    SKIP_START,
    STATEMENT_END,
    STATEMENT_KEYWORDS,
    VAR_RE,
    WORD_RE,
)
from azskernel.language.scanner import Scanner


class StatementRules(Scanner):
    """Script blocks and statements."""

    __slots__ = ()

    def parse_script(self) -> A.ScriptBlockAst:
        block = self.parse_script_block_body(None, 0)
        if self.i < self.n:
            raise self.unexpected()
        block.type_definitions = self.type_definitions
        return block

    def parse_script_block_body(self, close: str | None, start: int) -> A.ScriptBlockAst:
        self.skip_nl_semi()
        param_block = None
        if self.i < self.n and self.src[self.i] in "[pP":  # most blocks have no param block
            param_block = self.try_param_block()
            self.skip_nl_semi()
        begin = process = end = clean = None
        named = False
        while True:
            kw = self.keyword_at()
            if kw is None and self.src.startswith(("c", "C"), self.i) and self.src[self.i:self.i + 5].casefold() == "clean" and (
                    self.i + 5 >= self.n or not (self.src[self.i + 5].isalnum() or self.src[self.i + 5] in "_-")):
                kw = "clean"  # a keyword only where a named block may start (pwsh 7.3)
            if kw in ("begin", "process", "end", "clean", "dynamicparam"):
                save = self.i
                self.i += len(kw)
                self.skip_nl()
                if self.src.startswith("{", self.i):
                    block_start = self.i
                    body = self.parse_statement_block()
                    node = A.NamedBlockAst(block_start, self.i, kw, body)
                    if kw == "begin":
                        begin = node
                    elif kw == "process":
                        process = node
                    elif kw == "end":
                        end = node
                    elif kw == "clean":
                        clean = node
                    named = True
                    self.skip_nl_semi()
                    continue
                self.i = save
            break
        if not named:
            body_start = self.i
            statements = self.parse_statement_list(close)
            end = A.NamedBlockAst(body_start, self.i, "end", statements, unnamed=True)
        elif close is not None and self.peek() != close and self.i < self.n:
            raise self.unexpected()
        block = A.ScriptBlockAst(start, self.i, param_block, begin, process, end, self.source)
        block.clean = clean
        return block

    def try_param_block(self) -> A.ParamBlockAst | None:
        save = self.i
        start = self.i
        attributes: list[A.Ast] = []
        if self.src.startswith("[", self.i):
            try:
                while self.src.startswith("[", self.i):
                    attributes.append(self.parse_attribute())
                    self.skip_nl()
            except ParseError:
                self.i = save
                return None
        if self.keyword_at() != "param":
            self.i = save
            return None
        self.i += 5
        self.skip_nl()
        if not self.src.startswith("(", self.i):
            self.i = save
            return None
        self.i += 1
        parameters = self.parse_parameter_list(")")
        return A.ParamBlockAst(start, self.i, attributes, parameters)

    def parse_parameter_list(self, close: str) -> list[A.ParameterAst]:
        params: list[A.ParameterAst] = []
        while True:
            self.skip_nl()
            if self.peek() == close:
                self.i += 1
                return params
            if self.i >= self.n:
                raise self.eof_error("Missing ')' in function parameter list.", "MissingEndParenthesisInFunctionParameterList")
            start = self.i
            attributes: list[A.Ast] = []
            while self.src.startswith("[", self.i):
                attributes.append(self.parse_attribute())
                self.skip_nl()
            m = VAR_RE.match(self.src, self.i)
            if m is None:
                if self.src.startswith("$", self.i) and self.src.startswith("${", self.i):
                    var = self.parse_variable()
                    name = var.name
                else:
                    raise self.error("Missing ')' in function parameter list.", "MissingEndParenthesisInFunctionParameterList")
            else:
                self.i = m.end()
                name = m.group("name") or m.group("sname") or ""
            self.skip_nl()
            default = None
            if self.src.startswith("=", self.i):
                self.i += 1
                self.skip_nl()
                default = self.parse_argument_expression("=")
            params.append(A.ParameterAst(start, self.i, name, attributes, default))
            self.skip_nl()
            if self.src.startswith(",", self.i):
                self.i += 1
                continue
            if self.peek() == close:
                self.i += 1
                return params
            raise self.missing("Missing ')' in function parameter list.", "MissingEndParenthesisInFunctionParameterList")

    def parse_statement_block(self) -> list[A.Ast]:
        """`{ statements }`."""
        if not self.src.startswith("{", self.i):
            raise self.missing("Missing statement block.", "MissingStatementBlock")
        open_pos = self.i
        self.i += 1
        statements = self.parse_statement_list("}")
        if not self.src.startswith("}", self.i):
            raise self.eof_error("Missing closing '}' in statement block or type definition.", "MissingEndCurlyBrace", open_pos)
        self.i += 1
        return statements

    def parse_statement_list(self, close: str | None) -> list[A.Ast]:
        statements: list[A.Ast] = []
        src = self.src
        while True:
            self.skip_nl_semi()
            if self.i >= self.n:
                if close is not None:
                    return statements
                return statements
            c = src[self.i]
            if close is not None and c == close:
                return statements
            if c in ")}" or (c == "]" and close != "]"):
                if close is None or c != close:
                    raise self.unexpected()
            statement = self.parse_statement()
            if statement is not None:
                statements.append(statement)
            if self.i < self.n and src[self.i] in SKIP_START:
                self.skip()
            if self.i < self.n:
                c = src[self.i]
                if c not in STATEMENT_END and not (close is not None and c == close):
                    # a compound statement ending in `}` needs no separator (`trap {…} try {…}`)
                    if not (isinstance(statement, BLOCK_STATEMENTS) and src[statement.end - 1] == "}"):
                        raise self.unexpected()

    def parse_statement(self) -> A.Ast | None:
        start = self.i
        c = self.src[self.i]
        label = None
        if c == ":":
            m = WORD_RE.match(self.src, self.i + 1)
            if m is not None:
                label = m.group(0)
                self.i = m.end()
                self.skip_nl()
                kw = self.keyword_at()
                if kw not in ("foreach", "for", "while", "do", "switch"):
                    raise self.error(f"Unexpected token ':{label}' in expression or statement.", "UnexpectedToken", start)
                return self.parse_keyword_statement(kw, start, label)
        if c.isalpha():
            kw = self.keyword_at()
            if kw is not None and kw in STATEMENT_KEYWORDS:
                return self.parse_keyword_statement(kw, start, None)
            if kw in ("param",):
                raise self.error("The param block must be the first statement in a script or function.", "ParamBlockNotFirst")
        elif c == "[" and ATTRIBUTED_TYPE_RE.match(self.src, self.i) is not None:
            return self.parse_attributed_type_definition()
        return self.parse_pipeline_statement()

    def parse_keyword_statement(self, kw: str, start: int, label: str | None) -> A.Ast | None:
        self.i += len(kw)
        if kw == "if":
            return self.parse_if(start)
        if kw in ("function", "filter", "workflow"):
            return self.parse_function(start, kw == "filter")
        if kw == "foreach":
            return self.parse_foreach(start, label)
        if kw == "for":
            return self.parse_for(start, label)
        if kw == "while":
            return self.parse_while(start, label)
        if kw == "do":
            return self.parse_do(start, label)
        if kw == "switch":
            return self.parse_switch(start, label)
        if kw == "try":
            return self.parse_try(start)
        if kw == "trap":
            return self.parse_trap(start)
        if kw in ("throw", "return", "exit"):
            self.skip()
            pipeline = None
            if self.i < self.n and self.src[self.i] not in STATEMENT_END and self.src[self.i] != "|":
                pipeline = self.parse_pipeline_statement()
            cls = {"throw": A.ThrowStatementAst, "return": A.ReturnStatementAst, "exit": A.ExitStatementAst}[kw]
            return cls(start, self.i, pipeline)
        if kw in ("break", "continue"):
            self.skip()
            target = None
            if self.i < self.n and self.src[self.i] not in STATEMENT_END and self.src[self.i] != "|":
                target = self.parse_command_argument()
            cls2 = A.BreakStatementAst if kw == "break" else A.ContinueStatementAst
            return cls2(start, self.i, target)
        if kw == "data":
            self.skip_nl()
            variable = None
            m = WORD_RE.match(self.src, self.i)
            if m is not None:
                variable = m.group(0)
                self.i = m.end()
            if self.peek() not in ("{", ""):
                # data -SupportedCommand ...: skip to the block
                while self.i < self.n and self.src[self.i] != "{":
                    self.i += 1
            body = self.parse_statement_block()
            return A.DataStatementAst(start, self.i, body, variable)
        if kw in ("class", "enum"):
            return self.parse_type_definition(kw, start, [])
        if kw == "using":
            # `using module X` imports X; `using namespace X` / `using assembly X` change nothing here (types
            # resolve by short name)
            self.skip()
            m = WORD_RE.match(self.src, self.i)
            kind = m.group(0).lower() if m is not None else ""
            if m is not None:
                self.i = m.end()
            self.skip()
            name_start = self.i
            while self.i < self.n and self.src[self.i] not in "\r\n;":
                self.i += 1
            name = self.src[name_start:self.i].strip().strip("'\"")
            return A.UsingStatementAst(start, self.i, kind, name) if kind == "module" and name else None
        raise self.error(f"'{kw}' definitions are not supported by this shell yet.", "UnsupportedStatement", start,
                         length=len(kw))

    def parse_condition(self, keyword: str) -> A.Ast:
        self.skip_nl()
        if not self.src.startswith("(", self.i):
            raise self.missing(f"Missing '(' after '{keyword}' in {keyword} statement.", "MissingOpenParenthesisInIfStatement")
        self.i += 1
        self.skip_nl()
        if self.i >= self.n:
            raise self.eof_error(f"Missing condition in {keyword} statement after '{keyword} ('.", "IfStatementMissingCondition")
        if self.src.startswith(")", self.i):
            raise self.error(f"Missing condition in {keyword} statement after '{keyword} ('.", "IfStatementMissingCondition")
        cond = self.parse_pipeline_statement()
        self.skip_nl()
        if not self.src.startswith(")", self.i):
            raise self.missing(f"Missing closing ')' after expression in '{keyword}' statement.", "MissingEndParenthesisAfterStatement")
        self.i += 1
        return cond

    def parse_if(self, start: int) -> A.Ast:
        clauses: list[tuple[A.Ast, list[A.Ast]]] = []
        cond = self.parse_condition("if")
        self.skip_nl()
        clauses.append((cond, self.parse_statement_block()))
        else_body = None
        while True:
            save = self.i
            self.skip_nl()
            kw = self.keyword_at()
            if kw == "elseif":
                self.i += 6
                cond = self.parse_condition("elseif")
                self.skip_nl()
                clauses.append((cond, self.parse_statement_block()))
                continue
            if kw == "else":
                self.i += 4
                self.skip_nl()
                if self.keyword_at() == "if":
                    # `else if` is not PowerShell, but pwsh reports it clearly; keep the same message.
                    raise self.error("Missing statement block after 'else'.", "MissingElseClause")
                else_body = self.parse_statement_block()
                break
            self.i = save
            break
        return A.IfStatementAst(start, self.i, clauses, else_body)

    def parse_while(self, start: int, label: str | None) -> A.Ast:
        cond = self.parse_condition("while")
        self.skip_nl()
        body = self.parse_statement_block()
        return A.WhileStatementAst(start, self.i, label, cond, body)

    def parse_do(self, start: int, label: str | None) -> A.Ast:
        self.skip_nl()
        body = self.parse_statement_block()
        self.skip_nl()
        kw = self.keyword_at()
        if kw not in ("while", "until"):
            raise self.missing("Missing while or until keyword in do loop.", "MissingWhileOrUntilInDoWhile")
        self.i += len(kw)
        cond = self.parse_condition(kw)
        return A.DoLoopStatementAst(start, self.i, label, cond, body, kw == "until")

    def parse_for(self, start: int, label: str | None) -> A.Ast:
        self.skip_nl()
        self.expect("(", "Missing opening '(' after keyword 'for'.", "MissingOpenParenthesisAfterKeyword")
        parts: list[A.Ast | None] = []
        for index in range(3):
            self.skip_nl()
            part = None
            if self.peek() not in (";", ")", ""):
                part = self.parse_pipeline_statement()
            parts.append(part)
            self.skip()
            if index < 2:
                if self.peek() in (";", "\n", "\r"):
                    self.i += 1
                elif self.src.startswith(")", self.i):
                    parts.extend([None] * (2 - index))
                    break
        self.skip_nl()
        self.expect(")", "Missing closing ')' after expression in 'for' statement.", "MissingEndParenthesisAfterStatement")
        self.skip_nl()
        body = self.parse_statement_block()
        return A.ForStatementAst(start, self.i, label, parts[0], parts[1], parts[2], body)

    def parse_foreach(self, start: int, label: str | None) -> A.Ast:
        self.skip_nl()
        # foreach -parallel / -throttlelimit are workflow-only; not supported
        self.expect("(", "Missing opening '(' after keyword 'foreach'.", "MissingOpenParenthesisAfterKeyword")
        self.skip_nl()
        if not self.src.startswith("$", self.i):
            raise self.error("Missing variable name after foreach.", "MissingVariableNameAfterForeach")
        var = self.parse_variable()
        self.skip_nl()
        if self.keyword_at() != "in":
            raise self.missing("Missing 'in' after variable in foreach loop.", "MissingInInForeach")
        self.i += 2
        self.skip_nl()
        iterable = self.parse_pipeline_statement()
        self.skip_nl()
        self.expect(")", "Missing closing ')' after expression in 'foreach' statement.", "MissingEndParenthesisAfterForeach")
        self.skip_nl()
        body = self.parse_statement_block()
        return A.ForEachStatementAst(start, self.i, label, var, iterable, body)

    def parse_switch(self, start: int, label: str | None) -> A.Ast:
        flags: dict[str, bool] = {}
        file_expr = None
        while True:
            self.skip_nl()
            m = DASH_WORD_RE.match(self.src, self.i)
            if m is None:
                break
            name = m.group(1).lower()
            self.i = m.end()
            for option in ("regex", "wildcard", "exact", "casesensitive", "file", "parallel"):
                if option.startswith(name):
                    name = option
                    break
            else:
                raise self.error(f"'-{m.group(1)}' is not a valid switch option.", "InvalidSwitchFlag", m.start())
            flags[name] = True
            if name == "file":
                self.skip()
                file_expr = self.parse_command_argument()
        condition = None
        self.skip_nl()
        if file_expr is None:
            condition = self.parse_condition("switch")
        self.skip_nl()
        if not self.src.startswith("{", self.i):
            raise self.missing("Missing opening '{' in switch statement.", "MissingCurlyBraceInSwitchStatement")
        open_pos = self.i
        self.i += 1
        clauses: list[tuple[A.Ast, list[A.Ast]]] = []
        default = None
        while True:
            self.skip_nl_semi()
            if self.src.startswith("}", self.i):
                self.i += 1
                break
            if self.i >= self.n:
                raise self.eof_error("Missing closing '}' in statement block or type definition.", "MissingEndCurlyBrace", open_pos)
            clause_start = self.i
            is_default = False
            if self.keyword_at() is None:
                m = re.compile(r"default(?![A-Za-z0-9_\-])", re.I).match(self.src, self.i)
                if m is not None:
                    save = self.i
                    self.i = m.end()
                    self.skip_nl()
                    if self.src.startswith("{", self.i):
                        is_default = True
                    else:
                        self.i = save
            if is_default:
                default = self.parse_statement_block()
                continue
            cond = self.parse_command_argument()
            self.skip_nl()
            if not self.src.startswith("{", self.i):
                if self.i >= self.n:
                    raise self.eof_error("Missing statement block in switch statement clause.", "MissingSwitchStatementClause")
                raise self.error("Missing statement block in switch statement clause.", "MissingSwitchStatementClause", clause_start)
            body = self.parse_statement_block()
            clauses.append((cond, body))
        return A.SwitchStatementAst(start, self.i, label, flags, condition, file_expr, clauses, default)

    def parse_try(self, start: int) -> A.Ast:
        self.skip_nl()
        body = self.parse_statement_block()
        catches: list[A.CatchClauseAst] = []
        finally_body = None
        while True:
            save = self.i
            self.skip_nl()
            kw = self.keyword_at()
            if kw == "catch":
                cstart = self.i
                self.i += 5
                types: list[str] = []
                while True:
                    self.skip_nl()
                    if self.src.startswith("[", self.i):
                        self.i += 1
                        types.append(self.parse_type_name_text())
                        self.expect("]", "Missing type name after '['.", "EndSquareBracketExpectedAtEndOfType")
                        self.skip_nl()
                        if self.src.startswith(",", self.i):
                            self.i += 1
                            continue
                    break
                cbody = self.parse_statement_block()
                catches.append(A.CatchClauseAst(cstart, self.i, types, cbody))
                continue
            if kw == "finally":
                self.i += 7
                self.skip_nl()
                finally_body = self.parse_statement_block()
                break
            self.i = save
            break
        if not catches and finally_body is None:
            raise self.missing("The Try statement is missing its Catch or Finally block.", "MissingCatchOrFinally")
        return A.TryStatementAst(start, self.i, body, catches, finally_body)

    def parse_trap(self, start: int) -> A.Ast:
        self.skip_nl()
        type_name = None
        if self.src.startswith("[", self.i):
            self.i += 1
            type_name = self.parse_type_name_text()
            self.expect("]", "Missing type name after '['.", "EndSquareBracketExpectedAtEndOfType")
            self.skip_nl()
        body = self.parse_statement_block()
        return A.TrapStatementAst(start, self.i, type_name, body)

    def parse_function(self, start: int, is_filter: bool) -> A.Ast:
        self.skip()
        m = FUNC_NAME_RE.match(self.src, self.i)
        if m is None:
            raise self.missing("Missing name after function keyword.", "MissingNameAfterKeyword")
        name = m.group(0)
        self.i = m.end()
        self.skip_nl()
        parameters = None
        if self.src.startswith("(", self.i):
            self.i += 1
            parameters = self.parse_parameter_list(")")
            self.skip_nl()
        body = self.parse_function_body()
        body.is_filter = is_filter
        return A.FunctionDefinitionAst(start, self.i, name, is_filter, parameters, body)

    def parse_function_body(self) -> A.ScriptBlockAst:
        """`{ … }` of a function or a class method (the position is on the `{`; left after the `}`)."""
        if not self.src.startswith("{", self.i):
            raise self.missing("Missing function body in function declaration.", "MissingFunctionBody")
        open_pos = self.i
        self.i += 1
        body = self.parse_script_block_body("}", self.i)
        if not self.src.startswith("}", self.i):
            raise self.eof_error("Missing closing '}' in statement block or type definition.", "MissingEndCurlyBrace", open_pos)
        body.end = self.i
        self.i += 1
        return body
