"""Running a script in-process and capturing stdout/stderr as `azs -File` would print them."""

from __future__ import annotations

import io

from azskernel.shell.script import run_script


def run(source: str, *args: str) -> tuple[str, str, int]:
    out, err = io.StringIO(), io.StringIO()
    code = run_script(source, file="/tmp/test.ps1" if args else None, args=list(args), out=out, err=err)
    return out.getvalue(), err.getvalue(), code


def output(source: str) -> str:
    out, err, _ = run(source)
    assert "Traceback" not in err
    return out
