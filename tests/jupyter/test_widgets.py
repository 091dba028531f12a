"""ProgressWidgetRenderer: upload, provisioning and Write-Progress events drive live widgets."""

from __future__ import annotations

import ipykernel.ipkernel  # noqa: F401  (the comm factory the kernel uses, as in a real kernel process)
import ipywidgets as w

from azskernel.azure.events import ProvisioningEvent
from azskernel.jupyter.widgets import ProgressWidgetRenderer, human_bytes, human_duration, upload_summary
from azskernel.runtime.host import ProgressRecord
from azskernel.vhd.progress import Phase, ProgressEvent

MiB = 1024 * 1024


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def upload(phase: Phase, *, sent: int, to_send: int = 64 * MiB, skipped: int = 0, scan_done: bool = True, rate: float = 8 * MiB, eta: float | None = 7.0) -> ProgressEvent:
    return ProgressEvent(
        phase=phase, source_size=128 * MiB + 512, bytes_scanned=128 * MiB if scan_done else 32 * MiB, bytes_to_send=to_send,
        bytes_sent=sent, bytes_skipped=skipped, bytes_present=0, bytes_hashed=0, elapsed=1.0, rate=rate, eta=eta,
        scan_done=scan_done,
    )


def make() -> tuple[ProgressWidgetRenderer, list[object], Clock]:
    shown: list[object] = []
    clock = Clock()
    return ProgressWidgetRenderer(shown.append, clock=clock, min_interval=0.2), shown, clock


def test_upload_shows_one_widget_with_phase_bar_bytes_rate_and_eta():
    render, shown, clock = make()
    render(upload(Phase.SCAN, sent=0, to_send=8 * MiB, scan_done=False, eta=None))
    assert len(shown) == 1 and isinstance(shown[0], w.VBox)
    title, bar = shown[0].children
    assert "Add-AzVhd" in title.value and isinstance(bar, w.FloatProgress)
    assert bar.value == 0.0  # nothing finished yet: nothing sent, no zeros found
    caption = bar.description  # the caption is the bar's own: one model, one message per update
    assert caption.startswith("scan 0%") and "ETA --:--" in caption and "sent 0 B of 8.0 MiB+" in caption and "--/s" in caption

    clock.now += 0.5
    render(upload(Phase.UPLOAD, sent=16 * MiB, skipped=32 * MiB))
    assert len(shown) == 1, "updates go to the same widget"
    assert bar.value == 0.37  # (16 sent + 32 skipped) of 128 MiB: the caption says the same
    assert bar.description == ("upload 37% of 128.0 MiB | sent 16.0 MiB of 64.0 MiB | skipped 32.0 MiB | 8.0 MiB/s | "
                               "ETA 00:06")


def test_upload_updates_are_limited_to_a_few_per_second_but_the_last_one_is_never_lost():
    render, shown, clock = make()
    render(upload(Phase.UPLOAD, sent=0))
    bar = shown[0].children[1]
    for step in range(1, 10):
        clock.now += 0.05
        render(upload(Phase.UPLOAD, sent=step * MiB))
    assert bar.value < 0.07, "intermediate events inside the interval are held back"
    render.flush()
    assert bar.value == 0.07  # 9 of 128 MiB
    clock.now += 0.01
    render(upload(Phase.FINALIZE, sent=64 * MiB, skipped=64 * MiB, eta=0.0))
    assert bar.value == 0.99 and bar.bar_style == "info", "finalize is shown at once, and is not done yet"
    clock.now += 0.01
    render(upload(Phase.DONE, sent=64 * MiB, skipped=64 * MiB, eta=0.0))
    assert bar.value == 1.0 and bar.bar_style == "success"
    assert bar.description.startswith("done 100% of 128.0 MiB") and "took 00:01" in bar.description


def test_a_second_upload_in_the_same_cell_gets_its_own_widget():
    render, shown, clock = make()
    render(upload(Phase.DONE, sent=64 * MiB))
    render(upload(Phase.UPLOAD, sent=0))
    assert len(shown) == 2


def test_provisioning_state_is_shown_live_with_its_colour():
    render, shown, clock = make()
    render(ProvisioningEvent("Canonical/UbuntuServer/22_04/1.0.0", "Creating", elapsed=0.0))
    label = shown[0]
    assert isinstance(label, w.HTML) and "Creating" in label.value
    clock.now += 0.05
    render(ProvisioningEvent("Canonical/UbuntuServer/22_04/1.0.0", "Succeeded", elapsed=65.0, done=True))
    assert len(shown) == 1
    assert "Succeeded" in label.value and "#107c10" in label.value and "01:05" in label.value


def test_write_progress_bar_per_activity_closed_when_completed():
    render, shown, clock = make()
    render(ProgressRecord("Copying", status="file 1 of 4", percent_complete=25))
    render(ProgressRecord("Inner", activity_id=1, parent_activity_id=0, percent_complete=-1))
    assert len(shown) == 2
    outer = shown[0]
    label, bar = outer.children
    assert "Copying" in label.value and bar.value == 25 and bar.description == "file 1 of 4"
    clock.now += 1
    render(ProgressRecord("Copying", status="file 4 of 4", percent_complete=100, seconds_remaining=3))
    assert bar.value == 100 and "00:03 left" in bar.description
    render(ProgressRecord("Copying", completed=True))
    assert outer.comm is None, "a completed activity's widget is closed"
    assert len(render.widgets) == 1


def test_unknown_events_are_ignored():
    render, shown, clock = make()
    render(object())
    assert shown == []


def test_text_helpers():
    assert human_bytes(512) == "512 B"
    assert human_bytes(3 * MiB) == "3.0 MiB"
    assert human_duration(None) == "--:--"
    assert human_duration(3725) == "1:02:05"
    assert upload_summary(upload(Phase.UPLOAD, sent=MiB, scan_done=False, eta=None)).startswith(
        "upload 0% of 128.0 MiB | sent 1.0 MiB of 64.0 MiB+")


def test_finish_removes_progress_bars_keeps_uploads_and_forgets_everything():
    render, shown, clock = make()
    render(ProgressRecord("Copying", percent_complete=10))
    render(upload(Phase.UPLOAD, sent=0))
    bar_box, upload_box = shown
    clock.now += 0.01
    render(upload(Phase.UPLOAD, sent=32 * MiB))  # held back by the rate limit
    render.finish()
    assert bar_box.comm is None and upload_box.comm is not None
    assert upload_box.children[1].value == 0.24, "held updates are applied at the end"  # 32 MiB of 128 MiB + footer
    render(ProgressRecord("Copying", percent_complete=20))
    assert len(shown) == 3, "the next cell gets its own widget"


def test_a_plain_bar_gives_way_to_the_rich_widget_of_the_same_work():
    render, shown, clock = make()
    render(ProgressRecord("Add-AzVhd", status="upload: 0 MiB sent", percent_complete=0))
    render(ProgressRecord("Other", activity_id=3, percent_complete=5))
    plain, other = shown
    render.close_activity("add-azvhd")
    assert plain.comm is None and other.comm is not None
    assert render.widgets == [other]


def test_a_resumed_upload_says_what_was_already_there():
    event = upload(Phase.UPLOAD, sent=MiB, to_send=2 * MiB, skipped=MiB)
    resumed = ProgressEvent(**{**event.__dict__, "bytes_present": 30 * MiB})
    assert upload_summary(resumed) == ("upload 24% of 128.0 MiB | sent 1.0 MiB of 2.0 MiB | skipped 1.0 MiB | "
                                       "30.0 MiB already uploaded | 8.0 MiB/s | ETA 00:00")
    assert "already uploaded" not in upload_summary(event)


def record_comms(monkeypatch) -> list[tuple[str, dict]]:
    """The (message type, data with comm_id) that the widgets would publish on iopub, in order."""
    import comm
    from comm.base_comm import BaseComm

    sent: list[tuple[str, dict]] = []

    class Recording(BaseComm):
        def publish_msg(self, msg_type: str, data: dict | None = None, metadata: object = None,
                        buffers: object = None, **keys: object) -> None:
            sent.append((msg_type, dict(data or {}, comm_id=self.comm_id)))

    monkeypatch.setattr(comm, "create_comm", lambda **kwargs: Recording(**kwargs))
    return sent


def test_a_bar_and_its_caption_change_in_one_message(monkeypatch):
    """The browser applies each widget message in its own task: a caption in another widget than its bar is seen
    behind it between the two messages. Each update of the bar is one comm message carrying both."""
    sent = record_comms(monkeypatch)
    render, shown, clock = make()
    render(upload(Phase.SCAN, sent=0, scan_done=False, eta=None))
    bar = shown[0].children[1]
    sent.clear()
    clock.now += 0.5
    render(upload(Phase.UPLOAD, sent=16 * MiB, skipped=32 * MiB))
    clock.now += 0.5
    render(upload(Phase.DONE, sent=64 * MiB, skipped=64 * MiB, eta=0.0))
    updates = [data for kind, data in sent if kind == "comm_msg" and data.get("method") == "update"]
    assert all(u["comm_id"] == bar.model_id for u in updates), "nothing but the bar changes"
    states = [u["state"] for u in updates]
    assert [sorted(u) for u in states] == [["description", "value"], ["bar_style", "description", "value"]], states
    assert states[0]["value"] == 0.37 and states[0]["description"].startswith("upload 37%")
    assert states[1]["value"] == 1.0 and states[1]["bar_style"] == "success" and states[1]["description"].startswith("done 100%")


def test_a_bar_is_created_with_its_first_values_before_it_is_displayed(monkeypatch):
    """A bar made empty and filled by a later message can be drawn in between: 0% with no caption (seen in the
    browser suite). The message that creates the bar carries its first value and caption, and no update for it
    is published before the display."""
    sent = record_comms(monkeypatch)
    render, shown, clock = make()
    render(upload(Phase.SCAN, sent=0, scan_done=False, eta=None))
    render(ProgressRecord(activity="Copying", status="3 of 10", percent_complete=30))
    render(ProvisioningEvent("Contoso/Ubuntu/22_04/1.0.0", "Creating", elapsed=0.0))
    assert len(shown) == 3
    for box in shown[:2]:
        bar = box.children[1]
        opened = [data for kind, data in sent if kind == "comm_open" and data["comm_id"] == bar.model_id]
        assert len(opened) == 1
        state = opened[0]["state"]
        assert state["description"] and state["description"] == bar.description, state
        assert state["value"] == bar.value
    assert not [kind for kind, _ in sent if kind == "comm_msg"], "every part is made with its first values"
