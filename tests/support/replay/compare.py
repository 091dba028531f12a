"""The lab's answer held against the stamp's recorded one: status, the headers a client reads, the body's shape.

Body rules: every key the stamp sent is there with the same JSON type and no key the stamp did not send;
resources in a list are matched by id and keep the stamp's order; identity-bound values (ids, URIs,
subscription, location) are compared after the mapping (mapping.py); timestamps (`createdTime`...) are
compared as timestamps, since no two runs share them; provisioning states follow `States`; every other value
is compared as recorded.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from .mapping import Mapping

CLIENT_HEADERS = ("content-type", "retry-after", "location", "azure-asyncoperation")
"""What clients read from an answer: azure-core's ARM polling and the autorest.powershell LRO loop."""
TIMESTAMP = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?$")


@dataclass(frozen=True)
class Answer:
    """What the lab answered."""

    status: int
    headers: dict[str, str]
    body: bytes


@dataclass(frozen=True)
class Difference:
    exchange: int
    kind: str
    """status, header, body, type, missing, extra, order, value, state, behind."""
    path: str
    """Where in the answer (`[3].properties.sourceBlob`, `header content-type`)."""
    field: str = ""
    """The same place relative to its resource (`properties.sourceBlob`): what the differences table names."""
    resource: str = ""
    """The lab-side id (lower case) of the resource the field belongs to."""
    recorded: Any = None
    got: Any = None

    def __str__(self) -> str:
        return f"#{self.exchange} {self.path}: stamp {self.recorded!r}, lab {self.got!r} ({self.kind})"


def json_type(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, (int, float)):
        return "number"
    if isinstance(value, str):
        return "string"
    return "array" if isinstance(value, list) else "object"


@dataclass
class States:
    """Provisioning states: the lab goes through the stamp's states in the stamp's order, and may be faster.

    `sequences` holds, per resource, the states the stamp reported in the order it reported them. A state the
    stamp never reported, or one earlier than the lab already reported, is a difference; one earlier than the
    stamp's at the same exchange means the lab is behind (the engine asks again, as a polling client would).
    The answer to a write carries exactly the stamp's state: clients decide from it whether to poll.
    """

    sequences: dict[str, list[str]]
    reached: dict[str, int] = field(default_factory=dict)

    def observe(self, exchange: int, path: str, resource: str, recorded: str, got: Any, exact: bool) -> list[Difference]:
        seq = self.sequences.get(resource) or [recorded]
        where = {"exchange": exchange, "path": path, "field": "properties.provisioningState", "resource": resource,
                 "recorded": recorded, "got": got}
        if got not in seq:
            return [Difference(kind="state", **where)]
        now, wanted = seq.index(got), seq.index(recorded)
        out = []
        if now < self.reached.get(resource, 0):
            out.append(Difference(kind="state", **where))
        if exact and now != wanted:
            out.append(Difference(kind="state", **where))
        elif now < wanted:
            out.append(Difference(kind="behind", **where))
        self.reached[resource] = max(now, self.reached.get(resource, 0))
        return out

    def forget(self, resource: str) -> None:
        """A deleted resource starts its sequence again if it comes back."""
        self.reached.pop(resource, None)


def state_sequences(answers: list[Any], mapping: Mapping) -> dict[str, list[str]]:
    """Per resource (lab-side id), the states the stamp reported across the recording, in order."""
    out: dict[str, list[str]] = {}
    for answer in answers:
        for doc in resources_in(answer):
            state = (doc.get("properties") or {}).get("provisioningState")
            if isinstance(state, str):
                seq = out.setdefault(resource_key(doc["id"], mapping), [])
                if state not in seq:
                    seq.append(state)
    return out


def is_resource(value: Any) -> bool:
    """An ARM resource: its id is a path (`/subscriptions/...`), unlike the ids of links or images ("0", "small")."""
    return isinstance(value, dict) and isinstance(value.get("id"), str) and value["id"].startswith("/")


def resources_in(answer: Any) -> list[dict[str, Any]]:
    """The resources an answer holds: itself, the items of a bare array, or of `value`."""
    if isinstance(answer, dict) and isinstance(answer.get("value"), list):
        answer = answer["value"]
    items = answer if isinstance(answer, list) else [answer]
    return [i for i in items if is_resource(i)]


def resource_key(resource_id: str, mapping: Mapping) -> str:
    return mapping.text(resource_id).lower()


def _media(value: str | None) -> str | None:
    if value is None:
        return None
    return ";".join(part.strip().lower() for part in value.split(";") if part.strip())


def compare_headers(exchange: int, recorded: dict[str, str], got: dict[str, str]) -> list[Difference]:
    out = []
    for name in CLIENT_HEADERS:
        want, have = recorded.get(name), got.get(name)
        if name == "content-type":
            want, have = _media(want), _media(have)
        if (want is None) != (have is None) or (name == "content-type" and want != have):
            out.append(Difference(exchange, "header", f"header {name}", recorded=want, got=have))
        elif name == "retry-after" and want is not None and not (have or "").strip().isdigit():
            out.append(Difference(exchange, "header", f"header {name}", recorded=want, got=have))
    return out


@dataclass
class BodyComparison:
    """One answer's body against the recorded one (walks both JSON values together)."""

    exchange: int
    mapping: Mapping
    states: States
    exact_states: bool
    found: list[Difference] = field(default_factory=list)

    def run(self, recorded: Any, got: Any) -> list[Difference]:
        self._walk(recorded, got, "", "", "")
        return self.found

    def _add(self, kind: str, path: str, fld: str, resource: str, recorded: Any, got: Any) -> None:
        self.found.append(Difference(self.exchange, kind, path or "(body)", fld, resource, recorded, got))

    def _walk(self, rec: Any, got: Any, path: str, fld: str, resource: str) -> None:
        if json_type(rec) != json_type(got):
            self._add("type", path, fld, resource, json_type(rec), json_type(got))
        elif isinstance(rec, dict):
            if is_resource(rec):
                resource, fld = resource_key(rec["id"], self.mapping), ""
            for key in rec:
                sub_path, sub_field = _join(path, key), _join(fld, key)
                if key not in got:
                    self._add("missing", sub_path, sub_field, resource, json_type(rec[key]), None)
                else:
                    self._walk(rec[key], got[key], sub_path, sub_field, resource)
            for key in got:
                if key not in rec:
                    self._add("extra", _join(path, key), _join(fld, key), resource, None, json_type(got[key]))
        elif isinstance(rec, list):
            self._list(rec, got, path, fld, resource)
        elif fld.endswith("provisioningState") and resource:
            self.found += self.states.observe(self.exchange, path, resource, rec, got, self.exact_states)
        elif isinstance(rec, str) and TIMESTAMP.match(rec):
            if not TIMESTAMP.match(got):
                self._add("value", path, fld, resource, rec, got)
        elif self.mapping.value(rec) != got:
            self._add("value", path, fld, resource, self.mapping.value(rec), got)

    def _list(self, rec: list[Any], got: list[Any], path: str, fld: str, resource: str) -> None:
        if rec and all(is_resource(i) for i in rec + got):
            theirs = {resource_key(i["id"], self.mapping): i for i in rec}
            ours = {i["id"].lower(): i for i in got}
            for key in theirs.keys() - ours.keys():
                self._add("missing", f"{path}[{key}]", fld, key, "resource", None)
            for key in ours.keys() - theirs.keys():
                self._add("extra", f"{path}[{key}]", fld, key, None, "resource")
            common_theirs = [k for k in theirs if k in ours]
            if common_theirs != [k for k in ours if k in theirs]:
                self._add("order", path, fld, resource, common_theirs, [k for k in ours if k in theirs])
            for key in common_theirs:
                self._walk(theirs[key], ours[key], f"{path}[{key.rsplit('/', 1)[-1]}]", "", key)
            return
        if len(rec) != len(got):
            self._add("length", path, fld, resource, len(rec), len(got))
        for i, (a, b) in enumerate(zip(rec, got)):
            self._walk(a, b, f"{path}[{i}]", f"{fld}[]", resource)


def _join(base: str, key: str) -> str:
    return f"{base}.{key}" if base else key
