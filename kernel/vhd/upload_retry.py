"""Retries of one storage request: exponential backoff with jitter, Retry-After honoured, bounded tries.

The SDK's own retry policy is switched off for the uploader's clients so that this loop alone decides
(and so a cancel stops a backoff sleep at once).
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar

from .progress import CancelToken
from .upload_errors import RESUME_HINT, ThrottledError, TransferFailedError, TransientError, UploadCancelled

T = TypeVar("T")


@dataclass(frozen=True)
class RetryPolicy:
    max_tries: int = 8
    base_delay: float = 0.5
    max_delay: float = 30.0
    max_retry_after: float = 120.0
    """A longer Retry-After is clipped: a stamp asking for more is better reported than waited on."""
    sleep: Callable[[float, CancelToken], bool] | None = field(default=None, compare=False)
    """Seam for tests: sleeps and returns True when cancelled; default waits on the cancel token."""

    def delay(self, attempt: int, retry_after: float | None, rng: random.Random) -> float:
        """Seconds to wait before try `attempt + 1` (attempt counts from 1)."""
        ceiling = min(self.max_delay, self.base_delay * (2 ** (attempt - 1)))
        backoff = ceiling / 2 + rng.uniform(0, ceiling / 2)
        if retry_after is not None:
            # The server's wish is a floor; a little jitter spreads the writers that all got it.
            return min(self.max_retry_after, retry_after) + rng.uniform(0, min(1.0, ceiling / 4))
        return backoff


def call_with_retry(
    fn: Callable[[], T],
    *,
    what: str,
    policy: RetryPolicy,
    cancel: CancelToken,
    on_retry: Callable[[TransientError, float], None] | None = None,
    rng: random.Random | None = None,
) -> T:
    rng = rng or random.Random()
    attempt = 0
    while True:
        if cancel.cancelled:
            raise UploadCancelled(f"The upload was cancelled. {RESUME_HINT}")
        attempt += 1
        try:
            return fn()
        except TransientError as fault:
            if attempt >= policy.max_tries:
                kind = ThrottledError if fault.throttled else TransferFailedError
                reason = "the storage account kept throttling requests" if fault.throttled else str(fault)
                raise kind(f"{what} failed after {attempt} tries ({reason}). {RESUME_HINT}") from None
            wait = policy.delay(attempt, fault.retry_after, rng)
            if on_retry is not None:
                on_retry(fault, wait)
            sleep = policy.sleep or (lambda seconds, token: token.wait(seconds))
            if sleep(wait, cancel):
                raise UploadCancelled(f"The upload was cancelled. {RESUME_HINT}") from None
