"""The admin portal's "Create image" blade and the image catalogue, as ipywidgets over the same cmdlets.

`ImageCatalogue(commands)` shows, one above the other:
- the form (publisher, offer, SKU, version, OS type, OS disk blob URI, Create): each field is checked as
  the user types with the rules Add-AzsPlatformImage applies (azskernel.azure.rules), Create stays disabled
  while one is broken, and once pressed the image's provisioning state is shown live (Creating ->
  Succeeded / Failed, with the cmdlet's reason when it fails);
- the catalogue (Get-AzsPlatformImage) as a table with a Remove button per image that asks "Remove ...?
  Yes / No" in place before it runs Remove-AzsPlatformImage; a column names the Marketplace items that deploy
  each image (Get-AzsGalleryItem and the items' templates, azskernel.azure.marketplace), and the question
  says to remove the item first, as the guide's removal steps do.

`commands` is anything with `invoke(command_name, parameters) -> list` (`SessionCommands` over an engine
session does it for both kernels), so the widgets run exactly the cmdlets a script would.

`Show-AzsImageCatalogue` (COMMANDS) shows them from a cell of either kernel: it hands the widget to the
session host's `display(widget)`, which a notebook front provides (azsmagics' host does; the
azs-powershell kernel's host can, by registering COMMANDS and giving its host a `display`).
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from azskernel.azure.rules import check_blob_uri, check_image_id, normalise_os_type
from azskernel.runtime.cmdlet import cmdlet, parameter
from azskernel.runtime.errors import ErrorCategory, RuntimeException

COLUMNS = ("Publisher", "Offer", "Sku", "Version", "OsType", "ProvisioningState")
ITEM_COLUMN = "Marketplace item"
_STATE_COLOURS = {"succeeded": "#107c10", "failed": "#d13438", "canceled": "#8a6d00", "not created": "#d13438"}


class Commands(Protocol):
    def invoke(self, command_name: str, parameters: dict[str, Any]) -> list[Any]: ...


class SessionCommands:
    """Runs a cmdlet in an engine session with named parameters (splatted, so values are never re-parsed).

    Every error is made script-terminating (-ErrorAction Stop, and a try/catch that rethrows) so that a
    widget sees each failure as an exception instead of text on stderr."""

    _VAR = "__azs_form_args"

    def __init__(self, session: Any) -> None:
        self.session = session

    def invoke(self, command_name: str, parameters: dict[str, Any]) -> list[Any]:
        from azskernel.runtime.values import Hashtable

        table = Hashtable()
        table["ErrorAction"] = "Stop"
        for key, value in parameters.items():
            table[key] = value
        self.session.set_variable(self._VAR, table)
        try:
            # try/catch makes a cmdlet's statement-terminating error end the script, so invoke() raises it
            return list(self.session.invoke(f"try {{ {command_name} @{self._VAR} }} catch {{ throw }}"))
        finally:
            self.session.set_variable(self._VAR, None)


FIELD_LABELS = {"Publisher": "Publisher", "Offer": "Offer", "Sku": "SKU", "Version": "Version", "OsType": "OS type",
                "OsUri": "OS disk blob URI", "LocalFilePath": "Local VHD (optional)"}
_PARAMETER = re.compile(r"(?<![\w-])-(" + "|".join(FIELD_LABELS) + r")\b")
_SKIP_PREFLIGHT = re.compile(r"\s*\(Use -SkipPreflight[^)]*\)|;? if only the stamp can reach it, add -SkipPreflight")


def form_text(message: str) -> str:
    """A cmdlet's message in the form's words: its fields by their labels, and no switch the form does not have."""
    return _PARAMETER.sub(lambda m: FIELD_LABELS[m.group(1)], _SKIP_PREFLIGHT.sub("", message))


def error_text(exc: BaseException) -> str:
    """One line (or a few) for the user: the record's message, never a traceback."""
    record = getattr(exc, "record", None)
    message = getattr(record, "message", None) or str(exc) or type(exc).__name__
    return str(message)


def field_errors(values: dict[str, str]) -> dict[str, str]:
    """Field name -> message for every broken rule (the cmdlet's own checks)."""
    errors: dict[str, str] = {}
    _, id_errors = check_image_id(values.get("Publisher"), values.get("Offer"), values.get("Sku"), values.get("Version"))
    for err in id_errors:
        errors.setdefault(err.parameter, form_text(err.record.message))
    os_kind = normalise_os_type(values.get("OsType"))
    if not isinstance(os_kind, str):
        errors["OsType"] = form_text(os_kind.record.message)
    uri_error = check_blob_uri("OsUri", values.get("OsUri"))
    if uri_error is not None:
        errors["OsUri"] = form_text(uri_error.record.message)
    return errors


class CreateImageForm:
    """The "Create image" blade: fields, their messages, Create, and the live provisioning state."""

    LABELS = tuple(FIELD_LABELS.items())

    def __init__(self, commands: Commands, *, on_created: Callable[[Any], None] | None = None,
                 events: Callable[[Callable[[Any], None]], Callable[[], None]] | None = None,
                 add_parameters: dict[str, Any] | None = None) -> None:
        import ipywidgets as w

        self.commands = commands
        self.add_parameters = dict(add_parameters or {})
        """More Add-AzsPlatformImage parameters (e.g. PollingIntervalSec for a lab that provisions fast)."""
        self.on_created = on_created
        self._events = events
        self.inputs: dict[str, Any] = {}
        self.messages: dict[str, Any] = {}
        rows = []
        for name, label in self.LABELS:
            if name == "OsType":
                box = w.Dropdown(options=["Linux", "Windows"], value="Linux", description=label)
            else:
                box = w.Text(description=label, placeholder="e.g. 1.0.0" if name == "Version" else "")
            box.style.description_width = "140px"
            box.layout.width = "70%"
            message = w.HTML()
            box.observe(self._on_local_file if name == "LocalFilePath" else self._on_change, names="value")
            self.inputs[name] = box
            self.messages[name] = message
            rows.append(w.VBox([box, message]))
        self.inputs["LocalFilePath"].placeholder = "the uploaded .vhd, to check it first with Test-AzsImage"
        self.image_errors = False
        self.create = w.Button(description="Create", button_style="primary", disabled=True)
        self.create.on_click(self._on_create)
        self.status = w.HTML()
        self.result: Any = None
        self.shown_key = ""
        """The image whose state the status shows ('' when none)."""
        self.widget = w.VBox([w.HTML("<h3>Create image</h3>"), *rows, self.create, self.status])

    def values(self) -> dict[str, str]:
        return {name: str(box.value or "").strip() for name, box in self.inputs.items()}

    def parameters(self) -> dict[str, Any]:
        """Add-AzsPlatformImage's parameters: with a local file, -TestImage checks it before anything is sent."""
        values: dict[str, Any] = self.values()
        local = values.pop("LocalFilePath")
        if local:
            values.update(LocalFilePath=local, TestImage=True)
        return values

    def _on_local_file(self, _: Any) -> None:
        values = self.values()
        path = values["LocalFilePath"]
        self.messages["LocalFilePath"].value, self.image_errors = (
            image_test_summary(self.commands, path, values["OsType"]) if path else ("", False))
        self.validate()

    def validate(self) -> dict[str, str]:
        values = self.values()
        errors = field_errors(values)
        if self.image_errors and values.get("LocalFilePath"):
            errors["LocalFilePath"] = "Test-AzsImage found errors in the local image."
        for name, message in self.messages.items():
            if name == "LocalFilePath":
                continue
            # An empty field is not shouted at before the user has typed in it.
            shown = errors.get(name) if values.get(name) or name == "OsType" else None
            message.value = f"<span style='color:#d13438'>{html.escape(shown)}</span>" if shown else ""
        self.create.disabled = bool(errors)
        return errors

    def _on_change(self, _: Any) -> None:
        self.validate()

    def _show_state(self, state: str, detail: str = "") -> None:
        colour = _STATE_COLOURS.get(state.casefold(), "#0078d4")
        extra = f"<br><span style='color:#605e5c'>{html.escape(detail)}</span>" if detail else ""
        self.status.value = f"Provisioning state: <b style='color:{colour}'>{html.escape(state)}</b>{extra}"

    def _on_event(self, event: Any) -> None:
        if hasattr(event, "state") and hasattr(event, "resource"):
            self._show_state(str(event.state), str(getattr(event, "message", "") or ""))

    def _on_create(self, _: Any = None) -> None:
        if self.validate():
            return
        values = self.values()
        self.create.disabled = True
        self._show_state("Creating", "request sent")
        stop = self._events(self._on_event) if self._events is not None else None
        try:
            out = self.commands.invoke("Add-AzsPlatformImage", {**self.add_parameters, **self.parameters()})
        except Exception as exc:  # noqa: BLE001 - the form shows the cmdlet's error, as the portal does
            self.result = None
            self.shown_key = ""
            self._show_state("Not created", form_text(error_text(exc)))
            return
        finally:
            if stop is not None:
                stop()
            self.create.disabled = bool(field_errors(self.values()))
        image = out[-1] if out else None
        self.result = image
        state = str(_prop(image, "ProvisioningState") or "Succeeded")
        self.shown_key = "/".join(values[n] for n in ("Publisher", "Offer", "Sku", "Version"))
        self._show_state(state, self.shown_key)
        if self.on_created is not None:
            self.on_created(image)

    def forget(self, key: str) -> None:
        """The image `key` was removed: the status no longer shows its last state."""
        if key.casefold() == self.shown_key.casefold():
            self.result = None
            self.shown_key = ""
            self.status.value = f"Removed {html.escape(key)}."


def image_test_summary(commands: Commands, path: str, os_type: str) -> tuple[str, bool]:
    """Test-AzsImage on a local file, as the form shows it: what is not right, coloured; and whether any is an
    Error (Create then stays disabled)."""
    try:
        results = commands.invoke("Test-AzsImage", {"Path": path, "OsType": os_type})
    except Exception as exc:  # noqa: BLE001 - a path that is not (yet) an image: say why, as the field's message
        return f"<span style='color:#8a6d00'>{html.escape(error_text(exc))}</span>", False
    shown = [r for r in results if _prop(r, "Status") in ("Failed", "CannotInspect")]
    has_errors = any(_prop(r, "Severity") == "Error" for r in shown)
    if not shown:
        return f"<span style='color:#107c10'>Test-AzsImage: all {len(results)} checks passed.</span>", False
    colours = {"Error": "#d13438", "Warning": "#8a6d00", "Info": "#605e5c"}
    lines = [f"<span style='color:{colours.get(str(_prop(r, 'Severity')), '#605e5c')}'><b>{html.escape(str(_prop(r, 'Id')))} "
             f"{html.escape(str(_prop(r, 'Severity')))}</b> {html.escape(str(_prop(r, 'Message')))}</span>" for r in shown]
    return "Test-AzsImage:<br>" + "<br>".join(lines), has_errors


def _prop(obj: Any, name: str) -> Any:
    if obj is None:
        return None
    getter = getattr(obj, "get", None)
    if callable(getter):
        try:
            return getter(name)
        except Exception:  # noqa: BLE001 - a record without the property
            return None
    return getattr(obj, name, None)


def gallery_links(commands: Commands, images: list[Any]) -> dict[str, list[str]]:
    """image key -> the Marketplace items that deploy it, read with the trust the items were listed with."""
    from azskernel.azure.marketplace import ArtifactReader, link_images

    items = commands.invoke("Get-AzsGalleryItem", {})
    verify = next((i.__dict__.get("_verify") for i in items if "_verify" in getattr(i, "__dict__", {})), True)
    return link_images(images, items, ArtifactReader(verify))


@dataclass(frozen=True)
class CatalogueRow:
    """One image's line: its cells and Remove button, and the line below it where the confirmation appears."""

    row: Any
    remove: Any
    confirm: Any


class CatalogueTable:
    """Get-AzsPlatformImage as a table, with the Marketplace items that deploy each image; a Remove button per
    image, confirmed on a line of its own below the row (so the row's cells stay under their headers and the
    question and its buttons are never squeezed)."""

    def __init__(self, commands: Commands, links: Callable[[list[Any]], dict[str, list[str]]] | None = None, *,
                 on_removed: Callable[[str], None] | None = None) -> None:
        import ipywidgets as w

        self.commands = commands
        self._links = links or (lambda images: gallery_links(commands, images))
        self.links: dict[str, list[str]] = {}
        self.on_removed = on_removed
        self.images: list[Any] = []
        self.rows: dict[str, CatalogueRow] = {}
        self.status = w.HTML()
        self.refresh_button = w.Button(description="Refresh", icon="refresh")
        self.refresh_button.on_click(lambda _: self.refresh())
        self.body = w.VBox()
        self.widget = w.VBox([w.HTML("<h3>VM images</h3>"), self.refresh_button, self.body, self.status])

    @staticmethod
    def key(image: Any) -> str:
        from azskernel.azure.marketplace import image_key

        return image_key(*(_prop(image, n) for n in ("Publisher", "Offer", "Sku", "Version")))

    def refresh(self) -> None:
        import ipywidgets as w

        try:
            self.images = self.commands.invoke("Get-AzsPlatformImage", {})
        except Exception as exc:  # noqa: BLE001
            self.status.value = f"<span style='color:#d13438'>{html.escape(error_text(exc))}</span>"
            return
        try:
            self.links = self._links(self.images) if self.images else {}
        except Exception:  # noqa: BLE001 - without the gallery the images are still listed, unlinked
            self.links = {}
        header = w.HBox([_cell(f"<b>{c}</b>") for c in (*COLUMNS, ITEM_COLUMN)] + [_cell("", ACTION_WIDTH)])
        self.rows = {}
        lines: list[Any] = [header]
        for image in self.images:
            remove = w.Button(description="Remove", button_style="danger", layout=w.Layout(width=ACTION_WIDTH))
            key = self.key(image)
            cells = [str(_prop(image, c) or "") for c in COLUMNS] + [", ".join(self.links.get(key, []))]
            row = w.HBox([_cell(html.escape(text)) for text in cells] + [remove])
            confirm = w.HBox()
            remove.on_click(lambda _, k=key: self.ask(k))
            self.rows[key] = CatalogueRow(row, remove, confirm)
            lines += [row, confirm]
        self.body.children = tuple(lines)
        count = len(self.images)
        self.status.value = f"{count} image{'s' if count != 1 else ''}"

    def ask(self, key: str) -> None:
        """Shows the question, on one line under the row, with Yes and No; Remove waits for the answer."""
        import ipywidgets as w

        entry = self.rows[key]
        yes = w.Button(description="Yes, remove", button_style="danger", layout=w.Layout(width="auto", flex="0 0 auto"))
        no = w.Button(description="No", layout=w.Layout(width="auto", flex="0 0 auto"))
        yes.on_click(lambda _: self.remove(key))
        no.on_click(lambda _: self.cancel(key))
        text = f"Remove {html.escape(key)}?"
        items = self.links.get(key)
        if items:
            text += (f" It has the Marketplace item {html.escape(', '.join(items))}: remove the item first "
                     f"(Remove-AzsGalleryItem -Name {html.escape(items[0])}), as the guide says.")
        question = w.HTML(f"<span style='white-space:nowrap'>{text}</span>", layout=w.Layout(flex="0 0 auto"))
        entry.remove.disabled = True
        entry.confirm.children = (question, yes, no)

    def cancel(self, key: str) -> None:
        entry = self.rows.get(key)
        if entry is not None:
            entry.confirm.children = ()
            entry.remove.disabled = False

    def remove(self, key: str) -> None:
        publisher, offer, sku, version = key.split("/")
        try:
            self.commands.invoke("Remove-AzsPlatformImage", {"Publisher": publisher, "Offer": offer, "Sku": sku,
                                                             "Version": version, "Force": True})
        except Exception as exc:  # noqa: BLE001
            self.status.value = f"<span style='color:#d13438'>{html.escape(error_text(exc))}</span>"
            return
        self.refresh()
        self.status.value = f"Removed {html.escape(key)}. " + self.status.value
        if self.on_removed is not None:
            self.on_removed(key)


ACTION_WIDTH = "90px"


def _cell(text: str, width: str = "12%") -> Any:
    import ipywidgets as w

    # flex "0 0 auto": a cell keeps its width, so every row's cells stay under the header's
    return w.HTML(text, layout=w.Layout(width=width, flex="0 0 auto", overflow="hidden"))


class ImageCatalogue:
    """The form and the catalogue together; creating an image refreshes the table."""

    def __init__(self, commands: Commands, *, events: Callable[[Callable[[Any], None]], Callable[[], None]] | None = None,
                 add_parameters: dict[str, Any] | None = None) -> None:
        import ipywidgets as w

        self.form = CreateImageForm(commands, events=events, add_parameters=add_parameters)
        self.table = CatalogueTable(commands, on_removed=self.form.forget)
        self.form.on_created = lambda _: self.table.refresh()
        self.widget = w.VBox([self.form.widget, self.table.widget])
        self.table.refresh()

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        return self.widget._repr_mimebundle_(**kwargs)


def session_events(session: Any) -> Callable[[Callable[[Any], None]], Callable[[], None]]:
    """Subscribes a listener to a session's live events next to the front's own hook; returns 'unsubscribe'."""

    def subscribe(listener: Callable[[Any], None]) -> Callable[[], None]:
        from azskernel.azure.events import event_hook, set_event_hook

        previous = event_hook(session)

        def both(event: Any) -> None:
            if previous is not None:
                previous(event)
            listener(event)

        set_event_hook(session, both)
        return lambda: set_event_hook(session, previous)

    return subscribe


def image_catalogue(session: Any, **add_parameters: Any) -> ImageCatalogue:
    """The widgets for an engine session (what both kernels display); keywords are extra
    Add-AzsPlatformImage parameters, e.g. `PollingIntervalSec=0.5`."""
    return ImageCatalogue(SessionCommands(session), events=session_events(session), add_parameters=add_parameters)


@cmdlet(
    "Show-AzsImageCatalogue",
    module="Azs.Notebook",
    synopsis="Shows the Create image form and the platform image catalogue as notebook widgets.",
    description=(
        "The admin portal's Create image blade (publisher, offer, SKU, version, OS type, OS disk blob URI), checked "
        "with Add-AzsPlatformImage's rules as you type and showing the provisioning state live, above the catalogue "
        "(Get-AzsPlatformImage) with a Remove button per image that asks for confirmation. Notebooks only."
    ),
    examples=(("Show-AzsImageCatalogue", "Shows the form and the catalogue below the cell."),),
)
@parameter("PollingIntervalSec", type="double", dont_show=True, help="Seconds between state polls (a lab provisions fast).")
def show_azs_image_catalogue(ctx: Any, *, polling_interval_sec: float | None) -> None:
    show = getattr(ctx.host, "display", None)
    if not callable(show):
        raise RuntimeException(
            "Show-AzsImageCatalogue draws notebook widgets: run it in a notebook (the azs-powershell kernel, or a Python "
            "kernel after %load_ext azsmagics). In a terminal, use Get-AzsPlatformImage and Add-AzsPlatformImage.",
            error_id="NotANotebook",
            category=ErrorCategory.InvalidOperation,
        )
    extra = {"PollingIntervalSec": polling_interval_sec} if polling_interval_sec else {}
    show(image_catalogue(ctx.session, **extra).widget)


COMMANDS = (show_azs_image_catalogue,)


__all__ = [
    "COMMANDS", "CatalogueRow", "CatalogueTable", "CreateImageForm", "ImageCatalogue", "SessionCommands", "field_errors",
    "form_text", "gallery_links", "image_catalogue"]
