"""Add-AzVhd's progress bridge: every uploader event becomes a Write-Progress record; the session hook gets
them throttled, with the first, each phase change, the scan's end and the last byte never held back."""

from __future__ import annotations

from dataclasses import replace

from azskernel.azure.cmdlets.upload_progress import UploadProgress
from azskernel.vhd.progress import Phase, ProgressEvent

MiB = 1024 * 1024


def _event(phase: Phase, sent: int, *, to_send: int = 8 * MiB, scan_done: bool = True) -> ProgressEvent:
    return ProgressEvent(phase=phase, source_size=64 * MiB, bytes_scanned=64 * MiB, bytes_to_send=to_send,
                         bytes_sent=sent, bytes_skipped=56 * MiB, bytes_present=0, bytes_hashed=0, elapsed=1.0,
                         rate=float(MiB), eta=(to_send - sent) / MiB, scan_done=scan_done)


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_records_for_every_event_and_a_throttled_hook() -> None:
    clock, records, hooked = Clock(), [], []
    bridge = UploadProgress(records.append, hooked.append, clock=clock, min_interval=0.25)
    inspect = _event(Phase.INSPECT, 0, to_send=0, scan_done=False)
    scanning = _event(Phase.SCAN, 0, to_send=MiB, scan_done=False)
    steps = [(0.0, inspect), (0.01, scanning)]
    steps += [(0.1 * i, _event(Phase.UPLOAD, i * MiB // 2, scan_done=i > 3)) for i in range(1, 11)]
    steps += [(1.11, _event(Phase.UPLOAD, 8 * MiB)), (1.12, _event(Phase.FINALIZE, 8 * MiB))]
    for at, ev in steps:
        clock.now = at
        bridge(ev)
    bridge.finish()

    # one record per event, then the done state and the completion
    assert len(records) == len(steps) + 2 and records[-1].completed and records[-1].activity == "Add-AzVhd"
    percents = [r.percent_complete for r in records[:-1]]
    assert percents == sorted(percents), "the bar never goes back"
    assert records[-3].percent_complete == 99 and records[-2].percent_complete == 100
    assert records[-2].status.startswith("done 100% of 64.0 MiB | sent 8.0 MiB of 8.0 MiB | skipped 56.0 MiB")
    # the caption states the record's own percentage, at every sample
    assert all(r.status.split(" ")[1] == f"{r.percent_complete}%" for r in records[:-1])
    sent = [(ev.phase, ev.bytes_sent, ev.scan_done) for ev in hooked]
    assert sent == [
        (Phase.INSPECT, 0, False), (Phase.SCAN, 0, False),
        (Phase.UPLOAD, MiB // 2, False),  # a new phase; 0.1 and 0.2 s later: held back
        (Phase.UPLOAD, 2 * MiB, True),  # the scan is done: at once
        (Phase.UPLOAD, 7 * MiB // 2, True),  # 0.3 s after the last one
        (Phase.UPLOAD, 5 * MiB, True),  # 0.3 s after that
        (Phase.UPLOAD, 8 * MiB, True),  # the last byte, 0.11 s after the previous one
        (Phase.FINALIZE, 8 * MiB, True),
        (Phase.DONE, 8 * MiB, True),  # finish(): the final state
    ]
    assert all(isinstance(ev, ProgressEvent) for ev in hooked)


def test_the_event_goes_before_its_record() -> None:
    # a front that draws events must know the record that follows is the same work (issue 16: a dead
    # "inspect" widget above the real one)
    seen: list = []
    bridge = UploadProgress(lambda r: seen.append("record"), lambda ev: seen.append("event"))
    bridge(_event(Phase.INSPECT, 0, to_send=0, scan_done=False))
    assert seen == ["event", "record"]


def test_a_resumed_upload_with_nothing_left_counts_the_bytes_present() -> None:
    records: list = []
    bridge = UploadProgress(records.append, lambda ev: None)
    bridge(replace(_event(Phase.UPLOAD, 0, to_send=0), bytes_present=8 * MiB))
    # 56 MiB of zeros + 8 MiB already there: everything is finished but the footer's write; 100% is for done
    assert records[0].percent_complete == 99 and "8.0 MiB already uploaded" in records[0].status
    assert "--/s" in records[0].status, "nothing was sent: no rate"
    bridge(replace(_event(Phase.UPLOAD, 4 * MiB, to_send=4 * MiB), bytes_present=4 * MiB))
    assert records[1].percent_complete == 99
    bridge.finish()
    assert records[-2].percent_complete == 100 and records[-2].status.startswith("done")
