"""The Azure Linux Agent (WALinuxAgent) as installed in an image: where its code is, its version, its settings.

Where the version lives (reference/image-preflight.md section 4, from the agent's own source): `AGENT_VERSION =
'x.y.z[.w]'` in `azurelinuxagent/common/version.py` under the distribution's Python (`/usr/lib/python3/
dist-packages` on Debian and Ubuntu, `/usr/lib/python3.N/site-packages` or `/usr/lib/python2.7/site-packages` on
Red Hat, CentOS and SUSE, `/usr/local/lib/...` when installed with setup.py); the `WALinuxAgent-<version>-pyX.Y.
egg-info` folder next to it; for the 2.0 agent, `GuestAgentVersion = "WALinuxAgent-2.0.16"` in `/usr/sbin/waagent`.
`/var/lib/waagent/WALinuxAgent-<version>/` folders are auto-update downloads (the "goal state agent"), not the
provisioning code the guide asks about, so they are never taken as the version.

waagent.conf is read as the agent reads it (its conf.py): lines that do not start with `#` and hold `=`; the value
stops at `#`; quotes are stripped; names and string values are case-sensitive.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .filesystems import FileSystem

Version = tuple[int, ...]

VERSION_PY = "azurelinuxagent/common/version.py"
LIB_ROOTS = ("/usr/lib", "/usr/lib64", "/usr/local/lib", "/usr/share")
_AGENT_VERSION = re.compile(r"^AGENT_VERSION\s*=\s*['\"]([0-9][0-9.]*)['\"]", re.MULTILINE)
_GUEST_AGENT_VERSION = re.compile(r"GuestAgentVersion\s*=\s*['\"]WALinuxAgent-([0-9][0-9.]*)['\"]")
_EGG = re.compile(r"^WALinuxAgent-([0-9][0-9.]*?)(?:-py[0-9.]+)?\.(?:egg|dist)-info$")


def parse_version(text: str) -> Version:
    return tuple(int(p) for p in text.strip(".").split(".") if p.isdigit())


def show(version: Version) -> str:
    return ".".join(map(str, version))


@dataclass(frozen=True)
class AgentInstall:
    version: Version | None
    """None when the code was found but no version could be read from it."""
    where: str
    """The file or folder the version was read from."""


def _python_dirs(fs: FileSystem) -> list[str]:
    out = []
    for root in LIB_ROOTS:
        for name in fs.glob_names(root, "python"):
            for sub in ("dist-packages", "site-packages"):
                path = f"{root}/{name}/{sub}"
                if fs.is_dir(path):
                    out.append(path)
    return out


def find_agent(fs: FileSystem) -> AgentInstall | None:
    """The installed agent, by the places above; None when there is none."""
    for packages in _python_dirs(fs):
        source = fs.text(f"{packages}/{VERSION_PY}", 256 * 1024)
        if source is not None:
            found = _AGENT_VERSION.search(source)
            if found:
                return AgentInstall(parse_version(found.group(1)), f"{packages}/{VERSION_PY}")
        for name in fs.listdir(packages) or []:
            egg = _EGG.match(name)
            if egg:
                return AgentInstall(parse_version(egg.group(1)), f"{packages}/{name}")
        if source is not None:
            return AgentInstall(None, f"{packages}/{VERSION_PY}")
    for script in ("/usr/sbin/waagent", "/usr/bin/waagent"):
        text = fs.text(script, 512 * 1024)
        if text is None:
            continue
        found = _GUEST_AGENT_VERSION.search(text)
        if found:
            return AgentInstall(parse_version(found.group(1)), script)
        return AgentInstall(None, script)
    return None


def parse_conf(text: str) -> dict[str, str]:
    """waagent.conf as the agent reads it (later lines win)."""
    values: dict[str, str] = {}
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#") or "=" not in line:
            continue
        name, value = line.split("=", 1)
        value = value.split("#", 1)[0].strip().strip("\"'").strip()
        values[name.strip()] = value
    return values


def switch(conf: dict[str, str], name: str, default: bool) -> bool:
    """A y/n option ("y"/"n" in any case, as the agent reads switches)."""
    value = conf.get(name)
    if value is None or value == "":
        return default
    return value.lower() == "y"


__all__ = ["AgentInstall", "Version", "find_agent", "parse_conf", "parse_version", "show", "switch"]
