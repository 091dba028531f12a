"""AD FS-shaped identity endpoints: `/adfs/.well-known/openid-configuration`, `/adfs/oauth2/*`.

MSAL treats tenant `adfs` as AD FS: no instance discovery, OIDC document under `{host}/adfs/`.
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from .oauth import OAuthServer, devicecode_endpoint, token_endpoint


def openid_configuration(host: str) -> dict[str, Any]:
    base = f"{host}/adfs"
    return {
        "issuer": base,
        "authorization_endpoint": f"{base}/oauth2/authorize/",
        "token_endpoint": f"{base}/oauth2/token/",
        "device_authorization_endpoint": f"{base}/oauth2/devicecode",
        "jwks_uri": f"{base}/discovery/keys",
        "userinfo_endpoint": f"{base}/userinfo",
        "end_session_endpoint": f"{base}/oauth2/logout",
        "response_types_supported": ["code", "id_token", "code id_token", "token"],
        "grant_types_supported": ["authorization_code", "refresh_token", "client_credentials",
                                  "urn:ietf:params:oauth:grant-type:device_code"],
        "subject_types_supported": ["pairwise"],
        "id_token_signing_alg_values_supported": ["RS256"],
        "token_endpoint_auth_methods_supported": ["client_secret_post", "private_key_jwt"],
        "scopes_supported": ["openid", "profile", "email", "offline_access"],
        "access_token_issuer": base,
    }


def routes(server: OAuthServer, host: str) -> list[Route]:
    async def oidc(request: Request) -> Response:
        return JSONResponse(openid_configuration(host))

    async def token(request: Request) -> Response:
        return await token_endpoint(server, request)

    async def devicecode(request: Request) -> Response:
        return await devicecode_endpoint(server, request)

    async def keys(request: Request) -> Response:
        return JSONResponse(server.issuer.jwks())

    return [
        Route("/adfs/.well-known/openid-configuration", oidc),
        Route("/adfs/oauth2/token", token, methods=["POST"]),
        Route("/adfs/oauth2/token/", token, methods=["POST"]),
        Route("/adfs/oauth2/devicecode", devicecode, methods=["POST"]),
        Route("/adfs/discovery/keys", keys),
    ]
