"""Keep secrets out of every message: SAS signatures, account keys, bearer tokens, client secrets.

Two nets: patterns that recognise a secret by its shape (a `sig=` query value, `AccountKey=`, a JWT, a
`Bearer` header) and the literal values this process has handled (a client secret given to
Connect-AzAccount, a key fetched with listKeys). Every text that leaves the Azure layer (error messages,
verbose lines, display of URIs) goes through `redact`.
"""

from __future__ import annotations

import re
import threading
from typing import Final

MASK: Final = "REDACTED"

_PATTERNS: Final = (
    # SAS signature in a URI or a SAS token string; other SAS fields (sp, se, sv) are not secret.
    (re.compile(r"(?i)((?:^|[?&;\s'\"])sig=)[^&\s'\";]+"), r"\1" + MASK),
    (re.compile(r"(?i)(AccountKey=)[^;\s'\"]+"), r"\1" + MASK),
    (re.compile(r"(?i)(SharedAccessSignature=)[^;\s'\"]+"), r"\1" + MASK),
    (re.compile(r"(?i)(Bearer\s+)[A-Za-z0-9\-_.~+/=]+"), r"\1" + MASK),
    (re.compile(r"(?i)(client_secret=)[^&\s'\"]+"), r"\1" + MASK),
    (re.compile(r"eyJ[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]{4,}\.[A-Za-z0-9_-]*"), MASK),
)


class _KnownSecrets:
    """Literal secret values seen by this process; process-wide on purpose: a secret one session handled
    must not be printed by any other."""

    def __init__(self) -> None:
        self._values: set[str] = set()
        self._lock = threading.Lock()

    def add(self, value: str | None) -> None:
        # Very short values would mask ordinary words; real secrets are long.
        if value and len(value) >= 8:
            with self._lock:
                self._values.add(value)

    def values(self) -> list[str]:
        with self._lock:
            return sorted(self._values, key=len, reverse=True)


KNOWN_SECRETS = _KnownSecrets()


def remember_secret(value: str | None) -> None:
    KNOWN_SECRETS.add(value)


def redact(text: str) -> str:
    """`text` with every recognisable or known secret replaced by REDACTED."""
    if not text:
        return text
    for value in KNOWN_SECRETS.values():
        if value in text:
            text = text.replace(value, MASK)
    for pattern, replacement in _PATTERNS:
        text = pattern.sub(replacement, text)
    return text


def redact_uri(uri: str) -> str:
    """A blob URI as it may be shown: the SAS signature masked, the rest kept (expiry and permissions help)."""
    return redact(uri)
