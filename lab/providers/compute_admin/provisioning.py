"""Background provisioning of a platform image: Creating -> Succeeded | Failed | Canceled; and of a VM
extension artifact: Creating -> Succeeded (a stamp answers its PUT with Creating too, per the recordings).

The disk check really reads the blob (see diskcheck). As on a real stamp, a Failed image carries no
reason; the reason goes to the lab's log. Faults can force the outcome or stretch the duration.
"""

from __future__ import annotations

import asyncio
import logging
import ssl
import time
from typing import TYPE_CHECKING, Any

from . import models
from .diskcheck import DiskRejected, check_disk

if TYPE_CHECKING:
    from ...context import Lab

log = logging.getLogger("azslab.compute_admin")
DEFAULT_DURATION = 0.5
"""Seconds an import takes at least, so clients see Creating before the end state."""


def ssl_context(lab: Lab) -> ssl.SSLContext:
    ctx = ssl.create_default_context()
    ctx.load_verify_locations(cafile=str(lab.paths.ca_bundle))
    return ctx


def check_image(doc: dict[str, Any], context: ssl.SSLContext) -> str | None:
    """The reason the import would fail, or None."""
    props = doc["properties"]
    uri = (props.get("osDisk") or {}).get("uri")
    if not uri:
        return "the image has no osDisk.uri"
    try:
        check_disk(uri, context, bootable=True)
        for disk in props.get("dataDisks") or []:
            if not disk.get("uri"):
                return f"data disk lun {disk.get('lun')} has no uri"
            check_disk(disk["uri"], context, bootable=False)
    except DiskRejected as exc:
        return str(exc)
    return None


def task_key(parent: str, name: str) -> str:
    return f"image:{parent}/{name}".lower()


async def provision(lab: Lab, parent: str, name: str) -> None:
    started = time.monotonic()
    settings = lab.faults.provisioning
    doc = lab.store.get(models.IMAGE_KIND, parent, name)
    if doc is None:
        return
    reason = await asyncio.to_thread(check_image, doc, ssl_context(lab))
    duration = DEFAULT_DURATION if settings.duration is None else settings.duration
    await asyncio.sleep(max(0.0, duration - (time.monotonic() - started)))
    if settings.outcome is not None:
        state = settings.outcome
        reason = reason or f"provisioning outcome forced to {state} by fault injection"
    else:
        state = "Failed" if reason else "Succeeded"
    current = lab.store.get(models.IMAGE_KIND, parent, name)
    if current is None or current["id"] != doc["id"]:
        return
    lab.store.put(models.IMAGE_KIND, parent, name, models.set_state(current, state))
    if reason:
        log.warning("platform image %s ended %s: %s", name, state, reason)
    else:
        log.info("platform image %s ended %s", name, state)


def extension_task_key(parent: str, name: str) -> str:
    return f"extension:{parent}/{name}".lower()


async def provision_extension(lab: Lab, parent: str, name: str) -> None:
    """The artifact is Succeeded after the provisioning duration; the lab does not fetch its package."""
    settings = lab.faults.provisioning
    doc = lab.store.get(models.EXTENSION_KIND, parent, name)
    if doc is None:
        return
    await asyncio.sleep(DEFAULT_DURATION if settings.duration is None else settings.duration)
    current = lab.store.get(models.EXTENSION_KIND, parent, name)
    if current is None or current["id"] != doc["id"]:
        return
    lab.store.put(models.EXTENSION_KIND, parent, name, models.set_state(current, "Succeeded"))


def resume_extensions(lab: Lab) -> None:
    """Restart provisioning of VM extension artifacts a previous run left in Creating."""
    for doc in lab.store.documents(models.EXTENSION_KIND):
        if doc["properties"]["provisioningState"] == "Creating":
            sub, publisher, type_, version = models.id_segments(doc, "subscriptions", "publishers", "types", "versions")
            parent, name = models.extension_parent(sub, doc["location"]), f"{publisher}/{type_}/{version}"
            lab.spawn(extension_task_key(parent, name), provision_extension(lab, parent, name))


def resume_all(lab: Lab) -> None:
    """Restart provisioning of images (and extension artifacts) a previous run left in Creating."""
    resume_extensions(lab)
    for doc in lab.store.documents(models.IMAGE_KIND):
        if doc["properties"]["provisioningState"] == "Creating":
            sub = doc["id"].split("/")[2]
            parent = models.image_parent(sub, doc["location"])
            name = "/".join(models.image_coordinates(doc))
            lab.spawn(task_key(parent, name), provision(lab, parent, name))
