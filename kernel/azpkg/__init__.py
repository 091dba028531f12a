"""Marketplace items: the .azpkg package, built in Python on any OS (stand-alone: standard library and
Pillow only; no other azskernel import).

    from azskernel.azpkg import ImageRef, build, read_package, vm_item_source, Source
    built = build(vm_item_source(ImageRef("Contoso", "UbuntuServer", "22.04-LTS", "1.0.0", "Linux")))
    path = built.save("out")                          # out/Contoso.UbuntuServer-22-04-LTS.1.0.0.azpkg
    built = build(Source.from_folder("MyItem"))       # a folder laid out as Microsoft's packager expects
    package = read_package(path.read_bytes())         # as Microsoft's package reader opens it

`build` enforces every rule of Microsoft's packager (manifest.py, files.py) and writes the OPC layout its
reader needs (opc.py); the reference is shared/reference/azpkg-and-browser.md part A.
"""

from __future__ import annotations

from .builder import BuiltPackage, build
from .errors import PackageError, PackageFormatError, PackageRuleError, PackageRulesError
from .manifest import ICON_SIZES, SCREENSHOT_SIZE, Manifest
from .reader import Package, read_package
from .source import Source
from .vmitem import Artifacts, IconSources, ImageRef, ItemText, item_name, item_publisher, references, vm_item_source

__all__ = sorted([
    "Artifacts", "BuiltPackage", "ICON_SIZES", "IconSources", "ImageRef", "ItemText", "Manifest", "Package",
    "PackageError", "PackageFormatError", "PackageRuleError", "PackageRulesError", "SCREENSHOT_SIZE", "Source",
    "build", "item_name", "item_publisher", "read_package", "references", "vm_item_source",
], key=str.casefold)
