"""The `azs` entry point: routes to the script runner, the lab, the kernel installer, the notebooks or the shell.

It sits above the layers (beside engine.py) because it reaches both fronts, which may not import each
other. Each route is imported only when chosen, so `azs -Command` never pays for Jupyter or the lab.
"""

from __future__ import annotations

import difflib
import importlib.util
import os
import sys

SUBCOMMANDS = ("lab", "kernel", "notebooks")
_LAB_MODULES = ("starlette", "uvicorn", "jwt", "cryptography")


def _lab(args: list[str]) -> int:
    missing = [m for m in _LAB_MODULES if importlib.util.find_spec(m) is None]
    if missing:
        print("azs lab: the lab stamp needs the 'lab' extra, which is not installed (missing: "
              f"{', '.join(missing)}). Install it with: pip install 'azs-notebook[lab]'", file=sys.stderr)
        return 1
    # The lab is started as a separate program; only this line of azskernel knows it exists.
    from azslab.cli import main as lab_main

    return lab_main(args)


def _unknown_subcommand(word: str) -> str | None:
    """A hint when `word` is neither a script file nor a subcommand but close to one (`azs labb`)."""
    if word.startswith("-") or os.path.exists(word) or word.lower().endswith(".ps1"):
        return None
    close = difflib.get_close_matches(word.lower(), SUBCOMMANDS, n=1, cutoff=0.6)
    if not close:
        return None
    return (f"azs: '{word}' is neither a subcommand nor a script file.\n\n"
            f"The most similar subcommand is\n\tazs {close[0]}\n\nSee `azs --help`.")


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    first = args[0].lower() if args else ""
    if first == "lab":
        return _lab(args[1:])
    if first == "kernel":
        from azskernel.jupyter.install import main as kernel_main

        return kernel_main(args[1:])
    if first == "notebooks":
        from azskernel.notebooks import main as notebooks_main

        return notebooks_main(args[1:])
    if args and (hint := _unknown_subcommand(args[0])):
        print(hint, file=sys.stderr)
        return 64
    from azskernel.shell.script import main as script_main

    return script_main(args)


if __name__ == "__main__":
    sys.exit(main())
