"""Unit checks of the kernel module that need no kernel process."""

from __future__ import annotations

import pytest

from azskernel.jupyter.kernel import pager_command


@pytest.mark.parametrize(
    ("code", "command"),
    [
        ("Get-Help Add-AzsPlatformImage", "Get-Help Add-AzsPlatformImage"),
        ("get-help Add-AzVhd -Full", "get-help Add-AzVhd -Full"),
        ("help about_Foo", "help about_Foo"),
        ("Add-AzVhd -?", "Get-Help Add-AzVhd"),
        ("  Get-ChildItem -?  ", "Get-Help Get-ChildItem"),
        ("Get-Help X | Out-String", None),
        ("Get-Help X\nWrite-Output 1", None),
        ("Get-HelpText", None),
        ("Write-Output '-?'", None),
    ],
)
def test_pager_command(code: str, command: str | None):
    assert pager_command(code) == command
