"""Use-AzsTarget and use_target: the notebooks' parameters pointed at the lab (empty values from AZS_LAB_*, a
sample disk for a missing VHD) or at a stamp (values as given, stamp defaults, an empty endpoint refused)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from azskernel.azure.errors import ParameterRuleError
from azskernel.azure.target import default_work_folder, resolve_target, use_target
from tests.azure.pshost import RecordingHost, new_session, run

LAB = {
    "AZS_LAB_ADMIN_ARM_ENDPOINT": "https://127.0.0.1:4431/", "AZS_LAB_ARM_ENDPOINT": "https://127.0.0.1:4432/",
    "AZS_LAB_TENANT_ID": "adfs", "AZS_LAB_CLIENT_ID": "0b6c1f2e-app", "AZS_LAB_CLIENT_SECRET": "s3cret",
    "AZS_LAB_LOCATION": "local", "AZS_CA_BUNDLE": "/lab/ca.pem",
}
EMPTY = {"ArmEndpoint": "", "TenantId": "", "ClientId": "", "ClientSecretVariable": "", "CaBundlePath": "",
         "Location": "", "TenantArmEndpoint": ""}


def made(paths: list[Path]) -> Any:
    def make(path: Path) -> None:
        paths.append(path)
        path.write_bytes(b"sample")
    return make


def test_auto_is_the_lab_when_its_environment_is_there_and_fills_only_the_empty_values(tmp_path: Path) -> None:
    given = {**EMPTY, "Location": "rack2", "WorkFolder": str(tmp_path)}
    target = resolve_target("auto", given, LAB)
    assert target.kind == "lab"
    assert target.values["ArmEndpoint"] == LAB["AZS_LAB_ADMIN_ARM_ENDPOINT"]
    assert target.values["ClientId"] == LAB["AZS_LAB_CLIENT_ID"]
    assert target.values["ClientSecretVariable"] == "AZS_LAB_CLIENT_SECRET", "the variable's name, never the secret"
    assert "s3cret" not in repr(target.values) and "s3cret" not in target.summary
    assert target.values["TenantArmEndpoint"] == LAB["AZS_LAB_ARM_ENDPOINT"]
    assert target.values["CaBundlePath"] == "/lab/ca.pem"
    assert target.values["Location"] == "rack2", "a value the operator gave is kept"


def test_auto_is_the_stamp_when_an_endpoint_is_given_or_there_is_no_lab(tmp_path: Path) -> None:
    given = {**EMPTY, "ArmEndpoint": "https://adminmanagement.east.contoso.com", "ClientId": "app",
             "WorkFolder": str(tmp_path)}
    for environ in (LAB, {}):
        target = resolve_target("auto", given, environ)
        assert target.kind == "stamp"
        assert target.values["ArmEndpoint"] == "https://adminmanagement.east.contoso.com"
        assert target.values["TenantId"] == "adfs" and target.values["ClientSecretVariable"] == "AZS_CLIENT_SECRET"
        assert target.values["TenantArmEndpoint"] == "" and target.values["CaBundlePath"] == ""


def test_a_stamp_without_endpoint_or_client_is_refused_by_name(tmp_path: Path) -> None:
    with pytest.raises(ParameterRuleError, match=r"\$ArmEndpoint is empty.*make lab"):
        resolve_target("auto", {**EMPTY, "WorkFolder": str(tmp_path)}, {})
    with pytest.raises(ParameterRuleError, match=r"\$ClientId is empty"):
        resolve_target("stamp", {**EMPTY, "ArmEndpoint": "https://a", "WorkFolder": str(tmp_path)}, LAB)
    with pytest.raises(ParameterRuleError, match=r"lab's environment \(AZS_LAB_\*\) is not set.*make lab"):
        resolve_target("lab", EMPTY, {})
    with pytest.raises(ParameterRuleError, match="not one of 'auto', 'lab' or 'stamp'"):
        resolve_target("cloud", EMPTY, LAB)


def test_on_the_lab_a_missing_vhd_becomes_a_sample_in_the_work_folder(tmp_path: Path) -> None:
    paths: list[Path] = []
    existing = tmp_path / "mine.vhd"
    existing.write_bytes(b"x")
    given = {**EMPTY, "VhdPath": "./missing.vhd", "PracticeVhd": str(existing), "WorkFolder": str(tmp_path / "work")}
    target = resolve_target("lab", given, LAB, make_sample=made(paths), resolve_path=lambda t: tmp_path / t)
    assert paths == [tmp_path / "work" / "missing.vhd"]
    assert target.values["VhdPath"] == str(tmp_path / "work" / "missing.vhd")
    assert target.values["PracticeVhd"] == str(existing), "an existing disk is used as is"
    assert "./missing.vhd does not exist" in target.summary


def test_on_a_stamp_a_missing_vhd_is_left_for_get_vhd_to_report(tmp_path: Path) -> None:
    paths: list[Path] = []
    given = {**EMPTY, "ArmEndpoint": "https://a", "ClientId": "c", "VhdPath": str(tmp_path / "none.vhd")}
    target = resolve_target("stamp", given, LAB, make_sample=made(paths))
    assert paths == [] and target.values["VhdPath"] == str(tmp_path / "none.vhd")
    assert target.values["WorkFolder"] == str(default_work_folder())


def test_the_default_work_folder_is_outside_the_repository() -> None:
    repository = Path(__file__).resolve().parents[2]
    assert repository not in default_work_folder().parents


def test_use_target_writes_the_snake_case_names_of_a_python_notebook(tmp_path: Path) -> None:
    namespace: dict[str, Any] = {"arm_endpoint": "", "tenant_id": "", "client_id": "", "client_secret_variable": "",
                                 "ca_bundle_path": "", "location": "", "tenant_arm_endpoint": "",
                                 "work_folder": str(tmp_path), "unrelated": 1}
    target = use_target(namespace, "auto", LAB)
    assert target.kind == "lab"
    assert namespace["arm_endpoint"] == LAB["AZS_LAB_ADMIN_ARM_ENDPOINT"]
    assert namespace["client_secret_variable"] == "AZS_LAB_CLIENT_SECRET" and namespace["unrelated"] == 1
    assert "vhd_path" not in namespace, "only the parameters the notebook has"


def test_the_cmdlet_sets_the_callers_variables(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in LAB.items():
        monkeypatch.setenv(name, value)
    host = RecordingHost()
    session = new_session(host)
    script = "".join(f"${name} = ''\n" for name in EMPTY) + f"$WorkFolder = '{tmp_path}'\n"
    assert run(session, script + "Use-AzsTarget\n\"[$ArmEndpoint|$ClientId|$ClientSecretVariable|$Location]\"") is None
    assert host.output[0].startswith("Target: the lab stamp (https://127.0.0.1:4431/)")
    assert host.output[-1] == "[https://127.0.0.1:4431/|0b6c1f2e-app|AZS_LAB_CLIENT_SECRET|local]"


def test_the_cmdlet_refuses_an_empty_stamp_in_powershells_error_shape(tmp_path: Path) -> None:
    host = RecordingHost()
    session = new_session(host)
    script = "".join(f"${name} = ''\n" for name in EMPTY) + f"$WorkFolder = '{tmp_path}'\n"
    record = run(session, script + "$ErrorActionPreference = 'Stop'\nUse-AzsTarget -Target stamp")
    assert record is not None
    assert "InvalidParameterValue.ArmEndpoint" in str(record.fully_qualified_error_id)
