"""A small fault-injecting HTTPS proxy in front of Azurite (no tests here; used by the fault and resume tests).

It terminates TLS with the test CA's server certificate, reads each HTTP/1.1 request, asks its `rule` what to
do, and forwards to Azurite over TLS, answers with a status of its own, delays, or resets the connection.
It counts the page bytes it received and the page bytes Azurite committed, logs the range of every page
write, and can round the page ranges Azurite reports out to a stamp's page size (`page_ranges_unit`), as
Azure Stack Hub reports them.
"""

from __future__ import annotations

import http.client
import re
import socket
import ssl
import struct
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import urlsplit


@dataclass(frozen=True)
class Request:
    method: str
    target: str
    headers: dict[str, str]
    body: bytes
    index: int
    """0-based count of requests of this kind (page writes or other) seen so far."""

    @property
    def is_page_write(self) -> bool:
        return self.method == "PUT" and "comp=page" in self.target

    @property
    def page_range(self) -> tuple[int, int] | None:
        """[start, end) of a page write, from its x-ms-range header."""
        value = next((v for k, v in self.headers.items() if k.lower() in ("x-ms-range", "range")), "")
        m = re.fullmatch(r"bytes=(\d+)-(\d+)", value.strip())
        return (int(m.group(1)), int(m.group(2)) + 1) if m else None


@dataclass(frozen=True)
class Forward:
    delay: float = 0.0
    reset_after: bool = False
    """Forward, then drop the connection instead of answering: the request took effect, its answer is lost."""


@dataclass(frozen=True)
class Reply:
    status: int
    code: str
    headers: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Reset:
    pass


Rule = Callable[[Request], "Forward | Reply | Reset"]


class FaultProxy:
    def __init__(self, upstream: str, ca_bundle: str, cert: str, key: str, rule: Rule | None = None) -> None:
        parts = urlsplit(upstream)
        self._up_host, self._up_port = parts.hostname or "127.0.0.1", parts.port or 443
        self._account_path = parts.path
        self._client_ctx = ssl.create_default_context(cafile=ca_bundle)
        self._server_ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        self._server_ctx.load_cert_chain(cert, key)
        self.rule: Rule = rule or (lambda req: Forward())
        self._sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        self._sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self._sock.bind(("127.0.0.1", 0))
        self._sock.listen(64)
        self.port = self._sock.getsockname()[1]
        self._lock = threading.Lock()
        self.page_requests = 0
        self.other_requests = 0
        self.page_bytes_received = 0
        self.page_bytes_committed = 0
        self.faults = 0
        self.page_writes: list[tuple[int, int]] = []
        """[start, end) of every page write received, in arrival order."""
        self.page_ranges_unit = 0
        """When set, Get Page Ranges answers are rounded out to this unit (Azure Stack Hub: 4096)."""
        self._closed = False
        self._conns: list[socket.socket] = []
        threading.Thread(target=self._accept, daemon=True).start()

    @property
    def endpoint(self) -> str:
        return f"https://127.0.0.1:{self.port}{self._account_path}"

    def close(self) -> None:
        self._closed = True
        self._sock.close()
        with self._lock:
            for conn in self._conns:
                try:
                    conn.close()
                except OSError:
                    pass

    def __enter__(self) -> FaultProxy:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- serving ------------------------------------------------------------------------------------------
    def _accept(self) -> None:
        while not self._closed:
            try:
                raw, _ = self._sock.accept()
            except OSError:
                return
            threading.Thread(target=self._serve, args=(raw,), daemon=True).start()

    def _serve(self, raw: socket.socket) -> None:
        try:
            conn = self._server_ctx.wrap_socket(raw, server_side=True)
        except (OSError, ssl.SSLError):
            raw.close()
            return
        with self._lock:
            self._conns.append(conn)
        upstream: http.client.HTTPSConnection | None = None
        reader = conn.makefile("rb")
        try:
            while not self._closed:
                request = self._read_request(reader)
                if request is None:
                    return
                action = self.rule(request)
                if isinstance(action, Reset):
                    self._count_fault()
                    conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                    return
                if isinstance(action, Reply):
                    self._count_fault()
                    body = (f'<?xml version="1.0" encoding="utf-8"?><Error><Code>{action.code}</Code>'
                            f"<Message>injected by the test proxy</Message></Error>").encode()
                    headers = {"x-ms-error-code": action.code, "Content-Type": "application/xml", **action.headers}
                    self._send(conn, action.status, "Injected", headers, body)
                    continue
                if action.delay:
                    time.sleep(action.delay)
                if upstream is None:
                    upstream = http.client.HTTPSConnection(self._up_host, self._up_port, context=self._client_ctx,
                                                           timeout=60)
                upstream.request(request.method, request.target, body=request.body, headers=request.headers)
                response = upstream.getresponse()
                body = response.read()
                if request.is_page_write and response.status == 201:
                    with self._lock:
                        self.page_bytes_committed += len(request.body)
                if action.reset_after:
                    self._count_fault()
                    conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                    return
                if self.page_ranges_unit and "comp=pagelist" in request.target and response.status == 200:
                    body = round_page_ranges(body, self.page_ranges_unit)
                headers = {k: v for k, v in response.getheaders()
                           if k.lower() not in ("transfer-encoding", "content-length", "connection")}
                # A HEAD reply keeps the upstream Content-Length: it is the blob's size, not a body's.
                length = response.getheader("Content-Length", "0") if request.method == "HEAD" else None
                self._send(conn, response.status, response.reason, headers, body, length)
        except (OSError, ssl.SSLError, http.client.HTTPException):
            return
        finally:
            if upstream is not None:
                upstream.close()
            try:
                conn.close()
            except OSError:
                pass

    def _count_fault(self) -> None:
        with self._lock:
            self.faults += 1

    def _read_request(self, reader) -> Request | None:  # type: ignore[no-untyped-def]
        line = reader.readline()
        if not line:
            return None
        method, target, _ = line.decode("latin-1").split(" ", 2)
        headers: dict[str, str] = {}
        while True:
            h = reader.readline().decode("latin-1")
            if h in ("\r\n", "\n", ""):
                break
            name, value = h.split(":", 1)
            headers[name.strip()] = value.strip()
        length = int(next((v for k, v in headers.items() if k.lower() == "content-length"), "0"))
        body = reader.read(length) if length else b""
        if len(body) != length:
            return None
        page = method == "PUT" and "comp=page" in target
        with self._lock:
            if page:
                index = self.page_requests
                self.page_requests += 1
                self.page_bytes_received += len(body)
                written = Request(method, target, headers, body, index).page_range
                if written is not None:
                    self.page_writes.append(written)
            else:
                index = self.other_requests
                self.other_requests += 1
        return Request(method, target, headers, body, index)

    @staticmethod
    def _send(conn: socket.socket, status: int, reason: str, headers: dict[str, str], body: bytes,
              length: str | None = None) -> None:
        head = f"HTTP/1.1 {status} {reason}\r\n" + "".join(f"{k}: {v}\r\n" for k, v in headers.items())
        head += f"Content-Length: {length if length is not None else len(body)}\r\n\r\n"
        conn.sendall(head.encode("latin-1") + body)


def round_page_ranges(body: bytes, unit: int) -> bytes:
    """A Get Page Ranges XML answer with every range rounded out to `unit` and the touching ones merged."""
    text = body.decode("utf-8")
    found = [(int(a), int(b) + 1) for a, b in re.findall(r"<PageRange><Start>(\d+)</Start><End>(\d+)</End></PageRange>",
                                                          text)]
    merged: list[list[int]] = []
    for lo, hi in sorted(found):
        lo, hi = lo - lo % unit, -(-hi // unit) * unit
        if merged and lo <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], hi)
        else:
            merged.append([lo, hi])
    ranges = "".join(f"<PageRange><Start>{lo}</Start><End>{hi - 1}</End></PageRange>" for lo, hi in merged)
    head, _, rest = text.partition("<PageList>")
    _, _, tail = rest.partition("</PageList>")
    return (f"{head}<PageList>{ranges}</PageList>{tail}" if "<PageList>" in text else text).encode("utf-8")
