"""The client against a running lab stamp over HTTPS: one lab per identity mode per module, and a profile
signed in to its admin endpoint. Every text the Azure layer reports is kept in a transcript that the
teardown scans for the lab's secrets."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from azskernel.azure.context import AzProfile
from azskernel.azure.events import Reporter


OUTPUTS: list[Callable[[], str]] = []
"""Every transcript and recording host of the session registers here; the session's end scans them all."""


def track(source: Callable[[], str]) -> None:
    OUTPUTS.append(source)


@dataclass
class Transcript:
    lines: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        track(lambda: self.text)

    def reporter(self) -> Reporter:
        return Reporter(verbose=self.lines.append, warning=lambda t: self.lines.append("WARNING: " + t),
                        event=lambda e: self.lines.append(repr(e)), sleep=None)

    def add(self, value: Any) -> None:
        self.lines.append(repr(value) if not isinstance(value, str) else value)

    @property
    def text(self) -> str:
        return "\n".join(self.lines)


@pytest.fixture(autouse=True)
def own_config_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Sessions made inside a test load their profile from here, never from the user's own folder."""
    monkeypatch.setenv("AZS_CONFIG_DIR", str(tmp_path / "azs-config"))


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


class LabPool:
    """Labs started on first use and shared by the whole session (a start costs seconds)."""

    def __init__(self, folder: Path) -> None:
        from contextlib import ExitStack

        self.folder = folder
        self.stack = ExitStack()
        self.labs: dict[tuple[str, str], Any] = {}

    def get(self, identity: str, location: str = "local") -> Any:
        from azslab.testing import running_lab

        key = (identity, location)
        if key not in self.labs:
            self.labs[key] = self.stack.enter_context(running_lab(self.folder / f"{identity}-{location}",
                                                                  identity=identity, location=location))
        return self.labs[key]


@pytest.fixture(scope="session")
def lab_pool(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LabPool]:
    pool = LabPool(tmp_path_factory.mktemp("labs"))
    with pool.stack:
        yield pool
        scan_for_secrets([env.client_secret for env in pool.labs.values()])


def scan_for_secrets(lab_secrets: list[str]) -> None:
    """The suite's output (every transcript and host) holds no lab secret: client secrets, account keys,
    tokens and SAS signatures this process handled (redaction.KNOWN_SECRETS), nor any SAS signature."""
    import re

    from azskernel.azure.redaction import KNOWN_SECRETS

    text = "\n".join(source() for source in OUTPUTS)
    if not text:  # a selection of tests that wrote nothing: nothing to scan
        return
    secrets = set(lab_secrets) | set(KNOWN_SECRETS.values())
    leaked = [s[:4] + "..." for s in secrets if s in text]
    assert not leaked, f"{len(leaked)} secret(s) appeared in the output (first characters: {leaked})"
    assert not re.search(r"sig=(?!REDACTED)[A-Za-z0-9%+/=]{16,}", text), "a SAS signature appeared in the output"


LOCATIONS = {"adfs": "orlando", "entra": "local"}
"""The AD FS lab sits in the seed document's region ('Orlando'), so the seed's variables work as printed."""


@pytest.fixture(scope="module", params=["adfs", "entra"])
def lab(request: pytest.FixtureRequest, lab_pool: LabPool) -> Any:
    return lab_pool.get(request.param, LOCATIONS[request.param])


@pytest.fixture(scope="module")
def adfs_lab(lab_pool: LabPool) -> Any:
    return lab_pool.get("adfs", LOCATIONS["adfs"])


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
    yield from _connected(lab, tmp_path_factory)


@pytest.fixture(scope="module")
def adfs_connected(adfs_lab: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Connected]:
    yield from _connected(adfs_lab, tmp_path_factory)


def _connected(lab: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Connected]:
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("AZS_CA_BUNDLE", lab.ca_bundle)
        mp.setenv("AZS_CONFIG_DIR", str(tmp_path_factory.mktemp("config")))
        transcript = Transcript()
        conn = connect(lab, tmp_path_factory.mktemp("profile"), transcript)
        yield conn
    assert_no_secret(conn)


def assert_no_secret(conn: Connected) -> None:
    text = conn.transcript.text
    for secret in conn.secrets:
        assert secret not in text, "a lab secret appeared in the Azure layer's output"
    import re

    assert not re.search(r"sig=(?!REDACTED)[A-Za-z0-9%]{20,}", text), "a SAS signature appeared in the output"


@dataclass
class Shell:
    """An engine session (built-ins + Azure cmdlets) on a recording host, signed in to a lab's admin endpoint."""

    session: Any
    host: Any
    lab: Any

    def run(self, source: str) -> Any:
        """Run a script; returns the terminating error's record, or None."""
        from tests.azure.pshost import run

        return run(self.session, source)


def signed_in_shell(lab: Any, tmp_path_factory: pytest.TempPathFactory, name: str) -> Iterator[Shell]:
    """For a module fixture: the config folder and CA bundle are the lab's while the module runs."""
    from azskernel.runtime.credentials import PSCredential
    from tests.azure.pshost import RecordingHost, new_session

    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("AZS_CA_BUNDLE", lab.ca_bundle)
        mp.setenv("AZS_CONFIG_DIR", str(tmp_path_factory.mktemp(f"{name}-config")))
        host = RecordingHost()
        track(host.everything)
        shell = Shell(new_session(host), host, lab)
        shell.session.set_variable("cred", PSCredential(lab.client_id, lab.client_secret))
        shell.session.set_variable("arm", lab.admin_arm_endpoint)
        assert shell.run("$null = Add-AzEnvironment -Name AzureStackAdmin -ARMEndpoint $arm\n"
                         "$null = Connect-AzAccount -Environment AzureStackAdmin -ServicePrincipal -Credential $cred") is None
        assert host.errors == []
        yield shell
    assert lab.client_secret not in host.everything()


@pytest.fixture(scope="session")
def lab_images(qemu_img: str, tmp_path_factory: pytest.TempPathFactory) -> Any:
    """The test images (tests.azure.images), made once for the suite; tests read them, never change them."""
    from tests.azure.images import make_images

    return make_images(qemu_img, tmp_path_factory.mktemp("images"))
