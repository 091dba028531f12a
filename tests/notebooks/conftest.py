"""Executes the notebooks against one lab stamp: papermill with the azs-powershell kernel (its spec written
to a temporary JUPYTER_PATH) or the python3 kernel; the lab's values as parameters, the secret only in the
environment variable whose name is a parameter."""

from __future__ import annotations

import copy
import os
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import nbformat
import pytest

NOTEBOOKS = Path(__file__).resolve().parents[2] / "notebooks"
SECRET_VARIABLE = "AZS_LAB_CLIENT_SECRET"


@dataclass
class Executor:
    lab: Any
    disks: Any
    work: Path

    def parameters(self, nb: Any, folder: Path, shipped: bool = False, **extra: Any) -> dict[str, Any]:
        """The lab's values for the connection parameters, or, `shipped`, none: the notebook finds the lab itself."""
        if shipped:
            return dict(extra)
        lab = self.lab
        if nb.metadata["kernelspec"]["name"] == "python3":
            values = {"arm_endpoint": lab.admin_arm_endpoint, "tenant_id": lab.tenant_id, "client_id": lab.client_id,
                      "client_secret_variable": SECRET_VARIABLE, "ca_bundle_path": lab.ca_bundle, "location": lab.location,
                      "polling_interval_sec": 0.2, "tenant_arm_endpoint": lab.arm_endpoint}
        else:
            values = {"ArmEndpoint": lab.admin_arm_endpoint, "TenantId": lab.tenant_id, "ClientId": lab.client_id,
                      "ClientSecretVariable": SECRET_VARIABLE, "CaBundlePath": lab.ca_bundle, "Location": lab.location,
                      "PollingIntervalSec": 0.2, "TenantArmEndpoint": lab.arm_endpoint}
        sources = "\n".join(c.source for c in nb.cells if "parameters" in c.metadata.get("tags", []))
        if "$PracticeVhd" in sources:
            values.update(PracticeVhd=str(self.disks.dynamic))
        if "$WorkFolder" in sources:
            values.update(WorkFolder=str(folder))  # each run its own: two runs of a lab never share their files
        values = {k: v for k, v in values.items() if k in sources}
        values.update(extra)
        return values

    def run(self, relative: str, *, answers: bool = True, run_name: str | None = None, stops: bool = False,
            **extra: Any) -> Any:
        """Executes notebooks/<relative> (exercise cells replaced by their solutions); returns the executed notebook.
        `stops`: the run is expected to stop at a cell; the executed notebook is returned (NotebookFailed when it
        does not stop)."""
        import papermill

        source = nbformat.read(NOTEBOOKS / relative, as_version=4)
        nb = with_answers(source) if answers else source
        folder = self.work / (run_name or Path(relative).stem)
        folder.mkdir(parents=True, exist_ok=True)
        given = folder / "input.ipynb"
        nbformat.write(nb, given)
        out = folder / "output.ipynb"
        try:
            # No papermill `cwd`: it chdirs the whole process, which races between threads; paths are absolute.
            papermill.execute_notebook(str(given), str(out), parameters=self.parameters(nb, folder, **extra),
                                       progress_bar=False, log_output=False, execution_timeout=120,
                                       kernel_name=nb.metadata["kernelspec"]["name"])
        except papermill.PapermillExecutionError as exc:
            if stops:
                return nbformat.read(out, as_version=4)
            raise NotebookFailed(f"{relative} failed at cell {exc.cell_index}: {exc.ename}: {exc.evalue}\n"
                                 + "\n".join(exc.traceback)[-3000:]) from None
        if stops:
            raise NotebookFailed(f"{relative} ran to its end, where it should have stopped")
        return nbformat.read(out, as_version=4)

    def ask(self, script: str) -> str:
        """What the stamp says now: `script` run by `azs -Command`, signed in to the lab as the service principal
        (its own config folder; the secret only in the child's environment)."""
        lab = self.lab
        sign_in = ("$ErrorActionPreference = 'Stop'\n"
                   "$null = Add-AzEnvironment -Name Asked -ARMEndpoint $env:AZS_LAB_ADMIN_ARM_ENDPOINT\n"
                   "$secret = ConvertTo-SecureString $env:AZS_LAB_CLIENT_SECRET -AsPlainText -Force\n"
                   "$cred = New-Object System.Management.Automation.PSCredential($env:AZS_LAB_CLIENT_ID, $secret)\n"
                   "$null = Connect-AzAccount -Environment Asked -ServicePrincipal -Credential $cred -TenantId $env:AZS_LAB_TENANT_ID\n")
        with tempfile.TemporaryDirectory() as config:
            env = {**os.environ, "AZS_CONFIG_DIR": config, "AZS_CA_BUNDLE": lab.ca_bundle}
            done = subprocess.run([str(Path(sys.executable).parent / "azs"), "-NoProfile", "-NonInteractive", "-Command",
                                   sign_in + script], capture_output=True, text=True, env=env, timeout=120)
        assert done.returncode == 0, done.stderr
        return done.stdout

    def run_all(self, runs: dict[str, tuple[str, dict[str, Any]]], workers: int = 3) -> dict[str, Any]:
        """Runs several notebooks at once (each in its own kernel); name -> executed notebook or the failure."""
        from concurrent.futures import ThreadPoolExecutor

        def one(name: str) -> Any:
            relative, extra = runs[name]
            try:
                return self.run(relative, run_name=name, **extra)
            except NotebookFailed as exc:
                return exc

        with ThreadPoolExecutor(max_workers=workers) as pool:
            return dict(zip(runs, pool.map(one, runs)))


class NotebookFailed(Exception):
    """A cell raised; the message names the notebook, the cell and the error as the kernel showed it."""


def result(results: dict[str, Any], name: str) -> Any:
    found = results[name]
    if isinstance(found, Exception):
        pytest.fail(str(found))
    return found


def with_answers(nb: Any) -> Any:
    filled = copy.deepcopy(nb)
    for cell in filled.cells:
        if "exercise" in cell.metadata.get("tags", []):
            cell.source = cell.metadata["azs"]["solution"]
    return filled


def outputs_text(nb: Any) -> str:
    """Every output of the executed notebook, as text (streams, results, displays, errors)."""
    parts: list[str] = []
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            parts.append(out.get("text", ""))
            for value in (out.get("data") or {}).values():
                parts.append(value if isinstance(value, str) else str(value))
            parts.extend(out.get("traceback", []))
    return "\n".join(parts)


@pytest.fixture(scope="package")
def notebook_env(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    from azskernel.jupyter.install import KERNEL_NAME, write_kernelspec
    from azskernel.jupyter.papermill_translator import register

    root = tmp_path_factory.mktemp("jupyter-path")
    write_kernelspec(root / "kernels" / KERNEL_NAME)
    register()
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("JUPYTER_PATH", str(root))
        mp.setenv("AZS_CONFIG_DIR", str(tmp_path_factory.mktemp("azs-config")))
        yield root


@pytest.fixture(scope="package")
def lab(notebook_env: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    from azslab.testing import running_lab

    with running_lab(tmp_path_factory.mktemp("lab") / "lab") as env, pytest.MonkeyPatch.context() as mp:
        # What `make lab` gives JupyterLab's kernels: a notebook run without parameters targets this lab.
        for name, value in env.variables().items():
            mp.setenv(name, value)
        mp.setenv("TMPDIR", str(tmp_path_factory.mktemp("tmp")))  # the notebooks' default work folder lies in it
        yield env


@pytest.fixture(scope="package")
def executor(lab: Any, qemu_img: str, tmp_path_factory: pytest.TempPathFactory) -> Executor:
    from tests.magics.images import make_disks

    disks = make_disks(qemu_img, tmp_path_factory.mktemp("disks"))
    return Executor(lab, disks, tmp_path_factory.mktemp("runs"))
