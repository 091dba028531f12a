"""Get-FileHash, Measure-Command, Compare-Object, Get-Unique, Join-String, ConvertFrom-StringData, and the
cmdlets that exist only to fail clearly (Add-Type code, Out-GridView)."""

from __future__ import annotations

import hashlib
from pathlib import Path

from tests.commands.harness import run_script


def test_get_file_hash(tmp_path: Path) -> None:
    (tmp_path / "disk.vhd").write_bytes(b"abc" * 1000)
    r = run_script("(Get-FileHash disk.vhd).Hash; (Get-FileHash disk.vhd -Algorithm MD5).Algorithm; Get-FileHash disk.vhd", tmp_path)
    sha = hashlib.sha256(b"abc" * 1000).hexdigest().upper()
    assert r.out.startswith(f"{sha}\nMD5\n\nAlgorithm       Hash")
    line = next(x for x in r.out.splitlines() if x.startswith("SHA256 "))
    assert line.startswith(f"SHA256          {sha} ")
    path = str(tmp_path / "disk.vhd")
    assert line.endswith(path) or (len(line) == 120 and line.endswith("…"))


def test_timespan_list_view_and_measure_command() -> None:
    r = run_script("New-TimeSpan -Minutes 90; (Measure-Command { Start-Sleep -Milliseconds 20 }).TotalMilliseconds -ge 20")
    assert r.out.startswith("\nDays              : 0\nHours             : 1\nMinutes           : 30\n")
    assert "TotalMinutes      : 90\n" in r.out and r.out.endswith("\nTrue\n\n")  # True: out of band, in the list


def test_compare_object() -> None:
    r = run_script("Compare-Object 1,2,3 2,3,4; Compare-Object a b -IncludeEqual -ExcludeDifferent; (Compare-Object a A -CaseSensitive).Count")
    assert r.out == "\nInputObject SideIndicator\n----------- -------------\n          4 =>\n          1 <=\n2\n\n"


def test_get_unique_join_string_string_data() -> None:
    r = run_script("1,1,2,2,1 | Get-Unique; 'a','b' | Join-String -Separator ',' -OutputPrefix '[' -OutputSuffix ']'; "
                   "$h = ConvertFrom-StringData \"x = 1`n# c`ny=2\"; $h.x + $h.y; ConvertFrom-StringData 'no delimiter'")
    assert r.out == "1\n2\n1\n[a,b]\n12\n"
    assert r.err == "ConvertFrom-StringData: Data line 'no delimiter' is not in 'name=value' format.\n"


def test_unavailable_features_say_so() -> None:
    r = run_script("Add-Type -AssemblyName System.Web; Add-Type 'public class X {}'; 1 | Out-GridView; Start-Transcript; 'after'")
    assert r.out == "WARNING: Transcripts are not recorded by this shell: the session's output is not being saved.\nafter\n"
    assert r.err.splitlines()[0].startswith("Add-Type: Add-Type cannot compile or load .NET code")
    assert r.err.splitlines()[1].startswith("Out-GridView: Out-GridView needs a desktop window")
