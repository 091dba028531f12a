"""Every built-in, given bad input, answers with a pwsh-shaped error: never a Python traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from azskernel.commands import builtin_registry
from tests.commands.harness import run_script

REGISTRY = builtin_registry()
_SKIP_NO_ARGS = {"Get-Credential", "Read-Host"}  # covered by the non-interactive prompt tests
_JUNK = {
    "int": "notanumber", "long": "notanumber", "double": "x1", "uint64": "-x", "datetime": "not a date",
    "timespan": "soon", "char": "too long", "uri": "no scheme", "hashtable": "text", "scriptblock": "'text'",
    "int[]": "a,b", "byte[]": "zz",
}


def _assert_pwsh_shaped(err: str, command: str) -> None:
    assert "Traceback" not in err and "File \"" not in err, err
    for line in err.splitlines():
        if line and not line.startswith((" ", "Line |")):
            head = line.split(":", 1)[0]
            assert head and " " not in head.strip() or head in ("Exception", "Error"), f"{command}: {line}"


@pytest.mark.parametrize("name", REGISTRY.names())
def test_unknown_parameter(name: str, tmp_path: Path) -> None:
    r = run_script(f"{name} -NoSuchParameterAtAll 1", tmp_path)
    assert r.err == f"{name}: A parameter cannot be found that matches parameter name 'NoSuchParameterAtAll'.\n"


@pytest.mark.parametrize("name", sorted(set(REGISTRY.names()) - _SKIP_NO_ARGS))
def test_no_arguments_never_crash(name: str, tmp_path: Path) -> None:
    if name in ("Start-Sleep", "Read-Host"):
        return
    r = run_script(f"{name} -ErrorAction SilentlyContinue; {name} -WhatIf:$true 2>$null; 'alive'", tmp_path)
    assert r.out.endswith("alive\n") or r.err, name
    _assert_pwsh_shaped(r.err, name)


def _typed(name: str) -> list[tuple[str, str]]:
    info = REGISTRY.require(name)
    out = []
    for p in info.parameters:
        t = p.type.casefold() if isinstance(p.type, str) else ""
        if t in _JUNK:
            out.append((p.name, _JUNK[t]))
        elif p.validate_set:
            out.append((p.name, "NotInTheSet"))
    return out


@pytest.mark.parametrize("name", [n for n in REGISTRY.names() if _typed(n)])
def test_junk_values_for_typed_parameters(name: str, tmp_path: Path) -> None:
    for param, junk in _typed(name):
        r = run_script(f"{name} -{param} {junk}", tmp_path)
        assert r.err.startswith(f"{name}: "), (param, r.err)
        assert "Traceback" not in r.err
        assert ("Cannot bind parameter" in r.err or "Cannot validate argument" in r.err
                or "Parameter set cannot be resolved" in r.err or "Cannot process argument" in r.err), (param, r.err)
