"""Az.Storage: accounts through ARM (New-/Get-AzStorageAccount, Get-AzStorageAccountKey) and the blob data
plane (New-AzStorageContext, containers, ACLs, blobs, SAS tokens, server-side copy) and their Python
functions. The data plane is pinned to x-ms-version 2019-07-07 (the Hub's); a storage context keeps its key
or SAS out of its properties (it is never displayed). No SDK import at module level.
"""

from __future__ import annotations

import datetime as dt
import fnmatch
import re
from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from azskernel.runtime.cmdlet import cmdlet, parameter

from ..context import AzProfile
from ..environment import API_VERSIONS
from ..errors import AzsError, ParameterRuleError, ResourceConflictError, ResourceMissingError, azure_errors, not_found
from ..events import Reporter
from ..records import (
    T_BLOB,
    T_CONTAINER,
    T_COPY_STATE,
    T_STORAGE_ACCOUNT,
    T_STORAGE_CONTEXT,
    T_STORAGE_KEY,
    AzRecord,
    record,
)
from ..redaction import redact, remember_secret
from ..sas import SasTerms, account_sas, service_sas
from ..trust import verify_setting
from ._support import (
    MODULE_STORAGE,
    confirm,
    connect,
    ctx_profile,
    ctx_reporter,
    has_wildcard,
    like,
    lookup,
    pick,
    resource_group_of,
    run,
    sleep_for,
)

ACCOUNT_RULE = re.compile(r"^[a-z0-9]{3,24}$")
CONTAINER_RULE = re.compile(r"^[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]$")
PERMISSIONS = {"off": None, "blob": "blob", "container": "container"}


class StorageContext(AzRecord):
    """AzureStorageContext: the account and endpoint as properties; the credential only in Python."""

    def __repr__(self) -> str:  # .Context is the context itself (as in Az): no recursion, no credential
        return f"StorageContext(account={self.get('StorageAccountName')!r}, blob={self.get('BlobEndPoint')!r})"

    def blob_service(self, verbose: Callable[[str], None] | None = None) -> Any:
        from azure.storage.blob import BlobServiceClient

        from ..policies import storage_hooks

        credential = self.credential()
        return BlobServiceClient(
            self.get("BlobEndPoint"), credential=credential, api_version=API_VERSIONS["blob"],
            connection_verify=self.__dict__["_verify"], **storage_hooks(verbose),
        )

    def credential(self) -> Any:
        source = self.__dict__.get("_credential")
        value = source() if callable(source) else source
        if isinstance(value, dict) and "account_key" in value:
            remember_secret(value["account_key"])
        return value

    @property
    def account_key(self) -> str | None:
        value = self.credential()
        return value.get("account_key") if isinstance(value, dict) else None

    @property
    def sas_token(self) -> str | None:
        value = self.credential()
        return value if isinstance(value, str) else None


def storage_context(name: str, blob_endpoint: str, credential: Any, verify: str | bool, suffix: str = "") -> StorageContext:
    endpoint = blob_endpoint if blob_endpoint.endswith("/") else blob_endpoint + "/"
    ctx = StorageContext([
        ("StorageAccountName", name),
        ("BlobEndPoint", endpoint),
        ("TableEndPoint", None),
        ("QueueEndPoint", None),
        ("FileEndPoint", None),
        ("Name", name),
        ("EndPointSuffix", suffix),
        ("StorageAccount", name),
    ], type_names=(T_STORAGE_CONTEXT, "System.Object"))
    ctx.__dict__["_credential"] = credential
    ctx.__dict__["_verify"] = verify
    ctx.set("Context", ctx)
    return ctx


# -- accounts (ARM) ------------------------------------------------------------------------------------


def _account_record(acc: Any, resource_group: str, key_source: Callable[[], Any], verify: str | bool) -> AzRecord:
    endpoints = acc.primary_endpoints
    blob = getattr(endpoints, "blob", None) if endpoints else None
    rec = record(T_STORAGE_ACCOUNT, [
        ("ResourceGroupName", resource_group),
        ("StorageAccountName", acc.name),
        ("Id", acc.id),
        ("Location", acc.location),
        ("PrimaryLocation", getattr(acc, "primary_location", None) or acc.location),
        ("Sku", record("Microsoft.Azure.Commands.Management.Storage.Models.PSSku", [("Name", acc.sku.name if acc.sku else None)])),
        ("SkuName", acc.sku.name if acc.sku else None),
        ("Kind", acc.kind),
        ("AccessTier", getattr(acc, "access_tier", None)),
        ("CreationTime", getattr(acc, "creation_time", None)),
        ("ProvisioningState", getattr(acc, "provisioning_state", None)),
        ("EnableHttpsTrafficOnly", getattr(acc, "enable_https_traffic_only", None)),
        ("PrimaryEndpoints", record("Microsoft.Azure.Management.Storage.Models.Endpoints", [
            ("Blob", blob), ("Queue", getattr(endpoints, "queue", None)), ("Table", getattr(endpoints, "table", None)),
            ("File", getattr(endpoints, "file", None)),
        ])),
        ("StatusOfPrimary", getattr(acc, "status_of_primary", None)),
        ("Tags", dict(acc.tags) if acc.tags else None),
    ])
    if blob:
        rec.set("Context", storage_context(acc.name, blob, key_source, verify))
    return rec


def _check_account_name(name: Any) -> str:
    text = "" if name is None else str(name)
    if not ACCOUNT_RULE.match(text):
        raise ParameterRuleError(
            "Name", f"-Name '{text}' is not a valid storage account name: 3-24 lower-case letters and digits only.",
            value=name)
    return text


def _key_fetcher(conn: Any, resource_group: str, name: str) -> Callable[[], dict[str, str]]:
    cache: dict[str, str] = {}

    def fetch() -> dict[str, str]:
        if not cache:
            cache.update(_key_credential(name, list_keys(conn, resource_group, name)[0][1]))
        return dict(cache)

    return fetch


def list_keys(conn: Any, resource_group: str, name: str) -> list[tuple[str, str, str]]:
    with conn.storage() as client, azure_errors(f"list the keys of storage account '{name}'"):
        result = client.storage_accounts.list_keys(resource_group, name, expand=None)
    keys = [(k.key_name, k.value, str(k.permissions)) for k in (getattr(result, "keys_property", None) or result["keys"] or [])]
    for _, value, _ in keys:
        remember_secret(value)
    if not keys:
        raise ResourceMissingError(f"The storage account '{name}' returned no keys.")
    return keys


def new_storage_account(*, resource_group_name: str, name: str, location: str, sku_name: str = "Standard_LRS",
                        kind: str = "Storage", subscription_id: str | None = None, profile: AzProfile | None = None,
                        reporter: Reporter | None = None) -> AzRecord:
    profile, rep = pick(profile, reporter)
    account = _check_account_name(name)
    conn = connect(profile, rep, subscription_id)
    body = {"location": location, "sku": {"name": sku_name}, "kind": kind}
    with conn.storage() as client, azure_errors(f"create storage account '{account}'"):
        poller = client.storage_accounts.begin_create(resource_group_name, account, body, polling_interval=1)
        acc = poller.result()
    return _account_record(acc, resource_group_name, _key_fetcher(conn, resource_group_name, account), conn.verify)


def get_storage_account(*, resource_group_name: str | None = None, name: str | None = None,
                        subscription_id: str | None = None, profile: AzProfile | None = None,
                        reporter: Reporter | None = None) -> list[AzRecord]:
    profile, rep = pick(profile, reporter)
    conn = connect(profile, rep, subscription_id)
    with conn.storage() as client, azure_errors("read storage accounts"):
        if resource_group_name and name:
            with not_found(f"The Resource 'Microsoft.Storage/storageAccounts/{name}' under resource group "
                           f"'{resource_group_name}' was not found.", name):
                accounts = [client.storage_accounts.get_properties(resource_group_name, name)]
        elif resource_group_name:
            accounts = list(client.storage_accounts.list_by_resource_group(resource_group_name))
        else:
            accounts = list(client.storage_accounts.list())
    if name and not resource_group_name:
        accounts = [a for a in accounts if like(a.name, name)]
    out = []
    for acc in accounts:
        rg = resource_group_of(acc.id or "") or (resource_group_name or "")
        out.append(_account_record(acc, rg, _key_fetcher(conn, rg, acc.name), conn.verify))
    return out


def get_storage_account_key(*, resource_group_name: str, name: str, subscription_id: str | None = None,
                            profile: AzProfile | None = None, reporter: Reporter | None = None) -> list[AzRecord]:
    profile, rep = pick(profile, reporter)
    conn = connect(profile, rep, subscription_id)
    return [record(T_STORAGE_KEY, [("KeyName", n), ("Value", v), ("Permissions", p)])
            for n, v, p in list_keys(conn, resource_group_name, name)]


def account_blob_endpoint(profile: AzProfile, rep: Reporter, account: str) -> tuple[str, str] | None:
    """(blob endpoint, resource group) of an account of the current subscription, or None."""
    if profile.context is None:
        return None
    try:
        found = get_storage_account(name=account, profile=profile, reporter=rep)
    except AzsError as exc:  # not signed in in this session, or ARM unreachable: the suffix will do
        rep.verbose(f"Could not look the account up through ARM ({exc.record.error_id}); using the endpoint suffix.")
        return None
    for acc in found:
        blob = acc.get("PrimaryEndpoints").get("Blob")
        if blob:
            return blob, acc.get("ResourceGroupName")
    return None


# -- data plane ----------------------------------------------------------------------------------------


def _key_credential(account: str, key: str) -> dict[str, str]:
    """What the blob SDK signs requests with; the key is remembered so that no message can show it."""
    remember_secret(key)
    return {"account_name": account, "account_key": key}


def _parse_connection_string(text: str) -> dict[str, str]:
    fields = {}
    for part in text.split(";"):
        if "=" in part:
            k, v = part.split("=", 1)
            fields[k.strip().casefold()] = v.strip()
    return fields


def new_storage_context(*, storage_account_name: str | None = None, storage_account_key: str | None = None,
                        sas_token: str | None = None, connection_string: str | None = None,
                        endpoint: str | None = None, blob_endpoint: str | None = None, protocol: str = "https",
                        anonymous: bool = False, profile: AzProfile | None = None,
                        reporter: Reporter | None = None) -> StorageContext:
    """A storage context from a key, a SAS or a connection string. The endpoint: -BlobEndpoint, else the
    connection string's, else the account's own (looked up through ARM when signed in), else
    https://<account>.blob.<suffix>/ with the environment's storage suffix (the Hub's) or -Endpoint."""
    profile, rep = pick(profile, reporter)
    verify = verify_setting(profile.folder)
    if connection_string:
        remember_secret(connection_string)
        fields = _parse_connection_string(connection_string)
        name = fields.get("accountname", "")
        key = fields.get("accountkey")
        sas = fields.get("sharedaccesssignature")
        suffix = fields.get("endpointsuffix", "")
        endpoint_url = fields.get("blobendpoint") or (f"{fields.get('defaultendpointsprotocol', 'https')}://{name}.blob.{suffix}/" if suffix else "")
        if not endpoint_url:
            raise ParameterRuleError("ConnectionString", "-ConnectionString has neither BlobEndpoint nor EndpointSuffix.")
        cred: Any = _key_credential(name, key) if key else sas
        return storage_context(name or urlsplit(endpoint_url).hostname or "", endpoint_url, cred, verify, suffix)
    if not storage_account_name:
        raise ParameterRuleError("StorageAccountName", "-StorageAccountName is required (or give -ConnectionString).")
    if protocol.lower() != "https":
        raise ParameterRuleError("Protocol", "-Protocol must be https: keys and SAS tokens are never sent over http.")
    suffix = endpoint or ""
    url = blob_endpoint
    if not url and not endpoint:
        found = account_blob_endpoint(profile, rep, storage_account_name)
        if found:
            url = found[0]
    if not url:
        if not suffix and profile.context is not None:
            suffix = profile.environment(profile.context.environment).storage_endpoint_suffix
        url = f"https://{storage_account_name}.blob.{suffix or 'core.windows.net'}/"
    if storage_account_key:
        credential: Any = _key_credential(storage_account_name, storage_account_key)
    elif sas_token:
        credential = sas_token.lstrip("?")
        remember_secret(credential)
    elif anonymous:
        credential = None
    else:
        raise ParameterRuleError("StorageAccountKey", "Give -StorageAccountKey, -SasToken or -Anonymous.")
    return storage_context(storage_account_name, url, credential, verify, suffix)


def _require_context(context: Any) -> StorageContext:
    if not isinstance(context, StorageContext):
        inner = context.get("Context") if hasattr(context, "get") else None
        if isinstance(inner, StorageContext):
            return inner
        raise ParameterRuleError("Context", "-Context must be a storage context (New-AzStorageContext, or "
                                            "(Get-AzStorageAccount ...).Context).")
    return context


def _check_container(name: Any) -> str:
    text = "" if name is None else str(name)
    if text != "$root" and not CONTAINER_RULE.match(text):
        raise ParameterRuleError("Name", f"Container name '{text}' is invalid: 3-63 lower-case letters, digits and "
                                         "single hyphens, starting and ending with a letter or digit.", value=name)
    return text


def _permission(value: str | None) -> str | None:
    key = (value or "Off").casefold()
    if key not in PERMISSIONS:
        raise ParameterRuleError("Permission", f"-Permission '{value}' is not one of Off, Blob, Container.", value=value)
    return PERMISSIONS[key]


def _container_record(name: str, public: Any, modified: Any, context: StorageContext) -> AzRecord:
    access = {None: "Off", "blob": "Blob", "container": "Container"}.get(public, str(public))
    return record(T_CONTAINER, [("Name", name), ("PublicAccess", access), ("LastModified", modified),
                                ("CloudBlobContainer", None), ("Context", context),
                                ("BlobContainerClient", None)])


def new_storage_container(*, name: str, permission: str | None = None, context: Any,
                          reporter: Reporter | None = None) -> AzRecord:
    rep = reporter or Reporter()
    ctx = _require_context(context)
    container = _check_container(name)
    access = _permission(permission)
    with ctx.blob_service(rep.verbose) as service, azure_errors(f"create container '{container}'"):
        client = service.get_container_client(container)
        client.create_container(public_access=access)
        props = client.get_container_properties()
    return _container_record(container, props.public_access, props.last_modified, ctx)


def set_storage_container_acl(*, name: str, permission: str, context: Any, pass_thru: bool = False,
                              reporter: Reporter | None = None) -> AzRecord | None:
    rep = reporter or Reporter()
    ctx = _require_context(context)
    access = _permission(permission)
    with ctx.blob_service(rep.verbose) as service, azure_errors(f"set the access policy of container '{name}'"):
        client = service.get_container_client(name)
        current = client.get_container_access_policy()
        client.set_container_access_policy(signed_identifiers=current.get("signed_identifiers") or {}, public_access=access)
        props = client.get_container_properties()
    return _container_record(name, props.public_access, props.last_modified, ctx) if pass_thru else None


def get_storage_container(*, name: str | None = None, context: Any, reporter: Reporter | None = None) -> list[AzRecord]:
    rep = reporter or Reporter()
    ctx = _require_context(context)
    with ctx.blob_service(rep.verbose) as service, azure_errors("list containers"):
        items = [c for c in service.list_containers() if not name or fnmatch.fnmatchcase(c.name, name)]
    if name and not items and not has_wildcard(name):
        raise ResourceMissingError(f"Can not find the container '{name}'.", target=name)
    return [_container_record(c.name, c.public_access, c.last_modified, ctx) for c in items]


def _blob_record(props: Any, container: str, ctx: StorageContext) -> AzRecord:
    blob_type = str(getattr(props, "blob_type", "") or "")
    blob_type = {"BlobType.PAGEBLOB": "PageBlob", "BlobType.BLOCKBLOB": "BlockBlob", "BlobType.APPENDBLOB": "AppendBlob"}.get(blob_type, blob_type.replace("BlobType.", ""))
    settings = getattr(props, "content_settings", None)
    return record(T_BLOB, [
        ("Name", props.name), ("BlobType", blob_type), ("Length", props.size),
        ("ContentType", getattr(settings, "content_type", None)),
        ("LastModified", props.last_modified), ("AccessTier", None), ("SnapshotTime", None),
        ("IsDeleted", bool(getattr(props, "deleted", False))), ("Container", container),
        ("ICloudBlob", None), ("Context", ctx),
        ("Uri", f"{ctx.get('BlobEndPoint')}{container}/{props.name}"),
    ])


def get_storage_blob(*, container: str, blob: str | None = None, context: Any,
                     reporter: Reporter | None = None) -> list[AzRecord]:
    rep = reporter or Reporter()
    ctx = _require_context(context)
    with ctx.blob_service(rep.verbose) as service, azure_errors(f"list the blobs of container '{container}'"):
        client = service.get_container_client(container)
        if blob and not has_wildcard(blob):
            with not_found(f"Can not find blob '{blob}' in container '{container}'.", blob):
                return [_blob_record(client.get_blob_client(blob).get_blob_properties(), container, ctx)]
        items = [b for b in client.list_blobs() if not blob or fnmatch.fnmatchcase(b.name, blob)]
    return [_blob_record(b, container, ctx) for b in items]


def remove_storage_blob(*, container: str, blob: str, context: Any, reporter: Reporter | None = None) -> bool:
    rep = reporter or Reporter()
    ctx = _require_context(context)
    with ctx.blob_service(rep.verbose) as service, azure_errors(f"remove blob '{blob}'"):
        with not_found(f"Can not find blob '{blob}' in container '{container}'.", blob):
            service.get_blob_client(container, blob).delete_blob(delete_snapshots="include")
    return True


def _expiry(value: Any, default_hours: float = 1.0) -> dt.datetime:
    if value is None:
        return dt.datetime.now(dt.timezone.utc) + dt.timedelta(hours=default_hours)
    if isinstance(value, dt.datetime):
        return value if value.tzinfo else value.astimezone(dt.timezone.utc)
    try:
        parsed = dt.datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    except ValueError:
        raise ParameterRuleError("ExpiryTime", f"-ExpiryTime '{value}' is not a date/time.") from None
    return parsed if parsed.tzinfo else parsed.astimezone(dt.timezone.utc)


BLOB_SAS_PERMISSIONS = "racwd"
CONTAINER_SAS_PERMISSIONS = "racwdl"
ACCOUNT_SAS_PERMISSIONS = "rwdlacup"
"""The letters signed version 2019-07-07 knows, in the order the service expects them (later versions add
x, t, f, i..., which a Hub does not)."""


def _sas_permission(value: str | None, allowed: str) -> str:
    text = (value or "r").strip()
    bad = sorted({c for c in text if c not in allowed})
    if bad or not text:
        raise ParameterRuleError("Permission", f"-Permission '{text}' has letters that do not apply ({', '.join(bad)}); "
                                               f"use some of '{allowed}' (r read, w write, d delete, l list...).")
    return "".join(c for c in allowed if c in text)


def _signing(context: Any, permission: str | None, allowed: str, expiry_time: Any,
             start_time: Any, protocol: str = "https", ip: str | None = None) -> tuple[StorageContext, str, SasTerms]:
    """The context, its account key and the SAS terms every token cmdlet signs with."""
    ctx = _require_context(context)
    key = ctx.account_key
    if not key:
        raise ParameterRuleError("Context", "A SAS token needs a context made with the account key "
                                            "(New-AzStorageContext -StorageAccountKey, or the account's .Context).")
    terms = SasTerms(permission=_sas_permission(permission, allowed), expiry=_expiry(expiry_time),
                     start=_expiry(start_time, 0) if start_time else None, protocol=protocol, ip=ip or "")
    return ctx, key, terms


def new_blob_sas_token(*, container: str, blob: str, permission: str | None = "r", expiry_time: Any = None,
                       start_time: Any = None, full_uri: bool = False, context: Any) -> str:
    """A blob SAS signed with the account key in the 2019-07-07 format a Hub accepts (sas.py)."""
    ctx, key, terms = _signing(context, permission, BLOB_SAS_PERMISSIONS, expiry_time, start_time)
    token = service_sas(ctx.get("StorageAccountName"), key, container, blob, terms)
    remember_secret(token.rsplit("sig=", 1)[-1])
    return f"{ctx.get('BlobEndPoint')}{container}/{blob}?{token}" if full_uri else f"?{token}"


def new_container_sas_token(*, name: str, permission: str | None = "r", expiry_time: Any = None,
                            start_time: Any = None, full_uri: bool = False, context: Any) -> str:
    """A container SAS signed with the account key in the 2019-07-07 format a Hub accepts (sas.py)."""
    ctx, key, terms = _signing(context, permission, CONTAINER_SAS_PERMISSIONS, expiry_time, start_time)
    token = service_sas(ctx.get("StorageAccountName"), key, name, None, terms)
    remember_secret(token.rsplit("sig=", 1)[-1])
    return f"{ctx.get('BlobEndPoint')}{name}?{token}" if full_uri else f"?{token}"


_SERVICES = {"blob": "b", "file": "f", "queue": "q", "table": "t"}
_RESOURCE_TYPES = {"service": "s", "container": "c", "object": "o"}


def _flags(value: Any, names: dict[str, str], parameter: str) -> str:
    """'Blob,Queue' or @('Blob','Queue') as the letters of an account SAS, in the service's order."""
    items = value if isinstance(value, (list, tuple)) else str(value or "").split(",")
    wanted = {str(i).strip().casefold() for i in items if str(i).strip()}
    unknown = sorted(w for w in wanted if w not in names)
    if unknown or not wanted:
        raise ParameterRuleError(parameter, f"-{parameter} '{', '.join(sorted(wanted))}' is not valid; use some of "
                                            f"{', '.join(n.title() for n in names)}.", value=value)
    return "".join(letter for name, letter in names.items() if name in wanted)


def new_account_sas_token(*, service: Any, resource_type: Any, permission: str | None = "r", expiry_time: Any = None,
                          start_time: Any = None, protocol: str | None = None, ip_address_or_range: str | None = None,
                          context: Any) -> str:
    """An account SAS (New-AzStorageAccountSASToken) in the 2019-07-07 format a Hub accepts (sas.py)."""
    spr = {"httpsonly": "https", "httpsorhttp": "https,http", "": "https"}.get(str(protocol or "").casefold())
    if spr is None:
        raise ParameterRuleError("Protocol", f"-Protocol '{protocol}' is not HttpsOnly or HttpsOrHttp.", value=protocol)
    ctx, key, terms = _signing(context, permission, ACCOUNT_SAS_PERMISSIONS, expiry_time, start_time, spr,
                               ip_address_or_range)
    token = account_sas(ctx.get("StorageAccountName"), key, _flags(service, _SERVICES, "Service"),
                        _flags(resource_type, _RESOURCE_TYPES, "ResourceType"), terms)
    remember_secret(token.rsplit("sig=", 1)[-1])
    return f"?{token}"


def _copy_record(props: Any, container: str, blob: str) -> AzRecord:
    copy = props.copy
    return record(T_COPY_STATE, [
        ("CopyId", copy.id), ("CompletionTime", copy.completion_time), ("Status", str(copy.status or "").title() or None),
        ("Source", redact(str(copy.source or "")) or None), ("BytesCopied", _progress(copy.progress, 0)),
        ("TotalBytes", _progress(copy.progress, 1)), ("StatusDescription", copy.status_description),
        ("Container", container), ("Blob", blob),
    ])


def _progress(text: Any, index: int) -> int | None:
    try:
        return int(str(text).split("/")[index])
    except (ValueError, IndexError):
        return None


def start_blob_copy(*, absolute_uri: str, dest_container: str, dest_blob: str, dest_context: Any,
                    force: bool = False, reporter: Reporter | None = None) -> AzRecord:
    """Start a server-side copy of a blob (any readable URI: public, or with a SAS) into the destination."""
    rep = reporter or Reporter()
    ctx = _require_context(dest_context)
    with ctx.blob_service(rep.verbose) as service, azure_errors(f"copy into blob '{dest_blob}'"):
        client = service.get_blob_client(dest_container, dest_blob)
        if not force and client.exists():
            raise ResourceConflictError(f"The blob '{dest_blob}' already exists in '{dest_container}'; use -Force to overwrite it.")
        client.start_copy_from_url(absolute_uri)
        props = client.get_blob_properties()
    return _blob_record(props, dest_container, ctx)


def get_blob_copy_state(*, container: str, blob: str, context: Any, wait_for_complete: bool = False,
                        reporter: Reporter | None = None) -> AzRecord:
    rep = reporter or Reporter()
    ctx = _require_context(context)
    with ctx.blob_service(rep.verbose) as service, azure_errors(f"read the copy state of blob '{blob}'"):
        client = service.get_blob_client(container, blob)
        props = client.get_blob_properties()
        while wait_for_complete and str(props.copy.status or "").lower() == "pending" and not rep.cancelled():
            sleep_for(rep, 1.0)
            props = client.get_blob_properties()
    return _copy_record(props, container, blob)


# -- cmdlets ------------------------------------------------------------------------------------------


@cmdlet("New-AzStorageAccount", module=MODULE_STORAGE, synopsis="Creates a storage account.", output_type=("PSStorageAccount",))
@parameter("ResourceGroupName", type="string", position=0, mandatory=True, help="Resource group.")
@parameter("Name", type="string", position=1, mandatory=True, aliases=("StorageAccountName", "AccountName"), help="3-24 lower-case letters and digits.")
@parameter("SkuName", type="string", position=2, mandatory=True, aliases=("StorageAccountType", "AccountType", "Type"),
           validate_set=("Standard_LRS", "Standard_GRS", "Standard_RAGRS", "Standard_ZRS", "Premium_LRS"), help="SKU.")
@parameter("Location", type="string", position=3, mandatory=True, help="Location.")
@parameter("Kind", type="string", validate_set=("Storage", "StorageV2", "BlobStorage", "BlockBlobStorage", "FileStorage"),
           default="Storage", help="Kind; Storage (general-purpose v1, the only kind a Hub offers) by default.")
def new_az_storage_account(ctx: Any, **p: Any) -> Any:
    return run(ctx, lambda: new_storage_account(resource_group_name=p["resource_group_name"], name=p["name"],
                                                location=p["location"], sku_name=p["sku_name"], kind=p["kind"],
                                                profile=ctx_profile(ctx), reporter=ctx_reporter(ctx)))


@cmdlet("Get-AzStorageAccount", module=MODULE_STORAGE, synopsis="Gets storage accounts.", output_type=("PSStorageAccount",))
@parameter("ResourceGroupName", type="string", position=0, value_from_pipeline_by_property_name=True, help="Resource group.")
@parameter("Name", type="string", position=1, aliases=("StorageAccountName", "AccountName"), help="Account name.")
def get_az_storage_account(ctx: Any, **p: Any) -> Any:
    return lookup(ctx, lambda: get_storage_account(resource_group_name=p["resource_group_name"], name=p["name"],
                                                   profile=ctx_profile(ctx), reporter=ctx_reporter(ctx)))


@cmdlet("Get-AzStorageAccountKey", module=MODULE_STORAGE, synopsis="Gets the access keys of a storage account.")
@parameter("ResourceGroupName", type="string", position=0, mandatory=True, help="Resource group.")
@parameter("Name", type="string", position=1, mandatory=True, aliases=("StorageAccountName", "AccountName"), help="Account name.")
def get_az_storage_account_key(ctx: Any, **p: Any) -> Any:
    return lookup(ctx, lambda: get_storage_account_key(resource_group_name=p["resource_group_name"], name=p["name"],
                                                       profile=ctx_profile(ctx), reporter=ctx_reporter(ctx)))


@cmdlet("New-AzStorageContext", module=MODULE_STORAGE, synopsis="Creates a storage context (key, SAS or connection string).")
@parameter("StorageAccountName", type="string", position=0, help="Account name.")
@parameter("StorageAccountKey", type="string", position=1, help="Account key.")
@parameter("SasToken", type="string", help="SAS token.")
@parameter("ConnectionString", type="string", help="Connection string.")
@parameter("Endpoint", type="string", help="Storage endpoint suffix (default: the environment's).")
@parameter("BlobEndpoint", type="string", help="Blob service endpoint URL.")
@parameter("Protocol", type="string", validate_set=("Http", "Https"), default="Https", help="Https only.")
@parameter("Anonymous", switch=True, help="No credential.")
def new_az_storage_context(ctx: Any, **p: Any) -> Any:
    return run(ctx, lambda: new_storage_context(
        storage_account_name=p["storage_account_name"], storage_account_key=p["storage_account_key"], sas_token=p["sas_token"],
        connection_string=p["connection_string"], endpoint=p["endpoint"], blob_endpoint=p["blob_endpoint"],
        protocol=p["protocol"] or "https", anonymous=p["anonymous"], profile=ctx_profile(ctx), reporter=ctx_reporter(ctx)))


@cmdlet("New-AzStorageContainer", module=MODULE_STORAGE,
        synopsis="Creates a blob container.")
@parameter("Name", type="string", position=0, mandatory=True, aliases=("N", "Container"), help="Container name.")
@parameter("Permission", type="string", position=1, validate_set=("Off", "Blob", "Container"), aliases=("PublicAccess",), help="Public access.")
@parameter("Context", type="object", mandatory=True, value_from_pipeline_by_property_name=True, help="Storage context.")
def new_az_storage_container(ctx: Any, **p: Any) -> Any:
    return run(ctx, lambda: new_storage_container(name=p["name"], permission=p["permission"], context=p["context"],
                                                  reporter=ctx_reporter(ctx)))


@cmdlet("Get-AzStorageContainer", module=MODULE_STORAGE, synopsis="Lists blob containers.")
@parameter("Name", type="string", position=0, aliases=("N", "Container"), help="Name (wildcards allowed).")
@parameter("Context", type="object", mandatory=True, value_from_pipeline_by_property_name=True, help="Storage context.")
def get_az_storage_container(ctx: Any, **p: Any) -> Any:
    return lookup(ctx, lambda: get_storage_container(name=p["name"], context=p["context"], reporter=ctx_reporter(ctx)))


@cmdlet("Set-AzStorageContainerAcl", module=MODULE_STORAGE, synopsis="Sets a container's public access.")
@parameter("Name", type="string", position=0, mandatory=True, aliases=("N", "Container"), help="Container name.")
@parameter("Permission", type="string", position=1, mandatory=True, validate_set=("Off", "Blob", "Container"), aliases=("PublicAccess",), help="Public access.")
@parameter("Context", type="object", mandatory=True, value_from_pipeline_by_property_name=True, help="Storage context.")
@parameter("PassThru", switch=True, help="Write the container.")
def set_az_storage_container_acl(ctx: Any, **p: Any) -> Any:
    return run(ctx, lambda: set_storage_container_acl(name=p["name"], permission=p["permission"], context=p["context"],
                                                      pass_thru=p["pass_thru"], reporter=ctx_reporter(ctx)))


@cmdlet("Get-AzStorageBlob", module=MODULE_STORAGE, synopsis="Lists or gets blobs.")
@parameter("Container", type="string", position=0, mandatory=True, value_from_pipeline_by_property_name=True, help="Container.")
@parameter("Blob", type="string", position=1, aliases=("Name",), help="Blob name (wildcards allowed).")
@parameter("Context", type="object", mandatory=True, value_from_pipeline_by_property_name=True, help="Storage context.")
def get_az_storage_blob(ctx: Any, **p: Any) -> Any:
    return lookup(ctx, lambda: get_storage_blob(container=p["container"], blob=p["blob"], context=p["context"],
                                                reporter=ctx_reporter(ctx)))


@cmdlet("Remove-AzStorageBlob", module=MODULE_STORAGE, supports_should_process=True, synopsis="Removes a blob.")
@parameter("Container", type="string", position=1, mandatory=True, value_from_pipeline_by_property_name=True, help="Container.")
@parameter("Blob", type="string", position=0, mandatory=True, value_from_pipeline_by_property_name=True, aliases=("Name",), help="Blob name.")
@parameter("Context", type="object", mandatory=True, value_from_pipeline_by_property_name=True, help="Storage context.")
@parameter("Force", switch=True, help="Do not ask.")
@parameter("PassThru", switch=True, help="Write $true.")
def remove_az_storage_blob(ctx: Any, **p: Any) -> Any:
    if not confirm(ctx, f"{p['container']}/{p['blob']}", "Remove blob", force=p["force"], impact="Medium"):
        return None
    done = run(ctx, lambda: remove_storage_blob(container=p["container"], blob=p["blob"], context=p["context"],
                                                reporter=ctx_reporter(ctx)))
    return done if p["pass_thru"] else None


@cmdlet("New-AzStorageBlobSASToken", module=MODULE_STORAGE, synopsis="Makes a SAS token (or full URI) for a blob.")
@parameter("Container", type="string", position=0, mandatory=True, help="Container.")
@parameter("Blob", type="string", position=1, mandatory=True, help="Blob.")
@parameter("Permission", type="string", help="Letters of r, a, c, w, d (default r).")
@parameter("ExpiryTime", type="datetime", help="Expiry (default: in one hour).")
@parameter("StartTime", type="datetime", help="Start.")
@parameter("FullUri", switch=True, help="Return the blob URI with the token.")
@parameter("Context", type="object", mandatory=True, help="Storage context (with the account key).")
def new_az_storage_blob_sas_token(ctx: Any, **p: Any) -> Any:
    return run(ctx, lambda: new_blob_sas_token(container=p["container"], blob=p["blob"], permission=p["permission"],
                                               expiry_time=p["expiry_time"], start_time=p["start_time"],
                                               full_uri=p["full_uri"], context=p["context"]))


@cmdlet("New-AzStorageContainerSASToken", module=MODULE_STORAGE, synopsis="Makes a SAS token (or full URI) for a container.")
@parameter("Name", type="string", position=0, mandatory=True, aliases=("N", "Container"), help="Container.")
@parameter("Permission", type="string", help="Letters of r, a, c, w, d, l (default r).")
@parameter("ExpiryTime", type="datetime", help="Expiry (default: in one hour).")
@parameter("StartTime", type="datetime", help="Start.")
@parameter("FullUri", switch=True, help="Return the container URI with the token.")
@parameter("Context", type="object", mandatory=True, help="Storage context (with the account key).")
def new_az_storage_container_sas_token(ctx: Any, **p: Any) -> Any:
    return run(ctx, lambda: new_container_sas_token(name=p["name"], permission=p["permission"], expiry_time=p["expiry_time"],
                                                    start_time=p["start_time"], full_uri=p["full_uri"], context=p["context"]))


@cmdlet("New-AzStorageAccountSASToken", module=MODULE_STORAGE,
        synopsis="Makes an account SAS token (signed version 2019-07-07, which a Hub accepts).")
@parameter("Service", type="string[]", mandatory=True, help="Blob, File, Queue, Table (a Hub has no File).")
@parameter("ResourceType", type="string[]", mandatory=True, help="Service, Container, Object.")
@parameter("Permission", type="string", help="Letters of r, w, d, l, a, c, u, p (default r).")
@parameter("Protocol", type="string", validate_set=("HttpsOnly", "HttpsOrHttp"), help="HttpsOnly (default).")
@parameter("IPAddressOrRange", type="string", help="An IP address or range (a.b.c.d-e.f.g.h).")
@parameter("StartTime", type="datetime", help="Start.")
@parameter("ExpiryTime", type="datetime", help="Expiry (default: in one hour).")
@parameter("Context", type="object", mandatory=True, help="Storage context (with the account key).")
def new_az_storage_account_sas_token(ctx: Any, **p: Any) -> Any:
    return run(ctx, lambda: new_account_sas_token(
        service=p["service"], resource_type=p["resource_type"], permission=p["permission"],
        expiry_time=p["expiry_time"], start_time=p["start_time"], protocol=p["protocol"],
        ip_address_or_range=p["ip_address_or_range"], context=p["context"]))


@cmdlet("Start-AzStorageBlobCopy", module=MODULE_STORAGE, synopsis="Starts a server-side blob copy.")
@parameter("AbsoluteUri", type="string", aliases=("SrcUri", "SourceUri"), mandatory=True, help="Readable source URI (public or with a SAS).")
@parameter("DestContainer", type="string", mandatory=True, help="Destination container.")
@parameter("DestBlob", type="string", mandatory=True, help="Destination blob.")
@parameter("DestContext", type="object", mandatory=True, help="Destination storage context.")
@parameter("Force", switch=True, help="Overwrite the destination.")
def start_az_storage_blob_copy(ctx: Any, **p: Any) -> Any:
    return run(ctx, lambda: start_blob_copy(absolute_uri=p["absolute_uri"], dest_container=p["dest_container"],
                                            dest_blob=p["dest_blob"], dest_context=p["dest_context"], force=p["force"],
                                            reporter=ctx_reporter(ctx)))


@cmdlet("Get-AzStorageBlobCopyState", module=MODULE_STORAGE, synopsis="Gets the state of a blob copy.")
@parameter("Container", type="string", position=1, mandatory=True, help="Container.")
@parameter("Blob", type="string", position=0, mandatory=True, help="Blob.")
@parameter("Context", type="object", mandatory=True, help="Storage context.")
@parameter("WaitForComplete", switch=True, help="Wait until the copy is no longer pending.")
def get_az_storage_blob_copy_state(ctx: Any, **p: Any) -> Any:
    return lookup(ctx, lambda: get_blob_copy_state(container=p["container"], blob=p["blob"], context=p["context"],
                                                   wait_for_complete=p["wait_for_complete"], reporter=ctx_reporter(ctx)))


COMMANDS = (new_az_storage_account, get_az_storage_account, get_az_storage_account_key, new_az_storage_context,
            new_az_storage_container, get_az_storage_container, set_az_storage_container_acl, get_az_storage_blob,
            remove_az_storage_blob, new_az_storage_blob_sas_token, new_az_storage_container_sas_token,
            new_az_storage_account_sas_token,
            start_az_storage_blob_copy, get_az_storage_blob_copy_state)
