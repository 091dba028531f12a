"""The common parameters that capture streams: -OutVariable, -ErrorVariable (+name appends), -WarningVariable,
-InformationVariable, -PipelineVariable, for cmdlets and advanced functions, and $PSCmdlet.WriteError feeding them."""

from __future__ import annotations

import pytest

from tests.runtime.interp_support import output

FUNCTION = ("function f { [CmdletBinding()] param() Write-Output 1; Write-Error 'e1'; Write-Warning 'w1'; "
            "Write-Information 'i1' }; ")
QUIET = " -ErrorAction SilentlyContinue -WarningAction SilentlyContinue -InformationAction SilentlyContinue"

CASES = [
    (FUNCTION + "f -OutVariable ov -ErrorVariable ev -WarningVariable wv -InformationVariable iv" + QUIET
     + " | Out-Null; \"$ov|$ev|$wv|$iv\"; $ov.GetType().Name", "1|e1|w1|i1\nArrayList\n"),
    (FUNCTION + "f -ErrorVariable ev" + QUIET + " | Out-Null; f -ErrorVariable +ev" + QUIET + " | Out-Null; "
     "$ev.Count; f -ErrorVariable ev" + QUIET + " | Out-Null; $ev.Count", "2\n1\n"),
    # a function's ErrorVariable collects what the commands in its body write; the others in the pipeline don't
    ("function g { [CmdletBinding()] param() process { Get-Item /no/such/thing } }; "
     "function h { [CmdletBinding()] param([Parameter(ValueFromPipeline)]$x) process { $x } }; "
     "1 | g -ErrorVariable ge -ErrorAction SilentlyContinue | h -ErrorVariable he; $ge.Count; $he.Count", "1\n0\n"),
    # a terminating error thrown out of the command is captured too
    ("function t { [CmdletBinding()] param() throw 'stop' }; try { t -ErrorVariable te } catch {}; $te[0].Exception.Message",
     "stop\n"),
    ("function w { [CmdletBinding()] param() $PSCmdlet.WriteError([System.Management.Automation.ErrorRecord]::new("
     "[Exception]::new('x'), 'MyId', 'NotSpecified', $null)) }; w -ErrorVariable we -ErrorAction SilentlyContinue; "
     "$we[0].FullyQualifiedErrorId", "MyId,w\n"),
    ("1..3 | ForEach-Object -PipelineVariable pv { $_ * 10 } | ForEach-Object { \"$pv-$_\" }", "10-10\n20-20\n30-30\n"),
    ("Write-Output 7 -OutVariable o | Out-Null; $o[0]; Write-Host hi -InformationVariable hv; \"$hv\"", "7\nhi\nhi\n"),
    # method names on the engine's objects are case-insensitive
    ("function c { [CmdletBinding()] param() $PSCmdlet.writeobject(5) }; c", "5\n"),
]


@pytest.mark.parametrize("script, expected", CASES)
def test_stream_variables(script: str, expected: str) -> None:
    assert output(script) == expected
