"""`/metadata/endpoints`, anonymous, on both ARM endpoints, pointing at the lab: the legacy shape Hub documents
(1.0, 2015-01-01) on a strict lab; the newer shapes only on a lax one."""

from __future__ import annotations

import json

import pytest

from azslab.testing import LabEnv

from .clients import metadata, raw


@pytest.mark.parametrize("version", ["1.0", "2015-01-01"])
def test_legacy_shape_has_what_add_azenvironment_needs(adfs_lab: LabEnv, version: str) -> None:
    doc = metadata(adfs_lab.admin_arm_endpoint, adfs_lab.ca_bundle, version)
    for key in ("galleryEndpoint", "graphEndpoint", "portalEndpoint"):
        assert doc[key].startswith("https://127.0.0.1:")
    assert doc["authentication"]["loginEndpoint"].rstrip("/").endswith("/adfs")
    assert doc["authentication"]["audiences"] == [adfs_lab.admin_audience]


@pytest.mark.parametrize("version", ["2019-05-01", "2022-09-01"])
def test_newer_versions_are_refused_by_a_strict_stamp(adfs_lab: LabEnv, version: str) -> None:
    """Hub documents 1.0 and 2015-01-01 only: a strict lab answers the newer ones as ARM answers an api-version it
    does not serve, so no client can depend on them."""
    for endpoint in (adfs_lab.admin_arm_endpoint, adfs_lab.arm_endpoint):
        status, _, body = raw(f"{endpoint}metadata/endpoints?api-version={version}", adfs_lab.ca_bundle)
        error = json.loads(body)["error"]
        assert status == 400 and error["code"] == "InvalidApiVersionParameter"
        assert "'1.0,2015-01-01'" in error["message"] and version in error["message"]


def test_2019_shape_is_an_array_on_a_lax_lab(lax_lab: LabEnv) -> None:
    docs = metadata(lax_lab.arm_endpoint, lax_lab.ca_bundle, "2019-05-01")
    assert isinstance(docs, list) and len(docs) == 1
    assert docs[0]["resourceManager"] == lax_lab.arm_endpoint
    assert docs[0]["authentication"]["tenant"] == lax_lab.tenant_id
    assert docs[0]["authentication"]["audiences"] == [lax_lab.user_audience]


def test_2022_shape_in_entra_mode_on_a_lax_lab(lax_lab: LabEnv) -> None:
    doc = metadata(lax_lab.admin_arm_endpoint, lax_lab.ca_bundle, "2022-09-01")
    assert doc["resourceManager"] == lax_lab.admin_arm_endpoint
    assert doc["authentication"]["tenant"] == lax_lab.tenant_id != "adfs"
    assert not doc["authentication"]["loginEndpoint"].rstrip("/").endswith("/adfs")
    assert {"storage", "keyVaultDns"} <= set(doc["suffixes"])
    assert doc["name"] and doc["authentication"]["audiences"][0] == lax_lab.admin_audience


def test_legacy_shape_in_entra_mode(entra_lab: LabEnv) -> None:
    doc = metadata(entra_lab.admin_arm_endpoint, entra_lab.ca_bundle, "1.0")
    assert not doc["authentication"]["loginEndpoint"].rstrip("/").endswith("/adfs")
    assert doc["authentication"]["audiences"] == [entra_lab.admin_audience]


def test_unknown_version_is_refused(adfs_lab: LabEnv) -> None:
    status, _, body = raw(f"{adfs_lab.arm_endpoint}metadata/endpoints?api-version=2030-01-01", adfs_lab.ca_bundle)
    assert status == 400
    error = json.loads(body)["error"]
    assert error["code"] == "InvalidApiVersionParameter"
    assert "1.0" in error["message"] and "2015-01-01" in error["message"]
