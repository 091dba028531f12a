"""`azs lab ...` (and `python -m azslab ...`): up, down, status, env, approve, faults; `serve` is internal.

Every subcommand takes `--data-dir DIR` (default: per-user folder), so several labs can run side by side.
Errors are one line on stderr and exit code 1; `env` is the only command that prints the client secret.
"""

from __future__ import annotations

import argparse
import http.client
import json
import ssl
import sys
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from .azurite import AzuriteMissing
from .config import IDENTITIES, LabConfig, LabPaths, default_data_dir
from .daemon import LabError, down, env_of, powershell_lines, shell_lines, status, up
from .faults import LAB_CREDENTIAL_HEADER, FaultConfigError
from .identity.principal import ensure_principal


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="azs lab", description="An emulated Azure Stack Hub stamp on loopback.")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--data-dir", type=Path, default=None,
                        help=f"the lab's folder (default {default_data_dir()})")
    sub = parser.add_subparsers(dest="command", required=True, metavar="{up,down,status,env,approve,faults}")
    p = sub.add_parser("up", parents=[common], help="start the lab in the background (reuses a running one)")
    p.add_argument("--identity", choices=IDENTITIES, default=None, help="adfs (default) or entra")
    p.add_argument("--location", default=None, help="region name (default local)")
    p.add_argument("--faults", default=None, metavar="FILE", help="fault injection configuration (JSON)")
    p.add_argument("--lax", action="store_true",
                   help="relax the stamp's documented rules (newer blob service and SAS versions, storage kinds "
                        "other than Storage, replication other than LRS, blob names over 880 characters, 512-byte "
                        "page ranges, newer metadata api-versions); for training only, the default is a strict stamp")
    sub.add_parser("down", parents=[common], help="stop the lab and its Azurite")
    p = sub.add_parser("status", parents=[common], help="is the lab running, and where")
    p.add_argument("--format", choices=("text", "json"), default="text")
    p = sub.add_parser("env", parents=[common], help="what a client needs (includes the client secret)")
    p.add_argument("--format", choices=("json", "shell", "powershell"), default="json")
    p = sub.add_parser("approve", parents=[common], help="approve a device code login")
    p.add_argument("user_code")
    p = sub.add_parser("faults", parents=[common], help="show, set or clear fault injection")
    group = p.add_mutually_exclusive_group()
    group.add_argument("--set", metavar="FILE", help="replace the configuration with this JSON file")
    group.add_argument("--clear", action="store_true")
    p = sub.add_parser("serve", parents=[common])  # internal: what `up` runs in the background
    p.add_argument("--faults", default=None)
    return parser


def _call_lab(paths: LabPaths, port_of: str, method: str, path: str, body: bytes | None = None,
              content_type: str = "application/json", headers: dict[str, str] | None = None) -> tuple[int, Any]:
    config = LabConfig.load(paths)
    if config is None:
        raise LabError(f"there is no lab in {paths.root}: run `azs lab up` first")
    ctx = ssl.create_default_context(cafile=str(paths.ca_bundle))
    conn = http.client.HTTPSConnection("127.0.0.1", getattr(config.ports, port_of), timeout=10, context=ctx)
    try:
        conn.request(method, path, body=body, headers={"Content-Type": content_type, **(headers or {})})
        resp = conn.getresponse()
        raw = resp.read()
    except OSError as exc:
        raise LabError(f"the lab in {paths.root} does not answer ({exc}): is it up? (`azs lab status`)") from None
    finally:
        conn.close()
    return resp.status, json.loads(raw) if raw else None


def _run(args: argparse.Namespace) -> int:
    data_dir: Path = args.data_dir or default_data_dir()
    paths = LabPaths(data_dir.expanduser().resolve())
    if args.command == "serve":
        from .server import run  # uvicorn is loaded only by the lab process itself

        return run(paths.root, args.faults)
    if args.command == "up":
        env, started = up(paths.root, args.identity, args.location, args.faults, args.lax)
        verb = "started" if started else "already running"
        rules = "lax (--lax: NOT a real stamp's rules)" if args.lax else "strict (a real stamp's documented rules)"
        print(f"lab {verb} in {paths.root}\n  admin ARM {env.admin_arm_endpoint}\n  user ARM  {env.arm_endpoint}\n"
              f"  identity  {env.identity} (tenant {env.tenant_id})\n  rules     {rules}\n  CA bundle {env.ca_bundle}\n"
              "`azs lab env` prints the client settings.")
        return 0
    if args.command == "down":
        print(f"lab in {paths.root} stopped" if down(paths.root) else f"no lab was running in {paths.root}")
        return 0
    if args.command == "status":
        info = status(paths.root)
        if args.format == "json":
            print(json.dumps(info, indent=2))
        else:
            print("\n".join(f"{k}: {v}" for k, v in info.items()))
        return 0 if info["running"] else 3
    if args.command == "env":
        env = env_of(paths)
        if args.format == "json":
            print(json.dumps(env.to_json(), indent=2))
        else:
            print("\n".join(shell_lines(env) if args.format == "shell" else powershell_lines(env)))
        return 0
    if args.command == "approve":
        # The approval carries the lab's credential, read here from the 0600 data folder.
        form = urlencode({"user_code": args.user_code, "secret": ensure_principal(paths).client_secret})
        code, _ = _call_lab(paths, "login", "POST", "/device/approve", form.encode(),
                            "application/x-www-form-urlencoded")
        if code != 200:
            raise LabError(f"no pending device login has the code {args.user_code!r} (or it expired)")
        print("device login approved")
        return 0
    if args.command == "faults":
        credential = {LAB_CREDENTIAL_HEADER: ensure_principal(paths).client_secret}
        if args.set:
            try:
                body = Path(args.set).read_bytes()
            except OSError as exc:
                raise LabError(f"cannot read {args.set}: {exc.strerror}") from None
            code, answer = _call_lab(paths, "admin", "PUT", "/_lab/faults", body, headers=credential)
        else:
            code, answer = _call_lab(paths, "admin", "DELETE" if args.clear else "GET", "/_lab/faults",
                                     headers=credential)
        if code != 200:
            raise LabError((answer or {}).get("error", {}).get("message", f"HTTP {code}"))
        print(json.dumps(answer, indent=2))
        return 0
    raise AssertionError(args.command)


def main(argv: list[str] | None = None) -> int:
    try:
        args = _parser().parse_args(sys.argv[1:] if argv is None else argv)
    except SystemExit as exc:  # argparse has printed the usage and the error
        return int(exc.code or 0)
    try:
        return _run(args)
    except (LabError, AzuriteMissing, FaultConfigError) as exc:
        print(f"azs lab: {exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
