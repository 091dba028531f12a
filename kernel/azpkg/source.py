"""The files a package is made from: a folder laid out as Microsoft's packager expects, or the same layout
in memory (what the from-image builder makes). Manifest paths are Windows paths (`Icons\\Small.png`), found
case-insensitively as Windows finds them; a part keeps the name the file has on disk."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from .errors import PackageRuleError

MANIFEST_NAME = "manifest.json"
STRINGS_NAME = "strings/resources.resjson"


def normalise(manifest_path: str) -> str:
    """`DeploymentTemplates\\\\x.json`, `./Icons/a.png`, `/UIDefinition.json` -> a '/'-separated relative name."""
    text = manifest_path.replace("\\", "/")
    while text.startswith("./"):
        text = text[2:]
    return text.lstrip("/")


class Source:
    """Relative names ('/'-separated, case as on disk) and how to read each."""

    def __init__(self, files: dict[str, Callable[[], bytes]], label: str, manifest: str) -> None:
        self._files = files
        self._folded = {name.casefold(): name for name in files}
        self.label = label
        """Shown in messages: the folder, or '<generated>'."""
        self.manifest = manifest
        """The manifest's own name ('Manifest.json' or 'manifest.json')."""

    @classmethod
    def from_folder(cls, path: str | Path) -> Source:
        """A folder, or the manifest file inside it (as `AzureGallery.exe package -m <manifest>` takes)."""
        given = Path(path)
        folder = given.parent if given.is_file() else given
        if not folder.is_dir():
            raise PackageRuleError("SourceMissing", f"File not found at '{given}'.", str(given))
        files = {p.relative_to(folder).as_posix(): _reader(p) for p in folder.rglob("*") if p.is_file()}
        if given.is_file():
            manifest = given.relative_to(folder).as_posix()
        else:
            manifest = next((n for n in files if n.casefold() == MANIFEST_NAME), "")
            if not manifest:
                raise PackageRuleError("ManifestMissing", f"File not found at '{folder / 'Manifest.json'}'.",
                                       str(folder))
        return cls(files, str(folder), manifest)

    @classmethod
    def in_memory(cls, files: dict[str, bytes], manifest: str = "Manifest.json") -> Source:
        return cls({name: (lambda data=data: data) for name, data in files.items()}, "<generated>", manifest)

    def find(self, manifest_path: str) -> str | None:
        """The on-disk name a manifest path designates, or None."""
        return self._folded.get(normalise(manifest_path).casefold())

    def read(self, name: str) -> bytes:
        return self._files[name]()

    def where(self, manifest_path: str) -> str:
        """The path a message shows for a manifest path (the folder joined with it, as the packager prints)."""
        return f"{self.label}/{normalise(manifest_path)}"

    def names(self) -> Iterable[str]:
        return self._files.keys()


def _reader(path: Path) -> Callable[[], bytes]:
    return lambda: path.read_bytes()
