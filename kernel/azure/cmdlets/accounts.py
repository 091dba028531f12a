"""Az.Accounts: environments, sign-in and context (Add-/Get-AzEnvironment, Connect-/Disconnect-AzAccount,
Get-/Set-AzContext, Get-AzSubscription, Get-AzLocation) and their Python functions.

Connect-AzAccount gets a token at once (so a wrong secret fails here, not at the next command), lists the
subscriptions the account sees, and picks -Subscription (name or id) or the first one. The context is
saved without secrets (context.py). No SDK import at module level.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any, Final

from azskernel.runtime.cmdlet import cmdlet, parameter, snake_case

from ..clients import ArmClient, Connection
from ..context import AzAccount, AzContext, AzProfile, AzSubscription
from ..credentials import (
    StaticTokenCredential,
    certificate_credential,
    device_code_credential,
    resolve_tenant,
    secret_credential,
    token_claims,
)
from ..discovery import discover, normalise_arm
from ..environment import BUILT_IN, AzEnvironment
from ..errors import ParameterRuleError, ResourceMissingError, azure_errors
from ..events import Reporter
from ..records import (
    AzRecord,
    context_record,
    environment_record,
    location_record,
    profile_record,
    subscription_record,
)
from ..redaction import remember_secret
from ..trust import verify_setting
from ._support import (
    MODULE_ACCOUNTS,
    confirm,
    connect,
    ctx_profile,
    ctx_reporter,
    like,
    list_locations,
    lookup,
    pick,
    resolve_path,
    run,
)

# -- environments ------------------------------------------------------------------------------------


MANUAL_ENDPOINTS: Final = (
    # Add-AzEnvironment's "Name" parameter set (Az.Accounts AddAzureRMEnvironment.cs): the endpoints given as
    # they are, no discovery. (parameter, AzEnvironment field or None when only recorded)
    ("ResourceManagerEndpoint", "resource_manager_url"),
    ("ActiveDirectoryEndpoint", "active_directory_authority"),
    ("ActiveDirectoryServiceEndpointResourceId", "audience"),
    ("StorageEndpoint", "storage_endpoint_suffix"),
    ("GalleryEndpoint", "gallery_url"),
    ("GraphEndpoint", "graph_url"),
    ("GraphAudience", "graph_audience"),
    ("ManagementPortalUrl", "management_portal_url"),
    ("AzureKeyVaultDnsSuffix", "key_vault_dns_suffix"),
    ("AzureKeyVaultServiceEndpointResourceId", "key_vault_resource_id"),
    ("AdTenant", "ad_tenant"),
    ("PublishSettingsFileUrl", None),
    ("ServiceEndpoint", None),
    ("TrafficManagerDnsSuffix", None),
    ("SqlDatabaseDnsSuffix", None),
    ("AzureDataLakeStoreFileSystemEndpointSuffix", None),
    ("AzureDataLakeAnalyticsCatalogAndJobEndpointSuffix", None),
    ("DataLakeAudience", None),
    ("BatchEndpointResourceId", None),
    ("AzureOperationalInsightsEndpointResourceId", None),
    ("AzureOperationalInsightsEndpoint", None),
    ("AzureAnalysisServicesEndpointSuffix", None),
    ("AzureAnalysisServicesEndpointResourceId", None),
    ("AzureAttestationServiceEndpointSuffix", None),
    ("AzureAttestationServiceEndpointResourceId", None),
    ("AzureSynapseAnalyticsEndpointSuffix", None),
    ("AzureSynapseAnalyticsEndpointResourceId", None),
    ("ContainerRegistryEndpointSuffix", None),
    ("MicrosoftGraphEndpointResourceId", None),
    ("MicrosoftGraphUrl", None),
)
DISCOVERY_EXTRAS: Final = (
    # Also taken with -ARMEndpoint (recorded as given): the "ARMEndpoint" set's other parameters.
    "DataLakeAudience", "BatchEndpointResourceId", "AzureOperationalInsightsEndpointResourceId",
    "AzureOperationalInsightsEndpoint", "AzureAnalysisServicesEndpointSuffix", "AzureAnalysisServicesEndpointResourceId",
    "AzureAttestationServiceEndpointSuffix", "AzureAttestationServiceEndpointResourceId",
    "AzureSynapseAnalyticsEndpointSuffix", "AzureSynapseAnalyticsEndpointResourceId", "ContainerRegistryEndpointSuffix",
)


def add_environment(
    *,
    name: str,
    arm_endpoint: str | None = None,
    storage_endpoint: str | None = None,
    azure_key_vault_dns_suffix: str | None = None,
    azure_key_vault_service_endpoint_resource_id: str | None = None,
    enable_adfs_authentication: bool | None = None,
    endpoints: dict[str, str] | None = None,
    profile: AzProfile | None = None,
    reporter: Reporter | None = None,
) -> AzRecord:
    """Add-AzEnvironment. With `arm_endpoint`: discover the stamp from its /metadata/endpoints (api-version 1.0)
    and remember it. Without: record the endpoints given (`endpoints` by Add-AzEnvironment's parameter names,
    e.g. {"ResourceManagerEndpoint": ..., "ActiveDirectoryEndpoint": ..., "ActiveDirectoryServiceEndpointResourceId":
    ...}) on the named environment, as Az.Accounts does, with no request."""
    profile, rep = pick(profile, reporter)
    if not name or not name.strip():
        raise ParameterRuleError("Name", "-Name is empty: give the environment a name, e.g. AzureStackAdmin.")
    name = name.strip()
    if any(e.name.casefold() == name.casefold() for e in BUILT_IN):
        raise ParameterRuleError("Name", f"Cannot add built-in or discovered environment {name}.", value=name)
    given = {k: v for k, v in (endpoints or {}).items() if v is not None}
    if arm_endpoint:
        env = discover(name, arm_endpoint, verify=verify_setting(profile.folder), storage_suffix=storage_endpoint,
                       key_vault_suffix=azure_key_vault_dns_suffix,
                       key_vault_resource_id=azure_key_vault_service_endpoint_resource_id, verbose=rep.verbose)
        env = replace(env, type="User-defined",
                      extra_endpoints=tuple((k, str(v)) for k, v in given.items() if k in DISCOVERY_EXTRAS))
    else:
        env = _manual_environment(profile, name, storage_endpoint, azure_key_vault_dns_suffix,
                                  azure_key_vault_service_endpoint_resource_id, enable_adfs_authentication, given)
    profile.add_environment(env)
    return environment_record(env)


def _manual_environment(profile: AzProfile, name: str, storage: str | None, key_vault_suffix: str | None,
                        key_vault_resource: str | None, adfs: bool | None, given: dict[str, str]) -> AzEnvironment:
    """The "Name" set: start from the environment of that name (if any) and set what was given."""
    current = profile.environments.get(name.casefold()) or AzEnvironment(
        name=name, resource_manager_url="", active_directory_authority="", audience="", storage_endpoint_suffix="",
        type="User-defined")
    values = dict(given)
    for key, value in (("StorageEndpoint", storage), ("AzureKeyVaultDnsSuffix", key_vault_suffix),
                       ("AzureKeyVaultServiceEndpointResourceId", key_vault_resource)):
        if value is not None:
            values[key] = value
    changes: dict[str, Any] = {}
    extras = dict(current.extra_endpoints)
    for parameter, attribute in MANUAL_ENDPOINTS:
        if parameter not in values:
            continue
        value = str(values[parameter])
        if parameter == "ActiveDirectoryEndpoint" and value and not value.endswith("/"):
            value += "/"  # Az.Accounts adds the trailing slash to this one endpoint
        if parameter == "ResourceManagerEndpoint" and value:
            value = normalise_arm(value)
        if attribute is None:
            extras[parameter] = value
        else:
            changes[attribute] = value
    if adfs is not None:
        changes["enable_adfs_authentication"] = bool(adfs)
    return replace(current, **changes, extra_endpoints=tuple(extras.items()), type="User-defined")


def get_environment(*, name: str | None = None, profile: AzProfile | None = None) -> list[AzRecord]:
    profile, _ = pick(profile, None)
    envs = profile.all_environments()
    if name:
        envs = [e for e in envs if like(e.name, name)]
    return [environment_record(e) for e in envs]


# -- sign-in -------------------------------------------------------------------------------------------


def _credential_fields(credential: Any) -> tuple[str, str]:
    """(user name, password) of a PSCredential-like object, a (user, password) pair or a dict."""
    if isinstance(credential, (tuple, list)) and len(credential) == 2:
        return str(credential[0]), _plain(credential[1])
    if isinstance(credential, dict):
        lowered = {str(k).casefold(): v for k, v in credential.items()}
        return str(lowered.get("username", "")), _plain(lowered.get("password"))
    user = getattr(credential, "UserName", None) or getattr(credential, "username", None)
    if user is None and hasattr(credential, "get"):
        user = credential.get("UserName")
    password = None
    network = getattr(credential, "GetNetworkCredential", None)
    if callable(network):
        net = network()
        password = getattr(net, "Password", None) or getattr(net, "password", None)
    if password is None:
        password = getattr(credential, "Password", None) or getattr(credential, "password", None)
        if password is None and hasattr(credential, "get"):
            password = credential.get("Password")
    if user is None or password is None:
        raise ParameterRuleError(
            "Credential",
            "-Credential must be a PSCredential whose user name is the application id and whose password is the "
            "client secret (Get-Credential, or New-Object PSCredential($appId, $secureSecret)).",
        )
    return str(user), _plain(password)


def _plain(value: Any) -> str:
    """A SecureString-like value as text (only handed to azure-identity; remembered for redaction)."""
    reveal = getattr(value, "reveal", None)
    if callable(reveal):
        text = str(reveal())
    else:
        inner = (getattr(value, attr, None) for attr in ("plain_text", "value", "_value"))
        text = next((v for v in inner if isinstance(v, str)), None)
        if text is None:
            text = "" if value is None else str(value)
    remember_secret(text)
    return text


def connect_account(
    *,
    environment: str = "AzureCloud",
    service_principal: bool = False,
    credential: Any = None,
    tenant_id: str | None = None,
    application_id: str | None = None,
    certificate_path: str | None = None,
    certificate_thumbprint: str | None = None,
    certificate_password: Any = None,
    use_device_authentication: bool = False,
    access_token: str | None = None,
    account_id: str | None = None,
    subscription: str | None = None,
    profile: AzProfile | None = None,
    reporter: Reporter | None = None,
) -> AzRecord:
    """Sign in (Connect-AzAccount) and set the context; returns the profile record (Account, SubscriptionName,
    TenantId, Environment). Modes: a service principal with a secret (`credential`) or a certificate
    (`certificate_path`, or `certificate_thumbprint` naming a PEM in the config folder's certificates/),
    device code, or an access token."""
    profile, rep = pick(profile, reporter)
    env = profile.environment(environment)
    tenant = resolve_tenant(env, tenant_id) if not access_token else (tenant_id or ("adfs" if env.enable_adfs_authentication else ""))
    kind = "ServicePrincipal"
    cert_path = ""
    if access_token:
        remember_secret(access_token)
        cred: Any = StaticTokenCredential(access_token)
        claims = token_claims(access_token)
        account = account_id or str(claims.get("upn") or claims.get("unique_name") or claims.get("appid") or "AccessToken")
        tenant = tenant or str(claims.get("tid") or "")
        kind = "AccessToken"
    elif certificate_path or certificate_thumbprint:
        if not application_id:
            raise ParameterRuleError("ApplicationId", "-ApplicationId is required with -CertificatePath or -CertificateThumbprint.")
        cert_path = certificate_path or _certificate_by_thumbprint(profile, certificate_thumbprint or "")
        password = _plain(certificate_password) if certificate_password is not None else None
        cred = certificate_credential(env, tenant, application_id, cert_path, profile.folder, password)
        account = application_id
        cert_path = str(Path(cert_path).expanduser().resolve())
    elif credential is not None or service_principal:
        if credential is None:
            raise ParameterRuleError(
                "Credential", "-ServicePrincipal needs -Credential (application id and secret) or -CertificatePath "
                "with -ApplicationId.")
        app_id, secret = _credential_fields(credential)
        cred = secret_credential(env, tenant, app_id, secret, profile.folder)
        account = app_id
    else:
        # Without a credential Connect-AzAccount signs a user in; in a terminal or a notebook the device
        # code flow is the one that works everywhere (no browser redirect to this machine).
        cred = device_code_credential(env, tenant, profile.folder, rep.event)
        account = ""
        kind = "User"

    scopes = env.scopes()
    with azure_errors(f"sign in to '{env.name}'", url=env.authority_host):
        if kind == "User":
            record = cred.authenticate(scopes=scopes)
            account = record.username or "user"
            tenant = record.tenant_id or tenant
        else:
            cred.get_token(*scopes)

    conn = Connection(env, cred, "", verify_setting(profile.folder), rep.verbose)
    subs = _list_subscriptions(conn, tenant)
    chosen = _choose(subs, subscription) if subs else None
    if subscription and chosen is None:
        raise ResourceMissingError(
            f"The subscription '{subscription}' is not visible to '{account}' on '{env.name}'. Visible: {_names(subs)}.",
            target=subscription,
        )
    if not subs:
        rep.warning(f"The account '{account}' sees no subscription on '{env.name}'.")
    # AD FS signs in with the tenant 'adfs'; the context shows the directory id the subscriptions carry, as Az does.
    if (not tenant or tenant == "adfs") and chosen is not None and chosen.tenant_id:
        tenant = chosen.tenant_id
    ctx = AzContext(env.name, AzAccount(account, kind, cert_path), tenant, chosen)
    profile.subscriptions = subs
    profile.set_context(ctx, cred)
    return _usable_as_default_profile(profile_record(ctx, env), profile)


def _usable_as_default_profile(rec: AzRecord, profile: AzProfile) -> AzRecord:
    """A context or profile record that -DefaultProfile can run a command with later (the credential stays in
    Python; the record's properties never show it)."""
    for target in (rec, rec.get("Context") if rec.has("Context") else None):
        if target is not None and profile.context is not None:
            target.__dict__.update(_azs_context=profile.context, _azs_profile=profile,
                                   _azs_credential=profile.credential)
    return rec


def _certificate_by_thumbprint(profile: AzProfile, thumbprint: str) -> str:
    """Linux has no certificate store: a thumbprint names `<config>/certificates/<THUMBPRINT>.pem`."""
    folder = profile.folder / "certificates"
    wanted = thumbprint.replace(" ", "").upper()
    candidate = folder / f"{wanted}.pem"
    if candidate.is_file():
        return str(candidate)
    raise ParameterRuleError(
        "CertificateThumbprint",
        f"No certificate with thumbprint {wanted} was found: on this system certificates are looked up as "
        f"{candidate} (PEM with the private key), or give -CertificatePath.",
    )


def _list_subscriptions(conn: Connection, tenant: str) -> list[AzSubscription]:
    with ArmClient(conn) as arm:
        found = arm.request("GET", "/subscriptions", operation="list subscriptions")
    subs = []
    for raw in found.items:
        subs.append(AzSubscription(
            id=str(raw.get("subscriptionId") or str(raw.get("id", "")).rsplit("/", 1)[-1]),
            name=str(raw.get("displayName") or ""),
            state=str(raw.get("state") or "Enabled"),
            tenant_id=str(raw.get("tenantId") or tenant),
        ))
    return subs


def _choose(subs: list[AzSubscription], wanted: str | None) -> AzSubscription | None:
    if not wanted:
        return subs[0] if subs else None
    for s in subs:
        if s.id.casefold() == wanted.casefold() or s.name.casefold() == wanted.casefold():
            return s
    return None


def _names(subs: list[AzSubscription]) -> str:
    return ", ".join(f"{s.name} ({s.id})" for s in subs) or "none"


def disconnect_account(*, profile: AzProfile | None = None) -> AzRecord | None:
    profile, _ = pick(profile, None)
    ctx = profile.context
    if ctx is None:
        return None
    close = getattr(profile.credential, "close", None)
    if callable(close):
        close()
    profile.subscriptions = []
    profile.set_context(None, None)
    from ..records import T_ACCOUNT, record

    return record(T_ACCOUNT, [("Id", ctx.account.id), ("Type", ctx.account.type), ("Tenants", [ctx.tenant_id]),
                              ("Environment", ctx.environment)])


def get_context(*, profile: AzProfile | None = None) -> AzRecord | None:
    profile, _ = pick(profile, None)
    ctx = profile.context
    if ctx is None:
        return None
    env = profile.environments.get(ctx.environment.casefold())
    return _usable_as_default_profile(context_record(ctx, env), profile)


def set_context(*, subscription: str, tenant_id: str | None = None, profile: AzProfile | None = None,
                reporter: Reporter | None = None) -> AzRecord:
    profile, rep = pick(profile, reporter)
    subs = get_subscription_list(profile, rep, tenant_id=tenant_id)
    chosen = _choose(subs, subscription)
    if chosen is None:
        raise ResourceMissingError(f"The subscription '{subscription}' is not visible; visible: {_names(subs)}.",
                                   target=subscription)
    ctx = profile.with_subscription(chosen)
    env = profile.environment(ctx.environment)
    return context_record(ctx, env)


def get_subscription_list(profile: AzProfile, rep: Reporter, *, tenant_id: str | None = None) -> list[AzSubscription]:
    ctx, env, cred = profile.require()
    conn = Connection(env, cred, "", verify_setting(profile.folder), rep.verbose)
    subs = _list_subscriptions(conn, ctx.tenant_id)
    profile.subscriptions = subs
    return [s for s in subs if not tenant_id or s.tenant_id.casefold() == tenant_id.casefold()]


def get_subscription(*, subscription_id: str | None = None, subscription_name: str | None = None,
                     tenant_id: str | None = None, profile: AzProfile | None = None,
                     reporter: Reporter | None = None) -> list[AzRecord]:
    profile, rep = pick(profile, reporter)
    subs = get_subscription_list(profile, rep, tenant_id=tenant_id)
    if subscription_id:
        subs = [s for s in subs if s.id.casefold() == subscription_id.casefold()]
        if not subs:
            raise ResourceMissingError(f"The subscription '{subscription_id}' is not visible to the current account.",
                                       target=subscription_id)
    if subscription_name:
        subs = [s for s in subs if like(s.name, subscription_name)]
        if not subs:
            raise ResourceMissingError(f"No subscription named '{subscription_name}' is visible to the current account.",
                                       target=subscription_name)
    return [subscription_record(s) for s in subs]


def get_location(*, profile: AzProfile | None = None, reporter: Reporter | None = None) -> list[AzRecord]:
    profile, rep = pick(profile, reporter)
    return [location_record(v) for v in list_locations(connect(profile, rep))]


# -- cmdlets --------------------------------------------------------------------------------------------


def _add_environment_parameters(fn: Any) -> Any:
    """Add-AzEnvironment's parameters as Az.Accounts declares them: the "Name" set records endpoints as given,
    the "ARMEndpoint" set discovers the stamp (both take the storage and Key Vault suffixes)."""
    both = ("Name", "ARMEndpoint")
    manual_only = [p for p, _ in MANUAL_ENDPOINTS if p not in ("StorageEndpoint", "AzureKeyVaultDnsSuffix",
                                                                   "AzureKeyVaultServiceEndpointResourceId")
                   and p not in DISCOVERY_EXTRAS]
    aliases = {"ResourceManagerEndpoint": ("ResourceManager", "ResourceManagerUrl"),
               "ActiveDirectoryEndpoint": ("AdEndpointUrl", "ActiveDirectory", "ActiveDirectoryAuthority"),
               "GalleryEndpoint": ("Gallery", "GalleryUrl"), "GraphEndpoint": ("Graph", "GraphUrl"),
               "GraphAudience": ("GraphEndpointResourceId", "GraphResourceId"),
               "ServiceEndpoint": ("ServiceManagement", "ServiceManagementUrl"),
               "DataLakeAudience": ("DataLakeEndpointResourceId", "DataLakeResourceId"),
               "BatchEndpointResourceId": ("BatchResourceId", "BatchAudience")}
    for extra in reversed(DISCOVERY_EXTRAS):
        fn = parameter(extra, type="string", parameter_sets=both, aliases=aliases.get(extra, ()),
                       value_from_pipeline_by_property_name=True, help="Recorded on the environment as given.")(fn)
    for manual in reversed(manual_only):
        fn = parameter(manual, type="string", parameter_sets=("Name",), aliases=aliases.get(manual, ()),
                       value_from_pipeline_by_property_name=True, help="Recorded on the environment as given (no discovery).")(fn)
    return fn


@cmdlet("Add-AzEnvironment", module=MODULE_ACCOUNTS, default_parameter_set="Name", supports_should_process=True,
        synopsis="Adds an environment: a stamp discovered from its Resource Manager endpoint, or endpoints given one by one.",
        description=("With -ARMEndpoint, reads the stamp's /metadata/endpoints (api-version 1.0, as Az.Accounts does) "
                     "and derives the rest (storage and Key Vault suffixes from the ARM domain unless given). Without "
                     "it, records the endpoints given (-ResourceManagerEndpoint, -ActiveDirectoryEndpoint, "
                     "-ActiveDirectoryServiceEndpointResourceId, -EnableAdfsAuthentication, ...) with no request."),
        examples=(("Add-AzEnvironment -Name AzureStackAdmin -ARMEndpoint https://adminmanagement.local.azurestack.external "
                   "-AzureKeyVaultDnsSuffix adminvault.local.azurestack.external "
                   "-AzureKeyVaultServiceEndpointResourceId https://adminvault.local.azurestack.external",
                   "Reads the stamp's /metadata/endpoints and remembers it for later sessions."),))
@parameter("Name", type="string", position=0, mandatory=True, parameter_sets=("Name", "ARMEndpoint"),
           value_from_pipeline_by_property_name=True, help="The environment's name.")
@parameter("ARMEndpoint", type="string", position=1, mandatory=True, parameter_sets=("ARMEndpoint",), aliases=("ArmUrl",),
           value_from_pipeline_by_property_name=True, help="The stamp's (admin) Resource Manager endpoint, https.")
@parameter("StorageEndpoint", type="string", aliases=("StorageEndpointSuffix",), parameter_sets=("Name", "ARMEndpoint"),
           help="Storage endpoint suffix, if not the ARM domain.")
@parameter("AzureKeyVaultDnsSuffix", type="string", parameter_sets=("Name", "ARMEndpoint"),
           value_from_pipeline_by_property_name=True, help="Key Vault DNS suffix (default vault.<ARM domain>).")
@parameter("AzureKeyVaultServiceEndpointResourceId", type="string", parameter_sets=("Name", "ARMEndpoint"),
           value_from_pipeline_by_property_name=True, help="Key Vault token audience (default https://vault.<ARM domain>).")
@parameter("EnableAdfsAuthentication", switch=True, aliases=("OnPremise",), parameter_sets=("Name",),
           value_from_pipeline_by_property_name=True, help="The environment signs in through AD FS.")
@_add_environment_parameters
def add_az_environment(ctx: Any, **p: Any) -> Any:
    if not confirm(ctx, p["name"], "adding environment", impact="Medium"):
        return None
    bound = getattr(ctx, "bound", None) or {}
    endpoints = {name: p[snake_case(name)] for name, _ in MANUAL_ENDPOINTS if snake_case(name) in p}
    adfs = p["enable_adfs_authentication"] if "EnableAdfsAuthentication" in bound else None
    return run(ctx, lambda: add_environment(
        name=p["name"], arm_endpoint=p["arm_endpoint"], storage_endpoint=p["storage_endpoint"],
        azure_key_vault_dns_suffix=p["azure_key_vault_dns_suffix"],
        azure_key_vault_service_endpoint_resource_id=p["azure_key_vault_service_endpoint_resource_id"],
        enable_adfs_authentication=adfs, endpoints=endpoints, profile=ctx_profile(ctx), reporter=ctx_reporter(ctx)))


def _env_names(prefix: str) -> list[str]:
    return [e.name for e in AzProfile.load().all_environments()]


@cmdlet("Get-AzEnvironment", module=MODULE_ACCOUNTS,
        synopsis="Lists the known environments (built-in clouds and added stamps).")
@parameter("Name", type="string", position=0, completer=_env_names, help="Environment name (wildcards allowed).")
def get_az_environment(ctx: Any, **p: Any) -> Any:
    return get_environment(name=p["name"], profile=ctx_profile(ctx))


@cmdlet("Connect-AzAccount", aliases=("Login-AzAccount", "Add-AzAccount"),
        module=MODULE_ACCOUNTS, default_parameter_set="UserWithSubscriptionId",
        synopsis="Signs in to an environment and sets the context.",
        description=(
            "Service principal with a secret: -ServicePrincipal -Credential (PSCredential: application id, secret) "
            "-TenantId. With a certificate: -ServicePrincipal -ApplicationId -CertificatePath (or -CertificateThumbprint). "
            "A user: -UseDeviceAuthentication shows a URL and a code. -AccessToken uses a token as is. On an AD FS "
            "stamp the tenant is always 'adfs'."),
        examples=(("Connect-AzAccount -Environment AzureStackAdmin -ServicePrincipal -Credential $cred -TenantId $tenant",
                   "Signs a service principal in."),))
@parameter("Environment", type="string", aliases=("EnvironmentName",), completer=_env_names, help="The environment to sign in to.")
@parameter("ServicePrincipal", switch=True, help="Sign in as a service principal.")
@parameter("Credential", type="PSCredential", help="Application id and client secret (service principal).")
@parameter("TenantId", type="string", aliases=("Domain", "Tenant"), help="Directory id or domain (ignored on AD FS).")
@parameter("ApplicationId", type="string", help="Service principal application id (certificate sign-in).")
@parameter("CertificatePath", type="string", path=True, help="PEM or PFX of the service principal.")
@parameter("CertificateThumbprint", type="string", help="Thumbprint of a certificate stored as <config>/certificates/<thumbprint>.pem.")
@parameter("CertificatePassword", type="SecureString", help="Password of a PFX.")
@parameter("UseDeviceAuthentication", switch=True, aliases=("DeviceCode", "DeviceAuth", "Device"), help="Sign a user in with a device code.")
@parameter("AccessToken", type="string", help="Use this access token (not refreshed).")
@parameter("AccountId", type="string", help="The account the access token belongs to.")
@parameter("Subscription", type="string", aliases=("SubscriptionName", "SubscriptionId"), help="Subscription name or id to select.")
def connect_az_account(ctx: Any, **p: Any) -> Any:
    signs_in_a_user = not (p["credential"] or p["certificate_path"] or p["certificate_thumbprint"] or p["access_token"])
    if signs_in_a_user and not p["use_device_authentication"] and not getattr(ctx.host, "interactive", False):
        raise ParameterRuleError(
            "Credential",
            "This session is not interactive, so Connect-AzAccount cannot sign a user in here. Give -ServicePrincipal "
            "-Credential <PSCredential> (application id, secret), -ServicePrincipal -ApplicationId -CertificatePath, "
            "-AccessToken, or -UseDeviceAuthentication (then open the URL it prints on any device).")
    return run(ctx, lambda: connect_account(
        environment=p["environment"] or "AzureCloud", service_principal=p["service_principal"], credential=p["credential"],
        tenant_id=p["tenant_id"], application_id=p["application_id"], certificate_path=resolve_path(ctx, p["certificate_path"]),
        certificate_thumbprint=p["certificate_thumbprint"], certificate_password=p["certificate_password"],
        use_device_authentication=p["use_device_authentication"], access_token=p["access_token"],
        account_id=p["account_id"], subscription=p["subscription"], profile=ctx_profile(ctx),
        reporter=ctx_reporter(ctx, "Connect-AzAccount"),
    ))


@cmdlet("Disconnect-AzAccount", aliases=("Logout-AzAccount",), module=MODULE_ACCOUNTS,
        synopsis="Signs out: forgets the credential and the context.")
def disconnect_az_account(ctx: Any, **p: Any) -> Any:
    return disconnect_account(profile=ctx_profile(ctx))


@cmdlet("Get-AzContext", module=MODULE_ACCOUNTS, synopsis="Gets the current context.")
@parameter("ListAvailable", switch=True, help="All contexts (there is one per session here).")
def get_az_context(ctx: Any, **p: Any) -> Any:
    return get_context(profile=ctx_profile(ctx))


@cmdlet("Set-AzContext", aliases=("Select-AzSubscription",),
        module=MODULE_ACCOUNTS, synopsis="Selects the subscription of the current context.")
@parameter("Subscription", type="string", position=0, mandatory=True, aliases=("SubscriptionId", "SubscriptionName"),
           value_from_pipeline_by_property_name=False, help="Subscription name or id.")
@parameter("Tenant", type="string", aliases=("TenantId",), help="Tenant of the subscription.")
def set_az_context(ctx: Any, **p: Any) -> Any:
    sub = p["subscription"]
    if hasattr(sub, "get") and not isinstance(sub, str):
        sub = sub.get("Id") or sub.get("SubscriptionId")
    return run(ctx, lambda: set_context(subscription=str(sub), tenant_id=p["tenant"], profile=ctx_profile(ctx),
                                        reporter=ctx_reporter(ctx)))


@cmdlet("Get-AzSubscription", module=MODULE_ACCOUNTS,
        synopsis="Lists the subscriptions the signed-in account sees.")
@parameter("SubscriptionId", type="string", help="Only this subscription.")
@parameter("SubscriptionName", type="string", help="Only subscriptions with this name (wildcards allowed).")
@parameter("TenantId", type="string", help="Only subscriptions of this tenant.")
def get_az_subscription(ctx: Any, **p: Any) -> Any:
    return lookup(ctx, lambda: get_subscription(subscription_id=p["subscription_id"], subscription_name=p["subscription_name"],
                                                tenant_id=p["tenant_id"], profile=ctx_profile(ctx), reporter=ctx_reporter(ctx)))


@cmdlet("Get-AzLocation", module=MODULE_ACCOUNTS,
        synopsis="Lists the locations of the current subscription.")
def get_az_location(ctx: Any, **p: Any) -> Any:
    return lookup(ctx, lambda: get_location(profile=ctx_profile(ctx), reporter=ctx_reporter(ctx)))


@cmdlet("Enable-AzureRmAlias", module=MODULE_ACCOUNTS,
        synopsis="Makes the AzureRM command names work (here they always do: Add-AzureRmVhd is Add-AzVhd).")
@parameter("Scope", type="string", validate_set=("Local", "Process", "CurrentUser", "LocalMachine"), help="Ignored.")
@parameter("Module", type="string[]", help="Ignored.")
@parameter("PassThru", switch=True, help="Write the alias names.")
def enable_azure_rm_alias(ctx: Any, **p: Any) -> Any:
    if not p["pass_thru"]:
        return None
    from . import all_commands, azurerm_alias
    from azskernel.runtime.cmdlet import command_info

    return [a for a in (azurerm_alias(command_info(c).name) for c in all_commands()) if a]


COMMANDS = (enable_azure_rm_alias, add_az_environment, get_az_environment, connect_az_account, disconnect_az_account, get_az_context,
            set_az_context, get_az_subscription, get_az_location)
