"""Microsoft.Gallery.Admin operation table (admin endpoint, api-version 2015-04-01: what the module and real
stamps send, not the swagger's 2016-05-01), the portal's Microsoft.Gallery listing, and the artifact routes."""

from __future__ import annotations

from typing import TYPE_CHECKING

from starlette.routing import BaseRoute, Route

from ...arm.routing import Operation
from . import handlers, models

if TYPE_CHECKING:
    from ...context import Lab

API_GALLERY = ("2015-04-01",)
_ITEMS = "/subscriptions/{subscriptionId}/providers/Microsoft.Gallery.Admin/galleryItems"
_ITEM = _ITEMS + "/{galleryItemName}"

OPERATIONS = [
    Operation("GET", _ITEMS, handlers.list_items, API_GALLERY, "admin"),
    Operation("POST", _ITEMS, handlers.add_item, API_GALLERY, "admin"),
    Operation("GET", _ITEM, handlers.get_item, API_GALLERY, "admin"),
    Operation("DELETE", _ITEM, handlers.delete_item, API_GALLERY, "admin"),
    Operation("GET", "/providers/Microsoft.Gallery/GalleryItems", handlers.portal_items, API_GALLERY),
]


def artifact_routes(lab: Lab) -> list[BaseRoute]:
    """Anonymous, before the ARM catch-all; the stamp's URIs have a double slash, older ones a single one."""
    serve = handlers.artifact_endpoint(lab)
    return [Route(f"{lead}{models.ARTIFACT_ROOT}/{{identity}}/{{path:path}}", serve, methods=["GET", "HEAD"])
            for lead in ("//", "/")]
