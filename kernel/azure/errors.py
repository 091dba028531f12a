"""The Azure layer's errors, and the ONE boundary where azure-core / azure-identity exceptions become them.

Every message names what failed (the endpoint, the parameter, the resource) and what to do; every message
is redacted (no SAS signature, key, token or client secret). The tree::

    RuntimeException (azskernel.runtime.errors)
    └── AzsError                          any Azure-layer failure; .record is the ErrorRecord
        ├── ParameterRuleError            InvalidArgument: a parameter breaks a rule, nothing was sent
        ├── NotSignedInError              AuthenticationError: no context / no credential in this session
        ├── AuthenticationFailedError     AuthenticationError: 401 or the token endpoint refused
        ├── PermissionDeniedError         PermissionDenied: 403
        ├── ResourceMissingError          ObjectNotFound: 404 or a name that does not exist
        ├── ResourceConflictError         ResourceExists
        ├── ApiVersionError               InvalidOperation: the stamp refused our pinned api-version
        ├── ThrottledError                LimitsExceeded: 429 after the SDK's retries
        ├── EndpointUnreachableError      ConnectionError: refused, DNS, timeout
        ├── TlsTrustError                 SecurityError: the endpoint's certificate is not trusted
        ├── ServiceError                  InvalidResult: any other error status from the service
        ├── ImageWouldFailError           InvalidData: the preflight found why the image would end Failed
        ├── ProvisioningFailedError       InvalidResult: the image ended Failed or Canceled
        ├── OperationTimeoutError         OperationTimeout: -TimeoutSec elapsed
        ├── OperationStoppedError         OperationStopped: the user interrupted a wait (Ctrl+C, kernel stop)
        ├── PackageInvalidError           InvalidData: a Marketplace package breaks the packager's rules
        └── GalleryItemWouldFailError     InvalidData: the preflight found why the stamp would refuse the package
"""

from __future__ import annotations

import ssl
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from urllib.parse import urlsplit

from azskernel.runtime.errors import ErrorCategory, ErrorRecord, RuntimeException

from .redaction import redact


class AzsError(RuntimeException):
    default_id = "AzureError"
    default_category = ErrorCategory.NotSpecified
    exception_type = "Microsoft.Azure.Commands.Common.Exceptions.AzPSException"

    def __init__(
        self,
        message: str,
        *,
        error_id: str | None = None,
        category: ErrorCategory | None = None,
        target: Any = None,
        recommended_action: str = "",
    ) -> None:
        message = redact(message)
        super().__init__(message, error_id=error_id, category=category, target=target)
        self.record.recommended_action = redact(recommended_action)


class ParameterRuleError(AzsError):
    default_id = "InvalidParameterValue"
    default_category = ErrorCategory.InvalidArgument
    exception_type = "System.ArgumentException"

    def __init__(self, parameter: str, message: str, *, value: Any = None) -> None:
        super().__init__(message, error_id=f"InvalidParameterValue.{parameter}", target=value)
        self.parameter = parameter


class NotSignedInError(AzsError):
    default_id = "NotSignedIn"
    default_category = ErrorCategory.AuthenticationError


class AuthenticationFailedError(AzsError):
    default_id = "AuthenticationFailed"
    default_category = ErrorCategory.AuthenticationError


class PermissionDeniedError(AzsError):
    default_id = "AuthorizationFailed"
    default_category = ErrorCategory.PermissionDenied


class ResourceMissingError(AzsError):
    default_id = "ResourceNotFound"
    default_category = ErrorCategory.ObjectNotFound


class ResourceConflictError(AzsError):
    default_id = "ResourceExists"
    default_category = ErrorCategory.ResourceExists


class ApiVersionError(AzsError):
    default_id = "InvalidApiVersionParameter"
    default_category = ErrorCategory.InvalidOperation


class ThrottledError(AzsError):
    default_id = "Throttled"
    default_category = ErrorCategory.LimitsExceeded


class EndpointUnreachableError(AzsError):
    default_id = "EndpointUnreachable"
    default_category = ErrorCategory.ConnectionError


class TlsTrustError(AzsError):
    default_id = "CertificateNotTrusted"
    default_category = ErrorCategory.SecurityError


class ServiceError(AzsError):
    default_id = "ServiceError"
    default_category = ErrorCategory.InvalidResult


class ImageWouldFailError(AzsError):
    default_id = "PlatformImagePreflightFailed"
    default_category = ErrorCategory.InvalidData


class ProvisioningFailedError(AzsError):
    default_id = "PlatformImageProvisioningFailed"
    default_category = ErrorCategory.InvalidResult


class OperationTimeoutError(AzsError):
    default_id = "OperationTimeout"
    default_category = ErrorCategory.OperationTimeout


class OperationStoppedError(AzsError):
    default_id = "OperationStopped"
    default_category = ErrorCategory.OperationStopped


class PackageInvalidError(AzsError):
    default_id = "GalleryItemPackageInvalid"
    default_category = ErrorCategory.InvalidData


class GalleryItemWouldFailError(AzsError):
    default_id = "GalleryItemPreflightFailed"
    default_category = ErrorCategory.InvalidData


# --------------------------------------------------------------------------------------------------
# translation

TRUST_HINT = (
    "Trust the stamp's root CA: set AZS_CA_BUNDLE to its PEM file (for the lab, `azs lab env` prints "
    "caBundle; for a real stamp, export the root certificate the deployment created)."
)
SIGN_IN_HINT = "Sign in again with Connect-AzAccount."


def _chain(exc: BaseException) -> Iterator[BaseException]:
    seen: set[int] = set()
    todo: list[BaseException | None] = [exc]
    while todo:
        cur = todo.pop()
        if cur is None or id(cur) in seen:
            continue
        seen.add(id(cur))
        yield cur
        todo.extend([cur.__cause__, cur.__context__, getattr(cur, "inner_exception", None)])
        todo.extend(a for a in getattr(cur, "args", ()) if isinstance(a, BaseException))


def _is_tls_failure(exc: BaseException) -> bool:
    for cur in _chain(exc):
        if isinstance(cur, ssl.SSLCertVerificationError):
            return True
        text = str(cur)
        if "CERTIFICATE_VERIFY_FAILED" in text or "certificate verify failed" in text:
            return True
    return False


def _is_tls_other(exc: BaseException) -> bool:
    return any(isinstance(cur, ssl.SSLError) or "SSLError" in type(cur).__name__ for cur in _chain(exc))


def _origin(url: str | None) -> str:
    if not url:
        return "the endpoint"
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.netloc else url


def _service_error_fields(exc: Any) -> tuple[str, str]:
    """(code, message) of an ARM/OData error body, or of the status line."""
    err = getattr(exc, "error", None)
    code = getattr(err, "code", None) or ""
    message = getattr(err, "message", None) or ""
    if not code and not message:
        response = getattr(exc, "response", None)
        if response is not None:
            try:
                body = response.json()
            except Exception:  # noqa: BLE001 - any unreadable body falls back to the reason
                body = None
            if isinstance(body, dict):
                inner = body.get("error") if isinstance(body.get("error"), dict) else body
                code = str(inner.get("code") or inner.get("error") or "")
                message = str(inner.get("message") or inner.get("error_description") or "")
        if not message:
            message = getattr(exc, "reason", None) or str(getattr(exc, "message", "") or exc)
    return code, message.strip()


def _request_url(exc: Any, fallback: str | None) -> str | None:
    response = getattr(exc, "response", None)
    request = getattr(response, "request", None) if response is not None else None
    url = getattr(request, "url", None)
    return str(url) if url else fallback


def translate(exc: BaseException, *, operation: str, url: str | None = None) -> AzsError:
    """Turn any exception raised while talking to Azure into an AzsError with a clear, redacted message.

    `operation` says what we were doing ("list platform images"); `url` is the last request's URL when the
    exception does not carry it (connection failures)."""
    if isinstance(exc, AzsError):
        return exc
    from azure.core import exceptions as core

    where = _request_url(exc, url)
    origin = _origin(where)

    if _is_tls_failure(exc):
        return TlsTrustError(
            f"Cannot {operation}: the TLS certificate of {origin} is not trusted (certificate verify failed). "
            + TRUST_HINT,
            target=origin,
        )

    status = getattr(exc, "status_code", None)
    if isinstance(exc, core.HttpResponseError) and status is not None:
        code, message = _service_error_fields(exc)
        detail = f"{code}: {message}" if code else message
        if status == 401 or isinstance(exc, core.ClientAuthenticationError) and status in (400, 401):
            return AuthenticationFailedError(
                f"Cannot {operation}: {origin} answered 401 Unauthorized ({detail}). "
                "The token was refused or has expired. " + SIGN_IN_HINT,
                target=origin,
            )
        if status == 403:
            return PermissionDeniedError(
                f"Cannot {operation}: the signed-in account is not allowed ({detail}). Ask the stamp's "
                "operator for a role assignment that grants this action on the scope named above, or sign "
                "in with an account that has it.",
                target=where,
            )
        if status == 404:
            return ResourceMissingError(f"Cannot {operation}: not found ({detail}).", target=where)
        if status == 409:
            return ResourceConflictError(f"Cannot {operation}: conflict ({detail}).", target=where)
        if status == 429:
            retry = ""
            response = getattr(exc, "response", None)
            if response is not None and response.headers.get("Retry-After"):
                retry = f" The service asks to wait {response.headers['Retry-After']} s before retrying."
            return ThrottledError(
                f"Cannot {operation}: {origin} is throttling requests (HTTP 429) and the retries ran out."
                + retry + " Try again later.",
                target=origin,
            )
        if code.lower() in ("invalidapiversionparameter", "noregisteredproviderfound", "invalidapiversion"):
            return ApiVersionError(
                f"Cannot {operation}: {origin} does not accept the API version this tool uses ({detail}). "
                "azs pins the Azure Stack Hub profile 2020-09-01-hybrid; update the stamp or report the "
                "version it supports.",
                target=where,
            )
        return ServiceError(f"Cannot {operation}: {origin} answered HTTP {status} ({detail}).", target=where)

    if isinstance(exc, core.ClientAuthenticationError) or type(exc).__name__ in (
        "CredentialUnavailableError",
        "AuthenticationRequiredError",
    ):
        reason = str(getattr(exc, "message", "") or exc).strip().splitlines()[0] if str(exc) else ""
        service_status = _identity_service_failure(exc, reason)
        if service_status is not None:
            return ServiceError(
                f"Cannot {operation}: the identity service at {origin} failed (HTTP {service_status}) before it "
                "looked at the credential, so this says nothing about the secret or certificate. Try again in a "
                "moment; if it goes on, the stamp's identity service (AD FS or Entra) needs its operator.",
                error_id="IdentityServiceError", target=origin,
            )
        return AuthenticationFailedError(
            f"Cannot {operation}: signing in failed ({reason}). Check the tenant, the application id and the "
            "secret or certificate, then " + SIGN_IN_HINT[0].lower() + SIGN_IN_HINT[1:],
            target=origin,
        )
    if _is_tls_other(exc):
        return TlsTrustError(
            f"Cannot {operation}: the TLS handshake with {origin} failed ({_first_line(exc)}). " + TRUST_HINT,
            target=origin,
        )
    if isinstance(exc, (core.ServiceRequestError, core.ServiceResponseError, ConnectionError, TimeoutError)):
        return EndpointUnreachableError(
            f"Cannot {operation}: {origin} is unreachable ({_first_line(exc)}). Check that the stamp is "
            "running and the endpoint is right (for the lab: `azs lab status`).",
            target=origin,
        )
    if isinstance(exc, core.AzureError):
        return ServiceError(f"Cannot {operation}: {_first_line(exc)}", target=origin)
    raise exc


def _identity_service_failure(exc: BaseException, reason: str) -> int | None:
    """The 5xx status when the token endpoint itself failed (azure-identity says "HTTP Error: 500"), else None."""
    import re

    status = getattr(getattr(exc, "response", None), "status_code", None) or getattr(exc, "status_code", None)
    if not isinstance(status, int):
        found = re.search(r"HTTP Error: (\d{3})", reason)
        status = int(found.group(1)) if found else None
    return status if status is not None and 500 <= status <= 599 else None


def _first_line(exc: BaseException) -> str:
    text = str(getattr(exc, "message", "") or exc).strip()
    # requests/urllib3 nest the reason deep in a long repr; the last "Caused by" part is the useful one.
    for marker in ("NewConnectionError", "Failed to establish a new connection:"):
        if marker in text:
            text = text[text.index(marker):]
            break
    return redact(text.splitlines()[0] if text else type(exc).__name__)[:300]


@contextmanager
def azure_errors(operation: str, url: str | None = None) -> Iterator[None]:
    """Translate Azure SDK exceptions raised in the block (the one boundary)."""
    try:
        yield
    except AzsError:
        raise
    except Exception as exc:  # noqa: BLE001 - translate() re-raises what it does not recognise
        raise translate(exc, operation=operation, url=url) from None


@contextmanager
def not_found(message: str, target: Any = None) -> Iterator[None]:
    """A 404 raised in the block means the named object does not exist: say so in the caller's words
    (Az's own, where it has them) instead of the service's."""
    from azure.core.exceptions import ResourceNotFoundError

    try:
        yield
    except ResourceNotFoundError:
        raise ResourceMissingError(message, target=target) from None


def to_record(exc: AzsError, command_name: str | None = None) -> ErrorRecord:
    record = exc.record
    if command_name and not record.command_name:
        record.command_name = command_name
    return record
