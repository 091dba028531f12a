"""Run the real Azurite blob service over HTTPS for a test session.

Azurite's well-known development account is used; its key is public (Microsoft documents it), so it is
no secret, but tests still check that nothing prints it.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from .ports import free_port, wait_for_port
from .tls import TestPki

REPO = Path(__file__).resolve().parents[2]
AZURITE_BLOB = REPO / "node_modules" / ".bin" / "azurite-blob"
DEV_ACCOUNT = "devstoreaccount1"
DEV_KEY = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw=="


@dataclass
class Azurite:
    port: int
    ca_bundle: Path
    process: subprocess.Popen[bytes]
    account: str = DEV_ACCOUNT
    key: str = field(default=DEV_KEY, repr=False)

    @property
    def blob_endpoint(self) -> str:
        return f"https://127.0.0.1:{self.port}/{self.account}"

    @property
    def connection_string(self) -> str:
        return (
            f"DefaultEndpointsProtocol=https;AccountName={self.account};AccountKey={self.key};"
            f"BlobEndpoint={self.blob_endpoint};"
        )

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def start_azurite(pki: TestPki, workdir: Path, *, in_memory: bool = True, extra_env: dict[str, str] | None = None) -> Azurite:
    if not AZURITE_BLOB.exists():
        raise RuntimeError(f"{AZURITE_BLOB} is missing: run `make test` (it runs npm ci) first")
    port = free_port()
    workdir.mkdir(parents=True, exist_ok=True)
    args = [
        str(AZURITE_BLOB),
        "--blobHost", "127.0.0.1",
        "--blobPort", str(port),
        "--cert", str(pki.cert),
        "--key", str(pki.key),
        "--skipApiVersionCheck",
        "--disableTelemetry",
        "--silent",
    ]
    # Azurite refuses --location together with --inMemoryPersistence.
    args += ["--inMemoryPersistence"] if in_memory else ["--location", str(workdir)]
    env = {k: v for k, v in os.environ.items() if k != "AZURITE_ACCOUNTS"}
    env.update(extra_env or {})
    proc = subprocess.Popen(
        args, cwd=workdir, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        start_new_session=True,
    )
    try:
        wait_for_port(port, alive=lambda: proc.poll() is None)
    except TimeoutError:
        proc.kill()
        err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
        raise RuntimeError(f"Azurite did not start: {err}") from None
    return Azurite(port=port, ca_bundle=pki.ca_bundle, process=proc)


def node_available() -> bool:
    return shutil.which("node") is not None and AZURITE_BLOB.exists()
