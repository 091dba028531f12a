"""What building or reading a Marketplace package can fail with (plain exceptions: this package knows
nothing of PowerShell; the cmdlets turn them into error records).

    PackageError                 any failure of this package
    ├── PackageRuleError         one rule of Microsoft's packager is broken (.rule names it, .where says where)
    ├── PackageRulesError        several at once (.errors); nothing was written
    └── PackageFormatError       a file is not a package Microsoft's reader would open (OPC structure)
"""

from __future__ import annotations


class PackageError(Exception):
    """Any failure of this package; `str()` is the message for the user."""


class PackageRuleError(PackageError):
    def __init__(self, rule: str, message: str, where: str = "") -> None:
        super().__init__(message)
        self.rule = rule
        """A stable id: `SchemaPattern`, `ImageSize`, `ArtifactFileMissing`..."""
        self.where = where
        """The manifest path ('name', 'artifacts[1].type') or the file the rule is about."""

    @property
    def message(self) -> str:
        return str(self)


class PackageRulesError(PackageError):
    def __init__(self, errors: list[PackageRuleError]) -> None:
        super().__init__("\n".join(e.message for e in errors))
        self.errors = errors


class PackageFormatError(PackageError):
    """The OPC structure Microsoft's package reader needs is missing or broken."""
