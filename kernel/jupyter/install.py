"""`azs kernel install [--user|--sys-prefix|--prefix DIR] [--name N] [--display-name D] [--env NAME VALUE]...`.

Registers the `azs-powershell` kernel spec (ipykernel's flags: another name, another display name, and
environment variables baked into the spec, e.g. AZS_CA_BUNDLE for a stamp's internal CA).

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


def kernel_json(python: str | None = None, display_name: str = DISPLAY_NAME,
                env: dict[str, str] | None = None) -> dict[str, object]:
    spec: dict[str, object] = {
        "argv": [python or sys.executable, "-m", "azskernel.jupyter", "-f", "{connection_file}"],
        "display_name": display_name,
        "language": "powershell",
        "interrupt_mode": "signal",
        "metadata": {"debugger": False},
    }
    if env:
        spec["env"] = dict(env)
    return spec


def write_kernelspec(folder: Path, python: str | None = None, display_name: str = DISPLAY_NAME,
                     env: dict[str, str] | None = None) -> Path:
    """Writes kernel.json and the logos into `folder` (created if needed); returns the folder."""
    folder.mkdir(parents=True, exist_ok=True)
    spec = kernel_json(python, display_name, env)
    (folder / "kernel.json").write_text(json.dumps(spec, indent=2) + "\n", encoding="utf-8")
    for path in logo_paths().values():
        shutil.copyfile(path, folder / path.name)
    return folder


def install(target: InstallTarget, name: str = KERNEL_NAME, display_name: str = DISPLAY_NAME,
            env: dict[str, str] | None = None) -> Path:
    """Installs the spec with jupyter_client (it knows each platform's data folders); returns where."""
    from jupyter_client.kernelspec import KernelSpecManager

    with tempfile.TemporaryDirectory() as tmp:
        source = write_kernelspec(Path(tmp) / name, display_name=display_name, env=env)
        try:
            where = KernelSpecManager().install_kernel_spec(str(source), name, user=target.user, prefix=target.prefix)
        except OSError as exc:
            raise InstallError(
                f"Cannot write the kernel spec into {target.describe()}: {exc.strerror or exc}. "
                "Use --user, or --sys-prefix inside a virtual environment."
            ) from None
    return Path(where)


def uninstall(name: str = KERNEL_NAME) -> list[Path]:
    from jupyter_client.kernelspec import KernelSpecManager

    manager = KernelSpecManager()
    removed = []
    while name in manager.find_kernel_specs():
        try:
            removed.append(Path(manager.remove_kernel_spec(name)))
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
    inst.add_argument("--name", default=KERNEL_NAME, type=_spec_name, help=f"the kernel spec's name (default {KERNEL_NAME})")
    inst.add_argument("--display-name", default=DISPLAY_NAME, help=f"the name Jupyter shows (default \"{DISPLAY_NAME}\")")
    inst.add_argument("--env", nargs=2, action="append", default=[], metavar=("NAME", "VALUE"),
                      help="set an environment variable for the kernel (repeatable), e.g. --env AZS_CA_BUNDLE /etc/stamp-ca.pem")
    rm = sub.add_parser("uninstall", help="remove every installed copy of the kernel spec")
    rm.add_argument("--name", default=KERNEL_NAME, type=_spec_name, help=f"the kernel spec's name (default {KERNEL_NAME})")
    return parser


def _spec_name(text: str) -> str:
    # jupyter_client's rule for kernel names: ASCII letters, digits, '.', '-', '_'
    if not text or any(not (c.isascii() and (c.isalnum() or c in "._-")) for c in text):
        raise argparse.ArgumentTypeError(f"'{text}' is not a valid kernel name: use letters, digits, '.', '-' and '_'")
    return text.lower()


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
            env = dict(args.env)
            secret_like = [n for n in env if (any(w in n.upper() for w in ("SECRET", "PASSWORD", "TOKEN"))
                                              or n.upper().endswith("_KEY"))
                           and not n.upper().endswith(("_FILE", "_PATH", "_BUNDLE"))]
            if secret_like:
                # kernel.json is world-readable and often shared: a secret must not be baked into it
                raise InstallError(f"--env {secret_like[0]} looks like a secret; kernel specs are readable by everyone. "
                                   "Pass the secret through the environment Jupyter is started from instead.")
            where = install(target, args.name, args.display_name, env)
            print(f"Installed kernel spec '{args.name}' ({args.display_name}) in {where}")
            return 0
        if args.action == "uninstall":
            removed = uninstall(args.name)
            for path in removed:
                print(f"Removed {path}")
            if not removed:
                print(f"No kernel spec '{args.name}' is installed.")
            return 0
    except InstallError as exc:
        print(f"azs kernel: {exc}", file=sys.stderr)
        return 1
    parser.print_usage(sys.stderr)
    print("azs kernel: say what to do: install or uninstall", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
