"""Azs.Compute.Admin VM extensions (the same artifact API as platform images): Get-, Add-,
Remove-AzsVMExtension and their Python functions. PUT is not long-running here (201), DELETE answers 200.
No SDK import at module level."""

from __future__ import annotations

from typing import Any
from urllib.parse import quote

from azskernel.runtime.cmdlet import cmdlet, parameter

from ..context import AzProfile
from ..errors import ParameterRuleError, ResourceMissingError
from ..events import Reporter
from ..records import AzRecord, vm_extension_admin_record
from ..rules import check_blob_uri, check_name, check_version, normalise_os_type, raise_if
from ._support import MODULE_COMPUTE_ADMIN, confirm, connect_at, ctx_profile, ctx_reporter, like, lookup, pick, run


def _base(sub: str, location: str) -> str:
    return f"/subscriptions/{quote(sub)}/providers/Microsoft.Compute.Admin/locations/{quote(location)}/artifactTypes/VMExtension"


def _path(sub: str, location: str, publisher: str, type_: str, version: str) -> str:
    return _base(sub, location) + f"/publishers/{quote(publisher)}/types/{quote(type_)}/versions/{quote(version)}"


def _name_errors(publisher: Any, type_: Any, version: Any) -> list[ParameterRuleError]:
    return [e for e in (check_name("Publisher", publisher), check_name("Type", type_), check_version(version)) if e]


def get_vm_extension(*, publisher: str | None = None, type: str | None = None, version: str | None = None,
                     location: str | None = None, profile: AzProfile | None = None,
                     reporter: Reporter | None = None) -> list[AzRecord]:
    profile, rep = pick(profile, reporter)
    conn, where = connect_at(profile, rep, location)
    with conn.arm() as arm:
        if publisher and type and version:
            found = arm.request("GET", _path(conn.subscription_id, where, publisher, type, version),
                                operation=f"read VM extension {publisher}/{type}/{version}", allow=(404,))
            if found.status == 404:
                raise ResourceMissingError(f"The VM extension {publisher}/{type}/{version} was not found at '{where}'.",
                                           target=f"{publisher}/{type}/{version}")
            return [vm_extension_admin_record(found.body)]
        listed = arm.request("GET", _base(conn.subscription_id, where), operation="list VM extensions")
    records = [vm_extension_admin_record(i) for i in listed.items]
    want = (("Publisher", publisher), ("ExtensionType", type), ("Version", version))
    return [r for r in records if all(like(r.get(k), v) for k, v in want)]


def add_vm_extension(*, publisher: str, type: str, version: str, source_blob: str, vm_os_type: str,
                     compute_role: str = "N/A", is_system_extension: bool = False,
                     support_multiple_extensions: bool = False, vm_scale_set_enabled: bool = False,
                     location: str | None = None, profile: AzProfile | None = None,
                     reporter: Reporter | None = None) -> AzRecord:
    profile, rep = pick(profile, reporter)
    errors = _name_errors(publisher, type, version)
    uri_error = check_blob_uri("SourceBlob", source_blob)
    if uri_error is not None:
        errors.append(uri_error)
    os_kind = normalise_os_type(vm_os_type)
    if isinstance(os_kind, ParameterRuleError):
        errors.append(ParameterRuleError("VmOsType", os_kind.record.message.replace("-OsType", "-VmOsType")))
    raise_if(errors)
    conn, where = connect_at(profile, rep, location)
    body = {"properties": {"vmOsType": os_kind, "computeRole": compute_role, "isSystemExtension": is_system_extension,
                           "supportMultipleExtensions": support_multiple_extensions,
                           "vmScaleSetEnabled": vm_scale_set_enabled, "sourceBlob": {"uri": source_blob}}}
    with conn.arm() as arm:
        made = arm.request("PUT", _path(conn.subscription_id, where, publisher, type, version), body=body,
                           operation=f"add VM extension {publisher}/{type}/{version}", ok=(200, 201, 202))
    return vm_extension_admin_record(made.body if isinstance(made.body, dict) else {})


def remove_vm_extension_admin(*, publisher: str, type: str, version: str, location: str | None = None,
                              profile: AzProfile | None = None, reporter: Reporter | None = None) -> bool:
    profile, rep = pick(profile, reporter)
    raise_if(_name_errors(publisher, type, version))
    conn, where = connect_at(profile, rep, location)
    path = _path(conn.subscription_id, where, publisher, type, version)
    with conn.arm() as arm:
        found = arm.request("GET", path, operation=f"read VM extension {publisher}/{type}/{version}", allow=(404,))
        if found.status == 404:
            rep.warning(f"The VM extension {publisher}/{type}/{version} does not exist at '{where}'; nothing to remove.")
            return False
        arm.request("DELETE", path, operation=f"remove VM extension {publisher}/{type}/{version}", allow=(404,))
    return True


@cmdlet("Get-AzsVMExtension", module=MODULE_COMPUTE_ADMIN, synopsis="Lists the VM extensions of a location, or gets one.")
@parameter("Publisher", type="string", position=0, help="Publisher (wildcards allowed).")
@parameter("Type", type="string", position=1, help="Type (wildcards allowed).")
@parameter("Version", type="string", position=2, help="Version.")
@parameter("Location", type="string", help="Location; default: the subscription's first.")
def get_azs_vm_extension(ctx: Any, **p: Any) -> Any:
    return lookup(ctx, lambda: get_vm_extension(publisher=p["publisher"], type=p["type"], version=p["version"],
                                                location=p["location"], profile=ctx_profile(ctx), reporter=ctx_reporter(ctx)))


@cmdlet("Add-AzsVMExtension", module=MODULE_COMPUTE_ADMIN, supports_should_process=True,
        synopsis="Adds a VM extension to the stamp's catalogue.")
@parameter("Publisher", type="string", position=0, mandatory=True, help="Publisher.")
@parameter("Type", type="string", position=1, mandatory=True, help="Type.")
@parameter("Version", type="string", position=2, mandatory=True, help="Version (#.#.#).")
@parameter("SourceBlob", type="string", mandatory=True, help="https URI of the extension package blob.")
@parameter("VmOsType", type="string", mandatory=True, help="Windows or Linux.")
@parameter("ComputeRole", type="string", default="N/A", help="Compute role.")
@parameter("IsSystemExtension", switch=True, help="A system extension.")
@parameter("SupportMultipleExtension", switch=True, help="Several instances per VM.")
@parameter("VmScaleSetEnabled", switch=True, help="Usable on scale sets.")
@parameter("Location", type="string", help="Location; default: the subscription's first.")
def add_azs_vm_extension(ctx: Any, **p: Any) -> Any:
    if not confirm(ctx, f"{p['publisher']}/{p['type']}/{p['version']}", "Add VM extension", impact="Medium"):
        return None
    return run(ctx, lambda: add_vm_extension(
        publisher=p["publisher"], type=p["type"], version=p["version"], source_blob=p["source_blob"],
        vm_os_type=p["vm_os_type"], compute_role=p["compute_role"] or "N/A", is_system_extension=p["is_system_extension"],
        support_multiple_extensions=p["support_multiple_extension"], vm_scale_set_enabled=p["vm_scale_set_enabled"],
        location=p["location"], profile=ctx_profile(ctx), reporter=ctx_reporter(ctx)))


@cmdlet("Remove-AzsVMExtension", module=MODULE_COMPUTE_ADMIN, supports_should_process=True,
        synopsis="Removes a VM extension from the stamp's catalogue.")
@parameter("Publisher", type="string", position=0, mandatory=True, help="Publisher.")
@parameter("Type", type="string", position=1, mandatory=True, help="Type.")
@parameter("Version", type="string", position=2, mandatory=True, help="Version.")
@parameter("Location", type="string", help="Location; default: the subscription's first.")
@parameter("Force", switch=True, help="Do not ask.")
@parameter("PassThru", switch=True, help="Write $true when removed.")
def remove_azs_vm_extension(ctx: Any, **p: Any) -> Any:
    if not confirm(ctx, f"{p['publisher']}/{p['type']}/{p['version']}", "Remove VM extension", force=p["force"]):
        return None
    done = run(ctx, lambda: remove_vm_extension_admin(publisher=p["publisher"], type=p["type"], version=p["version"],
                                                      location=p["location"], profile=ctx_profile(ctx),
                                                      reporter=ctx_reporter(ctx)))
    return done if p["pass_thru"] else None


COMMANDS = (get_azs_vm_extension, add_azs_vm_extension, remove_azs_vm_extension)
