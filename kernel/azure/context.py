"""The Azure profile of a session: known environments, the current context, the live credential.

Environments and the non-secret part of the context (environment, account id and kind, tenant,
subscription, a certificate's path) persist per user in `<config>/azure/` so that the next session starts
where this one stopped, as Az's context autosave does. Secrets (client secret, access token, token cache)
live only in memory: a restored context signed in with a secret asks for Connect-AzAccount again.
The folder is `$AZS_CONFIG_DIR`, else `$XDG_CONFIG_HOME/azs-notebook`, else `~/.config/azs-notebook`.
No SDK import here.
"""

from __future__ import annotations

import json
import os
import threading
import weakref
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

from .environment import BUILT_IN, AzEnvironment
from .errors import NotSignedInError, ResourceMissingError

CONFIG_ENV = "AZS_CONFIG_DIR"


def config_dir() -> Path:
    explicit = os.environ.get(CONFIG_ENV)
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CONFIG_HOME") or str(Path.home() / ".config")
    return Path(base) / "azs-notebook"


@dataclass(frozen=True)
class AzAccount:
    id: str
    type: str
    """ServicePrincipal, User or AccessToken (Az's AccountType names)."""
    certificate_path: str = ""
    """For a certificate sign-in: where the PEM/PFX is (not a secret); lets a new session sign in again."""


@dataclass(frozen=True)
class AzSubscription:
    id: str
    name: str
    state: str = "Enabled"
    tenant_id: str = ""


@dataclass(frozen=True)
class AzContext:
    environment: str
    account: AzAccount
    tenant_id: str
    subscription: AzSubscription | None = None

    @property
    def name(self) -> str:
        """Az's default context name: `Sub (id) - tenant - account`."""
        if self.subscription is None:
            return f"{self.tenant_id} - {self.account.id}"
        return f"{self.subscription.name} ({self.subscription.id}) - {self.tenant_id} - {self.account.id}"

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @staticmethod
    def from_json(raw: dict[str, Any]) -> AzContext:
        sub = raw.get("subscription")
        return AzContext(
            environment=raw["environment"],
            account=AzAccount(**raw["account"]),
            tenant_id=raw["tenant_id"],
            subscription=AzSubscription(**sub) if sub else None,
        )


@dataclass
class AzProfile:
    """Environments + current context + credential. One per session (see `profile_for`)."""

    folder: Path = field(default_factory=config_dir)
    environments: dict[str, AzEnvironment] = field(default_factory=dict)
    """User-defined and discovered environments, by case-folded name."""
    context: AzContext | None = None
    credential: Any = None
    """The azure-identity credential of the current sign-in; never persisted."""
    subscriptions: list[AzSubscription] = field(default_factory=list)
    """What the last sign-in could see (Get-AzSubscription without a request when fresh)."""
    autosave: bool = True
    _lock: threading.RLock = field(default_factory=threading.RLock, repr=False)

    # persistence ----------------------------------------------------------------------------------

    @property
    def _env_file(self) -> Path:
        return self.folder / "azure" / "environments.json"

    @property
    def _ctx_file(self) -> Path:
        return self.folder / "azure" / "context.json"

    @classmethod
    def load(cls, folder: Path | None = None) -> AzProfile:
        profile = cls(folder=folder or config_dir())
        try:
            raw_envs = json.loads(profile._env_file.read_text(encoding="utf-8"))
            for raw in raw_envs.get("environments", []):
                env = AzEnvironment.from_json(raw)
                profile.environments[env.name.casefold()] = env
        except (FileNotFoundError, ValueError, TypeError, KeyError):
            pass
        try:
            raw_ctx = json.loads(profile._ctx_file.read_text(encoding="utf-8"))
            if raw_ctx.get("context"):
                profile.context = AzContext.from_json(raw_ctx["context"])
        except (FileNotFoundError, ValueError, TypeError, KeyError):
            pass
        return profile

    def save(self) -> None:
        if not self.autosave:
            return
        with self._lock:
            folder = self._env_file.parent
            folder.mkdir(parents=True, exist_ok=True)
            _write_json(self._env_file, {"environments": [e.to_json() for e in self.environments.values()]})
            _write_json(self._ctx_file, {"context": self.context.to_json() if self.context else None})

    # environments ---------------------------------------------------------------------------------

    def all_environments(self) -> list[AzEnvironment]:
        user = [e for e in self.environments.values() if e.name.casefold() not in _BUILT_IN_NAMES]
        return list(BUILT_IN) + sorted(user, key=lambda e: e.name.casefold())

    def environment(self, name: str) -> AzEnvironment:
        env = self.environments.get(name.casefold())
        if env is None:
            env = next((e for e in BUILT_IN if e.name.casefold() == name.casefold()), None)
        if env is None:
            known = ", ".join(e.name for e in self.all_environments())
            raise ResourceMissingError(
                f"The environment '{name}' is not known. Known environments: {known}. Add a stamp with "
                "Add-AzEnvironment -Name <name> -ARMEndpoint <https://adminmanagement.<region>.<fqdn>>.",
                target=name,
            )
        return env

    def add_environment(self, env: AzEnvironment) -> None:
        with self._lock:
            self.environments[env.name.casefold()] = env
            self.save()

    # context --------------------------------------------------------------------------------------

    def set_context(self, context: AzContext | None, credential: Any = None) -> None:
        with self._lock:
            self.context = context
            self.credential = credential
            self.save()

    def with_subscription(self, subscription: AzSubscription) -> AzContext:
        if self.context is None:
            raise self.not_signed_in()
        with self._lock:
            self.context = replace(self.context, subscription=subscription)
            self.save()
            return self.context

    def require(self) -> tuple[AzContext, AzEnvironment, Any]:
        """The context, its environment and a credential, or a clear error saying to sign in."""
        ctx = self.context
        if ctx is None:
            raise self.not_signed_in()
        env = self.environment(ctx.environment)
        if self.credential is None:
            self.credential = self._restore_credential(ctx, env)
        return ctx, env, self.credential

    def _restore_credential(self, ctx: AzContext, env: AzEnvironment) -> Any:
        if ctx.account.type == "ServicePrincipal" and ctx.account.certificate_path:
            from .credentials import certificate_credential, resolve_tenant

            tenant = resolve_tenant(env, ctx.tenant_id)
            return certificate_credential(env, tenant, ctx.account.id, ctx.account.certificate_path, self.folder)
        raise NotSignedInError(
            f"The context for '{ctx.account.id}' on environment '{ctx.environment}' was restored from a previous "
            "session, but its secret is not kept on disk. Run Connect-AzAccount again.",
            target=ctx.name,
        )

    def not_signed_in(self) -> NotSignedInError:
        return NotSignedInError(
            "No Azure context: run Connect-AzAccount first (for a stamp: Add-AzEnvironment -Name AzureStackAdmin "
            "-ARMEndpoint <admin ARM endpoint>, then Connect-AzAccount -Environment AzureStackAdmin ...).",
        )

    def require_subscription(self, subscription_id: str | None = None) -> str:
        if subscription_id:
            return subscription_id
        ctx, _, _ = self.require()
        if ctx.subscription is None:
            raise NotSignedInError(
                f"The account '{ctx.account.id}' has no subscription selected; run Set-AzContext -Subscription <id>.",
            )
        return ctx.subscription.id


_BUILT_IN_NAMES = frozenset(e.name.casefold() for e in BUILT_IN)


def _write_json(path: Path, data: Any) -> None:
    tmp = path.with_suffix(f".{os.getpid()}.{threading.get_ident()}.tmp")
    tmp.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")
    os.replace(tmp, path)


# one profile per session ---------------------------------------------------------------------------

_SESSION_PROFILES: weakref.WeakKeyDictionary[Any, AzProfile] = weakref.WeakKeyDictionary()
_FALLBACK_LOCK = threading.Lock()
_PROCESS_PROFILE: list[AzProfile] = []


def profile_for(session: Any) -> AzProfile:
    """The profile of an engine session, loaded from disk at its first Azure command."""
    with _FALLBACK_LOCK:
        try:
            profile = _SESSION_PROFILES.get(session)
        except TypeError:  # not weak-referenceable: keep it on the object itself
            profile = getattr(session, "_azs_azure_profile", None)
        if profile is None:
            profile = AzProfile.load()
            try:
                _SESSION_PROFILES[session] = profile
            except TypeError:
                session._azs_azure_profile = profile
        return profile


def default_profile() -> AzProfile:
    """The profile the Python API uses when none is passed (one per process, loaded lazily)."""
    with _FALLBACK_LOCK:
        if not _PROCESS_PROFILE:
            _PROCESS_PROFILE.append(AzProfile.load())
        return _PROCESS_PROFILE[0]
