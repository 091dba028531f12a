"""Open an upload source through the fixed view and apply the toolkit's Hub rules before any request.

A size that is not a whole MiB is presented rounded up (as Add-AzVhd's Hyper-V resize would make it, but
virtually: zeros before the footer, nothing written) unless `skip_resizing`, which is also the one escape
hatch: with it the MiB rule is not enforced, as Add-AzVhd -SkipResizing uploads the size as it is.
"""

from __future__ import annotations

import os

from .checks import ERROR, MiB, check_image_bytes
from .disk import FixedView, open_disk
from .errors import UnsupportedDiskError
from .upload_errors import SourceRejectedError

_ESCAPED_BY_SKIP_RESIZING = {"SizeNotWholeMiB"}


def open_checked(path: str | os.PathLike[str], *, skip_resizing: bool = False) -> FixedView:
    """The fixed view of `path`, resized to a whole MiB unless `skip_resizing`; raises SourceRejectedError
    (or the toolkit's VhdError when the file cannot be read) for a source the Hub would refuse."""
    try:
        view = open_disk(path)
    except UnsupportedDiskError as exc:
        if "differencing" not in exc.message.lower():
            raise
        raise SourceRejectedError(
            f"{exc.message} Uploading only a differencing child onto an uploaded base (Add-AzVhd "
            "-BaseImageUriToPatch) is not supported. Nothing was sent."
        ) from None
    try:
        if view.virtual_size % MiB and not skip_resizing:
            target = -(-view.virtual_size // MiB) * MiB
            view.close()
            view = open_disk(path, virtual_size=target)
        findings = check_image_bytes(view.read, view.size)
        errors = [f for f in findings if f.severity == ERROR
                  and not (skip_resizing and f.code in _ESCAPED_BY_SKIP_RESIZING)]
        if errors:
            details = " ".join(f.message for f in errors)
            raise SourceRejectedError(
                f"'{os.fspath(path)}' cannot be uploaded for Azure Stack Hub: {details} Nothing was sent."
            )
    except BaseException:
        view.close()
        raise
    return view
