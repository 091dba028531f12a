"""Each cause of a Failed image is caught before the PUT with its own message; when the check is skipped
the image ends Failed on the lab and the error names the cause."""

from __future__ import annotations

import pytest

from azskernel.azure.cmdlets import compute_admin, resources, storage
from azskernel.azure.errors import ImageWouldFailError, ProvisioningFailedError, ResourceConflictError
from tests.azure.images import Images


@pytest.fixture(scope="module")
def staged(adfs_connected, lab_images: Images):  # type: ignore[no-untyped-def]
    """The four bad images and a good one as page blobs, byte for byte (no conversion on the way)."""
    images = lab_images
    prof, rep, loc = adfs_connected.profile, adfs_connected.reporter, adfs_connected.env.location
    resources.new_resource_group(name="causesrg", location=loc, profile=prof, reporter=rep)
    acct = storage.new_storage_account(resource_group_name="causesrg", name="causesacct", location=loc,
                                       profile=prof, reporter=rep)
    storage.new_storage_container(name="public", permission="Blob", context=acct.Context, reporter=rep)
    storage.new_storage_container(name="private", permission="Off", context=acct.Context, reporter=rep)
    service = acct.Context.blob_service()
    for container, name in (("private", "fixed"), ("public", "fixed"), ("public", "dynamic"), ("public", "unaligned"),
                            ("public", "gen2")):
        data = getattr(images, name).read_bytes()
        blob = service.get_blob_client(container, f"{name}.vhd")
        blob.create_page_blob(len(data))
        for at in range(0, len(data), 4 << 20):
            chunk = data[at : at + (4 << 20)]
            if chunk.strip(b"\0"):
                blob.upload_page(chunk, offset=at, length=len(chunk))
    service.close()
    adfs_connected.secrets.append(acct.Context.account_key)
    return adfs_connected, acct.PrimaryEndpoints.Blob


CASES = [
    ("private", "fixed", "BlobNotPublic", "cannot be read without credentials"),
    ("public", "dynamic", "NotFixed", "fixed VHDs only"),
    ("public", "unaligned", "SizeNotWholeMiB", "not a whole number of MiB"),
    ("public", "gen2", "Generation2Only", "generation 2"),
]


@pytest.mark.parametrize(("container", "name", "code", "words"), CASES)
def test_cause_caught_before_the_put(staged, container: str, name: str, code: str, words: str) -> None:  # type: ignore[no-untyped-def]
    conn, endpoint = staged
    version = f"1.0.{CASES.index((container, name, code, words))}"
    with pytest.raises(ImageWouldFailError) as err:
        compute_admin.add_platform_image(publisher="Causes", offer=name, sku="test", version=version, os_type="Linux",
                                         os_uri=f"{endpoint}{container}/{name}.vhd", profile=conn.profile,
                                         reporter=conn.reporter)
    conn.transcript.add(str(err.value))
    assert words in str(err.value) and "-OsUri" in str(err.value)
    assert compute_admin.get_platform_image(publisher="Causes", offer=name, profile=conn.profile, reporter=conn.reporter) == []


@pytest.mark.parametrize(("container", "name", "code", "words"), CASES)
def test_skipped_check_ends_failed_and_names_the_cause(staged, container: str, name: str, code: str, words: str) -> None:  # type: ignore[no-untyped-def]
    conn, endpoint = staged
    args = dict(publisher="Skipped", offer=name, sku="test", version="2.0.0", os_type="Linux",
                os_uri=f"{endpoint}{container}/{name}.vhd", poll_interval=0.2, timeout_sec=60, profile=conn.profile,
                reporter=conn.reporter)
    with pytest.raises(ProvisioningFailedError) as err:
        compute_admin.add_platform_image(skip_preflight=True, **args)  # type: ignore[arg-type]
    conn.transcript.add(str(err.value))
    assert "ended Failed" in str(err.value) and words in str(err.value)
    # A Failed image blocks the same version until removed; -Force replaces it (here: caught again by the check).
    with pytest.raises(ResourceConflictError, match="Remove-AzsPlatformImage"):
        compute_admin.add_platform_image(**args)  # type: ignore[arg-type]
    with pytest.raises(ImageWouldFailError):
        compute_admin.add_platform_image(force=True, **args)  # type: ignore[arg-type]
    assert compute_admin.remove_platform_image(publisher="Skipped", offer=name, sku="test", version="2.0.0",
                                               profile=conn.profile, reporter=conn.reporter) is True


def test_data_disks_are_checked_too_but_not_for_booting(staged) -> None:  # type: ignore[no-untyped-def]
    conn, endpoint = staged
    args = dict(publisher="Disks", offer="o", sku="s", os_type="Linux", os_uri=f"{endpoint}public/fixed.vhd",
                poll_interval=0.2, timeout_sec=60, profile=conn.profile, reporter=conn.reporter)
    with pytest.raises(ImageWouldFailError, match=r"-DataDisks\[Lun 1\].*fixed VHDs only"):
        compute_admin.add_platform_image(version="1.0.0", data_disks=[{"Lun": 0, "Uri": f"{endpoint}public/gen2.vhd"},
                                                                       {"Lun": 1, "Uri": f"{endpoint}public/dynamic.vhd"}],
                                         **args)  # type: ignore[arg-type]
    image = compute_admin.add_platform_image(version="1.0.1", data_disks=[{"Lun": 0, "Uri": f"{endpoint}public/gen2.vhd"}],
                                             billing_part_number="BPN-1", **args)  # type: ignore[arg-type]
    assert image.ProvisioningState == "Succeeded" and image.BillingPartNumber == "BPN-1"
    assert [(d.Lun, d.Uri.rsplit("/", 1)[1]) for d in image.DataDisks] == [(0, "gen2.vhd")]
    compute_admin.remove_platform_image(publisher="Disks", offer="o", sku="s", version="1.0.1", profile=conn.profile)
