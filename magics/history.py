"""IPython's history without the secrets typed into the azs magics.

IPython stores every input as typed: raw and translated, in its in-memory `In`/`_ih` lists, in `_i`/`_iN`,
and in the profile's history.sqlite, which outlives the session and which `%history` reads. The `azs` shell
keeps sensitive lines out of its history file by PSReadLine's rule (`azskernel.language.sensitive`);
here the same rule is applied to the PowerShell text of a cell (a `%Verb-Noun` or `%pwsh` line magic, every
line of a `%%Verb-Noun` or `%%pwsh` cell) and each sensitive line is stored as `MARKER` instead.

The seam is `HistoryManager.store_inputs(line_num, source, source_raw)`, the one call through which
`run_cell` hands a cell to the history (lists, `_i` variables and the database cache alike): the guard
shadows it on the shell's own manager with an instance attribute, so one entry is still stored per cell
(IPython's numbering is unchanged) and removing the attribute restores IPython's method.
"""

from __future__ import annotations

import re
from typing import Any

from azskernel.language.sensitive import MARKER, is_sensitive, masked

_PWSH_NAME = r"(?:[A-Za-z]+-[A-Za-z0-9]+|pwsh)"
_CELL_MAGIC = re.compile(rf"^\s*%%(?P<name>{_PWSH_NAME})(?P<rest>(?:\s.*)?)$")
_LINE_MAGIC = re.compile(rf"^\s*(?:[A-Za-z_][A-Za-z0-9_.]*\s*=\s*)?%(?P<name>{_PWSH_NAME})(?P<rest>(?:\s.*)?)$")


def _powershell(name: str, rest: str) -> str:
    """The PowerShell a magic line runs: `%pwsh <statement>` runs the statement, `%Cmd args` the command."""
    return rest.strip() if name.casefold() == "pwsh" else f"{name}{rest}".rstrip()


def redact(raw: str) -> str | None:
    """`raw` with each line that may hold a secret replaced by `MARKER`, or None when there is none."""
    lines = raw.split("\n")
    out = list(lines)
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    cell = _CELL_MAGIC.match(lines[first]) if first is not None else None
    if cell is not None and first is not None:
        powershell = [_powershell(cell["name"], cell["rest"]), *lines[first + 1 :]]
        out[first:] = [masked(line) if is_sensitive(text) else line for line, text in zip(lines[first:], powershell)]
    else:
        i = 0
        while i < len(lines):
            match = _LINE_MAGIC.match(lines[i])
            end = i + 1
            if match is not None:
                # IPython joins a magic line ending with `\` to the next one: judge the whole command.
                parts = [_powershell(match["name"], match["rest"])]
                while parts[-1].endswith("\\") and end < len(lines):
                    parts[-1] = parts[-1][:-1]
                    parts.append(lines[end].strip())
                    end += 1
                if is_sensitive(" ".join(parts)):
                    out[i:end] = [masked(line) for line in lines[i:end]]
            i = end
    return None if out == lines else "\n".join(out)


class HistoryGuard:
    """Shadows `store_inputs` on one shell's history manager (see the module's docstring)."""

    def __init__(self, ip: Any) -> None:
        self.ip = ip
        self.manager = getattr(ip, "history_manager", None)
        if self.manager is not None:
            self.original = self.manager.store_inputs
            self.manager.store_inputs = self.store_inputs

    @property
    def active(self) -> bool:
        return self.manager is not None and vars(self.manager).get("store_inputs") == self.store_inputs

    def store_inputs(self, line_num: int, source: str, source_raw: str | None = None) -> None:
        raw = source if source_raw is None else source_raw
        safe = redact(raw)
        if safe is not None:
            source = safe if source == raw else self._translate(safe)
            source_raw = safe
        self.original(line_num, source, source_raw)

    def _translate(self, safe: str) -> str:
        """What IPython makes of the redacted cell, so the translated source holds no more than the raw one."""
        try:
            return str(self.ip.transform_cell(safe))
        except Exception:  # a cell IPython cannot translate is stored as typed (redacted), as run_cell does
            return safe

    def remove(self) -> None:
        if self.active:
            del self.manager.store_inputs


__all__ = ["MARKER", "HistoryGuard", "redact"]
