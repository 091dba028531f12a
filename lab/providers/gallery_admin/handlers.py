"""Microsoft.Gallery.Admin handlers (admin side), the portal's listing (Microsoft.Gallery, both sides) and the
anonymous artifact files."""

from __future__ import annotations

import asyncio
import json
import ssl
from typing import TYPE_CHECKING, Any, Final

from starlette.requests import Request
from starlette.responses import Response

from ...arm.routing import Call
from ...arm.subscriptions import check_subscription
from ...schema import validate
from ..compute_admin.diskcheck import BlobReader, DiskRejected
from ..compute_admin.provisioning import ssl_context
from . import errors, models
from .package import PackageRefused, open_package, served_file

if TYPE_CHECKING:
    from ...context import Lab

JSON: Final = "application/json; charset=utf-8"
"""The recordings' Content-Type."""
MAX_PACKAGE_BYTES: Final = 256 * 1024 * 1024
# GalleryItem.json#/definitions/GalleryItemUriPayload
URI_PAYLOAD: Final[dict[str, Any]] = {"type": "object", "properties": {"galleryItemUri": {"type": "string"}}}


def _json(value: Any, status: int = 200) -> Response:
    return Response(json.dumps(value, separators=(",", ":")).encode(), status, media_type=JSON)


def _namespace(call: Call) -> str:
    """The provider namespace as the request spelt it."""
    segments = call.request.url.path.split("/")
    lowered = [s.lower() for s in segments]
    return segments[lowered.index("providers") + 1]


def artifact_base(lab: Lab, side: str) -> str:
    """What precedes `/artifact/...`: the answering endpoint, ending with '/' (hence the stamp's '//')."""
    return lab.arm_endpoint("admin" if side == "admin" else "user")


async def list_items(call: Call) -> Response:
    sub = check_subscription(call)
    models.settle(call.lab)
    base, namespace = artifact_base(call.lab, call.side), _namespace(call)
    return _json({"value": [models.resource(d, sub, namespace, base) for d in call.lab.store.documents(models.KIND, sub)]})


async def get_item(call: Call) -> Response:
    sub = check_subscription(call)
    models.settle(call.lab)
    doc = call.lab.store.get(models.KIND, sub, call.params["galleryItemName"])
    if doc is None:
        raise errors.item_not_found(call.params["galleryItemName"])
    return _json(models.resource(doc, sub, _namespace(call), artifact_base(call.lab, call.side)))


def _download(uri: str, context: ssl.SSLContext) -> bytes:
    """The package, read as the gallery reads it: anonymously, or through the URI's own SAS."""
    reader = BlobReader(uri, context)
    try:
        size = reader.size()
        if size > MAX_PACKAGE_BYTES:
            raise errors.package_unreadable(f"the blob is {size} bytes; the lab takes packages up to {MAX_PACKAGE_BYTES}")
        return reader.read(0, size) if size else b""
    except DiskRejected as exc:
        raise errors.package_unreadable(str(exc)) from None


async def add_item(call: Call) -> Response:
    """201 with the new item; 200 with the stored item, unchanged, when the identity is already there (also
    while its removal is under way): the recorded stamp answered an earlier `createdTime` and `changedTime`.
    The package is read first: its manifest names the identity."""
    sub = check_subscription(call)
    body = await call.json_body()
    validate(body, URI_PAYLOAD)
    uri = body.get("galleryItemUri")
    if not isinstance(uri, str) or not uri.strip():
        raise errors.uri_required()
    data = await asyncio.to_thread(_download, uri.strip(), ssl_context(call.lab))
    try:
        package = open_package(data)
    except PackageRefused as exc:
        raise errors.package_invalid(str(exc)) from None
    lab = call.lab
    file_name = await asyncio.to_thread(models.save_package, lab, data)
    # From here to the answer nothing awaits: the look-up and the write are one step for concurrent adds.
    models.settle(lab)
    existing = lab.store.get(models.KIND, sub, package.identity)
    if existing is not None:
        models.drop_package(lab, file_name)
        return _json(models.resource(existing, sub, _namespace(call), artifact_base(lab, call.side)))
    doc = models.new_doc(package, file_name)
    lab.store.put(models.KIND, sub, package.identity, doc)
    models.save_package(lab, data)  # a no-op, unless a removal settled meanwhile took the file it shared
    return _json(models.resource(doc, sub, _namespace(call), artifact_base(lab, call.side)), 201)


async def delete_item(call: Call) -> Response:
    """200 (empty body) when the item is there: its removal starts and finishes in the background; 204 when
    there is nothing (left) to remove, as the recorded stamp's second DELETE answered."""
    sub = check_subscription(call)
    name = call.params["galleryItemName"]
    models.settle(call.lab)
    doc = call.lab.store.get(models.KIND, sub, name)
    if doc is None or models.removing(doc):
        return Response(status_code=204)
    models.mark_removed(call.lab, sub, doc)
    return Response(b"", 200, headers={"Content-Length": "0"})


async def portal_items(call: Call) -> Response:
    """`GET /providers/Microsoft.Gallery/GalleryItems`: what the portal lists, a bare array of flat items."""
    base = artifact_base(call.lab, call.side)
    models.settle(call.lab)
    return _json([models.render(d["properties"], base) for d in call.lab.store.documents(models.KIND)])


def artifact_endpoint(lab: Lab) -> Any:
    """Anonymous GET of one file of an item: `/artifact/20161101/<identity>/<path>` (and with the stamp's `//`)."""

    async def serve(request: Request) -> Response:
        identity, path = request.path_params["identity"], request.path_params["path"]
        models.settle(lab)
        doc = next((d for d in lab.store.documents(models.KIND) if d["name"].lower() == identity.lower()), None)
        data = models.read_package_file(lab, doc) if doc is not None else None
        if data is None:
            return Response(b"", 404)
        package = await asyncio.to_thread(open_package, data)
        found = served_file(package, path)
        if found is None:
            return Response(b"", 404)
        content, media_type = found
        return Response(content, 200, media_type=media_type)

    return serve
