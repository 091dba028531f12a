"""Reading JSON as ConvertFrom-Json does (Newtonsoft's reader): strict JSON goes through the standard library;
what Newtonsoft also accepts — single-quoted strings, unquoted property names, comments, trailing commas — goes
through the small reader below. Integers are Int64 (BigInteger beyond it), other numbers doubles.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

from azskernel.language.numbers import BigInteger, Int64

_INT64 = (-(2**63), 2**63 - 1)


def _integer(text: str) -> int:
    value = int(text)
    return Int64(value) if _INT64[0] <= value <= _INT64[1] else BigInteger(value)


class JsonReadError(ValueError):
    """Newtonsoft-style: the message, then the path, line and position."""

    def __init__(self, message: str, line: int, position: int) -> None:
        super().__init__(f"{message} Path '', line {line}, position {position}.")


def read_json(text: str, pairs: Callable[[list[tuple[str, Any]]], Any] | None) -> Any:
    """The data of a JSON text; `pairs` builds each object from its (name, value) pairs (a dict when None)."""
    try:
        return json.loads(text, object_pairs_hook=pairs, parse_int=_integer, parse_float=float)
    except json.JSONDecodeError:
        pass
    reader = _Reader(text, pairs or dict)
    value = reader.value()
    reader.blank()
    if reader.i < len(text):
        raise reader.error("Additional text encountered after finished reading JSON content: " + text[reader.i] + ".")
    return value


_NUMBER = re.compile(r"-?(?:\d+)(?:\.\d+)?(?:[eE][+-]?\d+)?")
_NAME = re.compile(r"[A-Za-z_$][A-Za-z0-9_$]*")
_ESCAPES = {"b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t", "/": "/", "\\": "\\", '"': '"', "'": "'"}


class _Reader:
    def __init__(self, text: str, pairs: Callable[[list[tuple[str, Any]]], Any]) -> None:
        self.text = text
        self.i = 0
        self.pairs = pairs

    def error(self, message: str) -> JsonReadError:
        line = self.text.count("\n", 0, self.i) + 1
        position = self.i - (self.text.rfind("\n", 0, self.i) + 1)
        return JsonReadError(message, line, position)

    def blank(self) -> None:
        text, n = self.text, len(self.text)
        while self.i < n:
            c = text[self.i]
            if c.isspace():
                self.i += 1
            elif text.startswith("//", self.i):
                end = text.find("\n", self.i)
                self.i = n if end < 0 else end + 1
            elif text.startswith("/*", self.i):
                end = text.find("*/", self.i + 2)
                if end < 0:
                    raise self.error("Unexpected end while parsing comment.")
                self.i = end + 2
            else:
                return

    def value(self) -> Any:
        self.blank()
        if self.i >= len(self.text):
            raise self.error("Unexpected end when reading JSON.")
        c = self.text[self.i]
        if c == "{":
            return self.object()
        if c == "[":
            return self.array()
        if c in "\"'":
            return self.string()
        m = _NUMBER.match(self.text, self.i)
        if m is not None:
            self.i = m.end()
            number = m.group(0)
            return float(number) if any(x in number for x in ".eE") else _integer(number)
        for word, value in (("true", True), ("false", False), ("null", None), ("undefined", None),
                            ("NaN", float("nan")), ("Infinity", float("inf")), ("-Infinity", float("-inf"))):
            if self.text.startswith(word, self.i):
                self.i += len(word)
                return value
        raise self.error(f"Unexpected character encountered while parsing value: {c}.")

    def string(self) -> str:
        quote = self.text[self.i]
        self.i += 1
        out: list[str] = []
        text, n = self.text, len(self.text)
        while self.i < n:
            c = text[self.i]
            if c == quote:
                self.i += 1
                return "".join(out)
            if c == "\\":
                escape = text[self.i + 1:self.i + 2]
                if escape == "u":
                    out.append(chr(int(text[self.i + 2:self.i + 6], 16)))
                    self.i += 6
                    continue
                if escape not in _ESCAPES:
                    raise self.error(f"Bad JSON escape sequence: \\{escape}.")
                out.append(_ESCAPES[escape])
                self.i += 2
                continue
            out.append(c)
            self.i += 1
        raise self.error("Unterminated string. Expected delimiter: " + quote + ".")

    def array(self) -> list[Any]:
        self.i += 1
        items: list[Any] = []
        while True:
            self.blank()
            if self.text.startswith("]", self.i):
                self.i += 1
                return items
            items.append(self.value())
            self.blank()
            if self.text.startswith(",", self.i):
                self.i += 1
            elif not self.text.startswith("]", self.i):
                raise self.error("After parsing a value an unexpected character was encountered: "
                                 + self.text[self.i:self.i + 1] + ".")

    def object(self) -> Any:
        self.i += 1
        pairs: list[tuple[str, Any]] = []
        while True:
            self.blank()
            if self.text.startswith("}", self.i):
                self.i += 1
                return self.pairs(pairs)
            if self.text[self.i:self.i + 1] in ("\"", "'"):
                name = self.string()
            else:
                m = _NAME.match(self.text, self.i)
                if m is None:
                    raise self.error("Invalid property identifier character: " + self.text[self.i:self.i + 1] + ".")
                name = m.group(0)
                self.i = m.end()
            self.blank()
            if not self.text.startswith(":", self.i):
                raise self.error("Invalid character after parsing property name. Expected ':' but got: "
                                 + self.text[self.i:self.i + 1] + ".")
            self.i += 1
            pairs.append((name, self.value()))
            self.blank()
            if self.text.startswith(",", self.i):
                self.i += 1
            elif not self.text.startswith("}", self.i):
                raise self.error("After parsing a value an unexpected character was encountered: "
                                 + self.text[self.i:self.i + 1] + ".")


__all__ = ["JsonReadError", "read_json"]
