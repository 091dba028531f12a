"""A lab for tests of any package: `with running_lab(tmp_path) as env: ...` starts and stops one.

Example (a pytest fixture)::

    @pytest.fixture(scope="module")
    def lab(tmp_path_factory):
        with running_lab(tmp_path_factory.mktemp("lab"), identity="adfs") as env:
            yield env
"""

from __future__ import annotations

import json
import ssl
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from .daemon import LabEnv, down, up
from .faults import LAB_CREDENTIAL_HEADER

__all__ = ["LabEnv", "approve_device_login", "running_lab", "set_faults"]


@contextmanager
def running_lab(data_dir: Path, identity: str = "adfs", location: str = "local",
                faults: dict[str, Any] | None = None, lax: bool = False) -> Iterator[LabEnv]:
    """Start a lab in `data_dir` on free ports, yield its LabEnv, stop it (server and Azurite) afterwards.
    The lab is a strict stamp unless `lax` (docs/stamp-fidelity.md)."""
    data_dir = Path(data_dir)
    faults_file = None
    if faults is not None:
        data_dir.mkdir(parents=True, exist_ok=True)
        faults_file = data_dir / "faults.json"
        faults_file.write_text(json.dumps(faults), encoding="utf-8")
    env, _ = up(data_dir, identity, location, str(faults_file) if faults_file else None, lax)
    try:
        yield env
    finally:
        down(data_dir)


def set_faults(env: LabEnv, config: dict[str, Any]) -> dict[str, Any]:
    """Replace a running lab's fault configuration (see azslab.faults for the shape)."""
    req = urllib.request.Request(f"{env.admin_arm_endpoint}_lab/faults", data=json.dumps(config).encode(),
                                 method="PUT", headers={"Content-Type": "application/json",
                                                        LAB_CREDENTIAL_HEADER: env.client_secret})
    ctx = ssl.create_default_context(cafile=env.ca_bundle)
    with urllib.request.urlopen(req, context=ctx, timeout=10) as resp:
        return dict(json.loads(resp.read()))


def approve_device_login(env: LabEnv, user_code: str) -> None:
    """Approve a pending device login as the operator does at the verification page (code + lab credential)."""
    login = env.login_endpoint.rstrip("/").removesuffix("/adfs")
    body = urllib.parse.urlencode({"user_code": user_code, "secret": env.client_secret}).encode()
    req = urllib.request.Request(f"{login}/device/approve", data=body, method="POST",
                                 headers={"Content-Type": "application/x-www-form-urlencoded"})
    ctx = ssl.create_default_context(cafile=env.ca_bundle)
    with urllib.request.urlopen(req, context=ctx, timeout=10) as resp:
        if resp.status != 200:
            raise RuntimeError(f"device login {user_code} was not approved: HTTP {resp.status}")
