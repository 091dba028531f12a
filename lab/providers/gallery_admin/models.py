"""Gallery item state: one document per item (kind `galleryItem`, parent the admin subscription, name the
identity, case-insensitive), the package kept as a file named by its SHA-256 under `<data>/gallery/` (an item
never points at another upload's bytes, whatever the order of concurrent adds).

Documents hold the item's properties with its file URIs relative to a marker; `render` puts the endpoint
that answers in front of them (admin or user side), with the double slash the stamp returns
(`https://galleryartifacts.adminhosting.<region>.<fqdn>//artifact/20161101/<identity>/...`, recordings).

A removal finishes in the background, as the recorded stamp's did (docs/stamp-fidelity.md): DELETE
marks the document with `removal`; until then the item is still there for reads and for a POST of its
identity, and a second DELETE finds nothing left to remove. `settle` drops what is due, on every request of
the provider (so a restart in between loses nothing).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import tempfile
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from .package import ItemPackage, item_properties

if TYPE_CHECKING:
    from ...context import Lab

KIND: Final = "galleryItem"
MARK: Final = "azslab-artifact:/"
ARTIFACT_ROOT: Final = "artifact/20161101"
REMOVAL_SECONDS: Final = 3.0
"""How long a removed item stays. The recordings bound it: more than the DELETE -> POST of the Add recording
(the same second; the POST still found the item), less than the 115 s to the Remove recording (its POST made
the item anew). Within that, the lab's choice: long enough that a client racing its own removal meets it."""
REMOVAL: Final = "removal"
"""The mark of a removal under way: {"at": <epoch seconds>, "subscription": <parent>}."""


def now() -> str:
    """The service's timestamps: seven fractional digits and Z."""
    return dt.datetime.now(dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%f") + "0Z"


def folder(lab: Lab) -> Path:
    return lab.paths.root / "gallery"


def new_doc(package: ItemPackage, file_name: str) -> dict[str, Any]:
    created = now()
    base = f"{MARK}{ARTIFACT_ROOT}/{package.identity}/"
    return {"name": package.identity, "package": file_name, "properties": item_properties(package, base, created, now())}


def save_package(lab: Lab, data: bytes) -> str:
    """Write the package once (named by its hash), atomically; its file name."""
    target_dir = folder(lab)
    target_dir.mkdir(parents=True, exist_ok=True)
    name = hashlib.sha256(data).hexdigest() + ".azpkg"
    target = target_dir / name
    if not target.exists():
        handle, temp = tempfile.mkstemp(dir=target_dir, prefix=".upload-")
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temp, target)
    return name


def removing(doc: dict[str, Any]) -> bool:
    return REMOVAL in doc


def mark_removed(lab: Lab, sub: str, doc: dict[str, Any]) -> None:
    lab.store.put(KIND, sub, doc["name"], {**doc, REMOVAL: {"at": time.time() + REMOVAL_SECONDS, "subscription": sub}})


def settle(lab: Lab) -> None:
    """Finish the removals that are due: the document goes, then its package file when no item names it."""
    clock = time.time()
    for doc in lab.store.documents(KIND):
        mark = doc.get(REMOVAL)
        if mark is not None and mark["at"] <= clock and lab.store.delete(KIND, mark["subscription"], doc["name"]):
            drop_package(lab, str(doc.get("package")))


def drop_package(lab: Lab, file_name: str) -> None:
    """Remove a package file no item document names any more."""
    if any(doc.get("package") == file_name for doc in lab.store.documents(KIND)):
        return
    (folder(lab) / file_name).unlink(missing_ok=True)


def read_package_file(lab: Lab, doc: dict[str, Any]) -> bytes | None:
    try:
        return (folder(lab) / str(doc["package"])).read_bytes()
    except OSError:
        return None


def render(value: Any, artifact_base: str) -> Any:
    """Document properties with every artifact URI made absolute under `artifact_base` (ends with '/')."""
    if isinstance(value, str) and value.startswith(MARK):
        return artifact_base + "/" + value[len(MARK):]
    if isinstance(value, dict):
        return {k: render(v, artifact_base) for k, v in value.items()}
    if isinstance(value, list):
        return [render(v, artifact_base) for v in value]
    return value


def resource(doc: dict[str, Any], sub: str, namespace: str, artifact_base: str) -> dict[str, Any]:
    """The ARM resource; `namespace` is the provider as the request spelt it (the stamp echoes its casing)."""
    return {"id": f"/subscriptions/{sub}/providers/{namespace}/galleryItems/{doc['name']}", "name": doc["name"],
            "type": f"{namespace}/galleryItems", "properties": render(doc["properties"], artifact_base)}
