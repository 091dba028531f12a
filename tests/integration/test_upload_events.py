"""Add-AzVhd run by the engine against the lab reports the uploader's own progress events to the session's
event hook (what the notebook kernels' rich widget draws) while it uploads, and still writes Write-Progress
records for the terminal and for hosts without the hook."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from azskernel.azure.events import set_event_hook
from tests.integration.conftest import Shell, signed_in_shell


@pytest.fixture(scope="module")
def shell(adfs_lab: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Shell]:
    for signed_in in signed_in_shell(adfs_lab, tmp_path_factory, "upload"):
        assert signed_in.run(
            f"$loc = '{adfs_lab.location}'\n"
            "$null = New-AzResourceGroup -Name upload-rg -Location $loc\n"
            "$acct = New-AzStorageAccount -ResourceGroupName upload-rg -Name uploadacct -SkuName Standard_LRS -Location $loc\n"
            "$null = New-AzStorageContainer -Name vhds -Context $acct.Context\n"
            "$url = $acct.PrimaryEndpoints.Blob + 'vhds/'"
        ) is None
        yield signed_in


def _upload(shell: Shell, local: Any, blob: str) -> list[tuple[Any, int]]:
    """Upload through the engine; each hooked event with the number of progress records written before it."""
    hooked: list[tuple[Any, int]] = []
    set_event_hook(shell.session, lambda ev: hooked.append((ev, len(shell.host.progress))))
    try:
        shell.host.progress.clear()
        shell.session.set_variable("local", str(local))
        assert shell.run(f"$up = Add-AzVhd -ResourceGroupName upload-rg -Destination ($url + '{blob}') -LocalFilePath $local") is None
    finally:
        set_event_hook(shell.session, None)
    assert shell.host.errors == [], [e.message for e in shell.host.errors]
    return hooked


def test_the_hook_receives_the_uploads_own_events_while_it_runs(shell: Shell, lab_images: Any) -> None:
    from azskernel.vhd.progress import Phase, ProgressEvent

    hooked = _upload(shell, lab_images.fixed, "hooked.vhd")
    events = [ev for ev, _ in hooked]
    assert events and all(isinstance(ev, ProgressEvent) for ev in events)
    phases = [ev.phase for ev in events]
    assert phases[0] == Phase.INSPECT and phases[-2:] == [Phase.FINALIZE, Phase.DONE] and Phase.UPLOAD in phases
    last = events[-1]
    size = lab_images.fixed.stat().st_size
    assert last.scan_done and last.source_size == size and last.bytes_sent == last.bytes_to_send > 0
    assert last.bytes_sent + last.bytes_skipped == size  # a fresh blob: every byte sent or skipped as zero

    records = shell.host.progress
    assert records[-1].activity == "Add-AzVhd" and records[-1].completed
    assert all(r.activity == "Add-AzVhd" for r in records) and len(records) > len(events)
    # Delivered during the upload: every event came before the closing record.
    assert all(before < len(records) for _, before in hooked)
    assert shell.session.invoke("$up.DestinationUri")[0].endswith("/vhds/hooked.vhd")


def test_the_events_drive_the_kernels_upload_widget(shell: Shell, lab_images: Any) -> None:
    pytest.importorskip("ipywidgets")
    from azskernel.jupyter.widgets import ProgressWidgetRenderer

    shown: list[Any] = []
    renderer = ProgressWidgetRenderer(shown.append, min_interval=0.0)
    for ev, _ in _upload(shell, lab_images.dynamic, "widget.vhd"):
        renderer(ev)
    renderer.finish()
    assert len(shown) == 1  # one widget for the upload, updated in place
    title, bar = shown[0].children
    assert "Add-AzVhd" in title.value and bar.value == 1.0 and bar.bar_style == "success"
    caption = bar.description
    assert caption.startswith("done 100% of ") and "sent " in caption and "skipped " in caption and "took " in caption
