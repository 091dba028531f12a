"""Microsoft.Compute.Admin operation table: admin endpoint only, api-version 2015-12-01-preview."""

from __future__ import annotations

from ...arm.routing import API_COMPUTE_ADMIN, Operation
from . import handlers

_BASE = "/subscriptions/{subscriptionId}/providers/Microsoft.Compute.Admin/locations/{location}/artifactTypes"
_IMAGES = _BASE + "/platformImage"
_IMAGE = _IMAGES + "/publishers/{publisher}/offers/{offer}/skus/{sku}/versions/{version}"
_EXTENSIONS = _BASE + "/VMExtension"
_EXTENSION = _EXTENSIONS + "/publishers/{publisher}/types/{type}/versions/{version}"

OPERATIONS = [
    Operation("GET", "/providers/Microsoft.Compute.Admin/operations", handlers.list_operations, API_COMPUTE_ADMIN,
              "admin"),
    Operation("GET", _IMAGES, handlers.list_images, API_COMPUTE_ADMIN, "admin"),
    Operation("GET", _IMAGE, handlers.get_image, API_COMPUTE_ADMIN, "admin"),
    Operation("PUT", _IMAGE, handlers.put_image, API_COMPUTE_ADMIN, "admin"),
    Operation("DELETE", _IMAGE, handlers.delete_image, API_COMPUTE_ADMIN, "admin"),
    Operation("GET", _EXTENSIONS, handlers.list_extensions, API_COMPUTE_ADMIN, "admin"),
    Operation("GET", _EXTENSION, handlers.get_extension, API_COMPUTE_ADMIN, "admin"),
    Operation("PUT", _EXTENSION, handlers.put_extension, API_COMPUTE_ADMIN, "admin"),
    Operation("DELETE", _EXTENSION, handlers.delete_extension, API_COMPUTE_ADMIN, "admin"),
]
