"""SansIO policies added to every SDK pipeline: the Hub API-version pin and the Verbose-stream trace.

The pin is the single truth about which api-version each provider gets: azure-mgmt-compute ignores a
client-level version, so the policy rewrites the `api-version` query of every ARM request from the
provider namespace in its path. The trace writes one redacted line per request/response to a sink (the
cmdlet's -Verbose stream) and remembers the last URL so that a connection failure can name its endpoint.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from contextvars import ContextVar
from typing import Any

from azure.core.pipeline import PipelineRequest, PipelineResponse
from azure.core.pipeline.policies import SansIOHTTPPolicy

from .environment import API_VERSIONS
from .redaction import redact

LAST_URL: ContextVar[str | None] = ContextVar("azs_last_request_url", default=None)
"""The URL of the last request sent in this context; errors.azure_errors names its endpoint."""

_PROVIDER = re.compile(r"/providers/([A-Za-z0-9.]+)", re.IGNORECASE)
_SUBSCRIPTIONS = re.compile(r"^/(tenants|subscriptions)(/[^/]+(/locations)?)?/?$")
_API_VERSION = re.compile(r"([?&])api-version=[^&]*", re.IGNORECASE)
_BY_LOWER = {k.lower(): v for k, v in API_VERSIONS.items()}


def pinned_version(path: str) -> str | None:
    """The api-version the Hub profile uses for an ARM path, or None when the path is not ARM's."""
    lowered = path.lower()
    if lowered.startswith("/metadata/"):
        return None
    providers = _PROVIDER.findall(path)
    if providers:
        return _BY_LOWER.get(providers[-1].lower())
    if "/resourcegroups" in lowered:
        return API_VERSIONS["Microsoft.Resources"]
    if _SUBSCRIPTIONS.match(lowered):
        return API_VERSIONS["subscriptions"]
    # Anything else (operation results of a long-running call...) keeps the version its issuer gave it.
    return None


def pin_url(url: str) -> str:
    from urllib.parse import urlsplit

    parts = urlsplit(url)
    version = pinned_version(parts.path)
    if version is None:
        return url
    if _API_VERSION.search(url):
        return _API_VERSION.sub(lambda m: f"{m.group(1)}api-version={version}", url, count=1)
    return f"{url}{'&' if parts.query else '?'}api-version={version}"


class ApiVersionPinPolicy(SansIOHTTPPolicy):  # type: ignore[type-arg]
    def on_request(self, request: PipelineRequest[Any]) -> None:
        request.http_request.url = pin_url(request.http_request.url)


class TracePolicy(SansIOHTTPPolicy):  # type: ignore[type-arg]
    """Per-retry: one verbose line per attempt, secrets redacted."""

    def __init__(self, sink: Callable[[str], None] | None = None) -> None:
        self._sink = sink

    def on_request(self, request: PipelineRequest[Any]) -> None:
        url = request.http_request.url
        LAST_URL.set(url)
        request.context["azs_started"] = time.monotonic()
        if self._sink:
            self._sink(f"HTTP {request.http_request.method} {redact(url)}")

    def on_response(self, request: PipelineRequest[Any], response: PipelineResponse[Any, Any]) -> None:
        if self._sink:
            started = request.context.get("azs_started") or time.monotonic()
            elapsed = int((time.monotonic() - started) * 1000)
            http = response.http_response
            self._sink(f"HTTP {http.status_code} {http.reason or ''} ({elapsed} ms)".replace("  ", " "))


def storage_hooks(sink: Callable[[str], None] | None) -> dict[str, Any]:
    """azure-storage-blob takes request/response hooks instead of extra policies."""

    def on_request(request: Any) -> None:
        url = request.http_request.url
        LAST_URL.set(url)
        if sink:
            sink(f"HTTP {request.http_request.method} {redact(url)}")

    def on_response(response: Any) -> None:
        if sink:
            http = response.http_response
            sink(f"HTTP {http.status_code} {http.reason or ''}".rstrip())

    return {"raw_request_hook": on_request, "raw_response_hook": on_response}
