"""The client against a running lab stamp over HTTPS: one lab per identity mode per module, and a profile
signed in to its admin endpoint. Every text the Azure layer reports is kept in a transcript that the
teardown scans for the lab's secrets."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from azskernel.azure.context import AzProfile
from azskernel.azure.events import Reporter


@dataclass
class Transcript:
    lines: list[str] = field(default_factory=list)

    def reporter(self) -> Reporter:
        return Reporter(verbose=self.lines.append, warning=lambda t: self.lines.append("WARNING: " + t),
                        event=lambda e: self.lines.append(repr(e)), sleep=None)

    def add(self, value: Any) -> None:
        self.lines.append(repr(value) if not isinstance(value, str) else value)

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


@dataclass
class Connected:
    env: Any
    """azslab's LabEnv."""
    profile: AzProfile
    transcript: Transcript
    secrets: list[str]

    @property
    def reporter(self) -> Reporter:
        return self.transcript.reporter()


def _start(tmp: Path, identity: str) -> Iterator[Any]:
    from azslab.testing import running_lab

    with running_lab(tmp / "lab", identity=identity) as env:
        yield env


@pytest.fixture(scope="module", params=["adfs", "entra"])
def lab(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    yield from _start(tmp_path_factory.mktemp(f"lab-{request.param}"), request.param)


@pytest.fixture(scope="module")
def adfs_lab(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    yield from _start(tmp_path_factory.mktemp("lab-adfs-only"), "adfs")


def connect(env: Any, folder: Path, transcript: Transcript) -> Connected:
    from azskernel.azure.cmdlets import accounts

    profile = AzProfile.load(folder)
    rep = transcript.reporter()
    transcript.add(accounts.add_environment(name="AzureStackAdmin", arm_endpoint=env.admin_arm_endpoint, profile=profile, reporter=rep))
    transcript.add(accounts.connect_account(environment="AzureStackAdmin", service_principal=True,
                                            credential=(env.client_id, env.client_secret), tenant_id=env.tenant_id,
                                            profile=profile, reporter=rep))
    return Connected(env, profile, transcript, [env.client_secret])


@pytest.fixture(scope="module")
def connected(lab: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Connected]:
    import os

    os.environ["AZS_CA_BUNDLE"] = lab.ca_bundle
    transcript = Transcript()
    conn = connect(lab, tmp_path_factory.mktemp("config"), transcript)
    yield conn
    assert_no_secret(conn)


def assert_no_secret(conn: Connected) -> None:
    text = conn.transcript.text
    for secret in conn.secrets:
        assert secret not in text, "a lab secret appeared in the Azure layer's output"
    import re

    assert not re.search(r"sig=(?!REDACTED)[A-Za-z0-9%]{20,}", text), "a SAS signature appeared in the output"
