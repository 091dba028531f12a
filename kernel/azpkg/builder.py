"""Source -> checked package bytes -> a file written whole or not at all (Microsoft's packager leaves a
truncated .azpkg behind on some errors and exits 0; reference azpkg-and-browser.md A3)."""

from __future__ import annotations

import datetime as dt
import os
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from . import jsontext
from .errors import PackageError, PackageRuleError, PackageRulesError
from .files import check_files, load_strings
from .manifest import Manifest, check_manifest
from .opc import layout_package, new_hex, zip_entries
from .source import Source


@dataclass
class BuiltPackage:
    manifest: Manifest
    data: bytes
    warnings: list[str] = field(default_factory=list)

    @property
    def identity(self) -> str:
        return self.manifest.identity

    @property
    def file_name(self) -> str:
        return f"{self.identity}.azpkg"

    def save(self, folder: str | Path, *, overwrite: bool = False) -> Path:
        """Write `<publisher>.<name>.<version>.azpkg` into `folder` (made if missing), atomically."""
        target = Path(folder) / self.file_name
        if target.exists() and not overwrite:
            raise PackageError(f"The package {target} already exists; remove it or overwrite it (-Force).")
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, temp = tempfile.mkstemp(prefix=".azpkg-", dir=target.parent)
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(self.data)
            os.replace(temp, target)
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise
        return target


def build(source: Source, *, strict: bool = False, ids: Callable[[], str] = new_hex,
          when: dt.datetime | None = None) -> BuiltPackage:
    """Check every packager rule, then lay the package out; raises PackageRulesError listing all broken rules."""
    strings, errors = load_strings(source)
    try:
        raw = jsontext.loads(source.read(source.manifest))
    except ValueError as exc:
        raise PackageRulesError([PackageRuleError("ManifestFormat", f"Incorrectly formatted manifest file "
                                                  f"'{source.where(source.manifest)}' ({exc}).", source.manifest)]) from None
    manifest, manifest_errors, warnings = check_manifest(raw, strings, strict=strict)
    errors += manifest_errors
    if manifest is None:
        raise PackageRulesError(errors)
    parts, file_errors = check_files(manifest, source)
    errors += file_errors
    if errors:
        raise PackageRulesError(errors)
    return BuiltPackage(manifest, zip_entries(layout_package(manifest, parts, source, ids), when), warnings)
