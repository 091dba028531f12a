"""Shared access signatures in the format a Hub's storage service accepts: signed version 2019-07-07.

azure-storage-blob signs every SAS in its newest format (its `generate_*_sas` ignore a `version` argument),
with an `sv` a Hub refuses (403 AuthenticationFailed). So the SAS the cmdlets make are written here, from the
storage REST reference ("Create a service SAS" and "Create an account SAS", the string-to-sign of versions
2018-11-09 to 2020-10-02, which have no signedEncryptionScope): HMAC-SHA256 over those fields with the
account key. No SDK import here.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final
from urllib.parse import quote

from .environment import API_VERSIONS

SIGNED_VERSION: Final = API_VERSIONS["blob"]
"""The newest version a Hub (2008 and later) serves: azure-stack/user/azure-stack-acs-differences.md."""


def sas_time(value: dt.datetime) -> str:
    """ISO 8601 UTC to the second, as the service reads `st` and `se`."""
    if value.tzinfo is not None:
        value = value.astimezone(dt.timezone.utc)
    return value.strftime("%Y-%m-%dT%H:%M:%SZ")


def _sign(account_key: str, string_to_sign: str) -> str:
    digest = hmac.new(base64.b64decode(account_key), string_to_sign.encode("utf-8"), hashlib.sha256).digest()
    return base64.b64encode(digest).decode("ascii")


def _query(fields: Mapping[str, str]) -> str:
    return "&".join(f"{k}={quote(v, safe='')}" for k, v in fields.items() if v)


@dataclass(frozen=True)
class SasTerms:
    """What every SAS states: permissions, validity, protocol, and optionally an IP range."""

    permission: str
    expiry: dt.datetime
    start: dt.datetime | None = None
    protocol: str = "https"
    ip: str = ""


def service_sas(account: str, account_key: str, container: str, blob: str | None, terms: SasTerms) -> str:
    """A blob SAS (sr=b) or, without `blob`, a container SAS (sr=c), signed in the 2019-07-07 format."""
    resource = "b" if blob else "c"
    canonical = f"/blob/{account}/{container}" + (f"/{blob}" if blob else "")
    start = sas_time(terms.start) if terms.start else ""
    expiry = sas_time(terms.expiry)
    string_to_sign = "\n".join([
        terms.permission, start, expiry, canonical,
        "",  # signedIdentifier (a stored access policy): not used
        terms.ip, terms.protocol, SIGNED_VERSION, resource,
        "",  # signedSnapshotTime
        "", "", "", "", "",  # rscc, rscd, rsce, rscl, rsct: no response-header overrides
    ])
    return _query({"sv": SIGNED_VERSION, "sr": resource, "st": start, "se": expiry, "sp": terms.permission,
                   "sip": terms.ip, "spr": terms.protocol, "sig": _sign(account_key, string_to_sign)})


def account_sas(account: str, account_key: str, services: str, resource_types: str, terms: SasTerms) -> str:
    """An account SAS (ss, srt), signed in the 2019-07-07 format."""
    start = sas_time(terms.start) if terms.start else ""
    expiry = sas_time(terms.expiry)
    string_to_sign = "\n".join([
        account, terms.permission, services, resource_types, start, expiry, terms.ip, terms.protocol,
        SIGNED_VERSION, "",
    ])
    return _query({"sv": SIGNED_VERSION, "ss": services, "srt": resource_types, "sp": terms.permission,
                   "st": start, "se": expiry, "sip": terms.ip, "spr": terms.protocol,
                   "sig": _sign(account_key, string_to_sign)})
