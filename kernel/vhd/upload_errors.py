"""The errors the VHD uploader raises, and the redaction every message goes through.

    UploadError                    anything the uploader reports to a user (message is redacted)
    ├── SourceRejectedError        the local image cannot be uploaded; refused before any request
    ├── DestinationError           the storage service refused (status/code kept, secrets removed)
    │   ├── SasExpiredError        the SAS is past its expiry (or not yet valid)
    │   ├── AccessDeniedError      read-only SAS, wrong key, a permission the credential lacks
    │   ├── ContainerMissingError  the container does not exist and cannot be created with this credential
    │   ├── AccountFullError       the account (or its quota) has no room for the blob
    │   └── BlobConflictError      the blob belongs to another source/upload (use -OverWrite)
    │       └── BlobTakenOverError another upload replaced or claimed the blob while this one ran
    ├── TransferFailedError        retries exhausted on a transient fault; resumable
    │   └── ThrottledError         ... because the account kept throttling; resumable
    └── UploadCancelled            cancel token set; the blob is left resumable

`TransientError` is not an UploadError: page writers raise it for faults worth retrying (408, 429, 5xx,
dropped connections) and the retry loop turns it into TransferFailedError/ThrottledError when tries run out.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

RESUME_HINT = "Run the same command again to resume the upload: only the missing pages are sent."
NOTHING_SENT = "Nothing was sent."

_SIG = re.compile(r"(?i)(sig=)[^&\s\"'<>]+")
_ACCOUNT_KEY = re.compile(r"(?i)(AccountKey=)[^;\s\"'<>]+")
_SHARED_KEY = re.compile(r"(?i)(SharedKey [^:\s]+:)[^\s\"'<>]+")


def redact(text: str, secrets: Iterable[str] = ()) -> str:
    """`text` with SAS signatures, account keys and the given secrets replaced by REDACTED."""
    for secret in secrets:
        if secret:
            text = text.replace(secret, "REDACTED")
    text = _SIG.sub(r"\1REDACTED", text)
    text = _ACCOUNT_KEY.sub(r"\1REDACTED", text)
    return _SHARED_KEY.sub(r"\1REDACTED", text)


class UploadError(Exception):
    """Base of every error the uploader reports; the message never holds a key or SAS signature."""

    def __init__(self, message: str) -> None:
        self.message = redact(message)
        super().__init__(self.message)


class SourceRejectedError(UploadError):
    """The local image is not something Azure Stack Hub accepts; nothing was sent."""


class DestinationError(UploadError):
    def __init__(self, message: str, *, status: int | None = None, code: str | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.code = code


class SasExpiredError(DestinationError):
    pass


class AccessDeniedError(DestinationError):
    pass


class ContainerMissingError(DestinationError):
    pass


class AccountFullError(DestinationError):
    pass


class BlobConflictError(DestinationError):
    pass


class BlobTakenOverError(BlobConflictError):
    """The blob's sequence number (this run's claim) changed, or the blob went away, under a running upload."""

    @classmethod
    def by(cls, how: str, where: str, code: str) -> BlobTakenOverError:
        """`how` the other client showed itself: created, claimed, changed, deleted."""
        return cls(
            f"Another client {how} {where} while this upload was running ({code}). This upload stopped so that the "
            "two cannot mix their pages. When the other upload has finished, run this command again: it confirms "
            "or resumes an upload of the same image, and -OverWrite replaces another image.",
            status=None,
            code=code,
        )


class TransferFailedError(UploadError):
    """Retries ran out; the blob holds every page written so far and a rerun resumes."""


class ThrottledError(TransferFailedError):
    pass


class UploadCancelled(UploadError):
    pass


class TransientError(Exception):
    """A fault worth retrying; `retry_after` is the server's Retry-After in seconds, when it sent one."""

    def __init__(self, message: str, *, retry_after: float | None = None, throttled: bool = False) -> None:
        super().__init__(redact(message))
        self.retry_after = retry_after
        self.throttled = throttled
