"""Text the notebooks share: links into the seed guide (French, its own anchors) and the connection cells
(parameters and sign-in, in PowerShell and in Python)."""

from __future__ import annotations

GUIDE = "https://learn.microsoft.com/fr-fr/azure-stack/operator/azure-stack-add-vm-image"
"""The seed guide (French); anchors below are its own."""


def guide(anchor: str, text: str) -> str:
    return f"[{text}]({GUIDE}#{anchor})"


STEP1 = guide("considerations", "guide, step 1: considerations")
STEP2 = guide("step-2-upload-a-storage-account", "guide, step 2: upload to a storage account")
STEP2_SAS = guide("step-2-upload-a-storage-account", "guide, step 2.5: make the blob readable (SAS)")
STEP3_PORTAL = guide("step-3-option-1-add-using-the-portal", "guide, step 3 option 1: add using the portal")
STEP3_PS = guide("step-3-option-2-add-using-powershell", "guide, step 3 option 2: add using PowerShell")
REMOVE_PORTAL = guide("remove-using-the-portal", "guide: remove using the portal")
REMOVE_PS = guide("remove-using-powershell", "guide: remove using PowerShell")
CONNECT = guide("step-2-upload-a-storage-account", "guide, step 2.2: connect as an operator")


PS_CONNECTION_PARAMETERS = r"""
# Connection (papermill injects the lab's or the stamp's values; the secret itself never appears here)
$ArmEndpoint          = 'https://adminmanagement.local.azurestack.external'   # the admin ARM endpoint
$EnvironmentName      = 'AzureStackAdmin'
$TenantId             = 'adfs'            # 'adfs' on an AD FS stamp, else the directory (tenant) id
$ClientId             = ''                # the service principal's application id
$ClientSecretVariable = 'AZS_CLIENT_SECRET'   # the NAME of the environment variable holding its secret
$CaBundlePath         = ''                # the stamp's root CA (PEM) when the system does not trust it
$Location             = ''                # '' = the stamp's first location
$TenantArmEndpoint    = ''                # the user (tenant) ARM endpoint, to check what tenants see; '' = skip
"""

PS_CONNECT = r"""
$ErrorActionPreference = 'Stop'   # a failing step stops the runbook (papermill reports the cell)
if ($CaBundlePath) { $env:AZS_CA_BUNDLE = $CaBundlePath }
$secretText = [Environment]::GetEnvironmentVariable($ClientSecretVariable)
if (-not $secretText) {
    throw "The environment variable '$ClientSecretVariable' is empty: set it to the service principal's secret before running this notebook."
}
$credential = New-Object System.Management.Automation.PSCredential($ClientId, (ConvertTo-SecureString $secretText -AsPlainText -Force))
$secretText = $null
$null = Add-AzEnvironment -Name $EnvironmentName -ARMEndpoint $ArmEndpoint
$context = Connect-AzAccount -Environment $EnvironmentName -ServicePrincipal -Credential $credential -TenantId $TenantId
if (-not $Location) { $Location = @(Get-AzLocation)[0].Location }
Get-AzContext | Format-List Name, Account, Environment, Subscription
"Location: $Location"
"""

PY_CONNECTION_PARAMETERS = r"""
# Connection (papermill injects the lab's or the stamp's values; the secret itself never appears here)
arm_endpoint = "https://adminmanagement.local.azurestack.external"  # the admin ARM endpoint
environment_name = "AzureStackAdmin"
tenant_id = "adfs"  # 'adfs' on an AD FS stamp, else the directory (tenant) id
client_id = ""  # the service principal's application id
client_secret_variable = "AZS_CLIENT_SECRET"  # the NAME of the environment variable holding its secret
ca_bundle_path = ""  # the stamp's root CA (PEM) when the system does not trust it
location = ""  # '' = the stamp's first location
tenant_arm_endpoint = ""  # the user (tenant) ARM endpoint, to check what tenants see; '' = skip
"""

PY_CONNECT = r"""
import os

if ca_bundle_path:
    os.environ["AZS_CA_BUNDLE"] = ca_bundle_path
if not os.environ.get(client_secret_variable):
    raise RuntimeError(f"The environment variable {client_secret_variable!r} is empty: set it to the service principal's secret.")
"""

PY_CONNECT_PWSH = r"""
%%pwsh
$credential = New-Object System.Management.Automation.PSCredential($client_id, (ConvertTo-SecureString ([Environment]::GetEnvironmentVariable($client_secret_variable)) -AsPlainText -Force))
$null = Add-AzEnvironment -Name $environment_name -ARMEndpoint $arm_endpoint
$null = Connect-AzAccount -Environment $environment_name -ServicePrincipal -Credential $credential -TenantId $tenant_id
if (-not $location) { $location = @(Get-AzLocation)[0].Location }
Get-AzContext | Format-List Name, Account, Environment, Subscription
"""
