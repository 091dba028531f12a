"""Runbook: the admin portal's image catalogue and Create image form, as widgets."""

from __future__ import annotations

from typing import Any

from sources.cells import code, md, parameters
from sources.common import (
    PY_CONNECT,
    PY_CONNECTION_PARAMETERS,
    PY_CONNECT_PWSH,
    REMOVE_PORTAL,
    STEP3_PORTAL,
    target_note,
)


def image_catalogue() -> list[Any]:
    return [
        md(f"""
# The image catalogue, as in the admin portal

The guide's portal path ({STEP3_PORTAL}; {REMOVE_PORTAL}) in a notebook: a form like the portal's
**Create image** blade (publisher, offer, SKU, version, OS type, OS disk blob URI), checked as you type with
the same rules as `Add-AzsPlatformImage`, showing the provisioning state live; and the catalogue with a
**Remove** button per image that asks before it removes. Both run the cmdlets of this project.

{target_note(python=True)}
"""),
        parameters(PY_CONNECTION_PARAMETERS + r"""
polling_interval_sec = 10
"""),
        md("## Connect"),
        code(PY_CONNECT),
        code(PY_CONNECT_PWSH),
        md("## Create image, and the catalogue"),
        code("%Show-AzsImageCatalogue -PollingIntervalSec $polling_interval_sec"),
        md("""
Fill in the form and press **Create**: the state below the button follows the image until it is Succeeded
(or says why it would fail). Press **Refresh** to list the catalogue again; **Remove** asks
"Remove …? Yes / No" before it removes an image.

The widgets live in `azskernel.jupyter.forms`: `Show-AzsImageCatalogue` draws them in any session whose host
can display widgets, and `image_catalogue(session)` returns them to Python code (to keep a handle on the form).
"""),
    ]
