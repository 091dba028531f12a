"""Which platform images the Marketplace items deploy: for the catalogue widget and for the warning
Remove-AzsPlatformImage gives (the guide's remove section: an image with a Marketplace item has the item
removed first).

An item's manifest never names its image; its templates do (reference azpkg-and-browser.md A6): the
`createuidefinition` of a VM-wizard item (`imageReference` publisher/offer/sku: the newest version), or the
`imageReference` of a full template (a literal version, or `latest`; `[parameters('x')]` resolved to the
parameter's default). The gallery serves those files without authentication (the guide's caution about
`/artifact/20161101/...`), so they are read anonymously, a few at a time.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any, Final

from .events import Reporter

MAX_ARTIFACT_BYTES: Final = 4 * 1024 * 1024
_PARAMETER = re.compile(r"^\[\s*parameters\(\s*'([^']+)'\s*\)\s*\]$", re.IGNORECASE)
_WORKERS: Final = 8

Fetch = Callable[[str], Any]
"""URI -> parsed JSON (None when it cannot be read)."""


@dataclass(frozen=True)
class ImageTarget:
    publisher: str
    offer: str
    sku: str
    version: str | None
    """None: the newest version (no version, or `latest`)."""

    def matches(self, publisher: str, offer: str, sku: str, version: str) -> bool:
        same = (self.publisher.casefold(), self.offer.casefold(), self.sku.casefold()) == (
            publisher.casefold(), offer.casefold(), sku.casefold())
        return same and (self.version is None or self.version.casefold() == version.casefold())


def image_key(publisher: Any, offer: Any, sku: Any, version: Any) -> str:
    return "/".join(str(v or "") for v in (publisher, offer, sku, version))


def _field(obj: Any, *names: str) -> Any:
    """A property of a record (PascalCase) or of the service's JSON (camelCase)."""
    for name in names:
        if isinstance(obj, Mapping):
            for key, value in obj.items():
                if str(key).casefold() == name.casefold():
                    return value
        getter = getattr(obj, "get", None)
        if callable(getter) and not isinstance(obj, Mapping):
            try:
                value = getter(name)
            except Exception:  # noqa: BLE001 - a record without that property
                value = None
            if value is not None:
                return value
    return None


def _resolve(value: Any, template: Mapping[str, Any]) -> str | None:
    text = str(value or "")
    found = _PARAMETER.match(text)
    if found is None:
        return None if text.startswith("[") else text
    parameters = template.get("parameters") if isinstance(template, Mapping) else None
    spec = parameters.get(found.group(1)) if isinstance(parameters, Mapping) else None
    default = spec.get("defaultValue") if isinstance(spec, Mapping) else None
    return str(default) if isinstance(default, str) and not default.startswith("[") else None


def targets_in(document: Any) -> list[ImageTarget]:
    """The images a template or CreateUiDefinition names (expressions it cannot resolve are skipped)."""
    from azskernel.azpkg import references

    out = []
    for ref in references(document):
        fields = {str(k).casefold(): v for k, v in ref.items()}
        publisher, offer, sku = (_resolve(fields[k], document) for k in ("publisher", "offer", "sku"))
        version = _resolve(fields.get("version"), document) if "version" in fields else None
        if publisher and offer and sku:
            out.append(ImageTarget(publisher, offer, sku, None if not version or version.casefold() == "latest"
                                   else version))
    return out


def _artifact_uris(item: Any) -> list[str]:
    """The item's template and custom artifacts (fragments and metadata never name an image)."""
    props = _field(item, "properties") or item
    uris = []
    for artifact in _field(props, "artifacts", "Artifact") or []:
        kind = str(_field(artifact, "type") or "").casefold()
        uri = _field(artifact, "uri")
        if uri and kind in ("template", "custom"):
            uris.append(str(uri))
    return uris


def item_identity(item: Any) -> str:
    return str(_field(item, "name", "Name", "identity") or "")


def item_targets(item: Any, fetch: Fetch) -> list[ImageTarget]:
    return [t for uri in _artifact_uris(item) for t in targets_in(fetch(uri))]


def link_images(images: Iterable[Any], items: Iterable[Any], fetch: Fetch) -> dict[str, list[str]]:
    """image_key(publisher, offer, sku, version) -> the identities of the items that deploy it."""
    item_list = list(items)
    with ThreadPoolExecutor(max_workers=_WORKERS) as pool:
        targets = list(pool.map(lambda item: item_targets(item, fetch), item_list))
    links: dict[str, list[str]] = {}
    for image in images:
        names = [str(_field(image, n) or "") for n in ("Publisher", "Offer", "Sku", "Version")]
        found = [item_identity(item) for item, ts in zip(item_list, targets, strict=True)
                 if any(t.matches(*names) for t in ts)]
        if found:
            links[image_key(*names)] = found
    return links


class ArtifactReader:
    """Anonymous GETs of gallery artifacts (JSON), as the portal reads them."""

    def __init__(self, verify: str | bool, verbose: Callable[[str], None] | None = None) -> None:
        self.verify = verify
        self.verbose = verbose

    def __call__(self, uri: str) -> Any:
        from azure.core import PipelineClient
        from azure.core.pipeline.policies import RetryPolicy
        from azure.core.rest import HttpRequest

        from .policies import TracePolicy

        try:
            with PipelineClient(base_url=uri, policies=[RetryPolicy(retry_total=1), TracePolicy(self.verbose)],
                                connection_verify=self.verify) as client:
                response = client.send_request(HttpRequest("GET", uri))
                if response.status_code != 200:
                    return None
                data = response.read()
        except Exception:  # noqa: BLE001 - an unreadable artifact only means "no image found there"
            return None
        if len(data) > MAX_ARTIFACT_BYTES:
            return None
        try:
            return json.loads(data.decode("utf-8-sig"))
        except ValueError:
            return None


def deploying(items: list[Any], image: Any, fetch: Fetch) -> list[Any]:
    """Those of the gallery `items` that deploy `image` (an ImageId), in their order."""
    links = link_images([{"Publisher": image.publisher, "Offer": image.offer, "Sku": image.sku,
                          "Version": image.version}], items, fetch)
    names = set(next(iter(links.values()), []))
    return [item for item in items if item_identity(item) in names]


def items_deploying(conn: Any, arm: Any, image: Any, rep: Reporter) -> list[str]:
    """The gallery items (identities) that deploy `image` (an ImageId); [] when the gallery cannot be read."""
    from .cmdlets.gallery import items_path

    try:
        listed = arm.request("GET", items_path(conn.subscription_id), operation="list the Marketplace items")
    except Exception as exc:  # noqa: BLE001 - the check is advice; it never blocks the removal
        rep.verbose(f"The Marketplace items could not be listed to check for this image: {exc}")
        return []
    return [item_identity(i) for i in deploying(listed.items, image, ArtifactReader(conn.verify, rep.verbose))]


def marketplace_warning(image: Any, identities: list[str]) -> str:
    names = ", ".join(identities)
    return (f"The platform image {image} has the Marketplace item{'s' if len(identities) > 1 else ''} {names}: "
            "remove the item first, as the guide's removal steps say (Remove-AzsGalleryItem -Name "
            f"{identities[0]}); otherwise tenants still see an item whose image is gone.")

