"""Static members of the system types: [IO.Path], [IO.File], [IO.Directory] and [Environment]. Each function
raises KeyError for a member it lacks; statics.py turns that into pwsh's error.
"""

from __future__ import annotations

import os
import re
import socket
import tempfile
import uuid
from typing import Any

from azskernel.runtime import pstypes as T
from azskernel.runtime.conversion import STRING_PARSERS, as_list, to_number, to_string
from azskernel.runtime.values import AutomationNull, Hashtable, PSObject


def path_static(name: str, args: list[Any]) -> Any:
    s = [to_string(a) for a in args]
    if name == "combine":
        parts = [p for a in args for p in (as_list(a) if isinstance(a, (list, tuple)) else [a])]
        return os.path.join(*[to_string(p) for p in parts]) if parts else ""
    if name == "getfilename":
        return os.path.basename(s[0].replace("\\", "/"))
    if name == "getfilenamewithoutextension":
        return os.path.splitext(os.path.basename(s[0].replace("\\", "/")))[0]
    if name == "getextension":
        return os.path.splitext(s[0])[1]
    if name == "getdirectoryname":
        return os.path.dirname(s[0])
    if name == "gettemppath":
        return tempfile.gettempdir() + os.sep
    if name == "gettempfilename":
        fd, path = tempfile.mkstemp(suffix=".tmp")
        os.close(fd)
        return path
    if name == "getrandomfilename":
        return uuid.uuid4().hex[:8] + "." + uuid.uuid4().hex[:3]
    if name == "ispathrooted":
        return os.path.isabs(s[0])
    if name == "getfullpath":
        return os.path.abspath(s[0])
    if name == "changeextension":
        root = os.path.splitext(s[0])[0]
        return root + ("" if args[1] is None else ("." + s[1].lstrip(".")))
    if name == "hasextension":
        return bool(os.path.splitext(s[0])[1])
    if name == "getpathroot":
        return "/" if s[0].startswith("/") else ""
    if name == "getinvalidfilenamechars":
        return [T.PSChar("/"), T.PSChar("\0")]
    if name == "getinvalidpathchars":
        return [T.PSChar("\0")]
    raise KeyError(name)


def file_static(name: str, args: list[Any]) -> Any:
    path = to_string(args[0]) if args else ""
    if name == "exists":
        return os.path.isfile(path)
    if name == "readalltext":
        with open(path, encoding="utf-8-sig") as h:
            return h.read()
    if name == "readalllines":
        with open(path, encoding="utf-8-sig") as h:
            return h.read().splitlines()
    if name == "readallbytes":
        with open(path, "rb") as h:
            return list(h.read())
    if name in ("writealltext", "appendalltext"):
        with open(path, "a" if name.startswith("append") else "w", encoding="utf-8") as h:
            h.write(to_string(args[1]))
        return AutomationNull
    if name in ("writealllines", "appendalllines"):
        with open(path, "a" if name.startswith("append") else "w", encoding="utf-8") as h:
            for line in as_list(args[1]):
                h.write(to_string(line) + "\n")
        return AutomationNull
    if name == "writeallbytes":
        with open(path, "wb") as h:
            h.write(bytes(int(b) for b in as_list(args[1])))
        return AutomationNull
    if name == "delete":
        if os.path.exists(path):
            os.remove(path)
        return AutomationNull
    if name == "copy":
        import shutil

        shutil.copyfile(path, to_string(args[1]))
        return AutomationNull
    raise KeyError(name)


def directory_static(name: str, args: list[Any]) -> Any:
    path = to_string(args[0]) if args else ""
    if name == "exists":
        return os.path.isdir(path)
    if name == "createdirectory":
        os.makedirs(path, exist_ok=True)
        return PSObject([("FullName", os.path.abspath(path)), ("Name", os.path.basename(path))])
    if name == "getfiles":
        return sorted(os.path.join(path, f) for f in os.listdir(path) if os.path.isfile(os.path.join(path, f)))
    if name == "getdirectories":
        return sorted(os.path.join(path, f) for f in os.listdir(path) if os.path.isdir(os.path.join(path, f)))
    if name == "getcurrentdirectory":
        return os.getcwd()
    raise KeyError(name)


def environment_member(name: str) -> Any:
    if name == "newline":
        return "\n"
    if name == "machinename":
        return socket.gethostname().split(".")[0]
    if name == "username":
        import getpass

        try:
            return getpass.getuser()
        except (KeyError, OSError):
            return ""
    if name == "processorcount":
        return os.cpu_count() or 1
    if name == "currentdirectory":
        return os.getcwd()
    if name in ("is64bitprocess", "is64bitoperatingsystem"):
        return True
    if name == "osversion":
        import platform

        return PSObject([("Platform", "Unix"), ("VersionString", f"{platform.system()} {platform.release()}"),
                         ("Version", platform.release())])
    if name == "tickcount" or name == "tickcount64":
        import time

        return int(time.monotonic() * 1000)
    if name == "userdomainname":
        return ""
    if name == "systemdirectory":
        return "/usr/bin"
    if name == "processid":
        return os.getpid()
    raise KeyError(name)


def environment_call(name: str, args: list[Any]) -> Any:
    if name == "getenvironmentvariable":
        from azskernel.runtime.scopes import get_env

        return get_env(to_string(args[0]))
    if name == "setenvironmentvariable":
        from azskernel.runtime.scopes import set_env

        set_env(to_string(args[0]), args[1] if len(args) > 1 else None)
        return AutomationNull
    if name == "getenvironmentvariables":
        return Hashtable(os.environ.items())
    if name == "getfolderpath":
        return os.path.expanduser("~")
    if name == "exit":
        from azskernel.runtime.control import ScriptExit

        raise ScriptExit(int(to_number(args[0])) if args else 0)
    if name == "expandenvironmentvariables":
        return re.sub(r"%([^%]+)%", lambda m: os.environ.get(m.group(1), m.group(0)), to_string(args[0]))
    return environment_member(name)


class IPAddress:
    """System.Net.IPAddress: `[ipaddress]'10.0.0.1'`, [IPAddress]::Parse, the properties .NET shows."""

    ps_type_names = ("System.Net.IPAddress", "System.Object")

    def __init__(self, text: str) -> None:
        import ipaddress

        try:
            self.address = ipaddress.ip_address(text.strip().split("%")[0])
        except ValueError:
            raise ValueError("An invalid IP address was specified.") from None
        self.scope = int(text.split("%")[1]) if "%" in text else 0

    def ps_properties(self) -> list[tuple[str, Any]]:
        from azskernel.runtime.enums import EnumValue

        v6 = self.address.version == 6
        family = EnumValue("System.Net.Sockets.AddressFamily", "InterNetworkV6" if v6 else "InterNetwork", 23 if v6 else 2)
        packed = self.address.packed
        return [("AddressFamily", family), ("ScopeId", self.scope if v6 else None),
                ("IsIPv6Multicast", v6 and self.address.is_multicast),
                ("IsIPv6LinkLocal", v6 and self.address.is_link_local),
                ("IsIPv6SiteLocal", v6 and self.address.is_site_local),  # type: ignore[union-attr]
                ("IsIPv6Teredo", v6 and self.address.teredo is not None),  # type: ignore[union-attr]
                ("IsIPv6UniqueLocal", v6 and packed[0] & 0xFE == 0xFC),
                ("IsIPv4MappedToIPv6", v6 and self.address.ipv4_mapped is not None),  # type: ignore[union-attr]
                ("Address", None if v6 else int.from_bytes(packed, "little"))]

    def ps_to_string(self) -> str:
        return str(self.address)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, IPAddress) and other.address == self.address

    def __hash__(self) -> int:
        return hash(self.address)

    def GetAddressBytes(self) -> list[int]:  # noqa: N802
        return list(self.address.packed)


STRING_PARSERS["System.Net.IPAddress"] = IPAddress


def ipaddress_static(name: str, args: list[Any]) -> Any:
    if name == "parse":
        return IPAddress(to_string(args[0]))
    if name == "tryparse":
        try:
            IPAddress(to_string(args[0]))
        except ValueError:
            return False
        return True
    fixed = {"any": "0.0.0.0", "loopback": "127.0.0.1", "broadcast": "255.255.255.255", "none": "255.255.255.255",
             "ipv6any": "::", "ipv6loopback": "::1", "ipv6none": "::"}
    if name in fixed:
        return IPAddress(fixed[name])
    raise KeyError(name)
