"""Storage account state: validation, keys, the Azurite account list, the account document.

Accounts live in the store under kind `storageAccount`, parent = subscription, name = account name
(account names are global on a stamp, so the parent is only used to list). Keys are stored, never logged.
"""

from __future__ import annotations

import base64
import datetime as dt
import re
import secrets
from typing import TYPE_CHECKING, Any

from ... import lro
from ...azurite import Account
from . import errors

if TYPE_CHECKING:
    from ...context import Lab

KIND = "storageAccount"
SKUS = ("Standard_LRS", "Standard_GRS", "Standard_RAGRS", "Standard_ZRS", "Premium_LRS")
KINDS = ("Storage", "StorageV2", "BlobStorage")
STAMP_SKUS = ("Standard_LRS", "Premium_LRS")
"""azure-stack-acs-differences.md: locally redundant storage only; premium "can be provisioned"."""
STAMP_KINDS = ("Storage",)
"""azure-stack-acs-differences.md: general-purpose V1 only."""
_NAME = re.compile(r"^[a-z0-9]{3,24}$")


def new_key() -> str:
    return base64.b64encode(secrets.token_bytes(64)).decode("ascii")


def validate(name: str, body: dict[str, Any], strict: bool = True) -> tuple[str, str]:
    if not _NAME.match(name):
        raise errors.account_name_invalid(name)
    sku = body.get("sku")
    sku_name = sku.get("name") if isinstance(sku, dict) else None
    if sku_name not in SKUS:
        raise errors.invalid_value("sku.name", sku_name, SKUS)
    kind = body.get("kind", "Storage")
    if kind not in KINDS:
        raise errors.invalid_value("kind", kind, KINDS)
    if strict:
        refused = [p for p, value, allowed in (("kind", kind, STAMP_KINDS), ("sku", sku_name, STAMP_SKUS))
                   if value not in allowed]
        if refused:
            raise errors.not_on_this_stamp(refused)
    tags = body.get("tags")
    if tags is not None and not isinstance(tags, dict):
        raise errors.invalid_value("tags", tags, ("an object of strings",))
    return sku_name, kind


def find(lab: Lab, name: str) -> dict[str, Any] | None:
    """An account by its (stamp-wide) name, whatever subscription holds it."""
    for doc in lab.store.documents(KIND):
        if doc["name"].lower() == name.lower():
            return doc
    return None


def new_record(sub: str, group: str, name: str, location: str, sku: str, kind: str,
               tags: dict[str, str] | None) -> dict[str, Any]:
    return {"subscription": sub, "resourceGroup": group, "name": name, "location": location, "sku": sku,
            "kind": kind, "tags": tags or {}, "state": "Creating", "key1": new_key(), "key2": new_key(),
            "created": dt.datetime.now(dt.timezone.utc).isoformat().replace("+00:00", "Z")}


def to_arm(lab: Lab, rec: dict[str, Any]) -> dict[str, Any]:
    """The account as ARM shows it (no keys)."""
    sid = (f"/subscriptions/{rec['subscription']}/resourceGroups/{rec['resourceGroup']}"
           f"/providers/Microsoft.Storage/storageAccounts/{rec['name']}")
    tier = "Premium" if rec["sku"].startswith("Premium") else "Standard"
    return {
        "id": sid, "name": rec["name"], "type": "Microsoft.Storage/storageAccounts", "location": rec["location"],
        "tags": rec["tags"], "sku": {"name": rec["sku"], "tier": tier}, "kind": rec["kind"],
        "properties": {
            "provisioningState": rec["state"], "creationTime": rec["created"],
            "primaryEndpoints": {"blob": lab.config.blob_endpoint(rec["name"])},
            "primaryLocation": rec["location"], "statusOfPrimary": "available",
            "supportsHttpsTrafficOnly": True,
            "encryption": {"services": {"blob": {"enabled": True}}, "keySource": "Microsoft.Storage"},
        },
    }


def keys_body(rec: dict[str, Any]) -> dict[str, Any]:
    return {"keys": [{"keyName": "key1", "value": rec["key1"], "permissions": "FULL"},
                     {"keyName": "key2", "value": rec["key2"], "permissions": "FULL"}]}


def azurite_accounts(lab: Lab) -> list[Account]:
    return [Account(d["name"], d["key1"], d["key2"]) for d in lab.store.documents(KIND)]


async def sync_azurite(lab: Lab) -> None:
    await lab.azurite.update_accounts(azurite_accounts(lab))


async def delete_group_contents(lab: Lab, sub: str, group: str) -> None:
    doomed = [d for d in lab.store.documents(KIND, sub) if d["resourceGroup"].lower() == group.lower()]
    for d in doomed:
        lab.store.delete(KIND, sub, d["name"])
    if doomed:
        await sync_azurite(lab)


def resume(lab: Lab) -> None:
    """After a restart: Azurite starts with every stored account, so accounts left Creating are done."""
    for doc in lab.store.documents(KIND):
        if doc["state"] == "Creating":
            doc["state"] = "Succeeded"
            lab.store.put(KIND, doc["subscription"], doc["name"], doc)
    for op in lab.store.documents(lro.KIND):
        if op["status"] == "InProgress" and op["target"].get("kind") == "storageAccount":
            op["status"] = "Succeeded"
            lab.store.put(lro.KIND, op["subscription"], op["id"], op)
