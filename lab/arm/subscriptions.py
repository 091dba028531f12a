"""Subscriptions, locations and resource groups (Microsoft.Resources), on both ARM endpoints.

The admin endpoint has the Default Provider Subscription, the user endpoint one tenant subscription.
"""

from __future__ import annotations

from typing import Any

from starlette.responses import JSONResponse, Response

from .. import lro
from ..errors import ArmError, invalid_body, not_found
from .routing import API_RESOURCES, API_SUBSCRIPTIONS, Call, Operation

RG_KIND = "resourceGroup"
_RG_NAME_CHARS = set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.()")


def subscription_doc(call: Call) -> dict[str, Any]:
    sub = call.subscription
    name = "Default Provider Subscription" if call.side == "admin" else "Lab Tenant Subscription"
    return {"id": f"/subscriptions/{sub}", "subscriptionId": sub, "displayName": name, "state": "Enabled",
            "tenantId": call.lab.config.directory_id,
            "subscriptionPolicies": {"locationPlacementId": "AzureStack", "quotaId": "Default",
                                     "spendingLimit": "Off"}}


def check_subscription(call: Call) -> str:
    given = call.params.get("subscriptionId", "")
    if given.lower() != call.subscription.lower():
        raise ArmError(404, "SubscriptionNotFound", f"The subscription '{given}' could not be found.")
    return call.subscription


def check_location(call: Call, location: str | None, target: str = "location") -> str:
    wanted = call.lab.config.location
    if not location:
        raise invalid_body("The 'location' property is required.", target)
    if location.replace(" ", "").lower() != wanted.lower():
        raise ArmError(400, "LocationNotAvailableForResourceType",
                       f"The provided location '{location}' is not available for this stamp. "
                       f"List of available regions is '{wanted}'.", target)
    return wanted


def resource_group(call: Call, name: str | None = None) -> dict[str, Any]:
    """The resource group named in the path, or 404 ResourceGroupNotFound."""
    sub = check_subscription(call)
    name = name or call.params["resourceGroupName"]
    doc = call.lab.store.get(RG_KIND, sub, name)
    if doc is None:
        raise not_found("resource group", name, "ResourceGroupNotFound")
    return doc


async def list_subscriptions(call: Call) -> Response:
    return JSONResponse({"value": [subscription_doc(call)]})


async def get_subscription(call: Call) -> Response:
    check_subscription(call)
    return JSONResponse(subscription_doc(call))


async def list_locations(call: Call) -> Response:
    sub = check_subscription(call)
    loc = call.lab.config.location
    return JSONResponse({"value": [{"id": f"/subscriptions/{sub}/locations/{loc}", "name": loc,
                                    "displayName": loc, "metadata": {"regionType": "Physical"}}]})


def _rg_doc(sub: str, name: str, location: str, tags: dict[str, str] | None) -> dict[str, Any]:
    return {"id": f"/subscriptions/{sub}/resourceGroups/{name}", "name": name,
            "type": "Microsoft.Resources/resourceGroups", "location": location, "tags": tags or {},
            "properties": {"provisioningState": "Succeeded"}}


async def put_resource_group(call: Call) -> Response:
    sub = check_subscription(call)
    name = call.params["resourceGroupName"]
    if not 1 <= len(name) <= 90 or not set(name) <= _RG_NAME_CHARS or name.endswith("."):
        raise ArmError(400, "InvalidResourceGroup", f"The provided resource group name '{name}' has these "
                       "invalid characters or length: use 1-90 letters, digits, '-', '_', '.', '(' or ')'.")
    body = await call.json_body()
    tags = body.get("tags")
    if tags is not None and not isinstance(tags, dict):
        raise invalid_body("'tags' must be an object of string values.", "tags")
    existing = call.lab.store.get(RG_KIND, sub, name)
    location = check_location(call, body.get("location"))
    if existing is not None:
        existing["tags"] = tags if tags is not None else existing["tags"]
        call.lab.store.put(RG_KIND, sub, name, existing)
        return JSONResponse(existing, 200)
    doc = _rg_doc(sub, name, location, tags)
    call.lab.store.put(RG_KIND, sub, name, doc)
    return JSONResponse(doc, 201)


async def get_resource_group(call: Call) -> Response:
    return JSONResponse(resource_group(call))


async def head_resource_group(call: Call) -> Response:
    sub = check_subscription(call)
    found = call.lab.store.get(RG_KIND, sub, call.params["resourceGroupName"]) is not None
    return Response(status_code=204 if found else 404)


async def list_resource_groups(call: Call) -> Response:
    sub = check_subscription(call)
    return JSONResponse({"value": call.lab.store.documents(RG_KIND, sub)})


async def delete_resource_group(call: Call) -> Response:
    sub = check_subscription(call)
    name = call.params["resourceGroupName"]
    if call.lab.store.get(RG_KIND, sub, name) is None:
        raise not_found("resource group", name, "ResourceGroupNotFound")
    op_id = lro.start(call.lab.store, sub, {"kind": "deleteResourceGroup", "name": name})

    async def run() -> None:
        for cleanup in call.lab.group_cleanup:
            await cleanup(call.lab, sub, name)
        call.lab.store.delete(RG_KIND, sub, name)
        lro.finish(call.lab.store, sub, op_id, "Succeeded")

    call.lab.spawn(f"rg-delete:{sub}/{name}".lower(), run())
    location = f"{call.base_url()}/subscriptions/{sub}/operationresults/{op_id}?api-version={call.api_version}"
    return lro.accepted(location)


async def get_operation_result(call: Call) -> Response:
    sub = check_subscription(call)
    op = lro.get(call.lab.store, sub, call.params["operationId"])
    if op is None:
        raise not_found("operation", call.params["operationId"])
    if op["status"] == "InProgress":
        return lro.still_running()
    return Response(status_code=200)


OPERATIONS = [
    Operation("GET", "/subscriptions", list_subscriptions, API_SUBSCRIPTIONS),
    Operation("GET", "/subscriptions/{subscriptionId}", get_subscription, API_SUBSCRIPTIONS),
    Operation("GET", "/subscriptions/{subscriptionId}/locations", list_locations, API_SUBSCRIPTIONS),
    Operation("GET", "/subscriptions/{subscriptionId}/resourcegroups", list_resource_groups, API_RESOURCES),
    Operation("PUT", "/subscriptions/{subscriptionId}/resourcegroups/{resourceGroupName}", put_resource_group,
              API_RESOURCES),
    Operation("GET", "/subscriptions/{subscriptionId}/resourcegroups/{resourceGroupName}", get_resource_group,
              API_RESOURCES),
    Operation("HEAD", "/subscriptions/{subscriptionId}/resourcegroups/{resourceGroupName}", head_resource_group,
              API_RESOURCES),
    Operation("DELETE", "/subscriptions/{subscriptionId}/resourcegroups/{resourceGroupName}",
              delete_resource_group, API_RESOURCES),
    Operation("GET", "/subscriptions/{subscriptionId}/operationresults/{operationId}", get_operation_result,
              API_RESOURCES),
]
