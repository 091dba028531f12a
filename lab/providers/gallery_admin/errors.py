"""Microsoft.Gallery.Admin errors. The documents record no error body of the gallery service: the codes are
the lab's own (docs/stamp-fidelity.md says so); the shape is ARM's {"error": {code, message, target}}."""

from __future__ import annotations

from ...errors import ArmError


def uri_required() -> ArmError:
    return ArmError(400, "InvalidRequestContent", "The request body must be {\"galleryItemUri\": \"https://...\"}: the "
                                                  "URI of the .azpkg package.", "galleryItemUri")


def package_unreadable(reason: str) -> ArmError:
    return ArmError(400, "GalleryItemPackageDownloadFailed", f"The gallery item package could not be downloaded: {reason}",
                    "galleryItemUri")


def package_invalid(reason: str) -> ArmError:
    return ArmError(400, "GalleryItemPackageInvalid", f"The gallery item package is not valid: {reason}", "galleryItemUri")


def item_not_found(name: str) -> ArmError:
    return ArmError(404, "ResourceNotFound", f"The gallery item '{name}' could not be found.")
