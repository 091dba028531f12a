"""Microsoft.Storage error codes."""

from __future__ import annotations

from ...errors import ArmError


def account_name_invalid(name: str) -> ArmError:
    return ArmError(400, "AccountNameInvalid", f"{name} is not a valid storage account name. Storage account "
                    "name must be between 3 and 24 characters in length and use numbers and lower-case letters "
                    "only.", "name")


def account_taken(name: str) -> ArmError:
    return ArmError(409, "StorageAccountAlreadyTaken", f"The storage account named {name} is already taken.", "name")


def account_not_found(name: str) -> ArmError:
    return ArmError(404, "ResourceNotFound", f"The Resource 'Microsoft.Storage/storageAccounts/{name}' under "
                    "resource group could not be found.")


def invalid_value(field: str, value: object, allowed: tuple[str, ...]) -> ArmError:
    return ArmError(400, "InvalidRequestContent", f"The value '{value}' of '{field}' is not valid; use one of "
                    f"{', '.join(allowed)}.", field)


def key_name_invalid(name: object) -> ArmError:
    return ArmError(400, "InvalidKeyName", f"The key name '{name}' is not valid; use key1 or key2.", "keyName")


def not_on_this_stamp(parameters: list[str]) -> ArmError:
    """A kind or SKU the Hub does not offer (general-purpose v1, LRS). The Hub's wording is undocumented; this is
    the code and message Azure's storage provider answers for a kind/SKU it cannot make."""
    return ArmError(400, "InvalidValuesForRequestParameters",
                    f"Values for request parameters are invalid: {', '.join(parameters)}.", parameters[0])
