"""Fault injection: failing, throttling and delaying the Nth request, set at start or through the admin route."""

from __future__ import annotations

import json
import time
from typing import Any

import pytest
from azure.core.exceptions import HttpResponseError
from azure.core.rest import HttpRequest

from azslab.faults import LAB_CREDENTIAL_HEADER
from azslab.testing import LabEnv, set_faults

from .clients import arm_pipeline, raw, secret_credential


def _subscriptions(env: LabEnv) -> HttpRequest:
    return HttpRequest("GET", f"{env.admin_arm_endpoint}subscriptions", params={"api-version": "2016-06-01"})


def test_nth_request_fails_with_arm_error(clean_faults: LabEnv) -> None:
    env = clean_faults
    token = secret_credential(env).get_token(env.admin_audience + "/.default").token
    set_faults(env, {"rules": [{"path": "^/subscriptions$", "nth": 2, "action": "fail", "status": 500,
                                "code": "InternalServerError"}]})
    url = f"{env.admin_arm_endpoint}subscriptions?api-version=2016-06-01"
    assert raw(url, env.ca_bundle, token=token)[0] == 200
    status, _, body = raw(url, env.ca_bundle, token=token)
    assert status == 500 and json.loads(body)["error"]["code"] == "InternalServerError"
    assert raw(url, env.ca_bundle, token=token)[0] == 200


@pytest.mark.parametrize(("action", "status"), [("throttle", 429), ("unavailable", 503)])
def test_sdk_retries_after_retry_after(clean_faults: LabEnv, action: str, status: int) -> None:
    env = clean_faults
    pipeline = arm_pipeline(env, secret_credential(env))
    set_faults(env, {"rules": [{"path": "^/subscriptions$", "nth": 1, "action": action, "retryAfter": 1}]})
    url = f"{env.admin_arm_endpoint}subscriptions?api-version=2016-06-01"
    token = secret_credential(env).get_token(env.admin_audience + "/.default").token
    first_status, headers, _ = raw(url, env.ca_bundle, token=token)
    assert first_status == status and headers["retry-after"] == "1"
    set_faults(env, {"rules": [{"path": "^/subscriptions$", "nth": 1, "times": 2, "action": action, "retryAfter": 1}]})
    started = time.monotonic()
    resp = pipeline.send_request(_subscriptions(env))
    assert resp.status_code == 200
    assert time.monotonic() - started >= 2.0  # two Retry-After waits honoured


def test_delay(clean_faults: LabEnv) -> None:
    env = clean_faults
    set_faults(env, {"rules": [{"path": "/metadata/endpoints", "action": "delay", "seconds": 0.5}]})
    started = time.monotonic()
    assert raw(f"{env.admin_arm_endpoint}metadata/endpoints?api-version=1.0", env.ca_bundle)[0] == 200
    assert time.monotonic() - started >= 0.5


def test_bad_configuration_is_refused_clearly(clean_faults: LabEnv) -> None:
    with pytest.raises(Exception) as refused:
        set_faults(clean_faults, {"rules": [{"path": "x", "action": "explode"}]})
    assert "400" in str(refused.value)
    status, _, body = raw(f"{clean_faults.admin_arm_endpoint}_lab/faults", clean_faults.ca_bundle, method="PUT",
                          body={"provisioning": {"outcome": "Exploded"}},
                          extra_headers={LAB_CREDENTIAL_HEADER: clean_faults.client_secret})
    assert status == 400 and "Failed, Canceled" in json.loads(body)["error"]["message"]


@pytest.mark.parametrize("credential", [None, "not-the-lab-secret"])
@pytest.mark.parametrize(("method", "path", "body"), [("GET", "_lab/faults", None), ("DELETE", "_lab/faults", None),
                                                     ("PUT", "_lab/faults", {"rules": []}),
                                                     ("POST", "_lab/faults/rules", {"path": "^/", "action": "fail"})])
def test_fault_routes_need_the_labs_credential(clean_faults: LabEnv, credential: str | None, method: str, path: str,
                                               body: Any) -> None:
    env = clean_faults
    before = set_faults(env, {"rules": [{"path": "^/never$", "action": "delay", "seconds": 0.1}]})
    headers = {LAB_CREDENTIAL_HEADER: credential} if credential else None
    status, _, answer = raw(f"{env.admin_arm_endpoint}{path}", env.ca_bundle, method=method, body=body,
                            extra_headers=headers)
    assert status == 401, answer
    error = json.loads(answer)["error"]
    assert error["code"] == "LabCredentialRequired" and "azs lab faults" in error["message"]
    assert env.client_secret not in answer.decode()
    # nothing changed: the configuration is still the one set with the credential
    status, _, answer = raw(f"{env.admin_arm_endpoint}{path.split('/rules')[0]}", env.ca_bundle,
                            extra_headers={LAB_CREDENTIAL_HEADER: env.client_secret})
    assert status == 200 and json.loads(answer) == before


def test_persistent_failure_surfaces_in_the_sdk(clean_faults: LabEnv) -> None:
    env = clean_faults
    set_faults(env, {"rules": [{"path": "^/subscriptions$", "action": "fail", "status": 409, "code": "Conflict",
                                "times": 100}]})
    with pytest.raises(HttpResponseError) as failed:
        arm_pipeline(env, secret_credential(env)).send_request(_subscriptions(env)).raise_for_status()
    assert failed.value.status_code == 409


def test_rule_counting_without_a_lab() -> None:
    from azslab.faults import FaultConfigError, Faults

    faults = Faults()
    faults.configure({"rules": [{"path": "^/a", "method": "put", "nth": 2, "times": 2, "action": "throttle"}]})
    picks = [faults.pick("PUT", "/a/b") for _ in range(5)]
    assert [p is not None for p in picks] == [False, True, True, False, False]
    assert faults.pick("GET", "/a/b") is None and picks[1] is not None and picks[1].status == 429
    for bad in ({"rules": [{"path": "("}]}, {"rules": [{"path": "x", "nth": 0}]},
                {"provisioning": {"duration": "slow"}}, []):
        with pytest.raises(FaultConfigError):
            faults.configure(bad)  # type: ignore[arg-type]
