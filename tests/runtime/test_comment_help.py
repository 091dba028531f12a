"""Comment-based help: where pwsh looks for it, which blocks are help, what the help object holds, and the text
Get-Help prints (pwsh's help views: blank lines inside a section keep the section's indentation)."""

from __future__ import annotations

from pathlib import Path

from azskernel.runtime.comment_help import analyze, section
from tests.commands.harness import run_script

PUBLISH = """<#
.SYNOPSIS
    Publishes an image.
.DESCRIPTION
    Uploads the VHD and registers it.
.PARAMETER Path
    The VHD to publish.
.EXAMPLE
    PS C:\\> Publish-Image -Path ./disk.vhd

    Publishes disk.vhd.
.LINK
    https://learn.microsoft.com/azure-stack
.LINK
    Add-AzsPlatformImage
.NOTES
    Needs an admin.
#>
function Publish-Image {
    [CmdletBinding()]
    param([Parameter(Mandatory)][string]$Path, [switch]$Force)
}
"""


def out(source: str, cwd: Path | None = None) -> str:
    r = run_script(source, cwd)
    assert r.err == "", r.err
    return r.out


# -- which blocks are help ------------------------------------------------------------------------------
def test_a_block_is_help_only_when_every_line_belongs_to_a_keyword() -> None:
    assert analyze(["", " .SYNOPSIS", "   Does things.", "", " .NOTES", "   n"]) is not None
    assert analyze([" .SYNOPSIS", "  x", " .Unknown", "  y"]) is None  # an unknown keyword
    assert analyze([" .SYNOPSIS something", "  x"]) is None  # SYNOPSIS takes no argument
    assert analyze(["requires -version 2.0"]) is None  # any other text
    found = analyze([" .PARAMETER Name", "   who", " .FORWARDHELPTARGETNAME Get-Help", " .EXTERNALHELP h.xml"])
    assert found is not None and found.parameters == {"NAME": "who\n"}
    assert (found.forward_target, found.external_help) == ("Get-Help", "h.xml")


def test_a_section_drops_the_first_lines_indentation_only() -> None:
    lines = [".DESCRIPTION", "", "    A description", "", "        indented", "  less", ".NOTES"]
    assert section(lines, 0) == ("A description\n\n    indented\nless\n", 5)


# -- where the help is ---------------------------------------------------------------------------------
def test_the_places_a_function_help_may_be() -> None:
    script = (
        "# .SYNOPSIS\n#   Above, one line away.\n\nfunction Above {}\n"
        "<#\n.SYNOPSIS\n    Too far above.\n#>\n\n\nfunction TooFar { param($a) }\n"
        "function Top {\n    <#\n    .SYNOPSIS\n        At the top of the body.\n    #>\n    param()\n}\n"
        "function Bottom {\n    param()\n    # .SYNOPSIS\n    #    At the bottom.\n}\n"
        "Set-Item function:Dynamic -Value {\n    # .SYNOPSIS\n    #   Made by Set-Item.\n    param($x)\n}\n"
        "'Above', 'TooFar', 'Top', 'Bottom', 'Dynamic' | ForEach-Object { (Get-Help $_).Synopsis }\n")
    assert out(script) == ("Above, one line away.\nTooFar [[-a] <Object>]\nAt the top of the body.\nAt the bottom.\n"
                           "Made by Set-Item.\n")


def test_script_help_and_the_first_function(tmp_path: Path) -> None:
    (tmp_path / "own.ps1").write_text("<#\n.SYNOPSIS\n    Script help.\n#>\n\n\n\nfunction f {}\n")
    (tmp_path / "theirs.ps1").write_text("# .SYNOPSIS\n#   Function help.\nfunction f {}\n(Get-Help f).Synopsis\n")
    assert out("(Get-Help ./own.ps1).Synopsis\n(Get-Help ./theirs.ps1).Name -like '*theirs.ps1'\n& ./theirs.ps1",
               tmp_path) == "Script help.\nTrue\nFunction help.\n"


def test_parameter_comments_describe_parameters_without_a_parameter_keyword() -> None:
    script = ("function f {\n  # .SYNOPSIS\n  #   s\n  param(\n    # the first\n    [string] $One,\n"
              "    [int] <# the second #> $Two,\n    $Three # the third\n  )\n}\n"
              "(Get-Help f -Detailed).parameters.parameter | ForEach-Object { $_.name + '=' + $_.description[0].Text }\n")
    assert out(script) == "One=the first\nTwo=the second\nThree=the third\n"


# -- the help object ------------------------------------------------------------------------------------
def test_the_help_object_has_pwshs_properties() -> None:
    script = PUBLISH + (
        "$h = Get-Help Publish-Image\n"
        "$h.Name; $h.Category; $h.Synopsis; $h.description[0].Text; $h.alertSet.alert[0].Text\n"
        "$h.examples.example.introduction[0].Text; $h.examples.example.code; $h.examples.example.remarks[0].Text\n"
        "$h.relatedLinks.navigationLink[0].uri; $h.relatedLinks.navigationLink[1].linkText\n"
        "$p = $h.parameters.parameter[0]; $p.name; $p.required; $p.position; $p.parameterValue; $p.parameterValue.required\n"
        "$h.parameters.parameter[1].position; [bool]$h.syntax.syntaxItem.parameter[1].parameterValue\n"
        "$h.PSObject.TypeNames[0]; (Get-Help Publish-Image -Full).PSObject.TypeNames[0]\n")
    assert out(script).splitlines() == [
        "Publish-Image", "Function", "Publishes an image.", "Uploads the VHD and registers it.", "Needs an admin.",
        "PS C:\\>", "Publish-Image -Path ./disk.vhd", "Publishes disk.vhd.",
        "https://learn.microsoft.com/azure-stack", "Add-AzsPlatformImage",
        "Path", "true", "1", "String", "true", "named", "False",
        "MamlCommandHelpInfo", "MamlCommandHelpInfo#FullView",
    ]


# -- the text --------------------------------------------------------------------------------------------
def test_get_help_default_view() -> None:
    assert out(PUBLISH + "Get-Help Publish-Image") == (
        "\nNAME\n    Publish-Image\n    \nSYNOPSIS\n    Publishes an image.\n    \n    \n"
        "SYNTAX\n    Publish-Image [-Path] <String> [-Force] [<CommonParameters>]\n    \n    \n"
        "DESCRIPTION\n    Uploads the VHD and registers it.\n    \n\n"
        "RELATED LINKS\n    https://learn.microsoft.com/azure-stack\n    Add-AzsPlatformImage \n\n"
        "REMARKS\n"
        '    To see the examples, type: "Get-Help Publish-Image -Examples"\n'
        '    For more information, type: "Get-Help Publish-Image -Detailed"\n'
        '    For technical information, type: "Get-Help Publish-Image -Full"\n'
        '    For online help, type: "Get-Help Publish-Image -Online"\n\n')


def test_get_help_examples_and_parameter_views() -> None:
    assert out(PUBLISH + "Get-Help Publish-Image -Examples") == (
        "\nNAME\n    Publish-Image\n    \nSYNOPSIS\n    Publishes an image.\n    \n    \n"
        "    -------------------------- EXAMPLE 1 --------------------------\n    \n"
        "    PS C:\\>Publish-Image -Path ./disk.vhd\n    \n    Publishes disk.vhd.\n    \n    \n    \n    \n\n\n")
    assert out(PUBLISH + "Get-Help Publish-Image -Parameter P*") == (
        "\n-Path <String>\n    The VHD to publish.\n    \n    Required?                    true\n"
        "    Position?                    1\n    Default value                \n"
        "    Accept pipeline input?       false\n    Aliases                      \n"
        "    Accept wildcard characters?  false\n    \n\n\n")  # the writer's last (empty) line, then Out-Default's


def test_get_help_detailed_and_full_views() -> None:
    detailed = out(PUBLISH + "Get-Help Publish-Image -Detailed")
    assert ("PARAMETERS\n    -Path <String>\n        The VHD to publish.\n        \n"
            "    -Force [<SwitchParameter>]\n        \n    <CommonParameters>\n"
            "        This cmdlet supports the common parameters: Verbose, Debug,\n") in detailed
    full = out(PUBLISH + "Get-Help Publish-Image -Full")
    assert ("    -Force [<SwitchParameter>]\n        \n        Required?                    false\n"
            "        Position?                    named\n") in full
    assert "INPUTS\n    \nOUTPUTS\n    \nNOTES\n    \n    Needs an admin.\n    \n" in full
    assert full.endswith("RELATED LINKS\n    https://learn.microsoft.com/azure-stack\n    Add-AzsPlatformImage \n\n\n")


def test_a_function_without_help_shows_its_syntax() -> None:
    assert out("function Get-Bare { param([string]$Name, [switch]$All) }\nGet-Help Get-Bare") == (
        "\nNAME\n    Get-Bare\n    \nSYNTAX\n    Get-Bare [[-Name] <string>] [-All] \n    \n\n"
        "ALIASES\n    None\n    \n\nREMARKS\n    None\n\n\n")


def test_question_mark_and_filters() -> None:
    script = PUBLISH + ("(Publish-Image -?).Synopsis\n"
                        "(Get-Help Publish-Image -Component Storage -ErrorAction SilentlyContinue -ErrorVariable e) -eq $null\n"
                        "$e[0].FullyQualifiedErrorId\n")
    assert out(script) == "Publishes an image.\nTrue\nHelpNotFound,Microsoft.PowerShell.Commands.GetHelpCommand\n"


def test_external_help_and_forwarding(tmp_path: Path) -> None:
    (tmp_path / "en-US").mkdir()
    (tmp_path / "en-US" / "Tools-help.xml").write_text(
        '<?xml version="1.0"?>\n<helpItems schema="maml">\n'
        '<command:command xmlns:maml="http://schemas.microsoft.com/maml/2004/10" '
        'xmlns:command="http://schemas.microsoft.com/maml/dev/command/2004/10">\n'
        "  <command:details><command:name> Get-Tool </command:name>\n"
        "    <maml:description><maml:para>From the help file.</maml:para></maml:description>\n"
        "  </command:details>\n</command:command>\n</helpItems>\n")
    (tmp_path / "tools.ps1").write_text(
        "function Get-Tool {\n    # .EXTERNALHELP Tools-help.xml\n    param()\n}\n"
        "function Get-Missing {\n    # .EXTERNALHELP Nowhere-help.xml\n    param($a)\n}\n"
        "function Get-Forward {\n    # .FORWARDHELPTARGETNAME Get-Tool\n    # .FORWARDHELPCATEGORY Cmdlet\n}\n"
        "(Get-Help Get-Tool).Synopsis\n(Get-Help Get-Missing).Synopsis\n$f = Get-Help Get-Forward\n$f.Name; $f.Category\n")
    assert out("& ./tools.ps1", tmp_path) == "From the help file.\nGet-Missing [[-a] <Object>]\nGet-Tool\nCmdlet\n"


def test_help_of_a_module_function(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("PSModulePath", str(Path(__file__).parent / "fixtures" / "modules"))
    text = out("Import-Module Greeter\n(Get-Help Get-Greeting).ModuleName\n(Get-Help Get-GreetingCount).Synopsis\n"
               "Get-Help Get-Greeting -Examples")
    assert text.startswith("Greeter\nHow many greetings this module made.\n\nNAME\n    Get-Greeting\n")
    assert "    PS>Get-Greeting -Name Ada\n    \n    Greets Ada.\n" in text
