"""Microsoft.Compute handlers: vmimages catalogue (bare arrays), VMs, VM extensions."""

from __future__ import annotations

from typing import Any

from starlette.responses import JSONResponse, Response

from ...arm.routing import Call
from ...arm.subscriptions import check_location, check_subscription, resource_group
from ...errors import ArmError
from . import errors, models


def _location(call: Call) -> str:
    check_subscription(call)
    loc = call.params["location"]
    if loc.lower() != call.lab.config.location.lower():
        raise errors.image_not_found(loc)
    return call.lab.config.location


def _entry(call: Call, name: str, tail: str) -> dict[str, Any]:
    sub, loc = call.subscription, call.lab.config.location
    return {"name": name, "location": loc,
            "id": f"/Subscriptions/{sub}/Providers/Microsoft.Compute/Locations/{loc}/Publishers/{tail}"}


def _matching(call: Call, depth: int) -> list[tuple[str, str, str, str, dict[str, Any]]]:
    keys = ["publisher", "offer", "sku", "version"][:depth]
    return [row for row in models.catalogue(call.lab)
            if all(str(row[i]).lower() == call.params[k].lower() for i, k in enumerate(keys))]


async def list_publishers(call: Call) -> Response:
    _location(call)
    return JSONResponse([_entry(call, r[0], r[0]) for r in _first_per(models.catalogue(call.lab), 0)])


def _first_per(rows: list[tuple[str, str, str, str, dict[str, Any]]], index: int) -> list[tuple[str, ...]]:
    """One row per distinct value (case-insensitive) of column `index`, first casing wins."""
    seen: dict[str, tuple[str, ...]] = {}
    for row in rows:
        seen.setdefault(str(row[index]).lower(), row[:4])
    return list(seen.values())


async def list_offers(call: Call) -> Response:
    _location(call)
    return JSONResponse([_entry(call, r[1], f"{r[0]}/ArtifactTypes/VMImage/Offers/{r[1]}")
                         for r in _first_per(_matching(call, 1), 1)])


async def list_skus(call: Call) -> Response:
    _location(call)
    return JSONResponse([_entry(call, r[2], f"{r[0]}/ArtifactTypes/VMImage/Offers/{r[1]}/Skus/{r[2]}")
                         for r in _first_per(_matching(call, 2), 2)])


async def list_versions(call: Call) -> Response:
    _location(call)
    rows = _matching(call, 3)
    return JSONResponse([_entry(call, r[3], f"{r[0]}/ArtifactTypes/VMImage/Offers/{r[1]}/Skus/{r[2]}/Versions/{r[3]}")
                         for r in rows])


async def get_version(call: Call) -> Response:
    loc = _location(call)
    rows = _matching(call, 4)
    if not rows:
        raise errors.image_not_found(loc)
    p, o, s, v, image = rows[0]
    props = image["properties"]
    body = _entry(call, v, f"{p}/ArtifactTypes/VMImage/Offers/{o}/Skus/{s}/Versions/{v}")
    body["properties"] = {
        "osDiskImage": {"operatingSystem": props["osDisk"].get("osType") or "Unknown"},
        "dataDiskImages": [{"lun": d.get("lun")} for d in props.get("dataDisks") or []],
        "hyperVGeneration": "V1",
        "automaticOSUpgradeProperties": {"automaticOSUpgradeSupported": False},
    }
    return JSONResponse(body)


# virtual machines and extensions -----------------------------------------------------------------

def _vm(call: Call) -> dict[str, Any]:
    group = resource_group(call)
    doc = call.lab.store.get(models.VM_KIND, models.vm_parent(call.subscription, group["name"]), call.params["vmName"])
    if doc is None:
        raise errors.vm_not_found(call.params["vmName"])
    return doc


def _with_extensions(call: Call, vm: dict[str, Any]) -> dict[str, Any]:
    exts = call.lab.store.documents(models.EXTENSION_KIND, vm["id"])
    return {**vm, "resources": exts} if exts else vm


async def put_vm(call: Call) -> Response:
    group = resource_group(call)
    body = await call.json_body()
    loc = check_location(call, body.get("location"))
    parent = models.vm_parent(call.subscription, group["name"])
    existing = call.lab.store.get(models.VM_KIND, parent, call.params["vmName"])
    doc = models.vm_doc(call.subscription, group["name"], call.params["vmName"], loc, body)
    if existing is not None:
        doc["properties"]["vmId"] = existing["properties"]["vmId"]
    call.lab.store.put(models.VM_KIND, parent, call.params["vmName"], doc)
    return JSONResponse(doc, 200 if existing is not None else 201)


async def get_vm(call: Call) -> Response:
    return JSONResponse(_with_extensions(call, _vm(call)))


async def list_vms(call: Call) -> Response:
    group = resource_group(call)
    vms = call.lab.store.documents(models.VM_KIND, models.vm_parent(call.subscription, group["name"]))
    return JSONResponse({"value": [_with_extensions(call, vm) for vm in vms]})


async def delete_vm(call: Call) -> Response:
    group = resource_group(call)
    parent = models.vm_parent(call.subscription, group["name"])
    vm = call.lab.store.get(models.VM_KIND, parent, call.params["vmName"])
    if vm is None:
        return Response(status_code=204)
    for ext in call.lab.store.documents(models.EXTENSION_KIND, vm["id"]):
        call.lab.store.delete(models.EXTENSION_KIND, vm["id"], ext["name"])
    call.lab.store.delete(models.VM_KIND, parent, vm["name"])
    return Response(status_code=200)


async def put_extension(call: Call) -> Response:
    vm = _vm(call)
    body = await call.json_body()
    props = body.get("properties")
    if not isinstance(props, dict) or not props.get("publisher") or not props.get("type"):
        raise ArmError(400, "InvalidParameter", "properties.publisher and properties.type are required.",
                       "properties")
    loc = check_location(call, body.get("location") or vm["location"])
    name = call.params["extensionName"]
    existing = call.lab.store.get(models.EXTENSION_KIND, vm["id"], name)
    doc = models.extension_doc(vm, name, loc, body)
    call.lab.store.put(models.EXTENSION_KIND, vm["id"], name, doc)
    return JSONResponse(doc, 200 if existing is not None else 201)


async def get_extension(call: Call) -> Response:
    vm = _vm(call)
    doc = call.lab.store.get(models.EXTENSION_KIND, vm["id"], call.params["extensionName"])
    if doc is None:
        raise errors.extension_not_found(vm["name"], call.params["extensionName"])
    return JSONResponse(doc)


async def list_extensions(call: Call) -> Response:
    vm = _vm(call)
    return JSONResponse({"value": call.lab.store.documents(models.EXTENSION_KIND, vm["id"])})


async def delete_extension(call: Call) -> Response:
    vm = _vm(call)
    if not call.lab.store.delete(models.EXTENSION_KIND, vm["id"], call.params["extensionName"]):
        return Response(status_code=204)
    return Response(status_code=200)
