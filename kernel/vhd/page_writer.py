"""The uploader's one seam to storage: `PageWriter`, and `BlobPageWriter` on azure-storage-blob's BlobClient.

Every storage fault leaves this module as either a `TransientError` (worth retrying) or a
`DestinationError` subclass with a message that says what to do; SDK exceptions never escape, and
messages are redacted. Data plane api-version is pinned to 2019-07-07 (Azure Stack Hub).

Ownership: an upload owns its blob through the blob's sequence number. It creates the blob with its own
number (only if no blob exists: If-None-Match: *) or claims an unfinished one by setting its number under
the ETag it read; every Put Page carries `x-ms-if-sequence-number-eq`, and the completion marker is written
under the ETag of the owner's last guarded write. A competitor that deletes, recreates or claims the blob
makes the next request of this run fail with 412/404, reported as `BlobTakenOverError`.
"""

from __future__ import annotations

import email.utils
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol, TypeVar
from urllib.parse import urlsplit

import requests
from azure.core import MatchConditions
from azure.core.exceptions import (
    AzureError,
    HttpResponseError,
    ResourceExistsError,
    ServiceRequestError,
    ServiceResponseError,
)
from azure.core.pipeline.transport import RequestsTransport
from azure.storage.blob import BlobClient, BlobType, ContainerClient, ContentSettings
from requests.adapters import HTTPAdapter
from urllib3.util.retry import Retry

from .blob_target import BlobTarget
from .upload_errors import (
    AccessDeniedError,
    AccountFullError,
    BlobConflictError,
    BlobTakenOverError,
    ContainerMissingError,
    DestinationError,
    SasExpiredError,
    TransientError,
)

HUB_BLOB_API_VERSION = "2019-07-07"
_RANGE_WINDOW = 4 << 30  # Get Page Ranges per window: huge fragmented blobs time out in one call
_RETRYABLE = {408, 429, 500, 502, 503, 504}
_FULL_WORDS = ("Quota", "Capacity", "AccountLimit", "InsufficientStorage", "Full")
"""Error codes with these words mean no room (the Hub's exact code for a full share is not documented)."""

T = TypeVar("T")


@dataclass(frozen=True)
class RemoteBlob:
    size: int
    is_page_blob: bool
    metadata: dict[str, str] = field(default_factory=dict)
    content_md5: bytes | None = None
    sequence_number: int = 0
    """The page blob's sequence number: the claim of the upload that owns it."""
    etag: str = ""


class PageWriter(Protocol):
    """What the upload engine needs from a page blob; every method may raise TransientError."""

    def properties(self) -> RemoteBlob | None:
        """The blob's size, type, metadata and Content-MD5; None when it does not exist."""

    def create(self, size: int, metadata: dict[str, str], sequence_number: int) -> None:
        """Create the page blob with this sequence number, only if no blob exists (else BlobTakenOverError);
        raises ContainerMissingError when the container is missing."""

    def create_container(self) -> None: ...

    def delete(self) -> None:
        """Delete the blob and its snapshots; a blob already gone is not an error."""

    def claim(self, sequence_number: int, etag: str) -> None:
        """Set the sequence number, if the blob still has `etag` (else BlobTakenOverError)."""

    def write(self, offset: int, data: bytes, sequence_number: int) -> str:
        """Put Page (512-aligned offset and length, at most 4 MiB) if the blob's sequence number is still
        `sequence_number` (else BlobTakenOverError); returns the blob's new ETag."""

    def read(self, offset: int, length: int) -> bytes: ...

    def page_ranges(self, size: int) -> list[tuple[int, int]]:
        """[start, end) of the committed pages, ascending."""

    def set_metadata(self, metadata: dict[str, str], etag: str | None = None) -> str:
        """Replace the metadata (only if the blob still has `etag`, when given); returns the new ETag."""

    def set_content_md5(self, md5: bytes, etag: str) -> str:
        """Stamp Content-MD5 if the blob still has `etag`, keeping every other content header as it is."""


class BlobPageWriter:
    """PageWriter over one BlobClient shared by the writer threads (one connection each)."""

    def __init__(
        self,
        target: BlobTarget,
        *,
        ca_bundle: str | Path | None = None,
        connections: int = 8,
        timeout: float = 60.0,
    ) -> None:
        self._target = target
        session = requests.Session()
        adapter = HTTPAdapter(
            pool_connections=2, pool_maxsize=connections + 2, max_retries=Retry(total=False, redirect=False)
        )
        session.mount("https://", adapter)
        session.mount("http://", adapter)
        self._session = session
        verify: str | bool = str(ca_bundle) if ca_bundle else True
        options = dict(api_version=HUB_BLOB_API_VERSION, connection_verify=verify, retry_total=0)
        credential: object
        if target.sas:
            credential = target.sas
        elif target.account_key:
            credential = {"account_name": target.account_name, "account_key": target.account_key}
        else:
            credential = None
        self._blob = BlobClient.from_blob_url(
            target.blob_url,
            credential=credential,
            transport=self._transport(verify, timeout),
            **options,
        )
        self._container = ContainerClient.from_container_url(
            target.container_url,
            credential=credential,
            transport=self._transport(verify, timeout),
            **options,
        )

    def _transport(self, verify: str | bool, timeout: float) -> RequestsTransport:
        # Timeouts live on the transport: with a transport given, the client's own timeout options are unused.
        return RequestsTransport(session=self._session, session_owner=False, connection_verify=verify,
                                 connection_timeout=20, read_timeout=timeout)

    def close(self) -> None:
        self._session.close()

    # -- PageWriter ----------------------------------------------------------------------------------
    def properties(self) -> RemoteBlob | None:
        def call() -> RemoteBlob | None:
            try:
                props = self._blob.get_blob_properties()
            except HttpResponseError as err:
                if err.status_code == 404:
                    return None
                raise
            md5 = props.content_settings.content_md5
            return RemoteBlob(
                size=int(props.size),
                is_page_blob=props.blob_type == BlobType.PAGEBLOB,
                metadata=dict(props.metadata or {}),
                content_md5=bytes(md5) if md5 else None,
                sequence_number=int(props.page_blob_sequence_number or 0),
                etag=str(props.etag or ""),
            )

        return self._call(call, "read the blob's properties")

    def create(self, size: int, metadata: dict[str, str], sequence_number: int) -> None:
        self._call(lambda: self._blob.create_page_blob(size, metadata=metadata, sequence_number=sequence_number,
                                                       match_condition=MatchConditions.IfMissing),
                   "create the page blob")

    def create_container(self) -> None:
        def call() -> None:
            try:
                self._container.create_container()
            except ResourceExistsError:
                pass

        self._call(call, "create the container", container=True)

    def delete(self) -> None:
        def call() -> None:
            try:
                self._blob.delete_blob(delete_snapshots="include")
            except HttpResponseError as err:
                if err.status_code != 404:
                    raise

        self._call(call, "delete the existing blob")

    def claim(self, sequence_number: int, etag: str) -> None:
        self._call(lambda: self._blob.set_sequence_number("update", str(sequence_number), etag=etag,
                                                          match_condition=MatchConditions.IfNotModified),
                   "claim the unfinished upload")

    def write(self, offset: int, data: bytes, sequence_number: int) -> str:
        answer = self._call(lambda: self._blob.upload_page(data, offset, len(data),
                                                           if_sequence_number_eq=sequence_number), "write pages")
        return str(answer.get("etag") or "")

    def read(self, offset: int, length: int) -> bytes:
        return self._call(lambda: self._blob.download_blob(offset=offset, length=length).readall(),
                          "read the blob back")

    def page_ranges(self, size: int) -> list[tuple[int, int]]:
        ranges: list[tuple[int, int]] = []
        for start in range(0, size, _RANGE_WINDOW):
            length = min(_RANGE_WINDOW, size - start)
            pages, _ = self._call(
                lambda: self._blob.get_page_ranges(offset=start, length=length), "list the blob's pages"
            )
            for page in pages:
                lo, hi = int(page["start"]), int(page["end"]) + 1
                if ranges and ranges[-1][1] >= lo:
                    ranges[-1] = (ranges[-1][0], max(hi, ranges[-1][1]))
                else:
                    ranges.append((lo, hi))
        return ranges

    def set_metadata(self, metadata: dict[str, str], etag: str | None = None) -> str:
        condition = dict(etag=etag, match_condition=MatchConditions.IfNotModified) if etag else {}
        answer = self._call(lambda: self._blob.set_blob_metadata(metadata, **condition), "set the blob's metadata")
        return str(answer.get("etag") or "")

    def set_content_md5(self, md5: bytes, etag: str) -> str:
        def call() -> str:
            current = self._blob.get_blob_properties(etag=etag, match_condition=MatchConditions.IfNotModified
                                                     ).content_settings
            # set_http_headers replaces all content headers: carry the others over.
            settings = ContentSettings(
                content_type=current.content_type,
                content_encoding=current.content_encoding,
                content_language=current.content_language,
                content_disposition=current.content_disposition,
                cache_control=current.cache_control,
                content_md5=bytearray(md5),
            )
            answer = self._blob.set_http_headers(content_settings=settings, etag=etag,
                                                 match_condition=MatchConditions.IfNotModified)
            return str(answer.get("etag") or "")

        return self._call(call, "set the blob's Content-MD5")

    # -- error translation ---------------------------------------------------------------------------
    def _call(self, fn: Callable[[], T], what: str, *, container: bool = False) -> T:
        try:
            return fn()
        except (ServiceRequestError, ServiceResponseError) as err:
            if "CERTIFICATE_VERIFY_FAILED" in str(err) or "certificate verify failed" in str(err):
                host = urlsplit(self._target.blob_url).netloc
                raise DestinationError(
                    f"The TLS certificate of {host} is not trusted by this machine: pass the stamp's CA "
                    "certificate bundle (ca_bundle / the lab's CA bundle path), or add that CA to the system store."
                ) from None
            host = urlsplit(self._target.blob_url).netloc
            if isinstance(err, ServiceRequestError):
                raise TransientError(f"could not {what}: cannot connect to {host} ({_network_reason(err)})") from None
            raise TransientError(f"could not {what}: the connection to {host} broke ({_network_reason(err)})") from None
        except HttpResponseError as err:
            raise self._translate(err, what, container) from None
        except AzureError as err:
            raise TransientError(f"could not {what}: {self._target.redact(str(err))[:200]}") from None

    def _translate(self, err: HttpResponseError, what: str, container: bool) -> Exception:
        status = err.status_code or 0
        code = str(getattr(err.error_code, "value", err.error_code) or "")
        headers = err.response.headers if err.response is not None else {}
        where = self._target.display_uri
        if status in _RETRYABLE:
            throttled = status == 429 or (status == 503 and code in ("ServerBusy", ""))
            return TransientError(
                f"could not {what}: HTTP {status} {code}".strip(),
                retry_after=_retry_after(headers.get("Retry-After")),
                throttled=throttled,
            )
        service = _first_line(self._target.redact(str(err.message or err.reason or "")))
        if status == 404 and code == "ContainerNotFound":
            return ContainerMissingError(
                f"The container of {where} does not exist.", status=status, code=code
            )
        if status == 507 or any(w in code for w in _FULL_WORDS):
            return AccountFullError(
                f"The storage account has no room left for {where} ({code or status}): free space, raise the "
                "account's quota on the stamp, or use another account.",
                status=status,
                code=code,
            )
        if status == 403:
            return self._forbidden(what, code, service, container)
        taken = _taken_over(status, code, what)
        if taken is not None:
            error = BlobTakenOverError.by(taken, where, code or str(status))
            error.status = status
            return error
        if status in (409, 412) and "Lease" in code:
            return BlobConflictError(
                f"{where} is leased by another client ({code}); break the lease or wait for it to end.",
                status=status,
                code=code,
            )
        return DestinationError(
            f"Could not {what} at {where}: HTTP {status} {code}: {service}".rstrip(": "),
            status=status,
            code=code,
        )

    def _forbidden(self, what: str, code: str, service: str, container: bool) -> DestinationError:
        where = self._target.display_uri
        uses_sas = self._target.sas is not None
        if code == "AuthenticationFailed" and uses_sas and ("time frame" in service or "expir" in service.lower()):
            return SasExpiredError(
                f"The SAS of {where} is expired or not yet valid. Get a new SAS and run the command again.",
                status=403,
                code=code,
            )
        if code == "AccountIsDisabled":
            return AccessDeniedError(f"The storage account of {where} is disabled.", status=403, code=code)
        if container:
            return ContainerMissingError(
                f"The container of {where} does not exist and this credential may not create it ({code}). "
                "Create the container, or use a SAS with create permission on the container (or an account key).",
                status=403,
                code=code,
            )
        if not uses_sas:
            # A key may do everything: a 403 means the key is wrong (or network rules keep this client out).
            return AccessDeniedError(
                f"The storage service refused the account key for {where} ({code or 'HTTP 403'}): check that it "
                "is one of this account's keys, complete, and that the account accepts requests from this machine.",
                status=403,
                code=code,
            )
        needs = "read, create, write and delete permissions (sp=rcwd) to overwrite" if "delete" in what \
            else "read, create and write permissions (sp=rcw)"
        return AccessDeniedError(
            f"The storage service refused the SAS for {where} when trying to {what} ({code or 'HTTP 403'}): check "
            f"that the SAS signature is complete and was issued for this blob or its container, with {needs}.",
            status=403,
            code=code,
        )


_NETWORK_REASONS = (
    ("refused", "connection refused"),
    ("Name or service not known", "the name does not resolve"),
    ("nodename nor servname", "the name does not resolve"),
    ("Temporary failure in name resolution", "the name does not resolve"),
    ("timed out", "timed out"),
    ("reset by peer", "connection reset"),
    ("RemoteDisconnected", "the server closed the connection"),
    ("No route to host", "no route to host"),
    ("Network is unreachable", "network unreachable"),
)


def _network_reason(err: Exception) -> str:
    text = str(err)
    return next((reason for needle, reason in _NETWORK_REASONS if needle in text), type(err).__name__)


def _taken_over(status: int, code: str, what: str) -> str | None:
    """How a competitor showed itself on a request of a running upload, or None."""
    if status == 412 and code == "SequenceNumberConditionNotMet":
        return "claimed"
    if status == 412 and code in ("ConditionNotMet", ""):
        return "changed"
    if status == 409 and code == "BlobAlreadyExists" and what == "create the page blob":
        return "created"
    if status == 404 and code == "BlobNotFound" and what != "read the blob's properties":
        return "deleted"
    return None


def _retry_after(value: str | None) -> float | None:
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, when.timestamp() - time.time())


def _first_line(text: str) -> str:
    return text.strip().splitlines()[0] if text.strip() else ""
