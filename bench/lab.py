"""Benchmark: listing 10,000 Compute.Admin platform images from a lab answers in under a second.

Starts a lab in a temporary folder, seeds 10,000 Succeeded images through the lab's store (creating them
with PUT would measure provisioning, not listing), then times `GET .../artifactTypes/platformImage`
through azure-core's ARM pipeline (what a client uses), request to parsed JSON, median of several runs.

    .venv/bin/python bench/lab.py [--count 10000] [--runs 7]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

from azure.core.pipeline import policies
from azure.core.rest import HttpRequest
from azure.identity import ClientSecretCredential
from azure.mgmt.core import ARMPipelineClient
from azure.mgmt.core.policies import ARMChallengeAuthenticationPolicy

from azslab.config import LabConfig, LabPaths
from azslab.providers.compute_admin import models
from azslab.store import Store
from azslab.testing import running_lab

BUDGET = 1.0


def seed(data_dir: Path, count: int) -> str:
    config = LabConfig.load(LabPaths(data_dir))
    assert config is not None
    sub, loc = config.admin_subscription, config.location
    docs = []
    for i in range(count):
        p = {"publisher": f"Publisher{i % 50}", "offer": f"Offer{i % 7}", "sku": f"sku-{i % 13}", "version": f"1.0.{i}"}
        doc = models.new_image(sub, loc, p, {"osDisk": {"osType": "Linux",
                                                        "uri": f"https://127.0.0.1:1/acct/vhds/disk{i}.vhd"}})
        docs.append((models.image_name(p), models.set_state(doc, "Succeeded")))
    store = Store(LabPaths(data_dir).database)
    store.put_many(models.IMAGE_KIND, models.image_parent(sub, loc), docs)
    store.close()
    return f"subscriptions/{sub}/providers/Microsoft.Compute.Admin/locations/{loc}/artifactTypes/platformImage"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, running_lab(Path(tmp)) as env:
        path = seed(Path(tmp), args.count)
        login = env.login_endpoint.rstrip("/").removesuffix("/adfs")
        cred = ClientSecretCredential(env.tenant_id, env.client_id, env.client_secret, authority=login,
                                      disable_instance_discovery=True, connection_verify=env.ca_bundle)
        client = ARMPipelineClient(base_url=env.admin_arm_endpoint, connection_verify=env.ca_bundle, policies=[
            policies.RequestIdPolicy(), policies.HeadersPolicy(), policies.RetryPolicy(),
            ARMChallengeAuthenticationPolicy(cred, env.admin_audience + "/.default")])
        request = HttpRequest("GET", env.admin_arm_endpoint + path, params={"api-version": "2015-12-01-preview"})
        client.send_request(request).raise_for_status()  # token and connection warm-up
        times = []
        for _ in range(args.runs):
            started = time.perf_counter()
            resp = client.send_request(request)
            items = resp.json()
            times.append(time.perf_counter() - started)
            assert resp.status_code == 200 and len(items) == args.count, (resp.status_code, len(items))
        median = statistics.median(times)
        print(f"list {args.count} platform images: median {median:.3f} s, best {min(times):.3f} s, "
              f"{len(resp.content) / 1e6:.1f} MB (budget {BUDGET:.1f} s: {'ok' if median < BUDGET else 'OVER'})")
        return 0 if median < BUDGET else 1


if __name__ == "__main__":
    sys.exit(main())
