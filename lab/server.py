"""The lab process (`python -m azslab serve --data-dir DIR`): three HTTPS ports plus a supervised Azurite.

It binds its ports (reusing the previous ones when free), starts Azurite, serves until SIGTERM, then
stops Azurite and removes `state.json`. `state.json` is written only once every port listens.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import os
import signal
import socket
from collections.abc import Iterator
from dataclasses import asdict
from pathlib import Path

import uvicorn

from .azurite import AzuriteMissing, AzuriteSupervisor, find_azurite
from .config import LabConfig, LabPaths, Ports
from .context import Lab
from .faults import FaultConfigError, Faults, load_file
from .identity.principal import ensure_principal
from .identity.tokens import TokenIssuer
from .providers.compute import models as compute_models
from .providers.compute_admin.provisioning import resume_all
from .providers.storage import models as storage_models
from .store import Store
from .tls import ensure_pki

log = logging.getLogger("azslab")


class _Server(uvicorn.Server):
    """Several servers share one loop, so signals are handled once, by `serve`, not by each server."""

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        yield


def bind(preferred: int) -> socket.socket:
    """A listening socket on 127.0.0.1: the preferred port when free, else any free port."""
    for port in ([preferred] if preferred else []) + [0]:
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind(("127.0.0.1", port))
        except OSError:
            sock.close()
            continue
        sock.listen(128)
        sock.set_inheritable(False)
        return sock
    raise OSError("no free port on 127.0.0.1")


def free_port(preferred: int) -> int:
    sock = bind(preferred)
    port = int(sock.getsockname()[1])
    sock.close()
    return port


def write_state(paths: LabPaths, state: dict[str, object]) -> None:
    tmp = paths.state.with_suffix(".tmp")
    tmp.write_text(json.dumps(state, indent=2) + "\n", encoding="utf-8")
    os.replace(tmp, paths.state)


async def serve(data_dir: Path, faults_file: str | None = None) -> int:
    paths = LabPaths(data_dir)
    config = LabConfig.load(paths)
    if config is None:
        log.error("%s has no lab.json: start the lab with `azs lab up`", data_dir)
        return 2
    pki = ensure_pki(paths.pki)
    principal = ensure_principal(paths)
    sockets = {name: bind(getattr(config.ports, name)) for name in ("admin", "user", "login")}
    ports = Ports(**{n: int(s.getsockname()[1]) for n, s in sockets.items()}, blob=free_port(config.ports.blob))
    config = config.with_ports(ports)
    config.save(paths)

    faults = Faults()
    source = faults_file or (str(paths.faults) if paths.faults.exists() else None)
    if source:
        load_file(faults, source)
    store = Store(paths.database)
    azurite = AzuriteSupervisor(find_azurite(), ports.blob, pki.server_cert, pki.server_key, paths.azurite,
                                paths.azurite_log, strict=config.strict)
    issuer = TokenIssuer.from_file(pki.signing_key, config.issuer, config.directory_id)
    lab = Lab(config, paths, store, issuer, principal, azurite, faults)
    lab.group_cleanup += [storage_models.delete_group_contents, compute_models.delete_group_contents]
    compute_models.seed(lab)
    storage_models.resume(lab)
    azurite.spawn(storage_models.azurite_accounts(lab))

    # Imported after Azurite is spawned: loading Starlette overlaps with node loading Azurite.
    from .app import create_apps

    servers: list[_Server] = []
    try:
        for name, app in create_apps(lab).items():
            cfg = uvicorn.Config(app, ssl_certfile=str(pki.server_cert), ssl_keyfile=str(pki.server_key),
                                 log_level="warning", access_log=False, lifespan="off", timeout_graceful_shutdown=1)
            servers.append(_Server(cfg))
        tasks = [asyncio.create_task(s.serve(sockets=[sockets[n]])) for s, n in zip(servers, ("admin", "user", "login"))]

        def stop() -> None:
            for s in servers:
                s.should_exit = True

        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(sig, stop)
        await azurite.wait_ready()
        while not all(s.started for s in servers):
            if any(t.done() for t in tasks):
                stop()
                break
            await asyncio.sleep(0.02)
        else:
            resume_all(lab)
            write_state(paths, {"pid": os.getpid(), "azuritePid": azurite.pid, "ports": asdict(ports),
                                "identity": config.identity, "location": config.location})
            log.info("lab ready: admin %s user %s login %s blob %s", *asdict(ports).values())
        await asyncio.gather(*tasks, return_exceptions=True)
    finally:
        for task in list(lab.tasks.values()):
            task.cancel()
        await asyncio.to_thread(azurite.stop_sync)
        store.close()
        with contextlib.suppress(FileNotFoundError):
            state = json.loads(paths.state.read_text(encoding="utf-8"))
            if state.get("pid") == os.getpid():
                paths.state.unlink()
    return 0


def run(data_dir: Path, faults_file: str | None = None) -> int:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    try:
        return asyncio.run(serve(data_dir, faults_file))
    except (AzuriteMissing, FaultConfigError, RuntimeError, OSError) as exc:
        log.error("the lab cannot start: %s", exc)
        return 1
