"""The browser suite's world: a lab stamp, JupyterLab on loopback serving a copy of the shipped notebooks (the
environment `make lab` gives it: the lab's AZS_LAB_* variables, the azs-powershell kernel spec, here in a
temporary prefix), and Debian's chromium driven by Playwright. Every process is started here and stopped here.

On a failure, the screenshots taken at each step of the test are kept under out/browser/<test>/.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from tests.browser.jupyterlab import JupyterLab, Steps
from tests.support.ports import free_port

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]
SETTINGS = {
    # no news question or update toast over the outputs
    "@jupyterlab/apputils-extension/notification": {"fetchNews": "false", "checkForUpdates": False},
    # every cell in the page, so that the suite reads all outputs (JupyterLab 4 can leave off-screen cells out)
    # the notebook's own kernel starts when it opens (JupyterLab may otherwise ask, preselecting that kernel)
    "@jupyterlab/notebook-extension/tracker": {"windowingMode": "none", "autoStartDefaultKernel": True},
}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/browser/" in item.nodeid.replace("\\", "/"):
            item.add_marker(pytest.mark.browser)


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[Any]) -> Any:
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@dataclass
class Served:
    """What JupyterLab serves and where the notebooks write."""

    root: Path
    """The server's root: a copy of notebooks/runbooks and notebooks/labs, as shipped."""
    shipped: frozenset[str]
    """The files of the copy, relative to the root, as they were before any run."""
    work: Path
    """The kernels' temporary folder: the notebooks' default work folder lies in it."""
    lab: Any


@pytest.fixture(scope="package")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    if not CHROMIUM.exists():
        pytest.fail("chromium is missing: `make test` installs Debian's chromium")
    from azslab.testing import running_lab

    base = tmp_path_factory.mktemp("browser")
    root = base / "root"
    for folder in ("runbooks", "labs"):
        shutil.copytree(REPO / "notebooks" / folder, root / folder)
    shipped = frozenset(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())
    with running_lab(base / "lab") as lab:
        yield Served(root, shipped, base / "tmp", lab)


@pytest.fixture(scope="package")
def jupyterlab(served: Served, tmp_path_factory: pytest.TempPathFactory) -> Iterator[JupyterLab]:
    from azskernel.jupyter.install import InstallTarget, install

    base = tmp_path_factory.mktemp("jupyter")
    prefix = base / "prefix"
    install(InstallTarget(prefix=str(prefix)))  # a temporary prefix: never the user's or the environment's
    for plugin, values in SETTINGS.items():
        where = base / "settings" / f"{plugin}.jupyterlab-settings"
        where.parent.mkdir(parents=True, exist_ok=True)
        where.write_text(json.dumps(values), encoding="utf-8")
    served.work.mkdir(parents=True, exist_ok=True)
    env = {
        **os.environ, **served.lab.variables(),
        "JUPYTER_PATH": str(prefix / "share" / "jupyter"), "JUPYTER_CONFIG_DIR": str(base / "config"),
        "JUPYTER_RUNTIME_DIR": str(base / "runtime"), "JUPYTER_DATA_DIR": str(base / "data"),
        "AZS_CONFIG_DIR": str(base / "azs-config"), "TMPDIR": str(served.work), "JUPYTER_PLATFORM_DIRS": "1",
    }
    port, token = free_port(), secrets.token_urlsafe(24)
    command = [sys.executable, "-m", "jupyterlab", "--no-browser", "--ip=127.0.0.1", f"--port={port}",
               "--ServerApp.port_retries=0", f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={served.root}",
               f"--LabApp.user_settings_dir={base / 'settings'}", f"--LabApp.workspaces_dir={base / 'workspaces'}",
               "--LabApp.news_url=None", "--LabServerApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        command.append("--allow-root")
    log = (base / "server.log").open("wb")
    server = subprocess.Popen(command, env=env, stdout=log, stderr=subprocess.STDOUT, cwd=served.root)
    lab = JupyterLab(f"http://127.0.0.1:{port}", token)
    try:
        deadline = time.monotonic() + 90
        while not lab.ready():
            if server.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("JupyterLab did not start:\n" + (base / "server.log").read_text(errors="replace")[-3000:])
            time.sleep(0.25)
        yield lab
    finally:
        try:
            lab.stop_sessions()
        except OSError:
            pass
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait(timeout=10)
        log.close()


@pytest.fixture(scope="package")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    profile = tmp_path_factory.mktemp("chromium-profile")  # a new, empty user data folder
    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(profile), executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_FLAGS,
            viewport={"width": 1400, "height": 1000})
        try:
            yield context
        finally:
            context.close()


@pytest.fixture
def steps(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Steps]:
    taken = Steps(tmp_path / "steps")
    yield taken
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:
        taken.shot("failed")
        keep = REPO / "out" / "browser" / request.node.name.replace("/", "_")
        shutil.rmtree(keep, ignore_errors=True)
        shutil.copytree(taken.folder, keep)


@pytest.fixture
def page(browser: Any, jupyterlab: JupyterLab, steps: Steps) -> Iterator[Any]:
    """A new tab; the kernels of the notebooks it opened are shut down afterwards."""
    tab = browser.new_page()
    tab.set_default_timeout(30_000)
    steps.page = tab
    try:
        yield tab
    finally:
        steps.shot("end")
        tab.close()
        jupyterlab.stop_sessions()

