"""Which CA certificates the clients trust: the system store, plus REQUESTS_CA_BUNDLE, plus AZS_CA_BUNDLE.

requests takes one bundle path, so when AZS_CA_BUNDLE is set we write a combined PEM (system store +
REQUESTS_CA_BUNDLE + the stamp's root) under the config folder and pass its path as `connection_verify`
to every client and credential. The file is a cache, never a source of trust: each use rebuilds the
bundle from its sources and rewrites the file when its bytes differ, in a folder only the user may write. An explicit path wins over requests' own environment lookup, which is why
REQUESTS_CA_BUNDLE is folded in rather than left to requests. No SDK import here.
"""

from __future__ import annotations

import hashlib
import os
import ssl
from pathlib import Path

from .errors import ParameterRuleError

ENV_VAR = "AZS_CA_BUNDLE"


def _system_bundle() -> Path | None:
    paths = ssl.get_default_verify_paths()
    for candidate in (paths.cafile, paths.openssl_cafile, "/etc/ssl/certs/ca-certificates.crt"):
        if candidate and Path(candidate).is_file():
            return Path(candidate)
    try:
        import certifi

        return Path(certifi.where())
    except ImportError:  # pragma: no cover - certifi comes with requests
        return None


def _read_pem(path: Path, origin: str) -> bytes:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise ParameterRuleError(
            origin, f"{origin} points to '{path}', which does not exist. Set it to the PEM file of the stamp's root CA."
        ) from None
    except OSError as exc:
        raise ParameterRuleError(origin, f"{origin} points to '{path}', which cannot be read ({exc.strerror}).") from None
    if b"-----BEGIN CERTIFICATE-----" not in data:
        raise ParameterRuleError(
            origin, f"{origin} points to '{path}', which holds no PEM certificate (-----BEGIN CERTIFICATE-----)."
        )
    return data


def verify_setting(cache_dir: Path, extra: str | os.PathLike[str] | None = None) -> str | bool:
    """The `connection_verify` value for every client: True (requests' own environment lookup), the system
    store's bundle, or a combined bundle path."""
    stamp = extra or os.environ.get(ENV_VAR)
    system = _system_bundle()
    if not stamp:
        if os.environ.get("REQUESTS_CA_BUNDLE") or os.environ.get("CURL_CA_BUNDLE") or system is None:
            return True  # requests reads those variables itself
        return str(system)  # the system store, not the certifi copy requests would fall back to
    parts: list[bytes] = []
    if system is not None:
        parts.append(system.read_bytes())
    requests_bundle = os.environ.get("REQUESTS_CA_BUNDLE") or os.environ.get("CURL_CA_BUNDLE")
    if requests_bundle and Path(requests_bundle).is_file() and Path(requests_bundle) != system:
        parts.append(_read_pem(Path(requests_bundle), "REQUESTS_CA_BUNDLE"))
    parts.append(_read_pem(Path(stamp), ENV_VAR if not extra else "CaBundle"))
    combined = b"\n".join(p.rstrip(b"\n") for p in parts) + b"\n"
    digest = hashlib.sha256(combined).hexdigest()[:16]
    folder = cache_dir / "ca"
    target = folder / f"bundle-{digest}.pem"
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    os.chmod(folder, 0o700)  # a certificate planted here would be trusted by every client
    if _read(target) != combined:
        tmp = target.with_suffix(f".{os.getpid()}.tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(combined)
        os.replace(tmp, target)
    return str(target)


def _read(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None
