"""The web cmdlets' redirects, retries and secrets between two real HTTPS servers (certificates from the test CA).

Server A listens on https://127.0.0.1, server B on https://localhost: two origins. Each records what it
received, so a test asserts what reached the wire, not what the cmdlet says it sent.
"""

from __future__ import annotations

import json
import ssl
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.commands.harness import run_script

TOKEN = "s3cr3t-bearer-value"
PASSWORD = "pa55-w0rd-value"


@dataclass
class Seen:
    method: str
    path: str
    authorization: str | None
    body: bytes
    content_type: str | None


@dataclass
class Server:
    url: str
    seen: list[Seen] = field(default_factory=list)
    counters: dict[str, int] = field(default_factory=dict)


def _handler(state: Server) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            return None

        def _reply(self, status: int, body: bytes = b"", headers: dict[str, str] | None = None) -> None:
            self.send_response(status)
            for k, v in (headers or {}).items():
                self.send_header(k, v)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def _handle(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            state.seen.append(Seen(self.command, self.path, self.headers.get("Authorization"), body, self.headers.get("Content-Type")))
            parts = urlsplit(self.path)
            query = {k: v[0] for k, v in parse_qs(parts.query).items()}
            route = parts.path
            if route == "/redirect":
                self._reply(int(query.get("code", "302")), headers={"Location": query["to"]})
            elif route.startswith("/chain/"):
                left = int(route.rsplit("/", 1)[1])
                if left:
                    self._reply(302, headers={"Location": f"/chain/{left - 1}"})
                else:
                    self._echo(body)
            elif route == "/flaky":
                count = state.counters.get("flaky", 0) + 1
                state.counters["flaky"] = count
                if count <= int(query.get("fail", "2")):
                    self._reply(503, b"busy", {"Content-Type": "text/plain"})
                else:
                    self._echo(body)
            elif route == "/basic":
                if self.headers.get("Authorization", "").startswith("Basic "):
                    self._echo(body)
                else:
                    self._reply(401, headers={"WWW-Authenticate": 'Basic realm="lab"'})
            elif route == "/slow":
                time.sleep(3)
                self._echo(body)
            else:
                self._echo(body)

        def _echo(self, body: bytes) -> None:
            echo = {
                "method": self.command, "path": self.path, "origin": state.url,
                "auth": (self.headers.get("Authorization") or "").split(" ")[0],
                "body": body.decode("latin-1"), "type": self.headers.get("Content-Type") or "",
                "agent": self.headers.get("User-Agent") or "",
            }
            self._reply(200, json.dumps(echo).encode(), {"Content-Type": "application/json"})

        do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = _handle  # noqa: N815

    return Handler


def _serve(test_pki: Any, host: str) -> Iterator[Server]:
    state = Server("")
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _handler(state))
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(str(test_pki.cert), str(test_pki.key))
    httpd.socket = context.wrap_socket(httpd.socket, server_side=True)
    state.url = f"https://{host}:{httpd.server_address[1]}"
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield state
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture()
def a(test_pki: Any) -> Iterator[Server]:
    yield from _serve(test_pki, "127.0.0.1")


@pytest.fixture()
def b(test_pki: Any) -> Iterator[Server]:
    yield from _serve(test_pki, "localhost")


@pytest.fixture(autouse=True)
def trusted(monkeypatch: pytest.MonkeyPatch, test_pki: Any) -> None:
    monkeypatch.setenv("AZS_CA_BUNDLE", str(test_pki.ca_bundle))


TOKEN_PS = f"$t = ConvertTo-SecureString '{TOKEN}' -AsPlainText -Force; "


def test_authorization_is_dropped_on_a_redirect_to_another_host(a: Server, b: Server) -> None:
    r = run_script(TOKEN_PS + f"$r = Invoke-RestMethod '{a.url}/redirect?to={b.url}/echo' -Authentication Bearer -Token $t -Verbose -Debug; "
                   "$r.origin; $r.auth")
    assert r.err == ""
    assert r.out.splitlines()[-2:] == [b.url, ""]
    assert a.seen[0].authorization == f"Bearer {TOKEN}"
    assert [s.authorization for s in b.seen] == [None]
    assert TOKEN not in r.out + r.err


def test_authorization_from_headers_is_dropped_too(a: Server, b: Server) -> None:
    r = run_script(f"(Invoke-RestMethod '{a.url}/redirect?to={b.url}/echo' -Headers @{{Authorization = 'Bearer {TOKEN}'}}).auth")
    assert r.out == "\n" and r.err == ""
    assert b.seen[0].authorization is None


def test_preserve_authorization_sends_it_on_every_hop(a: Server, b: Server) -> None:
    r = run_script(TOKEN_PS + f"(Invoke-RestMethod '{a.url}/redirect?to={b.url}/chain/1' -Authentication Bearer -Token $t "
                   "-PreserveAuthorizationOnRedirect).auth")
    assert r.out == "Bearer\n" and r.err == ""
    assert [s.authorization for s in b.seen] == [f"Bearer {TOKEN}"] * 2


def test_maximum_redirection_0_stops_at_the_3xx(a: Server, b: Server) -> None:
    r = run_script(f"Invoke-WebRequest '{a.url}/redirect?to={b.url}/echo' -MaximumRedirection 0; 'next'")
    assert r.err == "Invoke-WebRequest: Response status code does not indicate success: 302 (Found).\n"
    assert r.out == "next\n"
    assert b.seen == []
    # -SkipHttpErrorCheck: the 3xx is the output, then pwsh's non-terminating MaximumRedirectExceeded
    r = run_script(f"$w = Invoke-WebRequest '{a.url}/redirect?to={b.url}/echo' -MaximumRedirection 0 -SkipHttpErrorCheck "
                   "-ErrorVariable ev; $w.StatusCode; $w.Headers['Location']; $ev[0].FullyQualifiedErrorId")
    assert r.out == f"302\n{b.url}/echo\nMaximumRedirectExceeded,Microsoft.PowerShell.Commands.InvokeWebRequestCommand\n"
    assert r.err == ("Invoke-WebRequest: The maximum redirection count has been exceeded. To increase the number of "
                     "redirections allowed, supply a higher value to the -MaximumRedirection parameter.\n")
    assert b.seen == []


def test_maximum_redirection_counts_hops(a: Server) -> None:
    assert run_script(f"(Invoke-RestMethod '{a.url}/chain/2' -MaximumRedirection 2).path").out == "/chain/0\n"
    r = run_script(f"Invoke-RestMethod '{a.url}/chain/3' -MaximumRedirection 2")
    assert r.err == "Invoke-RestMethod: Response status code does not indicate success: 302 (Found).\n"
    assert [s.path for s in a.seen[-3:]] == ["/chain/3", "/chain/2", "/chain/1"]


def test_post_becomes_get_on_302_and_stays_post_on_307(a: Server, b: Server) -> None:
    r = run_script(f"(Invoke-RestMethod '{a.url}/redirect?to={b.url}/echo' -Method Post -Body 'x=1').method; "
                   f"$r = Invoke-RestMethod '{a.url}/redirect?code=307&to={b.url}/echo' -Method Post -Body 'x=2' -ContentType 'text/plain'; "
                   "$r.method; $r.body; $r.type; "
                   f"(Invoke-RestMethod '{a.url}/redirect?to={b.url}/echo' -Method Post -Body 'x=3' -PreserveHttpMethodOnRedirect).method")
    assert r.err == ""
    assert r.out == "GET\nPOST\nx=2\ntext/plain\nPOST\n"
    assert [(s.method, s.body) for s in b.seen] == [("GET", b""), ("POST", b"x=2"), ("POST", b"x=3")]


def test_https_to_http_is_refused_unless_allowed(a: Server) -> None:
    r = run_script(TOKEN_PS + f"Invoke-RestMethod '{a.url}/redirect?to=http://127.0.0.1:9/x' -Authentication Bearer -Token $t "
                   "-PreserveAuthorizationOnRedirect")
    assert r.err == ("Invoke-RestMethod: Cannot follow an insecure redirection by default. Reissue the command specifying the "
                     "-AllowInsecureRedirect switch. \n")
    r = run_script(f"Invoke-RestMethod '{a.url}/redirect?to=http://127.0.0.1:9/x' -AllowInsecureRedirect -TimeoutSec 5")
    assert r.err == "Invoke-RestMethod: Connection refused (127.0.0.1:9)\n"  # it did follow


def test_retries_wait_and_say_so(a: Server) -> None:
    r = run_script(f"(Invoke-RestMethod '{a.url}/flaky?fail=2' -MaximumRetryCount 2 -RetryIntervalSec 1 -Verbose).path")
    assert r.out.count("VERBOSE: Retrying after interval of 1 seconds. Status code for previous attempt: ServiceUnavailable") == 2
    assert r.out.endswith("/flaky?fail=2\n")
    assert len(a.seen) == 3
    r = run_script(f"Invoke-RestMethod '{a.url}/flaky?fail=9' -MaximumRetryCount 1 -RetryIntervalSec 1")
    assert r.err == "Invoke-RestMethod: busy\n"
    assert run_script(f"Invoke-RestMethod '{a.url}/echo' -RetryIntervalSec 0").err.startswith(
        "Invoke-RestMethod: Cannot validate argument on parameter 'RetryIntervalSec'.")


def test_credential_answers_a_basic_challenge_and_basic_is_sent_first(a: Server) -> None:
    cred = f"$c = [pscredential]::new('op', (ConvertTo-SecureString '{PASSWORD}' -AsPlainText -Force)); "
    r = run_script(cred + f"(Invoke-RestMethod '{a.url}/basic' -Credential $c).auth; "
                   f"(Invoke-RestMethod '{a.url}/basic' -Credential $c -Authentication Basic).auth")
    assert r.out == "Basic\nBasic\n" and r.err == ""
    assert [s.authorization is not None for s in a.seen] == [False, True, True]
    r = run_script(cred + f"Invoke-RestMethod 'http://127.0.0.1:9/x' -Credential $c")
    assert r.err.startswith("Invoke-RestMethod: The cmdlet cannot protect plain text secrets sent over unencrypted connections.")
    r = run_script(f"Invoke-RestMethod '{a.url}/echo' -Authentication Bearer")
    assert r.err.startswith("Invoke-RestMethod: The cmdlet cannot run because the following parameter is not specified: Token.")
    assert PASSWORD not in r.out + r.err


def test_in_file_content_type_and_timeout(a: Server, tmp_path: Any) -> None:
    (tmp_path / "payload.json").write_bytes(b'{"disk": "os.vhd"}')
    r = run_script(f"$r = Invoke-RestMethod '{a.url}/echo' -Method Put -InFile payload.json -ContentType 'application/json'; "
                   "$r.body; $r.type; $r.agent", tmp_path)
    assert r.err == ""
    body, ctype, agent = r.out.splitlines()
    assert (body, ctype) == ('{"disk": "os.vhd"}', "application/json")
    assert agent.startswith("Mozilla/5.0 (Linux) PowerShell/7.4 azs-notebook/")
    r = run_script(f"(Invoke-RestMethod '{a.url}/echo' -Method Post -Body 'caf\u00e9' -ContentType 'text/plain; charset=iso-8859-1').body")
    assert r.out == "caf\u00e9\n"
    r = run_script(f"Invoke-RestMethod '{a.url}/slow' -TimeoutSec 1")
    assert r.err == "Invoke-RestMethod: The request was canceled due to the configured HttpClient.Timeout of 1 seconds elapsing.\n"
