"""The Azure SDKs' own log lines: nothing by themselves (a wrong secret shows our message only), and with
-Debug they come through the Debug stream, redacted."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

WRONG = "wrong-secret-value-4711"


def _azs(script: str, lab: Any, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("AZS_")}
    env.update(AZS_CA_BUNDLE=lab.ca_bundle, AZS_CONFIG_DIR=str(tmp_path / "config"))
    azs = str(Path(sys.executable).with_name("azs"))
    return subprocess.run([azs, "-NoProfile", "-Command", script], env=env, capture_output=True, text=True, timeout=120)


def _sign_in(lab: Any, secret: str, extra: str = "") -> str:
    return (f"$null = Add-AzEnvironment -Name AzureStackAdmin -ARMEndpoint '{lab.admin_arm_endpoint}'; "
            f"$cred = New-Object System.Management.Automation.PSCredential('{lab.client_id}', "
            f"(ConvertTo-SecureString '{secret}' -AsPlainText -Force)); "
            f"$null = Connect-AzAccount -Environment AzureStackAdmin -ServicePrincipal -Credential $cred -TenantId '{lab.tenant_id}' {extra}")


def test_a_wrong_secret_prints_our_message_only(adfs_lab: Any, tmp_path: Path) -> None:
    result = _azs(_sign_in(adfs_lab, WRONG), adfs_lab, tmp_path)
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert lines and lines[0].startswith("Connect-AzAccount: "), result.stderr
    assert "WARNING" not in result.stderr and "get_token" not in result.stderr, result.stderr
    assert WRONG not in result.stdout + result.stderr


def test_debug_shows_the_sdk_records_redacted(adfs_lab: Any, tmp_path: Path) -> None:
    result = _azs(_sign_in(adfs_lab, adfs_lab.client_secret, "-Debug") + "; Get-AzResourceGroup -Debug | Out-Null",
                  adfs_lab, tmp_path)
    assert result.returncode == 0, result.stderr
    debug = [line for line in result.stdout.splitlines() if line.startswith("DEBUG: ")]
    assert any("azure.core.pipeline.policies.http_logging_policy" in line for line in debug), result.stdout[-2000:]
    assert any("azure.identity" in line for line in debug)
    text = result.stdout + result.stderr
    assert adfs_lab.client_secret not in text
    assert "Bearer ey" not in text and "sig=" not in text.replace("sig=REDACTED", "")
    # and without -Debug, nothing of the SDKs' logs
    quiet = _azs(_sign_in(adfs_lab, adfs_lab.client_secret) + "; Get-AzResourceGroup | Out-Null", adfs_lab, tmp_path)
    assert quiet.returncode == 0 and "DEBUG" not in quiet.stdout and quiet.stderr == ""
