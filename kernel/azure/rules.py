"""The seed document's rules for a platform image's parameters, checked before any request.

Publisher, offer and sku: no spaces or special characters (letters, digits, '.', '-', '_', starting with a
letter or digit). Version: `#.#.#`. OsType: Windows or Linux. OsUri and data-disk URIs: absolute https
blob URIs (`https://<account>.blob.<suffix>/<container>/<blob>`, or the path-style form an IP host uses).
Each broken rule is its own ParameterRuleError naming the parameter and the rule. No SDK import here.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any, Final
from urllib.parse import urlsplit

from .errors import AzsError, ParameterRuleError
from .redaction import redact_uri

NAME_RULE: Final = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
VERSION_RULE: Final = re.compile(r"^\d+\.\d+\.\d+$")
OS_TYPES: Final = ("Windows", "Linux")


class ParameterRulesError(AzsError):
    """Several parameters break their rules; `.errors` has one ParameterRuleError each (the cmdlet writes
    all of them); the message of this aggregate lists them."""

    default_id = "InvalidParameterValue"

    def __init__(self, errors: list[ParameterRuleError]) -> None:
        self.errors = errors
        text = errors[0].record.message if len(errors) == 1 else "\n".join(e.record.message for e in errors)
        super().__init__(text, error_id=errors[0].record.error_id, category=errors[0].record.category,
                         target=errors[0].record.target)


def check_name(parameter: str, value: Any) -> ParameterRuleError | None:
    text = "" if value is None else str(value)
    if not text.strip():
        return ParameterRuleError(parameter, f"-{parameter} is empty: give the image's {parameter.lower()} name.", value=value)
    if not NAME_RULE.match(text):
        bad = sorted({c for c in text if not (c.isascii() and (c.isalnum() or c in "._-"))})
        shown = ", ".join("space" if c == " " else repr(c) for c in bad) or repr(text[0])
        return ParameterRuleError(
            parameter,
            f"-{parameter} '{text}' is not allowed: no spaces or special characters ({shown}); use letters, "
            "digits, '.', '-' and '_', starting with a letter or digit (e.g. Canonical, UbuntuServer, 14.04.3-LTS).",
            value=value,
        )
    return None


def check_version(value: Any, parameter: str = "Version") -> ParameterRuleError | None:
    text = "" if value is None else str(value)
    if not VERSION_RULE.match(text):
        return ParameterRuleError(
            parameter,
            f"-{parameter} '{text}' does not follow the format #.#.# (three whole numbers separated by dots, "
            "e.g. 1.0.0).",
            value=value,
        )
    return None


def normalise_os_type(value: Any) -> str | ParameterRuleError:
    text = "" if value is None else str(value).strip()
    for name in OS_TYPES:
        if text.casefold() == name.casefold():
            return name
    return ParameterRuleError(
        "OsType", f"-OsType '{text}' is not allowed: the image's OS type must be Windows or Linux.", value=value
    )


def check_blob_uri(parameter: str, value: Any, example: str = "<name>.vhd") -> ParameterRuleError | None:
    text = "" if value is None else str(value).strip()
    shown = redact_uri(text)
    rule = (
        f"it must be an absolute https blob URI such as https://<account>.blob.<region>.<fqdn>/<container>/{example} "
        "(with a read SAS appended, or in a container with public Blob access)"
    )
    try:
        parts = urlsplit(text)
    except ValueError:
        parts = None
    if parts is None or not parts.scheme or not parts.netloc:
        return ParameterRuleError(parameter, f"-{parameter} '{shown}' is not a URI: {rule}.", value=shown)
    if parts.scheme.lower() != "https":
        return ParameterRuleError(parameter, f"-{parameter} '{shown}' uses {parts.scheme}: {rule}.", value=shown)
    host = parts.hostname or ""
    segments = [s for s in parts.path.split("/") if s]
    path_style = bool(re.match(r"^[\d.]+$", host)) or host == "localhost"
    need = 3 if path_style else 2
    if len(segments) < need:
        return ParameterRuleError(
            parameter, f"-{parameter} '{shown}' names no container and blob: {rule}.", value=shown
        )
    if not path_style and ".blob." not in f".{host}":
        return ParameterRuleError(
            parameter, f"-{parameter} '{shown}' is not on a blob endpoint (host '{host}' has no '.blob.'): {rule}.",
            value=shown,
        )
    return None


@dataclass(frozen=True)
class DataDisk:
    lun: int
    uri: str


def parse_data_disks(value: Any) -> tuple[list[DataDisk], list[ParameterRuleError]]:
    """-DataDisks: hashtables / objects with Lun and Uri, as Az takes them (@{Lun=0; Uri='...'})."""
    if value is None:
        return [], []
    items: Iterable[Any] = value if isinstance(value, (list, tuple)) else [value]
    disks: list[DataDisk] = []
    errors: list[ParameterRuleError] = []
    for index, item in enumerate(items):
        lun, uri = _field(item, "Lun"), _field(item, "Uri")
        if isinstance(item, str):
            lun, uri = index, item
        try:
            lun_int = int(lun) if lun is not None else index
        except (TypeError, ValueError):
            errors.append(ParameterRuleError("DataDisks", f"-DataDisks item {index}: Lun '{lun}' is not a whole number."))
            continue
        problem = check_blob_uri("DataDisks", uri)
        if problem is not None:
            errors.append(problem)
            continue
        disks.append(DataDisk(lun_int, str(uri).strip()))
    luns = [d.lun for d in disks]
    if len(set(luns)) != len(luns):
        errors.append(ParameterRuleError("DataDisks", f"-DataDisks gives the same Lun twice ({luns}); each data disk needs its own Lun."))
    return disks, errors


def _field(item: Any, name: str) -> Any:
    if isinstance(item, Mapping):
        for key, val in item.items():
            if str(key).casefold() == name.casefold():
                return val
        return None
    getter = getattr(item, "get", None)
    if callable(getter):
        try:
            return getter(name)
        except TypeError:
            pass
    return getattr(item, name, None)


@dataclass(frozen=True)
class ImageId:
    publisher: str
    offer: str
    sku: str
    version: str

    def __str__(self) -> str:
        return f"{self.publisher}/{self.offer}/{self.sku}/{self.version}"


def check_image_id(publisher: Any, offer: Any, sku: Any, version: Any) -> tuple[ImageId, list[ParameterRuleError]]:
    errors = [e for e in (
        check_name("Publisher", publisher),
        check_name("Offer", offer),
        check_name("Sku", sku),
        check_version(version),
    ) if e is not None]
    return ImageId(str(publisher or ""), str(offer or ""), str(sku or ""), str(version or "")), errors


def raise_if(errors: list[ParameterRuleError]) -> None:
    if errors:
        raise ParameterRulesError(errors)
