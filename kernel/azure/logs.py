"""The Azure SDKs' loggers (`azure.*`, and msal under azure-identity): silent unless -Debug asks, then routed
into the cmdlet's Debug stream, redacted.

Left alone, Python prints any WARNING a logger emits when no handler is configured (logging.lastResort):
a wrong client secret showed azure-identity's raw line before our own message. One handler on each of
these loggers takes every record: it drops it, or, while a cmdlet runs with -Debug, hands it to that
cmdlet's Debug stream. What reaches it is already redacted by azure-core's HttpLoggingPolicy (headers and
query parameters outside its allowlists show as REDACTED, so a SAS signature never appears), and goes through
our own redaction once more (secrets we were given, account keys, bearer tokens). NetworkTraceLoggingPolicy,
which logs unredacted bodies, is never enabled (no client is built with logging_enable).
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Final

from .redaction import redact

LOGGERS: Final = ("azure", "msal")
_SINK: ContextVar[Callable[[str], None] | None] = ContextVar("azs_azure_log_sink", default=None)


class _Router(logging.Handler):
    """Records to the running cmdlet's Debug stream, or nowhere."""

    def emit(self, record: logging.LogRecord) -> None:
        sink = _SINK.get()
        if sink is None:
            return
        try:
            text = redact(record.getMessage())
        except Exception:  # noqa: BLE001 - a malformed record must not break the cmdlet
            return
        sink(f"{record.name}: {text}")


_ROUTER: Final = _Router(logging.DEBUG)


def install() -> None:
    """Idempotent: from now on the SDKs' loggers print nothing by themselves."""
    for name in LOGGERS:
        logger = logging.getLogger(name)
        if _ROUTER not in logger.handlers:
            logger.addHandler(_ROUTER)
            logger.propagate = False
            if logger.level == logging.NOTSET:
                logger.setLevel(logging.WARNING)


@contextmanager
def routed(debug: Callable[[str], None] | None) -> Iterator[None]:
    """While the body runs, the SDKs' records go to `debug` (None: dropped), down to DEBUG level."""
    install()
    if debug is None:
        yield
        return
    token = _SINK.set(debug)
    saved = {name: logging.getLogger(name).level for name in LOGGERS}
    for name in LOGGERS:
        logging.getLogger(name).setLevel(logging.DEBUG)
    try:
        yield
    finally:
        for name, level in saved.items():
            logging.getLogger(name).setLevel(level)
        _SINK.reset(token)


__all__ = ["LOGGERS", "install", "routed"]
