"""azskernel.vhd: read, check, convert and resize VHD, VHDX and raw disk images for Azure Stack Hub.

`open_disk(path)` gives the fixed view (the exact bytes of the fixed VHD Azure wants) that the uploader and
Convert-VHD read through. Stand-alone: imports nothing else from azskernel.
"""

from __future__ import annotations

from .checks import Finding, check_file, check_image_bytes, is_ready, nearest_valid_sizes
from .convert import convert_vhd
from .disk import FixedView, SourceInfo, open_disk
from .errors import (
    BadChecksumError,
    BadCookieError,
    BatOutOfRangeError,
    ConversionCancelledError,
    DestinationExistsError,
    EmptyFileError,
    InvalidSizeError,
    ShrinkRefusedError,
    TruncatedVhdError,
    UnsupportedDiskError,
    VhdError,
    VhdFormatError,
    VhdIsDirectoryError,
    VhdNotFoundError,
    VhdPathError,
    VhdUnreadableError,
    VhdValidationError,
    VhdxLogReplayNeededError,
)
from .inspect import VhdInfo, check_disk, get_vhd
from .resize import resize_vhd
from .view import DiskView

__all__ = [
    "BadChecksumError",
    "BadCookieError",
    "BatOutOfRangeError",
    "ConversionCancelledError",
    "DestinationExistsError",
    "DiskView",
    "EmptyFileError",
    "FixedView",
    "InvalidSizeError",
    "ShrinkRefusedError",
    "SourceInfo",
    "TruncatedVhdError",
    "UnsupportedDiskError",
    "VhdError",
    "VhdFormatError",
    "VhdIsDirectoryError",
    "VhdNotFoundError",
    "VhdPathError",
    "VhdUnreadableError",
    "VhdValidationError",
    "VhdxLogReplayNeededError",
    "Finding",
    "VhdInfo",
    "check_disk",
    "check_file",
    "check_image_bytes",
    "convert_vhd",
    "get_vhd",
    "is_ready",
    "nearest_valid_sizes",
    "open_disk",
    "resize_vhd",
]
