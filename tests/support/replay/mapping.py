"""The mapping rules, in one place: how a value the stamp recorded reads on the lab.

- ARM hosts (`management.azure.com`, the test framework's placeholder, and `adminmanagement.<region>.<fqdn>`)
  become the lab's admin ARM endpoint; the query (api-version) is kept.
- The recording's subscription becomes the lab's admin subscription, wherever a `/subscriptions/<guid>`
  segment appears (request paths, ids, URIs).
- The recording's location becomes the lab's, as a `/locations/<name>` segment and as a whole value.
- A blob URI `https://<account>.blob.<anything>/<container>/<name>[?query]` (a stamp's storage or Azure's,
  `blob.core.windows.net`) becomes the same account, container and name on the lab's blob endpoint, without
  its query: a SAS the stamp or Azure signed cannot verify against the lab's keys, so the lab's copy of the
  blob lies in a public container, as Microsoft's guide allows ("publicly accessible" or a SAS).
- Every other URI (GitHub, documentation links) stays as recorded.
Identity-bound values of an answer are compared after this mapping; nothing else is mapped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote, urlsplit

from .recording import Recording

ARM_HOST = re.compile(r"^(management\.azure\.com|adminmanagement\..+)$", re.IGNORECASE)
BLOB_HOST = re.compile(r"^(?P<account>[a-z0-9]{3,24})\.blob\..+$", re.IGNORECASE)
SUBSCRIPTION = re.compile(r"(?<=/subscriptions/)[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}",
                          re.IGNORECASE)
LOCATION = re.compile(r"(?<=/locations/)[^/?#]+", re.IGNORECASE)


@dataclass(frozen=True)
class BlobRef:
    """A blob a recorded URI points at, as the lab must hold it."""

    account: str
    container: str
    name: str
    """The blob's name, decoded once from the URI's path (`%2F` is a `/` of the name)."""


@dataclass(frozen=True)
class LabSide:
    """What the recording's identity-bound values become."""

    arm: str
    """The admin ARM endpoint, without its trailing slash."""
    subscription: str
    location: str
    blob_template: str
    """The lab's blob endpoint with `{account}` in it (`https://127.0.0.1:<port>/{account}/`)."""

    def blob_endpoint(self, account: str) -> str:
        return self.blob_template.replace("{account}", account)


@dataclass(frozen=True)
class Mapping:
    stamp_subscription: str
    stamp_location: str | None
    lab: LabSide

    @staticmethod
    def for_recording(recording: Recording, lab: LabSide) -> Mapping:
        """The recording's subscription and location are those of its first request that names them."""
        subscription = location = None
        for exchange in recording.exchanges:
            path = urlsplit(exchange.uri).path
            subscription = subscription or _first(SUBSCRIPTION, path)
            location = location or _first(LOCATION, path)
        if subscription is None:
            raise ValueError(f"{recording.name}: no request names a subscription")
        return Mapping(subscription, location, lab)

    def value(self, value: Any) -> Any:
        """A recorded JSON value with every identity-bound string mapped."""
        if isinstance(value, dict):
            return {k: self.value(v) for k, v in value.items()}
        if isinstance(value, list):
            return [self.value(v) for v in value]
        if isinstance(value, str):
            return self.text(value)
        return value

    def text(self, text: str) -> str:
        if re.match(r"https?://", text, re.IGNORECASE):
            return self.uri(text)
        if self.stamp_location is not None and text.lower() == self.stamp_location.lower():
            return self.lab.location
        return self._path(text)

    def uri(self, uri: str) -> str:
        parts = urlsplit(uri)
        host = parts.hostname or ""
        if ARM_HOST.match(host):
            return self.lab.arm + self._path(parts.path) + (f"?{parts.query}" if parts.query else "")
        blob = BLOB_HOST.match(host)
        if blob and parts.scheme == "https":
            return self.lab.blob_endpoint(blob["account"].lower()) + parts.path.lstrip("/")
        return uri

    def blob(self, uri: str) -> BlobRef | None:
        """The lab blob a recorded (or already mapped) URI names, or None for a URI outside any storage."""
        parts = urlsplit(uri)
        match = BLOB_HOST.match(parts.hostname or "")
        path = parts.path.lstrip("/")
        if match:
            account = match["account"].lower()
        elif uri.startswith(self.lab.blob_template.split("{account}")[0]):
            account, _, path = path.partition("/")
        else:
            return None
        container, _, name = path.partition("/")
        return BlobRef(account, container, unquote(name)) if name else None

    def _path(self, text: str) -> str:
        text = SUBSCRIPTION.sub(lambda m: self.lab.subscription if m[0].lower() == self.stamp_subscription.lower()
                                else m[0], text)
        if self.stamp_location is not None:
            text = LOCATION.sub(lambda m: self.lab.location if m[0].lower() == self.stamp_location.lower()
                                else m[0], text)
        return text


def _first(pattern: re.Pattern[str], text: str) -> str | None:
    match = pattern.search(text)
    return match[0] if match else None
