"""Scripts with their pwsh output inline (jlox's habit): one construct family per test."""

from __future__ import annotations

import pytest

from tests.runtime.interp_support import output, run

CASES = [
    # values and conversions led by the left operand
    ('"1" + 1', "11\n"),
    ('1 + "1"', "2\n"),
    ('"a" * 3', "aaa\n"),
    ("[int]2.5; [int]3.5", "2\n4\n"),
    ("$null -eq $x", "True\n"),
    ("(1,2,3,1) -eq 1", "1\n1\n"),
    ("@(1,2) -contains 2; 2 -in 1,2; 'a' -notin 'b'", "True\nTrue\nTrue\n"),
    ("'abc' -like 'A*'; 'abc' -clike 'A*'", "True\nFalse\n"),
    ("'x=1' -match '(?<k>\\w)=(\\d)' | Out-Null; $Matches.k; $Matches[1]", "x\n1\n"),
    ("'a-b' -replace '-', '+'", "a+b\n"),
    ("'{0:D3}|{1,5}|{2:X}' -f 7, 'ab', 255", "007|   ab|FF\n"),
    ("1..3 -join ','", "1,2,3\n"),
    ("[string]::Join('-', @('a','b'))", "a-b\n"),
    ("0.1 + 0.2; [math]::PI; \"{0}\" -f (0.1 + 0.2)", "0.3\n3.14159265358979\n0.30000000000000004\n"),
    ("7 / 2; 6 / 2; 7 % 3", "3.5\n3\n1\n"),
    ("[datetime]'2020-01-02' -is [datetime]", "True\n"),
    ("'5' -as [int]; 'x' -as [int]", "5\n"),
    ("$a = 1,2; $b = $a; $b += 3; $a.Count; $b.Count", "2\n3\n"),
    # hashtables and objects
    ("$h = @{A=1}; $h.a; $h['A']; $h.Keys.Count", "1\n1\n1\n"),
    ("$o = [ordered]@{z=1; a=2}; $o.Keys -join ','", "z,a\n"),
    ("$p = [pscustomobject]@{Name='n'; Size=2}; $p.name; $p.PSObject -ne $null", "n\nTrue\n"),
    ("@([pscustomobject]@{a=1},[pscustomobject]@{a=2}).a -join ','", "1,2\n"),
    ("'abc'.Length; 'a,b'.Split(',').Count; 'Hello'.Substring(1,3)", "3\n2\nell\n"),
    ("$s = 'x'; $s.PadLeft(3,'0'); '  t '.Trim()", "00x\nt\n"),
    ("[math]::Max(3,7); [math]::Round(2.567, 2); [math]::Pow(2,10)", "7\n2.57\n1024\n"),
    ("[System.IO.Path]::GetExtension('a/b.vhd'); [IO.Path]::GetFileNameWithoutExtension('x/y.txt')", ".vhd\ny\n"),
    ("[version]'1.2.3' -gt [version]'1.2.0'; ([version]'1.2.3').Minor", "True\n2\n"),
    ("([uri]'https://h.example:8443/a/b?x=1').Host; ([uri]'https://h.example/a').Port", "h.example\n443\n"),
    ("[convert]::ToBase64String([Text.Encoding]::UTF8.GetBytes('hi'))", "aGk=\n"),
    ("[Environment]::NewLine.Length", "1\n"),
    ("[guid]::NewGuid().ToString().Length", "36\n"),
    ("[timespan]::FromMinutes(90).TotalHours", "1.5\n"),
    ("(1,2,3).Where({ $_ -ge 2 }) -join ''; (1,2).ForEach({ $_ * 3 }) -join ''", "23\n36\n"),
    # control flow
    (":outer foreach ($i in 1..3) { foreach ($j in 1..3) { if ($j -eq 2) { continue outer }; \"$i$j\" } }", "11\n21\n31\n"),
    ("$i = 0; while ($true) { $i++; if ($i -ge 3) { break } }; $i", "3\n"),
    ("do { $k++ } until ($k -ge 2); $k", "2\n"),
    ("switch ('b') { 'a' { 1 } 'B' { 2 } }", "2\n"),
    ("switch -Regex ('v1.2') { 'v(\\d)' { $Matches[1] } }", "1\n"),
    ("switch (1,2) { 1 { 'one'; continue } 2 { 'two' } }", "one\ntwo\n"),
    ("if ($false) { 1 } elseif ($true) { 2 } else { 3 }", "2\n"),
    ("for ($i=0; $i -lt 2; $i++) { $i }", "0\n1\n"),
    # functions, scopes, pipelines
    ("function f { param([int]$a = 2, [switch]$s) \"$a $s\" }; f; f 5 -s", "2 False\n5 True\n"),
    ("function f { $args.Count }; f 1 2 3", "3\n"),
    ("function f { [CmdletBinding()] param([Parameter(ValueFromPipeline)]$x) process { $x * 2 } }; 1,2 | f", "2\n4\n"),
    ("filter dbl { $_ * 2 }; 1,2 | dbl", "2\n4\n"),
    ("function f { $input | ForEach-Object { $_ + 1 } }; 1,2 | f", "2\n3\n"),
    ("$x = 1; & { $x = 2 }; $x; . { $x = 3 }; $x", "1\n3\n"),
    ("$script:n = 1; function g { $script:n = 5 }; g; $n", "5\n"),
    ("function f { return 1; 2 }; f", "1\n"),
    ("$sb = { param($a) $a + 1 }; & $sb 1; $sb.Invoke(2)", "2\n3\n"),
    ("function f([string]$s) { $null -eq $s }; f", "False\n"),
    ("$h = @{ A = 1 }; function f($A, $B = 9) { \"$A $B\" }; f @h", "1 9\n"),
    ("$a = @('x', 'y'); function f($p, $q) { \"$p$q\" }; f @a", "xy\n"),
    ("function f { [CmdletBinding()] param([ValidateSet('a','b')]$v) $v }; try { f c } catch { 'bad' }", "bad\n"),
    ("function f { [CmdletBinding()] param([ValidateScript({ $_ -gt 1 })]$v) $v }; f 2; try { f 0 } catch { 'no' }", "2\nno\n"),
    ("function f { [CmdletBinding()] param() $PSBoundParameters.Count }; f", "0\n"),
    ("function f { [CmdletBinding()] param($A) $PSBoundParameters.ContainsKey('A') }; f -A 1", "True\n"),
    # errors
    ("try { 1/0 } catch [System.DivideByZeroException] { 'dz' } catch { 'other' }", "dz\n"),
    ("try { 1/0 } catch { $_.Exception.InnerException.GetType().Name }", "DivideByZeroException\n"),
    ("try { throw [System.IO.FileNotFoundException]::new('nf') } catch [System.IO.IOException] { $_.Exception.Message }", "nf\n"),
    ("try { Get-Item /no/such -ErrorAction Stop } catch { $_.CategoryInfo.Category }", "ObjectNotFound\n"),
    ("$ErrorActionPreference = 'Stop'; try { Write-Error 'e1' } catch { \"c:$_\" }", "c:e1\n"),
    ("trap { 'trapped'; continue }; throw 'x'; 'after'", "trapped\nafter\n"),
    ("try { try { throw 'in' } finally { 'f1' } } catch { \"c:$_\" }", "f1\nc:in\n"),
    ("Get-Item /no/such 2>$null; $?", "False\n"),
    ("$e = Get-Item /no/such 2>&1; $e.FullyQualifiedErrorId -like '*PathNotFound*'", "True\n"),
    ("Write-Error 'x' -ErrorAction SilentlyContinue; $Error.Count", "1\n"),
    ("Get-Item /no/such -ErrorVariable ev -ErrorAction SilentlyContinue; $ev.Count", "1\n"),
    # strings
    ('$n = "w"; "a $n $($n.ToUpper()) ${n}"', "a w W w\n"),
    ("\"tab`there\"", "tab\there\n"),
    ("@\"\nx $(1+1)\n\"@", "x 2\n"),
    ("$a = 1,2; \"$a\"; $OFS = '-'; \"$a\"", "1 2\n1-2\n"),
    ("'it''s'", "it's\n"),
]


@pytest.mark.parametrize("source, expected", CASES, ids=[c[0][:40] for c in CASES])
def test_script_output(source: str, expected: str) -> None:
    assert output(source) == expected


def test_statement_error_continues_with_the_next_statement() -> None:
    out, err, code = run("1/0\n'after'")
    assert out == "after\n"
    assert "Attempted to divide by zero." in err
    assert code == 0


def test_throw_ends_the_script_with_exit_code_1() -> None:
    out, err, code = run("'a'\nthrow 'stop here'\n'b'", "x")
    assert out == "a\n"
    assert err.startswith("Exception: /tmp/test.ps1:2")
    assert "stop here" in err and code == 1


def test_param_block_binds_script_arguments() -> None:
    out, _, code = run("param([string]$Name, [int]$N = 1, [switch]$Loud)\n\"$Name $N $Loud\"\n$args.Count", "-Name", "x", "-Loud")
    assert out == "x 1 True\n0\n" and code == 0


def test_exit_code() -> None:
    assert run("exit 4")[2] == 4


def test_unsupported_member_names_the_type() -> None:
    _, err, _ = run("[System.Net.Dns]::GetHostName()")
    assert "Unable to find type [System.Net.Dns]" in err
    _, err, _ = run("[math]::Frobnicate(1)")
    assert "[System.Math] does not contain a method named 'Frobnicate'" in err


def test_write_host_interleaves_with_output() -> None:
    assert output("function f { Write-Host a; 1; Write-Host b; 2 }; f") == "a\n1\nb\n2\n"


def test_dot_sourcing_a_file_and_calling_a_script(tmp_path) -> None:  # type: ignore[no-untyped-def]
    lib = tmp_path / "lib.ps1"
    lib.write_text('$libvar = "from lib"\nfunction Lib-Fn { "fn $args" }\n', encoding="utf-8")
    source = f". '{lib}'\n$libvar\nLib-Fn 1\n$libvar = 'x'\n& '{lib}'\n$libvar"
    assert output(source) == "from lib\nfn 1\nx\n"


@pytest.mark.parametrize("source, expected", [
    ("$w = Write-Warning w1 3>&1; \"c:$w\"", "c:w1\n"),
    ("$all = & { 'o'; Write-Warning w; Write-Verbose v -Verbose; Write-Error e } *>&1; $all.Count", "4\n"),
    ("& { Write-Warning w2; Write-Host hh; 'kept' } *>$null; 'after'", "after\n"),
    ("Write-Host a 6>$null; 'b'", "b\n"),
])
def test_stream_redirection(source: str, expected: str) -> None:
    assert output(source) == expected


def test_file_redirection(tmp_path) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "out.txt"
    assert output(f"'a' > '{target}'; 'b' >> '{target}'; Get-Content '{target}'") == "a\nb\n"


def test_closures_capture_values() -> None:
    assert output("function Make($v) { { \"v=$v\" }.GetNewClosure() }; $a = Make 1; $v = 9; & $a") == "v=1\n"


def test_strict_mode_rejects_unset_variables() -> None:
    out, err, _ = run("Set-StrictMode -Version Latest; $a = 1; $a; $b; 'next'")
    assert out == "1\nnext\n"
    assert "The variable '$b' cannot be retrieved because it has not been set." in err


def test_deep_recursion_and_overflow() -> None:
    assert output("function r($n) { if ($n -le 0) { return 0 }; 1 + (r ($n - 1)) }; r 500") == "500\n"
    out, err, _ = run("function r($n) { r ($n + 1) }; r 1; 'not reached'")
    assert out == "" and "call depth overflow" in err


def test_engine_commands() -> None:
    assert output("iex '1+2'; function hi { 'hi' }; Set-Alias h hi; h; Invoke-Command { param($a) \"ic $a\" } -ArgumentList 5") == "3\nhi\nic 5\n"


def test_dollar_underscore_is_restored_after_nested_blocks() -> None:
    source = ('1..2 | % { $o = $_; "a","b" | % { "$o$_" }; "after $_" }; '
              'try { throw "x" } catch { try { throw "y" } catch { "in $_" }; "out $_" }')
    assert output(source) == "1a\n1b\nafter 1\n2a\n2b\nafter 2\nin y\nout x\n"


def test_common_parameters_set_preferences_inside_advanced_functions() -> None:
    source = ('function f { [CmdletBinding()] param() Write-Verbose "v"; Write-Error "e"; "after" }; '
              'try { f -ErrorAction Stop } catch { "caught $_" }; f -Verbose -ErrorAction SilentlyContinue')
    assert output(source) == "caught e\nVERBOSE: v\nafter\n"


def test_operator_script_preamble_runs() -> None:
    source = ("[Net.ServicePointManager]::SecurityProtocol = [Net.SecurityProtocolType]::Tls12\n"
              "Add-Type -AssemblyName System.Web\n"
              "[System.Net.ServicePointManager]::SecurityProtocol\n"
              "(Measure-Command { 1 }).GetType().Name\n"
              "$n = 0; [int]::TryParse('42', [ref]$n) | Out-Null; $n\n"
              "[long]::MaxValue + 1\n"
              "([int]::MaxValue + 1).GetType().Name")
    assert output(source) == "Tls12\nTimeSpan\n42\n9.22337203685478E+18\nDouble\n"


def test_add_type_with_csharp_is_a_clear_error() -> None:
    _, err, _ = run("Add-Type -TypeDefinition 'public class X {}'")
    assert err.startswith("Add-Type:") and "Traceback" not in err


def test_default_parameter_values() -> None:
    out, err, _ = run("$PSDefaultParameterValues['Get-Item:ErrorAction'] = 'SilentlyContinue'; Get-Item /no/such; 'quiet'")
    assert out == "quiet\n" and err == ""


def test_write_error_in_a_function_is_named_after_the_function() -> None:
    _, err, _ = run("function Test-It { Write-Error 'bad thing' }; Test-It")
    assert err.startswith("Test-It: bad thing")


def test_ranges_are_walked_lazily() -> None:
    assert output("1..100000000 | Select-Object -First 2; foreach ($i in 1..100000000) { if ($i -gt 2) { break }; $i }") == "1\n2\n1\n2\n"
    assert output("'a'..'c' -join ''; (5..3) -join ','; foreach ($c in 'x'..'y') { $c }") == "abc\n5,4,3\nx\ny\n"
