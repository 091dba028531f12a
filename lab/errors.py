"""ARM errors: one exception type carrying status, wire code, message and target.

Error tree::

    ArmError                        -> {"error": {"code", "message", "target"}} with its status
      ApiVersionError (400)         InvalidApiVersionParameter / MissingApiVersionParameter
      AuthenticationError (401)     AuthenticationFailed, ExpiredAuthenticationToken, InvalidAuthenticationTokenAudience
      NotFoundError (404)           ResourceNotFound, ResourceGroupNotFound, SubscriptionNotFound
      InvalidRequestError (400)     InvalidRequestContent and provider-specific validation codes
    EmptyNotFound                   404 with an empty body (Compute.Admin GET of a missing image)

Providers raise these from their models; `azslab.app` turns them into responses in one place.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class ArmError(Exception):
    status: int
    code: str
    message: str
    target: str | None = None
    headers: dict[str, str] = field(default_factory=dict)

    def __str__(self) -> str:
        return f"{self.status} {self.code}: {self.message}"

    def body(self) -> dict[str, object]:
        error: dict[str, object] = {"code": self.code, "message": self.message}
        if self.target is not None:
            error["target"] = self.target
        return {"error": error}


def api_version_error(given: str | None, supported: tuple[str, ...]) -> ArmError:
    if not given:
        return ArmError(
            400,
            "MissingApiVersionParameter",
            "The api-version query parameter (?api-version=) is required for all requests.",
            "api-version",
        )
    return ArmError(
        400,
        "InvalidApiVersionParameter",
        f"The api-version '{given}' is invalid. The supported versions are '{','.join(supported)}'.",
        "api-version",
    )


def not_found(kind: str, name: str, code: str = "ResourceNotFound") -> ArmError:
    return ArmError(404, code, f"The {kind} '{name}' could not be found.")


def invalid_body(message: str, target: str | None = None) -> ArmError:
    return ArmError(400, "InvalidRequestContent", message, target)


class EmptyNotFound(Exception):
    """A 404 with an empty body, as Compute.Admin answers for a missing platform image."""
