"""The preflight against real blobs in Azurite over HTTPS: each cause of Failed has its own finding."""

from __future__ import annotations

import datetime as dt

import pytest

from azskernel.azure.preflight import check_blob, sas_issues


def codes(check) -> list[str]:  # type: ignore[no-untyped-def]
    return [i.code for i in check.issues]


def sas_for(blobs, container: str, name: str, **kwargs) -> str:  # type: ignore[no-untyped-def]
    """A read SAS in the format a Hub accepts (signed version 2019-07-07)."""
    from azskernel.azure.sas import SasTerms, service_sas
    from tests.support.azurite import DEV_ACCOUNT, DEV_KEY

    expiry = kwargs.pop("expiry", dt.datetime.now(dt.timezone.utc) + dt.timedelta(days=1))
    token = service_sas(DEV_ACCOUNT, DEV_KEY, container, name, SasTerms(kwargs.pop("permission", "r"), expiry))
    return f"{blobs.url(container, name)}?{token}"


def test_a_sas_signed_in_a_newer_version_is_caught_and_named(blobs) -> None:  # type: ignore[no-untyped-def]
    """azure-storage-blob signs in its newest format, whatever version is asked for: a Hub refuses that sv."""
    from azure.storage.blob import BlobSasPermissions, generate_blob_sas

    from tests.support.azurite import DEV_ACCOUNT, DEV_KEY

    expiry = dt.datetime.now(dt.timezone.utc) + dt.timedelta(days=1)
    token = generate_blob_sas(DEV_ACCOUNT, "private", "fixed.vhd", account_key=DEV_KEY,
                              permission=BlobSasPermissions(read=True), expiry=expiry, version="2019-07-07")
    signed = dict(part.split("=", 1) for part in token.split("&"))["sv"]
    assert signed > "2019-07-07"
    check = check_blob(f"{blobs.url('private', 'fixed.vhd')}?{token}", "OsUri", verify="/nonexistent-ca.pem")
    assert codes(check) == ["SasVersionNotSupported"]
    message = check.errors[0].message
    assert f"(sv) {signed}" in message and "2019-07-07" in message and "New-AzStorageBlobSASToken" in message


def test_public_fixed_generation1_vhd_passes(blobs) -> None:  # type: ignore[no-untyped-def]
    check = check_blob(blobs.url("public", "fixed.vhd"), "OsUri", verify=blobs.ca_bundle)
    assert check.errors == []
    assert check.size == 20 * 1024 * 1024 + 512


def test_private_blob_without_sas_is_caught(blobs) -> None:  # type: ignore[no-untyped-def]
    check = check_blob(blobs.url("private", "fixed.vhd"), "OsUri", verify=blobs.ca_bundle)
    assert codes(check) == ["BlobNotPublic"]
    assert "Set-AzStorageContainerAcl" in check.errors[0].message


def test_private_blob_with_read_sas_passes_and_hides_the_signature(blobs) -> None:  # type: ignore[no-untyped-def]
    uri = sas_for(blobs, "private", "fixed.vhd")
    check = check_blob(uri, "OsUri", verify=blobs.ca_bundle)
    assert check.errors == []
    signature = uri.split("sig=")[1].split("&")[0]
    assert signature not in check.uri and "sig=REDACTED" in check.uri


@pytest.mark.parametrize(("name", "code"), [
    ("dynamic.vhd", "NotFixed"),
    ("unaligned.vhd", "SizeNotWholeMiB"),
    ("gen2.vhd", "Generation2Only"),
])
def test_each_disk_cause_has_its_own_finding(blobs, name: str, code: str) -> None:  # type: ignore[no-untyped-def]
    check = check_blob(blobs.url("public", name), "OsUri", verify=blobs.ca_bundle)
    assert [i.code for i in check.errors] == [code]


def test_expired_sas_is_caught_without_a_request(blobs) -> None:  # type: ignore[no-untyped-def]
    past = dt.datetime.now(dt.timezone.utc) - dt.timedelta(hours=2)
    uri = sas_for(blobs, "private", "fixed.vhd", expiry=past)
    # verify=False is never used against the blob: a request would fail the TLS check and raise.
    check = check_blob(uri, "OsUri", verify="/nonexistent-ca.pem")
    assert codes(check) == ["SasExpired"]


def test_sas_without_read_permission_is_caught(blobs) -> None:  # type: ignore[no-untyped-def]
    uri = sas_for(blobs, "private", "fixed.vhd", permission="w")
    assert [i.code for i in sas_issues(uri)] == ["SasNoRead"]


def test_missing_blob_with_sas_says_not_found(blobs) -> None:  # type: ignore[no-untyped-def]
    uri = sas_for(blobs, "private", "nope.vhd")
    check = check_blob(uri, "OsUri", verify=blobs.ca_bundle)
    assert codes(check) == ["BlobNotFound"]


def test_untrusted_endpoint_names_it_and_how_to_trust(blobs) -> None:  # type: ignore[no-untyped-def]
    from azskernel.azure.errors import TlsTrustError

    with pytest.raises(TlsTrustError) as err:
        check_blob(blobs.url("public", "fixed.vhd"), "OsUri", verify=True)
    message = str(err.value)
    assert "127.0.0.1" in message and "AZS_CA_BUNDLE" in message
