"""Waiting for a platform image to leave Creating: poll GET on the resource (Compute.Admin gives no polling
headers; compute-admin.md) until Succeeded, Failed or Canceled, and keep waiting through what a long wait meets.

- 401 on a poll: the token was refused (expired early, revoked, an identity service restart). Ask the credential
  again with a fresh pipeline and retry; only after AUTH_RETRIES refusals in a row does the wait stop.
- 404 on a poll: ARM can answer 404 for a moment (a replica that has not seen the PUT yet); only NOT_FOUND_POLLS
  404s in a row mean the image was removed.
- Any stop (timeout, Ctrl+C, sign-in lost, removed) says the image's last known state and what to run next.
The default timeout (DEFAULT_TIMEOUT_SEC) is stated in Add-AzsPlatformImage's help.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from ..clients import Connection
from ..errors import (
    AuthenticationFailedError,
    OperationStoppedError,
    OperationTimeoutError,
    ResourceMissingError,
)
from ..events import ProvisioningEvent, Reporter
from ..rules import ImageId
from ._support import sleep_for

DEFAULT_POLL_SECONDS = 10.0
DEFAULT_TIMEOUT_SEC = 3 * 3600
"""Three hours. The import copies the whole VHD inside the stamp: Microsoft's own recorded run took about
7 minutes for a tiny test disk (Azs.Compute.Admin 2017 session record, polls every 30 s), and a 30-127 GB OS
disk takes tens of minutes more; the real modules wait without a limit. After this the stamp goes on, and the
message says how to follow it."""
AUTH_RETRIES = 3
NOT_FOUND_POLLS = 3
TERMINAL = ("succeeded", "failed", "canceled")


def state_of(body: Any) -> str:
    if isinstance(body, dict):
        props = body.get("properties") or {}
        return str(props.get("provisioningState") or body.get("status") or "")
    return ""


def names(image: ImageId) -> str:
    """The image's four names as the cmdlets' arguments, for the commands a message suggests."""
    return f"-Publisher {image.publisher} -Offer {image.offer} -Sku {image.sku} -Version {image.version}"


def retry_after(headers: dict[str, str] | None) -> float | None:
    for name, value in (headers or {}).items():
        if name.lower() == "retry-after":
            try:
                seconds = float(value)
            except ValueError:
                return None
            return seconds if seconds > 0 else None
    return None


@dataclass
class ImageWait:
    """One wait for one image; `run()` returns the final resource body or raises a stop that says what to do."""

    conn: Connection
    path: str
    image: ImageId
    reporter: Reporter
    started: float
    timeout_sec: float | None = DEFAULT_TIMEOUT_SEC
    poll_interval: float | None = None
    last_state: str = "Creating"

    def _follow_up(self) -> str:
        return (f"The stamp goes on with it: follow it with Get-AzsPlatformImage {names(self.image)}; if it ends "
                f"Failed, remove it (Remove-AzsPlatformImage {names(self.image)} -Force) and add it again.")

    def run(self, headers: dict[str, str] | None = None) -> dict[str, Any]:
        delay = retry_after(headers) or self.poll_interval or DEFAULT_POLL_SECONDS
        refused = missing = 0
        arm = self.conn.arm()
        try:
            while True:
                self._pause(delay)
                try:
                    found = arm.request("GET", self.path, operation=f"read platform image {self.image}", allow=(404,))
                except AuthenticationFailedError as exc:
                    refused += 1
                    if refused > AUTH_RETRIES:
                        raise AuthenticationFailedError(
                            f"{exc.record.message} The wait for the platform image {self.image} stopped after "
                            f"{refused} refused requests in a row; it was {self.last_state} when last read. Sign in "
                            f"again (Connect-AzAccount). {self._follow_up()}", target=str(self.image)) from None
                    self.reporter.verbose(f"A poll of {self.image} was refused (401); asking for a new token and retrying.")
                    arm.close()
                    arm = self.conn.arm()  # a new pipeline asks the credential again instead of reusing its token
                    delay = min(delay, 1.0)
                    continue
                refused = 0
                if found.status == 404:
                    missing += 1
                    if missing >= NOT_FOUND_POLLS:
                        raise ResourceMissingError(
                            f"The platform image {self.image} was not found {missing} times in a row while it was being "
                            f"created (it was {self.last_state} before): it was removed on the stamp. Check with "
                            f"Get-AzsPlatformImage {names(self.image)} and add it again if it is needed.",
                            target=str(self.image))
                    self.reporter.verbose(f"The stamp answered 404 for {self.image} while it is being created; polling again.")
                    continue
                missing = 0
                state = state_of(found.body) or "Creating"
                self.last_state = state
                self.reporter.event(ProvisioningEvent(str(self.image), state, time.monotonic() - self.started, "polling"))
                if state.lower() in TERMINAL:
                    return found.body if isinstance(found.body, dict) else {}
                delay = retry_after(found.headers) or self.poll_interval or DEFAULT_POLL_SECONDS
        finally:
            arm.close()

    def _pause(self, delay: float) -> None:
        elapsed = time.monotonic() - self.started
        if self.timeout_sec is not None and elapsed >= self.timeout_sec:
            raise OperationTimeoutError(
                f"The platform image {self.image} is still {self.last_state} after {int(elapsed)} s (-TimeoutSec "
                f"{self.timeout_sec:g}). {self._follow_up()}", target=str(self.image))
        wait = delay if self.timeout_sec is None else max(0.0, min(delay, self.timeout_sec - elapsed))
        sleep_for(self.reporter, wait)
        if self.reporter.cancelled():
            raise OperationStoppedError(
                f"Stopped waiting for the platform image {self.image}; it was {self.last_state} when last read. "
                + self._follow_up(), target=str(self.image))
