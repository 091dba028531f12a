"""Az.Resources resource groups: New-, Get-, Remove-AzResourceGroup and their Python functions
(azure-mgmt-resource on api-version 2019-10-01). No SDK import at module level."""

from __future__ import annotations

from typing import Any

from azskernel.runtime.cmdlet import cmdlet, parameter

from ..context import AzProfile
from ..errors import ParameterRuleError, ResourceMissingError, azure_errors, not_found
from ..events import Reporter
from ..records import AzRecord, resource_group_record
from ._support import MODULE_RESOURCES, confirm, connect, ctx_profile, ctx_reporter, has_wildcard, like, lookup, pick, run, sleep_for


def _check_name(name: Any) -> str:
    text = "" if name is None else str(name).strip()
    if not text or len(text) > 90 or text.endswith(".") or not all(c.isalnum() or c in "-_.()" for c in text):
        raise ParameterRuleError(
            "Name", f"-Name '{text}' is not a valid resource group name: 1-90 letters, digits, '-', '_', '.', '(' "
            "or ')', not ending with '.'.", value=name)
    return text


def new_resource_group(*, name: str, location: str, tags: dict[str, str] | None = None, force: bool = False,
                       subscription_id: str | None = None, profile: AzProfile | None = None,
                       reporter: Reporter | None = None) -> AzRecord:
    """Create (or update) a resource group; like Az, an existing one is returned as is with a warning."""
    profile, rep = pick(profile, reporter)
    rg_name = _check_name(name)
    if not location or not str(location).strip():
        raise ParameterRuleError("Location", "-Location is empty: give the stamp's location (Get-AzLocation).")
    conn = connect(profile, rep, subscription_id)
    with conn.resources() as client, azure_errors(f"create resource group '{rg_name}'"):
        if client.resource_groups.check_existence(rg_name) and not force:
            rep.warning(f"The resource group '{rg_name}' already exists; it was left as is.")
            return resource_group_record(client.resource_groups.get(rg_name))
        body = {"location": str(location).strip(), **({"tags": dict(tags)} if tags else {})}
        return resource_group_record(client.resource_groups.create_or_update(rg_name, body))


def get_resource_group(*, name: str | None = None, location: str | None = None, subscription_id: str | None = None,
                       profile: AzProfile | None = None, reporter: Reporter | None = None) -> list[AzRecord]:
    profile, rep = pick(profile, reporter)
    conn = connect(profile, rep, subscription_id)
    with conn.resources() as client, azure_errors("list resource groups"):
        if name and not has_wildcard(name):
            with not_found(f"Provided resource group does not exist: '{name}' (subscription {conn.subscription_id}).", name):
                groups = [client.resource_groups.get(name)]
        else:
            groups = [g for g in client.resource_groups.list()
                      if like(g.name, name)]
    if location:
        groups = [g for g in groups if str(g.location).casefold() == location.casefold()]
    return [resource_group_record(g) for g in groups]


def remove_resource_group(*, name: str, subscription_id: str | None = None, no_wait: bool = False,
                          profile: AzProfile | None = None, reporter: Reporter | None = None) -> bool:
    profile, rep = pick(profile, reporter)
    rg_name = _check_name(name)
    conn = connect(profile, rep, subscription_id)
    with conn.resources() as client, azure_errors(f"remove resource group '{rg_name}'"):
        if not client.resource_groups.check_existence(rg_name):
            raise ResourceMissingError(f"Provided resource group does not exist: '{rg_name}'.", target=rg_name)
        poller = client.resource_groups.begin_delete(rg_name, polling_interval=1)
        if not no_wait:
            while not poller.done():
                sleep_for(rep, 0.5)
                if rep.cancelled():
                    break
            poller.result() if poller.done() else None
    return True


@cmdlet("New-AzResourceGroup", module=MODULE_RESOURCES, supports_should_process=True,
        synopsis="Creates a resource group.", output_type=("PSResourceGroup",))
@parameter("Name", type="string", position=0, mandatory=True, aliases=("ResourceGroupName",), help="Resource group name.")
@parameter("Location", type="string", position=1, mandatory=True, help="Location (Get-AzLocation).")
@parameter("Tag", type="hashtable", aliases=("Tags",), help="Tags.")
@parameter("Force", switch=True, help="Update an existing group without asking.")
def new_az_resource_group(ctx: Any, **p: Any) -> Any:
    if not confirm(ctx, str(p["name"]), "Create resource group", impact="Medium"):
        return None
    tags = {str(k): str(v) for k, v in dict(p["tag"]).items()} if p["tag"] else None
    return run(ctx, lambda: new_resource_group(name=p["name"], location=p["location"], tags=tags, force=p["force"],
                                               profile=ctx_profile(ctx), reporter=ctx_reporter(ctx)))


@cmdlet("Get-AzResourceGroup", module=MODULE_RESOURCES, synopsis="Gets resource groups.", output_type=("PSResourceGroup",))
@parameter("Name", type="string", position=0, aliases=("ResourceGroupName",), value_from_pipeline_by_property_name=True,
           help="Name (wildcards allowed).")
@parameter("Location", type="string", position=1, help="Only groups in this location.")
def get_az_resource_group(ctx: Any, **p: Any) -> Any:
    return lookup(ctx, lambda: get_resource_group(name=p["name"], location=p["location"], profile=ctx_profile(ctx),
                                                  reporter=ctx_reporter(ctx)))


@cmdlet("Remove-AzResourceGroup", module=MODULE_RESOURCES, supports_should_process=True,
        synopsis="Removes a resource group and everything in it.", output_type=("System.Boolean",))
@parameter("Name", type="string", position=0, mandatory=True, aliases=("ResourceGroupName",),
           value_from_pipeline_by_property_name=True, help="Resource group name.")
@parameter("Force", switch=True, help="Do not ask for confirmation.")
@parameter("AsJob", switch=True, dont_show=True, help="Return without waiting (no job object here).")
def remove_az_resource_group(ctx: Any, **p: Any) -> Any:
    if not confirm(ctx, str(p["name"]), "Remove resource group", force=p["force"]):
        return None
    return run(ctx, lambda: remove_resource_group(name=p["name"], no_wait=p["as_job"], profile=ctx_profile(ctx),
                                                  reporter=ctx_reporter(ctx)))


COMMANDS = (new_az_resource_group, get_az_resource_group, remove_az_resource_group)
