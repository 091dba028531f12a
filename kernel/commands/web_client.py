"""The HTTP exchange behind Invoke-RestMethod and Invoke-WebRequest, on requests, with pwsh 7.4's rules.

pwsh's web cmdlets sit on .NET's HttpClient; what matters to a script is reproduced here, and the
redirects are followed by this module (requests is asked never to follow one) so that each rule is
visible:
- Authorization is dropped on every redirect (HttpClient's redirect handler does so); with
  -PreserveAuthorizationOnRedirect it is sent again on each hop, as pwsh's own redirect loop does.
- -MaximumRedirection: not given follows up to 50 hops (HttpClient's default); N follows N and returns
  the next 3xx as it is; 0 follows none.
- 301/302 turn POST into GET, 303 turns anything but GET/HEAD into GET (the body is dropped), 307/308 keep
  the method and body; -PreserveHttpMethodOnRedirect keeps the method always.
- https -> http is never followed without -AllowInsecureRedirect (pwsh's InsecureRedirection error). pwsh
  itself follows it when -PreserveAuthorizationOnRedirect is set; we refuse there too, since that would
  send the Authorization header in clear.
- -MaximumRetryCount retries on 304 and 4xx/5xx after -RetryIntervalSec (Retry-After on a 429).
TLS trusts the system store plus AZS_CA_BUNDLE (the stamp's or the lab's CA). Secrets never reach a
message: errors name the host, never the headers, the query string or the body.
"""

from __future__ import annotations

import ipaddress
import os
import warnings
from dataclasses import dataclass, field
from http import HTTPStatus
from typing import IO, TYPE_CHECKING, Any, Final
from urllib.parse import urljoin, urlsplit

from azskernel.runtime.errors import ErrorCategory, RuntimeException

if TYPE_CHECKING:
    import ssl

    import requests

# requests is imported when a request is made: `azs -Command "1+1"` stays fast

DEFAULT_MAX_REDIRECTS: Final = 50
"""HttpClientHandler.MaxAutomaticRedirections' default, what pwsh follows when -MaximumRedirection is not given."""
_REDIRECTS: Final = frozenset((300, 301, 302, 303, 307, 308))
_CHUNK: Final = 1 << 20


class WebCmdletError(RuntimeException):
    """A web cmdlet's error in pwsh's shape (FullyQualifiedErrorId, category, .NET exception type)."""

    def __init__(self, message: str, error_id: str, category: ErrorCategory, target: Any, command: str,
                 exception_type: str = "System.Net.Http.HttpRequestException") -> None:
        if "," not in error_id:  # pwsh's FullyQualifiedErrorId names the cmdlet's class
            error_id = f"{error_id},Microsoft.PowerShell.Commands.{command.replace('-', '')}Command"
        super().__init__(message, error_id=error_id, category=category, target=target, command_name=command)
        self.record.exception_type = exception_type


def ssl_context(skip_check: bool = False, command: str = "Invoke-WebRequest") -> ssl.SSLContext:
    """System trust plus AZS_CA_BUNDLE; -SkipCertificateCheck turns verification off."""
    import ssl

    context = ssl.create_default_context()
    bundle = os.environ.get("AZS_CA_BUNDLE")
    if bundle:
        try:
            context.load_verify_locations(cafile=bundle)
        except (OSError, ssl.SSLError) as exc:
            reason = getattr(exc, "strerror", None) or type(exc).__name__
            raise WebCmdletError(
                f"The CA bundle named by AZS_CA_BUNDLE ('{bundle}') cannot be loaded ({reason}). Point AZS_CA_BUNDLE at a PEM file.",
                "CABundleUnreadable", ErrorCategory.InvalidArgument, bundle, command, "System.ArgumentException",
            ) from None
    if skip_check:
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
    return context


def is_loopback(host: str | None) -> bool:
    if not host:
        return False
    if host.casefold() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def status_name(code: int) -> str:
    """.NET's HttpStatusCode name (NotFound, ServiceUnavailable...), which pwsh's retry message prints."""
    try:
        return HTTPStatus(code).phrase.replace(" ", "").replace("-", "")
    except ValueError:
        return str(code)


@dataclass
class Request:
    """One web cmdlet invocation's request, before any hop."""

    method: str
    url: str
    headers: dict[str, str]
    body: bytes | IO[bytes] | None = None
    timeout_sec: int = 0
    skip_certificate_check: bool = False
    maximum_redirection: int = -1
    preserve_authorization: bool = False
    preserve_method: bool = False
    allow_insecure_redirect: bool = False
    maximum_retry_count: int = 0
    retry_interval_sec: int = 5
    challenge_authorization: str | None = field(default=None, repr=False)
    """Sent only after a 401 asking for Basic (never first, never on a redirect)."""


@dataclass
class Response:
    """The last hop's answer; `raw` is requests' streaming response (the body not read yet)."""

    status: int
    reason: str
    headers: Any
    """requests' case-insensitive header mapping."""
    url: str
    raw: Any = field(repr=False, default=None)

    @property
    def is_redirect(self) -> bool:
        return self.status in _REDIRECTS

    def read(self, cancel: Any = None) -> bytes:
        chunks = []
        for chunk in self.iter_content(cancel):
            chunks.append(chunk)
        return b"".join(chunks)

    def iter_content(self, cancel: Any = None) -> Any:
        for chunk in self.raw.iter_content(_CHUNK):
            if cancel is not None and cancel.is_set():
                self.raw.close()
                raise _stopped(self.url)
            yield chunk

    def close(self) -> None:
        if self.raw is not None:
            self.raw.close()


def _stopped(url: str) -> RuntimeException:
    return RuntimeException("The pipeline has been stopped.", error_id="PipelineStopped",
                            category=ErrorCategory.OperationStopped, target=url)


class Client:
    """Sends a Request with pwsh's redirect, retry and TLS rules; one per cmdlet invocation."""

    def __init__(self, ctx: Any, command: str) -> None:
        self.ctx = ctx
        self.command = command
        self.url = ""
        """The hop being sent: transport errors name its host, not the first one's."""

    # -- the exchange -----------------------------------------------------------------------------
    def send(self, request: Request) -> Response:
        import requests

        session = requests.Session()
        adapter = _TrustAdapter(ssl_context(request.skip_certificate_check, self.command))
        session.mount("https://", adapter)
        session.mount("http://", requests.adapters.HTTPAdapter())
        if is_loopback(urlsplit(request.url).hostname):
            session.trust_env = False  # no proxy for loopback, whatever the environment says
        try:
            return self._with_retries(session, request)
        except requests.exceptions.RequestException as exc:
            raise self._transport_error(exc, request) from None

    def _with_retries(self, session: requests.Session, request: Request) -> Response:
        attempts = request.maximum_retry_count + 1
        while True:
            response = self._follow(session, request)
            attempts -= 1
            if attempts <= 0 or not (response.status == 304 or 400 <= response.status <= 599):
                return response
            interval = request.retry_interval_sec
            if response.status == 429:
                retry_after = response.headers.get("Retry-After", "")
                interval = int(retry_after) if retry_after.isdigit() else interval
            self.ctx.write_verbose(
                f"Retrying after interval of {interval} seconds. Status code for previous attempt: {status_name(response.status)}"
            )
            response.close()
            if self.ctx.cancel.wait(interval):
                raise _stopped(request.url)
            _rewind(request.body)

    def _follow(self, session: requests.Session, request: Request) -> Response:
        method, url, body = request.method, request.url, request.body
        headers = dict(request.headers)
        hops = DEFAULT_MAX_REDIRECTS if request.maximum_redirection < 0 else request.maximum_redirection
        while True:
            response = self._one(session, method, url, headers, body, request)
            if (response.status == 401 and request.challenge_authorization and "Authorization" not in headers
                    and "basic" in response.headers.get("WWW-Authenticate", "").casefold() and url == request.url):
                response.close()
                _rewind(body)
                response = self._one(session, method, url, {**headers, "Authorization": request.challenge_authorization},
                                     body, request)
            location = response.headers.get("Location")
            if not response.is_redirect or not location or hops == 0:
                return response
            target = urljoin(url, location)
            if urlsplit(url).scheme == "https" and urlsplit(target).scheme == "http" and not request.allow_insecure_redirect:
                return response  # not followed; the cmdlet turns it into InsecureRedirection
            hops -= 1
            response.close()
            if not request.preserve_method and _forces_get(response.status, method):
                method, body = "GET", None
                headers = {k: v for k, v in headers.items() if k.casefold() not in ("content-type", "content-length")}
            else:
                _rewind(body)
            if not request.preserve_authorization:
                headers = {k: v for k, v in headers.items() if k.casefold() != "authorization"}
            self.ctx.write_verbose(f"{self.command} follows a {response.status} redirect to {safe_url(target)}")
            url = target

    def _one(self, session: requests.Session, method: str, url: str, headers: dict[str, str],
             body: bytes | IO[bytes] | None, request: Request) -> Response:
        if self.ctx.cancel.is_set():
            raise _stopped(url)
        self.url = url
        timeout = request.timeout_sec if request.timeout_sec > 0 else None
        with warnings.catch_warnings():
            # -SkipCertificateCheck was asked for: urllib3's InsecureRequestWarning would repeat it on every hop
            # (pwsh prints no warning for it either)
            warnings.simplefilter("ignore")
            raw = session.request(method, url, headers=headers, data=body, timeout=timeout, allow_redirects=False,
                                  stream=True, verify=not request.skip_certificate_check)
        return Response(raw.status_code, raw.reason or _phrase(raw.status_code), raw.headers, url, raw)

    # -- errors -----------------------------------------------------------------------------------
    def _transport_error(self, exc: Exception, request: Request) -> WebCmdletError:
        import requests

        url = self.url or request.url
        netloc = urlsplit(url).netloc.rpartition("@")[2]
        text = _innermost(exc)
        if isinstance(exc, requests.exceptions.SSLError):
            detail = "the server's certificate is not trusted" if "CERTIFICATE_VERIFY_FAILED" in text else text
            return WebCmdletError(
                f"The SSL connection could not be established: {detail} ({netloc}). "
                "Set AZS_CA_BUNDLE to the PEM file of the CA that signed it.",
                "WebCmdletWebResponseException", ErrorCategory.InvalidOperation, safe_url(url), self.command,
            )
        if isinstance(exc, requests.exceptions.Timeout):
            return WebCmdletError(
                f"The request was canceled due to the configured HttpClient.Timeout of {request.timeout_sec} seconds elapsing.",
                "OperationTimeoutReached", ErrorCategory.OperationTimeout, safe_url(url), self.command,
                "System.TimeoutException",
            )
        if "Connection refused" in text or "ConnectionRefused" in text:
            message = f"Connection refused ({netloc})"
        elif "Name or service not known" in text or "NameResolution" in text or "getaddrinfo" in text:
            message = f"Name or service not known ({netloc})"
        elif isinstance(exc, requests.exceptions.ChunkedEncodingError | requests.exceptions.ConnectionError):
            message = f"The response ended prematurely ({netloc})."
        else:
            message = f"The request to {netloc} failed ({type(exc).__name__})."
        return WebCmdletError(message, "WebCmdletWebResponseException", ErrorCategory.InvalidOperation,
                              safe_url(url), self.command)


def _phrase(code: int) -> str:
    try:
        return HTTPStatus(code).phrase
    except ValueError:
        return ""


def _forces_get(status: int, method: str) -> bool:
    """HttpClient's rule: 301/302 turn POST into GET; 303 turns all but GET and HEAD into GET."""
    if status in (301, 302, 300):
        return method == "POST"
    if status == 303:
        return method not in ("GET", "HEAD")
    return False


def _rewind(body: Any) -> None:
    if body is not None and hasattr(body, "seek"):
        body.seek(0)


def safe_url(url: str) -> str:
    """The URL without user info or query string (a SAS signature lives there)."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc.rpartition('@')[2]}{parts.path}"


def _innermost(exc: BaseException) -> str:
    seen = []
    current: BaseException | None = exc
    while current is not None and len(seen) < 8:
        seen.append(f"{type(current).__name__}: {current}")
        current = current.__cause__ or current.__context__ or (current.args[0] if current.args and isinstance(current.args[0], BaseException) else None)
    return " | ".join(seen)


def _trust_adapter_class() -> type:
    import requests.adapters

    class TrustAdapter(requests.adapters.HTTPAdapter):
        """An adapter whose pools verify with our SSLContext (system store + AZS_CA_BUNDLE), not certifi's copy."""

        def __init__(self, context: ssl.SSLContext) -> None:
            self._context = context
            super().__init__()

        def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
            kwargs["ssl_context"] = self._context
            super().init_poolmanager(*args, **kwargs)

        def cert_verify(self, conn: Any, url: str, verify: Any, cert: Any) -> None:
            # the context already holds the trust; requests would add its own bundle path on top
            import ssl

            conn.cert_reqs = "CERT_REQUIRED" if self._context.verify_mode != ssl.CERT_NONE else "CERT_NONE"
            conn.ca_certs = None
            conn.ca_cert_dir = None

    return TrustAdapter


def _TrustAdapter(context: ssl.SSLContext) -> Any:  # noqa: N802 - a class made on first use
    global _TRUST_ADAPTER
    if _TRUST_ADAPTER is None:
        _TRUST_ADAPTER = _trust_adapter_class()
    return _TRUST_ADAPTER(context)


_TRUST_ADAPTER: Any = None

__all__ = ["Client", "DEFAULT_MAX_REDIRECTS", "Request", "Response", "WebCmdletError", "is_loopback", "safe_url", "ssl_context",
           "status_name"]
