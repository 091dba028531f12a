"""File trees as data: what goes inside a test or sample image, written to a folder for the mkfs tools.

A tree maps absolute POSIX paths to `bytes`/`str` (a file), `Link(target)` (a symlink) or `DIR` (a directory);
parents are implied. Trees are plain dicts so a broken variant is one edit away: `{**good, "/var/lib/waagent/
provisioned": ""}` or `drop(good, "/etc/waagent.conf")`.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Union


@dataclass(frozen=True)
class Link:
    target: str


class _Dir:
    def __repr__(self) -> str:
        return "DIR"


DIR = _Dir()
Entry = Union[bytes, str, Link, _Dir]
Tree = dict[str, Entry]


def drop(tree: Tree, *paths: str) -> Tree:
    """`tree` without `paths` and everything under them."""
    gone = tuple(p.rstrip("/") for p in paths)
    return {k: v for k, v in tree.items() if not any(k == g or k.startswith(g + "/") for g in gone)}


def data(entry: Entry) -> bytes:
    return entry.encode() if isinstance(entry, str) else entry  # type: ignore[return-value]


def directories(tree: Tree) -> list[str]:
    """Every directory of the tree, parents before children."""
    out: set[str] = set()
    for path, entry in tree.items():
        parts = path.strip("/").split("/")
        upto = len(parts) if entry is DIR else len(parts) - 1
        for i in range(1, upto + 1):
            out.add("/" + "/".join(parts[:i]))
    return sorted(out, key=lambda p: (p.count("/"), p))


def write_tree(tree: Tree, root: Path) -> Path:
    """The tree as real files under `root` (for mkfs.ext4 -d and mkfs.xfs's protofile)."""
    for d in directories(tree):
        (root / d.lstrip("/")).mkdir(parents=True, exist_ok=True)
    for path, entry in tree.items():
        target = root / path.lstrip("/")
        if entry is DIR:
            continue
        if isinstance(entry, Link):
            os.symlink(entry.target, target)
        else:
            target.write_bytes(data(entry))
    return root


__all__ = ["DIR", "Entry", "Link", "Tree", "data", "directories", "drop", "write_tree"]
