"""Starlette assembly: the admin ARM, user ARM and login apps, and the one ARM-error exception handler.

ArmError -> `{"error": {...}}` with its status and headers; EmptyNotFound -> 404 with no body; anything
else -> 500 InternalServerError without internals (the traceback goes to the lab's log).
"""

from __future__ import annotations

import logging
import uuid
from typing import Literal

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import BaseRoute, Route
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .arm import metadata, subscriptions
from .arm.routing import ArmRouter, Operation, dispatch
from .context import Lab
from .errors import ArmError, EmptyNotFound
from .faults import LAB_CREDENTIAL_HEADER, FaultConfigError, FaultMiddleware
from .identity import adfs, entra
from .identity.oauth import OAuthServer, device_approve, device_page
from .providers.compute import routes as compute_routes
from .providers.compute_admin import routes as compute_admin_routes
from .providers.gallery_admin import routes as gallery_admin_routes
from .providers.storage import routes as storage_routes

log = logging.getLogger("azslab")
METHODS = ["GET", "PUT", "POST", "DELETE", "PATCH", "HEAD"]


def operations() -> list[Operation]:
    return [*metadata.OPERATIONS, *subscriptions.OPERATIONS, *storage_routes.OPERATIONS,
            *compute_admin_routes.OPERATIONS, *compute_routes.OPERATIONS, *gallery_admin_routes.OPERATIONS]


async def arm_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, ArmError)
    if request.method == "HEAD":
        return Response(status_code=exc.status, headers=exc.headers)
    return JSONResponse(exc.body(), exc.status, headers=exc.headers)


async def empty_not_found(request: Request, exc: Exception) -> Response:
    return Response(b"", 404)


async def internal_error(request: Request, exc: Exception) -> Response:
    log.exception("unexpected error on %s %s", request.method, request.url.path)
    return JSONResponse({"error": {"code": "InternalServerError",
                                   "message": "The lab hit an unexpected error; its log has the details."}}, 500)


class RequestIds:
    """ARM's tracing headers on every answer, so client error messages carry them as on a stamp."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        given = dict(scope["headers"]).get(b"x-ms-correlation-request-id")
        correlation = given or str(uuid.uuid4()).encode()

        async def with_ids(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), (b"x-ms-request-id", str(uuid.uuid4()).encode()),
                                      (b"x-ms-correlation-request-id", correlation)]
            await send(message)

        await self.app(scope, receive, with_ids)


HANDLERS = {ArmError: arm_error, EmptyNotFound: empty_not_found, Exception: internal_error}


def _lab_routes(lab: Lab) -> list[BaseRoute]:
    def require_credential(request: Request) -> None:
        # Faults can make any caller's uploads and sign-ins fail: only whoever can read the 0600 data folder
        # (`azs lab faults`, azslab.testing) may read or change them, as with a device login's approval.
        given = request.headers.get(LAB_CREDENTIAL_HEADER, "")
        if not given or not lab.principal.secret_matches(given):
            raise ArmError(401, "LabCredentialRequired",
                           "The lab's fault injection needs the lab's credential: use `azs lab faults`, which reads "
                           "it from the lab's data folder.")

    async def faults(request: Request) -> Response:
        require_credential(request)
        try:
            if request.method == "PUT":
                lab.faults.configure(await request.json())
            elif request.method == "DELETE":
                lab.faults.configure({})
        except (FaultConfigError, ValueError) as exc:
            raise ArmError(400, "InvalidFaultConfiguration", str(exc)) from None
        except RecursionError:
            raise ArmError(400, "InvalidFaultConfiguration", "The configuration is nested too deeply.") from None
        return JSONResponse(lab.faults.to_json())

    async def add_rule(request: Request) -> Response:
        require_credential(request)
        try:
            lab.faults.add_rule(await request.json())
        except (FaultConfigError, ValueError) as exc:
            raise ArmError(400, "InvalidFaultConfiguration", str(exc)) from None
        except RecursionError:
            raise ArmError(400, "InvalidFaultConfiguration", "The rule is nested too deeply.") from None
        return JSONResponse(lab.faults.to_json(), 201)

    async def health(request: Request) -> Response:
        return JSONResponse({"status": "ok", "azuritePid": lab.azurite.pid})

    return [Route("/_lab/faults", faults, methods=["GET", "PUT", "DELETE"]),
            Route("/_lab/faults/rules", add_rule, methods=["POST"]),
            Route("/_lab/health", health)]


def arm_app(lab: Lab, side: Literal["admin", "user"], router: ArmRouter) -> Starlette:
    async def endpoint(request: Request) -> Response:
        return await dispatch(router, lab, side, request)

    routes: list[BaseRoute] = _lab_routes(lab) if side == "admin" else []
    routes += gallery_admin_routes.artifact_routes(lab)
    routes.append(Route("/{path:path}", endpoint, methods=METHODS))
    app = Starlette(routes=routes, exception_handlers=HANDLERS)
    app.add_middleware(FaultMiddleware, faults=lab.faults)
    app.add_middleware(RequestIds)
    return app


def oauth_server(lab: Lab) -> OAuthServer:
    cfg = lab.config
    token_url = (f"{cfg.login_host}/adfs/oauth2/token/" if cfg.identity == "adfs"
                 else f"{cfg.login_host}/{cfg.tenant_id}/oauth2/v2.0/token")
    return OAuthServer(lab.issuer, lab.principal, (cfg.admin_audience, cfg.user_audience), cfg.login_host, token_url,
                       identity=cfg.identity, tenant=cfg.tenant_id)


def login_app(lab: Lab, server: OAuthServer) -> Starlette:
    cfg = lab.config

    async def approve(request: Request) -> Response:
        return await device_approve(server, request)

    routes: list[BaseRoute] = [Route("/device", device_page), Route("/device/approve", approve, methods=["POST"])]
    if cfg.identity == "adfs":
        routes += adfs.routes(server, cfg.login_host)
    else:
        routes += entra.routes(server, cfg.login_host, cfg.tenant_id)
    app = Starlette(routes=routes, exception_handlers=HANDLERS)
    app.add_middleware(FaultMiddleware, faults=lab.faults)
    return app


def create_apps(lab: Lab) -> dict[str, Starlette]:
    router = ArmRouter(operations())
    return {"admin": arm_app(lab, "admin", router), "user": arm_app(lab, "user", router),
            "login": login_app(lab, oauth_server(lab))}
