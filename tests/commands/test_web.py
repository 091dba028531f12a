"""Invoke-RestMethod / Invoke-WebRequest against a real HTTPS server on loopback (certificate from the test CA)."""

from __future__ import annotations

import json
import ssl
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from tests.commands.harness import run_script


class _Handler(BaseHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # keep test output quiet
        return None

    def _send(self, status: int, body: bytes, content_type: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:  # noqa: N802
        if self.path.startswith("/json"):
            self._send(200, json.dumps({"name": "disk", "items": [1, 2], "query": self.path}).encode(), "application/json; charset=utf-8")
        elif self.path == "/list":
            self._send(200, b'[{"n":1},{"n":2}]', "application/json")
        elif self.path == "/text":
            self._send(200, b"plain words", "text/plain")
        else:
            self._send(404, b'{"error":{"code":"NotFound","message":"The image was not found."}}', "application/json")

    def do_POST(self) -> None:  # noqa: N802
        length = int(self.headers.get("Content-Length", "0"))
        body = self.rfile.read(length).decode()
        echo = {"body": body, "type": self.headers.get("Content-Type"), "auth": self.headers.get("Authorization", "")[:6]}
        self._send(201, json.dumps(echo).encode(), "application/json")


@pytest.fixture(scope="module")
def server(test_pki) -> Iterator[str]:  # type: ignore[no-untyped-def]
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(str(test_pki.cert), str(test_pki.key))
    httpd.socket = context.wrap_socket(httpd.socket, server_side=True)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"https://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture()
def trusted(monkeypatch: pytest.MonkeyPatch, test_pki) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("AZS_CA_BUNDLE", str(test_pki.ca_bundle))


def test_rest_method_parses_json(server: str, trusted: None) -> None:
    r = run_script(f"$r = Invoke-RestMethod '{server}/json'; $r.name; $r.items.Count; (Invoke-RestMethod '{server}/list').Count; "
                   f"Invoke-RestMethod '{server}/text'")
    assert r.err == ""
    assert r.out == "disk\n2\n2\nplain words\n"


def test_get_with_hashtable_body_becomes_a_query(server: str, trusted: None) -> None:
    r = run_script(f"(Invoke-RestMethod '{server}/json' -Body @{{ 'api-version' = '2019-05-01' }}).query")
    assert r.out == "/json?api-version=2019-05-01\n"


def test_post_json_and_bearer_token(server: str, trusted: None) -> None:
    r = run_script(
        f"$t = ConvertTo-SecureString 'tok' -AsPlainText; $r = Invoke-RestMethod '{server}/echo' -Method Post "
        "-Body (@{a=1} | ConvertTo-Json -Compress) -ContentType 'application/json' -Authentication Bearer -Token $t; "
        "$r.body; $r.type; $r.auth"
    )
    assert r.out == '{"a":1}\napplication/json\nBearer\n'


def test_web_request_object(server: str, trusted: None) -> None:
    r = run_script(f"$w = Invoke-WebRequest '{server}/text'; $w.StatusCode; $w.Content; $w.Headers['Content-Type']")
    assert r.out == "200\nplain words\ntext/plain\n"


def test_http_error_is_a_terminating_error_with_the_body(server: str, trusted: None) -> None:
    r = run_script(f"Invoke-RestMethod '{server}/missing'; 'next statement'")
    assert r.out == "next statement\n"  # statement-terminating, as in pwsh
    assert r.err == 'Invoke-RestMethod: {"error":{"code":"NotFound","message":"The image was not found."}}\n'
    r = run_script(f"try {{ Invoke-RestMethod '{server}/missing' }} catch {{ $_.Exception.GetType().Name }}")
    assert r.out == "HttpResponseException\n"
    r = run_script(f"Invoke-WebRequest '{server}/missing' -SkipHttpErrorCheck | ForEach-Object StatusCode")
    assert r.out == "404\n"


def test_untrusted_certificate_says_what_to_do(server: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("AZS_CA_BUNDLE", raising=False)
    monkeypatch.setenv("SSL_CERT_FILE", "/nonexistent")
    r = run_script(f"Invoke-RestMethod '{server}/json'")
    assert r.err.startswith("Invoke-RestMethod: The SSL connection could not be established")
    assert "AZS_CA_BUNDLE" in r.err
    assert run_script(f"(Invoke-RestMethod '{server}/json' -SkipCertificateCheck).name").out == "disk\n"


def test_secrets_are_not_sent_over_http() -> None:
    r = run_script("$t = ConvertTo-SecureString 'tok' -AsPlainText; Invoke-RestMethod 'http://127.0.0.1:9/x' -Authentication Bearer -Token $t")
    assert r.err.startswith("Invoke-RestMethod: The cmdlet cannot protect plain text secrets sent over unencrypted connections.")
    assert "tok" not in r.err


def test_bad_uri_and_refused_connection() -> None:
    assert "is not an absolute http or https address" in run_script("Invoke-RestMethod 'ftp://x/y'").err
    r = run_script("Invoke-RestMethod 'https://127.0.0.1:9/x' -TimeoutSec 5")
    assert r.err.startswith("Invoke-RestMethod: Connection refused")


def test_out_file_streams_the_body_and_retries_count(server: str, trusted: None, tmp_path) -> None:  # type: ignore[no-untyped-def]
    r = run_script(f"Invoke-WebRequest '{server}/json' -OutFile got.json; (Get-Content got.json -Raw | ConvertFrom-Json).name; "
                   f"Invoke-RestMethod '{server}/missing' -MaximumRetryCount 2 -RetryIntervalSec 1 -Verbose", tmp_path)
    assert r.out.startswith("disk\n")
    assert r.out.count("VERBOSE: Retrying after interval of 1 seconds. Status code for previous attempt: NotFound") == 2
    assert r.err.startswith("Invoke-RestMethod: ")
    assert not list(tmp_path.glob(".*.partial"))
