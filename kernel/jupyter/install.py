"""`azs kernel install [--user|--sys-prefix|--prefix DIR]`: registers the `azs-powershell` kernel spec.

The spec runs this very interpreter (`sys.executable -m azskernel.jupyter`), so a kernel installed from a
virtual environment keeps using that environment whichever Jupyter starts it. Without a flag the spec goes
into the active virtual environment when there is one (`--sys-prefix`), else into the user's data folder.
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from .logos import logo_paths

KERNEL_NAME = "azs-powershell"
DISPLAY_NAME = "Azure Stack Hub PowerShell"


class InstallError(Exception):
    """The kernel spec could not be written; the message says where and what to do."""


@dataclass(frozen=True)
class InstallTarget:
    user: bool = False
    prefix: str | None = None

    def describe(self) -> str:
        if self.user:
            return "the user's Jupyter data folder"
        return f"prefix {self.prefix}" if self.prefix else "the system Jupyter data folder"


def kernel_json(python: str | None = None) -> dict[str, object]:
    return {
        "argv": [python or sys.executable, "-m", "azskernel.jupyter", "-f", "{connection_file}"],
        "display_name": DISPLAY_NAME,
        "language": "powershell",
        "interrupt_mode": "signal",
        "metadata": {"debugger": False},
    }


def write_kernelspec(folder: Path, python: str | None = None) -> Path:
    """Writes kernel.json and the logos into `folder` (created if needed); returns the folder."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "kernel.json").write_text(json.dumps(kernel_json(python), indent=2) + "\n", encoding="utf-8")
    for path in logo_paths().values():
        shutil.copyfile(path, folder / path.name)
    return folder


def install(target: InstallTarget) -> Path:
    """Installs the spec with jupyter_client (it knows each platform's data folders); returns where."""
    from jupyter_client.kernelspec import KernelSpecManager

    with tempfile.TemporaryDirectory() as tmp:
        source = write_kernelspec(Path(tmp) / KERNEL_NAME)
        try:
            where = KernelSpecManager().install_kernel_spec(str(source), KERNEL_NAME, user=target.user, prefix=target.prefix)
        except OSError as exc:
            raise InstallError(
                f"Cannot write the kernel spec into {target.describe()}: {exc.strerror or exc}. "
                "Use --user, or --sys-prefix inside a virtual environment."
            ) from None
    return Path(where)


def uninstall() -> list[Path]:
    from jupyter_client.kernelspec import KernelSpecManager

    manager = KernelSpecManager()
    removed = []
    while KERNEL_NAME in manager.find_kernel_specs():
        try:
            removed.append(Path(manager.remove_kernel_spec(KERNEL_NAME)))
        except OSError as exc:
            raise InstallError(f"Cannot remove the kernel spec: {exc.strerror or exc}.") from None
    return removed


def _default_target() -> InstallTarget:
    in_venv = sys.prefix != getattr(sys, "base_prefix", sys.prefix)
    return InstallTarget(prefix=sys.prefix) if in_venv else InstallTarget(user=True)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="azs kernel", description="Manage the Azure Stack Hub PowerShell Jupyter kernel.")
    sub = parser.add_subparsers(dest="action", metavar="{install,uninstall}")
    inst = sub.add_parser("install", help=f"register the '{KERNEL_NAME}' kernel spec with Jupyter")
    where = inst.add_mutually_exclusive_group()
    where.add_argument("--user", action="store_true", help="install for the current user")
    where.add_argument("--sys-prefix", action="store_true", help="install into this Python environment (sys.prefix)")
    where.add_argument("--prefix", metavar="DIR", help="install under DIR/share/jupyter/kernels")
    sub.add_parser("uninstall", help="remove every installed copy of the kernel spec")
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    try:
        args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    except SystemExit as exc:  # argparse already printed the usage and the reason
        return int(exc.code or 0)
    try:
        if args.action == "install":
            if args.user:
                target = InstallTarget(user=True)
            elif args.sys_prefix:
                target = InstallTarget(prefix=sys.prefix)
            elif args.prefix:
                target = InstallTarget(prefix=args.prefix)
            else:
                target = _default_target()
            where = install(target)
            print(f"Installed kernel spec '{KERNEL_NAME}' ({DISPLAY_NAME}) in {where}")
            return 0
        if args.action == "uninstall":
            removed = uninstall()
            for path in removed:
                print(f"Removed {path}")
            if not removed:
                print(f"No kernel spec '{KERNEL_NAME}' is installed.")
            return 0
    except InstallError as exc:
        print(f"azs kernel: {exc}", file=sys.stderr)
        return 1
    parser.print_usage(sys.stderr)
    print("azs kernel: say what to do: install or uninstall", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
