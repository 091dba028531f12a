"""Long-running operations: a table of operations and the 202 + Location + Retry-After answers.

An operation is a document (kind `operation`) with a status (InProgress, Succeeded, Failed, Canceled)
and what it acts on; the provider's monitor route reads it and answers 202 until it ends.
"""

from __future__ import annotations

import uuid
from typing import Any

from starlette.responses import Response

from .store import Store

KIND = "operation"
RETRY_AFTER = "1"


def start(store: Store, subscription: str, target: dict[str, Any]) -> str:
    op_id = str(uuid.uuid4())
    store.put(KIND, subscription, op_id, {"id": op_id, "subscription": subscription, "status": "InProgress",
                                          "target": target})
    return op_id


def finish(store: Store, subscription: str, op_id: str, status: str, error: dict[str, Any] | None = None) -> None:
    doc = store.get(KIND, subscription, op_id)
    if doc is not None:
        doc["status"] = status
        if error is not None:
            doc["error"] = error
        store.put(KIND, subscription, op_id, doc)


def get(store: Store, subscription: str, op_id: str) -> dict[str, Any] | None:
    return store.get(KIND, subscription, op_id)


def accepted(location: str, body: bytes = b"") -> Response:
    """202 with the headers ARM clients poll by; Retry-After 1 because 0 means 'absent' (30 s) to azure-core."""
    return Response(body, 202, headers={"Location": location, "Retry-After": RETRY_AFTER},
                    media_type="application/json" if body else None)


def still_running() -> Response:
    return Response(b"", 202, headers={"Retry-After": RETRY_AFTER})
