"""Write-*, Out-*, Tee-Object: what lands on stdout/stderr, exactly."""

from __future__ import annotations

from pathlib import Path

from tests.commands.harness import run_script


def test_write_host_and_output() -> None:
    r = run_script("Write-Host a b -Separator '-'; Write-Host 'x' -NoNewline; Write-Host 'y'; Write-Output 1,2 'z'")
    assert r.out == "a-b\nxy\n1\n2\nz\n"
    assert r.err == ""


def test_write_output_no_enumerate_and_null() -> None:
    assert run_script("(Write-Output -NoEnumerate 1,2,3).Count; Write-Output $null; 'after'").out == "3\nafter\n"


def test_streams() -> None:
    r = run_script("Write-Warning 'careful'; Write-Verbose 'hidden'; Write-Verbose 'shown' -Verbose; Write-Debug 'dbg'")
    assert r.out == "WARNING: careful\nVERBOSE: shown\n"


def test_write_error_concise_view_and_error_action() -> None:
    r = run_script("Write-Error 'The VHD is not fixed'; 'next'")
    assert r.err == "Write-Error: The VHD is not fixed\n"
    assert r.out == "next\n"
    r = run_script("Write-Error 'stop here' -ErrorAction Stop; 'not reached'")
    assert r.out == "" and "stop here" in r.err and r.terminated is not None
    r = run_script("try { Write-Error 'caught' -ErrorAction Stop } catch { 'got: ' + $_.Exception.Message }")
    assert r.out == "got: caught\n"


def test_out_null_and_out_string() -> None:
    assert run_script("1,2 | Out-Null; 'x'").out == "x\n"
    assert run_script("$s = 1,2 | Out-String; $s.Length; $s -eq \"1`n2`n\"").out == "4\nTrue\n"
    assert run_script("(1,2 | Out-String -Stream).Count").out == "2\n"
    text = run_script("$o = [pscustomobject]@{abc='1234';bcd='123'},[pscustomobject]@{abc='1';bcd='1234'}; "
                      "($o | Out-String).Replace(' ','.').Replace(\"`n\",'^')").out
    assert text == "^abc..bcd^---..---^1234.123^1....1234^^\n"


def test_out_file_append_and_encoding(tmp_path: Path) -> None:
    run_script("'one' | Out-File out.txt; 'two' | Out-File out.txt -Append; 'é' | Out-File bom.txt -Encoding utf8BOM", tmp_path)
    assert (tmp_path / "out.txt").read_text() == "one\ntwo\n"
    assert (tmp_path / "bom.txt").read_bytes() == b"\xef\xbb\xbf" + "é\n".encode()
    r = run_script("'x' | Out-File missing/dir/f.txt", tmp_path)
    assert r.err.startswith("Out-File: Could not find a part of the path")


def test_tee_object_variable_and_file(tmp_path: Path) -> None:
    r = run_script("1,2 | Tee-Object -Variable t | ForEach-Object { $_ * 10 }; $t.Count; 'a' | Tee-Object t.txt", tmp_path)
    assert r.out == "10\n20\n2\na\n"
    assert (tmp_path / "t.txt").read_text() == "a\n"


def test_write_progress_needs_activity() -> None:
    r = run_script("Write-Progress -Activity 'Uploading' -PercentComplete 50; Write-Progress -PercentComplete 101 -Activity x")
    assert "Write-Progress: Cannot validate argument on parameter 'PercentComplete'. The 101 argument is greater than the maximum allowed range of 100." in r.err


def test_out_variable_and_default_parameter_values(tmp_path: Path) -> None:
    r = run_script("1,2 | Write-Output -OutVariable o | Out-Null; 3 | Write-Output -OutVariable +o | Out-Null; $o.Count; "
                   "$PSDefaultParameterValues = @{ 'Out-File:Encoding' = 'utf8BOM'; 'Get-Ch*:Name' = $true }; "
                   "'x' | Out-File d.txt; Get-ChildItem", tmp_path)
    assert r.out == "3\nd.txt\n"
    assert (tmp_path / "d.txt").read_bytes().startswith(b"\xef\xbb\xbf")
