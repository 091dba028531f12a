"""The lab answers as real stamps answered: every recorded exchange of Microsoft's operator modules
(`../shared/contract/recordings/`) replayed against a fresh lab, in order, and compared (tests/support/replay).

A family whose provider the lab does not route yet is skipped with that reason; it runs as soon as the lab's
operation table serves its collection.
"""

from __future__ import annotations

from fnmatch import fnmatchcase
from pathlib import Path

import pytest
from azure.core.rest import HttpRequest
from azure.mgmt.resource.resources import ResourceManagementClient
from azure.mgmt.storage import StorageManagementClient

from azslab.app import operations
from azslab.arm.routing import ArmRouter
from azslab.testing import LabEnv, running_lab
from tests.support.replay.blobs import LabBlobs
from tests.support.replay.differences import KNOWN
from tests.support.replay.engine import LabHttp, Replay
from tests.support.replay.families import FAMILIES, Family
from tests.support.replay.mapping import LabSide, Mapping
from tests.support.replay.packages import extension_package, gallery_package
from tests.support.replay.recording import load
from tests.support.shared import CONTRACT

from .clients import arm_pipeline, discover, mgmt_kwargs, secret_credential
from .disks import mbr_disk, to_vhd

RECORDINGS = CONTRACT / "recordings"
CASES = [(family, name) for family in FAMILIES for name in family.recordings]


def served(family: Family) -> bool:
    """Whether the lab's operation table routes a GET of the family's collection on the admin endpoint."""
    path = family.collection.format(subscription="00000000-0000-0000-0000-000000000000", location="local")
    return ArmRouter(operations()).match("GET", path, "admin") is not None


@pytest.fixture(scope="module")
def vhd(qemu_img: str, tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """A real fixed VHD (qemu-img) of a bootable MBR disk, whole MiB plus its footer: what every recorded
    disk URI holds in the lab."""
    return to_vhd(qemu_img, mbr_disk(tmp_path_factory.mktemp("replay") / "disk.raw")).read_bytes()


def replay(env: LabEnv, family: Family, name: str, vhd: bytes) -> Replay:
    credential = secret_credential(env)
    _, _, scope = discover(env)
    pipeline = arm_pipeline(env, credential)
    subscription = pipeline.send_request(HttpRequest(
        "GET", f"{env.admin_arm_endpoint}subscriptions", params={"api-version": "2016-06-01"})).json()["value"][0][
        "subscriptionId"]
    lab = LabSide(env.admin_arm_endpoint.rstrip("/"), subscription, env.location, env.blob_endpoint_template)
    recording = load(RECORDINGS / f"{name}.Recording.json")
    kw = mgmt_kwargs(env)
    blobs = LabBlobs(ResourceManagementClient(credential, subscription, api_version="2019-10-01", **kw),
                     StorageManagementClient(credential, subscription, api_version="2019-06-01", **kw),
                     env.location, env.ca_bundle,
                     {"vhd": lambda ref, doc: (vhd, "PageBlob"), "package": extension_package, "azpkg": gallery_package})
    http = LabHttp(env.ca_bundle, lambda: credential.get_token(scope).token)
    return Replay(recording, family, Mapping.for_recording(recording, lab), http, blobs)


@pytest.mark.parametrize(("family", "name"), CASES, ids=[name for _, name in CASES])
def test_recording_replays_without_unexplained_difference(family: Family, name: str, vhd: bytes,
                                                          tmp_path: Path) -> None:
    if not served(family):
        pytest.skip(f"the lab does not serve {family.namespace} ({family.name}) yet; this recording replays "
                    "once its provider routes the collection")
    with running_lab(tmp_path / "lab") as env:  # a fresh stamp: the recording's world and nothing else
        run = replay(env, family, name, vhd)
        report = run.run()
    assert report.sent >= len(run.recording.exchanges) - len(report.skipped)
    if report.unexplained:
        pytest.fail(f"{name}: the lab answers otherwise than the stamp did:\n"
                    + "\n".join(str(d) for d in report.unexplained), pytrace=False)
    stale = [k.reason[:60] for k in KNOWN if fnmatchcase(name, k.recording) and k not in report.used()]
    assert not stale, f"{name}: rows of the differences table that explained nothing: {stale}"
