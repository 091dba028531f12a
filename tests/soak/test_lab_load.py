"""The lab under 50 clients for a fixed time: no request fails, and the server's memory stays flat once warm."""

from __future__ import annotations

import json
import random
import statistics
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
from azure.identity import ClientSecretCredential

from azslab.daemon import read_state
from azslab.config import LabPaths
from azslab.testing import LabEnv, running_lab

RESOURCES = "2019-10-01"
STORAGE = "2019-06-01"
ADMIN = "2015-12-01-preview"


@pytest.fixture(scope="module")
def lab(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[LabEnv, Path]]:
    folder = tmp_path_factory.mktemp("load-lab")
    with running_lab(folder) as env:
        yield env, folder


def rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise AssertionError(f"no VmRSS for {pid}")


class Client(threading.Thread):
    """One operator's session: reads the catalogue and the metadata, makes and removes its own groups."""

    def __init__(self, n: int, env: LabEnv, token: str, sub: str, stop: threading.Event) -> None:
        super().__init__(name=f"client-{n}", daemon=True)
        self.n, self.env, self.sub, self.stop_at = n, env, sub, stop
        self.session = requests.Session()
        self.session.headers["Authorization"] = f"Bearer {token}"
        self.rng = random.Random(n)
        self.latencies: list[float] = []
        self.failures: list[str] = []

    def call(self, method: str, path: str, expected: tuple[int, ...], **kw: object) -> None:
        began = time.monotonic()
        try:
            # verify per request: a session's own is overridden by REQUESTS_CA_BUNDLE when that is set
            answer = self.session.request(method, self.env.admin_arm_endpoint + path, timeout=60,
                                          verify=self.env.ca_bundle, **kw)
            if answer.status_code not in expected:
                self.failures.append(f"{method} {path}: HTTP {answer.status_code} {answer.text[:200]}")
        except requests.RequestException as exc:
            self.failures.append(f"{method} {path}: {type(exc).__name__}")
        self.latencies.append(time.monotonic() - began)

    def run(self) -> None:
        sub, loc = self.sub, self.env.location
        group = f"subscriptions/{sub}/resourcegroups/load-{self.n}"
        exists = False
        while not self.stop_at.is_set():
            choice = self.rng.random()
            if choice < 0.2:
                self.call("GET", "metadata/endpoints?api-version=2015-01-01", (200,))
            elif choice < 0.4:
                self.call("GET", f"subscriptions/{sub}/resourcegroups?api-version={RESOURCES}", (200,))
            elif choice < 0.65 and exists:
                self.call("DELETE", f"{group}?api-version={RESOURCES}", (200, 202))
                exists = False
            elif choice < 0.65:
                self.call("PUT", f"{group}?api-version={RESOURCES}", (200, 201), json={"location": loc})
                exists = True
            elif choice < 0.8:
                self.call("GET", f"subscriptions/{sub}/providers/Microsoft.Storage/storageAccounts"
                                 f"?api-version={STORAGE}", (200,))
            else:
                self.call("GET", f"subscriptions/{sub}/providers/Microsoft.Compute.Admin/locations/{loc}/"
                                 f"artifactTypes/platformImage?api-version={ADMIN}", (200,))


def test_fifty_clients_for_a_fixed_time(lab, scale, figures) -> None:  # type: ignore[no-untyped-def]
    env, folder = lab
    login = env.login_endpoint.rstrip("/").removesuffix("/adfs")
    token = ClientSecretCredential(env.tenant_id, env.client_id, env.client_secret, authority=login,
                                   disable_instance_discovery=True, connection_verify=env.ca_bundle
                                   ).get_token(env.admin_audience + "/.default").token
    subs = requests.get(env.admin_arm_endpoint + "subscriptions?api-version=2016-06-01", verify=env.ca_bundle,
                        headers={"Authorization": f"Bearer {token}"}, timeout=30).json()
    sub = subs["value"][0]["subscriptionId"]
    state = read_state(LabPaths(folder))
    assert state is not None
    pid = int(state["pid"])

    stop = threading.Event()
    clients = [Client(n, env, token, sub, stop) for n in range(scale.lab_clients)]
    for client in clients:
        client.start()
    began = time.monotonic()
    samples: list[tuple[float, int]] = []
    while time.monotonic() - began < scale.lab_seconds or len(samples) < 12:
        samples.append((time.monotonic() - began, rss_kib(pid)))
        time.sleep(scale.lab_seconds / 24)
    stop.set()
    for client in clients:
        client.join(120)
    took = time.monotonic() - began

    failures = [f for c in clients for f in c.failures]
    latencies = sorted(x for c in clients for x in c.latencies)
    warm = [rss for _, rss in samples[len(samples) // 3:]]
    settled, peak = warm[0], max(warm)
    growth = (peak - settled) / settled
    p99 = latencies[int(len(latencies) * 0.99) - 1]
    figures("lab load", f"{scale.lab_clients} clients for {took:.0f} s: {len(latencies)} requests "
                        f"({len(latencies) / took:.0f}/s), median {statistics.median(latencies) * 1000:.0f} ms, "
                        f"p99 {p99 * 1000:.0f} ms, {len(failures)} failed; server RSS {settled // 1024} MiB after "
                        f"warm-up, peak {peak // 1024} MiB ({growth:+.1%})")
    assert not failures, json.dumps(failures[:10], indent=1)
    # Flat after warm-up: what grows with the number of requests would show as steady growth over the run.
    assert peak <= settled * 1.15 + 8 * 1024, samples
