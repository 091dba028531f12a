"""The catalogue as the reference gives it (D1-D6, L1-L9, W1-W4), and the cases cover each check both ways."""

from __future__ import annotations

from azskernel.imagecheck import CHECK_IDS
from tests.imagecheck.cases import CASES


def test_the_catalogue_is_the_reference_one() -> None:
    assert CHECK_IDS == tuple([f"D{i}" for i in range(1, 7)] + [f"L{i}" for i in range(1, 10)]
                              + [f"W{i}" for i in range(1, 5)])


def test_every_check_has_a_passing_and_a_failing_disk() -> None:
    statuses: dict[str, set[str]] = {check_id: set() for check_id in CHECK_IDS}
    for case in CASES.values():
        for check_id, wanted in case.expect.items():
            values = wanted.values() if isinstance(wanted, dict) else [wanted]
            statuses[check_id].update(status for status, _ in values)  # type: ignore[misc]
    missing = {k: sorted({"Passed", "Failed"} - v) for k, v in statuses.items() if not {"Passed", "Failed"} <= v}
    assert not missing, missing
