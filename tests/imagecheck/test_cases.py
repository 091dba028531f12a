"""Every check of the catalogue on real disks built without mounting, each as raw, fixed VHD, dynamic VHD and VHDX:
the checks each case is about give the status and severity it expects, and no check trips over a readable disk."""

from __future__ import annotations

import pytest

from azskernel.imagecheck import CATALOGUE, check_image
from azskernel.imagecheck.testing import FORMATS
from tests.imagecheck.cases import CASES, Case
from tests.support.disks import Disks


def _expected(case: Case, check_id: str, fmt: str) -> tuple[str, str]:
    wanted = case.expect[check_id]
    return wanted[fmt] if isinstance(wanted, dict) else wanted  # type: ignore[return-value]


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("name", list(CASES))
def test_case(check_disks: Disks, name: str, fmt: str) -> None:
    case = CASES[name]
    report = check_image(check_disks.get(name, fmt), mode=case.mode, os_type=case.os_type)
    by_id = {r.Id: r for r in report.results}
    assert report.os_types == case.families
    wanted_ids = [c.id for c in CATALOGUE if c.family is None or c.family in case.families]
    assert list(by_id) == wanted_ids, "one record per check of the image's families, in catalogue order"
    for check_id in case.expect:
        record = by_id[check_id]
        assert (record.Status, record.Severity) == _expected(case, check_id, fmt), (
            f"{name} {fmt} {check_id}: {record.Status} {record.Severity}: {record.Message} [{record.Evidence}]")
        if record.Status == "CannotInspect":
            assert record.Message.startswith("Cannot inspect: ") and case.reason in record.Message, record.Message
    for record in report.results:
        assert "reading the image failed" not in record.Message, f"{record.Id}: {record.Message}"
        assert record.Message and record.Severity in ("Error", "Warning", "Info")
        if record.Status == "Failed":
            assert record.Evidence, f"{name} {record.Id}: a failure says what it read"
