"""Invoke-RestMethod and Invoke-WebRequest: pwsh 7.4's parameters, validation, bodies and output.

The exchange itself (redirects, retries, TLS trust, transport errors) is web_client.py's. Credentials and
bearer tokens are never sent over plain http unless -AllowUnencryptedAuthentication says so, and never
appear in messages. HTTP errors are terminating errors shaped as pwsh's (the response body becomes the
message, as ErrorDetails does in pwsh's concise view).
"""

from __future__ import annotations

import base64
import json
from typing import Any

from azskernel.commands.format import _from_json
from azskernel.commands.web_client import Client, Request, Response, WebCmdletError, safe_url, ssl_context
from azskernel.runtime.cmdlet import cmdlet, parameter
from azskernel.runtime.conversion import is_enumerable, to_string
from azskernel.runtime.credentials import PSCredential, SecureString
from azskernel.runtime.errors import ErrorCategory
from azskernel.runtime.formatting import Column, ListView, register_view
from azskernel.runtime.values import Hashtable, OrderedHashtable
from azskernel.version import POWERSHELL_COMPAT, USER_AGENT

_METHODS = ("Default", "Get", "Head", "Post", "Put", "Delete", "Trace", "Options", "Merge", "Patch")
_USER_AGENT = f"Mozilla/5.0 (Linux) PowerShell/{POWERSHELL_COMPAT} {USER_AGENT}"


def _validation(message: str, error_id: str, command: str, target: Any = None) -> WebCmdletError:
    return WebCmdletError(message, error_id, ErrorCategory.InvalidArgument, target, command,
                          "System.Management.Automation.ValidationMetadataException")


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


def _body_bytes(body: Any, method: str, charset: str | None) -> bytes | None:
    if body is None:
        return None
    if isinstance(body, bytes | bytearray):
        return bytes(body)
    if isinstance(body, dict) and method != "GET":
        import urllib.parse

        return urllib.parse.urlencode([(to_string(k), to_string(v)) for k, v in body.items()]).encode()
    if is_enumerable(body) and not isinstance(body, str | dict) and all(isinstance(b, int) for b in body):
        return bytes(body)
    try:
        return to_string(body).encode(charset or "utf-8")
    except LookupError:
        return to_string(body).encode("utf-8")


def _charset(content_type: str) -> str:
    for part in content_type.split(";")[1:]:
        key, _, value = part.strip().partition("=")
        if key.casefold() == "charset" and value:
            return value.strip('"')
    return "utf-8"


def _save(ctx: Any, response: Response, out_file: Any) -> None:
    """Stream the body into `out_file` through a hidden partial file (a VHD download must not sit in
    memory, and an interrupted one must not look complete)."""
    from azskernel.runtime.host import ProgressRecord

    total = int(response.headers.get("Content-Length") or 0)
    done, last = 0, -1
    activity = "Web request status"
    partial = out_file.with_name(f".{out_file.name}.partial")
    try:
        with open(partial, "wb") as fh:
            for chunk in response.iter_content(ctx.cancel):
                fh.write(chunk)
                done += len(chunk)
                percent = int(done * 100 / total) if total else -1
                if percent != last:
                    last = percent
                    ctx.write_progress(ProgressRecord(activity, f"Downloaded: {done} of {total or '?'}", percent))
        partial.replace(out_file)
    finally:
        partial.unlink(missing_ok=True)
    ctx.write_progress(ProgressRecord(activity, "Completed", 100, completed=True))


def _request(ctx: Any, command: str, params: dict[str, Any]) -> Request:
    """pwsh's ValidateParameters, PrepareSession and FillRequestStream, in that order."""
    from urllib.parse import urlsplit

    url = to_string(params["uri"])
    if "://" not in url:
        url = "http://" + url  # pwsh's CheckProtocol
    parts = urlsplit(url)
    if parts.scheme.casefold() not in ("http", "https") or not parts.netloc:
        raise WebCmdletError(
            f"The URI '{url}' is not an absolute http or https address. Give -Uri as https://host/path.",
            "WebCmdletInvalidUri", ErrorCategory.InvalidArgument, url, command, "System.ArgumentException",
        )
    auth = (params["authentication"] or "None").casefold()
    credential, token, body, in_file = params["credential"], params["token"], params["body"], params["in_file"]
    if auth != "none" and token is not None and credential is not None:
        raise _validation("The cmdlet cannot run because the following conflicting parameters are specified: Credential and Token. "
                          "Specify either Credential or Token, then retry.", "WebCmdletAuthenticationTokenConflictException", command)
    if auth == "basic" and credential is None:
        raise _validation("The cmdlet cannot run because the following parameter is not specified: Credential. The supplied "
                          "Authentication type requires a Credential. Specify Credential, then retry.",
                          "WebCmdletAuthenticationCredentialNotSuppliedException", command)
    if auth in ("bearer", "oauth") and token is None:
        raise _validation("The cmdlet cannot run because the following parameter is not specified: Token. The supplied "
                          "Authentication type requires a Token. Specify Token, then retry.",
                          "WebCmdletAuthenticationTokenNotSuppliedException", command)
    if (not params["allow_unencrypted_authentication"] and (auth != "none" or credential is not None)
            and parts.scheme.casefold() != "https"):
        raise _validation(
            "The cmdlet cannot protect plain text secrets sent over unencrypted connections. To suppress this warning "
            "and send plain text secrets over unencrypted networks, reissue the command specifying the "
            "AllowUnencryptedAuthentication parameter.", "WebCmdletAllowUnencryptedAuthenticationRequiredException", command)
    if body is not None and in_file is not None:
        raise _validation("The cmdlet cannot run because the following conflicting parameters are specified: Body and InFile. "
                          "Specify either Body or Infile, then retry.  ", "WebCmdletBodyConflictException", command)
    if params["pass_thru"] and not params["out_file"]:
        raise _validation("The cmdlet cannot run because the following parameter is missing: OutFile. Provide a valid OutFile "
                          "parameter value when using the PassThru parameter, then retry.", "WebCmdletOutFileMissingException", command)

    method = (params["custom_method"] or (params["method"] if params["method"] not in (None, "Default") else "GET")).upper()
    headers: dict[str, str] = {}
    for key, value in (params["headers"] or {}).items():
        if value is not None:  # pwsh ignores a null header value
            headers[to_string(key)] = to_string(value.reveal() if isinstance(value, SecureString) else value)
    basic = None
    if isinstance(credential, PSCredential):
        pair = f"{credential.UserName}:{credential.Password.reveal()}".encode()
        basic = "Basic " + base64.b64encode(pair).decode()
    if basic is not None and auth == "basic":
        headers["Authorization"] = basic
    if token is not None and auth in ("bearer", "oauth"):
        secret = token.reveal() if isinstance(token, SecureString) else to_string(token)
        headers["Authorization"] = f"Bearer {secret}"
    if params["user_agent"] is not None:
        headers["User-Agent"] = params["user_agent"]
    headers.setdefault("User-Agent", _USER_AGENT)

    # FillRequestStream: -ContentType wins; POST and PUT default to a form
    content_type = params["content_type"] or next((v for k, v in headers.items() if k.casefold() == "content-type"), None)
    if content_type is None and method in ("POST", "PUT"):
        content_type = "application/x-www-form-urlencoded"
    if content_type is not None:
        headers = {k: v for k, v in headers.items() if k.casefold() != "content-type"}
        headers["Content-Type"] = content_type
    if isinstance(body, dict) and method == "GET":
        import urllib.parse

        query = urllib.parse.urlencode([(to_string(k), "" if v is None else to_string(v)) for k, v in body.items()])
        url = url + ("&" if parts.query else "?") + query
        body = None
    data: Any = _body_bytes(body, method, _charset(content_type) if content_type and "charset" in content_type.casefold() else None)
    if in_file is not None:
        path = ctx.resolve_path(in_file)
        if path.is_dir():
            raise _validation(f"Path '{in_file}' resolves to a directory. Specify a path including a file name, and then retry the command.",
                              "WebCmdletInFileNotFilePathException", command, in_file)
        if not path.exists():
            raise WebCmdletError(f"Cannot find path '{path}' because it does not exist.", "PathNotFound",
                                 ErrorCategory.ObjectNotFound, str(path), command, "System.Management.Automation.ItemNotFoundException")
        data = open(path, "rb")  # noqa: SIM115 - streamed, closed by _invoke
    return Request(
        method=method, url=url, headers=headers, body=data, timeout_sec=params["timeout_sec"] or 0,
        skip_certificate_check=bool(params["skip_certificate_check"]), maximum_redirection=params["maximum_redirection"],
        preserve_authorization=bool(params["preserve_authorization_on_redirect"]) and "Authorization" in headers,
        preserve_method=bool(params["preserve_http_method_on_redirect"]),
        allow_insecure_redirect=bool(params["allow_insecure_redirect"]),
        maximum_retry_count=params["maximum_retry_count"], retry_interval_sec=params["retry_interval_sec"],
        # -Credential without -Authentication answers a Basic challenge, as HttpClient's Credentials do
        challenge_authorization=basic if auth == "none" else None,
    )


def _status_error(command: str, response: Response, payload: bytes, url: str) -> WebCmdletError:
    text = payload.decode(_charset(response.headers.get("Content-Type", "")), errors="replace").strip()
    message = text or f"Response status code does not indicate success: {response.status} ({response.reason})."
    err = WebCmdletError(message, "WebCmdletWebResponseException",
                         ErrorCategory.InvalidOperation, url, command, "Microsoft.PowerShell.Commands.HttpResponseException")
    err.record.details["status_code"] = response.status
    return err


def _invoke(ctx: Any, command: str, params: dict[str, Any]) -> tuple[Response, bytes, list[WebCmdletError]]:
    """One invocation: the response, its body (b"" when saved to -OutFile) and the non-terminating errors
    pwsh writes after the output (MaximumRedirectExceeded)."""
    from urllib.parse import urlsplit

    request = _request(ctx, command, params)
    out_file = ctx.resolve_path(params["out_file"]) if params["out_file"] else None
    try:
        size = len(request.body) if isinstance(request.body, bytes) else (0 if request.body is None else -1)
        ctx.write_verbose(f"HTTP/1.1 {request.method} with {max(size, 0) if size >= 0 else _file_size(request.body)}-byte payload")
        response = Client(ctx, command).send(request)
    finally:
        if hasattr(request.body, "close"):
            request.body.close()  # type: ignore[union-attr]
    try:
        safe = safe_url(response.url)
        location = response.headers.get("Location") or ""
        if (response.is_redirect and not request.allow_insecure_redirect and urlsplit(response.url).scheme == "https"
                and location.casefold().startswith("http:")):
            raise WebCmdletError(
                "Cannot follow an insecure redirection by default. Reissue the command specifying the -AllowInsecureRedirect switch. ",
                "InsecureRedirection", ErrorCategory.InvalidOperation, safe, command, "System.InvalidOperationException",
            )
        ok = 200 <= response.status < 300
        if not ok and not params["skip_http_error_check"]:
            raise _status_error(command, response, response.read(ctx.cancel), safe)
        if out_file is not None and ok:
            _save(ctx, response, out_file)
            payload = out_file.read_bytes() if params["pass_thru"] else b""
        else:
            payload = response.read(ctx.cancel)
    finally:
        response.close()
    length = response.headers.get("Content-Length")
    content = response.headers.get("Content-Type", "") or ""
    ctx.write_verbose(f"received {length}-byte response of content type {content}" if length is not None
                      else f"received response of content type {content} of unknown size")
    if params["response_headers_variable"]:
        ctx.session.set_variable(params["response_headers_variable"], _headers(response))
    if params["status_code_variable"]:
        ctx.session.set_variable(params["status_code_variable"], response.status)
    later = []
    if params["maximum_redirection"] == 0 and response.is_redirect:
        later.append(WebCmdletError(
            "The maximum redirection count has been exceeded. To increase the number of redirections allowed, supply a "
            "higher value to the -MaximumRedirection parameter.", "MaximumRedirectExceeded", ErrorCategory.InvalidOperation,
            safe, command, "System.InvalidOperationException",
        ))
    return response, payload, later


def _file_size(body: Any) -> int:
    import os

    try:
        return os.fstat(body.fileno()).st_size
    except (OSError, AttributeError):
        return 0


def _headers(response: Response) -> OrderedHashtable:
    out = OrderedHashtable()
    for key, value in response.headers.items():
        out[key] = value
    return out


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
    # -1: not given, HttpClient's own limit (50); 0 follows none
    ("MaximumRedirection", dict(type="int", default=-1, validate_range=(0, None))),
    ("PreserveAuthorizationOnRedirect", dict(switch=True)),
    ("PreserveHttpMethodOnRedirect", dict(switch=True)),
    ("AllowInsecureRedirect", dict(switch=True)),
    ("MaximumRetryCount", dict(type="int", default=0, validate_range=(0, None))),
    ("RetryIntervalSec", dict(type="int", default=5, validate_range=(1, None))),
    ("ResponseHeadersVariable", dict(type="string", aliases=("RHV",))),
    ("StatusCodeVariable", dict(type="string", aliases=("SCV",))),
)


def _web_declaration(target: Any) -> Any:
    for name, options in reversed(_COMMON_WEB):
        target = parameter(name, **{k: v for k, v in options.items() if v is not None})(target)
    return target


def _output(ctx: Any, command: str, params: dict[str, Any], shape: Any) -> Any:
    """Run the exchange, yield what `shape` makes of it, then write pwsh's after-output errors."""
    response, payload, later = _invoke(ctx, command, params)
    if not (params["out_file"] and not params["pass_thru"]):
        yield from shape(response, payload)
    for error in later:
        ctx.write_error(error.record)


def _rest_value(response: Response, payload: bytes) -> Any:
    content = response.headers.get("Content-Type", "") or ""
    text = payload.decode(_charset(content), errors="replace")
    if not text.strip():
        return
    folded = content.casefold()
    if "json" in folded or (not folded.startswith(("text/html", "text/xml", "application/xml")) and text.lstrip()[:1] in "[{\"0123456789-tfn"):
        try:
            value = _from_json(json.loads(text), False)
        except ValueError:
            yield text
            return
        yield from (value if isinstance(value, list) else [value])
        return
    yield text


def _web_value(response: Response, payload: bytes) -> Any:
    yield WebResponse(response.status, response.reason, _headers(response), payload,
                      _charset(response.headers.get("Content-Type", "") or ""))


@cmdlet(
    "Invoke-RestMethod",
    aliases=("irm",),
    synopsis="Sends an HTTP or HTTPS request to a RESTful web service.",
    examples=(
        ("Invoke-RestMethod -Uri \"$arm/metadata/endpoints?api-version=1.0\"", "Reads a stamp's endpoints."),
        ("Invoke-RestMethod $uri -Method Post -Body ($obj | ConvertTo-Json) -ContentType 'application/json'", ""),
    ),
)
@_web_declaration
def invoke_rest_method(ctx: Any, **params: Any) -> Any:
    return _output(ctx, "Invoke-RestMethod", params, _rest_value)


@cmdlet(
    "Invoke-WebRequest",
    aliases=("iwr", "curl", "wget"),
    synopsis="Gets content from a web page on the internet.",
    examples=(("(Invoke-WebRequest $uri).StatusCode", ""), ("Invoke-WebRequest $uri -OutFile ./disk.vhd", "")),
)
@_web_declaration
def invoke_web_request(ctx: Any, **params: Any) -> Any:
    return _output(ctx, "Invoke-WebRequest", params, _web_value)


__all__ = ["WebResponse", "invoke_rest_method", "invoke_web_request", "ssl_context"]
