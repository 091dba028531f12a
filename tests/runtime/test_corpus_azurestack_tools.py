"""Microsoft's operator scripts and modules (AzureStack-Tools, both branches, read in place from the shared
corpus): every file parses; every module imports, or fails with one line naming the binary module or .NET
assembly it needs; the modules operators use list their commands; and Get-Help shows, for every exported
function, the synopsis its comment gives (or, where there is no valid help comment, what pwsh shows then: the
syntax)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from azskernel.language import parse
from azskernel.runtime.scriptfile import read_script
from tests.commands.harness import run_script
from tests.support.shared import SHARED

CORPUS = SHARED / "corpus" / "azurestack-tools"


def _rel(path: Path) -> str:
    return path.relative_to(CORPUS).as_posix()


FILES = sorted((p for p in CORPUS.rglob("*") if p.suffix.lower() in (".ps1", ".psm1", ".psd1")), key=_rel)
MODULES = [p for p in FILES if p.suffix.lower() in (".psm1", ".psd1")]

CANNOT_IMPORT = {
    # a manifest whose root module is a .NET assembly (Microsoft.AzureStack.Fabric.Backup.Common.Client.Cmdlets.dll)
    "master/InfrastructureBackupValidator/IBCAdapterClientPkg/Microsoft.AzureStack.Fabric.Backup.Common.Client.Cmdlets.psd1":
        "'Microsoft.AzureStack.Fabric.Backup.Common.Client.Cmdlets.dll' (the root module of "
        "Microsoft.AzureStack.Fabric.Backup.Common.Client.Cmdlets.psd1) is a binary module",
    # ... which this one requires
    "master/InfrastructureBackupValidator/BackupValidationTool.psd1":
        "The required module '",
    # localized strings, not a module: Import-LocalizedData reads it (BackupValidationTool.psm1 does)
    "master/InfrastructureBackupValidator/BackupValidationTool.Strings.psd1":
        "The 'MsgComputeQuota' member is not valid in the module manifest file",
}

NAMED_MODULES = {
    "az/Connect/AzureStack.Connect.psm1": ["Add-AzsVpnConnection", "Connect-AzsVpn", "Get-AzsDirectoryTenantId"],
    "master/Connect/AzureStack.Connect.psm1": ["Add-AzsVpnConnection", "Connect-AzsVpn", "Get-AzsDirectoryTenantId"],
    "az/Registration/RegisterWithAzure.psm1": [
        "Get-AzsActivationKey", "Get-AzsRegistrationToken", "Initialize-AzEnvironment", "New-AzsActivationResource",
        "Register-AzsEnvironment", "Remove-AzsActivationResource", "Remove-AzsRegistration", "Save-HCILicense",
        "Set-AzsRegistration", "Set-RegistrationKeyPair", "UnRegister-AzsEnvironment"],
    "master/Registration/RegisterWithAzure.psm1": [
        "Get-AzsActivationKey", "Get-AzsRegistrationToken", "Initialize-AzureRmEnvironment", "New-AzsActivationResource",
        "Register-AzsEnvironment", "Remove-AzsActivationResource", "Remove-AzsRegistration", "Set-AzsRegistration",
        "UnRegister-AzsEnvironment"],
    "az/Identity/AzureStack.Identity.psm1": [
        "Get-AzsDirectoryTenantidentifier", "Get-AzsHealthReport", "New-AzsAdGraphServicePrincipal",
        "Register-AzsGuestDirectoryTenant", "Register-AzsWithMyDirectoryTenant", "Unregister-AzsGuestDirectoryTenant",
        "Unregister-AzsWithMyDirectoryTenant", "Update-AzsHomeDirectoryTenant"],
    "az/Syndication/AzureStack.MarketplaceSyndication.psm1": [
        "Export-AzSOfflineMarketplaceItem", "Export-AzSOfflineResourceProvider", "Import-AzSOfflineMarketplaceItem",
        "Test-AzSOfflineMarketplaceItem"],
    "az/TemplateValidator/AzureRM.TemplateValidator.psm1": [
        "CompareValues", "ExecuteTemplateFunction", "Get-NestedTemplate", "Get-PropertyValue", "GetFunctionParams",
        "GetPropertyType", "Test-AzureRMTemplate", "TrimFunctionName", "ValidateResource", "ValidateTemplate"],
    "az/CloudCapabilities/Az.CloudCapabilities.psm1": ["Get-AzCloudCapability"],
    "master/CloudCapabilities/AzureRM.CloudCapabilities.psm1": ["Get-AzureRMCloudCapability"],
    "az/Policy/AzureStack.Policy.psm1": ["Get-AzsPolicy"],
    "master/Policy/AzureStack.Policy.psm1": ["Get-AzsPolicy"],
}

_TEMPLATE_VALIDATOR = set(NAMED_MODULES["az/TemplateValidator/AzureRM.TemplateValidator.psm1"])
WITHOUT_HELP = {
    # read one by one: no comment above or in the function, an ordinary comment (no keyword, or a module's
    # description that a statement separates from the function), or TemplateValidator's "SYNOPSIS" without its dot
    "az/DatacenterIntegration/Portal/PortalUserDataGdprUtilities.psm1": {"Get-UserObjectId"},
    "az/DatacenterIntegration/Portal/PortalUserDataUtilities.psm1": {"Get-UserObjectId"},
    "az/HashVerify/Test-FileHash.psm1": {"Test-FileHash"},
    "az/Registration/RegisterWithAzure.psm1": {"Initialize-AzEnvironment"},
    "az/Registration/RemoteManagement.psm1": {"Enable-AzsCloudConnection", "Notify-EnableRmToHubRp"},
    "az/TemplateValidator/AzureRM.TemplateValidator.psm1": _TEMPLATE_VALIDATOR,
    "master/DatacenterIntegration/Identity/setupadfs.psm1": {"register-adfs"},
    "master/DatacenterIntegration/Portal/PortalUserDataGdprUtilities.psm1": {"Get-UserObjectId"},
    "master/DatacenterIntegration/Portal/PortalUserDataUtilities.psm1": {"Get-UserObjectId"},
    "master/Registration/RegisterWithAzure.psm1": {"Initialize-AzureRmEnvironment"},
    "master/Registration/RemoteManagement.psm1": {
        "Enable-AzsCloudConnection", "Get-ConsentText", "Get-LinkedSubscriptionInformation", "New-RegistrationLogFile",
        "Notify-EnableRmToHubRp"},
    "master/TemplateValidator/AzureRM.TemplateValidator.psm1": _TEMPLATE_VALIDATOR,
}


def test_the_corpus_is_there() -> None:
    assert len(FILES) >= 70 and len(MODULES) >= 35, f"AzureStack-Tools corpus not found under {CORPUS}"


@pytest.mark.parametrize("path", FILES, ids=_rel)
def test_every_script_and_module_parses(path: Path) -> None:
    parse(read_script(str(path)), str(path))


_SURVEY = """
Import-Module -Name '{path}' -WarningAction SilentlyContinue
$module = Get-Module -All | Where-Object {{ $_.Path -eq '{path}' }} | Select-Object -First 1
foreach ($name in ($module.ExportedFunctions.Keys | Sort-Object)) {{
    $help = Get-Help $name
    $syntax = (Get-Command $name -Syntax).Trim()
    '##' + $name + '|' + $help.PSObject.TypeNames[0] + '|' + ($help.Synopsis -replace '\\s+', ' ').Trim() + '|' + ($syntax -replace '\\s+', ' ')
}}
"""


def survey(path: Path) -> tuple[str, list[tuple[str, str, str, str]]]:
    r = run_script(_SURVEY.format(path=str(path).replace("'", "''")), path.parent)
    rows = [tuple(line[2:].split("|", 3)) for line in r.out.splitlines() if line.startswith("##")]
    return r.err, rows  # type: ignore[return-value]


def _normalized(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("#", " ")).strip().casefold()


def _synopsis_sections(text: str) -> list[str]:
    """Every `.SYNOPSIS` in the file with the text after it (comment marks and spacing folded): independent of
    the help parser, so that what Get-Help shows is checked against the file itself."""
    folded = _normalized(text)
    return [folded[m.end():].lstrip() for m in re.finditer(r"\.synopsis", folded)]


@pytest.mark.parametrize("path", MODULES, ids=_rel)
def test_every_module_imports_and_help_shows_its_comments(path: Path) -> None:
    err, rows = survey(path)
    expected_error = CANNOT_IMPORT.get(_rel(path))
    if expected_error is not None:
        messages = [line[7:] for line in err.splitlines() if line.startswith("     | ") and "~" not in line]
        assert len(messages) == 1 and expected_error in messages[0], err
        assert rows == []
        return
    assert err == "", err
    assert rows, "the module exports no function"
    # the module's code: a manifest's root module is a script beside it
    sections = [s for code in path.parent.glob("*.ps*1") if code.suffix.lower() != ".psd1"
                for s in _synopsis_sections(read_script(str(code)))]
    for name, kind, synopsis, syntax in rows:
        if name in WITHOUT_HELP.get(_rel(path), ()):
            assert kind.startswith("ExtendedCmdletHelpInfo") and synopsis == syntax, (name, kind, synopsis)
            continue
        assert kind == "MamlCommandHelpInfo", (name, kind)
        assert synopsis and any(s.startswith(_normalized(synopsis)[:80]) for s in sections), (name, synopsis)


@pytest.mark.parametrize("rel", sorted(NAMED_MODULES))
def test_the_modules_operators_use_list_their_commands(rel: str) -> None:
    path = CORPUS / rel
    r = run_script(f"Import-Module '{path}' -WarningAction SilentlyContinue\n"
                   f"(Get-Command -Module {path.stem} | ForEach-Object Name | Sort-Object) -join ','", path.parent)
    assert r.err == ""
    assert r.out.strip().split(",") == sorted(NAMED_MODULES[rel], key=str.casefold)
