"""A small validator for request bodies against swagger-style schemas (the subset the contracts use).

Supports type (object, array, string, integer, boolean), properties, items, enum, format int32 and
readOnly. Unknown properties are accepted, as ARM does; a wrong type or enum value names its JSON path.
"""

from __future__ import annotations

from typing import Any

from .errors import ArmError

Schema = dict[str, Any]
_INT32 = (-(2**31), 2**31 - 1)


def _fail(path: str, message: str) -> ArmError:
    return ArmError(400, "InvalidRequestContent", f"{path}: {message}", path)


def validate(value: Any, schema: Schema, path: str = "body") -> None:
    if value is None:
        return
    kind = schema.get("type")
    if "enum" in schema:
        if value not in schema["enum"]:
            raise _fail(path, f"'{value}' is not one of {', '.join(schema['enum'])}.")
        return
    if kind == "object":
        if not isinstance(value, dict):
            raise _fail(path, "must be a JSON object.")
        for name, sub in schema.get("properties", {}).items():
            if name in value:
                validate(value[name], sub, f"{path}.{name}" if path != "body" else name)
    elif kind == "array":
        if not isinstance(value, list):
            raise _fail(path, "must be a JSON array.")
        for i, item in enumerate(value):
            validate(item, schema.get("items", {}), f"{path}[{i}]")
    elif kind == "string":
        if not isinstance(value, str):
            raise _fail(path, "must be a string.")
    elif kind == "integer":
        if isinstance(value, bool) or not isinstance(value, int):
            raise _fail(path, "must be an integer.")
        if schema.get("format") == "int32" and not _INT32[0] <= value <= _INT32[1]:
            raise _fail(path, "is out of the int32 range.")
    elif kind == "boolean":
        if not isinstance(value, bool):
            raise _fail(path, "must be true or false.")
