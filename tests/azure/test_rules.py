"""The seed's parameter rules: every placeholder of the seed's template is refused, naming its parameter."""

from __future__ import annotations

import pytest

from azskernel.azure.cmdlets.compute_admin import add_platform_image
from azskernel.azure.context import AzProfile
from azskernel.azure.rules import ParameterRulesError, check_blob_uri, check_name, check_version, parse_data_disks


def test_seed_template_placeholders_are_each_refused(config_dir) -> None:  # type: ignore[no-untyped-def]
    # No sign-in at all: the rules come first, so nothing could have been sent.
    with pytest.raises(ParameterRulesError) as err:
        add_platform_image(publisher="<publisher>", offer="<Offer>", sku="<SKU>", version="<#.#.#>",
                           os_type="<OS type>", os_uri="<OS URI>", profile=AzProfile.load(config_dir))
    params = [e.parameter for e in err.value.errors]
    assert params == ["Publisher", "Offer", "Sku", "Version", "OsType", "OsUri"]
    messages = [e.record.message for e in err.value.errors]
    assert "no spaces or special characters ('<', '>')" in messages[0]
    assert "#.#.#" in messages[3]
    assert "Windows or Linux" in messages[4]
    assert "absolute https blob URI" in messages[5]
    assert all(e.record.category.value == "InvalidArgument" for e in err.value.errors)


@pytest.mark.parametrize("value", ["Canonical", "UbuntuServer", "14.04.3-LTS", "20_04-lts-gen2", "a"])
def test_good_names(value: str) -> None:
    assert check_name("Sku", value) is None


@pytest.mark.parametrize("value", ["Ubuntu Server", "bad/slash", "-lead", "", "é"])
def test_bad_names(value: str) -> None:
    error = check_name("Offer", value)
    assert error is not None and "-Offer" in error.record.message


@pytest.mark.parametrize(("value", "ok"), [("1.0.0", True), ("10.20.300", True), ("1.0", False), ("1.0.0.0", False), ("v1.0.0", False)])
def test_version_rule(value: str, ok: bool) -> None:
    assert (check_version(value) is None) is ok


@pytest.mark.parametrize(("uri", "ok"), [
    ("https://acct.blob.local.azurestack.external/vhds/a.vhd", True),
    ("https://acct.blob.local.azurestack.external/vhds/a.vhd?sv=2019-07-07&sig=abc", True),
    ("https://127.0.0.1:10000/acct/vhds/a.vhd", True),
    ("http://acct.blob.local.azurestack.external/vhds/a.vhd", False),
    ("https://acct.blob.local.azurestack.external/a.vhd", False),
    ("https://example.com/vhds/a.vhd", False),
    ("C:\\vhd\\a.vhd", False),
])
def test_blob_uri_rule(uri: str, ok: bool) -> None:
    assert (check_blob_uri("OsUri", uri) is None) is ok


def test_blob_uri_error_hides_the_signature() -> None:
    error = check_blob_uri("OsUri", "http://acct.blob.x/vhds/a.vhd?sv=1&sig=SECRETSIGNATUREVALUE")
    assert error is not None
    assert "SECRETSIGNATUREVALUE" not in error.record.message and "sig=REDACTED" in error.record.message


def test_data_disks_take_hashtables_and_refuse_duplicate_luns() -> None:
    disks, errors = parse_data_disks([{"Lun": 0, "Uri": "https://a.blob.x/c/d0.vhd"}, {"lun": "1", "uri": "https://a.blob.x/c/d1.vhd"}])
    assert [(d.lun, d.uri.rsplit("/", 1)[1]) for d in disks] == [(0, "d0.vhd"), (1, "d1.vhd")] and errors == []
    _, errors = parse_data_disks([{"Lun": 0, "Uri": "https://a.blob.x/c/d0.vhd"}, {"Lun": 0, "Uri": "https://a.blob.x/c/d1.vhd"}])
    assert "same Lun" in errors[0].record.message
