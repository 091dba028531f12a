"""Azs.Compute.Admin platform images: Add-, Get-, Remove-AzsPlatformImage and their Python functions.

REST (compute-admin.md): api-version 2015-12-01-preview on the admin ARM endpoint; PUT answers 201
`Creating` without polling headers, so we poll GET on the resource (image_wait.py) until Succeeded / Failed /
Canceled; the list is a bare JSON array; DELETE is synchronous, and removing an image that is not there is
quiet, as Azs.Compute.Admin documents. Before the PUT: the documented parameter rules, then GET (Succeeded:
reported and left alone; Failed/Canceled: remove first, or -Force), then the preflight (preflight.py) that
finds why the image would end Failed. -AsJob runs the same call as a session job; -DefaultProfile runs it in
another context. No SDK import at module level.
"""

from __future__ import annotations

import time
from typing import Any
from urllib.parse import quote

from azskernel.commands.imagecheck import IMAGE_TEST_PARAMETERS, run_image_test
from azskernel.runtime.cmdlet import cmdlet, parameter, parameters

from ..clients import ArmClient, Connection
from ..context import AzProfile
from ..errors import (
    AzsError,
    EndpointUnreachableError,
    ImageWouldFailError,
    ParameterRuleError,
    ProvisioningFailedError,
    ResourceConflictError,
    ResourceMissingError,
    TlsTrustError,
)
from ..events import ProvisioningEvent, Reporter
from ..marketplace import items_deploying, marketplace_warning
from ..preflight import BlobCheck, check_blob, explain, explain_warnings
from ..records import AzRecord, platform_image_record
from ..rules import (
    NAME_MAX,
    ImageId,
    ParameterRulesError,
    check_blob_uri,
    check_image_id,
    check_location,
    normalise_os_type,
    out_of_range,
    parse_data_disks,
    raise_if,
)
from ._support import (
    MODULE_COMPUTE_ADMIN,
    confirm,
    connect_at,
    ctx_profile,
    ctx_reporter,
    has_wildcard,
    like,
    lookup,
    pick,
    run,
    start_job,
)
from .image_wait import DEFAULT_TIMEOUT_SEC, TERMINAL, ImageWait, names, state_of

POLL_RANGE = (0.1, 3600.0)
"""-PollingIntervalSec: ours (the real module polls at Retry-After or 30 s); at most an hour between reads."""
JOB_TYPE_NAMES = ("Microsoft.Azure.PowerShell.Cmdlets.ComputeAdmin.Runtime.PowerShell.AsyncJob",)


def _segment(value: str) -> str:
    """One path segment, escaped whole ('/' included), as autorest's EscapeDataString does."""
    return quote(value, safe="")


def images_path(subscription_id: str, location: str) -> str:
    return (f"/subscriptions/{_segment(subscription_id)}/providers/Microsoft.Compute.Admin/locations/"
            f"{_segment(location)}/artifactTypes/platformImage")


def image_path(subscription_id: str, location: str, image: ImageId) -> str:
    return (images_path(subscription_id, location) + f"/publishers/{_segment(image.publisher)}/offers/"
            f"{_segment(image.offer)}/skus/{_segment(image.sku)}/versions/{_segment(image.version)}")



def _get(arm: ArmClient, path: str, image: ImageId) -> dict[str, Any] | None:
    found = arm.request("GET", path, operation=f"read platform image {image}", allow=(404,))
    return found.body if found.status != 404 and isinstance(found.body, dict) else None


# -- Python API ---------------------------------------------------------------------------------------


def add_platform_image(
    *,
    publisher: str,
    offer: str,
    sku: str,
    version: str,
    os_type: str,
    os_uri: str,
    data_disks: Any = None,
    billing_part_number: str | None = None,
    location: str | None = None,
    subscription_id: str | None = None,
    no_wait: bool = False,
    force: bool = False,
    timeout_sec: float | None = DEFAULT_TIMEOUT_SEC,
    skip_preflight: bool = False,
    poll_interval: float | None = None,
    profile: AzProfile | None = None,
    reporter: Reporter | None = None,
) -> AzRecord:
    """Add a platform image (Add-AzsPlatformImage) and wait until it is Succeeded (at most `timeout_sec`, three
    hours by default; None waits as long as it takes).

    Raises ParameterRulesError (a rule is broken; nothing sent), ImageWouldFailError (the preflight found a
    cause of Failed; nothing created), ResourceConflictError (a Failed/Canceled image exists, without
    `force`), ProvisioningFailedError, OperationTimeoutError. Returns the image's record."""
    profile, rep = pick(profile, reporter)
    image, errors = check_image_id(publisher, offer, sku, version)
    os_kind = normalise_os_type(os_type)
    if not isinstance(os_kind, str):
        errors.append(os_kind)
    uri_error = check_blob_uri("OsUri", os_uri)
    if uri_error is not None:
        errors.append(uri_error)
    disks, disk_errors = parse_data_disks(data_disks)
    errors += disk_errors
    errors += [e for e in (check_location(location), _check_seconds("TimeoutSec", timeout_sec, (1, None)),
                           _check_seconds("PollingIntervalSec", poll_interval, POLL_RANGE)) if e is not None]
    raise_if(errors)
    os_name = os_kind if isinstance(os_kind, str) else ""

    conn, where = connect_at(profile, rep, location, subscription_id)
    path = image_path(conn.subscription_id, where, image)
    started = time.monotonic()
    rep.event(ProvisioningEvent(str(image), "Checking", 0.0, "looking for an existing image"))
    with conn.arm() as arm:
        existing = _get(arm, path, image)
        state = state_of(existing).lower()
        if existing is not None and state == "succeeded":
            rep.warning(f"The platform image {image} already exists at location '{where}' and is Succeeded; it was left as is.")
            rep.event(ProvisioningEvent(str(image), "Succeeded", 0.0, "already present", done=True))
            return platform_image_record(existing)
        if existing is not None and state not in TERMINAL:
            rep.warning(f"The platform image {image} is already being created ({state_of(existing)}); waiting for it.")
            if no_wait:
                return platform_image_record(existing)
            final = ImageWait(conn, path, image, rep, started, timeout_sec, poll_interval, state_of(existing)).run()
            return _finish(final, image, [os_uri, *(d.uri for d in disks)], conn, rep, None, started)
        if existing is not None and not force:
            raise ResourceConflictError(
                f"The platform image {image} already exists at location '{where}' in state {state_of(existing)}. "
                "A failed or canceled image blocks adding the same version: remove it first "
                f"(Remove-AzsPlatformImage {names(image)}), or run Add-AzsPlatformImage again with -Force to replace it.",
                target=str(image),
            )

        checks: list[BlobCheck] | None = None
        if not skip_preflight:
            checks = _preflight(os_uri, disks, conn, rep)

        if existing is not None:
            rep.warning(f"Removing the {state_of(existing)} platform image {image} first (-Force).")
            arm.request("DELETE", path, operation=f"remove platform image {image}", allow=(404,))

        body: dict[str, Any] = {"properties": {"osDisk": {"osType": os_name, "uri": os_uri}}}
        if disks:
            body["properties"]["dataDisks"] = [{"lun": d.lun, "uri": d.uri} for d in disks]
        if billing_part_number:
            body["properties"]["details"] = {"billingPartNumber": billing_part_number}
        created = arm.request("PUT", path, body=body, operation=f"add platform image {image}", ok=(200, 201, 202))
        rep.verbose(f"PUT {image}: HTTP {created.status}, state {state_of(created.body) or 'unknown'}")
        rep.event(ProvisioningEvent(str(image), state_of(created.body) or "Creating", time.monotonic() - started, "request accepted"))
        if no_wait:
            return platform_image_record(created.body if isinstance(created.body, dict) else {"id": path})
    final = created.body if state_of(created.body).lower() in TERMINAL else ImageWait(
        conn, path, image, rep, started, timeout_sec, poll_interval, state_of(created.body) or "Creating",
    ).run(created.headers)
    return _finish(final, image, [os_uri, *(d.uri for d in disks)], conn, rep, checks, started)


def _check_seconds(parameter: str, value: float | None, bounds: tuple[float | None, float | None]) -> ParameterRuleError | None:
    """A number of seconds within bounds, in pwsh's ValidateRange words (NaN and infinities are out of range)."""
    if value is None:
        return None
    low, high = bounds
    if low is not None and not value >= low:  # NaN fails this test too
        return ParameterRuleError(parameter, out_of_range(parameter, value, low, None), value=value)
    if high is not None and not value <= high:
        return ParameterRuleError(parameter, out_of_range(parameter, value, None, high), value=value)
    return None


def _preflight(os_uri: str, disks: list[Any], conn: Connection, rep: Reporter) -> list[BlobCheck]:
    verify = conn.verify
    try:
        checks = [check_blob(os_uri, "OsUri", verify=verify, reporter=rep)]
        checks += [check_blob(d.uri, f"DataDisks[Lun {d.lun}]", verify=verify, reporter=rep, bootable=False)
                   for d in disks]
    except (EndpointUnreachableError, TlsTrustError) as exc:
        raise type(exc)(
            f"{exc.record.message} The check before adding the image reads the blob from this machine; if only the "
            "stamp can reach it, add -SkipPreflight.", target=exc.record.target,
        ) from None
    for check in checks:
        for issue in check.issues:
            if issue.severity != "error":
                rep.warning(f"-{check.parameter} {check.uri}: {issue.message}")
    if any(c.errors for c in checks):
        raise ImageWouldFailError(
            "The image would end Failed on the stamp, so nothing was created:\n" + explain(checks)
            + "\n(Use -SkipPreflight to send it anyway.)",
            target=checks[0].uri,
        )
    return checks


def _finish(final: dict[str, Any], image: ImageId, uris: list[str], conn: Connection, rep: Reporter,
            checks: list[BlobCheck] | None, started: float) -> AzRecord:
    state = state_of(final)
    rep.event(ProvisioningEvent(str(image), state, time.monotonic() - started, "finished", done=True))
    if state.lower() == "succeeded":
        return platform_image_record(final)
    if state.lower() == "canceled":
        raise ProvisioningFailedError(
            f"The platform image {image} was canceled on the stamp. Remove it (Remove-AzsPlatformImage) and add it again.",
            error_id="PlatformImageCanceled", target=str(image),
        )
    raise ProvisioningFailedError(_failed_message(image, uris, conn, rep, checks), target=str(image))


def _failed_message(image: ImageId, uris: list[str], conn: Connection, rep: Reporter, checks: list[BlobCheck] | None) -> str:
    """The service gives no reason: name the cause we can find now, else what the checks warned about, else the
    causes no check can see."""
    head = f"The platform image {image} ended Failed (the stamp gives no reason)."
    remove = f" Remove it before adding it again: Remove-AzsPlatformImage {names(image)} -Force."
    if checks is None:
        # The preflight was skipped: run it now, it usually names the cause.
        try:
            checks = [check_blob(u, "OsUri" if i == 0 else f"DataDisks[{i - 1}]", verify=conn.verify, reporter=rep,
                                 bootable=i == 0) for i, u in enumerate(uris)]
        except AzsError as exc:
            return (
                f"{head} The blob could not be checked from this machine ({exc.record.message}) The usual causes: "
                "the stamp cannot read it (a private container without a SAS, or a SAS that expired, lacks read "
                "permission or is signed in a version the stamp does not know), it is not a fixed VHD, its size is "
                "not a whole number of MiB, or it boots as generation 2 only." + remove
            )
        if any(c.errors for c in checks):
            return f"{head} Cause found:\n{explain(checks)}\n{remove.strip()}"
    warned = explain_warnings(checks)
    if warned:
        return (f"{head} No check found a documented cause of Failed, but the checks warned:\n{warned}\nThe warnings "
                "are the likely cause; if none applies, the blob may have changed, been deleted or its SAS expired while "
                "the stamp copied it, or the stamp could not reach the storage endpoint (see the stamp's logs)."
                + remove)
    return (
        f"{head} The checks found neither a documented cause (the stamp can read the blob; fixed VHD; whole MiB; not "
        "generation-2 only) nor anything to warn about, so the likely causes left are: the blob changed, was deleted or "
        "its SAS expired while the stamp copied it; the stamp could not reach the storage endpoint; or a platform "
        "fault (see the stamp's logs)." + remove
    )


def get_platform_image(
    *,
    publisher: str | None = None,
    offer: str | None = None,
    sku: str | None = None,
    version: str | None = None,
    location: str | None = None,
    subscription_id: str | None = None,
    profile: AzProfile | None = None,
    reporter: Reporter | None = None,
) -> list[AzRecord]:
    """List platform images (filters take wildcards), or get one when all four names are given."""
    profile, rep = pick(profile, reporter)
    raise_if([e for e in (check_location(location),) if e is not None])
    conn, where = connect_at(profile, rep, location, subscription_id)
    with conn.arm() as arm:
        if publisher and offer and sku and version and not any(has_wildcard(v) for v in (publisher, offer, sku, version)):
            image, errors = check_image_id(publisher, offer, sku, version)
            raise_if(errors)
            found = _get(arm, image_path(conn.subscription_id, where, image), image)
            if found is None:
                raise ResourceMissingError(
                    f"The platform image {image} was not found at location '{where}'.", target=str(image)
                )
            return [platform_image_record(found)]
        listed = arm.request("GET", images_path(conn.subscription_id, where), operation="list platform images")
    records = [platform_image_record(i) for i in listed.items]
    wanted = (("Publisher", publisher), ("Offer", offer), ("Sku", sku), ("Version", version))
    return [r for r in records if all(like(r.get(k), v) for k, v in wanted)]


def remove_platform_image(
    *,
    publisher: str,
    offer: str,
    sku: str,
    version: str,
    location: str | None = None,
    subscription_id: str | None = None,
    profile: AzProfile | None = None,
    reporter: Reporter | None = None,
) -> bool:
    """Remove a platform image with one DELETE, as Azs.Compute.Admin does; True when one was removed, False when
    none was there (quiet: "a successful call to remove a platform image that doesn't exist will not return any
    output", the module's documentation)."""
    profile, rep = pick(profile, reporter)
    image, errors = check_image_id(publisher, offer, sku, version)
    errors += [e for e in (check_location(location),) if e is not None]
    raise_if(errors)
    conn, where = connect_at(profile, rep, location, subscription_id)
    path = image_path(conn.subscription_id, where, image)
    rep.event(ProvisioningEvent(str(image), "Removing"))
    with conn.arm() as arm:
        items = items_deploying(conn, arm, image, rep)
        if items:
            rep.warning(marketplace_warning(image, items))
        done = arm.request("DELETE", path, operation=f"remove platform image {image}", allow=(404,))
    if done.status in (204, 404):
        rep.verbose(f"The platform image {image} was not at location '{where}' (HTTP {done.status}); nothing to remove.")
        rep.event(ProvisioningEvent(str(image), "Removed", message="was not there", done=True))
        return False
    rep.event(ProvisioningEvent(str(image), "Removed", done=True))
    return True


# -- cmdlets ------------------------------------------------------------------------------------------


def _os_types(prefix: str) -> list[str]:
    return ["Windows", "Linux"]


def _default_profile(fn: Any) -> Any:
    return parameter("DefaultProfile", type="object", aliases=("AzureRMContext", "AzureCredential"),
                     help="The context to run in (Get-AzContext, or Connect-AzAccount's result); default: the current one.")(fn)


def _image_names(mandatory: bool, by_property_name: bool = False) -> Any:
    """Publisher, Offer, Sku, Version as the real module declares them, with the documented length limit."""
    return lambda fn: _declare_names(fn, mandatory, by_property_name)


def _declare_names(fn: Any, mandatory: bool, by_property_name: bool) -> Any:
    helps = {"Publisher": "The publisher segment of the image name (no spaces or special characters).",
             "Offer": "The offer segment (no spaces or special characters).",
             "Sku": "The SKU segment (no spaces or special characters).",
             "Version": "The version, #.#.# (e.g. 1.0.0)."}
    for position, name in reversed(list(enumerate(helps))):
        fn = parameter(name, type="string", position=position, mandatory=mandatory,
                       validate_length=(1, NAME_MAX) if name != "Version" else None,
                       value_from_pipeline_by_property_name=by_property_name,
                       help=helps[name] if mandatory else helps[name] + " Wildcards allowed.")(fn)
    return fn


@cmdlet(
    "Add-AzsPlatformImage",
    supports_should_process=True,
    module=MODULE_COMPUTE_ADMIN,
    synopsis="Adds a platform image (a VM image in the stamp's catalogue) from a VHD blob.",
    description=(
        "Checks Azure Stack Hub's documented rules (names without spaces or special characters, version #.#.#, OsType Windows or "
        "Linux, an https blob URI), then what would make the image end Failed (the blob readable without "
        "credentials or through its SAS, a SAS signed in a version the stamp knows, a fixed VHD with a whole-MiB "
        "size, not generation-2 only), then creates the image and waits until it is Succeeded, showing its state "
        f"as it goes. The wait ends after -TimeoutSec ({DEFAULT_TIMEOUT_SEC} s, three hours, by default: an import "
        "copies the whole VHD inside the stamp; Microsoft's recorded run took about 7 minutes for a tiny disk, large "
        "disks take much longer); the stamp goes on after that, and Get-AzsPlatformImage follows it. -AsJob returns a "
        "job at once (Get-Job, Wait-Job, Receive-Job, Remove-Job)."
    ),
    examples=(
        ("Add-AzsPlatformImage -Publisher Contoso -Offer UbuntuServer -Sku 22.04-LTS -Version 1.0.0 -OsType Linux "
         "-OsUri $sasUri", "Adds an image from a blob URI that carries a read SAS."),
        ("$job = Add-AzsPlatformImage -Publisher Contoso -Offer UbuntuServer -Sku 22.04-LTS -Version 1.0.0 -OsType Linux "
         "-OsUri $sasUri -AsJob; $job | Wait-Job | Receive-Job", "Adds it in the background, then collects the image."),
    ),
    output_type=("PlatformImage",),
)
@_image_names(mandatory=True)
@parameter("OsType", type="string", position=4, mandatory=True, completer=_os_types, help="Windows or Linux.")
@parameter("OsUri", type="string", position=5, mandatory=True, help="https URI of the OS disk's VHD blob (public, or with a read SAS).")
@parameter("BillingPartNumber", type="string", position=6, help="Billing part number (optional).")
@parameter("DataDisks", type="object[]", position=7, help="Data disks: hashtables @{Lun=0; Uri='https://...'} (Lun from 0).")
@parameter("Location", type="string", help="Location; default: the subscription's first location.")
@parameter("SubscriptionId", type="string", help="Subscription; default: the current context's.")
@parameter("NoWait", switch=True, help="Return as soon as the stamp accepted the request.")
@parameter("AsJob", switch=True, help="Run as a background job and return the job at once.")
@parameter("Force", switch=True, help="Replace a Failed or Canceled image of the same version, and do not ask.")
@parameter("TimeoutSec", type="int", validate_range=(1, None),
           help=f"Stop waiting after this many seconds (default {DEFAULT_TIMEOUT_SEC}, three hours); the stamp goes on.")
@parameter("SkipPreflight", switch=True, help="Do not check the blob before sending the request.")
@parameter("PollingIntervalSec", type="double", dont_show=True, validate_range=POLL_RANGE,
           help="Seconds between state polls when the stamp gives no Retry-After (0.1 to 3600; default 10).")
@parameter("LocalFilePath", type="string", path=True, help="With -TestImage: the local image that was uploaded to -OsUri.")
@parameters(*IMAGE_TEST_PARAMETERS)
@_default_profile
def add_azs_platform_image(ctx: Any, **p: Any) -> Any:
    target = f"{p['publisher']}/{p['offer']}/{p['sku']}/{p['version']}"
    if not confirm(ctx, target, "Add new virtual machine image", impact="Medium"):
        return None
    if p["test_image"] or p["local_file_path"]:
        _test_local_image(ctx, p)
    profile = run(ctx, lambda: ctx_profile(ctx, p["default_profile"]))

    def call(reporter: Reporter) -> AzRecord:
        return add_platform_image(
            publisher=p["publisher"], offer=p["offer"], sku=p["sku"], version=p["version"], os_type=p["os_type"],
            os_uri=p["os_uri"], data_disks=p["data_disks"], billing_part_number=p["billing_part_number"],
            location=p["location"], subscription_id=p["subscription_id"], no_wait=p["no_wait"], force=p["force"],
            timeout_sec=p["timeout_sec"] if p["timeout_sec"] is not None else DEFAULT_TIMEOUT_SEC,
            skip_preflight=p["skip_preflight"], poll_interval=p["polling_interval_sec"], profile=profile,
            reporter=reporter,
        )

    if p["as_job"]:
        # The module's AsyncJob is named after the command it runs (Add-AzsPlatformImage_CreateExpanded).
        return start_job(ctx, "Add-AzsPlatformImage_CreateExpanded", call, JOB_TYPE_NAMES)
    return run(ctx, lambda: call(ctx_reporter(ctx, "Add-AzsPlatformImage")))


def _test_local_image(ctx: Any, p: dict[str, Any]) -> None:
    """-TestImage -LocalFilePath: Test-AzsImage on the local copy of the OS disk before anything is sent."""
    if not p["local_file_path"] or not p["test_image"]:
        missing, why = (("LocalFilePath", "-TestImage reads the image on this machine: give -LocalFilePath, the VHD "
                         "uploaded to -OsUri.") if not p["local_file_path"] else
                        ("TestImage", "-LocalFilePath is read only by -TestImage: add -TestImage, or leave "
                         "-LocalFilePath out."))
        raise ParameterRuleError(missing, why)
    os_type = normalise_os_type(p["os_type"])
    run_image_test(ctx, p["local_file_path"], mode=p["image_mode"], os_type=os_type if isinstance(os_type, str) else None,
                   ignore_errors=p["ignore_image_errors"], command="Add-AzsPlatformImage")


@cmdlet(
    "Get-AzsPlatformImage",
    module=MODULE_COMPUTE_ADMIN,
    default_parameter_set="List",
    synopsis="Lists the platform images of a location, or gets one.",
    examples=(("Get-AzsPlatformImage -Publisher Contoso -Offer Ubuntu*", "Lists images filtered with wildcards."),),
    output_type=("PlatformImage",),
)
@_image_names(mandatory=False)
@parameter("Location", type="string", help="Location; default: the subscription's first location.")
@parameter("SubscriptionId", type="string", help="Subscription; default: the current context's.")
@_default_profile
def get_azs_platform_image(ctx: Any, **p: Any) -> Any:
    return lookup(ctx, lambda: get_platform_image(
        publisher=p["publisher"], offer=p["offer"], sku=p["sku"], version=p["version"], location=p["location"],
        subscription_id=p["subscription_id"], profile=ctx_profile(ctx, p["default_profile"]), reporter=ctx_reporter(ctx),
    ))


@cmdlet(
    "Remove-AzsPlatformImage",
    supports_should_process=True,
    module=MODULE_COMPUTE_ADMIN,
    synopsis="Removes a platform image.",
    description=("Asks for confirmation unless -Force or -Confirm:$false. Removing an image that is not there is quiet, "
                 "as in Azs.Compute.Admin (-Verbose says so)."),
    output_type=("System.Boolean",),
)
@_image_names(mandatory=True, by_property_name=True)
@parameter("Location", type="string", value_from_pipeline_by_property_name=True, help="Location; default: the subscription's first location.")
@parameter("SubscriptionId", type="string", help="Subscription; default: the current context's.")
@parameter("Force", switch=True, help="Do not ask for confirmation.")
@parameter("PassThru", switch=True, help="Write $true when the command succeeds.")
@_default_profile
def remove_azs_platform_image(ctx: Any, **p: Any) -> Any:
    image, errors = check_image_id(p["publisher"], p["offer"], p["sku"], p["version"])
    if errors:
        run(ctx, lambda: raise_if(errors))
    if not confirm(ctx, str(image), "Remove platform image", force=p["force"]):
        return None
    run(ctx, lambda: remove_platform_image(
        publisher=p["publisher"], offer=p["offer"], sku=p["sku"], version=p["version"], location=p["location"],
        subscription_id=p["subscription_id"], profile=ctx_profile(ctx, p["default_profile"]), reporter=ctx_reporter(ctx),
    ))
    return True if p["pass_thru"] else None



COMMANDS = (add_azs_platform_image, get_azs_platform_image, remove_azs_platform_image)
__all__ = ["COMMANDS", "ParameterRulesError", "add_platform_image", "get_platform_image", "remove_platform_image"]
