"""Get-Process: the machine's processes as System.Diagnostics.Process look-alikes, read from /proc on Linux
(`ps` elsewhere), with the members pwsh's types add (SI, WS, PM, NPM, CPU) and its table view.

    Get-Process -Id $PID            Get-Process -Name pwsh*            (Get-Process -Id $PID).SI
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path
from typing import Any

from azskernel.commands._util import error, has_wildcard, wildcard
from azskernel.runtime.cmdlet import cmdlet, parameter
from azskernel.runtime.errors import ErrorCategory
from azskernel.runtime.formatting import Column, TableView, register_view

_PROC = Path("/proc")
_PAGE = os.sysconf("SC_PAGE_SIZE") if hasattr(os, "sysconf") else 4096
_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


class Process:
    """One process: its id, name and what /proc tells of its memory and CPU time."""

    ps_type_names = ("System.Diagnostics.Process", "System.ComponentModel.Component", "System.Object")

    def __init__(self, pid: int, name: str, rss: int = 0, vsize: int = 0, cpu: float = 0.0, path: str | None = None) -> None:
        self.Id = pid
        self.ProcessName = name
        self.WorkingSet64 = rss
        self.VirtualMemorySize64 = vsize
        self.CPU = cpu
        self.Path = path
        try:
            self.SessionId = os.getsid(pid)
        except OSError:
            self.SessionId = 0

    def ps_properties(self) -> list[tuple[str, Any]]:
        return [("Name", self.ProcessName), ("SI", self.SessionId), ("Handles", 0), ("VM", self.VirtualMemorySize64),
                ("WS", self.WorkingSet64), ("PM", self.WorkingSet64), ("NPM", 0), ("Path", self.Path),
                ("CPU", self.CPU), ("Id", self.Id), ("ProcessName", self.ProcessName), ("SessionId", self.SessionId),
                ("WorkingSet64", self.WorkingSet64), ("VirtualMemorySize64", self.VirtualMemorySize64)]

    def ps_to_string(self) -> str:
        return f"System.Diagnostics.Process ({self.ProcessName})"


def _from_proc(pid: int) -> Process | None:
    try:
        stat = (_PROC / str(pid) / "stat").read_text()
    except OSError:
        return None
    name = stat[stat.index("(") + 1:stat.rindex(")")]
    fields = stat[stat.rindex(")") + 2:].split()
    cpu = (int(fields[11]) + int(fields[12])) / _TICKS  # utime + stime
    try:
        path: str | None = os.readlink(_PROC / str(pid) / "exe")
    except OSError:
        path = None
    return Process(pid, name, int(fields[21]) * _PAGE, int(fields[20]), round(cpu, 2), path)


def processes() -> list[Process]:
    if _PROC.is_dir():
        found = (_from_proc(int(p.name)) for p in _PROC.iterdir() if p.name.isdigit())
        return sorted((p for p in found if p is not None), key=lambda p: (p.ProcessName.casefold(), p.Id))
    out = subprocess.run(["ps", "-axo", "pid=,rss=,comm="], capture_output=True, text=True, check=False).stdout
    listed = []
    for line in out.splitlines():
        pid, rss, command = line.split(None, 2)
        listed.append(Process(int(pid), os.path.basename(command), int(rss) * 1024, 0, 0.0, command))
    return sorted(listed, key=lambda p: (p.ProcessName.casefold(), p.Id))


def _process(pid: int) -> Process | None:
    if _PROC.is_dir():
        return _from_proc(pid)
    return next((p for p in processes() if p.Id == pid), None)


_GET_PROCESS = "Microsoft.PowerShell.Commands.GetProcessCommand"


@cmdlet(
    "Get-Process",
    default_parameter_set="Name",
    aliases=("gps", "ps"),
    synopsis="Gets the processes that are running on the local computer.",
    examples=(("Get-Process -Id $PID", ""), ("Get-Process -Name python*", "")),
    module="Microsoft.PowerShell.Management",
)
@parameter("Name", type="string[]", position=0, parameter_sets=("Name",), aliases=("ProcessName",))
@parameter("Id", type="int[]", mandatory=True, parameter_sets=("Id",), value_from_pipeline_by_property_name=True, aliases=("PID",))
def get_process(ctx: Any, *, name: Any, id: Any) -> Any:
    if id is not None:
        out = []
        for pid in id:
            found = _process(int(pid))
            if found is None:
                ctx.write_error(error(f"Cannot find a process with the process identifier {pid}.",
                                      f"NoProcessFoundForGivenId,{_GET_PROCESS}", ErrorCategory.ObjectNotFound, pid,
                                      "Get-Process"))
                continue
            out.append(found)
        return out
    everything = processes()
    if not name:
        return everything
    out = []
    for pattern in name:
        regex = wildcard(pattern)
        matched = [p for p in everything if regex.match(p.ProcessName)]
        if not matched and not has_wildcard(pattern):
            ctx.write_error(error(f'Cannot find a process with the name "{pattern}". Verify the process name and call '
                                  "the cmdlet again.", f"NoProcessFoundForGivenName,{_GET_PROCESS}",
                                  ErrorCategory.ObjectNotFound, pattern, "Get-Process"))
        out += [p for p in matched if p not in out]
    return out


def _megabytes(value: int) -> str:
    return f"{value / 1048576:.2f}"


register_view(
    "System.Diagnostics.Process",
    TableView((Column("NPM(K)", lambda p: 0, width=7, alignment="right"),
               Column("PM(M)", lambda p: _megabytes(p.WorkingSet64), width=8, alignment="right"),
               Column("WS(M)", lambda p: _megabytes(p.WorkingSet64), width=10, alignment="right"),
               Column("CPU(s)", lambda p: f"{p.CPU:.2f}" if p.CPU else "", width=10, alignment="right"),
               Column("Id", lambda p: p.Id, width=7, alignment="right"),
               Column("SI", lambda p: p.SessionId, width=7, alignment="right"),
               Column("ProcessName", lambda p: p.ProcessName))),
)

__all__ = ["Process", "get_process", "processes"]
