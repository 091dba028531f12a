"""ARM operation table and dispatch: case-insensitive paths, bearer token check, api-version check.

Operations are declared as data (method, path template, handler, api-versions, side); one engine
matches them. Order of checks follows ARM: route, then token, then api-version, then the handler.
"""

from __future__ import annotations

import json
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Literal

from starlette.requests import Request
from starlette.responses import Response

from ..errors import ArmError, api_version_error, invalid_body

if TYPE_CHECKING:
    from ..context import Lab

Side = Literal["admin", "user", "both"]
Handler = Callable[["Call"], Awaitable[Response]]

API_SUBSCRIPTIONS = ("2016-06-01",)
API_RESOURCES = ("2019-10-01",)
API_STORAGE = ("2019-06-01",)
API_COMPUTE = ("2020-06-01",)
API_COMPUTE_ADMIN = ("2015-12-01-preview",)
API_METADATA = ("1.0", "2015-01-01")
"""What Hub documents (azure-stack-powershell-configure-admin.md, azure-stack-rest-api-use.md) and Az.Accounts sends."""
API_METADATA_LAX = ("2019-05-01", "2022-09-01")
"""Newer shapes public Azure serves; undocumented for a Hub, so only a lax lab (`azs lab up --lax`) answers them."""


@dataclass(frozen=True)
class Operation:
    method: str
    template: str
    handler: Handler
    api_versions: tuple[str, ...]
    side: Side = "both"
    anonymous: bool = False
    lax_versions: tuple[str, ...] = ()
    """Also accepted by a lax lab; a strict one answers them as ARM answers a version it does not serve."""


@dataclass
class Call:
    """One ARM request as handlers see it."""

    request: Request
    lab: Lab
    side: Literal["admin", "user"]
    params: dict[str, str]
    api_version: str
    claims: dict[str, Any] = field(default_factory=dict)

    @property
    def subscription(self) -> str:
        return self.lab.subscription_for(self.side)

    async def json_body(self) -> dict[str, Any]:
        raw = await self.request.body()
        if not raw.strip():
            raise invalid_body("The request content is empty; a JSON object is required.")
        try:
            body = json.loads(raw)
        except ValueError as exc:
            raise invalid_body(f"The request content is not valid JSON: {exc}.") from None
        except RecursionError:
            raise invalid_body("The request content was invalid and could not be deserialized: it is nested "
                               "too deeply.") from None
        if not isinstance(body, dict):
            raise invalid_body("The request content must be a JSON object.")
        return body

    def base_url(self) -> str:
        return str(self.request.base_url).rstrip("/")


def _compile(template: str) -> re.Pattern[str]:
    parts = re.split(r"(\{[a-zA-Z_]+\})", template.rstrip("/"))
    regex = "".join(f"(?P<{p[1:-1]}>[^/]+)" if p.startswith("{") else re.escape(p) for p in parts)
    return re.compile(f"^{regex}/?$", re.IGNORECASE)


class ArmRouter:
    def __init__(self, operations: list[Operation]) -> None:
        self._table = [(_compile(op.template), op) for op in operations]

    def match(self, method: str, path: str, side: str) -> tuple[Operation, dict[str, str]] | None:
        """The operation for the request; raises 405 when the path exists for other methods only."""
        allowed: list[str] = []
        for pattern, op in self._table:
            if op.side not in ("both", side):
                continue
            m = pattern.match(path)
            if m is None:
                continue
            if op.method == method or (method == "HEAD" and op.method == "GET" and not self._has_head(path)):
                return op, m.groupdict()
            allowed.append(op.method)
        if allowed:
            raise ArmError(405, "MethodNotAllowed",
                           f"The requested resource does not support http method '{method}'.",
                           headers={"Allow": ", ".join(sorted(set(allowed)))})
        return None

    def _has_head(self, path: str) -> bool:
        """HEAD falls back to GET unless an explicit HEAD operation exists (resource group existence)."""
        return any(op.method == "HEAD" and pattern.match(path) for pattern, op in self._table)


async def dispatch(router: ArmRouter, lab: Lab, side: Literal["admin", "user"], request: Request) -> Response:
    path = request.url.path
    found = router.match(request.method, path, side)
    claims: dict[str, Any] = {}
    if found is None or not found[0].anonymous:
        claims = lab.authenticate(request, side)
    if found is None:
        raise ArmError(404, "InvalidResourceType",
                       f"No route for '{request.method} {path}' on the {side} ARM endpoint of this stamp.")
    op, params = found
    given = request.query_params.get("api-version")
    served = op.api_versions if lab.config.strict else op.api_versions + op.lax_versions
    if given not in served:
        raise api_version_error(given, served)
    return await op.handler(Call(request, lab, side, params, given or "", claims))
