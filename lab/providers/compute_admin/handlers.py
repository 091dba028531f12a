"""Microsoft.Compute.Admin handlers: platform images and VM extension artifacts."""

from __future__ import annotations

from typing import Any

from starlette.responses import Response

from ...arm.routing import Call
from ...arm.subscriptions import check_subscription
from ...errors import EmptyNotFound, invalid_body
from ...schema import validate
from . import errors, models
from .provisioning import extension_task_key, provision, provision_extension, task_key


def _parent(call: Call) -> tuple[str, str]:
    sub = check_subscription(call)
    location = call.params["location"]
    if location.lower() != call.lab.config.location.lower():
        raise errors.location_not_found(location, call.lab.config.location)
    return sub, location


async def _properties(call: Call, schema: dict[str, Any]) -> dict[str, Any]:
    body = await call.json_body()
    validate(body, schema)
    props = body.get("properties")
    if not isinstance(props, dict):
        raise errors.body_required()
    return props


def _json(data: bytes | dict[str, Any], status: int = 200) -> Response:
    """JSON as a stamp sends it: `application/json; charset=utf-8` (recordings)."""
    body = models.dumps(data) if isinstance(data, dict) else data
    return Response(body, status, media_type="application/json; charset=utf-8")


async def list_images(call: Call) -> Response:
    sub, location = _parent(call)
    return _json(models.join_raw(call.lab.store.list_raw(models.IMAGE_KIND, models.image_parent(sub, location))))


async def get_image(call: Call) -> Response:
    sub, location = _parent(call)
    doc = call.lab.store.get(models.IMAGE_KIND, models.image_parent(sub, location), models.image_name(call.params))
    if doc is None:
        raise EmptyNotFound()
    return _json(doc)


async def put_image(call: Call) -> Response:
    sub, location = _parent(call)
    props = await _properties(call, models.PLATFORM_IMAGE_PARAMETERS)
    parent, name = models.image_parent(sub, location), models.image_name(call.params)
    existing = call.lab.store.get(models.IMAGE_KIND, parent, name)
    if existing is not None:
        # A stamp answers a PUT on an existing image with its current state and changes nothing.
        return _json(existing, 200)
    doc = models.new_image(sub, call.lab.config.location, call.params, props)
    call.lab.store.put(models.IMAGE_KIND, parent, name, doc)
    call.lab.spawn(task_key(parent, name), provision(call.lab, parent, name))
    return _json(doc, 201)


async def delete_image(call: Call) -> Response:
    sub, location = _parent(call)
    parent, name = models.image_parent(sub, location), models.image_name(call.params)
    if not call.lab.store.delete(models.IMAGE_KIND, parent, name):
        raise EmptyNotFound()
    call.lab.cancel(task_key(parent, name))
    return Response(b"", 200)


def _extension_name(p: dict[str, str]) -> str:
    return f"{p['publisher']}/{p['type']}/{p['version']}"


async def list_extensions(call: Call) -> Response:
    sub, location = _parent(call)
    return _json(models.join_raw(call.lab.store.list_raw(models.EXTENSION_KIND, models.extension_parent(sub, location))))


async def get_extension(call: Call) -> Response:
    sub, location = _parent(call)
    doc = call.lab.store.get(models.EXTENSION_KIND, models.extension_parent(sub, location), _extension_name(call.params))
    if doc is None:
        p = call.params
        raise errors.extension_not_found(p["publisher"], p["type"], p["version"])
    return _json(doc)


async def put_extension(call: Call) -> Response:
    sub, location = _parent(call)
    props = await _properties(call, models.VM_EXTENSION_PARAMETERS)
    blob = props.get("sourceBlob")
    if not isinstance(blob, dict) or not blob.get("uri"):
        raise invalid_body("properties.sourceBlob.uri is required: the blob holding the extension package.",
                           "properties.sourceBlob.uri")
    parent, name = models.extension_parent(sub, location), _extension_name(call.params)
    existing = call.lab.store.get(models.EXTENSION_KIND, parent, name)
    if existing is not None:
        doc = models.extension_doc(sub, call.lab.config.location, call.params, props,
                                   existing["properties"]["provisioningState"])
        call.lab.store.put(models.EXTENSION_KIND, parent, name, doc)
        return _json(doc, 200)
    doc = models.extension_doc(sub, call.lab.config.location, call.params, props)
    call.lab.store.put(models.EXTENSION_KIND, parent, name, doc)
    call.lab.spawn(extension_task_key(parent, name), provision_extension(call.lab, parent, name))
    return _json(doc, 201)


async def delete_extension(call: Call) -> Response:
    sub, location = _parent(call)
    parent, name = models.extension_parent(sub, location), _extension_name(call.params)
    call.lab.store.delete(models.EXTENSION_KIND, parent, name)
    call.lab.cancel(extension_task_key(parent, name))
    return Response(b"", 200)


_OPERATIONS = [
    ("platformImages/read", "Platform images", "Get platform images"),
    ("platformImages/write", "Platform images", "Add a platform image"),
    ("platformImages/delete", "Platform images", "Remove a platform image"),
    ("vmExtensions/read", "VM extensions", "Get VM extensions"),
    ("vmExtensions/write", "VM extensions", "Add a VM extension"),
    ("vmExtensions/delete", "VM extensions", "Remove a VM extension"),
]


async def list_operations(call: Call) -> Response:
    """Compute.json's OperationList: what this provider can do."""
    return _json({"value": [
        {"name": f"Microsoft.Compute.Admin/locations/artifactTypes/{name}", "isDataAction": False,
         "display": {"provider": "Microsoft Compute Admin", "resource": resource, "operation": operation,
                     "description": operation + "."}}
        for name, resource, operation in _OPERATIONS]})
