"""Shift+Tab over a real engine session: commands (also through an alias or from inside the arguments)
and variables."""

from __future__ import annotations

from typing import Any

import pytest

from azskernel.engine import create_session
from azskernel.jupyter.host import JupyterHost
from azskernel.jupyter.inspection import inspect_at


class Quiet:
    def publish(self, msg_type: str, content: dict[str, Any]) -> None:
        pass

    def ask(self, prompt: str, password: bool) -> str:
        return ""


@pytest.fixture(scope="module")
def session() -> Any:
    return create_session(JupyterHost(Quiet()), azure=False)


def test_a_command_shows_synopsis_and_syntax(session: Any):
    text = inspect_at(session, "Get-ChildItem", 4)
    assert text is not None
    assert text.startswith("NAME\n    Get-ChildItem\n\nSYNOPSIS\n")
    syntax = [line.strip() for line in text.split("SYNTAX\n", 1)[1].splitlines() if line.strip()]
    assert len(syntax) == 2, "one line per parameter set"
    assert syntax[0].startswith("Get-ChildItem [[-Path] <string[]>]") and "-LiteralPath <string[]>" in syntax[1]


def test_an_alias_names_its_command_and_arguments_point_to_their_command(session: Any):
    text = inspect_at(session, "gci -Path .", 2)
    assert text is not None and "Get-ChildItem  (alias: gci)" in text
    inside = inspect_at(session, "Get-ChildItem -Path . -Recurse", 25)
    assert inside is not None and inside.startswith("NAME\n    Get-ChildItem\n")


def test_detail_level_one_is_the_full_help(session: Any):
    text = inspect_at(session, "Get-ChildItem", 4, detail_level=1)
    assert text is not None and "PARAMETERS" in text and "-Recurse" in text


def test_a_variable_shows_its_type_and_value(session: Any):
    session.run("$count = 42")
    assert inspect_at(session, "$count + 1", 3) == "$count: [System.Int32]\n42\n"


def test_nothing_to_say_about_unknown_words(session: Any):
    assert inspect_at(session, "No-SuchThing", 3) is None
    assert inspect_at(session, "", 0) is None


def test_a_module_function_shows_its_comment_help(session: Any):
    from tests.support.shared import SHARED

    connect = SHARED / "corpus" / "azurestack-tools" / "az" / "Connect" / "AzureStack.Connect.psm1"
    session.run(f"Import-Module '{connect}' -WarningAction SilentlyContinue")
    text = inspect_at(session, "Get-AzsDirectoryTenantId -ADFS", 5)
    assert text is not None and text.startswith(
        "NAME\n    Get-AzsDirectoryTenantId\n\nSYNOPSIS\n    Connecting to your environment requires that you obtain")
    assert "    Get-AzsDirectoryTenantId [-EnvironmentName] <string> -ADFS [<CommonParameters>]\n" in text
    full = inspect_at(session, "Get-AzsDirectoryTenantId", 5, detail_level=1)
    assert full is not None and "PARAMETERS\n    -ADFS [<SwitchParameter>]" in full
