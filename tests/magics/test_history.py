"""With azsmagics loaded, IPython's history (its sqlite file above all) keeps out the PowerShell lines that
the `azs` shell keeps out of its own history, and `%unload_ext` gives IPython its behaviour back."""

from __future__ import annotations

import atexit
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from azsmagics.history import MARKER, redact

SECRET_LINE = "%ConvertTo-SecureString 'S3cret!' -AsPlainText -Force"
SAS_CELL = (
    "%%pwsh\n"
    "$uri = 'https://acct.blob.local/vhds/a.vhd?sv=2019-07-07&sr=b&sp=r&sig=S1gnatur3%2Fxyz'\n"
    "$imageName = 'ubuntu-22.04'"
)


@pytest.fixture()
def shell(tmp_path: Path, config_dir: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """A real InteractiveShell whose IPython folder and history.sqlite are temporary."""
    from IPython.core.interactiveshell import InteractiveShell
    from traitlets.config import Config

    monkeypatch.setenv("IPYTHONDIR", str(tmp_path / "ipython"))
    cfg = Config()
    cfg.HistoryManager.hist_file = str(tmp_path / "history.sqlite")
    ip = InteractiveShell(config=cfg)
    assert ip.history_manager.enabled
    try:
        yield ip
    finally:
        if "azsmagics" in ip.extension_manager.loaded:
            ip.run_line_magic("unload_ext", "azsmagics")
        ip.atexit_operations()  # ends the session and closes the database (IPython's own exit path)
        atexit.unregister(ip.atexit_operations)
        ip.clear_instance()


def stored(ip: Any) -> list[tuple[int, str, str]]:
    """(line, source, source_raw) of this session, as the database holds them."""
    ip.history_manager.writeout_cache()
    with sqlite3.connect(ip.history_manager.hist_file) as db:
        return db.execute("SELECT line, source, source_raw FROM history WHERE session = ? ORDER BY line",
                          (ip.history_manager.session_number,)).fetchall()


def test_secrets_stay_out_of_the_history_database_and_harmless_lines_stay(
    shell: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    shell.run_line_magic("load_ext", "azsmagics")
    assert capsys.readouterr().out.count("azsmagics:") == 1  # said once, at load
    shell.run_cell(SECRET_LINE, store_history=True)
    shell.run_cell(SAS_CELL, store_history=True)
    shell.run_cell("%Write-Output harmless-line", store_history=True)
    assert shell.user_ns["imageName"] == "ubuntu-22.04"  # the cell ran as typed

    rows = stored(shell)
    assert [line for line, _, _ in rows] == [1, 2, 3]  # IPython's numbering is unchanged
    text = "\n".join(source + "\n" + raw for _, source, raw in rows)
    assert "S3cret!" not in text
    assert "S1gnatur3" not in text
    assert "$imageName = 'ubuntu-22.04'" in rows[1][2]  # the harmless line of the same cell is kept
    assert "ubuntu-22.04" in rows[1][1]
    assert rows[0][2] == MARKER
    assert rows[1][2].splitlines() == ["%%pwsh", MARKER, "$imageName = 'ubuntu-22.04'"]
    assert rows[2][2] == "%Write-Output harmless-line"

    memory = "\n".join(shell.user_ns["In"] + [shell.user_ns["_i1"], shell.user_ns["_i2"]])
    assert "S3cret!" not in memory and "S1gnatur3" not in memory
    capsys.readouterr()
    shell.run_line_magic("history", "-n")
    shown = capsys.readouterr().out
    assert "S1gnatur3" not in shown and "S3cret!" not in shown and "harmless-line" in shown


def test_unload_gives_ipython_its_history_back(shell: Any) -> None:
    shell.run_line_magic("load_ext", "azsmagics")
    shell.run_cell("%pwsh $p = ConvertTo-SecureString 'S3cret!' -AsPlainText -Force", store_history=True)
    shell.run_line_magic("unload_ext", "azsmagics")
    assert "store_inputs" not in vars(shell.history_manager)
    shell.run_cell("x = '-AsPlainText S3cret!'", store_history=True)
    rows = stored(shell)
    assert "S3cret!" not in rows[0][2]
    assert rows[1][2] == "x = '-AsPlainText S3cret!'"  # IPython stores as typed again


@pytest.mark.parametrize(("raw", "expected"), [
    ("x = 1\nprint('password')", None),  # Python is not PowerShell: left as typed
    ("%Get-AzsPlatformImage -Location local", None),
    ("%Connect-AzAccount -AccessToken $token -AccountId ops", None),  # a variable is harmless
    ("r = %Connect-AzAccount -AccessToken eyJ0eXAi -AccountId ops", MARKER),
    ("if True:\n    %pwsh $t = 'x'; $token = 'eyJ0'\n    y = 2", f"if True:\n    {MARKER}\n    y = 2"),
    ("%Add-AzsPlatformImage -Publisher p \\\n    -OsUri 'https://a/b.vhd?sig=abc'",
     f"{MARKER}\n    {MARKER}"),
    ("%%Connect-AzAccount -Environment AzureStackAdmin\n-Credential $cred\n-Token 'eyJ0'",
     f"%%Connect-AzAccount -Environment AzureStackAdmin\n-Credential $cred\n{MARKER}"),
    ("%%Connect-AzAccount -AccessToken abc\n-AccountId ops", f"{MARKER}\n-AccountId ops"),
])
def test_redact_judges_the_powershell_of_each_magic(raw: str, expected: str | None) -> None:
    assert redact(raw) == expected
