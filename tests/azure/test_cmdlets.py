"""The Azure cmdlets through the engine without a stamp: registration, aliases, sign-in errors, views,
persistence across sessions, and the import cost."""

from __future__ import annotations

import subprocess
import sys

import pytest

from azskernel.azure.context import AzProfile
from azskernel.azure.environment import AzEnvironment
from tests.azure.pshost import RecordingHost, new_session, run


def test_importing_and_registering_loads_no_azure_sdk() -> None:
    code = ("import sys\nfrom azskernel.runtime.cmdlet import CommandRegistry\nfrom azskernel.azure.cmdlets import register\n"
            "register(CommandRegistry())\nprint(sorted(m for m in sys.modules if m == 'azure' or m.startswith('azure.')))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()
    assert out == "[]"


def test_azurerm_names_resolve_as_enable_azurermalias_makes_them() -> None:
    from azskernel.azure.cmdlets import register
    from azskernel.runtime.cmdlet import CommandRegistry

    registry = CommandRegistry()
    register(registry)
    for alias, name in [("Add-AzureRmVhd", "Add-AzVhd"), ("Remove-AzureRmVMExtension", "Remove-AzVMExtension"),
                        ("Connect-AzureRmAccount", "Connect-AzAccount"), ("add-azurermenvironment", "Add-AzEnvironment"),
                        ("Login-AzAccount", "Connect-AzAccount"), ("Add-AzsPlatformimage", "Add-AzsPlatformImage")]:
        assert registry.resolve(alias).name == name  # type: ignore[union-attr]
    assert registry.resolve("Add-AzureRmsPlatformImage") is None


def test_commands_without_a_sign_in_say_to_connect() -> None:
    host = RecordingHost()
    record = run(new_session(host), "Get-AzsPlatformImage") or host.errors[-1]
    assert record is not None and "Connect-AzAccount" in record.message
    assert record.category.value == "AuthenticationError"


def test_environments_persist_across_sessions_and_show_az_view(config_dir) -> None:  # type: ignore[no-untyped-def]
    AzProfile.load().add_environment(AzEnvironment(
        name="AzureStackAdmin", resource_manager_url="https://adminmanagement.local.azurestack.external/",
        active_directory_authority="https://adfs.local.azurestack.external/adfs/", audience="https://aud/1",
        storage_endpoint_suffix="local.azurestack.external", enable_adfs_authentication=True))
    host = RecordingHost()
    session = new_session(host)
    assert run(session, "$e = Get-AzEnvironment -Name AzureStackAdmin\n$e.EnableAdfsAuthentication\n$e.StorageEndpointSuffix") is None
    assert host.output == [True, "local.azurestack.external"]
    from azskernel.runtime.formatting import format_default

    text = format_default(session.invoke("Get-AzEnvironment Azure*"))
    assert text.splitlines()[1].split() == ["Name", "Resource", "Manager", "Url", "ActiveDirectory", "Authority", "Type"]
    assert "AzureStackAdmin" in text and "AzureCloud" in text
    assert (config_dir / "azure" / "environments.json").exists()


def test_remove_asks_in_a_non_interactive_run_and_fails_clearly() -> None:
    host = RecordingHost()
    record = run(new_session(host), "Remove-AzsPlatformImage -Publisher P -Offer O -Sku S -Version 1.0.0") or host.errors[-1]
    assert record is not None and "-Force" in record.message and "not interactive" in record.message
    host = RecordingHost(interactive=True, answers=["n"])
    assert run(new_session(host), "Remove-AzsPlatformImage -Publisher P -Offer O -Sku S -Version 1.0.0") is None
    assert host.prompts and "Remove platform image" in host.prompts[0] and host.errors == []


def test_ca_bundle_env_var_must_name_a_pem(config_dir, monkeypatch, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from azskernel.azure.errors import ParameterRuleError
    from azskernel.azure.trust import verify_setting

    monkeypatch.setenv("AZS_CA_BUNDLE", str(tmp_path / "missing.pem"))
    with pytest.raises(ParameterRuleError, match="AZS_CA_BUNDLE points to .*missing.pem"):
        verify_setting(config_dir)


def test_ca_bundle_combines_system_and_stamp(config_dir, monkeypatch, test_pki) -> None:  # type: ignore[no-untyped-def]
    from pathlib import Path

    from azskernel.azure.trust import verify_setting

    monkeypatch.setenv("AZS_CA_BUNDLE", str(test_pki.ca_bundle))
    combined = Path(str(verify_setting(config_dir))).read_bytes()
    assert test_pki.ca_bundle.read_bytes().strip() in combined
    assert combined.count(b"BEGIN CERTIFICATE") > 1


def test_connect_without_credentials_in_a_non_interactive_run_says_what_to_give(config_dir) -> None:  # type: ignore[no-untyped-def]
    AzProfile.load().add_environment(AzEnvironment(
        name="Stamp", resource_manager_url="https://127.0.0.1:9/", active_directory_authority="https://127.0.0.1:9/adfs/",
        audience="https://aud/1", storage_endpoint_suffix="x", enable_adfs_authentication=True))
    host = RecordingHost()
    record = run(new_session(host), "Connect-AzAccount -Environment Stamp") or host.errors[-1]
    assert "not interactive" in record.message and "-UseDeviceAuthentication" in record.message


def test_enable_azurermalias_is_accepted_and_lists_the_names() -> None:
    host = RecordingHost()
    assert run(new_session(host), "Enable-AzureRmAlias -Scope CurrentUser\nEnable-AzureRmAlias -PassThru") is None
    assert "Add-AzureRmVhd" in host.output and "Connect-AzureRmAccount" in host.output and host.errors == []


def test_without_any_variable_the_system_store_is_trusted(config_dir, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import ssl

    from azskernel.azure.trust import verify_setting

    for name in ("AZS_CA_BUNDLE", "REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE"):
        monkeypatch.delenv(name, raising=False)
    setting = verify_setting(config_dir)
    paths = ssl.get_default_verify_paths()
    assert setting in (paths.cafile, paths.openssl_cafile, "/etc/ssl/certs/ca-certificates.crt")
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", str(setting))
    assert verify_setting(config_dir) is True


def test_storage_key_view_hides_the_value_but_scripts_can_read_it() -> None:
    from azskernel.azure.records import T_STORAGE_KEY, record
    from azskernel.runtime.formatting import format_default

    key = record(T_STORAGE_KEY, [("KeyName", "key1"), ("Value", "c2VjcmV0LWtleS12YWx1ZQ=="), ("Permissions", "FULL")])
    text = format_default([key])
    assert "c2VjcmV0" not in text and "********" in text and "key1" in text
    assert key.Value == "c2VjcmV0LWtleS12YWx1ZQ=="


def test_storage_context_endpoints_from_suffix_and_connection_string(config_dir) -> None:  # type: ignore[no-untyped-def]
    from azskernel.azure.cmdlets.storage import new_storage_context
    from azskernel.azure.context import AzAccount, AzContext

    profile = AzProfile.load()
    by_suffix = new_storage_context(storage_account_name="acct", storage_account_key="a2V5LXZhbHVlLWZvci10ZXN0",
                                    endpoint="local.azurestack.external", profile=profile)
    assert by_suffix.BlobEndPoint == "https://acct.blob.local.azurestack.external/"
    profile.add_environment(AzEnvironment(name="Hub", resource_manager_url="https://management.region.hub.example/",
                                          active_directory_authority="https://adfs.region.hub.example/adfs/",
                                          audience="https://aud/1", storage_endpoint_suffix="region.hub.example"))
    profile.set_context(AzContext("Hub", AzAccount("app", "ServicePrincipal"), "adfs"))  # restored: no credential
    by_env = new_storage_context(storage_account_name="acct", sas_token="?sv=2019-07-07&sig=abcdefabcdef", profile=profile)
    assert by_env.BlobEndPoint == "https://acct.blob.region.hub.example/" and by_env.sas_token.startswith("sv=")
    cs = new_storage_context(connection_string="DefaultEndpointsProtocol=https;AccountName=acct;"
                                               "AccountKey=a2V5LXZhbHVlLWZvci10ZXN0;EndpointSuffix=region.hub.example",
                             profile=profile)
    assert cs.BlobEndPoint == "https://acct.blob.region.hub.example/" and "a2V5" not in repr(cs)


def test_entra_sign_in_needs_a_tenant_and_adfs_ignores_it(config_dir) -> None:  # type: ignore[no-untyped-def]
    from azskernel.azure.cmdlets.accounts import connect_account
    from azskernel.azure.credentials import resolve_tenant
    from azskernel.azure.errors import ParameterRuleError

    entra = AzEnvironment(name="Entra", resource_manager_url="https://127.0.0.1:9/", active_directory_authority="https://127.0.0.1:9/",
                          audience="https://aud/1", storage_endpoint_suffix="x")
    profile = AzProfile.load()
    profile.add_environment(entra)
    with pytest.raises(ParameterRuleError, match="-TenantId is required"):
        connect_account(environment="Entra", credential=("app", "secret-value-123"), profile=profile)
    adfs = AzEnvironment(name="A", resource_manager_url="https://h/", active_directory_authority="https://h/adfs/",
                         audience="https://aud/1", storage_endpoint_suffix="x", enable_adfs_authentication=True)
    assert resolve_tenant(adfs, "5f0b1f6e-0000-0000-0000-000000000000") == "adfs"
    assert adfs.authority_host == "https://h"


def test_the_image_wait_has_a_default_timeout_stated_in_the_help() -> None:
    """A stamp's import takes minutes to hours, never forever: the default is stated where the user reads it."""
    import inspect

    from azskernel.azure.cmdlets import compute_admin

    assert inspect.signature(compute_admin.add_platform_image).parameters["timeout_sec"].default == 3 * 3600
    host = RecordingHost()
    assert run(new_session(host), "Get-Help Add-AzsPlatformImage -Parameter TimeoutSec | Out-String -Width 200") is None
    assert "default 10800, three hours" in host.output[0]
