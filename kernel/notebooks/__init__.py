"""The runbooks and training labs shipped inside the package, and `azs notebooks copy DEST` that copies them out.

In a wheel they are package data (azskernel/notebooks/runbooks, .../labs); in a source checkout they are the
repository's notebooks/ folder (pyproject.toml maps one onto the other). Imports nothing from azskernel.
"""

from __future__ import annotations

import argparse
import sys
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Final

SETS: Final = ("runbooks", "labs")
_CHECKOUT: Final = Path(__file__).resolve().parents[2] / "notebooks"


def notebooks(name: str) -> list[Traversable]:
    """The shipped notebooks of one set (package data first, then the source checkout), sorted by name."""
    if name not in SETS:
        raise ValueError(f"unknown notebook set {name!r}; the sets are {', '.join(SETS)}")
    found: list[Traversable] = []
    try:
        found = [f for f in resources.files(f"{__name__}.{name}").iterdir() if f.name.endswith(".ipynb")]
    except (ModuleNotFoundError, FileNotFoundError, NotADirectoryError):
        pass
    if not found:
        found = list((_CHECKOUT / name).glob("*.ipynb"))
    return sorted(found, key=lambda f: f.name)


def shipped(names: tuple[str, ...] = SETS) -> dict[str, list[Traversable]]:
    return {name: notebooks(name) for name in names}


def copy(destination: Path, names: tuple[str, ...] = SETS, *, force: bool = False) -> list[Path]:
    """Copy the sets into destination/<set>/; an existing file is kept unless `force` (an operator's edits are
    not overwritten by a second copy). Returns the files written."""
    plan = [(source, destination / name / source.name) for name, files in shipped(names).items() for source in files]
    if not plan:
        raise FileNotFoundError("no shipped notebooks were found: the installation is incomplete (reinstall azs-notebook)")
    clashes = [target for _, target in plan if target.exists()]
    if clashes and not force:
        listed = ", ".join(str(c) for c in clashes[:3]) + (" ..." if len(clashes) > 3 else "")
        raise FileExistsError(f"{len(clashes)} notebook(s) already exist ({listed}); pass --force to overwrite them")
    written = []
    for source, target in plan:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(source.read_bytes())
        written.append(target)
    return written


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="azs notebooks", description="The runbooks and training labs shipped with azs-notebook.")
    sub = parser.add_subparsers(dest="command", required=True, metavar="{copy,list}")
    p = sub.add_parser("copy", help="copy the runbooks and labs into a folder (DEST/runbooks, DEST/labs)")
    p.add_argument("destination", metavar="DEST", type=Path)
    p.add_argument("--only", choices=SETS, help="copy one set only")
    p.add_argument("--force", action="store_true", help="overwrite notebooks that already exist in DEST")
    sub.add_parser("list", help="list the shipped notebooks")
    return parser


def main(argv: list[str] | None = None) -> int:
    try:
        args = _parser().parse_args(sys.argv[1:] if argv is None else argv)
    except SystemExit as exc:
        return int(exc.code or 0)
    names = (args.only,) if getattr(args, "only", None) else SETS
    if args.command == "list":
        for name, files in shipped(names).items():
            print(f"{name}:")
            print("\n".join(f"  {f.name}" for f in files))
        return 0
    try:
        written = copy(args.destination.expanduser(), names, force=args.force)
    except (FileExistsError, FileNotFoundError, OSError) as exc:
        print(f"azs notebooks: {exc}", file=sys.stderr)
        return 1
    print(f"copied {len(written)} notebooks into {args.destination} ({', '.join(names)}); "
          "open them with `jupyter lab` after `azs kernel install --user`")
    return 0


__all__ = ["SETS", "copy", "main", "notebooks", "shipped"]
