"""The magics in a real IPython InteractiveShell: each form, `$var` handling, variables both ways, return
values, clean errors, help, completion and the Python API (commands that need no stamp)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from azsmagics.errors import CommandError
from azsmagics.magics import cell_command_source
from tests.magics.conftest import run


def _complete(ip: Any, text: str) -> list[str]:
    from IPython.core.completer import provisionalcompleter

    with provisionalcompleter():
        return [c.text for c in ip.Completer.completions(text, len(text))]


def test_every_cmdlet_is_a_line_and_a_cell_magic(ip: Any) -> None:
    magics = ip.magics_manager.magics
    for name in ("Add-AzsPlatformImage", "Remove-AzsPlatformImage", "Get-AzsPlatformImage", "Add-AzVhd",
                 "Connect-AzAccount", "Add-AzEnvironment", "New-AzStorageBlobSASToken", "Where-Object"):
        assert name in magics["line"] and name in magics["cell"], name
    assert "pwsh" in magics["cell"] and "azs" in magics["line"]
    from IPython.core.magic import MAGIC_NO_VAR_EXPAND_ATTR

    assert getattr(magics["line"]["Add-AzsPlatformImage"], MAGIC_NO_VAR_EXPAND_ATTR, False)
    assert getattr(magics["cell"]["pwsh"], MAGIC_NO_VAR_EXPAND_ATTR, False)


def test_no_python_expansion_in_arguments(ip: Any) -> None:
    ip.user_ns["x"] = 5
    run(ip, "r = %Write-Output 'a{x}b' \"c{x}d\"")
    assert ip.user_ns["r"] == ["a{x}b", "c{x}d"]
    run(ip, "r = %Write-Output '$x'")
    assert ip.user_ns["r"] == "$x"
    run(ip, r"r = %Write-Output C:\vhds\new.vhd 'D:\a b\t.vhd'")
    assert ip.user_ns["r"] == ["C:\\vhds\\new.vhd", "D:\\a b\\t.vhd"]


def test_dollar_name_reads_python_then_powershell(ip: Any) -> None:
    ip.user_ns["vhd_name"] = "disk.vhd"
    run(ip, 'r = %Write-Output "name: $vhd_name"')
    assert ip.user_ns["r"] == "name: disk.vhd"
    run(ip, "%%pwsh\n$vhd_name = 'other.vhd'")
    run(ip, 'r = %Write-Output "name: $vhd_name"')
    assert ip.user_ns["r"] == "name: other.vhd"
    assert ip.user_ns["vhd_name"] == "other.vhd"


def test_pwsh_assignments_are_visible_to_python(ip: Any) -> None:
    ip.user_ns["count"] = 20
    result = run(ip, "%%pwsh\n$doubled = $count * 2\n$names = 'a', 'b' | ForEach-Object { $_.ToUpper() }")
    assert result.success
    assert ip.user_ns["doubled"] == 40
    assert list(ip.user_ns["names"]) == ["A", "B"]
    assert run(ip, "%pwsh $solo = $doubled + 2").success
    assert ip.user_ns["solo"] == 42


def test_python_reassignment_wins_at_the_next_run(ip: Any) -> None:
    run(ip, "%%pwsh\n$level = 1")
    assert ip.user_ns["level"] == 1
    ip.user_ns["level"] = 7
    run(ip, "r = %Write-Output $level")
    assert ip.user_ns["r"] == 7


def test_case_insensitive_when_unambiguous(ip: Any) -> None:
    ip.user_ns["StorageAccount"] = "stagingacct"
    run(ip, "r = %Write-Output $storageaccount")
    assert ip.user_ns["r"] == "stagingacct"
    ip.user_ns["dup"] = 1
    ip.user_ns["DUP"] = 2
    run(ip, "r = %Write-Output ([string]::IsNullOrEmpty($Dup))")
    assert ip.user_ns["r"] is True  # two Python names match: neither is taken


def test_line_magic_return_values(ip: Any) -> None:
    run(ip, "one = %Write-Output 42")
    run(ip, "many = %Write-Output 1 2 3")
    run(ip, "nothing = %Out-Null")
    assert ip.user_ns["one"] == 42
    assert ip.user_ns["many"] == [1, 2, 3]
    assert ip.user_ns["nothing"] is None


def test_get_commands_return_a_dataframe(ip: Any, tmp_path: Path) -> None:
    import pandas as pd

    for name in ("b.vhd", "a.vhd"):
        (tmp_path / name).write_bytes(b"x" * 10)
    ip.user_ns["folder"] = str(tmp_path)
    run(ip, "df = %Get-ChildItem -Path $folder")
    df = ip.user_ns["df"]
    assert isinstance(df, pd.DataFrame)
    assert sorted(df["Name"]) == ["a.vhd", "b.vhd"]
    assert list(df["Length"]) == [10, 10]
    run(ip, "empty = %Get-ChildItem -Path $folder -Filter *.vhdx")
    assert isinstance(ip.user_ns["empty"], pd.DataFrame) and ip.user_ns["empty"].empty


def test_cell_form_with_backticks_and_plain_lines(ip: Any) -> None:
    code = "%%Write-Output 'first' `\n    'second'\n    # a comment\n\n    'third'"
    run(ip, code)
    assert ip.user_ns["_"] == ["first", "second", "third"]


def test_cell_command_source_keeps_open_constructs() -> None:
    text = cell_command_source("Add-AzsPlatformImage", "-Publisher Contoso", "-DataDisks @(\n  @{Lun=0\n  Uri='u'})\n-Offer x `\n-Sku y")
    assert text == "Add-AzsPlatformImage -Publisher Contoso `\n-DataDisks @(\n  @{Lun=0\n  Uri='u'}) `\n-Offer x `\n-Sku y"


def test_errors_are_one_clean_message(ip: Any, capsys: pytest.CaptureFixture[str]) -> None:
    result = run(ip, "%Add-AzsPlatformImage -Bogus 1")
    err = capsys.readouterr()
    assert isinstance(result.error_in_exec, CommandError)
    shown = err.out + err.err
    assert "A parameter cannot be found that matches parameter name 'Bogus'." in shown
    assert "Traceback" not in shown and "File \"" not in shown
    lines = result.error_in_exec._render_traceback_()
    assert lines[0].startswith("\x1b[31;1mAdd-AzsPlatformImage:")


def test_rule_errors_show_all_and_raise_the_last(ip: Any, capsys: pytest.CaptureFixture[str]) -> None:
    result = run(ip, "%Add-AzsPlatformImage -Publisher 'a b' -Offer x -Sku y -Version 1.0.0.0 -OsType Mac -OsUri https://a.blob.b/c/d.vhd")
    shown = "".join(capsys.readouterr())
    assert isinstance(result.error_in_exec, CommandError)
    assert "-Publisher 'a b' is not allowed" in shown
    assert "-Version '1.0.0.0' does not follow the format #.#.#" in shown
    assert "Windows or Linux" in shown
    assert "Traceback" not in shown


def test_parse_error_is_clean(ip: Any, capsys: pytest.CaptureFixture[str]) -> None:
    result = run(ip, "%%pwsh\n$x = (1 +")
    shown = "".join(capsys.readouterr())
    assert isinstance(result.error_in_exec, CommandError)
    assert "Line |" in shown and "Traceback" not in shown


def test_help_three_ways(ip: Any, capsys: pytest.CaptureFixture[str]) -> None:
    for code in ("%Add-AzsPlatformImage -?", "%azs help Add-AzsPlatformImage", "%Add-AzsPlatformImage?"):
        result = run(ip, code)
        out = capsys.readouterr().out
        assert result.success, code
        assert "SYNOPSIS" in out and "Add-AzsPlatformImage" in out and "-OsUri" in out, code


def test_azs_commands_and_usage(ip: Any) -> None:
    run(ip, "found = %azs commands *-AzsPlatformImage")
    assert ip.user_ns["found"] == ["%Add-AzsPlatformImage", "%Get-AzsPlatformImage", "%Remove-AzsPlatformImage"]
    run(ip, "found = %azs commands add-azv")
    assert ip.user_ns["found"] == ["%Add-AzVhd"]
    result = run(ip, "%azs frobnicate")
    assert isinstance(result.error_in_exec, CommandError) and "Usage: %azs help" in str(result.error_in_exec)


def test_show_image_catalogue_displays_the_widgets(ip: Any, capsys: pytest.CaptureFixture[str]) -> None:
    result = run(ip, "%Show-AzsImageCatalogue")
    assert result.success, result.error_in_exec
    out = capsys.readouterr().out
    assert "VBox(children=(VBox(children=(HTML(value='<h3>Create image</h3>')" in out
    assert "No Azure context" in out  # the catalogue says why it is empty, in the widget


def test_question_mark_is_left_alone_for_other_names(ip: Any) -> None:
    from azsmagics.transformer import help_transformer

    transform = help_transformer(lambda n: n == "Add-AzVhd")
    assert transform(["%Add-AzVhd?\n"]) == ["%azs help Add-AzVhd\n"]
    assert transform(["%%Add-AzVhd ??"]) == ["%azs help Add-AzVhd"]
    assert transform(["%Not-ACommand?\n", "x?\n"]) == ["%Not-ACommand?\n", "x?\n"]


def test_completion_of_names_parameters_and_values(ip: Any) -> None:
    assert {"%Add-AzsPlatformImage", "%%Add-AzsPlatformImage"} <= set(_complete(ip, "%Add-AzsPla"))
    assert _complete(ip, "%Add-AzsPlatformImage -Pub") == ["-Publisher"]
    assert set(_complete(ip, "%Add-AzsPlatformImage -Publisher x -Os")) == {"-OsType", "-OsUri"}
    assert _complete(ip, "%Add-AzsPlatformImage -OsType ") == ["Linux", "Windows"]
    assert _complete(ip, "%Add-AzsPlatformImage -OsType Win") == ["Windows"]
    assert _complete(ip, "%%Add-AzsPlatformImage -Publisher x\n  -Ski") == ["-SkipPreflight"]


def test_python_api(ip: Any, tmp_path: Path) -> None:
    from azsmagics import api

    (tmp_path / "a.vhd").write_bytes(b"")
    items = api.get_child_item(path=str(tmp_path))
    assert [i.Name for i in items] == ["a.vhd"]
    assert api.write_output(input_object=[1, 2]) == [1, 2]
    assert api.join_path("a", "b") == "a/b"
    assert "add_platform_image" in api.commands() and "add_vhd" in dir(api)
    assert api.add_platform_image.command_name == "Add-AzsPlatformImage"
    assert "os_uri" in (api.add_platform_image.__doc__ or "")
    with pytest.raises(CommandError, match="unknown keyword 'colour'"):
        api.get_child_item(colour="red")
    with pytest.raises(CommandError, match="does not follow the format"):
        api.add_platform_image(publisher="Contoso", offer="x", sku="y", version="1", os_type="Linux",
                               os_uri="https://a.blob.b/c/d.vhd")
    with pytest.raises(AttributeError):
        api.no_such_command  # noqa: B018


def test_unload_removes_everything(config_dir: Path) -> None:
    from IPython.core.interactiveshell import InteractiveShell
    from traitlets.config import Config

    cfg = Config()
    cfg.HistoryManager.hist_file = ":memory:"
    shell = InteractiveShell(config=cfg)
    matchers = list(shell.Completer.custom_matchers)
    shell.run_line_magic("load_ext", "azsmagics")
    assert "Add-AzVhd" in shell.magics_manager.magics["line"]
    shell.run_line_magic("unload_ext", "azsmagics")
    assert "Add-AzVhd" not in shell.magics_manager.magics["line"]
    assert "pwsh" not in shell.magics_manager.magics["cell"]
    assert shell.Completer.custom_matchers == matchers


def test_test_azs_image_returns_a_frame_and_test_path_a_bool(ip: Any, check_disks: Any, tmp_path: Path) -> None:
    """Test-* commands that write records return a DataFrame (one row per check), like Get-*; a Test-* answer
    ($true/$false) stays a bool; the Python API gives the records as a list."""
    import shutil

    import pandas as pd

    image = tmp_path / "ubuntu.vhd"
    shutil.copyfile(check_disks.get("marker-generalized", "vhd-fixed"), image)
    ip.user_ns["image"] = str(image)
    run(ip, "df = %Test-AzsImage -Path $image")
    frame = ip.user_ns["df"]
    assert isinstance(frame, pd.DataFrame) and frame.attrs["ps_type_name"] == "Azs.ImageCheck.CheckResult"
    assert list(frame.columns) == ["Id", "Check", "Status", "Severity", "Message", "Evidence"]
    assert list(frame[frame.Severity == "Error"].Id) == ["L5", "L8"]
    run(ip, "ok = %Test-Path $image")
    assert ip.user_ns["ok"] is True
    from azsmagics.api import test_image

    records = test_image(path=str(image), mode="Specialized")
    assert isinstance(records, list) and len(records) == 15


def test_help_of_a_module_function(ip: Any, capsys: pytest.CaptureFixture[str]) -> None:
    from tests.support.shared import SHARED

    connect = SHARED / "corpus" / "azurestack-tools" / "az" / "Connect" / "AzureStack.Connect.psm1"
    assert run(ip, f"%%pwsh\nImport-Module '{connect}' -WarningAction SilentlyContinue").success
    capsys.readouterr()
    result = run(ip, "%Get-AzsDirectoryTenantId?")  # a module's function, not a cmdlet: still its comment help
    out = capsys.readouterr().out
    assert result.success
    assert "SYNOPSIS\n    Connecting to your environment requires that you obtain the value of your Directory Tenant ID." in out
    assert "    Get-AzsDirectoryTenantId -ADFS [-EnvironmentName] <String> [<CommonParameters>]" in out
