"""Packaging: the declared package list matches the folders, `python -m build` is clean, and the wheel,
installed into a fresh virtual environment, gives a working `azs`, kernel, magics, notebooks and lab."""

from __future__ import annotations

import json
import subprocess
import sys
import tomllib
import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def _declared() -> tuple[list[str], dict[str, str]]:
    cfg = tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["setuptools"]
    return cfg["packages"], cfg["package-dir"]


def _on_disk(package_dir: dict[str, str]) -> list[str]:
    found = []
    for top, folder in package_dir.items():
        root = REPO / folder
        for init in root.rglob("__init__.py"):
            rel = init.parent.relative_to(root)
            if "__pycache__" in rel.parts:
                continue
            found.append(".".join((top, *rel.parts)))
    return sorted(set(found))


def _folder_of(package: str, package_dir: dict[str, str]) -> Path:
    """Where setuptools looks for `package`: the longest package-dir mapping that prefixes it."""
    parts = package.split(".")
    for cut in range(len(parts), 0, -1):
        mapped = package_dir.get(".".join(parts[:cut]))
        if mapped is not None:
            return REPO / mapped / Path(*parts[cut:])
    return REPO / Path(*parts)


def test_package_list_matches_folders():
    packages, package_dir = _declared()
    data = {p for p in packages if not (_folder_of(p, package_dir) / "__init__.py").is_file()}
    assert sorted(set(packages) - data) == _on_disk(package_dir)
    # a data-only package is a real folder of data files, declared in package-data
    package_data = tomllib.loads((REPO / "pyproject.toml").read_text())["tool"]["setuptools"]["package-data"]
    for name in data:
        folder = _folder_of(name, package_dir)
        assert folder.is_dir() and not list(folder.glob("*.py")), name
        assert any(folder.glob(pattern) for pattern in package_data[name]), name


@pytest.mark.slow
def test_wheel_installs_and_every_module_imports(tmp_path: Path):
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(tmp_path), str(REPO)],
        check=True,
    )
    wheel = next(tmp_path.glob("azs_notebook-*.whl"))
    target = tmp_path / "site"
    # The wheel goes into a folder of its own that shadows the editable install; the dependencies come
    # from the test environment.
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target), str(wheel)], check=True)
    packages, _ = _declared()
    script = (
        "import importlib, pkgutil, sys\n"
        f"for pkg in {packages!r}:\n"
        "    mod = importlib.import_module(pkg)\n"
        "    where = mod.__file__ or next(iter(mod.__path__))  # data-only packages have no __init__.py\n"
        f"    assert where.startswith({str(target)!r}), where\n"
        "    for info in pkgutil.iter_modules(mod.__path__):\n"
        "        if not info.ispkg and info.name != '__main__':\n"
        "            importlib.import_module(pkg + '.' + info.name)\n"
    )
    subprocess.run([sys.executable, "-c", script], check=True, cwd=tmp_path, env={**os.environ, "PYTHONPATH": str(target)})


def test_import_layers_hold():
    lint = Path(sys.executable).with_name("lint-imports")
    result = subprocess.run([str(lint)], cwd=REPO, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_shared_cases_are_where_the_tests_look():
    # Parametrized tests over an empty folder would pass by running nothing.
    from tests.support.shared import CONFORMANCE_CASES, CONTRACT, SEED_CASES

    assert CONFORMANCE_CASES.is_file(), f"{CONFORMANCE_CASES} is missing: put shared/ beside the clone or set AZS_SHARED"
    assert len(list(SEED_CASES.glob("*.ps1"))) >= 5
    assert (CONTRACT / "compute-admin" / "PlatformImages.json").is_file()


# --------------------------------------------------------------------------------------------------
# The fresh-venv install: what an operator gets from `pip install azs_notebook-*.whl`.

def _version() -> str:
    return tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["version"]


def _clean_env(tmp: Path, **extra: str) -> dict[str, str]:
    """No editable install, no test-wide variables, Jupyter's folders in `tmp` (never the user's)."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("AZS_", "JUPYTER", "PYTHONPATH", "VIRTUAL_ENV", "PYTEST"))}
    # setuptools prints "byte-compiling is disabled" as a warning when this is set
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env.update(JUPYTER_DATA_DIR=str(tmp / "jupyter-data"), JUPYTER_CONFIG_DIR=str(tmp / "jupyter-config"),
               JUPYTER_RUNTIME_DIR=str(tmp / "jupyter-runtime"), IPYTHONDIR=str(tmp / "ipython"),
               AZS_CONFIG_DIR=str(tmp / "azs-config"), XDG_DATA_HOME=str(tmp / "xdg-data"))
    env.update(extra)
    return env


def _run(cmd: list[str], env: dict[str, str], cwd: Path, timeout: int = 600) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(cmd, env=env, cwd=cwd, capture_output=True, text=True, timeout=timeout)
    assert result.returncode == 0, f"{cmd}: exit {result.returncode}\n{result.stdout}\n{result.stderr}"
    return result


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, str]:
    """`python -m build` of the checkout (isolated build, setuptools from the configured pip mirrors)."""
    out = tmp_path_factory.mktemp("dist")
    env = _clean_env(out)
    result = _run([sys.executable, "-m", "build", "--outdir", str(out), str(REPO)], env, out, timeout=900)
    return next(out.glob("*.whl")), next(out.glob("*.tar.gz")), result.stdout + result.stderr


@pytest.mark.slow
def test_build_gives_a_wheel_and_an_sdist_without_warnings(built: tuple[Path, Path, str]) -> None:
    wheel, sdist, log = built
    assert wheel.name == f"azs_notebook-{_version()}-py3-none-any.whl"
    assert sdist.name == f"azs_notebook-{_version()}.tar.gz"
    warnings = [line for line in log.splitlines() if "warn" in line.lower() or "deprecat" in line.lower()]
    assert warnings == []
    import tarfile
    import zipfile

    names = zipfile.ZipFile(wheel).namelist()
    assert f"azs_notebook-{_version()}.dist-info/licenses/LICENSE" in names
    assert "azskernel/notebooks/runbooks/publish-platform-image.ipynb" in names
    assert "azskernel/jupyter/resources/logo-64x64.png" in names
    metadata = zipfile.ZipFile(wheel).read(f"azs_notebook-{_version()}.dist-info/METADATA").decode()
    assert "License-Expression: MIT" in metadata and "Classifier: Framework :: Jupyter" in metadata
    assert "Provides-Extra: lab" in metadata and "Provides-Extra: runbooks" in metadata
    members = tarfile.open(sdist).getnames()
    assert any(m.endswith("/CHANGELOG.md") for m in members) and any(m.endswith("/LICENSE") for m in members)


_KERNEL_CELL = """
import sys
from jupyter_client.manager import start_new_kernel

km, kc = start_new_kernel(kernel_name="azs-powershell")
try:
    info = kc.kernel_info(reply=True)["content"]
    msg_id = kc.execute("'sum ' + (2 + 3); $env:AZS_FROM_SPEC")
    out = []
    while True:
        msg = kc.get_iopub_msg(timeout=60)
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        if msg["msg_type"] == "stream":
            out.append(msg["content"]["text"])
        if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
            break
    print(info["implementation_version"])
    print("".join(out), end="")
finally:
    kc.stop_channels()
    km.shutdown_kernel(now=True)
"""

_MAGICS = r"""
from IPython.core.interactiveshell import InteractiveShell
from traitlets.config import Config

cfg = Config()
cfg.HistoryManager.hist_file = ":memory:"
ip = InteractiveShell(config=cfg)
ip.run_line_magic("load_ext", "azsmagics")
ip.run_cell("%%pwsh\n$answer = 6 * 7", store_history=False)
print(ip.user_ns["answer"])
"""


@pytest.mark.slow
def test_the_wheel_works_in_a_fresh_venv(built: tuple[Path, Path, str], tmp_path: Path) -> None:
    wheel = built[0]
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=300)
    bin_dir = venv / "bin"
    env = _clean_env(tmp_path, AZS_FROM_SPEC="")
    # the core install, through the configured pip mirrors (pip's cache makes the outer venv's wheels reusable)
    _run([str(bin_dir / "python"), "-m", "pip", "install", "--quiet", str(wheel)], env, tmp_path, timeout=900)
    azs = str(bin_dir / "azs")

    assert _run([azs, "--version"], env, tmp_path).stdout == f"azs {_version()}, PowerShell 7.4-compatible\n"
    out = _run([azs, "-NoProfile", "-Command", "1..4 | Measure-Object -Sum | ForEach-Object Sum"], env, tmp_path).stdout
    assert out == "10\n"

    # the shipped notebooks, copied out
    _run([azs, "notebooks", "copy", str(tmp_path / "mine")], env, tmp_path)
    for name in ("runbooks", "labs"):
        copied = sorted(p.name for p in (tmp_path / "mine" / name).glob("*.ipynb"))
        assert copied == sorted(p.name for p in (REPO / "notebooks" / name).glob("*.ipynb")) and copied

    # the kernel, installed into the venv with a variable baked into its spec, runs one cell
    _run([azs, "kernel", "install", "--sys-prefix", "--env", "AZS_FROM_SPEC", "from-the-spec"], env, tmp_path)
    version, *lines = _run([str(bin_dir / "python"), "-c", _KERNEL_CELL], env, tmp_path).stdout.splitlines()
    assert version == _version()
    assert lines == ["sum 5", "from-the-spec"]

    # the magics in a plain IPython shell
    assert _run([str(bin_dir / "python"), "-c", _MAGICS], env, tmp_path).stdout.strip().endswith("42")

    # the lab needs its extra, and says so
    result = subprocess.run([azs, "lab", "up", "--data-dir", str(tmp_path / "lab")], env=env, cwd=tmp_path,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 1 and "pip install 'azs-notebook[lab]'" in result.stderr

    # with the extra, and Azurite named by AZS_AZURITE (no checkout next to the venv), the lab goes up and down
    _run([str(bin_dir / "python"), "-m", "pip", "install", "--quiet", f"{wheel}[lab]"], env, tmp_path, timeout=900)
    lab_env = {**env, "AZS_AZURITE": str(REPO / "node_modules" / ".bin" / "azurite-blob")}
    try:
        up = _run([azs, "lab", "up", "--data-dir", str(tmp_path / "lab")], lab_env, tmp_path, timeout=300)
        assert "lab started" in up.stdout
        status = _run([azs, "lab", "status", "--data-dir", str(tmp_path / "lab"), "--format", "json"], lab_env, tmp_path)
        assert json.loads(status.stdout)["running"] is True
    finally:
        down = _run([azs, "lab", "down", "--data-dir", str(tmp_path / "lab")], lab_env, tmp_path, timeout=120)
    assert "stopped" in down.stdout


def test_the_azurite_installed_outside_a_checkout_is_the_one_the_checkout_pins() -> None:
    from azslab.azurite import AZURITE_VERSION

    assert json.loads((REPO / "package.json").read_text())["dependencies"]["azurite"] == AZURITE_VERSION
