"""Microsoft.Storage operation table (api-version 2019-06-01, the 2020-09-01-hybrid profile)."""

from __future__ import annotations

from ...arm.routing import API_STORAGE, Operation
from . import handlers

_SUB = "/subscriptions/{subscriptionId}"
_ACCOUNT = _SUB + "/resourceGroups/{resourceGroupName}/providers/Microsoft.Storage/storageAccounts/{accountName}"

OPERATIONS = [
    Operation("PUT", _ACCOUNT, handlers.create, API_STORAGE),
    Operation("GET", _ACCOUNT, handlers.get, API_STORAGE),
    Operation("DELETE", _ACCOUNT, handlers.delete, API_STORAGE),
    Operation("POST", _ACCOUNT + "/listKeys", handlers.list_keys, API_STORAGE),
    Operation("POST", _ACCOUNT + "/regenerateKey", handlers.regenerate_key, API_STORAGE),
    Operation("GET", _SUB + "/resourceGroups/{resourceGroupName}/providers/Microsoft.Storage/storageAccounts",
              handlers.list_in_group, API_STORAGE),
    Operation("GET", _SUB + "/providers/Microsoft.Storage/storageAccounts", handlers.list_in_subscription,
              API_STORAGE),
    Operation("POST", _SUB + "/providers/Microsoft.Storage/checkNameAvailability", handlers.check_name, API_STORAGE),
    Operation("GET", _SUB + "/providers/Microsoft.Storage/locations/{location}/asyncoperations/{operationId}",
              handlers.monitor, API_STORAGE),
]
