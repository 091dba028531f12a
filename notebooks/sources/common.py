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
MARKETPLACE = ("[guide: create and publish a Marketplace item](https://learn.microsoft.com/fr-fr/azure-stack/operator/"
               "azure-stack-create-and-publish-marketplace-item)")


IMAGE_TEST = f"""
Step 1 of the guide is about what must be true **inside** the image ({STEP1}): generalized, the Linux agent
in a supported version with its provisioning settings, cloud-init and the fstab prepared, or Sysprep and the
VM agent on Windows. The stamp does not check any of it: it takes the image, and VMs fail to boot or to
provision hours later. `Test-AzsImage` reads inside the disk without mounting it and says, check by check,
what is wrong and what to run. It reads the file that will be uploaded (the converted fixed VHD, so the
container checks D1-D3 are already met); an **Error** stops the runbook here, before anything is sent, unless
the ignore-errors parameter is set (the errors then show as warnings and the image is published anyway). A
migrated VM's disk is checked with the mode `Specialized`.
"""

MARKETPLACE_TEXT = f"""
Once added, the image is available to ARM templates and PowerShell only; to make it available to tenants in
the portal's Marketplace, the guide publishes a Marketplace item ({MARKETPLACE}). This step makes the item's
package (`.azpkg`: the VM wizard for this image, its texts and icons, checked against every rule of
Microsoft's packager), uploads it to a private container of the staging account, and adds it with a
read-only SAS. The portal may take several minutes to show it. Skipped when the publish-item parameter is
false.
"""


TARGET = """
**Where it runs.** As shipped, against the lab stamp: start JupyterLab with `make lab`, open this notebook and
use Run All. The first step (`{command}`) fills every connection value left empty in the **parameters** cell
from the lab (the `AZS_LAB_*` variables that `make lab` and `azs lab env` set), and when a VHD the notebook
names does not exist it makes a sample disk to practise on. Against a real stamp, the same cells: set the
target to `'stamp'` (or fill in the ARM endpoint), give the stamp's values, and put the service principal's
secret in the environment variable named by the secret-variable parameter (papermill can inject the values:
`papermill -p {endpoint} https://adminmanagement.<region>.<fqdn> ...`). Files the notebook writes go to the work
folder, a temporary folder unless you name one.
"""


def target_note(python: bool = False) -> str:
    return TARGET.format(command="use_target(globals(), target)" if python else "Use-AzsTarget -Target $Target",
                         endpoint="arm_endpoint" if python else "ArmEndpoint").strip()


PS_CONNECTION_PARAMETERS = r"""
# Target: 'lab' (the emulated stamp of `make lab`), 'stamp' (the values below) or 'auto': the lab when its
# environment (AZS_LAB_*) is present and $ArmEndpoint is empty, else the stamp.
$Target               = 'auto'
# Connection: a stamp's values. On the lab each value left empty comes from the lab; the secret itself never appears here.
$ArmEndpoint          = ''                # the admin ARM endpoint, e.g. https://adminmanagement.local.azurestack.external
$EnvironmentName      = 'AzureStackAdmin'
$TenantId             = ''                # 'adfs' on an AD FS stamp (the default), else the directory (tenant) id
$ClientId             = ''                # the service principal's application id
$ClientSecretVariable = ''                # the NAME of the environment variable holding its secret ('' = AZS_CLIENT_SECRET)
$CaBundlePath         = ''                # the stamp's root CA (PEM) when the system does not trust it
$Location             = ''                # '' = the stamp's first location
$TenantArmEndpoint    = ''                # the user (tenant) ARM endpoint, to check what tenants see; '' = skip
"""

PS_TARGET = r"""
$ErrorActionPreference = 'Stop'   # a failing step stops the runbook (papermill reports the cell)
Use-AzsTarget -Target $Target     # the lab's values for what is left empty, or the stamp's as given
if ($CaBundlePath) { $env:AZS_CA_BUNDLE = $CaBundlePath }
"""

PS_SIGN_IN = r"""
$secretText = [Environment]::GetEnvironmentVariable($ClientSecretVariable)
if (-not $secretText) {
    throw "The environment variable '$ClientSecretVariable' is empty: set it to the service principal's secret before running this notebook."
}
$credential = New-Object System.Management.Automation.PSCredential($ClientId, (ConvertTo-SecureString $secretText -AsPlainText -Force))
$secretText = $null
$null = Add-AzEnvironment -Name $EnvironmentName -ARMEndpoint $ArmEndpoint
$context = Connect-AzAccount -Environment $EnvironmentName -ServicePrincipal -Credential $credential -TenantId $TenantId
if (-not $Location) { $Location = @(Get-AzLocation)[0].Location }
"""

PS_CONNECT = PS_TARGET + PS_SIGN_IN + r"""
$context
"Location: $Location"
"""

PY_CONNECTION_PARAMETERS = r"""
# Target: 'lab' (the emulated stamp of `make lab`), 'stamp' (the values below) or 'auto': the lab when its
# environment (AZS_LAB_*) is present and arm_endpoint is empty, else the stamp.
target = "auto"
# Connection: a stamp's values. On the lab each value left empty comes from the lab; the secret itself never appears here.
arm_endpoint = ""  # the admin ARM endpoint, e.g. https://adminmanagement.local.azurestack.external
environment_name = "AzureStackAdmin"
tenant_id = ""  # 'adfs' on an AD FS stamp (the default), else the directory (tenant) id
client_id = ""  # the service principal's application id
client_secret_variable = ""  # the NAME of the environment variable holding its secret ('' = AZS_CLIENT_SECRET)
ca_bundle_path = ""  # the stamp's root CA (PEM) when the system does not trust it
location = ""  # '' = the stamp's first location
tenant_arm_endpoint = ""  # the user (tenant) ARM endpoint, to check what tenants see; '' = skip
"""

PY_CONNECT = r"""
%load_ext azsmagics
import os

from azskernel.azure.api import use_target

print(use_target(globals(), target).summary)  # the lab's values for what is left empty, or the stamp's as given
if ca_bundle_path:
    os.environ["AZS_CA_BUNDLE"] = ca_bundle_path
if not os.environ.get(client_secret_variable):
    raise RuntimeError(f"The environment variable {client_secret_variable!r} is empty: set it to the service principal's secret.")
"""

PY_CONNECT_PWSH = r"""
%%pwsh
$credential = New-Object System.Management.Automation.PSCredential($client_id, (ConvertTo-SecureString ([Environment]::GetEnvironmentVariable($client_secret_variable)) -AsPlainText -Force))
$null = Add-AzEnvironment -Name $environment_name -ARMEndpoint $arm_endpoint
$context = Connect-AzAccount -Environment $environment_name -ServicePrincipal -Credential $credential -TenantId $tenant_id
if (-not $location) { $location = @(Get-AzLocation)[0].Location }
$context
"""
