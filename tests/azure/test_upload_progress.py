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

    assert len(records) == len(steps) + 1 and records[-1].completed and records[-1].activity == "Add-AzVhd"
    assert [r.percent_complete for r in records[:2]] == [-1, -1] and records[-2].percent_complete == 100
    assert records[-2].status == "finalize: 8 MiB sent"
    sent = [(ev.phase, ev.bytes_sent, ev.scan_done) for ev in hooked]
    assert sent == [
        (Phase.INSPECT, 0, False), (Phase.SCAN, 0, False),
        (Phase.UPLOAD, MiB // 2, False),  # a new phase; 0.1 and 0.2 s later: held back
        (Phase.UPLOAD, 2 * MiB, True),  # the scan is done: at once
        (Phase.UPLOAD, 7 * MiB // 2, True),  # 0.3 s after the last one
        (Phase.UPLOAD, 5 * MiB, True),  # 0.3 s after that
        (Phase.UPLOAD, 8 * MiB, True),  # the last byte, 0.11 s after the previous one
        (Phase.FINALIZE, 8 * MiB, True),
    ]
    assert all(isinstance(ev, ProgressEvent) for ev in hooked)


def test_a_resumed_upload_with_nothing_left_counts_the_bytes_present() -> None:
    records: list = []
    bridge = UploadProgress(records.append, lambda ev: None)
    bridge(replace(_event(Phase.UPLOAD, 0, to_send=0), bytes_present=8 * MiB))
    assert records[0].percent_complete == -1  # nothing to send: no percentage to show
    bridge(replace(_event(Phase.UPLOAD, MiB, to_send=2 * MiB), bytes_present=MiB))
    assert records[1].percent_complete == 100
