"""Making the blobs a replay needs exist in the lab's storage, where the mapped URI points.

Storage accounts are made through the lab's own ARM (general-purpose v1, Standard_LRS, as on a stamp), each
container with public blob access (mapping.py says why), each blob once, with content from a maker per kind.
The ARM clients come from the caller, set up as a runbook would set them up.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from azure.core.exceptions import ResourceExistsError
from azure.mgmt.resource.resources import ResourceManagementClient
from azure.mgmt.storage import StorageManagementClient
from azure.storage.blob import BlobServiceClient, ContainerClient

from .mapping import BlobRef

Maker = Callable[[BlobRef, Any], tuple[bytes, str]]
"""(blob, the recorded document it belongs to) -> (content, "PageBlob" | "BlockBlob")."""
GROUP = "replay-blobs"


@dataclass
class LabBlobs:
    resources: ResourceManagementClient
    storage: StorageManagementClient
    location: str
    ca_bundle: str
    makers: dict[str, Maker]
    made: set[tuple[str, str, str]] = field(default_factory=set)
    _containers: dict[tuple[str, str], ContainerClient] = field(default_factory=dict)
    _services: dict[str, BlobServiceClient] = field(default_factory=dict)

    def ensure(self, ref: BlobRef, kind: str, context: Any) -> None:
        key = (ref.account, ref.container, ref.name)
        if key in self.made:
            return
        content, blob_type = self.makers[kind](ref, context)
        self._container(ref.account, ref.container).upload_blob(ref.name, content, blob_type=blob_type, overwrite=True)
        self.made.add(key)

    def _service(self, account: str) -> BlobServiceClient:
        if account not in self._services:
            if not self._services:
                self.resources.resource_groups.create_or_update(GROUP, {"location": self.location})
            made = self.storage.storage_accounts.begin_create(
                GROUP, account, {"location": self.location, "sku": {"name": "Standard_LRS"}, "kind": "Storage"},
                polling_interval=0.2).result()
            key = self.storage.storage_accounts.list_keys(GROUP, account).keys_property[0].value
            self._services[account] = BlobServiceClient(
                made.primary_endpoints.blob, credential={"account_name": account, "account_key": key},
                api_version="2019-07-07", connection_verify=self.ca_bundle)
        return self._services[account]

    def _container(self, account: str, name: str) -> ContainerClient:
        if (account, name) not in self._containers:
            client = self._service(account).get_container_client(name)
            try:
                client.create_container(public_access="blob")
            except ResourceExistsError:
                pass
            self._containers[(account, name)] = client
        return self._containers[(account, name)]
