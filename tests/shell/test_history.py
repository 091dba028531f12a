"""The shell's history file keeps out what PSReadLine keeps out (plus SAS signatures and account keys), and
only its owner may read it."""

from __future__ import annotations

import os
import stat
import sys
from pathlib import Path

import pexpect
import pytest

from azskernel.shell.history import file_history, is_sensitive

# PSReadLine's own examples (History.cs comments) and its test cases' shapes, then the operator's pastes.
CASES = [
    ("$pw = ConvertTo-SecureString 'Pa55' -AsPlainText -Force", True),
    ("$token = 'eyJ0eXAi'", True),
    ("$token = Get-Secret -Name ArmToken", False),
    ("$token, $url = Get-Stuff", False),
    ("Write-Output $token", False),
    ("Invoke-WebRequest -Uri $u -Token $token", False),
    ("Invoke-WebRequest -Uri $u -Token (Get-Secret -Name t)", False),
    ("Invoke-WebRequest -Uri $u -Token 'eyJ0eXAi'", True),
    ("Invoke-WebRequest -Uri $u -Token ('eyJ' + '0eXAi')", True),
    ("Connect-AzAccount -AccessToken eyJ0eXAi -AccountId ops@contoso", True),
    ("Connect-AzAccount -UseDeviceAuthentication -SaveToken", False),
    ("$cred.GetNetworkCredential().Password", False),
    ("$settings.ApiKey = $key", False),
    ("$settings.ApiKey = 'k-123'", True),
    ("@{ Password = 'x' }", True),
    ("Get-Secret -Name password -Vault v", False),
    ("$secret = (", True),  # does not parse: sensitive
    ("Get-AzsPlatformImage | Format-Table", False),
    ("Add-AzsPlatformImage -OsUri 'https://acct.blob.local/vhds/a.vhd?sv=2019-07-07&sr=b&sp=r&sig=abc%2Fdef'", True),
    ("$ctx = New-AzStorageContext -ConnectionString 'DefaultEndpointsProtocol=https;AccountName=a;AccountKey=abc=='", True),
    ("Get-AzStorageBlob -Container vhds | Where-Object Name -like '*sig*'", False),
]


@pytest.mark.parametrize(("line", "sensitive"), CASES)
def test_the_psreadline_rule(line: str, sensitive: bool) -> None:
    assert is_sensitive(line) is sensitive


def test_sensitive_lines_stay_in_memory_and_out_of_the_file_which_is_0600(tmp_path: Path) -> None:
    path = tmp_path / "azs" / "history"
    history = file_history(path)
    for line, _ in CASES:
        history.append_string(line)
    saved = path.read_text(encoding="utf-8")
    for line, sensitive in CASES:
        assert (line in saved) is (not sensitive), line
    assert history.get_strings() == [line for line, _ in CASES]  # Up-arrow still recalls them all
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700


def test_an_existing_readable_history_file_is_made_private(tmp_path: Path) -> None:
    path = tmp_path / "history"
    path.write_text("\n# 2024-01-01\n+Get-Date\n", encoding="utf-8")
    os.chmod(path, 0o644)
    history = file_history(path)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert "Get-Date" in list(history.load_history_strings())


def test_the_interactive_shell_keeps_a_plain_text_secret_out_of_its_history(tmp_path: Path) -> None:
    history = tmp_path / "history"
    env = {**os.environ, "AZS_HISTORY": str(history), "TERM": "xterm", "PROMPT_TOOLKIT_NO_CPR": "1",
           "HOME": str(tmp_path)}
    child = pexpect.spawn(sys.executable, ["-m", "azskernel.cli"], cwd=str(tmp_path), env=env, encoding="utf-8",
                          timeout=30, dimensions=(40, 160))
    try:
        child.expect(r"PS [^\r\n]*>")
        child.send("$s = ConvertTo-SecureString 'Hunter2!' -AsPlainText -Force; 'converted'\r")
        child.expect("converted\r\n")
        child.expect(r"PS [^\r\n]*>")
        child.send("'plain' + 'line'\r")
        child.expect("plainline\r\n")
        child.expect(r"PS [^\r\n]*>")
        child.sendeof()
        child.expect(pexpect.EOF)
    finally:
        child.terminate(force=True)
    saved = history.read_text(encoding="utf-8")
    assert "'plain' + 'line'" in saved and "Hunter2!" not in saved
    assert stat.S_IMODE(history.stat().st_mode) == 0o600
