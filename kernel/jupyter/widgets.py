"""Live progress in notebooks: ipywidgets driven by the engine's progress events.

`ProgressWidgetRenderer(display_fn)` is called with each event as it arrives and keeps one widget per
activity, updating it in place (a comm message per update, a few per second at most). It knows three
kinds of event, by shape, so that it needs none of the modules that emit them:
- Write-Progress records (`activity`, `percent_complete`, ...): a labelled bar per activity id;
- upload events of azskernel.vhd (`phase`, `bytes_sent`, `bytes_skipped`, `rate`, `eta`, ...): phase,
  bar, bytes sent and skipped, rate and ETA;
- provisioning events of the Azure cmdlets (`resource`, `state`, `elapsed`, `done`): the state, live.
`display_fn` shows a widget once (the kernel's display, or IPython's `display` in azsmagics).

A bar and the caption that states its numbers are ONE widget (the caption is the bar's description, drawn
under it): each widget model is its own comm message, which the browser applies in its own task, so a bar
and a caption kept in two widgets disagree on screen between the two messages (measured in JupyterLab: the
caption followed the bar 4-8 ms later at every update, longer under load, and a reader in between saw the
new bar with the old caption, 9-12 points apart). One model changed under `hold_sync` is one message.
"""

from __future__ import annotations

import html
import time
from collections.abc import Callable
from typing import Any

from azskernel.progress_text import human_bytes, human_duration
from azskernel.progress_view import upload_view

Clock = Callable[[], float]

MIN_INTERVAL = 0.2
"""Seconds between two updates of one widget (the first and the last update are never held back)."""

BAR_LAYOUT = {"width": "100%", "max_width": "64em", "height": "calc(2 * var(--jp-widgets-inline-height))",
              "flex_flow": "column-reverse", "align_items": "flex-start"}
"""The bar above, its caption (the description) under it and left-aligned; the height leaves the bar its row."""

_STATE_COLOURS = {"succeeded": "#107c10", "failed": "#d13438", "canceled": "#8a6d00", "removed": "#605e5c"}


def upload_fraction(event: Any) -> float:
    """How far the upload is, 0..1: the shared progress model's bar (azskernel.progress_view)."""
    return upload_view(event).fraction


def upload_summary(event: Any) -> str:
    """The widget's caption: the shared model's, which states the bar's own percentage."""
    return upload_view(event).caption


def _kind(event: Any) -> str:
    if hasattr(event, "bytes_sent") and hasattr(event, "phase"):
        return "upload"
    if hasattr(event, "state") and hasattr(event, "resource"):
        return "provisioning"
    if hasattr(event, "activity") and hasattr(event, "percent_complete"):
        return "record"
    return "other"



class RichEvents:
    """What a cell has already shown as rich events (an upload, a resource provisioning), so that the plain
    Write-Progress records the cmdlets also write for the same work are not drawn a second time."""

    def __init__(self) -> None:
        self._activities: set[str] = set()
        self._statuses: set[str] = set()

    def clear(self) -> None:
        self._activities.clear()
        self._statuses.clear()

    def note(self, event: Any) -> str | None:
        """Remembers a rich event; its kind ("upload" or "provisioning"), None for any other event."""
        kind = _kind(event)
        if kind == "upload":
            self._activities.add("add-azvhd")
        elif kind == "provisioning":
            self._statuses.add(f"{event.resource}:".casefold())
        else:
            return None
        return kind

    def covers(self, record: Any) -> bool:
        """True for a progress record of work already drawn from its rich events."""
        if not hasattr(record, "activity"):
            return False
        status = str(getattr(record, "status", "")).casefold()
        return str(record.activity).casefold() in self._activities or any(status.startswith(s) for s in self._statuses)


def captioned_bar(w: Any, kind: str = "FloatProgress", **values: Any) -> Any:
    """A progress bar whose caption is its own description (see the module's docstring). Made with its first
    values, so that they travel in the message that creates it: no frame shows it at 0% without a caption."""
    return getattr(w, kind)(style={"description_width": "initial"}, layout=w.Layout(**BAR_LAYOUT), **values)


def _upload_bar(event: Any) -> dict[str, Any]:
    """An upload bar's value, colour and caption for one event."""
    view = upload_view(event)
    return {"value": view.fraction, "bar_style": "success" if view.done else "info", "description": view.caption}


def _record_bar(event: Any) -> dict[str, Any]:
    """A Write-Progress bar's value, colour and caption for one ProgressRecord."""
    percent = event.percent_complete
    extra = f" ({human_duration(event.seconds_remaining)} left)" if event.seconds_remaining >= 0 else ""
    operation = f" \u2014 {event.current_operation}" if event.current_operation else ""
    return {"value": max(0, min(100, percent)) if percent >= 0 else 0, "bar_style": "" if percent >= 0 else "info",
            "description": f"{event.status}{extra}{operation}"}


def _provisioning_html(event: Any) -> str:
    """A provisioning label: the resource, its state in the state's colour, the time so far, the message."""
    state = str(event.state)
    colour = _STATE_COLOURS.get(state.casefold(), "#0078d4")
    message = f" &mdash; {html.escape(event.message)}" if getattr(event, "message", "") else ""
    return (f"<b>{html.escape(event.resource)}</b>: <span style='color:{colour}'>{html.escape(state)}</span>"
            f" ({human_duration(getattr(event, 'elapsed', 0.0))}){message}")


def _activity_html(event: Any) -> str:
    return f"<b>{html.escape(event.activity)}</b>"


def _set_bar(bar: Any, values: dict[str, Any]) -> None:
    with bar.hold_sync():  # one message: the bar, its colour and its caption change together
        for name, value in values.items():
            setattr(bar, name, value)


class _Live:
    """One widget on screen and when it was last updated."""

    def __init__(self, widget: Any, parts: dict[str, Any]) -> None:
        self.widget = widget
        self.parts = parts
        self.last = float("-inf")
        self.pending: Any = None


class ProgressWidgetRenderer:
    """Renders progress events as ipywidgets; call it with each event (from the cell's thread)."""

    def __init__(self, display_fn: Callable[[Any], None], *, clock: Clock = time.monotonic, min_interval: float = MIN_INTERVAL) -> None:
        self._display = display_fn
        self._clock = clock
        self._min_interval = min_interval
        self._live: dict[tuple[str, Any], _Live] = {}

    def __call__(self, event: Any) -> None:
        kind = _kind(event)
        if kind == "upload":
            self._upload(event)
        elif kind == "provisioning":
            self._provisioning(event)
        elif kind == "record":
            self._record(event)

    @property
    def widgets(self) -> list[Any]:
        """The widgets shown so far (for tests and for closing them)."""
        return [live.widget for live in self._live.values()]

    def flush(self) -> None:
        """Applies updates held back by the rate limit (call at the end of a cell)."""
        for key, live in list(self._live.items()):
            if live.pending is not None:
                event, live.pending = live.pending, None
                self._apply(key[0], live, event)

    def finish(self) -> None:
        """Ends a cell: applies held updates, removes Write-Progress bars (as pwsh does when the
        pipeline ends) and forgets every widget, so the next cell starts its own."""
        self.flush()
        for key, live in list(self._live.items()):
            if key[0] == "record":
                self._close(live)
        self._live.clear()

    def close_activity(self, activity: str) -> None:
        """Removes the Write-Progress bar of `activity` (when richer events now draw the same work)."""
        for key, live in list(self._live.items()):
            if key[0] == "record" and str(live.parts.get("activity", "")).casefold() == activity.casefold():
                self._close(live)
                del self._live[key]

    def _close(self, live: _Live) -> None:
        for part in (*live.parts.values(), live.widget):
            if hasattr(part, "close"):
                part.close()

    # -- one method per kind ---------------------------------------------------------------------
    def _due(self, key: tuple[str, Any], event: Any, final: bool) -> _Live | None:
        live = self._live.get(key)
        if live is None:
            return None
        now = self._clock()
        if not final and now - live.last < self._min_interval:
            live.pending = event
            return None
        live.last = now
        live.pending = None
        return live

    def _show(self, key: tuple[str, Any], widget: Any, parts: dict[str, Any], kind: str, event: Any) -> None:
        live = _Live(widget, parts)
        live.last = self._clock()
        self._live[key] = live
        # Every part is made with the first event's values, so this sends nothing: it records the phase and
        # state. A widget displayed empty and filled by a later message can be drawn empty (a 0% bar, no caption).
        self._apply(kind, live, event)
        self._display(widget)

    def _upload(self, event: Any) -> None:
        key = ("upload", 0)
        phase = str(getattr(event.phase, "value", event.phase))
        final = phase in ("finalize", "done")
        live = self._live.get(key)
        if live is None or (live.parts.get("done") and not final):  # a new upload after a finished one
            import ipywidgets as w

            title = w.HTML("<b>Add-AzVhd</b>")  # the phase is the caption's first word, in the bar's own message
            bar = captioned_bar(w, min=0.0, max=1.0, **_upload_bar(event))
            self._show(key, w.VBox([title, bar]), {"title": title, "bar": bar}, "upload", event)
            return
        if live.parts.get("phase") != phase:
            final = True  # a phase change is always shown at once
        due = self._due(key, event, final)
        if due is not None:
            self._apply("upload", due, event)

    def _provisioning(self, event: Any) -> None:
        key = ("provisioning", event.resource)
        live = self._live.get(key)
        if live is None:
            import ipywidgets as w

            label = w.HTML(_provisioning_html(event))
            self._show(key, label, {"label": label}, "provisioning", event)
            return
        due = self._due(key, event, bool(getattr(event, "done", False)) or live.parts.get("state") != event.state)
        if due is not None:
            self._apply("provisioning", due, event)

    def _record(self, event: Any) -> None:
        key = ("record", event.activity_id)
        live = self._live.get(key)
        if event.completed:
            if live is not None:
                self._close(live)
                del self._live[key]
            return
        if live is None:
            import ipywidgets as w

            label = w.HTML(_activity_html(event))
            bar = captioned_bar(w, "IntProgress", min=0, max=100, **_record_bar(event))
            parts = {"label": label, "bar": bar, "activity": event.activity}
            self._show(key, w.VBox([label, bar]), parts, "record", event)
            return
        due = self._due(key, event, False)
        if due is not None:
            self._apply("record", due, event)

    def _apply(self, kind: str, live: _Live, event: Any) -> None:
        parts = live.parts
        if kind == "upload":
            view = upload_view(event)
            parts["phase"] = view.phase
            parts["done"] = view.done
            _set_bar(parts["bar"], _upload_bar(event))
        elif kind == "provisioning":
            parts["state"] = str(event.state)
            parts["label"].value = _provisioning_html(event)
        elif kind == "record":
            parts["label"].value = _activity_html(event)
            _set_bar(parts["bar"], _record_bar(event))
