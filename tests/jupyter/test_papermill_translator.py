"""papermill parameters for the azs-powershell kernel are PowerShell literals that mean what they say."""

from __future__ import annotations

import math
import os
import subprocess
import sys
from importlib.metadata import entry_points
from pathlib import Path

import nbformat
import pytest

from azskernel.jupyter.papermill_translator import AzsPowerShellEngine, PowerShellTranslator as T

ENTRY_POINT = "azs-powershell = azskernel.jupyter.papermill_translator:AzsPowerShellEngine"


@pytest.mark.parametrize(
    ("value", "literal"),
    [
        ("plain", "'plain'"),
        ("C:\\vhds\\ubuntu.vhd", "'C:\\vhds\\ubuntu.vhd'"),
        ("it's", "'it''s'"),
        ("Pa$$w`\"rd", "'Pa$$w`\"rd'"),
        ("line1\nline2", "'line1\nline2'"),
        ("curly \u2019 quote", "'curly \u2019\u2019 quote'"),
        ("", "''"),
        (True, "$true"),
        (False, "$false"),
        (None, "$null"),
        (42, "42"),
        (-7, "-7"),
        (2**70, "[bigint]'1180591620717411303424'"),
        (1.5, "1.5"),
        (2.0, "2.0"),
        (1e-07, "1e-07"),
        (math.inf, "[double]::PositiveInfinity"),
        (-math.inf, "[double]::NegativeInfinity"),
        (math.nan, "[double]::NaN"),
        ([], "@()"),
        ([1, "a", None], "@(1, 'a', $null)"),
        ([[1, 2]], "@(,@(1, 2))"),
        ([[1, 2], [3]], "@(@(1, 2), @(3))"),
        ({}, "@{}"),
        ({"Sku": "22_04", "Tags": {"team": "ops"}}, "@{ 'Sku' = '22_04'; 'Tags' = @{ 'team' = 'ops' } }"),
        ({"it's": 1}, "@{ 'it''s' = 1 }"),
    ],
)
def test_values_become_powershell_literals(value, literal):
    assert T.translate(value) == literal


def test_assignments_and_comment():
    code = T.codify({"Publisher": "Canonical", "Force": True, "odd name": 1, "a}b": 2})
    assert code == (
        "# Parameters\n"
        "$Publisher = 'Canonical'\n"
        "$Force = $true\n"
        "${odd name} = 1\n"
        "${a`}b} = 2\n"
    )


def test_parameterised_notebook_for_this_kernel_gets_our_literals():
    from papermill.parameterize import parameterize_notebook

    nb = nbformat.v4.new_notebook()
    nb.metadata.kernelspec = {"name": "azs-powershell", "language": "powershell", "display_name": "Azure Stack Hub PowerShell"}
    nb.metadata.language_info = {"name": "powershell"}
    nb.metadata.papermill = {}
    nb.cells = [nbformat.v4.new_code_cell("$Path = 'x'"), nbformat.v4.new_code_cell("$Path")]
    nb.cells[0].metadata["tags"] = ["parameters"]
    nb.cells[1].metadata["tags"] = []
    out = parameterize_notebook(nb, {"Path": "C:\\vhds\\it's.vhd", "Count": 3})
    injected = [c for c in out.cells if "injected-parameters" in c.metadata.get("tags", [])]
    assert injected[0].source == "# Parameters\n$Path = 'C:\\vhds\\it''s.vhd'\n$Count = 3\n"


def test_inspect_reads_the_parameters_cell():
    cell = nbformat.v4.new_code_cell(
        "$Publisher = 'Canonical'  # who publishes the image\n"
        "[int]$Count = 2\n"
        "$Force = $false\n"
        "Write-Host 'not a parameter'\n"
    )
    found = {p.name: p for p in T.inspect(cell)}
    assert list(found) == ["Publisher", "Count", "Force"]
    assert found["Publisher"].inferred_type_name == "str"
    assert found["Publisher"].help == "who publishes the image"
    assert found["Count"].inferred_type_name == "int"
    assert found["Force"].default == "$false"


def _papermill_picks(extra_path: str | None) -> str:
    env = dict(os.environ)
    if extra_path:
        env["PYTHONPATH"] = extra_path + os.pathsep + env.get("PYTHONPATH", "")
    script = (
        "import papermill\n"
        "from papermill.translators import papermill_translators as t\n"
        "print(t.find_translator('azs-powershell', 'powershell').__module__)\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=60)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def test_papermill_loads_the_translator_through_an_engine_entry_point(tmp_path: Path):
    # A distribution that declares only the entry point: proves the mechanism without reinstalling.
    dist = tmp_path / "azs_entry_probe-0.0.dist-info"
    dist.mkdir()
    (dist / "METADATA").write_text("Metadata-Version: 2.1\nName: azs-entry-probe\nVersion: 0.0\n")
    (dist / "entry_points.txt").write_text(f"[papermill.engine]\n{ENTRY_POINT}\n")
    assert _papermill_picks(str(tmp_path)) == "azskernel.jupyter.papermill_translator"


def test_the_installed_distribution_declares_the_engine_entry_point():
    declared = {ep.name: ep.value for ep in entry_points(group="papermill.engine")}
    assert declared.get("azs-powershell") == ENTRY_POINT.split(" = ")[1], (
        "pyproject.toml needs [project.entry-points.\"papermill.engine\"] " + ENTRY_POINT
    )


def test_engine_delegates_to_papermills_nbclient_engine():
    nb = nbformat.v4.new_notebook()
    nb.metadata.kernelspec = {"name": "azs-powershell", "language": "powershell"}
    assert AzsPowerShellEngine.nb_kernel_name(nb) == "azs-powershell"
    assert AzsPowerShellEngine.nb_language(nb) == "powershell"


@pytest.mark.parametrize(
    "value",
    ["C:\\vhds\\it's $HOME `n", "line1\nline2", 42, -1.25, True, False, None, [1, "two", [3]], [[1, 2]], []],
)
def test_literals_mean_the_same_value_to_the_engine(value):
    from azskernel.engine import create_session
    from azskernel.shell.host import ConsoleHost

    session = create_session(ConsoleHost(interactive=False))
    session.run(T.codify({"P": value}))
    got = session.get_variable("P")
    assert _plain(got) == value


def test_hashtable_literal_means_the_same_to_the_engine():
    from azskernel.engine import create_session
    from azskernel.shell.host import ConsoleHost

    session = create_session(ConsoleHost(interactive=False))
    session.run(T.codify({"P": {"Sku": "22_04", "Tags": {"team": "o'ps"}, "Count": 2}}))
    assert session.invoke("$P.Tags.team; $P['sku']; $P.Count") == ["o'ps", "22_04", 2]


def _plain(value):
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    return value
