"""File-system cmdlets against a real temporary folder."""

from __future__ import annotations

from pathlib import Path

from tests.commands.harness import run_script


def test_paths(tmp_path: Path) -> None:
    (tmp_path / "a.vhd").write_text("x")
    r = run_script(
        "Test-Path a.vhd; Test-Path a.vhd -PathType Container; Test-Path *.vhd; Test-Path nope; "
        "Join-Path 'dir' 'sub\\f.txt'; Join-Path /a b c; Split-Path /x/y/z.vhd; Split-Path /x/y/z.vhd -Leaf; "
        "Split-Path z.vhd -LeafBase; Split-Path z.vhd -Extension; Split-Path z.vhd; (Resolve-Path a.vhd).Path",
        tmp_path,
    )
    assert r.out.split("\n") == [
        "True", "False", "True", "False", "dir/sub/f.txt", "/a/b/c", "/x/y", "z.vhd", "z", ".vhd", "", str(tmp_path / "a.vhd"), "",
    ]
    assert r.err == ""


def test_env_drive(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("AZS_TEST_VALUE", "42")
    r = run_script("Test-Path env:AZS_TEST_VALUE; Test-Path env:AZS_NOT_SET_X; (Get-Item env:AZS_TEST_VALUE).Value", tmp_path)
    assert r.out == "True\nFalse\n42\n"


def test_content_round_trip(tmp_path: Path) -> None:
    r = run_script(
        "Set-Content log.txt 'one','two'; Add-Content log.txt 'three'; Get-Content log.txt; "
        "(Get-Content log.txt -Raw).Length; Get-Content log.txt -Tail 1; Get-Content log.txt -TotalCount 1; "
        "'a','b' | Set-Content p.txt; (Get-Content p.txt).Count",
        tmp_path,
    )
    assert r.out == "one\ntwo\nthree\n14\nthree\none\n2\n"
    assert (tmp_path / "log.txt").read_text() == "one\ntwo\nthree\n"


def test_missing_path_errors_are_non_terminating(tmp_path: Path) -> None:
    r = run_script("Get-Content nope.txt; 'after'; Get-Item nope; Remove-Item nope", tmp_path)
    assert r.out == "after\n"
    missing = tmp_path / "nope"
    assert r.err == (
        f"Get-Content: Cannot find path '{tmp_path / 'nope.txt'}' because it does not exist.\n"
        f"Get-Item: Cannot find path '{missing}' because it does not exist.\n"
        f"Remove-Item: Cannot find path '{missing}' because it does not exist.\n"
    )
    r = run_script("Get-Content nope.txt -ErrorAction Stop; 'not reached'", tmp_path)
    assert r.out == "" and r.terminated is not None


def test_items_lifecycle(tmp_path: Path) -> None:
    r = run_script(
        "New-Item -ItemType Directory d/e -Force | Out-Null; New-Item d/f.txt -Value 'hi' | ForEach-Object Name; "
        "Copy-Item d/f.txt d/g.txt; Move-Item d/g.txt d/e/; Get-ChildItem d -Recurse -Name; "
        "Get-ChildItem d -File | ForEach-Object { $_.Name + ':' + $_.Length }; "
        "Remove-Item d; Test-Path d; Remove-Item d -Recurse; Test-Path d",
        tmp_path,
    )
    assert r.out == "f.txt\ne\nf.txt\ne/g.txt\nf.txt:2\nTrue\nFalse\n"
    assert "Remove-Item: The item at" in r.err and "has children and the Recurse parameter was not specified" in r.err


def test_new_item_existing_file(tmp_path: Path) -> None:
    (tmp_path / "x.txt").write_text("")
    r = run_script("New-Item x.txt", tmp_path)
    assert r.err == f"New-Item: The file '{tmp_path / 'x.txt'}' already exists.\n"


def test_whatif_changes_nothing(tmp_path: Path) -> None:
    (tmp_path / "keep.txt").write_text("")
    r = run_script("Remove-Item keep.txt -WhatIf", tmp_path)
    assert r.out == f'What if: Performing the operation "Remove File" on target "{tmp_path / "keep.txt"}".\n'
    assert (tmp_path / "keep.txt").exists()
    r = run_script("Copy-Item keep.txt k2.txt -WhatIf; Set-Content keep.txt 'x' -WhatIf", tmp_path)
    assert r.out == (
        f'What if: Performing the operation "Copy File" on target "Item: {tmp_path / "keep.txt"} Destination: {tmp_path / "k2.txt"}".\n'
        f'What if: Performing the operation "Set Content" on target "Path: {tmp_path / "keep.txt"}".\n'
    )


def test_locations(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    r = run_script("Set-Location sub; (Get-Location).Path; Push-Location ..; (Get-Location).Path; Pop-Location; (Get-Location).Path; Set-Location nowhere", tmp_path)
    assert r.out == f"{tmp_path / 'sub'}\n{tmp_path}\n{tmp_path / 'sub'}\n"
    assert r.err.startswith("Set-Location: Cannot find path")
    assert Path.cwd() != tmp_path / "sub"  # the session's location, never the process's


def test_get_child_item_table(tmp_path: Path) -> None:
    (tmp_path / "b.txt").write_text("12345")
    r = run_script("Get-ChildItem | Format-Table Name, Length", tmp_path)
    assert r.out == "\nName  Length\n----  ------\nb.txt      5\n\n"
    r = run_script("Get-ChildItem", tmp_path)
    lines = r.out.split("\n")
    assert lines[:5] == ["", f"    Directory: {tmp_path}", "",
                         "UnixMode         User Group         LastWriteTime         Size Name",
                         "--------         ---- -----         -------------         ---- ----"]
    assert lines[5].startswith("-rw-") and lines[5].endswith("           5 b.txt")


def test_items_flow_down_the_pipeline_by_property_name(tmp_path: Path) -> None:
    for name in ("a.txt", "b.txt", "c.log"):
        (tmp_path / name).write_text(name[0])
    r = run_script(
        "Get-ChildItem *.txt | Get-Content; Get-Item c.log | Get-FileHash -Algorithm MD5 | ForEach-Object Algorithm; "
        "Get-ChildItem *.txt | Remove-Item; (Get-ChildItem).Name",
        tmp_path,
    )
    assert r.out == "a\nb\nMD5\nc.log\n", r.err


def test_byte_streams(tmp_path: Path) -> None:
    r = run_script("Set-Content b.bin -Value ([byte[]](1,2,255)) -AsByteStream; (Get-Content b.bin -AsByteStream).Count; "
                   "Add-Content b.bin -Value 7 -AsByteStream; (Get-Content b.bin -AsByteStream -Raw).Length", tmp_path)
    assert (tmp_path / "b.bin").read_bytes() == b"\x01\x02\xff\x07"
    assert r.out == "3\n4\n", r.err


def test_missing_path_is_an_item_not_found_exception(tmp_path: Path) -> None:
    r = run_script("try { Get-Item ./missing -ErrorAction Stop } catch [System.Management.Automation.ItemNotFoundException] "
                   "{ $_.Exception.GetType().FullName; $_.FullyQualifiedErrorId; $_.Exception.Message }", tmp_path)
    assert r.out == ("System.Management.Automation.ItemNotFoundException\n"
                     "PathNotFound,Microsoft.PowerShell.Commands.GetItemCommand\n"
                     f"Cannot find path '{tmp_path / 'missing'}' because it does not exist.\n")


def test_path_wildcards_are_powershell_wildcards(tmp_path: Path) -> None:
    """-Path globs as pwsh does on Unix: brackets in names, backtick escapes, case-insensitive patterns, hidden
    entries only with -Force (Python's glob differs on each)."""
    (tmp_path / "disk[1].vhd").write_text("x")
    (tmp_path / "Disk2.VHD").write_text("y")
    (tmp_path / ".hidden.vhd").write_text("z")
    (tmp_path / "images[old]").mkdir()
    (tmp_path / "images[old]" / "a.vhd").write_text("a")
    r = run_script(
        "(Get-Item 'disk`[1`].vhd').Name; (Get-ChildItem 'disk[[]1].vhd').Name; "
        "(Get-ChildItem *.vhd).Name -join ','; (Get-ChildItem *.vhd -Force).Count; "
        "(Get-ChildItem 'images`[old`]').Name; Test-Path 'disk`[1`].vhd'; Get-Content -LiteralPath 'disk[1].vhd'",
        tmp_path,
    )
    assert r.err == ""
    assert r.out.split("\n") == ["disk[1].vhd", "disk[1].vhd", "Disk2.VHD,disk[1].vhd", "3", "a.vhd", "True", "x", ""]


def test_child_items_of_a_pattern_are_the_entries_it_names(tmp_path: Path) -> None:
    """`Get-ChildItem dir/*` lists the entries the pattern names (not inside them); with -Recurse the leaf pattern
    names entries at every level below the folder."""
    (tmp_path / "root" / "D1").mkdir(parents=True)
    (tmp_path / "root" / "D1" / "File1.txt").write_text("1")
    (tmp_path / "root" / "top.vhd").write_text("2")
    r = run_script(
        "(Get-ChildItem root/* -Name) -join ','; (Get-ChildItem root/* -Recurse -Directory).Count; "
        "(Get-ChildItem root/* -Recurse -File).Name -join ','; (Get-ChildItem root/F*.txt -Recurse -File).Name; "
        "(Get-ChildItem root/nothing*).Count; Get-ChildItem missing/*",
        tmp_path,
    )
    assert r.out.split("\n") == ["D1,top.vhd", "1", "top.vhd,File1.txt", "File1.txt", "0", ""]
    assert r.err == f"Get-ChildItem: Cannot find path '{tmp_path / 'missing'}' because it does not exist.\n"


def test_new_item_goes_into_an_escaped_folder_and_keeps_its_name_literal(tmp_path: Path) -> None:
    (tmp_path / "Test[Dir]").mkdir()
    r = run_script("$null = New-Item -Path 'Test`[Dir`]' -Name f.txt -ItemType File; "
                   "$null = New-Item -ItemType File 'a`[b]'; (Get-ChildItem 'a```[b`]').Name", tmp_path)
    assert r.err == ""
    assert (tmp_path / "Test[Dir]" / "f.txt").is_file() and (tmp_path / "a`[b]").is_file()
    assert r.out == "a`[b]\n"
