"""Error types of the VHD toolkit: one type per thing that can be wrong, each message says what and what to do.

The tree (the cmdlet layer maps `error_id` and `category` onto a PowerShell ErrorRecord)::

    VhdError
    ├── VhdPathError                      the path itself is the problem
    │   ├── VhdNotFoundError              ObjectNotFound
    │   ├── VhdIsDirectoryError           InvalidArgument
    │   ├── VhdNotAFileError              InvalidArgument (a character device, a pipe, a socket)
    │   ├── VhdUnreadableError            PermissionDenied
    │   └── DestinationExistsError        ResourceExists
    ├── VhdFormatError                    the bytes are not a disk image we can read (InvalidData)
    │   ├── EmptyFileError
    │   ├── TruncatedVhdError
    │   ├── BadCookieError
    │   ├── BadChecksumError
    │   ├── BatOutOfRangeError
    │   ├── VhdxLogReplayNeededError
    │   └── UnsupportedDiskError          differencing disks, unknown disk types (NotImplemented)
    ├── VhdValidationError                a valid request the disk cannot satisfy (InvalidArgument)
    │   ├── InvalidSizeError
    │   └── ShrinkRefusedError
    └── ConversionCancelledError          OperationStopped
"""

from __future__ import annotations

from pathlib import Path


class VhdError(Exception):
    """Base of every error raised by azskernel.vhd."""

    error_id = "VhdError"
    """FullyQualifiedErrorId stem for PowerShell."""
    category = "NotSpecified"
    """PowerShell ErrorCategory name."""

    def __init__(self, message: str, *, path: str | Path | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.path = str(path) if path is not None else None


class VhdPathError(VhdError):
    error_id = "VhdPath"
    category = "InvalidArgument"


class VhdNotFoundError(VhdPathError):
    error_id = "VhdNotFound"
    category = "ObjectNotFound"


class VhdIsDirectoryError(VhdPathError):
    error_id = "VhdIsDirectory"
    category = "InvalidArgument"


class VhdNotAFileError(VhdPathError):
    error_id = "VhdNotAFile"
    category = "InvalidArgument"


class VhdUnreadableError(VhdPathError):
    error_id = "VhdUnreadable"
    category = "PermissionDenied"


class DestinationExistsError(VhdPathError):
    error_id = "DestinationExists"
    category = "ResourceExists"


class VhdFormatError(VhdError):
    error_id = "VhdFormat"
    category = "InvalidData"


class EmptyFileError(VhdFormatError):
    error_id = "VhdEmptyFile"


class TruncatedVhdError(VhdFormatError):
    error_id = "VhdTruncated"


class BadCookieError(VhdFormatError):
    error_id = "VhdBadCookie"


class BadChecksumError(VhdFormatError):
    error_id = "VhdBadChecksum"


class BatOutOfRangeError(VhdFormatError):
    error_id = "VhdBatOutOfRange"


class VhdxLogReplayNeededError(VhdFormatError):
    error_id = "VhdxLogReplayNeeded"


class UnsupportedDiskError(VhdFormatError):
    error_id = "VhdUnsupported"
    category = "NotImplemented"


class VhdValidationError(VhdError):
    error_id = "VhdValidation"
    category = "InvalidArgument"


class InvalidSizeError(VhdValidationError):
    error_id = "VhdInvalidSize"


class ShrinkRefusedError(VhdValidationError):
    error_id = "VhdShrinkRefused"


class ConversionCancelledError(VhdError):
    error_id = "VhdConversionCancelled"
    category = "OperationStopped"
