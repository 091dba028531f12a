"""Cell helpers: markdown, code (with tags and `metadata.azs`), the papermill parameters cell, and the lab's
exercise and self-check cells."""

from __future__ import annotations

from typing import Any

from nbformat.v4 import new_code_cell, new_markdown_cell


def md(text: str) -> Any:
    return new_markdown_cell(text.strip("\n"))


def code(text: str, *tags: str, **azs: Any) -> Any:
    cell = new_code_cell(text.strip("\n"))
    if tags:
        cell.metadata["tags"] = list(tags)
    if azs:
        cell.metadata["azs"] = azs
    return cell


def parameters(text: str) -> Any:
    return code(text, "parameters")


def exercise(text: str, solution: str) -> Any:
    """A cell the learner completes; the tests run `solution` in its place."""
    return code(text, "exercise", solution=solution.strip("\n"))


def check(text: str) -> Any:
    return code(text, "self-check")
