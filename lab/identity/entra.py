"""Entra-shaped identity endpoints under `/{tenant}/`: v2.0 and v1 OIDC documents, token, devicecode.

Clients must pass `disable_instance_discovery=True`: MSAL would otherwise ask the public cloud first.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from .oauth import OAuthServer, devicecode_endpoint, token_endpoint


def openid_configuration(host: str, tenant: str, v2: bool = True) -> dict[str, object]:
    v = "/v2.0" if v2 else ""
    return {
        "issuer": f"{host}/{tenant}/v2.0",
        "authorization_endpoint": f"{host}/{tenant}/oauth2{v}/authorize",
        "token_endpoint": f"{host}/{tenant}/oauth2{v}/token",
        "device_authorization_endpoint": f"{host}/{tenant}/oauth2{v}/devicecode",
        "jwks_uri": f"{host}/{tenant}/discovery{v}/keys",
        "end_session_endpoint": f"{host}/{tenant}/oauth2{v}/logout",
        "tenant_region_scope": "NA",
        "response_types_supported": ["code", "id_token", "code id_token", "id_token token"],
        "subject_types_supported": ["pairwise"],
        "id_token_signing_alg_values_supported": ["RS256"],
        "token_endpoint_auth_methods_supported": ["client_secret_post", "private_key_jwt", "client_secret_basic"],
        "scopes_supported": ["openid", "profile", "email", "offline_access"],
    }


def _unknown_tenant(tenant: str) -> Response:
    return JSONResponse({"error": "invalid_tenant",
                         "error_description": f"Tenant '{tenant}' not found. This stamp's directory has another id."},
                        400)


def routes(server: OAuthServer, host: str, tenant: str) -> list[Route]:
    def checked(handler: Callable[[Request], Awaitable[Response]]) -> Callable[[Request], Awaitable[Response]]:
        async def endpoint(request: Request) -> Response:
            given = request.path_params["tenant"]
            if given.lower() not in (tenant.lower(), "organizations", "common"):
                return _unknown_tenant(given)
            return await handler(request)
        return endpoint

    async def oidc_v2(request: Request) -> Response:
        return JSONResponse(openid_configuration(host, tenant, v2=True))

    async def oidc_v1(request: Request) -> Response:
        return JSONResponse(openid_configuration(host, tenant, v2=False))

    async def token(request: Request) -> Response:
        return await token_endpoint(server, request)

    async def token_v1(request: Request) -> Response:
        return await token_endpoint(server, request, v1=True)

    async def devicecode(request: Request) -> Response:
        return await devicecode_endpoint(server, request)

    async def keys(request: Request) -> Response:
        return JSONResponse(server.issuer.jwks())

    return [
        Route("/{tenant}/v2.0/.well-known/openid-configuration", checked(oidc_v2)),
        Route("/{tenant}/.well-known/openid-configuration", checked(oidc_v1)),
        Route("/{tenant}/oauth2/v2.0/token", checked(token), methods=["POST"]),
        Route("/{tenant}/oauth2/token", checked(token_v1), methods=["POST"]),
        Route("/{tenant}/oauth2/v2.0/devicecode", checked(devicecode), methods=["POST"]),
        Route("/{tenant}/oauth2/devicecode", checked(devicecode), methods=["POST"]),
        Route("/{tenant}/discovery/v2.0/keys", checked(keys)),
        Route("/{tenant}/discovery/keys", checked(keys)),
    ]
