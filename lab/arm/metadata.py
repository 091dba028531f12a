"""`GET /metadata/endpoints`, anonymous: the legacy object at 1.0 and 2015-01-01 (what Hub documents); the
2019-05-01 array and the 2022-09-01 object only in a lax lab (routing.API_METADATA_LAX).

Every value points at the lab itself: login, graph and gallery on the login port, portal on the ARM port.
"""

from __future__ import annotations

from typing import Any

from starlette.responses import JSONResponse, Response

from .routing import API_METADATA, API_METADATA_LAX, Call, Operation

STORAGE_SUFFIX = "azslab.local"


def legacy(call: Call) -> dict[str, Any]:
    lab = call.lab.config
    return {
        "galleryEndpoint": f"{lab.login_host}/gallery/",
        "graphEndpoint": f"{lab.login_host}/graph/",
        "portalEndpoint": call.lab.arm_endpoint(call.side),
        "authentication": {
            "loginEndpoint": lab.login_endpoint,
            "audiences": [call.lab.audience_for(call.side)],
        },
    }


def cloud(call: Call) -> dict[str, Any]:
    lab = call.lab.config
    audience = call.lab.audience_for(call.side)
    return {
        "name": f"AzureStack-{'Admin' if call.side == 'admin' else 'User'}-azslab",
        "portal": call.lab.arm_endpoint(call.side),
        "resourceManager": call.lab.arm_endpoint(call.side),
        "gallery": f"{lab.login_host}/gallery/",
        "graph": f"{lab.login_host}/graph/",
        "graphAudience": f"{lab.login_host}/graph/",
        "microsoftGraphResourceId": f"{lab.login_host}/graph/",
        "authentication": {
            "loginEndpoint": lab.login_endpoint,
            "audiences": [audience],
            "tenant": lab.tenant_id,
            "identityProvider": "ADFS" if lab.identity == "adfs" else "AAD",
        },
        "suffixes": {
            "storage": f"{lab.location}.{STORAGE_SUFFIX}",
            "keyVaultDns": f"vault.{lab.location}.{STORAGE_SUFFIX}",
        },
    }


async def get_endpoints(call: Call) -> Response:
    if call.api_version in ("1.0", "2015-01-01"):
        return JSONResponse(legacy(call))
    if call.api_version == "2019-05-01":
        return JSONResponse([cloud(call)])
    return JSONResponse(cloud(call))


OPERATIONS = [Operation("GET", "/metadata/endpoints", get_endpoints, API_METADATA, anonymous=True,
                        lax_versions=API_METADATA_LAX)]
