"""Help, syntax lines and completion, all generated from declarations."""

from __future__ import annotations

from azskernel.runtime.cmdlet import CommandRegistry, cmdlet, parameter
from azskernel.runtime.help import help_text, syntax_lines, synopsis


@cmdlet(
    "Add-Thing",
    aliases=("adth",),
    default_parameter_set="ByName",
    supports_should_process=True,
    synopsis="Adds a thing.",
    description="Adds a thing to the catalogue.",
    examples=(("Add-Thing disk -Kind Fixed", "Adds a fixed disk."),),
    output_type=("Thing",),
)
@parameter("Name", type="string", position=0, mandatory=True, parameter_sets=("ByName",), value_from_pipeline=True, help="The name.")
@parameter("Id", type="int", mandatory=True, parameter_sets=("ById",))
@parameter("Kind", type="string", validate_set=("Fixed", "Dynamic"), help="The kind.")
@parameter("Force", switch=True)
@parameter("Tags", type="string[]", position=1)
def add_thing(ctx, *, name, id, kind, force, tags):  # type: ignore[no-untyped-def]
    return None


def _info():  # type: ignore[no-untyped-def]
    reg = CommandRegistry()
    return reg.register(add_thing)


def test_syntax_lines_per_parameter_set() -> None:
    assert syntax_lines(_info()) == [
        "Add-Thing [-Name] <string> [[-Tags] <string[]>] [-Kind {Fixed | Dynamic}] [-Force] [-WhatIf] [-Confirm] [<CommonParameters>]",
        "Add-Thing [[-Tags] <string[]>] -Id <int> [-Kind {Fixed | Dynamic}] [-Force] [-WhatIf] [-Confirm] [<CommonParameters>]",
    ]
    assert synopsis(_info()) == "Adds a thing."


def test_help_text_sections() -> None:
    text = help_text(_info())
    assert text.startswith("\nNAME\n    Add-Thing\n    \nSYNOPSIS\n    Adds a thing.\n    \n    \nSYNTAX\n"
                           "    Add-Thing [-Name] <System.String> [[-Tags] <System.String[]>] [-Kind {Fixed | Dynamic}] [-Force] \n"
                           "    [<CommonParameters>]\n    \n"
                           "    Add-Thing [[-Tags] <System.String[]>] -Id <System.Int32> [-Kind {Fixed | Dynamic}] [-Force] [<CommonParameters>]\n")
    assert "DESCRIPTION\n    Adds a thing to the catalogue.\n    \n\nRELATED LINKS\n\nREMARKS\n" in text
    assert text.endswith('    For technical information, type: "Get-Help Add-Thing -Full"\n\n')
    full = help_text(_info(), full=True)
    assert ("    -Name <System.String>\n        The name.\n        \n        Required?                    true\n"
            "        Position?                    0\n        Default value                \n"
            "        Accept pipeline input?       true (ByValue)\n") in full
    assert "    -Force [<System.Management.Automation.SwitchParameter>]\n" in full
    assert "INPUTS\n    System.String\n    \n    \nOUTPUTS\n    Thing\n" in full
    assert ("    -------------------------- EXAMPLE 1 --------------------------\n    \n"
            "    PS > Add-Thing disk -Kind Fixed\n    \n    Adds a fixed disk.\n") in full
    examples = help_text(_info(), examples=True)
    assert "PARAMETERS" not in examples and "PS > Add-Thing disk -Kind Fixed" in examples
    one = help_text(_info(), parameter="Kind")
    assert one.startswith("\n-Kind <System.String>\n    The kind.\n    \n    Required?                    false\n")


def test_completion_from_the_declaration() -> None:
    info = _info()
    assert info.complete_parameter("-K") == ["-Kind"]
    assert info.complete_parameter("-W") == ["-WarningAction", "-WarningVariable", "-WhatIf"]
    assert info.complete_value("Kind", "d") == ["Dynamic"]
    assert info.complete_value("ErrorAction", "si") == ["SilentlyContinue"]
    assert info.complete_value("Force", "$t") == ["$true"]
    reg = CommandRegistry()
    reg.register(add_thing)
    assert reg.completions("add-") == ["Add-Thing"]
    assert reg.completions("ad") == ["Add-Thing", "adth"]
    assert reg.completions("*-Th*") == ["Add-Thing"]


def test_every_built_in_has_help_and_syntax() -> None:
    from azskernel.commands import builtin_registry

    for info in builtin_registry():
        assert info.synopsis, info.name
        full = help_text(info, full=True)
        assert full.startswith(f"\nNAME\n    {info.name}\n") and "SYNTAX" in full
        assert all(line.startswith(info.name + " ") or line == info.name for line in syntax_lines(info))
