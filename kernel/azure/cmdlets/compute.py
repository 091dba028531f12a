"""Az.Compute: Add-AzVhd over the VHD uploader (azskernel.vhd), the tenant's image catalogue
(Get-AzVMImagePublisher/Offer/Sku, Get-AzVMImage), Get-AzVM and Remove-AzVMExtension, with their Python
functions. Compute calls pass api-version 2020-06-01 per call (azure-mgmt-compute ignores a client-level
one; the pin policy would rewrite it anyway). No SDK import at module level.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from azskernel.commands.imagecheck import IMAGE_TEST_PARAMETERS, run_image_test
from azskernel.runtime.cmdlet import cmdlet, parameter, parameters
from azskernel.runtime.errors import ErrorCategory

from ..clients import COMPUTE
from ..context import AzProfile
from ..errors import AzsError, ParameterRuleError, ResourceMissingError, azure_errors, not_found
from ..events import Reporter
from ..records import T_OPERATION, T_VHD_UPLOAD, T_VM, T_VM_IMAGE, AzRecord, record
from ..redaction import redact
from ._support import MODULE_COMPUTE, confirm, connect, ctx_profile, ctx_reporter, lookup, pick, resolve_path, resource_group_of, run
from .upload_progress import UploadProgress

# -- Add-AzVhd -----------------------------------------------------------------------------------------


def _account_of(url: str) -> str:
    parts = urlsplit(url)
    host = parts.hostname or ""
    if host.replace(".", "").isdigit() or host == "localhost":
        segments = [s for s in parts.path.split("/") if s]
        return segments[0] if segments else ""
    return host.split(".", 1)[0]


def _vhd_error(exc: Exception) -> AzsError:
    """azskernel.vhd errors carry error_id/category names; keep them (their messages are already redacted)."""
    category = getattr(ErrorCategory, str(getattr(exc, "category", "NotSpecified")), ErrorCategory.NotSpecified)
    return AzsError(str(getattr(exc, "message", None) or exc), error_id=str(getattr(exc, "error_id", "UploadError")),
                    category=category, target=getattr(exc, "path", None))


def add_vhd(*, destination: str, local_file_path: str | os.PathLike[str], resource_group_name: str | None = None,
            number_of_uploader_threads: int = 8, overwrite: bool = False, skip_resizing: bool = False,
            progress: Any = None, cancel: Any = None, profile: AzProfile | None = None,
            reporter: Reporter | None = None) -> AzRecord:
    """Upload a local VHD (fixed, dynamic, VHDX or raw; streamed as a fixed VHD) as a page blob. Without a SAS
    in `destination`, the account's key is fetched through ARM (in `resource_group_name`, or found by name)."""
    from azskernel.vhd.blob_target import BlobTarget, check_url
    from azskernel.vhd.errors import VhdError
    from azskernel.vhd.upload import upload_vhd
    from azskernel.vhd.upload_errors import UploadError

    from .storage import get_storage_account, list_keys

    profile, rep = pick(profile, reporter)
    path = Path(os.fspath(local_file_path)).expanduser()
    if not path.exists():
        raise ResourceMissingError(f"The local file '{local_file_path}' does not exist: give -LocalFilePath the path of "
                                   "the .vhd to upload.", target=str(local_file_path))
    parts = urlsplit(str(destination))
    if parts.scheme.lower() != "https" or not parts.netloc:
        raise ParameterRuleError("Destination", f"-Destination '{redact(str(destination))}' must be an https blob URL "
                                                "(https://<account>.blob.<suffix>/<container>/<name>.vhd).")
    verify: Any = None
    try:
        check_url(str(destination))  # before any request: the blob name's length, the URL's shape
        if "sig=" in parts.query:
            target = BlobTarget.from_sas_url(str(destination))
            from ..trust import verify_setting

            verify = verify_setting(profile.folder)
        else:
            account = _account_of(str(destination))
            conn = connect(profile, rep)
            verify = conn.verify
            accounts = [a for a in get_storage_account(resource_group_name=resource_group_name, profile=profile, reporter=rep)
                        if str(a.get("StorageAccountName")).casefold() == account.casefold()] if resource_group_name else \
                get_storage_account(name=account, profile=profile, reporter=rep)
            if not accounts:
                where = f"resource group '{resource_group_name}'" if resource_group_name else "the current subscription"
                raise ResourceMissingError(
                    f"The destination storage account '{account}' (from -Destination {parts.scheme}://{parts.netloc}) "
                    f"does not belong to the connected stamp: {where} has no such account. Check the URL (use the "
                    "account's PrimaryEndpoints.Blob) or the resource group.", target=account)
            acc = accounts[0]
            blob_endpoint = str(acc.get("PrimaryEndpoints").get("Blob") or "")
            if blob_endpoint and not str(destination).casefold().startswith(blob_endpoint.casefold()):
                raise ParameterRuleError(
                    "Destination", f"-Destination {parts.scheme}://{parts.netloc}{parts.path} is not on the account's "
                    f"blob endpoint {blob_endpoint}: the host does not belong to the connected stamp. Use "
                    f"{blob_endpoint}<container>/<name>.vhd.")
            key = list_keys(conn, str(acc.get("ResourceGroupName")), str(acc.get("StorageAccountName")))[0][1]
            target = BlobTarget.from_url_and_key(str(destination), key, str(acc.get("StorageAccountName")))
        result = upload_vhd(path, target, number_of_uploader_threads=number_of_uploader_threads, overwrite=overwrite,
                            skip_resizing=skip_resizing, progress=progress, cancel=cancel,
                            ca_bundle=verify if isinstance(verify, str) else None)
    except (VhdError, UploadError) as exc:
        raise _vhd_error(exc) from None
    return record(T_VHD_UPLOAD, [("LocalFilePath", str(result.local_file_path)), ("DestinationUri", result.destination_uri)])


@cmdlet("Add-AzVhd", module=MODULE_COMPUTE, synopsis="Uploads a VHD to a page blob (as a fixed VHD, zeros skipped).",
        examples=(("Add-AzVhd -ResourceGroupName rg -Destination https://acct.blob.local.azurestack.external/vhds/img.vhd "
                   "-LocalFilePath ./img.vhd", "Uploads with the account key fetched through ARM."),))
@parameter("ResourceGroupName", type="string", position=0, help="Resource group of the destination account.")
@parameter("Destination", type="string", position=1, mandatory=True, aliases=("dst",), help="Blob URL (with a SAS, or on an account of the subscription).")
@parameter("LocalFilePath", type="string", position=2, mandatory=True, aliases=("lf",), path=True, help="The local .vhd (fixed or dynamic), .vhdx or raw image.")
@parameter("NumberOfUploaderThreads", type="int", aliases=("th",), default=8, validate_range=(1, 64),
           help="Parallel writers (1-64).")
@parameter("OverWrite", switch=True, aliases=("o",), help="Replace a blob of another source.")
@parameter("SkipResizing", switch=True, help="Do not round the size up to a whole MiB.")
@parameter("BaseImageUriToPatch", type="string", dont_show=True, help="Not supported.")
@parameters(*IMAGE_TEST_PARAMETERS)
def add_az_vhd(ctx: Any, **p: Any) -> Any:
    if p["base_image_uri_to_patch"]:
        raise ParameterRuleError("BaseImageUriToPatch", "-BaseImageUriToPatch (differencing uploads) is not supported.")
    given = str(p["local_file_path"])
    local = str(resolve_path(ctx, given))
    if not Path(local).exists():
        raise ResourceMissingError(f"The local file '{given}' does not exist: give -LocalFilePath the path of the "
                                   ".vhd to upload.", target=given)
    if p["test_image"]:
        run_image_test(ctx, local, mode=p["image_mode"], ignore_errors=p["ignore_image_errors"], command="Add-AzVhd")
    from azskernel.vhd.progress import CancelToken

    token = CancelToken()
    cancel = getattr(ctx, "cancel", None)

    reporter = ctx_reporter(ctx)
    report = UploadProgress(ctx.write_progress, reporter.event)

    def on_progress(ev: Any) -> None:
        if cancel is not None and cancel.is_set():
            token.cancel()
        report(ev)

    try:
        out = run(ctx, lambda: add_vhd(destination=p["destination"], local_file_path=local,
                                       resource_group_name=p["resource_group_name"],
                                       number_of_uploader_threads=p["number_of_uploader_threads"],
                                       overwrite=p["over_write"], skip_resizing=p["skip_resizing"], progress=on_progress,
                                       cancel=token, profile=ctx_profile(ctx), reporter=reporter))
    except Exception as exc:
        if token.cancelled and getattr(exc, "record", None) is not None:
            # Stopped by the user: end the pipeline as a stop (no second "pipeline has been stopped" error),
            # carrying the one message that matters: the upload resumes when run again.
            from azskernel.runtime.control import PipelineStoppedException

            stop = PipelineStoppedException()
            stop.record = exc.record  # type: ignore[attr-defined]
            if stop.record.command_name is None:  # type: ignore[attr-defined]
                stop.record.command_name = "Add-AzVhd"  # type: ignore[attr-defined]
            raise stop from None
        raise
    report.finish()
    return out


# -- image catalogue (tenant view) ---------------------------------------------------------------------


def _image_record(location: str, publisher: str, offer: str = "", sku: str = "", version: str = "", rid: str = "") -> AzRecord:
    return record(T_VM_IMAGE, [("PublisherName", publisher), ("Location", location), ("Offer", offer or None),
                               ("Skus", sku or None), ("Version", version or None), ("Id", rid or None)])


def get_vm_image_publisher(*, location: str, profile: AzProfile | None = None, reporter: Reporter | None = None) -> list[AzRecord]:
    profile, rep = pick(profile, reporter)
    conn = connect(profile, rep)
    with conn.compute() as client, azure_errors("list image publishers"):
        items = client.virtual_machine_images.list_publishers(location, api_version=COMPUTE)
    return [_image_record(location, i.name, rid=i.id) for i in items]


def get_vm_image_offer(*, location: str, publisher_name: str, profile: AzProfile | None = None,
                       reporter: Reporter | None = None) -> list[AzRecord]:
    profile, rep = pick(profile, reporter)
    conn = connect(profile, rep)
    with conn.compute() as client, azure_errors(f"list the offers of publisher '{publisher_name}'"):
        items = client.virtual_machine_images.list_offers(location, publisher_name, api_version=COMPUTE)
    return [_image_record(location, publisher_name, i.name, rid=i.id) for i in items]


def get_vm_image_sku(*, location: str, publisher_name: str, offer: str, profile: AzProfile | None = None,
                     reporter: Reporter | None = None) -> list[AzRecord]:
    profile, rep = pick(profile, reporter)
    conn = connect(profile, rep)
    with conn.compute() as client, azure_errors(f"list the SKUs of offer '{offer}'"):
        items = client.virtual_machine_images.list_skus(location, publisher_name, offer, api_version=COMPUTE)
    return [_image_record(location, publisher_name, offer, i.name, rid=i.id) for i in items]


def get_vm_image(*, location: str, publisher_name: str, offer: str, skus: str, version: str | None = None,
                 profile: AzProfile | None = None, reporter: Reporter | None = None) -> list[AzRecord]:
    profile, rep = pick(profile, reporter)
    conn = connect(profile, rep)
    with conn.compute() as client, azure_errors(f"list the versions of {publisher_name}/{offer}/{skus}"):
        if version:
            img = client.virtual_machine_images.get(location, publisher_name, offer, skus, version, api_version=COMPUTE)
            return [_image_record(location, publisher_name, offer, skus, img.name, img.id)]
        items = client.virtual_machine_images.list(location, publisher_name, offer, skus, api_version=COMPUTE)
    return [_image_record(location, publisher_name, offer, skus, i.name, i.id) for i in items]


# -- VMs ----------------------------------------------------------------------------------------------------


def _vm_record(vm: Any, resource_group: str) -> AzRecord:
    profile = getattr(vm, "storage_profile", None)
    os_disk = getattr(profile, "os_disk", None) if profile else None
    hw = getattr(vm, "hardware_profile", None)
    return record(T_VM, [
        ("ResourceGroupName", resource_group), ("Name", vm.name), ("Location", vm.location),
        ("VmSize", getattr(hw, "vm_size", None) if hw else None),
        ("OsType", str(getattr(os_disk, "os_type", "") or "") or None),
        ("ProvisioningState", getattr(vm, "provisioning_state", None)), ("Id", vm.id),
        ("Extensions", [e.name for e in (getattr(vm, "resources", None) or [])]),
    ])


def get_vm(*, resource_group_name: str | None = None, name: str | None = None, profile: AzProfile | None = None,
           reporter: Reporter | None = None) -> list[AzRecord]:
    profile, rep = pick(profile, reporter)
    conn = connect(profile, rep)
    with conn.compute() as client, azure_errors("read virtual machines"):
        if resource_group_name and name:
            with not_found(f"The virtual machine '{name}' was not found in resource group '{resource_group_name}'.", name):
                return [_vm_record(client.virtual_machines.get(resource_group_name, name, api_version=COMPUTE), resource_group_name)]
        items = (client.virtual_machines.list(resource_group_name, api_version=COMPUTE) if resource_group_name
                 else client.virtual_machines.list_all(api_version=COMPUTE))
        vms = list(items)
    return [_vm_record(v, resource_group_name or resource_group_of(v.id or "")) for v in vms
            if not name or v.name.casefold() == name.casefold()]


def remove_vm_extension(*, resource_group_name: str, vm_name: str, name: str, profile: AzProfile | None = None,
                        reporter: Reporter | None = None) -> AzRecord:
    """Remove an extension from a VM; a missing group, VM or extension is a clear not-found error naming it."""
    profile, rep = pick(profile, reporter)
    conn = connect(profile, rep)
    with conn.resources() as resources, azure_errors(f"find resource group '{resource_group_name}'"):
        if not resources.resource_groups.check_existence(resource_group_name):
            raise ResourceMissingError(
                f"Cannot remove extension '{name}': the resource group '{resource_group_name}' (VM '{vm_name}') was not "
                f"found in subscription {conn.subscription_id}.", target=resource_group_name)
    with conn.compute() as client, azure_errors(f"remove extension '{name}' from VM '{vm_name}'"):
        with not_found(f"Cannot remove extension '{name}': the virtual machine '{vm_name}' was not found in resource "
                       f"group '{resource_group_name}'.", vm_name):
            client.virtual_machines.get(resource_group_name, vm_name, api_version=COMPUTE)
        with not_found(f"The extension '{name}' was not found on VM '{vm_name}' (resource group '{resource_group_name}').",
                       name):
            poller = client.virtual_machine_extensions.begin_delete(resource_group_name, vm_name, name,
                                                                     api_version=COMPUTE, polling_interval=1)
            poller.result()
    return record(T_OPERATION, [("RequestId", None), ("IsSuccessStatusCode", True), ("StatusCode", "OK"),
                                ("ReasonPhrase", "OK")])


@cmdlet("Get-AzVMImagePublisher", module=MODULE_COMPUTE, synopsis="Lists the image publishers of a location.")
@parameter("Location", type="string", position=0, mandatory=True, help="Location.")
def get_az_vm_image_publisher(ctx: Any, **p: Any) -> Any:
    return lookup(ctx, lambda: get_vm_image_publisher(location=p["location"], profile=ctx_profile(ctx), reporter=ctx_reporter(ctx)))


@cmdlet("Get-AzVMImageOffer", module=MODULE_COMPUTE, synopsis="Lists the offers of an image publisher.")
@parameter("Location", type="string", position=0, mandatory=True, help="Location.")
@parameter("PublisherName", type="string", position=1, mandatory=True, value_from_pipeline_by_property_name=True, help="Publisher.")
def get_az_vm_image_offer(ctx: Any, **p: Any) -> Any:
    return lookup(ctx, lambda: get_vm_image_offer(location=p["location"], publisher_name=p["publisher_name"],
                                                  profile=ctx_profile(ctx), reporter=ctx_reporter(ctx)))


@cmdlet("Get-AzVMImageSku", module=MODULE_COMPUTE, synopsis="Lists the SKUs of an image offer.")
@parameter("Location", type="string", position=0, mandatory=True, value_from_pipeline_by_property_name=True, help="Location.")
@parameter("PublisherName", type="string", position=1, mandatory=True, value_from_pipeline_by_property_name=True, help="Publisher.")
@parameter("Offer", type="string", position=2, mandatory=True, value_from_pipeline_by_property_name=True, help="Offer.")
def get_az_vm_image_sku(ctx: Any, **p: Any) -> Any:
    return lookup(ctx, lambda: get_vm_image_sku(location=p["location"], publisher_name=p["publisher_name"], offer=p["offer"],
                                                profile=ctx_profile(ctx), reporter=ctx_reporter(ctx)))


@cmdlet("Get-AzVMImage", module=MODULE_COMPUTE, synopsis="Lists image versions, or gets one.")
@parameter("Location", type="string", position=0, mandatory=True, value_from_pipeline_by_property_name=True, help="Location.")
@parameter("PublisherName", type="string", position=1, mandatory=True, value_from_pipeline_by_property_name=True, help="Publisher.")
@parameter("Offer", type="string", position=2, mandatory=True, value_from_pipeline_by_property_name=True, help="Offer.")
@parameter("Skus", type="string", position=3, mandatory=True, value_from_pipeline_by_property_name=True, help="SKU.")
@parameter("Version", type="string", position=4, help="Version.")
def get_az_vm_image(ctx: Any, **p: Any) -> Any:
    return lookup(ctx, lambda: get_vm_image(location=p["location"], publisher_name=p["publisher_name"], offer=p["offer"],
                                            skus=p["skus"], version=p["version"], profile=ctx_profile(ctx),
                                            reporter=ctx_reporter(ctx)))


@cmdlet("Get-AzVM", module=MODULE_COMPUTE, synopsis="Gets virtual machines.")
@parameter("ResourceGroupName", type="string", position=0, value_from_pipeline_by_property_name=True, help="Resource group.")
@parameter("Name", type="string", position=1, aliases=("VMName",), help="VM name.")
def get_az_vm(ctx: Any, **p: Any) -> Any:
    return lookup(ctx, lambda: get_vm(resource_group_name=p["resource_group_name"], name=p["name"], profile=ctx_profile(ctx),
                                      reporter=ctx_reporter(ctx)))


@cmdlet("Remove-AzVMExtension", module=MODULE_COMPUTE, supports_should_process=True,
        synopsis="Removes an extension from a virtual machine.")
@parameter("ResourceGroupName", type="string", position=0, mandatory=True, help="Resource group.")
@parameter("VMName", type="string", position=1, mandatory=True, help="VM name.")
@parameter("Name", type="string", position=2, mandatory=True, aliases=("ExtensionName",), help="Extension name.")
@parameter("Force", switch=True, help="Do not ask.")
def remove_az_vm_extension(ctx: Any, **p: Any) -> Any:
    if not confirm(ctx, f"{p['vm_name']}/{p['name']}", "Remove VM extension", force=p["force"], impact="Medium"):
        return None
    return run(ctx, lambda: remove_vm_extension(resource_group_name=p["resource_group_name"], vm_name=p["vm_name"],
                                                name=p["name"], profile=ctx_profile(ctx), reporter=ctx_reporter(ctx)))


COMMANDS = (add_az_vhd, get_az_vm_image_publisher, get_az_vm_image_offer, get_az_vm_image_sku, get_az_vm_image,
            get_az_vm, remove_az_vm_extension)
