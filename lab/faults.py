"""Fault injection for tests and labs: fail, delay or throttle the Nth request to a path; steer provisioning.

Configured at start (`faults.json` in the data folder, or `azs lab up --faults FILE`) or at run time on
the admin port: `GET|PUT|DELETE /_lab/faults`, `POST /_lab/faults/rules`, each with the lab's credential in the
`x-azs-lab-credential` header (`azs lab faults` reads it from the data folder). A rule::

    {"path": "regex", "method": "PUT", "nth": 2, "times": 1,
     "action": "fail" | "delay" | "throttle" | "unavailable",
     "status": 500, "code": "InternalServerError", "seconds": 2.0, "retryAfter": 1}

`throttle` answers 429 and `unavailable` 503, both with Retry-After. Provisioning settings::

    {"provisioning": {"outcome": "Failed" | "Canceled" | null, "duration": 5.0}}
"""

from __future__ import annotations

import asyncio
import json
import re
import threading
from dataclasses import dataclass, field
from typing import Any

from starlette.types import ASGIApp, Receive, Scope, Send

ACTIONS = ("fail", "delay", "throttle", "unavailable")
LAB_CREDENTIAL_HEADER = "x-azs-lab-credential"
"""The header that carries the lab's credential (its service principal's secret) to the fault routes."""
OUTCOMES = ("Failed", "Canceled")


class FaultConfigError(ValueError):
    """A fault rule or provisioning setting that cannot be used; the message says which field."""


@dataclass
class Rule:
    path: re.Pattern[str]
    method: str | None
    nth: int
    times: int
    action: str
    status: int
    code: str
    seconds: float
    retry_after: int
    seen: int = 0

    @staticmethod
    def parse(raw: dict[str, Any]) -> Rule:
        if not isinstance(raw, dict) or not isinstance(raw.get("path"), str):
            raise FaultConfigError("a fault rule needs 'path' (a regular expression matched against the URL path)")
        action = raw.get("action", "fail")
        if action not in ACTIONS:
            raise FaultConfigError(f"fault action '{action}' is unknown; use one of {', '.join(ACTIONS)}")
        try:
            path = re.compile(raw["path"], re.IGNORECASE)
            nth, times = int(raw.get("nth", 1)), int(raw.get("times", 1))
            default_status = {"throttle": 429, "unavailable": 503}.get(action, 500)
            status = int(raw.get("status", default_status))
            seconds = float(raw.get("seconds", 0))
            retry_after = int(raw.get("retryAfter", 1))
        except (re.error, TypeError, ValueError) as exc:
            raise FaultConfigError(f"fault rule {raw.get('path')!r} is invalid: {exc}") from None
        if nth < 1 or times < 1:
            raise FaultConfigError("fault rule 'nth' and 'times' count from 1")
        method = raw.get("method")
        code = raw.get("code") or {429: "TooManyRequests", 503: "ServerBusy"}.get(status, "InternalServerError")
        return Rule(path, method.upper() if method else None, nth, times, action, status, code, seconds, retry_after)

    def to_json(self) -> dict[str, Any]:
        return {"path": self.path.pattern, "method": self.method, "nth": self.nth, "times": self.times,
                "action": self.action, "status": self.status, "code": self.code, "seconds": self.seconds,
                "retryAfter": self.retry_after, "seen": self.seen}


@dataclass(frozen=True)
class Provisioning:
    outcome: str | None = None
    duration: float | None = None


@dataclass
class Faults:
    rules: list[Rule] = field(default_factory=list)
    provisioning: Provisioning = Provisioning()
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def configure(self, raw: dict[str, Any]) -> None:
        if not isinstance(raw, dict):
            raise FaultConfigError("the fault configuration must be a JSON object")
        rules = [Rule.parse(r) for r in raw.get("rules", [])]
        prov = raw.get("provisioning") or {}
        outcome = prov.get("outcome")
        if outcome is not None and outcome not in OUTCOMES:
            raise FaultConfigError(f"provisioning outcome '{outcome}' is unknown; use Failed, Canceled or null")
        duration = prov.get("duration")
        try:
            duration = None if duration is None else float(duration)
        except (TypeError, ValueError):
            raise FaultConfigError("provisioning duration must be a number of seconds") from None
        with self._lock:
            self.rules = rules
            self.provisioning = Provisioning(outcome, duration)

    def add_rule(self, raw: dict[str, Any]) -> None:
        rule = Rule.parse(raw)
        with self._lock:
            self.rules.append(rule)

    def to_json(self) -> dict[str, Any]:
        return {"rules": [r.to_json() for r in self.rules],
                "provisioning": {"outcome": self.provisioning.outcome, "duration": self.provisioning.duration}}

    def pick(self, method: str, path: str) -> Rule | None:
        """Count the request against each matching rule; the first rule whose turn it is applies."""
        chosen = None
        with self._lock:
            for rule in self.rules:
                if rule.method not in (None, method) or not rule.path.search(path):
                    continue
                rule.seen += 1
                if chosen is None and rule.nth <= rule.seen < rule.nth + rule.times:
                    chosen = rule
        return chosen


def load_file(faults: Faults, path: str) -> None:
    try:
        with open(path, encoding="utf-8") as f:
            faults.configure(json.load(f))
    except (OSError, ValueError) as exc:
        raise FaultConfigError(f"cannot read fault configuration {path}: {exc}") from None


class FaultMiddleware:
    """ASGI middleware applying the rules before the app sees the request (lab routes are exempt)."""

    def __init__(self, app: ASGIApp, faults: Faults) -> None:
        self.app, self.faults = app, faults

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"].startswith("/_lab/"):
            await self.app(scope, receive, send)
            return
        rule = self.faults.pick(scope["method"], scope["path"])
        if rule is None:
            await self.app(scope, receive, send)
            return
        if rule.action == "delay":
            await asyncio.sleep(rule.seconds)
            await self.app(scope, receive, send)
            return
        body = json.dumps({"error": {"code": rule.code, "message": f"Injected fault ({rule.action}) for this request.",
                                     "target": None}}).encode()
        headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
        if rule.action in ("throttle", "unavailable"):
            headers.append((b"retry-after", str(rule.retry_after).encode()))
        await send({"type": "http.response.start", "status": rule.status, "headers": headers})
        await send({"type": "http.response.body", "body": body})
