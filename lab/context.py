"""The running lab as handlers see it: config, store, token issuer, Azurite supervisor, faults, tasks.

Passed explicitly to every handler (through `Call.lab`); there is no module-level singleton.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Coroutine
from dataclasses import dataclass, field
from typing import Any, Literal

from starlette.requests import Request

from .azurite import AzuriteSupervisor
from .config import LabConfig, LabPaths
from .errors import ArmError
from .faults import Faults
from .identity.principal import ServicePrincipal
from .identity.tokens import TokenIssuer
from .store import Store

log = logging.getLogger("azslab")


@dataclass
class Lab:
    config: LabConfig
    paths: LabPaths
    store: Store
    issuer: TokenIssuer
    principal: ServicePrincipal
    azurite: AzuriteSupervisor
    faults: Faults
    tasks: dict[str, asyncio.Task[Any]] = field(default_factory=dict)
    group_cleanup: list[Callable[[Lab, str, str], Awaitable[None]]] = field(default_factory=list)
    """Providers' hooks deleting what a resource group holds before the group goes."""

    def subscription_for(self, side: Literal["admin", "user"]) -> str:
        return self.config.admin_subscription if side == "admin" else self.config.user_subscription

    def audience_for(self, side: Literal["admin", "user"]) -> str:
        return self.config.admin_audience if side == "admin" else self.config.user_audience

    def arm_endpoint(self, side: Literal["admin", "user"]) -> str:
        return self.config.admin_arm if side == "admin" else self.config.user_arm

    def authenticate(self, request: Request, side: Literal["admin", "user"]) -> dict[str, Any]:
        header = request.headers.get("authorization", "")
        scheme, _, token = header.partition(" ")
        challenge = {
            "WWW-Authenticate": f'Bearer authorization_uri="{self.config.login_endpoint}", '
                                'error="invalid_token", error_description="The authentication failed"'
        }
        if scheme.lower() != "bearer" or not token.strip():
            raise ArmError(401, "AuthenticationFailed",
                           "Authentication failed. The 'Authorization' header is missing.", headers=challenge)
        try:
            return self.issuer.verify(token.strip(), self.audience_for(side))
        except ArmError as exc:
            exc.headers.update(challenge)
            raise

    def spawn(self, key: str, coro: Coroutine[Any, Any, Any]) -> None:
        """Run a background job (provisioning, account creation) keyed so it can be cancelled."""
        old = self.tasks.pop(key, None)
        if old is not None:
            old.cancel()
        task = asyncio.get_running_loop().create_task(coro)
        self.tasks[key] = task

        def done(t: asyncio.Task[Any]) -> None:
            if self.tasks.get(key) is t:
                del self.tasks[key]
            if not t.cancelled() and t.exception() is not None:
                log.error("background job %s failed: %r", key, t.exception())

        task.add_done_callback(done)

    def cancel(self, key: str) -> None:
        task = self.tasks.pop(key, None)
        if task is not None:
            task.cancel()
