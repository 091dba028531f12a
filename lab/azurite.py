"""Azurite (blob) under the lab's supervision: HTTPS with the lab's certificate, disk persistence.

Azurite reads its accounts from AZURITE_ACCOUNTS in its own environment only. When Azurite's layout is the
known one, the lab preloads `azurite_accounts.js`, which re-reads the account list from a file (0600) in
the data folder when it changes: a new account is usable at once. Otherwise creating, deleting or
re-keying an account restarts Azurite (seconds). `--location` keeps the blobs across restarts either way.
The well-known development account stays available next to the lab's accounts. Every Azurite the lab starts
preloads `blob_gate.js`: a strict lab's blob rules (versions, blob names, page granularity) run inside Azurite's
own process, in front of its request handler, so uploads stream through without another hop.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import shutil
import signal
import subprocess
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

log = logging.getLogger("azslab.azurite")

DEV_ACCOUNT = "devstoreaccount1"
# Microsoft's published development key: public by design, so not a secret.
DEV_KEY = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="
_REPO = Path(__file__).resolve().parents[1]


class AzuriteMissing(RuntimeError):
    """azurite-blob cannot be found; the message says where it was looked for and how to install it."""


AZURITE_VERSION = "3.37.0"
"""The Azurite release the lab is tested with (package.json pins the same for a checkout)."""


def user_folder() -> Path:
    """Where `azs lab up` installs Azurite outside a checkout: a per-user data folder."""
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "azs-notebook" / "azurite"


def find_azurite() -> Path:
    """AZS_AZURITE, then node_modules next to the source tree or in the CWD, then PATH, then the per-user folder."""
    env = os.environ.get("AZS_AZURITE")
    if env:
        given = Path(env).expanduser()
        if given.is_file() and os.access(given, os.X_OK):
            return given
        raise AzuriteMissing(f"AZS_AZURITE is set to {given}, which is not an executable azurite-blob program; "
                             "fix the path or unset AZS_AZURITE to use ./node_modules/.bin or PATH.")
    candidates = [_REPO / "node_modules" / ".bin" / "azurite-blob",
                   Path.cwd() / "node_modules" / ".bin" / "azurite-blob"]
    on_path = shutil.which("azurite-blob")
    if on_path:
        candidates.append(Path(on_path))
    candidates.append(user_folder() / "node_modules" / ".bin" / "azurite-blob")
    for c in candidates:
        if c.is_file() and os.access(c, os.X_OK):
            return c
    raise AzuriteMissing(
        f"azurite-blob was not found (looked at $AZS_AZURITE, ./node_modules/.bin, PATH and {user_folder()}). Install it "
        f"with `npm install azurite@{AZURITE_VERSION}` in this folder, or set AZS_AZURITE to the azurite-blob program."
    )


def ensure_azurite(say: Callable[[str], None] = print) -> Path:
    """find_azurite(), else install Azurite with npm into the per-user folder (what a wheel install needs)."""
    try:
        return find_azurite()
    except AzuriteMissing as missing:
        if os.environ.get("AZS_AZURITE"):
            raise
        npm = shutil.which("npm")
        if npm is None:
            raise AzuriteMissing(f"{missing} npm was not found either: install Node.js 20 or newer with npm "
                                 "(Debian: apt-get install nodejs npm), then run `azs lab up` again.") from None
        target = user_folder()
        say(f"Azurite is not installed: installing azurite@{AZURITE_VERSION} with npm into {target} (once) ...")
        target.mkdir(parents=True, exist_ok=True)
        result = subprocess.run([npm, "install", "--prefix", str(target), "--no-audit", "--no-fund", "--loglevel=error",
                                 f"azurite@{AZURITE_VERSION}"], capture_output=True, text=True, timeout=900)
        if result.returncode != 0:
            tail = (result.stderr or result.stdout).strip().splitlines()[-3:]
            raise AzuriteMissing(f"`npm install azurite@{AZURITE_VERSION}` into {target} failed (exit {result.returncode}): "
                                 f"{' / '.join(tail) or 'no output'}. Fix npm's access to its registry, or install Azurite "
                                 "yourself and set AZS_AZURITE to its azurite-blob program.") from None
        return find_azurite()


@dataclass(frozen=True)
class Account:
    name: str
    key1: str
    key2: str


def accounts_env(accounts: list[Account]) -> str:
    entries = [f"{DEV_ACCOUNT}:{DEV_KEY}"] + [f"{a.name}:{a.key1}:{a.key2}" for a in accounts]
    return ";".join(entries) + ";"


_PRELOAD = Path(__file__).with_name("azurite_accounts.js")
_GATE = Path(__file__).with_name("blob_gate.js")

STAMP_BLOB_VERSIONS = ("2015-04-05", "2015-07-08", "2015-12-11", "2016-05-31", "2017-04-17", "2017-07-29",
                       "2017-11-09", "2018-03-28", "2018-11-09", "2019-02-02", "2019-07-07")
"""Storage service versions Hub 2008 and later accept, as x-ms-version and as a SAS's sv
(azure-stack/user/azure-stack-acs-differences.md, "API version")."""
STAMP_MAX_BLOB_NAME = 880
"""Characters in a blob name on a Hub (same document, cheat sheet; Azure allows 1,024)."""
STAMP_PAGE_SIZE = 4096
"""A Hub's page blob page size (same document, cheat sheet; Azure's is 512 bytes)."""


def blob_rules(strict: bool) -> str:
    """What blob_gate.js enforces: the stamp's rules, or none for a lax lab."""
    if not strict:
        return "{}"
    return json.dumps({"versions": list(STAMP_BLOB_VERSIONS), "maxBlobName": STAMP_MAX_BLOB_NAME,
                       "pageSize": STAMP_PAGE_SIZE})


def hot_reload_command(program: Path) -> list[str] | None:
    """`node -r preload main.js` when azurite-blob resolves to Azurite's own main.js; None otherwise."""
    main = program.resolve()
    store = main.parent.parent / "common" / "AccountDataStore.js"
    node = shutil.which("node")
    if node is None or main.name != "main.js" or not store.is_file() or not _PRELOAD.is_file():
        return None
    if "getAccount" not in store.read_text(encoding="utf-8", errors="replace"):
        return None
    return [node, "-r", str(_PRELOAD), str(main)]


def gate_environment(strict: bool, node_options: str = "") -> dict[str, str]:
    """What an Azurite process needs to run behind blob_gate.js: preloaded whatever launches node (the azurite-blob
    script or main.js directly), with a strict lab's rules or none."""
    return {"AZSLAB_BLOB_RULES": blob_rules(strict),
            "NODE_OPTIONS": f'{node_options} --require "{_GATE}"'.strip()}


class AzuriteSupervisor:
    def __init__(self, program: Path, port: int, cert: Path, key: Path, location: Path, log_file: Path,
                 strict: bool = True) -> None:
        self.program, self.port, self.cert, self.key = program, port, cert, key
        self.location, self.log_file, self.strict = location, log_file, strict
        self.accounts_file = location / "accounts.env"
        self.process: subprocess.Popen[bytes] | None = None
        self._lock = asyncio.Lock()
        self._hot = hot_reload_command(program)

    @property
    def pid(self) -> int | None:
        return self.process.pid if self.process is not None else None

    def _spawn(self, accounts: list[Account]) -> None:
        self.location.mkdir(parents=True, exist_ok=True)
        env = dict(os.environ)
        env["AZURITE_ACCOUNTS"] = accounts_env(accounts)
        env.update(gate_environment(self.strict, env.get("NODE_OPTIONS", "")))
        self._write_accounts(accounts)
        launcher = [str(self.program)]
        if self._hot is not None:
            launcher = self._hot
            env["AZSLAB_ACCOUNTS_FILE"] = str(self.accounts_file)
            env["AZSLAB_ACCOUNT_STORE"] = str(Path(self._hot[-1]).parent.parent / "common" / "AccountDataStore.js")
        args = [*launcher, "--blobHost", "127.0.0.1", "--blobPort", str(self.port),
                "--cert", str(self.cert), "--key", str(self.key), "--location", str(self.location),
                "--disableTelemetry", "--silent"]
        with open(self.log_file, "ab") as out:
            self.process = subprocess.Popen(args, cwd=self.location, env=env, stdin=subprocess.DEVNULL,
                                            stdout=out, stderr=out, start_new_session=True)

    async def _wait_ready(self, timeout: float = 20.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process is None or self.process.poll() is not None:
                raise RuntimeError(f"Azurite exited at start; see {self.log_file}")
            try:
                _, writer = await asyncio.open_connection("127.0.0.1", self.port)
                writer.close()
                await writer.wait_closed()
                return
            except OSError:
                await asyncio.sleep(0.05)
        raise RuntimeError(f"Azurite did not listen on 127.0.0.1:{self.port} within {timeout:.0f} s")

    def spawn(self, accounts: list[Account]) -> None:
        """Start Azurite without waiting: node takes seconds to load, so the lab sets up meanwhile."""
        self._spawn(accounts)

    async def wait_ready(self) -> None:
        async with self._lock:
            await self._wait_ready()
            log.info("Azurite started (pid %s, port %s)", self.pid, self.port)

    async def start(self, accounts: list[Account]) -> None:
        async with self._lock:
            self._spawn(accounts)
            await self._wait_ready()
            log.info("Azurite started (pid %s, port %s, %d lab accounts)", self.pid, self.port, len(accounts))

    def _write_accounts(self, accounts: list[Account]) -> None:
        tmp = self.accounts_file.with_suffix(".tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(accounts_env(accounts))
        os.replace(tmp, self.accounts_file)

    async def update_accounts(self, accounts: list[Account]) -> None:
        """Make Azurite serve exactly these accounts (plus the development one)."""
        if self._hot is None:
            await self.restart(accounts)
            return
        async with self._lock:
            self._write_accounts(accounts)
        log.info("Azurite accounts updated in place (%d lab accounts)", len(accounts))

    async def restart(self, accounts: list[Account]) -> None:
        async with self._lock:
            began = time.monotonic()
            await asyncio.to_thread(self.stop_sync)
            stopped = time.monotonic()
            self._spawn(accounts)
            await self._wait_ready()
            log.info("Azurite restarted (pid %s) with %d lab accounts: stop %.1f s, start %.1f s", self.pid,
                     len(accounts), stopped - began, time.monotonic() - stopped)

    def stop_sync(self, timeout: float = 10.0) -> None:
        """SIGTERM lets Azurite save its metadata database; kill only if it does not exit."""
        proc, self.process = self.process, None
        if proc is None or proc.poll() is not None:
            return
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
