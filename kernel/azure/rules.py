"""The documented rules for a platform image's parameters, checked before any request.

Publisher, offer and sku: no spaces or special characters (letters, digits, '.', '-', '_', starting with a
letter or digit; azure-stack-add-vm-image.md), at most 80 characters (Microsoft.Compute's limit on image
name segments: the gallery image definition name in its swagger; Compute.Admin's own swagger is silent).
Version: `#.#.#` whose numbers fit a 32-bit integer (Microsoft.Compute: "Digits must be within the range of a
32-bit integer"). OsType: Windows or Linux. OsUri and data-disk URIs: absolute https blob URIs. A data disk's
Lun: a whole number from 0 (the swagger's int32). Location: an ARM location name, never `.` or `..` (a URI
normaliser would resolve them into another path). Each broken rule is its own ParameterRuleError naming the
parameter and the rule, in pwsh's words where pwsh has them. No SDK import here.
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
NAME_MAX: Final = 80
VERSION_RULE: Final = re.compile(r"^\d+\.\d+\.\d+$")
INT32_MAX: Final = 2_147_483_647
OS_TYPES: Final = ("Windows", "Linux")
LOCATION_RULE: Final = re.compile(r"^[A-Za-z0-9][A-Za-z0-9 _().-]*$")


class ParameterRulesError(AzsError):
    """Several parameters break their rules; `.errors` has one ParameterRuleError each (the cmdlet writes
    all of them); the message of this aggregate lists them."""

    default_id = "InvalidParameterValue"

    def __init__(self, errors: list[ParameterRuleError]) -> None:
        self.errors = errors
        text = errors[0].record.message if len(errors) == 1 else "\n".join(e.record.message for e in errors)
        super().__init__(text, error_id=errors[0].record.error_id, category=errors[0].record.category,
                         target=errors[0].record.target)


def too_long(parameter: str, length: int, maximum: int) -> str:
    """pwsh's ValidateLength message (ParameterArgumentValidationError)."""
    return (f"Cannot validate argument on parameter '{parameter}'. The character length of the {length} argument is "
            f"too long. Shorten the character length of the argument so it is fewer than or equal to \"{maximum}\" "
            "characters, and then try the command again.")


def out_of_range(parameter: str, value: Any, minimum: Any, maximum: Any) -> str:
    """pwsh's ValidateRange message (ParameterArgumentValidationError)."""
    if minimum is not None and not value >= minimum:
        return (f"Cannot validate argument on parameter '{parameter}'. The {value} argument is less than the minimum "
                f"allowed range of {minimum}. Supply an argument that is greater than or equal to {minimum} and then "
                "try the command again.")
    return (f"Cannot validate argument on parameter '{parameter}'. The {value} argument is greater than the maximum "
            f"allowed range of {maximum}. Supply an argument that is less than or equal to {maximum} and then try "
            "the command again.")


def check_name(parameter: str, value: Any) -> ParameterRuleError | None:
    text = "" if value is None else str(value)
    if not text.strip():
        return ParameterRuleError(parameter, f"-{parameter} is empty: give the image's {parameter.lower()} name.", value=value)
    if len(text) > NAME_MAX:
        return ParameterRuleError(parameter, too_long(parameter, len(text), NAME_MAX), value=text[:40] + "...")
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
    shown = text if len(text) <= 40 else text[:40] + "..."
    if not VERSION_RULE.match(text):
        return ParameterRuleError(
            parameter,
            f"-{parameter} '{shown}' does not follow the format #.#.# (three whole numbers separated by dots, "
            "e.g. 1.0.0).",
            value=shown,
        )
    if any(int(part) > INT32_MAX for part in text.split(".")):
        return ParameterRuleError(
            parameter,
            f"-{parameter} '{shown}' has a number larger than {INT32_MAX}: each of the three numbers of an image "
            "version must fit a 32-bit integer.",
            value=shown,
        )
    return None


def check_location(value: Any) -> ParameterRuleError | None:
    """-Location names a path segment of the request: an ARM location name, never '.', '..' or a '/'."""
    if value is None:
        return None
    text = str(value)
    if not LOCATION_RULE.match(text) or text.strip(".") == "":
        return ParameterRuleError(
            "Location", f"-Location '{text[:40]}' is not a location name: use the stamp's region name as "
                        "Get-AzLocation lists it (letters and digits, e.g. local).", value=text[:40])
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
            if isinstance(lun, float) and lun != lun_int:
                raise ValueError(lun)
        except (TypeError, ValueError, OverflowError):
            errors.append(ParameterRuleError("DataDisks", f"-DataDisks item {index}: Lun '{lun}' is not a whole number."))
            continue
        if not 0 <= lun_int <= INT32_MAX:
            errors.append(ParameterRuleError("DataDisks", out_of_range("DataDisks", lun_int, 0, INT32_MAX)))
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
