"""`azs lab` commands (through azslab.cli.main and `python -m azslab`), and a restart that keeps the state."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from azure.core.rest import HttpRequest
from azure.mgmt.resource.resources import ResourceManagementClient
from azure.mgmt.storage import StorageManagementClient
from azure.storage.blob import BlobServiceClient

from azslab import azurite
from azslab.cli import main
from azslab.testing import LabEnv
from azslab.daemon import env_of
from azslab.config import LabPaths

from .clients import arm_pipeline, mgmt_kwargs, secret_credential

ENV_KEYS = ["adminArmEndpoint", "armEndpoint", "tenantId", "clientId", "clientSecret", "location", "caBundle",
            "identity", "blobEndpointTemplate"]


@pytest.fixture(scope="module")
def lab_dir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    folder = tmp_path_factory.mktemp("cli-lab")
    faults = tmp_path_factory.mktemp("faults") / "start.json"
    faults.write_text(json.dumps({"rules": [{"path": "^/never$", "action": "throttle"}],
                                  "provisioning": {"duration": 0.2}}))
    assert main(["up", "--data-dir", str(folder), "--location", "rack1", "--faults", str(faults)]) == 0
    try:
        yield folder
    finally:
        main(["down", "--data-dir", str(folder)])


def test_up_is_idempotent_and_never_prints_the_secret(lab_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    secret = env_of(LabPaths(lab_dir)).client_secret
    assert main(["up", "--data-dir", str(lab_dir)]) == 0
    out = capsys.readouterr().out
    assert "already running" in out and secret not in out
    assert main(["status", "--data-dir", str(lab_dir), "--format", "json"]) == 0
    status = json.loads(capsys.readouterr().out)
    assert status["running"] is True and status["location"] == "rack1"
    assert secret not in json.dumps(status)
    assert secret not in (lab_dir / "lab.log").read_text()


def test_env_formats(lab_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["env", "--data-dir", str(lab_dir)]) == 0
    env = json.loads(capsys.readouterr().out)
    assert list(env) == ENV_KEYS
    assert env["identity"] == "adfs" and env["tenantId"] == "adfs" and env["location"] == "rack1"
    assert "{account}" in env["blobEndpointTemplate"] and Path(env["caBundle"]).is_file()
    assert main(["env", "--data-dir", str(lab_dir), "--format", "shell"]) == 0
    shell = capsys.readouterr().out
    for var in ("AZS_LAB_ADMIN_ARM_ENDPOINT", "AZS_LAB_ARM_ENDPOINT", "AZS_LAB_TENANT_ID", "AZS_LAB_CLIENT_ID",
                "AZS_LAB_CLIENT_SECRET", "AZS_LAB_LOCATION", "AZS_LAB_BLOB_ENDPOINT_TEMPLATE", "AZS_CA_BUNDLE"):
        assert f"export {var}=" in shell
    result = subprocess.run(["bash", "-c", shell + '\necho "$AZS_LAB_TENANT_ID|$AZS_CA_BUNDLE"'],
                            capture_output=True, text=True, check=True)
    assert result.stdout.strip() == f"adfs|{env['caBundle']}"
    assert main(["env", "--data-dir", str(lab_dir), "--format", "powershell"]) == 0
    assert "$env:AZS_LAB_LOCATION = 'rack1'" in capsys.readouterr().out


def test_errors_are_one_clear_line(lab_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["env", "--data-dir", str(tmp_path / "nothing")]) == 1
    assert "azs lab up" in capsys.readouterr().err
    assert main(["approve", "NOPE", "--data-dir", str(lab_dir)]) == 1
    assert "NOPE" in capsys.readouterr().err
    assert main(["up", "--data-dir", str(lab_dir), "--identity", "entra"]) == 1
    assert "azs lab down" in capsys.readouterr().err
    assert main(["up", "--identity", "kerberos"]) == 2
    assert main(["status", "--data-dir", str(tmp_path / "nothing")]) == 3


def test_faults_set_at_start_then_changed(lab_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["faults", "--data-dir", str(lab_dir)]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["rules"][0]["path"] == "^/never$" and shown["rules"][0]["status"] == 429
    assert shown["provisioning"] == {"outcome": None, "duration": 0.2}
    new = tmp_path / "f.json"
    new.write_text(json.dumps({"provisioning": {"outcome": "Failed"}}))
    assert main(["faults", "--data-dir", str(lab_dir), "--set", str(new)]) == 0
    assert json.loads(capsys.readouterr().out)["provisioning"]["outcome"] == "Failed"
    new.write_text(json.dumps({"rules": [{"action": "fail"}]}))
    assert main(["faults", "--data-dir", str(lab_dir), "--set", str(new)]) == 1
    assert "'path'" in capsys.readouterr().err
    assert main(["faults", "--data-dir", str(lab_dir), "--clear"]) == 0
    assert json.loads(capsys.readouterr().out) == {"rules": [], "provisioning": {"outcome": None, "duration": None}}


def test_python_dash_m(lab_dir: Path) -> None:
    result = subprocess.run([sys.executable, "-m", "azslab", "status", "--data-dir", str(lab_dir)],
                            capture_output=True, text=True, timeout=30)
    assert result.returncode == 0 and "running: True" in result.stdout


def test_azs_routes_lab_commands(lab_dir: Path) -> None:
    azs = Path(sys.executable).with_name("azs")
    result = subprocess.run([str(azs), "lab", "env", "--data-dir", str(lab_dir), "--format", "shell"],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "export AZS_LAB_LOCATION=rack1" in result.stdout


def test_missing_azurite_is_named(monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                  capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.delenv("AZS_AZURITE", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path))  # no npm either: nothing to install with
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(azurite, "_REPO", tmp_path)
    with pytest.raises(azurite.AzuriteMissing) as missing:
        azurite.find_azurite()
    assert "npm install azurite" in str(missing.value) and "AZS_AZURITE" in str(missing.value)
    assert main(["up", "--data-dir", str(tmp_path / "lab")]) == 1
    err = capsys.readouterr().err
    assert "npm install azurite" in err and "npm was not found either" in err
    monkeypatch.setenv("AZS_AZURITE", str(tmp_path / "nowhere" / "azurite-blob"))
    with pytest.raises(azurite.AzuriteMissing, match="AZS_AZURITE is set to"):
        azurite.find_azurite()
    assert not (tmp_path / "lab" / "state.json").exists()


def test_a_failed_npm_install_of_azurite_says_what_to_do(monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    # outside a checkout `azs lab up` installs Azurite with npm into the per-user folder; when npm cannot,
    # the message names the command, the folder and the way around it
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    npm = bin_dir / "npm"
    npm.write_text("#!/bin/sh\necho 'npm error code E404' >&2\necho \"$@\" > \"$(dirname \"$0\")/args\"\nexit 1\n")
    npm.chmod(0o755)
    monkeypatch.delenv("AZS_AZURITE", raising=False)
    monkeypatch.setenv("PATH", f"{bin_dir}:/usr/bin:/bin")
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(azurite, "_REPO", tmp_path)
    if shutil.which("azurite-blob"):
        pytest.skip("an azurite-blob on the system PATH would be found first")
    assert main(["up", "--data-dir", str(tmp_path / "lab")]) == 1
    captured = capsys.readouterr()
    folder = tmp_path / "data" / "azs-notebook" / "azurite"
    assert f"installing azurite@{azurite.AZURITE_VERSION} with npm into {folder}" in captured.out
    assert f"`npm install azurite@{azurite.AZURITE_VERSION}` into {folder} failed (exit 1): npm error code E404" in captured.err
    assert "set AZS_AZURITE" in captured.err
    assert (bin_dir / "args").read_text().split()[:3] == ["install", "--prefix", str(folder)]
    assert not (tmp_path / "lab" / "state.json").exists()


def test_restart_keeps_groups_accounts_images_and_blobs(lab_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    env: LabEnv = env_of(LabPaths(lab_dir))
    cred = secret_credential(env)
    pipeline = arm_pipeline(env, cred)
    sub = pipeline.send_request(HttpRequest("GET", f"{env.admin_arm_endpoint}subscriptions",
                                            params={"api-version": "2016-06-01"})).json()["value"][0]["subscriptionId"]
    kw = mgmt_kwargs(env)
    ResourceManagementClient(cred, sub, api_version="2019-10-01", **kw).resource_groups.create_or_update(
        "keep", {"location": "rack1"})
    storage = StorageManagementClient(cred, sub, api_version="2019-06-01", **kw)
    storage.storage_accounts.begin_create("keep", "keepme", {"location": "rack1", "sku": {"name": "Standard_LRS"},
                                          "kind": "Storage"}, polling_interval=0.1).result()
    key = storage.storage_accounts.list_keys("keep", "keepme").keys_property[0].value
    blobs = BlobServiceClient(env.blob_endpoint("keepme"), credential={"account_name": "keepme", "account_key": key},
                              api_version="2019-07-07", connection_verify=env.ca_bundle)
    blobs.create_container("kept").upload_blob("note.txt", b"still here")
    image = (f"{env.admin_arm_endpoint}subscriptions/{sub}/providers/Microsoft.Compute.Admin/locations/rack1/"
             "artifactTypes/platformImage/publishers/P/offers/O/skus/S/versions/1.0.0")
    q = {"api-version": "2015-12-01-preview"}
    pipeline.send_request(HttpRequest("PUT", image, params=q, json={"properties": {"osDisk": {
        "osType": "Linux", "uri": "https://127.0.0.1:9/none.vhd"}}})).raise_for_status()

    assert main(["down", "--data-dir", str(lab_dir)]) == 0
    assert "stopped" in capsys.readouterr().out
    assert main(["status", "--data-dir", str(lab_dir)]) == 3
    assert main(["up", "--data-dir", str(lab_dir)]) == 0
    assert "started" in capsys.readouterr().out

    env = env_of(LabPaths(lab_dir))
    cred = secret_credential(env)
    kw = mgmt_kwargs(env)
    assert ResourceManagementClient(cred, sub, api_version="2019-10-01", **kw).resource_groups.check_existence("keep")
    storage = StorageManagementClient(cred, sub, api_version="2019-06-01", **kw)
    assert storage.storage_accounts.get_properties("keep", "keepme").provisioning_state == "Succeeded"
    blobs = BlobServiceClient(env.blob_endpoint("keepme"), credential={"account_name": "keepme", "account_key": key},
                              api_version="2019-07-07", connection_verify=env.ca_bundle)
    assert blobs.get_container_client("kept").download_blob("note.txt").readall() == b"still here"
    got = arm_pipeline(env, cred).send_request(HttpRequest("GET", image.replace(image.split("/subscriptions")[0] + "/",
                                                                               env.admin_arm_endpoint), params=q))
    assert got.status_code == 200 and got.json()["properties"]["osDisk"]["uri"] == "https://127.0.0.1:9/none.vhd"


def test_rules_are_strict_unless_up_says_lax(lab_dir: Path, lax_lab: LabEnv, capsys: pytest.CaptureFixture[str]) -> None:
    """`azs lab up` starts a strict stamp; only `--lax` relaxes it, and a running lab is not switched silently."""
    capsys.readouterr()
    assert main(["status", "--data-dir", str(lab_dir), "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["rules"] == "strict"
    assert main(["status", "--data-dir", str(lax_lab.data_dir), "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out)["rules"] == "lax"
    assert main(["up", "--data-dir", str(lax_lab.data_dir)]) == 1
    assert "runs lax (--lax)" in capsys.readouterr().err
    assert main(["up", "--data-dir", str(lab_dir), "--lax"]) == 1
    assert "runs strict" in capsys.readouterr().err
