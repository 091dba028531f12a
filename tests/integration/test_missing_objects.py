"""A Get-* of something that does not exist is a non-terminating error, as in Az: run by the engine against
the lab, `-ErrorAction SilentlyContinue` yields nothing (so the create-if-missing idiom works), the default
writes one ObjectNotFound error and goes on, and `-ErrorAction Stop` ends the script (try/catch sees it)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from azskernel.runtime.errors import ErrorCategory
from tests.integration.conftest import Shell, signed_in_shell


@pytest.fixture(scope="module")
def shell(adfs_lab: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Shell]:
    for signed_in in signed_in_shell(adfs_lab, tmp_path_factory, "missing"):
        assert signed_in.run(
            f"$loc = '{adfs_lab.location}'\n"
            "$null = New-AzResourceGroup -Name probe-rg -Location $loc\n"
            "$acct = New-AzStorageAccount -ResourceGroupName probe-rg -Name probeacct -SkuName Standard_LRS -Location $loc\n"
            "$ctx = $acct.Context\n"
            "$null = New-AzStorageContainer -Name present -Context $ctx"
        ) is None
        assert signed_in.host.errors == []
        yield signed_in


MISSING = {
    "resource group": ("Get-AzResourceGroup -Name missing-rg", "Provided resource group does not exist"),
    "storage account": ("Get-AzStorageAccount -ResourceGroupName probe-rg -Name missingacct",
                        "'Microsoft.Storage/storageAccounts/missingacct' under resource group 'probe-rg' was not found"),
    "container": ("Get-AzStorageContainer -Name missing -Context $ctx", "Can not find the container 'missing'"),
    "blob": ("Get-AzStorageBlob -Container present -Blob missing.vhd -Context $ctx", "Can not find blob 'missing.vhd'"),
    "platform image": ("Get-AzsPlatformImage -Publisher Contoso -Offer Missing -Sku Server -Version 1.0.0 -Location $loc",
                       "Contoso/Missing/Server/1.0.0 was not found"),
}


@pytest.mark.parametrize("what", list(MISSING))
def test_a_missing_object_is_a_non_terminating_object_not_found_error(shell: Shell, what: str) -> None:
    command, message = MISSING[what]
    shell.host.errors.clear()
    assert shell.run(f"$found = {command}\n$after = 'went on'") is None
    assert [message in e.message for e in shell.host.errors] == [True], [e.message for e in shell.host.errors]
    assert shell.host.errors[0].category == ErrorCategory.ObjectNotFound
    assert shell.session.invoke("$found -eq $null; $after") == [True, "went on"]


@pytest.mark.parametrize("what", list(MISSING))
def test_silently_continue_yields_nothing_and_records_the_error(shell: Shell, what: str) -> None:
    command, message = MISSING[what]
    shell.host.errors.clear()
    found = shell.session.invoke(f"$Error.Clear(); if (-not ({command} -ErrorAction SilentlyContinue)) {{ 'absent' }}")
    assert found == ["absent"] and shell.host.errors == []
    assert message in shell.session.invoke("$Error[0].Exception.Message")[0]


@pytest.mark.parametrize("what", list(MISSING))
def test_error_action_stop_is_terminating_and_caught(shell: Shell, what: str) -> None:
    command, message = MISSING[what]
    shell.host.errors.clear()
    record = shell.run(f"{command} -ErrorAction Stop\n$reached = 'yes'")
    assert record is not None and message in record.message
    assert shell.session.invoke("$reached") == [None]
    caught = shell.session.invoke(f"try {{ {command} -ErrorAction Stop }} catch {{ 'caught: ' + $_.Exception.Message }}")
    assert len(caught) == 1 and caught[0].startswith("caught: ") and message in caught[0]
    assert shell.host.errors == []


def test_the_create_if_missing_idiom_creates_the_group_once(shell: Shell) -> None:
    shell.host.errors.clear()
    idiom = ("if (-not (Get-AzResourceGroup -Name idiom-rg -ErrorAction SilentlyContinue)) {\n"
             "    $null = New-AzResourceGroup -Name idiom-rg -Location $loc; 'created'\n} else { 'exists' }")
    assert shell.session.invoke(idiom) == ["created"]
    assert shell.session.invoke(idiom) == ["exists"]
    assert shell.host.errors == [] and not any("already exists" in w for w in shell.host.warnings)


def test_error_action_preference_stop_makes_it_terminating(shell: Shell) -> None:
    shell.host.errors.clear()
    record = shell.run("$ErrorActionPreference = 'Stop'\nGet-AzResourceGroup -Name missing-rg\n$late = 'yes'")
    shell.session.invoke("$ErrorActionPreference = 'Continue'")
    assert record is not None and "Provided resource group does not exist" in record.message
    assert shell.session.invoke("$late") == [None]


def test_wildcards_that_match_nothing_are_no_error(shell: Shell) -> None:
    shell.host.errors.clear()
    assert shell.session.invoke("@(Get-AzResourceGroup -Name 'nothing*').Count; @(Get-AzStorageContainer -Name 'none*' -Context $ctx).Count") == [0, 0]
    assert shell.host.errors == []
