"""The `azs` entry point: routes to the script runner, the lab, the kernel installer or the shell.

It sits above the layers (beside engine.py) because it reaches both fronts, which may not import each
other. Each route is imported only when chosen, so `azs -Command` never pays for Jupyter or the lab.
"""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    first = args[0].lower() if args else ""
    if first == "lab":
        # The lab is started as a separate program; only this line of azskernel knows it exists.
        from azslab.cli import main as lab_main

        return lab_main(args[1:])
    if first == "kernel":
        from azskernel.jupyter.install import main as kernel_main

        return kernel_main(args[1:])
    from azskernel.shell.script import main as script_main

    return script_main(args)


if __name__ == "__main__":
    sys.exit(main())
