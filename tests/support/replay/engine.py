"""Replaying one recording (one scenario) against a running lab.

1. Read the recording and find the resources it presupposes: those whose first appearance is not their
   creation (a GET or list that finds them, a PUT answered 200, a DELETE answered 200).
2. Seed them through the provider's own API (families.py), with the blobs they name made to exist, and wait
   until each is in the state the stamp showed. Then make every blob the recorded requests name exist, as
   they did before the recorded test began (a stamp answers within its own timing; making a storage account
   between two exchanges would stretch what the stamp saw as one second).
3. Send every recorded request in the recorded order (mapped, its blobs made to exist) and compare the answer
   (compare.py). A GET whose answer is behind the stamp's provisioning state is sent again, as a polling
   client would, until the lab catches up or the time is up.
4. Hold what differs against the table of known differences (differences.py).
"""

from __future__ import annotations

import json
import ssl
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from .blobs import LabBlobs
from .compare import Answer, BodyComparison, Difference, States, compare_headers, resource_key, resources_in, \
    state_sequences
from .differences import KNOWN, KnownDifference
from .families import Family, Request, values_at
from .mapping import Mapping
from .recording import Exchange, Recording

POLL_INTERVAL = 0.2
POLL_TIMEOUT = 60.0


class SeedError(RuntimeError):
    """The lab could not be brought into the state the recording starts from."""


@dataclass
class LabHttp:
    """Plain HTTPS calls with a bearer token: status, headers and body exactly as the lab sent them."""

    ca_bundle: str
    token: Callable[[], str]

    def send(self, method: str, url: str, body: Any = None) -> Answer:
        data = json.dumps(body).encode() if body is not None else None
        headers = {"Authorization": f"Bearer {self.token()}"}
        if data is not None:
            headers["Content-Type"] = "application/json"
        request = urllib.request.Request(url, data=data, method=method, headers=headers)
        context = ssl.create_default_context(cafile=self.ca_bundle)
        try:
            with urllib.request.urlopen(request, context=context, timeout=30) as resp:
                return Answer(resp.status, {k.lower(): v for k, v in resp.headers.items()}, resp.read())
        except urllib.error.HTTPError as err:
            return Answer(err.code, {k.lower(): v for k, v in err.headers.items()}, err.read())


@dataclass
class Report:
    recording: str
    seeded: list[str] = field(default_factory=list)
    sent: int = 0
    unexplained: list[Difference] = field(default_factory=list)
    explained: list[tuple[Difference, KnownDifference]] = field(default_factory=list)
    skipped: list[tuple[Exchange, KnownDifference]] = field(default_factory=list)

    def used(self) -> set[KnownDifference]:
        return {k for _, k in self.explained} | {k for _, k in self.skipped}


def target(exchange: Exchange, mapping: Mapping) -> str:
    """The lab-side path a request addresses, lower case (how resources are keyed)."""
    return urlsplit(mapping.uri(exchange.uri)).path.lower()


def presupposed(recording: Recording, mapping: Mapping) -> list[dict[str, Any]]:
    """Recorded documents of the resources that exist before the recording's first exchange, in order of
    first appearance: those first seen found (GET, list, PUT answered 200) or deleted with 200."""
    existed: dict[str, bool] = {}
    docs: dict[str, dict[str, Any]] = {}
    for exchange in recording.exchanges:
        answered = {resource_key(d["id"], mapping): d for d in resources_in(exchange.answer)} \
            if 200 <= exchange.status < 300 else {}
        for key, doc in answered.items():
            docs.setdefault(key, doc)
        found = list(answered)
        if exchange.method in ("PUT", "POST") and exchange.status == 201:
            for key in [target(exchange, mapping), *found]:
                existed.setdefault(key, False)
        elif exchange.method == "DELETE":
            existed.setdefault(target(exchange, mapping), exchange.status == 200)
        else:
            for key in found:
                existed.setdefault(key, True)
    return [docs[key] for key, was in existed.items() if was and key in docs]


@dataclass
class Replay:
    recording: Recording
    family: Family
    mapping: Mapping
    http: LabHttp
    blobs: LabBlobs
    known: tuple[KnownDifference, ...] = KNOWN

    def __post_init__(self) -> None:
        answers = [e.answer for e in self.recording.exchanges]
        self.states = States(state_sequences(answers, self.mapping))
        self.report = Report(self.recording.name)

    # seeding ---------------------------------------------------------------------------------------------

    def seed(self) -> None:
        docs = presupposed(self.recording, self.mapping)
        for doc in docs:
            request = self.family.seed(doc)
            answer = self._send(request, doc)
            if answer.status not in (200, 201):
                raise SeedError(f"seeding {doc['id']} answered {answer.status}: {answer.body[:300]!r}")
            self.report.seeded.append(resource_key(doc["id"], self.mapping))
        deadline = time.monotonic() + POLL_TIMEOUT
        for doc in docs:
            wanted = (doc.get("properties") or {}).get("provisioningState")
            if wanted is not None:
                self._wait_state(doc, wanted, deadline)

    def _wait_state(self, doc: dict[str, Any], wanted: str, deadline: float) -> None:
        url = self.mapping.uri(self.family.seed_uri(doc))
        while True:
            answer = self.http.send("GET", url)
            state = (json.loads(answer.body).get("properties") or {}).get("provisioningState") \
                if answer.status == 200 else f"HTTP {answer.status}"
            if state == wanted:
                return
            if state != "Creating" or time.monotonic() > deadline:
                raise SeedError(f"seeded {doc['id']} is {state}, the recording shows it {wanted}")
            time.sleep(POLL_INTERVAL)

    def _ensure_blobs(self, body: Any, context: Any) -> None:
        for path, kind in self.family.blobs:
            for uri in values_at(body, path):
                ref = self.mapping.blob(str(uri))
                if ref is not None:
                    self.blobs.ensure(ref, kind, context)

    def _send(self, request: Request, context: Any) -> Answer:
        body = self.mapping.value(request.body) if request.body is not None else None
        self._ensure_blobs(body, context)
        return self.http.send(request.method, self.mapping.uri(request.uri), body)

    # replaying -------------------------------------------------------------------------------------------

    def run(self) -> Report:
        self.seed()
        sent = []
        for exchange in self.recording.exchanges:
            skip = next((k for k in self.known if k.skips(self.recording.name, exchange.index)), None)
            if skip is None:
                sent.append(exchange)
            else:
                self.report.skipped.append((exchange, skip))
        for exchange in sent:
            if exchange.request_body is not None:
                self._ensure_blobs(self.mapping.value(exchange.request_body), exchange.answer)
        for exchange in sent:
            self._judge(self._replay(exchange))
        return self.report

    def _replay(self, exchange: Exchange) -> list[Difference]:
        request = Request(exchange.method, exchange.uri, exchange.request_body)
        deadline = time.monotonic() + POLL_TIMEOUT
        while True:
            answer = self._send(request, exchange.answer)
            self.report.sent += 1
            found = self._compare(exchange, answer)
            behind = any(d.kind == "behind" for d in found)
            if not behind or exchange.method != "GET" or time.monotonic() > deadline:
                break
            time.sleep(POLL_INTERVAL)
        if exchange.method == "DELETE":
            self.states.forget(target(exchange, self.mapping))
        return found

    def _compare(self, exchange: Exchange, answer: Answer) -> list[Difference]:
        found = []
        if answer.status != exchange.status:
            found.append(Difference(exchange.index, "status", "status", recorded=exchange.status, got=answer.status))
        found += compare_headers(exchange.index, exchange.headers, answer.headers)
        if exchange.text is None:
            if answer.body.strip():
                found.append(Difference(exchange.index, "body", "(body)", recorded="", got=answer.body[:200]))
            return found
        try:
            got = json.loads(answer.body)
        except ValueError:
            return [*found, Difference(exchange.index, "body", "(body)", recorded="JSON", got=answer.body[:200])]
        comparison = BodyComparison(exchange.index, self.mapping, self.states, exchange.method in ("PUT", "POST"))
        return found + comparison.run(exchange.answer, got)

    # judging ---------------------------------------------------------------------------------------------

    def _judge(self, found: list[Difference]) -> None:
        seeded = set(self.report.seeded)
        for diff in found:
            known = next((k for k in self.known if k.explains(self.recording.name, diff, seeded)), None)
            if known is None:
                self.report.unexplained.append(diff)
            else:
                self.report.explained.append((diff, known))
