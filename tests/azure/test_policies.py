"""The Hub profile pin: every ARM path gets its provider's api-version, whatever the SDK sent."""

from __future__ import annotations

import pytest

from azskernel.azure.policies import pin_url


@pytest.mark.parametrize(("url", "version"), [
    ("https://h/subscriptions/s/providers/Microsoft.Compute/locations/l/publishers?api-version=2026-04-01", "2020-06-01"),
    ("https://h/subscriptions/s/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/a/listKeys?api-version=2025-01-01", "2019-06-01"),
    ("https://h/subscriptions/s/resourcegroups/rg?api-version=2025-04-01", "2019-10-01"),
    ("https://h/subscriptions?api-version=2022-12-01", "2016-06-01"),
    ("https://h/subscriptions/s/locations", "2016-06-01"),
    ("https://h/subscriptions/s/providers/Microsoft.Compute.Admin/locations/l/artifactTypes/platformImage", "2015-12-01-preview"),
])
def test_pin(url: str, version: str) -> None:
    pinned = pin_url(url)
    assert pinned.count("api-version=") == 1 and pinned.endswith(f"api-version={version}") or f"api-version={version}&" in pinned


def test_metadata_and_foreign_paths_are_left_alone() -> None:
    for url in ("https://h/metadata/endpoints?api-version=2022-09-01", "https://h/adfs/oauth2/token",
                "https://h/subscriptions/s/operationresults/abc?api-version=2019-10-01"):
        assert pin_url(url) == url


def test_other_query_parameters_are_kept() -> None:
    url = "https://h/subscriptions/s/providers/Microsoft.Storage/storageAccounts?$expand=x&api-version=1&b=2"
    assert pin_url(url) == "https://h/subscriptions/s/providers/Microsoft.Storage/storageAccounts?$expand=x&api-version=2019-06-01&b=2"
