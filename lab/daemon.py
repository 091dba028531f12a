"""Starting, finding and stopping the background lab process of a data folder.

`up` prepares the folder (config, CA, service principal), spawns `python -m azslab serve`, and returns
once every endpoint answers; a lab already running there is reused. `down` stops the server and Azurite
by the process ids in `state.json` (checking they still are ours).
"""

from __future__ import annotations

import fcntl
import http.client
import json
import os
import shlex
import signal
import socket
import ssl
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from .azurite import ensure_azurite
from .config import IDENTITIES, LabConfig, LabPaths
from .identity.principal import ensure_principal
from .tls import ensure_pki

START_TIMEOUT = 60.0


class LabError(RuntimeError):
    """A lab command cannot do what was asked; the message says why and what to do."""


@dataclass(frozen=True)
class LabEnv:
    """What a client needs to use a lab (`azs lab env`)."""

    admin_arm_endpoint: str
    arm_endpoint: str
    tenant_id: str
    client_id: str
    client_secret: str
    location: str
    ca_bundle: str
    identity: str
    blob_endpoint_template: str
    data_dir: Path
    certificate_path: Path
    """PEM (key + certificate) of the service principal, for CertificateCredential."""
    admin_audience: str
    user_audience: str
    login_endpoint: str

    def __repr__(self) -> str:  # the secret stays out of test reports and tracebacks
        return f"LabEnv(admin_arm_endpoint={self.admin_arm_endpoint!r}, identity={self.identity!r})"

    @property
    def authority(self) -> str:
        """What azure-identity takes as `authority`: the login host, without /adfs."""
        return self.login_endpoint.rstrip("/").removesuffix("/adfs")

    def blob_endpoint(self, account: str) -> str:
        return self.blob_endpoint_template.replace("{account}", account)

    def to_json(self) -> dict[str, str]:
        return {
            "adminArmEndpoint": self.admin_arm_endpoint, "armEndpoint": self.arm_endpoint,
            "tenantId": self.tenant_id, "clientId": self.client_id, "clientSecret": self.client_secret,
            "location": self.location, "caBundle": self.ca_bundle, "identity": self.identity,
            "blobEndpointTemplate": self.blob_endpoint_template,
        }

    def variables(self) -> dict[str, str]:
        return {
            "AZS_LAB_ADMIN_ARM_ENDPOINT": self.admin_arm_endpoint, "AZS_LAB_ARM_ENDPOINT": self.arm_endpoint,
            "AZS_LAB_TENANT_ID": self.tenant_id, "AZS_LAB_CLIENT_ID": self.client_id,
            "AZS_LAB_CLIENT_SECRET": self.client_secret, "AZS_LAB_LOCATION": self.location,
            "AZS_LAB_BLOB_ENDPOINT_TEMPLATE": self.blob_endpoint_template, "AZS_CA_BUNDLE": self.ca_bundle,
        }


def env_of(paths: LabPaths) -> LabEnv:
    config = LabConfig.load(paths)
    if config is None:
        raise LabError(f"there is no lab in {paths.root}: run `azs lab up --data-dir {paths.root}` first")
    sp = ensure_principal(paths)
    return LabEnv(config.admin_arm, config.user_arm, config.tenant_id, sp.client_id, sp.client_secret,
                  config.location, str(paths.ca_bundle), config.identity, config.blob_endpoint_template,
                  paths.root, paths.principal_pem, config.admin_audience, config.user_audience,
                  config.login_endpoint)


# processes ---------------------------------------------------------------------------------------

def _is_ours(pid: int, marker: str) -> bool:
    """Alive and still running what we started (a recycled pid is left alone)."""
    try:
        os.kill(pid, 0)
    except (ProcessLookupError, PermissionError):
        return False
    try:
        cmdline = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return True
    return marker in cmdline


def read_state(paths: LabPaths) -> dict[str, Any] | None:
    try:
        return dict(json.loads(paths.state.read_text(encoding="utf-8")))
    except (OSError, ValueError):
        return None


def _answers(config: LabConfig, ca: Path) -> bool:
    ctx = ssl.create_default_context(cafile=str(ca))
    checks = [(config.ports.admin, "/metadata/endpoints?api-version=1.0"),
              (config.ports.user, "/metadata/endpoints?api-version=1.0"),
              (config.ports.login, "/adfs/.well-known/openid-configuration" if config.identity == "adfs"
               else f"/{config.tenant_id}/v2.0/.well-known/openid-configuration")]
    for port, path in checks:
        conn = http.client.HTTPSConnection("127.0.0.1", port, timeout=3, context=ctx)
        try:
            conn.request("GET", path)
            if conn.getresponse().status != 200:
                return False
        except (OSError, http.client.HTTPException):
            return False
        finally:
            conn.close()
    try:
        socket.create_connection(("127.0.0.1", config.ports.blob), timeout=2).close()
    except OSError:
        return False
    return True


def running(paths: LabPaths) -> dict[str, Any] | None:
    """The state of the lab running in this folder, or None."""
    state = read_state(paths)
    config = LabConfig.load(paths)
    if state is None or config is None or not _is_ours(int(state["pid"]), "azslab"):
        return None
    return state if _answers(config, paths.ca_bundle) else None


def _new_config(identity: str, location: str) -> LabConfig:
    directory = str(uuid.uuid4())
    host = "adfs.azurestack.local" if identity == "adfs" else "azslab.onmicrosoft.com"
    app = str(uuid.uuid4())
    return LabConfig(identity=identity,  # type: ignore[arg-type]
                     location=location, tenant_id="adfs" if identity == "adfs" else directory,
                     directory_id=directory, admin_subscription=str(uuid.uuid4()),
                     user_subscription=str(uuid.uuid4()),
                     admin_audience=f"https://adminmanagement.{host}/{app}",
                     user_audience=f"https://management.{host}/{app}")


def _prepare(paths: LabPaths, identity: str | None, location: str | None, lax: bool = False) -> LabConfig:
    if identity is not None and identity not in IDENTITIES:
        raise LabError(f"identity '{identity}' is unknown: use adfs or entra")
    if location is not None and (not location or not location.replace("-", "").isalnum()):
        raise LabError(f"location '{location}' is not a valid region name (letters, digits and '-')")
    config = LabConfig.load(paths)
    if config is None:
        config = _new_config(identity or "adfs", location or "local")
    else:
        if identity is not None and identity != config.identity:
            config = replace(config, identity=identity,  # type: ignore[arg-type]
                             tenant_id="adfs" if identity == "adfs" else config.directory_id)
        if location is not None and location != config.location:
            config = replace(config, location=location)
    # Strict unless this very `up` asks for --lax: a lab never stays lax by accident.
    config = replace(config, strict=not lax)
    config.save(paths)
    ensure_pki(paths.pki)
    ensure_principal(paths)
    return config


def _log_tail(paths: LabPaths, lines: int = 15) -> str:
    try:
        return "\n".join(paths.log.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


def _claim(paths: LabPaths) -> None:
    """Make the data folder the lab's private folder (mode 0700), or refuse it. A folder is the lab's when it
    is new, or the user's own and holding nothing but a lab's files (or nothing); the mode of any other folder
    (`/tmp`, a home folder, a project) is never changed."""
    root = paths.root
    if not root.exists():
        root.mkdir(parents=True, mode=0o700)
        return
    if not root.is_dir():
        raise LabError(f"{root} is not a folder: give --data-dir a new or empty folder for the lab")
    mine = root.stat().st_uid == os.getuid()
    foreign = [] if not mine or paths.config.exists() else paths.foreign_entries()
    if mine and not foreign:
        os.chmod(root, 0o700)
        return
    why = f"holds files that are not a lab's ({', '.join(foreign[:3])}{', ...' if len(foreign) > 3 else ''})" \
        if mine else "belongs to another user"
    raise LabError(f"{root} {why}; the lab keeps secrets in its data folder and makes it private (mode 0700), "
                   f"which it will not do to this one. Give --data-dir a new or empty folder, such as "
                   f"{root / 'azs-lab'}.")


@contextmanager
def _locked(paths: LabPaths) -> Iterator[None]:
    """One `up` or `down` at a time per data folder (two test processes may share a folder)."""
    with open(paths.root / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def up(data_dir: Path, identity: str | None = None, location: str | None = None,
       faults_file: str | None = None, lax: bool = False) -> tuple[LabEnv, bool]:
    """Start the lab (or reuse the running one); returns its env and whether it was started now.
    `lax` relaxes the stamp's documented rules (docs/stamp-fidelity.md); the default is a strict stamp."""
    paths = LabPaths(data_dir.expanduser().resolve())
    ensure_azurite()  # installs or fails here, with a clear message, rather than in the background process
    _claim(paths)
    with _locked(paths):
        return _up(paths, identity, location, faults_file, lax)


def _up(paths: LabPaths, identity: str | None, location: str | None,
        faults_file: str | None, lax: bool = False) -> tuple[LabEnv, bool]:
    state = running(paths)
    if state is not None:
        config = LabConfig.load(paths)
        assert config is not None
        if (identity and identity != config.identity) or (location and location != config.location):
            raise LabError(f"the lab in {paths.root} runs with identity {config.identity} and location "
                           f"{config.location}; run `azs lab down --data-dir {paths.root}` to change them")
        if config.strict == lax:
            running_as, wanted = ("strict", "--lax") if config.strict else ("lax (--lax)", "strict")
            raise LabError(f"the lab in {paths.root} runs {running_as}; run `azs lab down --data-dir {paths.root}` "
                           f"before starting it {wanted}")
        return env_of(paths), False
    _down(paths)  # leftovers of a crashed run, if any
    _prepare(paths, identity, location, lax)
    cmd = [sys.executable, "-m", "azslab", "serve", "--data-dir", str(paths.root)]
    if faults_file:
        cmd += ["--faults", str(Path(faults_file).resolve())]
    child_env = {k: v for k, v in os.environ.items() if k != "AZURITE_ACCOUNTS"}
    with open(os.open(paths.log, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600), "ab") as log:
        proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=log, stderr=log, env=child_env,
                                start_new_session=True, cwd=paths.root)
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise LabError(f"the lab stopped while starting (exit {proc.returncode}); end of {paths.log}:\n"
                           + _log_tail(paths))
        state = read_state(paths)
        if state is not None and state.get("pid") == proc.pid:
            config = LabConfig.load(paths)
            if config is not None and _answers(config, paths.ca_bundle):
                return env_of(paths), True
        time.sleep(0.05)
    _stop_pid(proc.pid, "azslab")
    raise LabError(f"the lab did not answer within {START_TIMEOUT:.0f} s; end of {paths.log}:\n" + _log_tail(paths))


def _stop_pid(pid: int, marker: str, timeout: float = 15.0) -> None:
    if not _is_ours(pid, marker):
        return
    os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            done, _ = os.waitpid(pid, os.WNOHANG)
            if done == pid:
                return
        except ChildProcessError:
            pass
        if not _is_ours(pid, marker):
            return
        time.sleep(0.05)
    os.kill(pid, signal.SIGKILL)


def down(data_dir: Path) -> bool:
    """Stop the lab of the folder; True when something was running."""
    paths = LabPaths(data_dir.expanduser().resolve())
    if not paths.config.exists():
        return False  # no lab was ever set up here: nothing to stop, and nothing to write into the folder
    with _locked(paths):
        return _down(paths)


def _down(paths: LabPaths) -> bool:
    state = read_state(paths)
    if state is None:
        return False
    was_running = _is_ours(int(state["pid"]), "azslab")
    _stop_pid(int(state["pid"]), "azslab")
    if state.get("azuritePid"):
        _stop_pid(int(state["azuritePid"]), "azurite")
    paths.state.unlink(missing_ok=True)
    return was_running


def status(data_dir: Path) -> dict[str, Any]:
    paths = LabPaths(data_dir.expanduser().resolve())
    config = LabConfig.load(paths)
    state = running(paths)
    out: dict[str, Any] = {"dataDir": str(paths.root), "running": state is not None}
    if config is not None:
        out.update({"identity": config.identity, "location": config.location,
                    "rules": "strict" if config.strict else "lax"})
    if state is not None and config is not None:
        out.update({"pid": state["pid"], "azuritePid": state.get("azuritePid"),
                    "adminArmEndpoint": config.admin_arm, "armEndpoint": config.user_arm,
                    "loginEndpoint": config.login_endpoint, "blobEndpointTemplate": config.blob_endpoint_template})
    return out


def shell_lines(env: LabEnv) -> list[str]:
    return [f"export {k}={shlex.quote(v)}" for k, v in env.variables().items()]


def powershell_lines(env: LabEnv) -> list[str]:
    return [f"$env:{k} = '{v.replace(chr(39), chr(39) * 2)}'" for k, v in env.variables().items()]
