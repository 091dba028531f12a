"""Why an image would end Failed, found before the PUT: the checks the stamp's import makes, done by us.

The service says only `Failed`. Its import reads the blob anonymously (or through the SAS in the URI),
needs a fixed VHD (footer in the last 512 bytes), a whole-MiB size, and a disk that boots as generation 1.
So we: look at the SAS without a request (expired, not yet valid, no read permission), HEAD the blob with
no credentials (private container or missing blob), then read the footer and the first sectors with
ranged GETs and apply the VHD toolkit's rules (`azskernel.vhd.checks.check_image_bytes`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, urlsplit

from .environment import API_VERSIONS, BLOB_SERVICE_VERSIONS
from .errors import azure_errors
from .events import PreflightEvent, Reporter
from .redaction import redact_uri

ERROR = "error"
WARNING = "warning"
_HEAD_CACHE = 64 * 1024
"""The first bytes are read once: the boot sector and a GPT's header and entries all sit in them."""


@dataclass(frozen=True)
class Issue:
    """One reason the image would fail (error) or might not work (warning)."""

    code: str
    severity: str
    message: str


@dataclass
class BlobCheck:
    uri: str
    """Redacted."""
    parameter: str
    size: int | None = None
    issues: list[Issue] = field(default_factory=list)

    @property
    def errors(self) -> list[Issue]:
        return [i for i in self.issues if i.severity == ERROR]


def sas_issues(uri: str, now: dt.datetime | None = None) -> list[Issue]:
    """What a SAS in the URI says without asking the service."""
    # Imported here so that azskernel.vhd loads with the first check, not with the session.
    from azskernel.vhd.blob_target import parse_sas_time

    query = parse_qs(urlsplit(uri).query)
    if "sig" not in query:
        return []
    fields = {k: v[0] for k, v in query.items()}
    now = now or dt.datetime.now(dt.timezone.utc)
    out: list[Issue] = []
    expiry = parse_sas_time(fields.get("se"))
    if expiry is not None and expiry <= now:
        out.append(Issue("SasExpired", ERROR,
                         f"The SAS in the URI expired at {expiry:%Y-%m-%d %H:%M:%S} UTC, so the stamp cannot read the "
                         "blob: make a new one (New-AzStorageBlobSASToken -Permission r -ExpiryTime "
                         "(Get-Date).AddDays(1) -FullUri)."))
    elif expiry is not None and expiry - now < dt.timedelta(hours=1):
        out.append(Issue("SasExpiresSoon", WARNING,
                         f"The SAS in the URI expires at {expiry:%Y-%m-%d %H:%M:%S} UTC, in less than an hour; the "
                         "import can take longer and then fails. Give it a day."))
    start = parse_sas_time(fields.get("st"))
    if start is not None and start > now + dt.timedelta(minutes=5):
        out.append(Issue("SasNotYetValid", ERROR,
                         f"The SAS in the URI is valid only from {start:%Y-%m-%d %H:%M:%S} UTC: the stamp cannot "
                         "read the blob before then. Make a SAS that starts now."))
    signed_version = fields.get("sv")
    if signed_version is not None and signed_version not in BLOB_SERVICE_VERSIONS:
        newer = signed_version > BLOB_SERVICE_VERSIONS[-1]
        out.append(Issue("SasVersionNotSupported", ERROR,
                         f"The SAS in the URI is signed with version (sv) {signed_version}, which Azure Stack Hub's "
                         f"storage does not know (it accepts {BLOB_SERVICE_VERSIONS[0]} to {BLOB_SERVICE_VERSIONS[-1]}), "
                         "so the stamp's read is refused (403 AuthenticationFailed) and the image would end Failed. "
                         + ("SDKs and tools made for public Azure sign in their newest version; " if newer else "")
                         + "make the SAS with New-AzStorageBlobSASToken -Permission r -FullUri, which signs "
                         f"{BLOB_SERVICE_VERSIONS[-1]}."))
    permissions = fields.get("sp")
    if permissions is not None and "r" not in permissions:
        out.append(Issue("SasNoRead", ERROR,
                         f"The SAS in the URI grants '{permissions}' but not read (r), so the stamp cannot read the "
                         "blob: make one with -Permission r."))
    return out


class AnonymousBlob:
    """HEAD and ranged GETs on a blob with no credentials but the URI's own SAS, as the stamp reads it."""

    def __init__(self, uri: str, verify: str | bool, verbose: Callable[[str], None] | None = None) -> None:
        from azure.core import PipelineClient
        from azure.core.pipeline.policies import RetryPolicy

        from .policies import TracePolicy

        self.uri = uri
        self._client = PipelineClient(
            base_url=uri,
            policies=[RetryPolicy(retry_total=2, retry_backoff_factor=0.3), TracePolicy(verbose)],
            connection_verify=verify,
        )
        self._head: bytes | None = None
        self.size = 0

    def _send(self, method: str, headers: dict[str, str]) -> Any:
        from azure.core.rest import HttpRequest

        request = HttpRequest(method, self.uri, headers={"x-ms-version": API_VERSIONS["blob"], **headers})
        return self._client.send_request(request)

    def head(self) -> Any:
        return self._send("HEAD", {})

    def read_at(self, offset: int, length: int) -> bytes:
        if length <= 0:
            return b""
        if offset + length <= min(_HEAD_CACHE, self.size):
            if self._head is None:
                self._head = self._get(0, min(_HEAD_CACHE, self.size))
            return self._head[offset : offset + length]
        return self._get(offset, length)

    def _get(self, offset: int, length: int) -> bytes:
        response = self._send("GET", {"x-ms-range": f"bytes={offset}-{offset + length - 1}"})
        if response.status_code not in (200, 206):
            raise _ReadFailed(response.status_code, offset, length)
        data = response.read()
        return data[:length] if response.status_code == 200 else data

    def close(self) -> None:
        self._client.close()


class _ReadFailed(Exception):
    def __init__(self, status: int, offset: int, length: int) -> None:
        super().__init__(f"HTTP {status} reading {length} bytes at offset {offset}")
        self.status = status


def _access_issue(status: int, error_code: str, has_sas: bool) -> Issue:
    if has_sas:
        if status == 404:
            return Issue("BlobNotFound", ERROR,
                         "The blob does not exist (HTTP 404 with the URI's SAS): check the container and blob names.")
        return Issue("SasRefused", ERROR,
                     f"The storage service refused the URI's SAS (HTTP {status}{', ' + error_code if error_code else ''}): "
                     "the stamp would be refused too. Make a new read SAS for this blob "
                     "(New-AzStorageBlobSASToken -Permission r -FullUri).")
    return Issue("BlobNotPublic", ERROR,
                 f"The blob cannot be read without credentials (HTTP {status}{', ' + error_code if error_code else ''}): "
                 "its container is private (or the blob does not exist), and the URI has no SAS. The stamp reads the "
                 "blob anonymously, so the image would end Failed. Either allow public read access "
                 "(Set-AzStorageContainerAcl -Name <container> -Permission Blob -Context $ctx) or append a read SAS "
                 "(New-AzStorageBlobSASToken -Container <c> -Blob <b> -Permission r -FullUri -Context $ctx).")


BOOT_CODES = frozenset({"Generation2Only", "WindowsOnGpt", "GptNoBootPartition", "NoPartitionTable",
                        "EfiPartitionOnMbr", "GenerationEither", "GptUnreadable"})
"""Findings about booting: they concern the OS disk only, never a data disk."""


def check_blob(uri: str, parameter: str, *, verify: str | bool, reporter: Reporter | None = None,
               now: dt.datetime | None = None, bootable: bool = True) -> BlobCheck:
    """All checks on one disk URI; network failures raise (translated), findings are returned.
    `bootable=False` (a data disk) leaves out the rules about booting as generation 1."""
    from azskernel.vhd.checks import check_image_bytes

    rep = reporter or Reporter()
    result = BlobCheck(redact_uri(uri), parameter)
    result.issues.extend(sas_issues(uri, now))
    if result.errors:
        return result
    blob = AnonymousBlob(uri, verify, rep.verbose)
    try:
        with azure_errors(f"read the blob {result.uri} without credentials", url=uri):
            response = blob.head()
            if response.status_code != 200:
                code = response.headers.get("x-ms-error-code", "")
                result.issues.append(_access_issue(response.status_code, code, "sig=" in uri))
                rep.event(PreflightEvent("access", False, result.issues[-1].message))
                return result
            rep.event(PreflightEvent("access", True, "readable without credentials" if "sig=" not in uri else "readable with its SAS"))
            result.size = blob.size = int(response.headers.get("content-length") or 0)
            blob_type = response.headers.get("x-ms-blob-type", "")
            if blob_type and blob_type != "PageBlob":
                result.issues.append(Issue("NotPageBlob", WARNING,
                                           f"The blob is a {blob_type}; images are uploaded as page blobs (Add-AzVhd "
                                           "does this). Upload it again with Add-AzVhd if the import fails."))
            try:
                findings = check_image_bytes(blob.read_at, result.size)
            except _ReadFailed as exc:
                result.issues.append(Issue("BlobUnreadable", ERROR,
                                           f"The blob answered its HEAD but not a ranged read ({exc}): the stamp "
                                           "could not read it either."))
                return result
        for f in findings:
            if bootable or f.code not in BOOT_CODES:
                result.issues.append(Issue(f.code, ERROR if f.severity == "error" else WARNING, f.message))
        rep.event(PreflightEvent("disk", not result.errors, "; ".join(i.code for i in result.issues) or "fixed VHD, whole MiB, generation 1"))
    finally:
        blob.close()
    return result


def explain(checks: list[BlobCheck]) -> str:
    """One message for all errors, each under the parameter and the (redacted) URI it concerns."""
    lines = []
    for check in checks:
        for issue in check.errors:
            lines.append(f"-{check.parameter} {check.uri}: {issue.message}")
    return "\n".join(lines)


def explain_warnings(checks: list[BlobCheck]) -> str:
    """The warnings, in the same shape: what the Failed message names when no check found an error."""
    return "\n".join(f"-{check.parameter} {check.uri}: {issue.message}"
                     for check in checks for issue in check.issues if issue.severity != ERROR)
