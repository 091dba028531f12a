"""A `*.Recording.json` of Microsoft's operator modules read as an ordered list of exchanges.

The file is a JSON object whose keys are `Cmdlet+[NoContext]+TestName+$METHOD+URI+N` and whose values hold
`Request` and `Response`; one entry of the gallery recordings is flattened (the request's fields beside
`Response`), so both shapes are read. Headers are lower-cased and keep their first value.
"""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any


def _headers(*groups: dict[str, list[str]] | None) -> dict[str, str]:
    out: dict[str, str] = {}
    for group in groups:
        for name, values in (group or {}).items():
            out[name.lower()] = values[0] if isinstance(values, list) and values else str(values)
    return out


def _text(content: str | None, base64_encoded: bool) -> str | None:
    if content is None or content == "":
        return None
    return base64.b64decode(content).decode("utf-8") if base64_encoded else content


@dataclass(frozen=True)
class Exchange:
    """One request the module sent and what the stamp answered."""

    index: int
    """Position in the recording (the order the module sent them)."""
    test: str
    """The Pester test that sent it."""
    method: str
    uri: str
    request_text: str | None
    status: int
    headers: dict[str, str]
    """Response headers and content headers, lower-cased names."""
    text: str | None
    """The response body as recorded (None when empty)."""
    flattened: bool = False
    """The entry has no Request object (its fields sit beside Response)."""

    @property
    def request_body(self) -> Any:
        return json.loads(self.request_text) if self.request_text else None

    @property
    def answer(self) -> Any:
        return json.loads(self.text) if self.text else None

    @property
    def label(self) -> str:
        return f"#{self.index} {self.test} {self.method} {self.uri.split('?')[0].split('/providers/')[-1]}"


@dataclass(frozen=True)
class Recording:
    path: Path
    exchanges: tuple[Exchange, ...]

    @property
    def name(self) -> str:
        """The file name without `.Recording.json` (how the differences table names it)."""
        return self.path.name.removesuffix(".Recording.json")


def load(path: Path) -> Recording:
    raw: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    exchanges = []
    for index, (key, entry) in enumerate(raw.items()):
        request = entry.get("Request") or entry
        response = entry["Response"]
        exchanges.append(Exchange(
            index=index,
            test=key.split("+")[2] if key.count("+") >= 2 else key,
            method=request["Method"].upper(),
            uri=request["RequestUri"],
            request_text=_text(request.get("Content"), bool(request.get("isContentBase64"))),
            status=int(response["StatusCode"]),
            headers=_headers(response.get("Headers"), response.get("ContentHeaders")),
            text=_text(response.get("Content"), bool(response.get("isContentBase64"))),
            flattened="Request" not in entry,
        ))
    return Recording(path, tuple(exchanges))
