"""Test-AzsImage's records in a notebook: one table, severities and statuses coloured, text still escaped, and the
text/plain view the terminal's wrapped table."""

from __future__ import annotations

from typing import Any

from azskernel.commands.imagecheck import result_record
from azskernel.imagecheck import CheckResult
from azskernel.jupyter.display import bundle_for, split_runs


def _records() -> list[Any]:
    return [
        result_record(CheckResult("D1", "VHD, not VHDX", "Passed", "Info", "The image is not a VHDX.", "")),
        result_record(CheckResult("L5", "Provisioned marker", "Failed", "Error",
                                  "<marker> is present: run waagent -deprovision+user & log out.", "x")),
        result_record(CheckResult("L1", "Linux agent installed", "CannotInspect", "Warning", "Cannot inspect: LVM",
                                  "")),
    ]


def test_records_are_one_coloured_table() -> None:
    runs = split_runs(_records())
    assert [kind for kind, _ in runs] == ["objects"] and len(runs[0][1]) == 3
    bundle = bundle_for(runs[0][1])
    page = bundle["text/html"]
    assert '<span style="color:#d13438;font-weight:bold">Error</span>' in page
    assert '<span style="color:#8a6d00;font-weight:bold">Warning</span>' in page
    assert '<span style="color:#107c10">Passed</span>' in page and '<span style="color:#605e5c">Info</span>' in page
    assert "&lt;marker&gt; is present: run waagent -deprovision+user &amp; log out." in page
    assert "<marker>" not in page
    text = bundle["text/plain"].splitlines()
    assert text[1].split() == ["Id", "Status", "Severity", "Message"]
    assert text[4].startswith("L5 Failed        Error    <marker> is present")


def test_other_tables_are_not_styled() -> None:
    from azskernel.runtime.values import PSObject

    rows = [PSObject([("Severity", "Error"), ("Name", "<b>")])]
    page = bundle_for(rows)["text/html"]
    assert "<span" not in page and "&lt;b&gt;" in page
