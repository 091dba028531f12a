"""The rest of the surface against the lab (AD FS): contexts, ACLs, SAS tokens, server-side copy, blob
removal, resource groups, and the admin VM extension artifacts."""

from __future__ import annotations

import pytest

from azskernel.azure.cmdlets import extensions, resources, storage
from azskernel.azure.errors import ResourceMissingError
from azskernel.azure.preflight import check_blob


@pytest.fixture(scope="module")
def account(adfs_connected):  # type: ignore[no-untyped-def]
    prof, rep, loc = adfs_connected.profile, adfs_connected.reporter, adfs_connected.env.location
    resources.new_resource_group(name="storagerg", location=loc, profile=prof, reporter=rep)
    acct = storage.new_storage_account(resource_group_name="storagerg", name="storageacct", location=loc, profile=prof, reporter=rep)
    return adfs_connected, acct


def test_contexts_acl_sas_copy_and_remove(account) -> None:  # type: ignore[no-untyped-def]
    conn, acct = account
    rep = conn.reporter
    keys = storage.get_storage_account_key(resource_group_name="storagerg", name="storageacct", profile=conn.profile, reporter=rep)
    assert [k.KeyName for k in keys] == ["key1", "key2"] and keys[0].Permissions.upper() == "FULL"
    by_key = storage.new_storage_context(storage_account_name="storageacct", storage_account_key=keys[0].Value,
                                         profile=conn.profile, reporter=rep)
    assert by_key.BlobEndPoint == acct.PrimaryEndpoints.Blob and "Value" not in repr(by_key)
    container = storage.new_storage_container(name="src", permission="Off", context=by_key, reporter=rep)
    assert container.PublicAccess == "Off"
    by_key.blob_service().get_blob_client("src", "a.bin").upload_blob(b"x" * 1024, blob_type="PageBlob")
    uri = f"{acct.PrimaryEndpoints.Blob}src/a.bin"
    assert [i.code for i in check_blob(uri, "OsUri", verify=conn.profile and __import__("os").environ["AZS_CA_BUNDLE"]).errors] == ["BlobNotPublic"]
    changed = storage.set_storage_container_acl(name="src", permission="Blob", context=by_key, pass_thru=True, reporter=rep)
    assert changed.PublicAccess == "Blob"

    sas = storage.new_container_sas_token(name="src", permission="rl", context=by_key)
    assert sas.startswith("?") and "sig=" in sas
    by_sas = storage.new_storage_context(storage_account_name="storageacct", sas_token=sas, profile=conn.profile, reporter=rep)
    assert [b.Name for b in storage.get_storage_blob(container="src", context=by_sas, reporter=rep)] == ["a.bin"]
    cs = f"DefaultEndpointsProtocol=https;AccountName=storageacct;AccountKey={keys[0].Value};BlobEndpoint={acct.PrimaryEndpoints.Blob}"
    by_cs = storage.new_storage_context(connection_string=cs, profile=conn.profile)
    assert by_cs.StorageAccountName == "storageacct"

    storage.new_storage_container(name="dst", context=by_key, reporter=rep)
    started = storage.start_blob_copy(absolute_uri=uri, dest_container="dst", dest_blob="b.bin", dest_context=by_key, reporter=rep)
    assert started.Name == "b.bin"
    state = storage.get_blob_copy_state(container="dst", blob="b.bin", context=by_key, wait_for_complete=True, reporter=rep)
    assert state.Status == "Success" and state.TotalBytes == 1024

    assert storage.remove_storage_blob(container="dst", blob="b.bin", context=by_key, reporter=rep) is True
    with pytest.raises(ResourceMissingError, match="b.bin"):
        storage.remove_storage_blob(container="dst", blob="b.bin", context=by_key, reporter=rep)
    conn.transcript.add(repr([by_key, by_sas, by_cs, container, changed, state]))


def test_resource_groups(account) -> None:  # type: ignore[no-untyped-def]
    conn, _ = account
    prof, rep = conn.profile, conn.reporter
    resources.new_resource_group(name="temprg", location=conn.env.location, profile=prof, reporter=rep)
    assert [g.ResourceGroupName for g in resources.get_resource_group(name="temp*", profile=prof, reporter=rep)] == ["temprg"]
    assert resources.remove_resource_group(name="temprg", profile=prof, reporter=rep) is True
    with pytest.raises(ResourceMissingError, match="temprg"):
        resources.get_resource_group(name="temprg", profile=prof, reporter=rep)


def test_vm_extension_artifacts(account) -> None:  # type: ignore[no-untyped-def]
    conn, acct = account
    prof, rep = conn.profile, conn.reporter
    made = extensions.add_vm_extension(publisher="Microsoft.Compute", type="CustomScriptExtension", version="1.9.3",
                                       source_blob=f"{acct.PrimaryEndpoints.Blob}src/a.bin", vm_os_type="windows",
                                       profile=prof, reporter=rep)
    assert (made.Publisher, made.ExtensionType, made.VMOSType) == ("Microsoft.Compute", "CustomScriptExtension", "Windows")
    listed = extensions.get_vm_extension(publisher="Microsoft.*", profile=prof, reporter=rep)
    assert [(e.ExtensionType, e.Version) for e in listed] == [("CustomScriptExtension", "1.9.3")]
    assert extensions.remove_vm_extension_admin(publisher="Microsoft.Compute", type="CustomScriptExtension", version="1.9.3",
                                                profile=prof, reporter=rep) is True
    assert extensions.remove_vm_extension_admin(publisher="Microsoft.Compute", type="CustomScriptExtension", version="1.9.3",
                                                profile=prof, reporter=rep) is False
