"""Invoke-RestMethod and Invoke-WebRequest on the standard library's urllib.

TLS trusts the system store plus the bundle named by AZS_CA_BUNDLE (the lab's CA, a stamp's internal
CA). Credentials and bearer tokens are never sent over plain http unless -AllowUnencryptedAuthentication
says so, and never appear in messages. HTTP errors are terminating errors shaped as pwsh's (the
response body becomes the message, as ErrorDetails does in pwsh's concise view).
"""

from __future__ import annotations

import base64
import ipaddress
import json
import os
from typing import TYPE_CHECKING, Any

from azskernel.commands.format import _from_json
from azskernel.runtime.cmdlet import cmdlet, parameter
from azskernel.runtime.conversion import is_enumerable, to_string
from azskernel.runtime.credentials import PSCredential, SecureString
from azskernel.runtime.errors import ErrorCategory, RuntimeException
from azskernel.runtime.formatting import Column, ListView, register_view
from azskernel.runtime.values import Hashtable, OrderedHashtable

if TYPE_CHECKING:
    import ssl

# urllib, http.client and ssl are imported when a request is made: `azs -Command "1+1"` stays fast

_METHODS = ("Default", "Get", "Head", "Post", "Put", "Delete", "Trace", "Options", "Merge", "Patch")


def ssl_context(skip_check: bool = False) -> ssl.SSLContext:
    """System trust plus AZS_CA_BUNDLE; -SkipCertificateCheck turns verification off."""
    import ssl

    context = ssl.create_default_context()
    bundle = os.environ.get("AZS_CA_BUNDLE")
    if bundle:
        try:
            context.load_verify_locations(cafile=bundle)
        except (OSError, ssl.SSLError) as exc:
            raise _error(
                f"The CA bundle named by AZS_CA_BUNDLE ('{bundle}') cannot be loaded: {exc}. Point AZS_CA_BUNDLE at a PEM file.",
                "CABundleUnreadable", ErrorCategory.InvalidArgument, bundle, "Invoke-WebRequest",
            ) from None
    if skip_check:
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
    return context


def _error(message: str, error_id: str, category: ErrorCategory, target: Any, command: str,
           exception_type: str = "System.Net.Http.HttpRequestException") -> RuntimeException:
    exc = RuntimeException(message, error_id=error_id, category=category, target=target, command_name=command)
    exc.record.exception_type = exception_type
    return exc


def _is_loopback(host: str | None) -> bool:
    if not host:
        return False
    if host.casefold() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


class WebResponse:
    """Invoke-WebRequest's result (BasicHtmlWebResponseObject's useful part)."""

    ps_type_names = ("Microsoft.PowerShell.Commands.BasicHtmlWebResponseObject", "Microsoft.PowerShell.Commands.WebResponseObject", "System.Object")

    def __init__(self, status: int, reason: str, headers: Hashtable, body: bytes, encoding: str) -> None:
        self.StatusCode = status
        self.StatusDescription = reason
        self.Headers = headers
        self.RawContentStream = body
        self.RawContentLength = len(body)
        self.Content = body.decode(encoding, errors="replace")
        head = "\r\n".join(f"{k}: {v}" for k, v in headers.items())
        self.RawContent = f"HTTP/1.1 {status} {reason}\r\n{head}\r\n\r\n{self.Content}"

        self.Images: list[Any] = []
        self.InputFields: list[Any] = []
        self.Links: list[Any] = []
        self.RelationLink = Hashtable()

    def ps_properties(self) -> list[tuple[str, Any]]:
        return [
            ("StatusCode", self.StatusCode), ("StatusDescription", self.StatusDescription), ("Content", self.Content),
            ("RawContent", self.RawContent), ("Headers", self.Headers), ("Images", self.Images),
            ("InputFields", self.InputFields), ("Links", self.Links), ("RawContentLength", self.RawContentLength),
            ("RelationLink", self.RelationLink),
        ]


def _first_200(name: str) -> Column:
    """pwsh's view shows the first 200 characters, then an ellipsis."""

    def get(response: Any) -> str:
        text = str(getattr(response, name))
        return text[:200] + "\u2026" if len(text) >= 200 else text

    return Column(name, get)


register_view(
    "Microsoft.PowerShell.Commands.BasicHtmlWebResponseObject",
    ListView((
        Column("StatusCode"), Column("StatusDescription"), _first_200("Content"), _first_200("RawContent"), Column("Headers"),
        Column("Images"), Column("InputFields"), Column("Links"), Column("RawContentLength"), Column("RelationLink"),
    )),
)


def _body_bytes(body: Any, content_type: str | None) -> tuple[bytes | None, str | None]:
    if body is None:
        return None, content_type
    if isinstance(body, bytes | bytearray):
        return bytes(body), content_type
    if isinstance(body, dict):
        import urllib.parse

        pairs = [(to_string(k), to_string(v)) for k, v in body.items()]
        return urllib.parse.urlencode(pairs).encode(), content_type or "application/x-www-form-urlencoded"
    if is_enumerable(body) and all(isinstance(b, int) for b in body):
        return bytes(body), content_type
    return to_string(body).encode("utf-8"), content_type


def _receive(ctx: Any, response: Any, out_file: Any, url: str) -> bytes:
    """The response body, or b"" after streaming it to `out_file` in chunks (a VHD download must not sit in memory)."""
    from azskernel.runtime.host import ProgressRecord

    if out_file is None:
        return bytes(response.read())
    total = int(response.headers.get("Content-Length") or 0)
    done = 0
    last = -1
    activity = f"Web download: {url.split('?', 1)[0]}"
    partial = out_file.with_name(f".{out_file.name}.partial")
    try:
        with open(partial, "wb") as fh:
            while chunk := response.read(1 << 20):
                if ctx.cancel.is_set():
                    raise _error("The download was cancelled.", "OperationStopped", ErrorCategory.OperationStopped, url, ctx.command_name)
                fh.write(chunk)
                done += len(chunk)
                percent = int(done * 100 / total) if total else -1
                if percent != last:
                    last = percent
                    ctx.write_progress(ProgressRecord(activity, f"{done} of {total or '?'} bytes", percent))
        partial.replace(out_file)
    finally:
        partial.unlink(missing_ok=True)
    ctx.write_progress(ProgressRecord(activity, "Completed", 100, completed=True))
    return b""


def _charset(content_type: str) -> str:
    for part in content_type.split(";")[1:]:
        key, _, value = part.strip().partition("=")
        if key.casefold() == "charset" and value:
            return value.strip('"')
    return "utf-8"


def send(ctx: Any, command: str, *, uri: Any, method: str | None, custom_method: str | None, headers: Any, body: Any,
         content_type: str | None, timeout_sec: int, skip_certificate_check: bool, credential: Any, authentication: str | None,
         token: Any, allow_unencrypted_authentication: bool, user_agent: str | None, in_file: str | None,
         skip_http_error_check: bool, maximum_redirection: int, maximum_retry_count: int = 0,
         retry_interval_sec: int = 5, out_file: Any = None) -> tuple[int, str, Hashtable, bytes, str]:
    """One HTTP exchange (with -MaximumRetryCount retries); returns (status, reason, headers, body, content type).

    With `out_file` the body streams to that file instead (and b"" is returned)."""
    import http.client
    import socket
    import ssl
    import urllib.error
    import urllib.parse
    import urllib.request

    url = to_string(uri)
    parts = urllib.parse.urlsplit(url)
    if parts.scheme.casefold() not in ("http", "https") or not parts.netloc:
        raise _error(
            f"The URI '{url}' is not an absolute http or https address. Give -Uri as https://host/path.",
            "WebCmdletInvalidUri", ErrorCategory.InvalidArgument, url, command, "System.ArgumentException",
        )
    verb = (custom_method or (method if method and method != "Default" else "GET")).upper()
    request_headers: dict[str, str] = {}
    for k, v in (headers or {}).items():
        request_headers[to_string(k)] = to_string(v.reveal() if isinstance(v, SecureString) else v)
    data, ctype = _body_bytes(body, content_type)
    if in_file is not None:
        data = ctx.resolve_path(in_file).read_bytes()
    if data is not None and verb in ("GET", "HEAD") and isinstance(body, dict):
        url = url + ("&" if parts.query else "?") + data.decode()
        data = None
    if ctype:
        request_headers["Content-Type"] = ctype
    request_headers.setdefault("User-Agent", user_agent or "Mozilla/5.0 (Linux) PowerShell/7.4 azs-notebook")
    secure = parts.scheme.casefold() == "https"
    auth_kind = (authentication or "").casefold()
    if credential is not None or token is not None:
        if not secure and not allow_unencrypted_authentication:
            raise _error(
                "The cmdlet cannot protect plain text secrets sent over unencrypted connections. To suppress this warning "
                "and send plain text secrets over unencrypted networks, reissue the command specifying the "
                "AllowUnencryptedAuthentication parameter.",
                "WebCmdletAllowUnencryptedAuthenticationRequiredException", ErrorCategory.InvalidOperation, url, command,
                "System.Management.Automation.ValidationMetadataException",
            )
    if token is not None:
        secret = token.reveal() if isinstance(token, SecureString) else to_string(token)
        request_headers["Authorization"] = f"Bearer {secret}"
    elif isinstance(credential, PSCredential) and auth_kind in ("", "basic"):
        pair = f"{credential.UserName}:{credential.Password.reveal()}".encode()
        request_headers["Authorization"] = "Basic " + base64.b64encode(pair).decode()
    request = urllib.request.Request(url, data=data, headers=request_headers, method=verb)
    handlers: list[Any] = [urllib.request.HTTPSHandler(context=ssl_context(skip_certificate_check))]
    if _is_loopback(parts.hostname):
        handlers.append(urllib.request.ProxyHandler({}))
    opener = urllib.request.build_opener(*handlers)
    ctx.write_verbose(f"HTTP/1.1 {verb} with {len(data or b'')}-byte payload")
    attempt = 0
    while True:
        try:
            response = opener.open(request, timeout=timeout_sec if timeout_sec and timeout_sec > 0 else None)
            status, reason = response.status, response.reason
            response_headers = response.headers
            payload = _receive(ctx, response, out_file, url)
            break
        except urllib.error.HTTPError as exc:
            status, reason = exc.code, exc.reason
            payload = exc.read() if exc.fp is not None else b""
            response_headers = exc.headers
            if (status == 304 or 400 <= status <= 599) and attempt < maximum_retry_count:
                attempt += 1
                ctx.write_verbose(f"Retrying after HTTP {status} (attempt {attempt} of {maximum_retry_count}).")
                ctx.cancel.wait(retry_interval_sec)
                continue
            if not skip_http_error_check:
                text = payload.decode("utf-8", errors="replace").strip()
                message = text or f"Response status code does not indicate success: {status} ({reason})."
                err = _error(message, "WebCmdletWebResponseException,Microsoft.PowerShell.Commands." + command.replace("-", "") + "Command",
                             ErrorCategory.InvalidOperation, url, command, "Microsoft.PowerShell.Commands.HttpResponseException")
                err.record.details["status_code"] = status
                raise err from None
            break
        except urllib.error.URLError as exc:
            reason_obj = exc.reason
            if isinstance(reason_obj, ssl.SSLCertVerificationError):
                message = (f"The SSL connection could not be established: the server's certificate is not trusted "
                           f"({reason_obj.verify_message}). Set AZS_CA_BUNDLE to the CA's PEM file.")
            elif isinstance(reason_obj, socket.timeout | TimeoutError):
                message = f"The request was canceled due to the configured HttpClient.Timeout of {timeout_sec} seconds elapsing."
            elif isinstance(reason_obj, ConnectionRefusedError):
                message = f"Connection refused ({parts.netloc})"
            elif isinstance(reason_obj, socket.gaierror):
                message = f"Name or service not known ({parts.netloc})"
            else:
                message = str(reason_obj)
            if attempt < maximum_retry_count and not isinstance(reason_obj, ssl.SSLCertVerificationError):
                attempt += 1
                ctx.write_verbose(f"Retrying after '{message}' (attempt {attempt} of {maximum_retry_count}).")
                ctx.cancel.wait(retry_interval_sec)
                continue
            raise _error(message, "WebCmdletWebResponseException", ErrorCategory.ConnectionError, url, command) from None
        except (TimeoutError, socket.timeout):
            raise _error(
                f"The request was canceled due to the configured HttpClient.Timeout of {timeout_sec} seconds elapsing.",
                "WebCmdletTimeoutException", ErrorCategory.OperationTimeout, url, command, "System.TimeoutException",
            ) from None
        except (http.client.HTTPException, ConnectionError) as exc:
            raise _error(f"The response ended prematurely ({type(exc).__name__}).", "WebCmdletWebResponseException",
                         ErrorCategory.ConnectionError, url, command) from None
    out_headers = OrderedHashtable()
    for k, v in response_headers.items():
        out_headers[k] = v
    content = response_headers.get("Content-Type", "") or ""
    ctx.write_verbose(f"received {len(payload)}-byte response of content type {content or 'unknown'}")
    return status, reason, out_headers, payload, content


_COMMON_WEB = (
    ("Uri", dict(type="uri", position=0, mandatory=True)),
    ("Method", dict(type="string", validate_set=_METHODS)),
    ("CustomMethod", dict(type="string", aliases=("CM",))),
    ("Headers", dict(type="hashtable")),
    ("Body", dict(position=None)),
    ("ContentType", dict(type="string")),
    ("TimeoutSec", dict(type="int", default=0, validate_range=(0, None))),
    ("OutFile", dict(type="string", path=True)),
    ("InFile", dict(type="string", path=True)),
    ("PassThru", dict(switch=True)),
    ("SkipCertificateCheck", dict(switch=True)),
    ("SkipHttpErrorCheck", dict(switch=True)),
    ("Credential", dict(type=PSCredential)),
    ("Authentication", dict(type="string", validate_set=("None", "Basic", "Bearer", "OAuth"))),
    ("Token", dict(type=SecureString)),
    ("AllowUnencryptedAuthentication", dict(switch=True)),
    ("UserAgent", dict(type="string")),
    ("UseBasicParsing", dict(switch=True)),
    ("UseDefaultCredentials", dict(switch=True)),
    ("MaximumRedirection", dict(type="int", default=5)),
    ("MaximumRetryCount", dict(type="int", default=0, validate_range=(0, None))),
    ("RetryIntervalSec", dict(type="int", default=5, validate_range=(0, None))),
    ("ResponseHeadersVariable", dict(type="string", aliases=("RHV",))),
    ("StatusCodeVariable", dict(type="string", aliases=("SCV",))),
)


def _web_declaration(target: Any) -> Any:
    for name, options in reversed(_COMMON_WEB):
        target = parameter(name, **{k: v for k, v in options.items() if v is not None})(target)
    return target


def _invoke(ctx: Any, command: str, params: dict[str, Any]) -> tuple[int, str, Hashtable, bytes, str]:
    out_file = ctx.resolve_path(params["out_file"]) if params["out_file"] else None
    status, reason, headers, payload, content = send(
        ctx, command, uri=params["uri"], method=params["method"], custom_method=params["custom_method"],
        headers=params["headers"], body=params["body"], content_type=params["content_type"],
        timeout_sec=params["timeout_sec"], skip_certificate_check=params["skip_certificate_check"],
        credential=params["credential"], authentication=params["authentication"], token=params["token"],
        allow_unencrypted_authentication=params["allow_unencrypted_authentication"], user_agent=params["user_agent"],
        in_file=params["in_file"], skip_http_error_check=params["skip_http_error_check"],
        maximum_redirection=params["maximum_redirection"], maximum_retry_count=params["maximum_retry_count"],
        retry_interval_sec=params["retry_interval_sec"], out_file=out_file,
    )
    if params["response_headers_variable"]:
        ctx.session.set_variable(params["response_headers_variable"], headers)
    if params["status_code_variable"]:
        ctx.session.set_variable(params["status_code_variable"], status)
    if out_file is not None and params["pass_thru"] and 200 <= status < 300:
        payload = out_file.read_bytes()
    return status, reason, headers, payload, content


@cmdlet(
    "Invoke-RestMethod",
    aliases=("irm",),
    synopsis="Sends an HTTP or HTTPS request to a RESTful web service.",
    examples=(
        ("Invoke-RestMethod -Uri \"$arm/metadata/endpoints?api-version=2019-05-01\"", "Reads a stamp's endpoints."),
        ("Invoke-RestMethod $uri -Method Post -Body ($obj | ConvertTo-Json) -ContentType 'application/json'", ""),
    ),
)
@_web_declaration
def invoke_rest_method(ctx: Any, **params: Any) -> Any:
    _, _, _, payload, content = _invoke(ctx, "Invoke-RestMethod", params)
    if params["out_file"] and not params["pass_thru"]:
        return None
    text = payload.decode(_charset(content), errors="replace")
    if not text.strip():
        return None
    folded = content.casefold()
    if "json" in folded or (not folded.startswith(("text/html", "text/xml", "application/xml")) and text.lstrip()[:1] in "[{\"0123456789-tfn"):
        try:
            value = _from_json(json.loads(text), False)
        except ValueError:
            return text
        return list(value) if isinstance(value, list) else [value]
    return text


@cmdlet(
    "Invoke-WebRequest",
    aliases=("iwr", "curl", "wget"),
    synopsis="Gets content from a web page on the internet.",
    examples=(("(Invoke-WebRequest $uri).StatusCode", ""), ("Invoke-WebRequest $uri -OutFile ./disk.vhd", "")),
)
@_web_declaration
def invoke_web_request(ctx: Any, **params: Any) -> Any:
    status, reason, headers, payload, content = _invoke(ctx, "Invoke-WebRequest", params)
    if params["out_file"] and not params["pass_thru"]:
        return None
    return WebResponse(status, reason, headers, payload, _charset(content))


__all__ = ["WebResponse", "invoke_rest_method", "invoke_web_request", "send", "ssl_context"]
