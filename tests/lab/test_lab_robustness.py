"""The lab under odd but legal names and hostile bodies: images named like the id's own segments survive a
restart; a body nested too deeply is a 400, not a 500."""

from __future__ import annotations

import json
import ssl
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from azure.core.rest import HttpRequest

from azslab.daemon import down, up
from azslab.providers.compute_admin import models
from azslab.testing import LabEnv, running_lab

from .clients import arm_pipeline, secret_credential

API = {"api-version": "2015-12-01-preview"}
ODD = {"publisher": "offers", "offer": "skus", "sku": "versions", "version": "1.0.0"}


def test_image_coordinates_are_read_by_position_not_by_segment_name() -> None:
    for p in (ODD, {"publisher": "publishers", "offer": "versions", "sku": "offers", "version": "2.0.1"}):
        doc = models.new_image("sub", "local", p, {"osDisk": {"osType": "Linux", "uri": "https://x/c/d.vhd"}})
        assert models.image_coordinates(doc) == (p["publisher"], p["offer"], p["sku"], p["version"])


@pytest.fixture(scope="module")
def slow_lab(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[LabEnv, Path]]:
    folder = tmp_path_factory.mktemp("slow-lab")
    with running_lab(folder, faults={"provisioning": {"duration": 120}}) as env:
        yield env, folder


def test_an_image_named_like_the_ids_segments_finishes_after_a_restart(slow_lab) -> None:  # type: ignore[no-untyped-def]
    env, folder = slow_lab
    pipeline = arm_pipeline(env, secret_credential(env))
    sub = pipeline.send_request(HttpRequest("GET", f"{env.admin_arm_endpoint}subscriptions",
                                            params={"api-version": "2016-06-01"})).json()["value"][0]["subscriptionId"]
    path = (f"subscriptions/{sub}/providers/Microsoft.Compute.Admin/locations/{env.location}/artifactTypes/"
            f"platformImage/publishers/{ODD['publisher']}/offers/{ODD['offer']}/skus/{ODD['sku']}/versions/{ODD['version']}")
    put = pipeline.send_request(HttpRequest("PUT", env.admin_arm_endpoint + path, params=API, json={
        "properties": {"osDisk": {"osType": "Linux", "uri": "https://127.0.0.1:9/none.vhd"}}}))
    assert put.status_code in (200, 201), put.text()
    # Stopped while Creating; started again without the slow provisioning: the import resumes and ends.
    down(folder)
    (folder / "faults.json").write_text(json.dumps({"provisioning": {"duration": 0.1}}), encoding="utf-8")
    env, _ = up(folder)
    pipeline = arm_pipeline(env, secret_credential(env))
    deadline = time.monotonic() + 60
    state = "Creating"
    while state == "Creating" and time.monotonic() < deadline:
        got = pipeline.send_request(HttpRequest("GET", env.admin_arm_endpoint + path, params=API))
        state = got.json()["properties"]["provisioningState"]
        time.sleep(0.2)
    assert state in ("Succeeded", "Failed")


def test_a_body_nested_too_deeply_is_a_bad_request(slow_lab) -> None:  # type: ignore[no-untyped-def]
    env, _ = slow_lab
    token = secret_credential(env).get_token(env.admin_audience + "/.default").token
    sub = json.loads(urllib.request.urlopen(urllib.request.Request(
        f"{env.admin_arm_endpoint}subscriptions?api-version=2016-06-01", headers={"Authorization": f"Bearer {token}"}),
        context=ssl.create_default_context(cafile=env.ca_bundle)).read())["value"][0]["subscriptionId"]
    body = ('{"location": "local", "tags": ' + "[" * 100_000 + "]" * 100_000 + "}").encode()
    req = urllib.request.Request(f"{env.admin_arm_endpoint}subscriptions/{sub}/resourcegroups/deep?api-version=2019-10-01",
                                 data=body, method="PUT", headers={"Authorization": f"Bearer {token}",
                                                                   "Content-Type": "application/json"})
    with pytest.raises(urllib.error.HTTPError) as answer:
        urllib.request.urlopen(req, context=ssl.create_default_context(cafile=env.ca_bundle), timeout=30)
    assert answer.value.code == 400
    assert json.loads(answer.value.read())["error"]["code"] == "InvalidRequestContent"
