"""Microsoft.Compute.Admin errors (CrpErrorResponse shape: {"error": {code, message, target}})."""

from __future__ import annotations

from ...errors import ArmError


def location_not_found(location: str, wanted: str) -> ArmError:
    return ArmError(404, "LocationNotFound", f"The location '{location}' is not served by this stamp; use '{wanted}'.",
                    "location")


def body_required() -> ArmError:
    return ArmError(400, "InvalidRequestContent", "The request must have a body with 'properties'.", "properties")


def extension_not_found(publisher: str, type_: str, version: str) -> ArmError:
    return ArmError(404, "ArtifactNotFound",
                    f"The VM extension {publisher}/{type_}/{version} could not be found.")
