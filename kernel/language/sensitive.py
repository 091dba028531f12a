"""Which lines of PowerShell may hold a secret, and so stay out of every history that outlives the session.

PSReadLine's rule (`GetDefaultAddToHistoryOption`, PSReadLine/History.cs): a line that matches
`password|asplaintext|token|apikey|secret` (any case) is looked at through its syntax tree, and kept out of
the file (but in the session's memory, so Up-arrow still recalls it) unless every match is harmless:
- a variable that is only read, or assigned from a command (`$token = Get-Secret`), is harmless; one
  assigned anything else (`$token = 'abc'`) is not;
- the name of a SecretManagement command (`Get-Secret ...`) is harmless, with the rest of that command;
- a property read (`$cred.Password`), or one assigned from a command or a variable, is harmless;
- `-AsPlainText` is never harmless; another parameter is harmless with no argument (a switch), with a
  variable as argument (`-Token $t`) or with a command in parentheses (`-Token (Get-Secret)`);
- any other match, or a line that does not parse, is sensitive.
azs adds what an Azure Stack Hub operator pastes and PSReadLine's words miss: a SAS signature
(`sig=`) and a connection string's `AccountKey=`.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import fields
from typing import Any

from azskernel.language import ParseError, ast, parse

SENSITIVE = re.compile("password|asplaintext|token|apikey|secret", re.IGNORECASE)
"""PSReadLine's `s_sensitivePattern`."""
ALWAYS_SENSITIVE = re.compile(r"(?i)[?&;\s'\"]sig=[^&\s'\"]|AccountKey=[^;\s'\"]|SharedAccessSignature=")
SECRET_MANAGEMENT = frozenset(name.lower() for name in (
    "Get-Secret", "Get-SecretInfo", "Get-SecretVault", "Register-SecretVault", "Remove-Secret", "Set-SecretInfo",
    "Set-SecretVaultDefault", "Test-SecretVault", "Unlock-SecretVault", "Unregister-SecretVault",
))
"""The commands PSReadLine lets through (`s_SecretMgmtCommands`)."""


def is_sensitive(line: str) -> bool:
    """True when `line` must stay out of a history file."""
    if ALWAYS_SENSITIVE.search(line):
        return True
    match = SENSITIVE.search(line)
    if match is None:
        return False
    try:
        tree = parse(line)
    except (ParseError, RecursionError):
        return True
    nodes, parents = _index(tree)
    while match is not None:
        start, end = match.span()
        inner = [n for n in nodes if n.pos <= start and n.end >= end]
        node = inner[-1] if inner else tree
        resume = _harmless(node, parents, line)
        if resume is None:
            return True
        match = SENSITIVE.search(line, resume if resume > start else match.end())
    return False


MARKER = "# [azs: line not saved: it may hold a secret]"
"""What a history holds instead of a sensitive line (a comment in PowerShell and in Python)."""


def masked(line: str) -> str:
    """`MARKER` with the indentation of `line`."""
    return line[: len(line) - len(line.lstrip())] + MARKER


def redact(text: str) -> str:
    """`text` with each sensitive line replaced by `MARKER`."""
    return "\n".join(masked(line) if is_sensitive(line) else line for line in text.split("\n"))


def _harmless(node: Any, parents: dict[int, Any], line: str) -> int | None:
    """Where to look for the next match when this one is harmless (an offset), or None when it is sensitive."""
    parent = parents.get(id(node))
    if isinstance(node, ast.VariableExpressionAst):
        left, rhs = _assignment_side(node, parents)
        return None if left and not _is_command(rhs) else node.end
    if isinstance(node, ast.StringConstantExpressionAst):
        if isinstance(parent, ast.CommandAst) and parent.elements and parent.elements[0] is node \
                and node.value.lower() in SECRET_MANAGEMENT:
            return parent.end
        if isinstance(parent, ast.MemberExpressionAst):
            left, rhs = _assignment_side(parent, parents)
            if not left or _is_command(rhs) or _is_variable(rhs):
                return node.end
        return None
    if isinstance(node, ast.CommandParameterAst):
        if node.name.lower() == "asplaintext":
            return None
        argument = node.argument if node.argument is not None else _next_argument(node, parent)
        if argument is None:
            return node.end
        if isinstance(argument, ast.VariableExpressionAst):
            return argument.end
        if isinstance(argument, ast.ParenExpressionAst) and _is_command(argument.pipeline):
            return node.end
        return None
    return None


def _assignment_side(node: Any, parents: dict[int, Any]) -> tuple[bool, Any]:
    """(is `node` the target of the nearest enclosing assignment, that assignment's right-hand side)."""
    child, parent = node, parents.get(id(node))
    while parent is not None:
        if isinstance(parent, ast.AssignmentStatementAst):
            return parent.left is child, parent.right
        child, parent = parent, parents.get(id(parent))
    return False, None


def _is_command(rhs: Any) -> bool:
    """A command invocation (pwsh's PipelineAst), not an expression statement (its CommandExpressionAst)."""
    if not isinstance(rhs, ast.PipelineAst):
        return False
    return len(rhs.elements) > 1 or any(isinstance(e, ast.CommandAst) for e in rhs.elements)


def _is_variable(rhs: Any) -> bool:
    return (isinstance(rhs, ast.PipelineAst) and len(rhs.elements) == 1
            and isinstance(rhs.elements[0], ast.CommandExpressionAst)
            and isinstance(rhs.elements[0].expression, ast.VariableExpressionAst))


def _next_argument(param: ast.CommandParameterAst, command: Any) -> Any:
    if not isinstance(command, ast.CommandAst):
        return None
    elements = command.elements
    for i, element in enumerate(elements):
        if element is param:
            following = elements[i + 1] if i + 1 < len(elements) else None
            return None if isinstance(following, ast.CommandParameterAst) else following
    return None


def _index(tree: Any) -> tuple[list[Any], dict[int, Any]]:
    """Every node in pre-order (as pwsh's FindAll), and each node's parent."""
    nodes: list[Any] = []
    parents: dict[int, Any] = {}

    def visit(node: Any, parent: Any) -> None:
        nodes.append(node)
        if parent is not None:
            parents[id(node)] = parent
        for child in _children(node):
            visit(child, node)

    visit(tree, None)
    return nodes, parents


def _children(node: Any) -> Iterator[Any]:
    for f in fields(node):
        yield from _nodes_in(getattr(node, f.name))


def _nodes_in(value: Any) -> Iterator[Any]:
    if isinstance(value, ast.Ast):
        yield value
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _nodes_in(item)
