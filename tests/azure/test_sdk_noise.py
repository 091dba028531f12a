"""What the SDKs say on their own never reaches the user: a 400 with a plain-text body from a blob endpoint gives
one translated error, and azure-storage-blob's "Unexpected return type <class 'str'> from ContentDecodePolicy"
warning (logged, and printed by Python when no logging is configured) stays off stderr."""

from __future__ import annotations

import os
import ssl
import subprocess
import sys
import threading
from pathlib import Path
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from tests.support.azurite import DEV_KEY
from tests.support import tls

AZS = Path(sys.executable).with_name("azs")


class _PlainBadRequest(BaseHTTPRequestHandler):
    def _answer(self) -> None:
        body = b"Bad Request - the proxy refused this request"
        self.send_response(400)
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    do_GET = do_PUT = do_HEAD = _answer

    def log_message(self, *args: object) -> None:
        return None


@pytest.fixture
def plain_400(test_pki: tls.TestPki) -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), _PlainBadRequest)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(str(test_pki.cert), str(test_pki.key))
    httpd.socket = context.wrap_socket(httpd.socket, server_side=True)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield f"https://127.0.0.1:{httpd.server_address[1]}/acct/"
    finally:
        httpd.shutdown()
        httpd.server_close()


def test_a_plain_text_400_gives_one_clean_error(plain_400: str, test_pki: tls.TestPki, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """Run as a user runs it (azs -Command: no logging configured, so Python itself would print SDK warnings)."""
    script = (f"$ctx = New-AzStorageContext -StorageAccountName acct -StorageAccountKey '{DEV_KEY}' "
              f"-BlobEndpoint '{plain_400}'; New-AzStorageContainer -Name vhds -Context $ctx")
    env = {**os.environ, "AZS_CA_BUNDLE": str(test_pki.ca_bundle), "AZS_CONFIG_DIR": str(tmp_path)}
    done = subprocess.run([str(AZS), "-NoProfile", "-Command", script], capture_output=True, text=True, env=env,
                          timeout=120)
    assert done.returncode == 1
    assert "HTTP 400" in done.stderr and "create container 'vhds'" in done.stderr
    assert "Unexpected return type" not in done.stderr + done.stdout
    assert "ContentDecodePolicy" not in done.stderr and "<class" not in done.stderr
