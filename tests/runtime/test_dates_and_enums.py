"""DateTime kinds, DateTimeOffset, DateOnly/TimeOnly, IPAddress, [Enum]'s statics and flag arithmetic."""

from __future__ import annotations

import pytest

from tests.runtime.interp_support import output

CASES = [
    ("([datetime]::new(2024,6,15,0,0,0,[DateTimeKind]::Utc)).Kind; "
     "[datetime]::SpecifyKind([datetime]'2024-01-01', 'Local').Kind; ([datetime]'2024-01-01').Kind",
     "Utc\nLocal\nUnspecified\n"),
    ("([datetime]::new(2024,6,15,1,2,3,456)).Millisecond", "456\n"),
    ("$t = [TimeSpan]::new(1,2,3,4,5); $t.TotalMilliseconds; $t.Microseconds", "93784005\n0\n"),
    ("$o = [DateTimeOffset]::new(2024,6,15,10,30,0,[TimeSpan]::FromHours(2)); $o.GetType().FullName; $o.Offset.Hours",
     "System.DateTimeOffset\n2\n"),
    ("[DateOnly]::new(2024,6,15).DayOfYear; [TimeOnly]::new(10,30,45).Minute", "167\n30\n"),
    ("[ipaddress]::Parse('10.0.0.1').ToString(); ([ipaddress]'::1').AddressFamily", "10.0.0.1\nInterNetworkV6\n"),
    # -bor keeps the enum type of its left operand
    ("$a = [System.IO.FileAttributes]::Hidden -bor [System.IO.FileAttributes]::ReadOnly; $a; $a.GetType().Name",
     "ReadOnly, Hidden\nFileAttributes\n"),
    ("[Enum]::GetNames([DayOfWeek]).Count; [Enum]::Parse([DayOfWeek], 'friday'); [Enum]::IsDefined([DayOfWeek], 'x')",
     "7\nFriday\nFalse\n"),
    ("[Enum]::ToObject([DayOfWeek], 2); [Enum]::GetName([DayOfWeek], 3)", "Tuesday\nWednesday\n"),
    ("[single]::MaxValue.GetType().Name; [single]::NaN.GetType().Name; [bigint]::Parse('99999999999999999999') + 1",
     "Single\nSingle\n100000000000000000000\n"),
]


@pytest.mark.parametrize("script, expected", CASES)
def test_dates_and_enums(script: str, expected: str) -> None:
    assert output(script) == expected
