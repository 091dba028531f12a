"""What long Azure operations report while they run, as small dataclasses, and the sink they go to.

The Python API takes a `Reporter`; the cmdlets build one from their CommandContext (verbose and warning
streams, Write-Progress) and pass provisioning events to the session's hook so that a notebook front can
render them live (a widget); the terminal front shows them as a progress line. No SDK import here.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class ProvisioningEvent:
    """A platform image (or extension) changed state or was polled again."""

    resource: str
    """publisher/offer/sku/version."""
    state: str
    """Checking, Creating, Succeeded, Failed, Canceled, Removing, Removed, Skipped."""
    elapsed: float = 0.0
    """Seconds since the operation started."""
    message: str = ""
    done: bool = False


@dataclass(frozen=True)
class DeviceCodeEvent:
    """A device-code sign-in waits for the user: open `url`, enter `code`."""

    url: str
    code: str
    message: str
    expires_on: float = 0.0


@dataclass(frozen=True)
class PreflightEvent:
    """One preflight check finished."""

    check: str
    ok: bool
    message: str = ""


def _ignore(_: Any) -> None:
    return None


@dataclass
class Reporter:
    """Where an operation reports; every field may be left out."""

    verbose: Callable[[str], None] = _ignore
    warning: Callable[[str], None] = _ignore
    event: Callable[[Any], None] = _ignore
    cancelled: Callable[[], bool] = field(default=lambda: False)
    sleep: Callable[[float], None] | None = None
    """Injected for tests; defaults to time.sleep broken into cancellable slices."""


QUIET = Reporter()


# the session's hook for live events (a notebook widget) ---------------------------------------------

_HOOKS: weakref.WeakKeyDictionary[Any, Callable[[Any], None]] = weakref.WeakKeyDictionary()


def set_event_hook(session: Any, hook: Callable[[Any], None] | None) -> None:
    """Let a front receive ProvisioningEvent / DeviceCodeEvent / PreflightEvent objects of a session live."""
    if hook is None:
        _HOOKS.pop(session, None)
    else:
        _HOOKS[session] = hook


def event_hook(session: Any) -> Callable[[Any], None] | None:
    try:
        return _HOOKS.get(session)
    except TypeError:
        return None
