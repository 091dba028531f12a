"""azure-identity credentials for Connect-AzAccount's sign-in modes, on AD FS and on Entra stamps.

AD FS: tenant `adfs`, authority = login host without `/adfs`, no instance discovery. Entra: tenant GUID,
authority = login endpoint, instance discovery disabled too (a stamp's login host is not a Microsoft one,
and discovery would reach out to the public cloud). Every credential gets the combined CA bundle.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .environment import AzEnvironment
from .errors import ParameterRuleError
from .events import DeviceCodeEvent
from .logs import install as install_log_router
from .redaction import remember_secret
from .trust import verify_setting

AZURE_POWERSHELL_CLIENT_ID = "1950a258-227b-4e31-a9cf-717495945fc2"
"""The public client id Azure PowerShell signs users in with (device code)."""


def _common(env: AzEnvironment, folder: Path) -> dict[str, Any]:
    install_log_router()  # azure-identity's own warnings never print by themselves (the Python API too)
    return {
        "authority": env.authority_host,
        "disable_instance_discovery": True,
        "connection_verify": verify_setting(folder),
    }


def resolve_tenant(env: AzEnvironment, tenant: str | None) -> str:
    if env.enable_adfs_authentication:
        # PowerShell sets it implicitly for OnPremise environments; any given value is replaced.
        return "adfs"
    if not tenant:
        raise ParameterRuleError(
            "TenantId",
            f"-TenantId is required to sign in to '{env.name}' (an Entra ID stamp): give the directory's id "
            "(a GUID) or its domain name.",
        )
    return tenant


def secret_credential(env: AzEnvironment, tenant: str, app_id: str, secret: str, folder: Path) -> Any:
    from azure.identity import ClientSecretCredential

    remember_secret(secret)
    return ClientSecretCredential(tenant, app_id, secret, **_common(env, folder))


def certificate_credential(env: AzEnvironment, tenant: str, app_id: str, path: str, folder: Path, password: str | None = None) -> Any:
    from azure.identity import CertificateCredential

    file = Path(path).expanduser()
    if not file.is_file():
        raise ParameterRuleError(
            "CertificatePath",
            f"The certificate file '{path}' does not exist. Give the PEM (certificate + private key) or PFX of "
            "the service principal.",
            value=path,
        )
    remember_secret(password)
    return CertificateCredential(tenant, app_id, certificate_path=str(file), password=password, **_common(env, folder))


def device_code_credential(
    env: AzEnvironment, tenant: str, folder: Path, on_code: Callable[[DeviceCodeEvent], None], client_id: str | None = None
) -> Any:
    from azure.identity import DeviceCodeCredential

    def prompt(url: str, code: str, expires_on: Any) -> None:
        message = f"To sign in, use a web browser to open the page {url} and enter the code {code} to authenticate."
        stamp = expires_on.timestamp() if hasattr(expires_on, "timestamp") else 0.0
        on_code(DeviceCodeEvent(url=url, code=code, message=message, expires_on=stamp))

    return DeviceCodeCredential(
        client_id=client_id or AZURE_POWERSHELL_CLIENT_ID,
        tenant_id=tenant,
        prompt_callback=prompt,
        timeout=600,
        **_common(env, folder),
    )


class StaticTokenCredential:
    """-AccessToken: the caller's token as is; no refresh (Az behaves the same)."""

    def __init__(self, token: str, expires_on: int | None = None) -> None:
        remember_secret(token)
        self._token = token
        self._expires_on = expires_on or _jwt_exp(token) or int(time.time()) + 3600

    def get_token(self, *scopes: str, **kwargs: Any) -> Any:
        from azure.core.credentials import AccessToken

        return AccessToken(self._token, self._expires_on)

    def get_token_info(self, *scopes: str, options: Any = None) -> Any:
        from azure.core.credentials import AccessTokenInfo

        return AccessTokenInfo(self._token, self._expires_on)

    def close(self) -> None:
        return None


def token_claims(token: str) -> dict[str, Any]:
    """The claims of a JWT access token, unverified: only to name the account (upn, appid, tid)."""
    import base64
    import json

    try:
        payload = token.split(".")[1]
        payload += "=" * (-len(payload) % 4)
        claims = json.loads(base64.urlsafe_b64decode(payload))
        return claims if isinstance(claims, dict) else {}
    except (IndexError, ValueError):
        return {}


def _jwt_exp(token: str) -> int | None:
    exp = token_claims(token).get("exp")
    return int(exp) if isinstance(exp, (int, float)) else None
