"""The lab's service principal: client id, client secret and a certificate, made at the first `lab up`.

The secret lives only in `principal.json` (0600) and is printed only by `azs lab env`.
"""

from __future__ import annotations

import hmac
import json
import secrets
import uuid
from dataclasses import dataclass

from cryptography import x509

from ..config import LabPaths
from ..tls import issue_client_certificate, write_private


@dataclass(frozen=True)
class ServicePrincipal:
    client_id: str
    client_secret: str
    certificate_pem: bytes

    def __repr__(self) -> str:  # keeps the secret out of tracebacks and logs
        return f"ServicePrincipal(client_id={self.client_id!r})"

    def secret_matches(self, given: str) -> bool:
        return hmac.compare_digest(given.encode(), self.client_secret.encode())

    @property
    def certificate(self) -> x509.Certificate:
        start = self.certificate_pem.index(b"-----BEGIN CERTIFICATE-----")
        return x509.load_pem_x509_certificate(self.certificate_pem[start:])


def ensure_principal(paths: LabPaths) -> ServicePrincipal:
    if paths.principal.exists() and paths.principal_pem.exists():
        raw = json.loads(paths.principal.read_text(encoding="utf-8"))
        return ServicePrincipal(raw["clientId"], raw["clientSecret"], paths.principal_pem.read_bytes())
    client_id = str(uuid.uuid4())
    secret = secrets.token_urlsafe(30)
    pem = issue_client_certificate(paths.pki, f"azslab-{client_id}")
    write_private(paths.principal_pem, pem)
    write_private(paths.principal, json.dumps({"clientId": client_id, "clientSecret": secret}).encode())
    return ServicePrincipal(client_id, secret, pem)
