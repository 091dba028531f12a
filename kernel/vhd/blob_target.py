"""Where an upload goes: a page blob URL plus the credential for it (a SAS, or an account key).

What can be known without a request is checked here (SAS expiry and permissions, the length of the blob
name), so a destination that cannot work is refused before anything is sent. `repr()` and `display_uri`
never show a key or signature.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from urllib.parse import parse_qs, quote, unquote, urlsplit, urlunsplit

from .upload_errors import AccessDeniedError, SasExpiredError, UploadError, redact


class DestinationUriError(UploadError):
    """The destination is not a usable https blob URL."""


MAX_BLOB_NAME = 880
"""Azure Stack Hub's limit, in UTF-16 characters (azure-stack-acs-differences.md: "880 characters (1,760
bytes)"; Azure allows 1,024)."""


@dataclass(frozen=True)
class BlobTarget:
    blob_url: str
    """https URL of the blob, without any query string."""
    sas: str | None = field(default=None, repr=False)
    """The SAS query string (without '?'), when the destination carries one."""
    account_name: str | None = None
    account_key: str | None = field(default=None, repr=False)

    # -- constructors --------------------------------------------------------------------------------
    @classmethod
    def from_sas_url(cls, url: str) -> BlobTarget:
        base, query = _split(url)
        if not query or "sig" not in parse_qs(query):
            raise DestinationUriError(
                f"The destination {base} has no SAS (no 'sig' in its query). Give a blob URL with a SAS, "
                "or an account name and key."
            )
        return cls(blob_url=base, sas=query)

    @classmethod
    def from_account_key(cls, blob_endpoint: str, account: str, key: str, container: str, blob: str) -> BlobTarget:
        if not container or not blob:
            raise DestinationUriError("Both a container name and a blob name are needed.")
        endpoint = blob_endpoint.split("?")[0].rstrip("/")
        url, _ = _split(f"{endpoint}/{quote(container)}/{quote(blob, safe='/')}")
        return cls(blob_url=url, account_name=account, account_key=key)

    @classmethod
    def from_url_and_key(cls, url: str, key: str, account: str | None = None) -> BlobTarget:
        """A blob URL (any SAS on it is dropped) and the account key; the account comes from the URL."""
        base, _ = _split(url)
        return cls(blob_url=base, account_name=account or _account_from_url(base), account_key=key)

    # -- derived -------------------------------------------------------------------------------------
    @property
    def display_uri(self) -> str:
        """The blob URL as Add-AzVhd's DestinationUri shows it: no SAS."""
        return self.blob_url

    @property
    def container_url(self) -> str:
        parts = urlsplit(self.blob_url)
        segments = parts.path.lstrip("/").split("/")
        keep = 2 if _path_style(parts.hostname or "") else 1
        return urlunsplit((parts.scheme, parts.netloc, "/" + "/".join(segments[:keep]), "", ""))

    @property
    def secrets(self) -> tuple[str, ...]:
        return tuple(s for s in (self.sas, self.account_key) if s)

    def redact(self, text: str) -> str:
        return redact(text, self.secrets)

    def sas_fields(self) -> dict[str, str]:
        return {k: v[0] for k, v in parse_qs(self.sas or "").items()}

    def check_sas(self, now: dt.datetime | None = None) -> None:
        """Refuse, before any request, a SAS that is expired or cannot write."""
        if not self.sas:
            return
        fields = self.sas_fields()
        now = now or dt.datetime.now(dt.timezone.utc)
        expiry = parse_sas_time(fields.get("se"))
        if expiry is not None and expiry <= now:
            raise SasExpiredError(
                f"The SAS of {self.display_uri} expired at {expiry:%Y-%m-%d %H:%M:%SZ}. "
                "Get a new SAS with write permission and run the command again."
            )
        start = parse_sas_time(fields.get("st"))
        if start is not None and start > now + dt.timedelta(minutes=5):
            raise SasExpiredError(
                f"The SAS of {self.display_uri} is not valid before {start:%Y-%m-%d %H:%M:%SZ}."
            )
        perms = fields.get("sp")
        if perms is not None and "w" not in perms:
            raise AccessDeniedError(
                f"The SAS of {self.display_uri} does not allow writing (its permissions are '{perms}'). "
                "Upload needs a SAS with at least read, create and write permissions (sp=rcw)."
            )


def check_url(url: str) -> None:
    """Refuse, before any request, a destination that is not an https blob URL or whose name is too long."""
    _split(url)


def _split(url: str) -> tuple[str, str]:
    parts = urlsplit(url.strip())
    if parts.scheme.lower() != "https" or not parts.hostname:
        shown = redact(urlunsplit((parts.scheme, parts.netloc, parts.path, "", "")))
        raise DestinationUriError(
            f"The destination '{shown}' is not an https URL. Azure Stack Hub storage is reached over "
            "TLS: give https://<account>.blob.<region>.<fqdn>/<container>/<blob>."
        )
    skip = 2 if _path_style(parts.hostname) else 1
    if len([s for s in parts.path.split("/") if s]) < skip + 1:
        raise DestinationUriError(
            f"The destination '{urlunsplit((parts.scheme, parts.netloc, parts.path, '', ''))}' names no "
            "container and blob: give .../<container>/<blob>.vhd."
        )
    name = unquote(parts.path.lstrip("/").split("/", skip)[skip])
    length = len(name.encode("utf-16-le")) // 2
    if length > MAX_BLOB_NAME:
        raise DestinationUriError(
            f"The blob name '{name[:40]}...' is {length} characters long; Azure Stack Hub allows at most "
            f"{MAX_BLOB_NAME}. Choose a shorter name. Nothing was sent."
        )
    return urlunsplit((parts.scheme, parts.netloc, parts.path, "", "")), parts.query


def _path_style(host: str) -> bool:
    """Emulators (an IP address or localhost) carry the account as the first path segment."""
    return host == "localhost" or host.replace(".", "").isdigit() or ":" in host


def _account_from_url(url: str) -> str:
    parts = urlsplit(url)
    host = parts.hostname or ""
    if _path_style(host):
        return parts.path.lstrip("/").split("/")[0]
    return host.split(".")[0]


def parse_sas_time(value: str | None) -> dt.datetime | None:
    """A SAS `se`/`st` field as an aware datetime (UTC when it names no zone); None when absent or unreadable."""
    if not value:
        return None
    text = value.strip().replace("Z", "+00:00")
    try:
        parsed = dt.datetime.fromisoformat(text)
    except ValueError:
        try:
            parsed = dt.datetime.strptime(value[:10], "%Y-%m-%d")
        except ValueError:
            return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.timezone.utc)
