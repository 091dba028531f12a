"""Where a lab keeps its files and what it was started with (identity mode, location, ports).

The config is chosen at the first `azs lab up` and kept in `lab.json` in the data folder, so a restart
serves the same tenant, service principal, ports (when still free) and location.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Final, Literal

Identity = Literal["adfs", "entra"]
IDENTITIES: Final = ("adfs", "entra")
DEFAULT_LOCATION: Final = "local"


def default_data_dir() -> Path:
    """Per-user folder: $XDG_DATA_HOME/azs-notebook/lab, else ~/.local/share/azs-notebook/lab."""
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "azs-notebook" / "lab"


@dataclass(frozen=True)
class LabPaths:
    """Every file of a lab, relative to its data folder."""

    root: Path

    @property
    def config(self) -> Path:
        return self.root / "lab.json"

    @property
    def state(self) -> Path:
        """Written by the running server: pids and ports; removed when it stops."""
        return self.root / "state.json"

    @property
    def database(self) -> Path:
        return self.root / "lab.sqlite3"

    @property
    def log(self) -> Path:
        return self.root / "lab.log"

    @property
    def pki(self) -> Path:
        return self.root / "pki"

    @property
    def ca_bundle(self) -> Path:
        return self.pki / "ca.pem"

    @property
    def azurite(self) -> Path:
        return self.root / "azurite"

    @property
    def principal(self) -> Path:
        """Service principal id and secret (mode 0600)."""
        return self.root / "principal.json"

    @property
    def principal_pem(self) -> Path:
        """Service principal certificate and key, PEM (mode 0600), for CertificateCredential."""
        return self.root / "principal.pem"

    @property
    def faults(self) -> Path:
        return self.root / "faults.json"

    @property
    def azurite_log(self) -> Path:
        return self.root / "azurite.log"

    def foreign_entries(self) -> list[str]:
        """Names in the folder that no lab puts there (a folder with none may become the lab's)."""
        own = {p.name for p in (self.config, self.state, self.database, self.log, self.pki, self.azurite,
                                self.azurite_log, self.principal, self.principal_pem, self.faults)} | {".lock"}
        return sorted(e.name for e in self.root.iterdir()
                      if e.name not in own and not e.name.startswith(self.database.name))


@dataclass(frozen=True)
class Ports:
    admin: int = 0
    user: int = 0
    login: int = 0
    blob: int = 0


@dataclass(frozen=True)
class LabConfig:
    """What a lab serves; persisted in lab.json (no secrets in here)."""

    identity: Identity
    location: str
    tenant_id: str
    """'adfs' in AD FS mode, a GUID in Entra mode."""
    directory_id: str
    """The GUID of the directory, also in AD FS mode (tokens carry it as `tid`)."""
    admin_subscription: str
    user_subscription: str
    admin_audience: str
    user_audience: str
    ports: Ports = field(default_factory=Ports)
    strict: bool = True
    """A real stamp's rules (docs/stamp-fidelity.md); False only with `azs lab up --lax`."""

    def with_ports(self, ports: Ports) -> LabConfig:
        return replace(self, ports=ports)

    # endpoints -----------------------------------------------------------------------------------

    @property
    def admin_arm(self) -> str:
        return f"https://127.0.0.1:{self.ports.admin}/"

    @property
    def user_arm(self) -> str:
        return f"https://127.0.0.1:{self.ports.user}/"

    @property
    def login_host(self) -> str:
        return f"https://127.0.0.1:{self.ports.login}"

    @property
    def login_endpoint(self) -> str:
        """As the metadata document shows it: AD FS ends in /adfs/."""
        return f"{self.login_host}/adfs/" if self.identity == "adfs" else f"{self.login_host}/"

    @property
    def issuer(self) -> str:
        if self.identity == "adfs":
            return f"{self.login_host}/adfs"
        return f"{self.login_host}/{self.tenant_id}/v2.0"

    @property
    def blob_host(self) -> str:
        return f"https://127.0.0.1:{self.ports.blob}"

    @property
    def blob_endpoint_template(self) -> str:
        return f"{self.blob_host}/{{account}}/"

    def blob_endpoint(self, account: str) -> str:
        return f"{self.blob_host}/{account}/"

    # persistence ---------------------------------------------------------------------------------

    def save(self, paths: LabPaths) -> None:
        paths.root.mkdir(parents=True, exist_ok=True)
        paths.config.write_text(json.dumps(asdict(self), indent=2) + "\n", encoding="utf-8")

    @staticmethod
    def load(paths: LabPaths) -> LabConfig | None:
        if not paths.config.exists():
            return None
        raw = json.loads(paths.config.read_text(encoding="utf-8"))
        raw["ports"] = Ports(**raw.get("ports", {}))
        return LabConfig(**raw)
