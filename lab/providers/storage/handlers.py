"""Microsoft.Storage handlers: parse the request, call the models, serialise ARM JSON."""

from __future__ import annotations

from typing import Any

from starlette.responses import JSONResponse, Response

from ... import lro
from ...arm.routing import Call
from ...arm.subscriptions import check_location, check_subscription, resource_group
from ...errors import ArmError
from . import errors, models


def _own(call: Call) -> dict[str, Any]:
    """The account named in the path, in the path's resource group, or 404."""
    group = resource_group(call)
    rec = models.find(call.lab, call.params["accountName"])
    if rec is None or rec["subscription"] != call.subscription or rec["resourceGroup"].lower() != group["name"].lower():
        raise errors.account_not_found(call.params["accountName"])
    return rec


async def create(call: Call) -> Response:
    group = resource_group(call)
    sub, name = call.subscription, call.params["accountName"]
    body = await call.json_body()
    sku, kind = models.validate(name, body, call.lab.config.strict)
    location = check_location(call, body.get("location"))
    existing = models.find(call.lab, name)
    if existing is not None:
        if existing["subscription"] != sub or existing["resourceGroup"].lower() != group["name"].lower():
            raise errors.account_taken(name)
        if body.get("tags") is not None:
            existing["tags"] = body["tags"]
            call.lab.store.put(models.KIND, sub, name, existing)
        return JSONResponse(models.to_arm(call.lab, existing))
    rec = models.new_record(sub, group["name"], name, location, sku, kind, body.get("tags"))
    call.lab.store.put(models.KIND, sub, name, rec)
    op_id = lro.start(call.lab.store, sub, {"kind": "storageAccount", "name": name})

    async def provision() -> None:
        try:
            await models.sync_azurite(call.lab)
        except Exception as exc:
            lro.finish(call.lab.store, sub, op_id, "Failed", {"code": "InternalError", "message": str(exc)})
            raise
        current = call.lab.store.get(models.KIND, sub, name)
        if current is not None:
            current["state"] = "Succeeded"
            call.lab.store.put(models.KIND, sub, name, current)
        lro.finish(call.lab.store, sub, op_id, "Succeeded")

    call.lab.spawn(f"storage:{name}", provision())
    monitor = (f"{call.base_url()}/subscriptions/{sub}/providers/Microsoft.Storage/locations/{location}"
               f"/asyncoperations/{op_id}?monitor=true&api-version={call.api_version}")
    return lro.accepted(monitor)


async def monitor(call: Call) -> Response:
    sub = check_subscription(call)
    op = lro.get(call.lab.store, sub, call.params["operationId"])
    if op is None:
        raise ArmError(404, "ResourceNotFound", f"The operation '{call.params['operationId']}' could not be found.")
    if op["status"] == "InProgress":
        return lro.still_running()
    if op["status"] != "Succeeded":
        err = op.get("error") or {}
        raise ArmError(500, err.get("code", "InternalError"), "The storage account could not be created.")
    rec = models.find(call.lab, op["target"]["name"])
    if rec is None:
        raise errors.account_not_found(op["target"]["name"])
    return JSONResponse(models.to_arm(call.lab, rec))


async def get(call: Call) -> Response:
    return JSONResponse(models.to_arm(call.lab, _own(call)))


async def delete(call: Call) -> Response:
    group = resource_group(call)
    rec = models.find(call.lab, call.params["accountName"])
    if rec is None or rec["resourceGroup"].lower() != group["name"].lower():
        return Response(status_code=204)
    call.lab.cancel(f"storage:{rec['name']}")
    call.lab.store.delete(models.KIND, call.subscription, rec["name"])
    await models.sync_azurite(call.lab)
    return Response(status_code=200)


async def list_in_group(call: Call) -> Response:
    group = resource_group(call)
    docs = [models.to_arm(call.lab, d) for d in call.lab.store.documents(models.KIND, call.subscription)
            if d["resourceGroup"].lower() == group["name"].lower()]
    return JSONResponse({"value": docs})


async def list_in_subscription(call: Call) -> Response:
    sub = check_subscription(call)
    return JSONResponse({"value": [models.to_arm(call.lab, d) for d in call.lab.store.documents(models.KIND, sub)]})


async def list_keys(call: Call) -> Response:
    # `$expand=kerb` (sent by newer SDKs) is accepted and changes nothing: the stamp has no Kerberos keys.
    rec = _own(call)
    if rec["state"] != "Succeeded":
        raise ArmError(409, "StorageAccountIsNotProvisioned",
                       "The storage account provisioning state must be 'Succeeded' for this operation.")
    return JSONResponse(models.keys_body(rec))


async def regenerate_key(call: Call) -> Response:
    rec = _own(call)
    body = await call.json_body()
    key_name = body.get("keyName")
    if key_name not in ("key1", "key2"):
        raise errors.key_name_invalid(key_name)
    rec[key_name] = models.new_key()
    call.lab.store.put(models.KIND, call.subscription, str(rec["name"]), rec)
    await models.sync_azurite(call.lab)
    return JSONResponse(models.keys_body(rec))


async def check_name(call: Call) -> Response:
    check_subscription(call)
    body = await call.json_body()
    name = body.get("name")
    if not isinstance(name, str) or not models._NAME.match(name):
        return JSONResponse({"nameAvailable": False, "reason": "AccountNameInvalid",
                             "message": errors.account_name_invalid(str(name)).message})
    if models.find(call.lab, name) is not None:
        return JSONResponse({"nameAvailable": False, "reason": "AlreadyExists",
                             "message": f"The storage account named {name} is already taken."})
    return JSONResponse({"nameAvailable": True})
