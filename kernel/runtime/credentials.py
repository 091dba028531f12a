"""SecureString and PSCredential: values that carry a secret without ever showing it.

A SecureString's str/repr/format never reveal the text (pwsh prints `System.Security.SecureString`);
only `reveal()` (Python) or `GetNetworkCredential().Password` / `ConvertFrom-SecureString -AsPlainText`
(PowerShell, explicit opt-ins as in pwsh) give it back.
"""

from __future__ import annotations

from typing import Any


class SecureString:
    ps_type_names = ("System.Security.SecureString", "System.Object")
    __slots__ = ("__secret",)

    def __init__(self, text: str = "") -> None:
        self.__secret = text

    def reveal(self) -> str:
        """The plain text, for the code that must send it (an SDK credential)."""
        return self.__secret

    @property
    def Length(self) -> int:  # noqa: N802 - .NET property name
        return len(self.__secret)

    def ps_properties(self) -> list[tuple[str, Any]]:
        return [("Length", len(self.__secret))]

    def ps_to_string(self) -> str:
        return "System.Security.SecureString"

    def __str__(self) -> str:
        return "System.Security.SecureString"

    def __repr__(self) -> str:
        return "SecureString(<hidden>)"

    def __format__(self, spec: str) -> str:
        return str(self)

    def __eq__(self, other: object) -> bool:
        return self is other

    __hash__ = object.__hash__

    def __reduce__(self) -> Any:  # pickling would write the secret out
        raise TypeError("a SecureString cannot be serialized")


class NetworkCredential:
    ps_type_names = ("System.Net.NetworkCredential", "System.Object")

    def __init__(self, user_name: str, password: SecureString, domain: str = "") -> None:
        self.UserName = user_name
        self.Domain = domain
        self._password = password

    @property
    def Password(self) -> str:  # noqa: N802 - .NET property name; an explicit reveal, as in .NET
        return self._password.reveal()

    @property
    def SecurePassword(self) -> SecureString:  # noqa: N802
        return self._password

    def ps_properties(self) -> list[tuple[str, Any]]:
        return [("UserName", self.UserName), ("Password", self.Password), ("SecurePassword", self._password), ("Domain", self.Domain)]

    def __repr__(self) -> str:
        return f"NetworkCredential(user_name={self.UserName!r}, password=<hidden>)"


class PSCredential:
    ps_type_names = ("System.Management.Automation.PSCredential", "System.Object")

    def __init__(self, user_name: str, password: SecureString | str) -> None:
        self.UserName = user_name
        self.Password = password if isinstance(password, SecureString) else SecureString(password)

    def GetNetworkCredential(self) -> NetworkCredential:  # noqa: N802 - the .NET method scripts call
        user, domain = self.UserName, ""
        if "\\" in user:
            domain, user = user.split("\\", 1)
        return NetworkCredential(user, self.Password, domain)

    def ps_properties(self) -> list[tuple[str, Any]]:
        return [("UserName", self.UserName), ("Password", self.Password)]

    def __repr__(self) -> str:
        return f"PSCredential(user_name={self.UserName!r}, password=<hidden>)"

    def __str__(self) -> str:
        return "System.Management.Automation.PSCredential"


__all__ = ["NetworkCredential", "PSCredential", "SecureString"]


def _register_views() -> None:
    from azskernel.runtime.formatting import Column, TableView, register_view

    # pwsh's view of a NetworkCredential leaves the password out
    register_view("System.Net.NetworkCredential", TableView((Column("UserName"), Column("Domain"))))


_register_views()
