"""Discovery: the three /metadata/endpoints shapes, AD FS from the login endpoint, storage suffix."""

from __future__ import annotations

import pytest

from azskernel.azure.discovery import normalise_arm, parse_metadata
from azskernel.azure.errors import ParameterRuleError, ServiceError

ARM = "https://adminmanagement.local.azurestack.external/"
AUD = "https://adminmanagement.adfs.azurestack.local/4de1"


def test_2022_object_with_adfs_and_suffix() -> None:
    body = {"name": "AzureStack", "resourceManager": ARM, "authentication": {"loginEndpoint": "https://adfs.local.azurestack.external/adfs/", "audiences": [AUD]},
            "suffixes": {"storage": "local.azurestack.external", "keyVaultDns": "adminvault.local.azurestack.external"}, "gallery": "https://g/"}
    env = parse_metadata("AzureStackAdmin", ARM, body, "2022-09-01")
    assert env.enable_adfs_authentication and env.authority_host == "https://adfs.local.azurestack.external"
    assert env.default_tenant == "adfs" and env.storage_endpoint_suffix == "local.azurestack.external"
    assert env.scopes() == [f"openid profile offline_access {AUD}/.default"]
    assert env.scopes(adfs_openid=False) == [f"{AUD}/.default"]


def test_2019_array_picks_our_cloud() -> None:
    body = [{"resourceManager": "https://other/", "authentication": {"loginEndpoint": "https://x/", "audiences": ["a"]}},
            {"resourceManager": ARM.rstrip("/"), "authentication": {"loginEndpoint": "https://login.microsoftonline.com", "audiences": [AUD]}}]
    env = parse_metadata("S", ARM, body, "2019-05-01")
    assert env.audience == AUD and not env.enable_adfs_authentication
    assert env.active_directory_authority == "https://login.microsoftonline.com/"
    assert env.scopes() == [f"{AUD}/.default"]


def test_legacy_object_derives_suffix_from_the_arm_host() -> None:
    body = {"galleryEndpoint": "https://g/", "graphEndpoint": "https://graph/", "portalEndpoint": "https://p/",
            "authentication": {"loginEndpoint": "https://adfs.local.azurestack.external/adfs", "audiences": [AUD]}}
    env = parse_metadata("S", ARM, body, "2015-01-01")
    assert env.storage_endpoint_suffix == "local.azurestack.external" and env.enable_adfs_authentication


def test_a_document_without_authentication_is_refused() -> None:
    with pytest.raises(ServiceError, match="loginEndpoint"):
        parse_metadata("S", ARM, {"galleryEndpoint": "x"}, "2015-01-01")


@pytest.mark.parametrize("bad", ["http://adminmanagement.local/", "adminmanagement.local", ""])
def test_arm_endpoint_must_be_https(bad: str) -> None:
    with pytest.raises(ParameterRuleError, match="ARMEndpoint"):
        normalise_arm(bad)
