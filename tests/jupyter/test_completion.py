"""Completion over declared commands: names, parameters (also after a backtick), values, variables, paths."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from azskernel.completion import complete
from azskernel.runtime.cmdlet import CommandRegistry, cmdlet, parameter

CATALOGUE_CALLS: list[str] = []


def _publishers(prefix: str) -> list[str]:
    CATALOGUE_CALLS.append(prefix)
    return ["Canonical", "MicrosoftWindowsServer", "cognosys"]


@cmdlet("Add-TestPlatformImage", aliases=("atpi",), synopsis="Adds an image.")
@parameter("Publisher", type="string", mandatory=True, completer=_publishers)
@parameter("OsType", type="string", validate_set=("Windows", "Linux"))
@parameter("OsUri", type="string", path=True, position=0)
@parameter("Force", switch=True)
def add_image(ctx: Any, **params: Any) -> None:
    return None


@cmdlet("Add-TestVhd", synopsis="Uploads a VHD.")
@parameter("LocalFilePath", type="string", path=True, position=1)
@parameter("Destination", type="string", position=0)
def add_vhd(ctx: Any, **params: Any) -> None:
    return None


@cmdlet("Get-TestThing")
def get_thing(ctx: Any, **params: Any) -> None:
    return None


class Session:
    """The parts of the engine session completion reads: the registry, variables, the location."""

    def __init__(self, location: Path) -> None:
        self.commands = CommandRegistry()
        for target in (add_image, add_vhd, get_thing):
            self.commands.register(target)
        self.location = location
        self.variables = {"VhdPath": 1, "vmName": 2, "Home": 3}

    def variable_names(self) -> list[str]:
        return list(self.variables)


@pytest.fixture
def session(tmp_path: Path) -> Session:
    (tmp_path / "ubuntu.vhd").write_bytes(b"")
    (tmp_path / "ubuntu-old.vhd").write_bytes(b"")
    (tmp_path / "images").mkdir()
    (tmp_path / "with space.vhd").write_bytes(b"")
    return Session(tmp_path)


def matches(session: Session, code: str) -> list[str]:
    return complete(session, code, len(code)).matches


def test_command_names_and_aliases_case_insensitively(session: Session):
    found = complete(session, "add-test", 8)
    assert found.matches == ["Add-TestPlatformImage", "Add-TestVhd"]
    assert (found.start, found.end, found.kind) == (0, 8, "command")
    assert matches(session, "at") == ["atpi"]
    assert matches(session, "$x = 1; Get-T") == ["Get-TestThing"]
    assert matches(session, "Get-Thing | add-testv") == ["Add-TestVhd"]


def test_parameter_names_after_a_dash(session: Session):
    found = complete(session, "Add-TestPlatformImage -Os", 25)
    assert found.matches == ["-OsType", "-OsUri"]
    assert found.start == 22 and found.kind == "parameter"
    assert "-Verbose" in matches(session, "Add-TestPlatformImage -")
    assert matches(session, "atpi -pub") == ["-Publisher"]


def test_parameter_names_on_a_line_continued_with_a_backtick(session: Session):
    code = "Add-TestPlatformImage -Publisher Canonical `\n    -Os"
    found = complete(session, code, len(code))
    assert found.matches == ["-OsType", "-OsUri"]
    assert code[found.start : found.end] == "-Os"


def test_validate_set_values(session: Session):
    assert matches(session, "Add-TestPlatformImage -OsType W") == ["Windows"]
    assert matches(session, "Add-TestPlatformImage -OsType ") == ["Windows", "Linux"]
    assert matches(session, "Add-TestPlatformImage -ostype l") == ["Linux"]


def test_declared_completer_values(session: Session):
    CATALOGUE_CALLS.clear()
    assert matches(session, "Add-TestPlatformImage -Publisher c") == ["Canonical", "cognosys"]
    assert CATALOGUE_CALLS == ["c"]


def test_switches_take_no_value(session: Session):
    # After a switch the next word is positional (OsUri, a path), not a value of -Force.
    assert matches(session, "Add-TestPlatformImage -Force ubu") == ["ubuntu-old.vhd", "ubuntu.vhd"]


def test_file_paths_for_path_parameters_and_positions(session: Session):
    assert matches(session, "Add-TestVhd -LocalFilePath ubuntu.") == ["ubuntu.vhd"]
    assert matches(session, "Add-TestVhd https://x/y.vhd ima") == ["images/"]
    assert matches(session, "Add-TestVhd -LocalFilePath wi") == ["'with space.vhd'"]
    assert matches(session, "Add-TestVhd -LocalFilePath 'wi") == ["'with space.vhd'"]


def test_variables(session: Session):
    found = complete(session, "Write-Output $v", 15)
    assert found.matches == ["$VhdPath", "$vmName"]
    assert found.start == 13 and found.kind == "variable"
    assert matches(session, "$h") == ["$Home"]


def test_unknown_command_completes_paths(session: Session):
    assert matches(session, "./ubuntu.") == ["./ubuntu.vhd"]
    assert matches(session, "Nope-Command imag") == ["images/"]


def test_cursor_in_the_middle_completes_the_word_before_it(session: Session):
    code = "Add-TestPlatformImage -Os | Get-TestThing"
    found = complete(session, code, 25)
    assert found.matches == ["-OsType", "-OsUri"] and found.end == 25
