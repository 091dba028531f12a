"""Client factory: SDK clients and a raw ARM client, all on the Hub profile, the CA bundle and our policies.

Every ARM client gets `base_url` and `credential_scopes` from the environment (the SDK defaults point at
public Azure), `connection_verify` from trust.py, the api-version pin (per call) and the trace (per retry).
Compute.Admin, subscriptions and locations have no usable Python package for the Hub profile, so they go
through `ArmClient`, a thin wrapper over azure-mgmt-core's ARMPipelineClient.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .context import AzProfile
from .environment import API_VERSIONS, AzEnvironment
from .errors import azure_errors
from .trust import verify_setting
from azskernel.version import USER_AGENT



@dataclass(frozen=True)
class ArmResponse:
    status: int
    body: Any
    headers: dict[str, str]

    @property
    def items(self) -> list[dict[str, Any]]:
        """The objects of a list answer: a bare JSON array (the admin APIs) or ARM's {"value": [...]}."""
        body = self.body
        values = body if isinstance(body, list) else body.get("value", []) if isinstance(body, dict) else []
        return [v for v in values if isinstance(v, dict)]


@dataclass
class Connection:
    """What every operation needs to reach a stamp: environment, credential, subscription, TLS, trace."""

    environment: AzEnvironment
    credential: Any
    subscription_id: str
    verify: str | bool
    verbose: Callable[[str], None] | None = None

    @classmethod
    def of(cls, profile: AzProfile, subscription_id: str | None = None, verbose: Callable[[str], None] | None = None) -> Connection:
        ctx, env, credential = profile.require()
        sub = subscription_id or (ctx.subscription.id if ctx.subscription else "")
        return cls(env, credential, sub, verify_setting(profile.folder), verbose)

    @property
    def arm_url(self) -> str:
        return self.environment.resource_manager_url

    def _mgmt_kwargs(self) -> dict[str, Any]:
        from .policies import ApiVersionPinPolicy, TracePolicy

        return {
            "base_url": self.arm_url,
            "credential_scopes": self.environment.scopes(),
            "connection_verify": self.verify,
            "per_call_policies": [ApiVersionPinPolicy()],
            "per_retry_policies": [TracePolicy(self.verbose)],
            "user_agent": USER_AGENT,
        }

    def resources(self) -> Any:
        from azure.mgmt.resource.resources import ResourceManagementClient

        return ResourceManagementClient(
            self.credential, self.subscription_id, api_version=API_VERSIONS["Microsoft.Resources"], **self._mgmt_kwargs()
        )

    def storage(self) -> Any:
        from azure.mgmt.storage import StorageManagementClient

        return StorageManagementClient(
            self.credential, self.subscription_id, api_version=API_VERSIONS["Microsoft.Storage"], **self._mgmt_kwargs()
        )

    def compute(self) -> Any:
        """azure-mgmt-compute ignores a client-level api_version: callers pass `api_version=COMPUTE` per call
        (the pin policy would rewrite it anyway)."""
        from azure.mgmt.compute import ComputeManagementClient

        return ComputeManagementClient(self.credential, self.subscription_id, **self._mgmt_kwargs())

    def arm(self) -> ArmClient:
        return ArmClient(self)


COMPUTE = API_VERSIONS["Microsoft.Compute"]


class ArmClient:
    """Raw ARM requests with the same pipeline as the SDK clients; the api-version comes from the pin."""

    def __init__(self, conn: Connection) -> None:
        from azure.core.pipeline.policies import (
            ContentDecodePolicy,
            HeadersPolicy,
            NetworkTraceLoggingPolicy,
            ProxyPolicy,
            RequestIdPolicy,
            RetryPolicy,
            UserAgentPolicy,
        )
        from azure.mgmt.core import ARMPipelineClient
        from azure.mgmt.core.policies import ARMChallengeAuthenticationPolicy, ARMHttpLoggingPolicy

        from .policies import ApiVersionPinPolicy, TracePolicy

        self.conn = conn
        policies = [
            RequestIdPolicy(),
            HeadersPolicy(),
            UserAgentPolicy(user_agent=USER_AGENT),
            ProxyPolicy(),
            ContentDecodePolicy(),
            ApiVersionPinPolicy(),
            RetryPolicy(retry_total=4, retry_backoff_factor=0.5, retry_backoff_max=20),
            ARMChallengeAuthenticationPolicy(conn.credential, *conn.environment.scopes()),
            TracePolicy(conn.verbose),
            NetworkTraceLoggingPolicy(),
            ARMHttpLoggingPolicy(),
        ]
        self._client = ARMPipelineClient(base_url=conn.arm_url, policies=policies, connection_verify=conn.verify)

    def request(
        self,
        method: str,
        path: str,
        *,
        operation: str,
        body: Any = None,
        ok: tuple[int, ...] = (200, 201, 202, 204),
        allow: tuple[int, ...] = (),
    ) -> ArmResponse:
        """Send and return the response; statuses outside ok+allow raise a translated error."""
        from azure.core.exceptions import HttpResponseError
        from azure.core.rest import HttpRequest

        url = path if path.startswith("https://") else self.conn.arm_url.rstrip("/") + path
        request = HttpRequest(method, url, json=body) if body is not None else HttpRequest(method, url)
        with azure_errors(operation, url=url):
            response = self._client.send_request(request)
            status = response.status_code
            text = response.text() if response.content else ""
            try:
                parsed = json.loads(text) if text else None
            except ValueError:
                parsed = text
            if status not in ok and status not in allow:
                error = HttpResponseError(response=response)
                raise error
        return ArmResponse(status, parsed, dict(response.headers))

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> ArmClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
