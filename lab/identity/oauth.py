"""OAuth 2.0 grants shared by both identity modes: client secret, client assertion, device code, refresh.

Errors are OAuth-shaped (`{"error", "error_description"}`), as MSAL expects from a token endpoint. The
device code is approved through the login port (a POST to `/device/approve` with the user code and the
lab's credential, the service principal's secret kept 0600 in the data folder) or `azs lab approve CODE`,
which reads that credential itself: a device login mints a user token, so approving one needs what
already grants a token. Only the public clients a stamp registers may start a device login; an unknown
client id is refused with the identity provider's own error (MSIS9223 on AD FS, AADSTS700016 on Entra).
"""

from __future__ import annotations

import json
import logging
import secrets
import string
import time
import uuid
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl

import jwt
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response

from .principal import ServicePrincipal
from .tokens import TokenIssuer, b64url

log = logging.getLogger("azslab.identity")

DEVICE_GRANT = "urn:ietf:params:oauth:grant-type:device_code"
ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"
LAB_USER = "operator@azslab.local"
LAB_USER_OID = "3f0b5d5e-7c1a-4a53-9f7e-0a5c1ab0e001"
DEVICE_LIFETIME = 900
PUBLIC_CLIENTS = {
    "1950a258-227b-4e31-a9cf-717495945fc2": "Azure PowerShell",
    "04b07795-8ddb-461a-bbee-02f9e1bf7b46": "Azure CLI",
}
"""The native clients an Azure Stack Hub's identity provider knows (the ids Az.Accounts and the Azure CLI
sign in with); the device code flow is for public clients only."""


class OAuthError(Exception):
    def __init__(self, error: str, description: str, status: int = 400) -> None:
        super().__init__(description)
        self.error, self.description, self.status = error, description, status

    def response(self) -> JSONResponse:
        return JSONResponse({"error": self.error, "error_description": self.description}, self.status)


@dataclass
class DeviceFlow:
    device_code: str
    user_code: str
    client_id: str
    scope: str
    expires_at: float
    approved: bool = False


@dataclass
class OAuthServer:
    """Token logic for one lab; `token_url` is what client assertions must be addressed to."""

    issuer: TokenIssuer
    principal: ServicePrincipal
    audiences: tuple[str, ...]
    login_host: str
    token_url: str
    identity: str = "adfs"
    tenant: str = "adfs"
    flows: dict[str, DeviceFlow] = field(default_factory=dict)
    refresh_tokens: dict[str, str] = field(default_factory=dict)
    """refresh token -> client id of the user session it belongs to."""

    # scopes --------------------------------------------------------------------------------------

    def audience_of(self, form: dict[str, str]) -> str:
        wanted = [s[: -len("/.default")] for s in form.get("scope", "").split() if s.endswith("/.default")]
        if "resource" in form:
            wanted.append(form["resource"])
        for candidate in wanted:
            for aud in self.audiences:
                if candidate.rstrip("/") == aud.rstrip("/"):
                    return aud
        if not wanted:
            raise OAuthError("invalid_scope", "The request asks for no resource: pass a scope '<audience>/.default'.")
        raise OAuthError(
            "invalid_resource",
            f"The resource '{wanted[0]}' is not registered with this stamp; use the audience from "
            "/metadata/endpoints.",
        )

    # grants --------------------------------------------------------------------------------------

    def unknown_client(self, client_id: str) -> OAuthError:
        """What the identity provider answers for a client id it has no registration for."""
        if self.identity == "adfs":
            return OAuthError("invalid_client", "MSIS9223: Received invalid OAuth authorization request. The received "
                              "'client_id' is invalid as no registered client was found with this client identifier. "
                              f"Make sure that the client is registered. Received client_id: '{client_id}'.")
        return OAuthError("unauthorized_client", f"AADSTS700016: Application with identifier '{client_id}' was not "
                          f"found in the directory '{self.tenant}'. This can happen if the application has not been "
                          "installed by the administrator of the tenant or consented to by any user in the tenant. "
                          "You may have sent your authentication request to the wrong tenant.")

    def _authenticate_client(self, form: dict[str, str]) -> None:
        client_id = form.get("client_id", "")
        if client_id != self.principal.client_id:
            raise self.unknown_client(client_id)
        if "client_secret" in form:
            if not self.principal.secret_matches(form["client_secret"]):
                raise OAuthError("invalid_client", "Invalid client secret provided.", 401)
            return
        if form.get("client_assertion_type") == ASSERTION_TYPE and "client_assertion" in form:
            self._check_assertion(form["client_assertion"], client_id)
            return
        raise OAuthError("invalid_client", "The request has neither a client secret nor a client assertion.", 401)

    def _check_assertion(self, assertion: str, client_id: str) -> None:
        key = self.principal.certificate.public_key()
        try:
            claims = jwt.decode(
                assertion, key, algorithms=["RS256", "PS256"],  # type: ignore[arg-type]
                audience=[self.token_url, self.token_url.rstrip("/")],
                options={"require": ["exp", "aud", "iss", "sub"]},
            )
        except jwt.PyJWTError as exc:
            raise OAuthError("invalid_client", f"The client assertion is not valid: {type(exc).__name__}.", 401) from None
        if claims.get("iss") != client_id or claims.get("sub") != client_id:
            raise OAuthError("invalid_client", "The client assertion's iss and sub must be the client id.", 401)

    def _app_token(self, audience: str, client_id: str) -> dict[str, Any]:
        token = self.issuer.issue(audience, client_id, {"appid": client_id, "oid": client_id, "idtyp": "app"})
        return {"token_type": "Bearer", "access_token": token, "expires_in": self.issuer.lifetime,
                "ext_expires_in": self.issuer.lifetime, "resource": audience}

    def _user_token(self, audience: str, client_id: str, scope: str) -> dict[str, Any]:
        claims = {"appid": client_id, "oid": LAB_USER_OID, "upn": LAB_USER, "unique_name": LAB_USER,
                  "scp": "user_impersonation"}
        access = self.issuer.issue(audience, LAB_USER_OID, claims)
        id_token = self.issuer.issue(client_id, LAB_USER_OID, {
            "oid": LAB_USER_OID, "upn": LAB_USER, "preferred_username": LAB_USER, "name": "Lab Operator"})
        refresh = secrets.token_urlsafe(32)
        self.refresh_tokens[refresh] = client_id
        info = b64url(json.dumps({"uid": LAB_USER_OID, "utid": self.issuer.directory_id}).encode())
        return {"token_type": "Bearer", "access_token": access, "expires_in": self.issuer.lifetime,
                "ext_expires_in": self.issuer.lifetime, "id_token": id_token, "refresh_token": refresh,
                "client_info": info, "scope": scope or f"{audience}/.default"}

    def token(self, form: dict[str, str]) -> dict[str, Any]:
        grant = form.get("grant_type", "")
        if grant == "client_credentials":
            self._authenticate_client(form)
            return self._app_token(self.audience_of(form), form["client_id"])
        if grant == DEVICE_GRANT:
            return self._device_token(form.get("device_code") or form.get("code", ""))
        if grant == "refresh_token":
            client_id = self.refresh_tokens.pop(form.get("refresh_token", ""), None)
            if client_id is None:
                raise OAuthError("invalid_grant", "The refresh token is unknown or was already used.")
            return self._user_token(self.audience_of(form), client_id, form.get("scope", ""))
        raise OAuthError("unsupported_grant_type", f"The grant type '{grant}' is not supported by this stamp.")

    # device code ---------------------------------------------------------------------------------

    def start_device_flow(self, form: dict[str, str], verification_uri: str) -> dict[str, Any]:
        client_id = form.get("client_id", "")
        if not client_id:
            raise OAuthError("invalid_request", "client_id is required.")
        if client_id == self.principal.client_id:
            raise OAuthError("invalid_client", "AADSTS7000218: The request body must contain the following parameter: "
                             "'client_assertion' or 'client_secret'." if self.identity == "entra" else
                             "MSIS9622: Client authentication failed. Please verify the credential provided for "
                             "client authentication is valid.", 401)
        if client_id.lower() not in PUBLIC_CLIENTS:
            raise self.unknown_client(client_id)
        scope = form.get("scope", "")
        if "resource" in form and not scope:
            scope = form["resource"] + "/.default"
        self.audience_of({"scope": scope})
        alphabet = string.ascii_uppercase.replace("O", "").replace("I", "")
        user_code = "".join(secrets.choice(alphabet) for _ in range(8))
        flow = DeviceFlow(secrets.token_urlsafe(32), user_code, client_id, scope, time.time() + DEVICE_LIFETIME)
        self.flows[flow.device_code] = flow
        log.info("device code flow started for client %s; user code %s", client_id, user_code)
        return {
            "device_code": flow.device_code, "user_code": user_code, "verification_uri": verification_uri,
            "verification_url": verification_uri, "expires_in": DEVICE_LIFETIME, "interval": 1,
            "message": f"To sign in, open {verification_uri} and enter the code {user_code} "
                       "(or run `azs lab approve " + user_code + "`).",
        }

    def approve(self, user_code: str, credential: str) -> bool:
        """Approve the pending login with this user code; raises OAuthError without the lab's credential."""
        if not credential or not self.principal.secret_matches(credential):
            raise OAuthError("access_denied", "Approving a device login needs the lab's credential: run `azs lab "
                             "approve CODE`, or give the lab's client secret (`azs lab env`) with the code.", 401)
        wanted = user_code.strip().upper().replace("-", "")
        for flow in self.flows.values():
            if flow.user_code == wanted and flow.expires_at > time.time():
                flow.approved = True
                log.info("device code %s approved", flow.user_code)
                return True
        return False

    def _device_token(self, device_code: str) -> dict[str, Any]:
        flow = self.flows.get(device_code)
        if flow is None:
            raise OAuthError("invalid_grant", "The device code is unknown.")
        if flow.expires_at < time.time():
            del self.flows[device_code]
            raise OAuthError("expired_token", "The device code has expired.")
        if not flow.approved:
            raise OAuthError("authorization_pending", "The user has not yet approved the device code.")
        del self.flows[device_code]
        return self._user_token(self.audience_of({"scope": flow.scope}), flow.client_id, flow.scope)


# HTTP glue shared by the two modes ----------------------------------------------------------------

async def read_form(request: Request) -> dict[str, str]:
    """An application/x-www-form-urlencoded body (parsed here: no multipart dependency needed)."""
    body = (await request.body()).decode("utf-8", errors="replace")
    return dict(parse_qsl(body, keep_blank_values=True))


def v1_shape(answer: dict[str, Any]) -> dict[str, Any]:
    """The v1 endpoint (ADAL, curl) answers times as strings and adds expires_on."""
    out = dict(answer)
    out["expires_in"] = str(answer["expires_in"])
    out["ext_expires_in"] = str(answer["ext_expires_in"])
    out["expires_on"] = str(int(time.time()) + int(answer["expires_in"]))
    return out


async def token_endpoint(server: OAuthServer, request: Request, v1: bool = False) -> Response:
    try:
        answer = server.token(await read_form(request))
        return JSONResponse(v1_shape(answer) if v1 else answer, headers={"Cache-Control": "no-store"})
    except OAuthError as exc:
        if exc.error != "authorization_pending":
            log.info("token request refused: %s", exc.error)
        return exc.response()


async def devicecode_endpoint(server: OAuthServer, request: Request) -> Response:
    try:
        return JSONResponse(server.start_device_flow(await read_form(request), f"{server.login_host}/device"))
    except OAuthError as exc:
        return exc.response()


_DEVICE_PAGE = """<!doctype html><title>azslab device login</title>
<h1>Azure Stack Hub lab: device login</h1>
<form method="post" action="/device/approve"><label>Code <input name="user_code" autofocus></label>
<label>Lab secret (<code>azs lab env</code>: clientSecret) <input name="secret" type="password"></label>
<button>Approve</button></form>"""


async def device_page(request: Request) -> Response:
    return HTMLResponse(_DEVICE_PAGE)


async def device_approve(server: OAuthServer, request: Request) -> Response:
    form = await read_form(request)
    try:
        approved = server.approve(form.get("user_code", ""), form.get("secret", ""))
    except OAuthError as exc:
        log.warning("device login approval refused: %s", exc.error)
        return exc.response()
    if approved:
        return JSONResponse({"approved": True, "user": LAB_USER})
    return JSONResponse({"error": "invalid_user_code", "error_description": "No pending device login has this code."}, 404)


def new_guid() -> str:
    return str(uuid.uuid4())
