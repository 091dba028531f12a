"""Azs.Gallery.Admin: Add-, Get-, Remove-AzsGalleryItem and their Python functions, and
`publish_marketplace_item` (package, upload, SAS, add) for runbooks.

REST (contract/gallery-admin, recordings of real stamps): api-version 2015-04-01 on the admin ARM endpoint;
`POST .../providers/Microsoft.Gallery.Admin/galleryItems` with `{"galleryItemUri": ...}` answers 201 with the
new item, or 200 with the item already there under that identity, as it was (the package is not read in
again), synchronously; `GET` lists as `{"value": [...]}` or gets one (404 when missing); `DELETE` answers 200
when it starts removing the item, which the stamp finishes in the background (a POST at once still finds it),
and 204 when there is nothing (left) to remove. Both statuses of each are success, as in Microsoft's module.
Before the POST, the preflight (gallery_preflight.py) checks that the stamp can read the package and would
take it. No SDK import at module level.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from typing import Any
from urllib.parse import quote

from azskernel.runtime.cmdlet import cmdlet, parameter

from ..context import AzProfile
from ..errors import EndpointUnreachableError, GalleryItemWouldFailError, ParameterRuleError, ResourceMissingError, TlsTrustError
from ..events import Reporter
from ..preflight import explain
from ..records import AzRecord, gallery_item_record
from ..rules import check_blob_uri, check_image_id, raise_if
from ._support import confirm, connect, ctx_profile, ctx_reporter, has_wildcard, like, lookup, pick, run
from .gallery_package import MODULE_GALLERY_ADMIN, new_gallery_item_package

PROVIDER = "Microsoft.Gallery.Admin"


def items_path(subscription_id: str) -> str:
    return f"/subscriptions/{quote(subscription_id)}/providers/{PROVIDER}/galleryItems"


def item_path(subscription_id: str, name: str) -> str:
    return f"{items_path(subscription_id)}/{quote(name)}"


def _check_name(name: Any) -> str:
    text = "" if name is None else str(name).strip()
    if not text or "/" in text or "?" in text:
        raise ParameterRuleError("Name", f"-Name '{text}' is not a gallery item identity: give <publisher>.<name> or "
                                         "<publisher>.<name>.<version> (Get-AzsGalleryItem lists them).", value=name)
    return text


def _record(raw: dict[str, Any], verify: str | bool) -> AzRecord:
    rec = gallery_item_record(raw)
    rec.__dict__["_verify"] = verify  # the catalogue reads the item's artifacts with the same trust
    return rec


def add_gallery_item(*, gallery_item_uri: str, subscription_id: str | None = None, skip_preflight: bool = False,
                     profile: AzProfile | None = None, reporter: Reporter | None = None) -> AzRecord:
    """Add a Marketplace item from a package blob (Add-AzsGalleryItem).

    Raises ParameterRulesError (the URI breaks a rule), GalleryItemWouldFailError (the preflight found why
    the stamp would refuse it; nothing was sent), or the service's error. Returns the item."""
    profile, rep = pick(profile, reporter)
    problem = check_blob_uri("GalleryItemUri", gallery_item_uri, example="<publisher>.<name>.<version>.azpkg")
    raise_if([problem] if problem else [])
    conn = connect(profile, rep, subscription_id)
    if not skip_preflight:
        _preflight(gallery_item_uri, conn.verify, rep)
    with conn.arm() as arm:
        added = arm.request("POST", items_path(conn.subscription_id), body={"galleryItemUri": gallery_item_uri},
                            operation="add the gallery item", ok=(200, 201))
    body = added.body if isinstance(added.body, dict) else {}
    rec = _record(body, conn.verify)
    if added.status == 200:
        rep.warning(f"The stamp already has the gallery item {rec.get('Name')} (created {rec.get('CreatedTime')}): it "
                    "kept that item and did not read this package (HTTP 200, not 201). An item being removed counts "
                    "until the stamp has finished removing it, and then it is gone. To publish this package, remove "
                    "the item, wait until Get-AzsGalleryItem no longer finds it, and add it again, or give the "
                    "package a new version.")
    rep.verbose(f"Gallery item {rec.get('Name')} added (HTTP {added.status}); the portal may take several minutes to "
                "show it.")
    return rec


def _preflight(uri: str, verify: str | bool, rep: Reporter) -> None:
    from ..gallery_preflight import check_package_blob

    try:
        check = check_package_blob(uri, verify=verify, reporter=rep)
    except (EndpointUnreachableError, TlsTrustError) as exc:
        raise type(exc)(f"{exc.record.message} The check before adding the item reads the package from this machine; "
                        "if only the stamp can reach it, add -SkipPreflight.", target=exc.record.target) from None
    for issue in check.issues:
        if issue.severity != "error":
            rep.warning(f"-GalleryItemUri {check.uri}: {issue.message}")
    if check.errors:
        raise GalleryItemWouldFailError("The stamp would refuse this package, so nothing was sent:\n"
                                        + explain([check]) + "\n(Use -SkipPreflight to send it anyway.)", target=check.uri)


def get_gallery_item(*, name: str | None = None, subscription_id: str | None = None, profile: AzProfile | None = None,
                     reporter: Reporter | None = None) -> list[AzRecord]:
    """List the gallery items (a -Name with wildcards filters), or get one by identity."""
    profile, rep = pick(profile, reporter)
    conn = connect(profile, rep, subscription_id)
    with conn.arm() as arm:
        if name and not has_wildcard(name):
            identity = _check_name(name)
            found = arm.request("GET", item_path(conn.subscription_id, identity), operation=f"read gallery item {identity}",
                                allow=(404,))
            if found.status == 404 or not isinstance(found.body, dict):
                raise ResourceMissingError(f"The gallery item {identity} was not found (Get-AzsGalleryItem lists them).",
                                           target=identity)
            return [_record(found.body, conn.verify)]
        listed = arm.request("GET", items_path(conn.subscription_id), operation="list the gallery items")
    return [_record(raw, conn.verify) for raw in listed.items if like(raw.get("name"), name)]


def remove_gallery_item(*, name: str, subscription_id: str | None = None, profile: AzProfile | None = None,
                        reporter: Reporter | None = None) -> bool:
    """Remove a gallery item; True when one was removed, False (and a warning) when there was none."""
    profile, rep = pick(profile, reporter)
    identity = _check_name(name)
    conn = connect(profile, rep, subscription_id)
    with conn.arm() as arm:
        removed = arm.request("DELETE", item_path(conn.subscription_id, identity), operation=f"remove gallery item {identity}",
                              ok=(200, 204))
    if removed.status == 204:
        rep.warning(f"The gallery item {identity} does not exist, or its removal is already under way; nothing was "
                    "removed.")
        return False
    rep.verbose(f"Gallery item {identity} removed: the stamp finishes the removal in the background, and until then "
                "the item may still be listed and found by Add-AzsGalleryItem. If the Marketplace then shows an "
                "error, the guide's fix: Settings > Portal customization > Discard modifications.")
    return True


def find_gallery_item(*, publisher: str, offer: str, sku: str, version: str, subscription_id: str | None = None,
                      profile: AzProfile | None = None, reporter: Reporter | None = None) -> list[AzRecord]:
    """The gallery items that deploy the platform image publisher/offer/sku/version (Find-AzsGalleryItem): their
    templates name it (a VM-wizard item names no version: it deploys the newest, so any version matches)."""
    from ..marketplace import ArtifactReader, deploying

    profile, rep = pick(profile, reporter)
    image, errors = check_image_id(publisher, offer, sku, version)
    raise_if(errors)
    conn = connect(profile, rep, subscription_id)
    with conn.arm() as arm:
        listed = arm.request("GET", items_path(conn.subscription_id), operation="list the gallery items")
    return [_record(raw, conn.verify) for raw in deploying(listed.items, image, ArtifactReader(conn.verify, rep.verbose))]


def publish_marketplace_item(*, publisher: str, offer: str, sku: str, version: str, os_type: str, context: Any,
                             container: str = "marketplace", public: bool = False, sas_hours: float = 8.0,
                             output_path: str | None = None, subscription_id: str | None = None,
                             profile: AzProfile | None = None, reporter: Reporter | None = None,
                             **package: Any) -> AzRecord:
    """The guide's whole "publish a Marketplace item" for a platform image, in one call for runbooks:
    New-AzsGalleryItemPackage, then Set-AzStorageBlobContent into `container` of the storage `context`
    (created if missing: private with a read SAS of `sas_hours`, or with public Blob access when `public`),
    then Add-AzsGalleryItem. `package` takes New-AzsGalleryItemPackage's other keywords (display_name,
    summary, icon_path...). Returns the gallery item."""
    from .storage import get_storage_container, new_blob_sas_token, new_storage_container
    from .storage_content import set_storage_blob_content

    profile, rep = pick(profile, reporter)
    with tempfile.TemporaryDirectory(prefix="azs-azpkg-") as scratch:
        built = new_gallery_item_package(publisher=publisher, offer=offer, sku=sku, version=version, os_type=os_type,
                                         output_path=output_path or scratch, force=True, reporter=rep, **package)
        try:
            get_storage_container(name=container, context=context, reporter=rep)
        except ResourceMissingError:
            new_storage_container(name=container, permission="Blob" if public else "Off", context=context, reporter=rep)
        set_storage_blob_content(file=built.FullName, container=container, blob=built.Name, context=context, force=True,
                                 reporter=rep)
    if public:
        uri = f"{context.get('BlobEndPoint')}{container}/{built.Name}"
    else:
        uri = new_blob_sas_token(container=container, blob=built.Name, permission="r", full_uri=True, context=context,
                                 expiry_time=dt.datetime.now(dt.timezone.utc) + dt.timedelta(hours=sas_hours))
    return add_gallery_item(gallery_item_uri=uri, subscription_id=subscription_id, profile=profile, reporter=rep)


# -- cmdlets ------------------------------------------------------------------------------------------


@cmdlet(
    "Add-AzsGalleryItem",
    supports_should_process=True,
    module=MODULE_GALLERY_ADMIN,
    default_parameter_set="CreateExpanded",
    synopsis="Uploads a provider gallery item to the storage.",
    description=(
        "Adds the Marketplace item in the .azpkg at -GalleryItemUri (a blob the stamp can read: public, or with a read "
        "SAS). Before sending, checks what would make the stamp refuse it: the SAS (expired, not yet valid, no read), "
        "the blob readable without credentials, and the package opened as Microsoft's package reader opens it."
    ),
    examples=(("Add-AzsGalleryItem -GalleryItemUri https://acct.blob.local.azurestack.external/marketplace/"
               "Contoso.UbuntuServer-22-04-LTS.1.0.0.azpkg", "Adds the item from a public blob."),),
    output_type=("Microsoft.Azure.PowerShell.Cmdlets.GalleryAdmin.Models.Api20150401.IGalleryItem",),
)
@parameter("SubscriptionId", type="string", help="Subscription; default: the current context's.")
@parameter("GalleryItemUriPayload", type="object", parameter_sets="Create", mandatory=True, value_from_pipeline=True,
           help="@{GalleryItemUri='https://...'}: the URI as a payload object.")
@parameter("GalleryItemUri", type="string", parameter_sets="CreateExpanded",
           help="URI for your gallery package that has already been uploaded online (public, or with a read SAS).")
@parameter("SkipPreflight", switch=True, help="Do not read the package before sending the request.")
def add_azs_gallery_item(ctx: Any, **p: Any) -> Any:
    uri = p["gallery_item_uri"]
    payload = p["gallery_item_uri_payload"]
    if payload is not None:
        getter = getattr(payload, "get", None)
        uri = (getter("GalleryItemUri") if callable(getter) else None) or getattr(payload, "GalleryItemUri", None)
    if not confirm(ctx, str(uri or ""), "Add gallery item", impact="Medium"):
        return None
    rep = ctx_reporter(ctx, "Add-AzsGalleryItem")
    return run(ctx, lambda: add_gallery_item(gallery_item_uri=uri, subscription_id=p["subscription_id"],
                                             skip_preflight=p["skip_preflight"], profile=ctx_profile(ctx), reporter=rep))


def _identity_of(value: Any) -> Any:
    """-InputObject: a gallery item (Name) or an identity object (GalleryItemName, or an Id ending in it)."""
    getter = getattr(value, "get", None)
    for key in ("GalleryItemName", "Name"):
        found = getter(key) if callable(getter) else getattr(value, key, None)
        if found:
            return found
    rid = str((getter("Id") if callable(getter) else getattr(value, "Id", None)) or "")
    return rid.rstrip("/").rpartition("/")[2] or value


@cmdlet(
    "Get-AzsGalleryItem",
    module=MODULE_GALLERY_ADMIN,
    default_parameter_set="List",
    synopsis="Get a specific gallery item.",
    examples=(("Get-AzsGalleryItem -Name Contoso.UbuntuServer-22-04-LTS.1.0.0", "Gets one item."),
              ("Get-AzsGalleryItem", "Lists the stamp's gallery items.")),
    output_type=("Microsoft.Azure.PowerShell.Cmdlets.GalleryAdmin.Models.Api20150401.IGalleryItem",),
)
@parameter("Name", type="string", parameter_sets="Get", mandatory=True, aliases=("GalleryItemName",),
           help="Identity of the gallery item: publisher, item name, and maybe version, separated by periods.")
@parameter("SubscriptionId", type="string[]", parameter_sets=("Get", "List"), help="Subscription; default: the current context's.")
@parameter("InputObject", type="object", parameter_sets="GetViaIdentity", mandatory=True, value_from_pipeline=True,
           help="A gallery item (or identity object) from the pipeline.")
def get_azs_gallery_item(ctx: Any, **p: Any) -> Any:
    name = _identity_of(p["input_object"]) if p["input_object"] is not None else p["name"]
    subs = p["subscription_id"] or [None]
    out: list[Any] = []
    for sub in subs if isinstance(subs, (list, tuple)) else [subs]:
        found = lookup(ctx, lambda sub=sub: get_gallery_item(name=name, subscription_id=sub, profile=ctx_profile(ctx),
                                                            reporter=ctx_reporter(ctx)))
        out.extend(found or [])
    return out


@cmdlet(
    "Remove-AzsGalleryItem",
    supports_should_process=True,
    module=MODULE_GALLERY_ADMIN,
    default_parameter_set="Delete",
    synopsis="Delete a specific gallery item.",
    examples=(("Remove-AzsGalleryItem -Name Contoso.UbuntuServer-22-04-LTS.1.0.0", "Removes the item."),
              ("Get-AzsGalleryItem -Name Contoso.UbuntuServer-22-04-LTS.1.0.0 | Remove-AzsGalleryItem", "Removes it from the pipeline.")),
    output_type=("System.Boolean",),
)
@parameter("Name", type="string", parameter_sets="Delete", mandatory=True, aliases=("GalleryItemName",),
           value_from_pipeline_by_property_name=True,  # `Get-AzsGalleryItem | Remove-AzsGalleryItem` binds the item's Name
           help="Identity of the gallery item: publisher, item name, and maybe version, separated by periods.")
@parameter("SubscriptionId", type="string", parameter_sets="Delete", help="Subscription; default: the current context's.")
@parameter("InputObject", type="object", parameter_sets="DeleteViaIdentity", mandatory=True, value_from_pipeline=True,
           help="A gallery item (or identity object) from the pipeline.")
@parameter("PassThru", switch=True, help="Returns true when the command succeeds.")
def remove_azs_gallery_item(ctx: Any, **p: Any) -> Any:
    name = _identity_of(p["input_object"]) if p["input_object"] is not None else p["name"]
    if not confirm(ctx, str(name), "Remove gallery item", impact="Medium"):
        return None
    removed = run(ctx, lambda: remove_gallery_item(name=name, subscription_id=p["subscription_id"],
                                                   profile=ctx_profile(ctx), reporter=ctx_reporter(ctx)))
    return removed if p["pass_thru"] else None


@cmdlet(
    "Find-AzsGalleryItem",
    module="Azs.Notebook",
    synopsis="Finds the Marketplace items that deploy a platform image.",
    description=(
        "Lists the gallery items and reads each one's templates (served without credentials, as the portal reads "
        "them) for the image they deploy: the VM wizard's imageReference (no version: the newest) or a template's "
        "imageReference. Returns the items that deploy -Publisher/-Offer/-Sku/-Version, the ones the guide's "
        "removal steps remove before the image (Remove-AzsGalleryItem). Not in Azs.Gallery.Admin: Microsoft's "
        "module has no such lookup."),
    examples=(("Find-AzsGalleryItem -Publisher Contoso -Offer UbuntuServer -Sku 22.04-LTS -Version 1.0.0 | "
               "Remove-AzsGalleryItem", "Removes the Marketplace items of an image before the image itself."),),
    output_type=("Microsoft.Azure.PowerShell.Cmdlets.GalleryAdmin.Models.Api20150401.IGalleryItem",),
)
@parameter("Publisher", type="string", mandatory=True, help="The platform image's publisher.")
@parameter("Offer", type="string", mandatory=True, help="The platform image's offer.")
@parameter("Sku", type="string", mandatory=True, help="The platform image's SKU.")
@parameter("Version", type="string", mandatory=True, help="The platform image's version (#.#.#).")
@parameter("SubscriptionId", type="string", help="Subscription; default: the current context's.")
def find_azs_gallery_item(ctx: Any, **p: Any) -> Any:
    return run(ctx, lambda: find_gallery_item(publisher=p["publisher"], offer=p["offer"], sku=p["sku"],
                                              version=p["version"], subscription_id=p["subscription_id"],
                                              profile=ctx_profile(ctx), reporter=ctx_reporter(ctx)))


COMMANDS = (add_azs_gallery_item, get_azs_gallery_item, remove_azs_gallery_item, find_azs_gallery_item)
__all__ = ["COMMANDS", "add_gallery_item", "find_gallery_item", "get_gallery_item", "items_path",
           "publish_marketplace_item", "remove_gallery_item"]
