"""Before Add-AzsGalleryItem: can the stamp read the package, and would it take it?

The gallery service downloads the .azpkg from the URI as given: anonymously, or through the SAS the URI
carries (the guide: "make sure that the blob is publicly accessible"). So, as for platform images
(preflight.py): the SAS read without a request, a HEAD with no credentials; then the package is downloaded
the same way and opened as Microsoft's package reader opens it (azskernel.azpkg.read_package: a plain ZIP
or a broken OPC structure is refused), and the packager's rules are checked again as warnings (a stamp
does not re-check them, reference azpkg-and-browser.md A4, but an item that breaks them may show badly).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

from .errors import azure_errors
from .events import PreflightEvent, Reporter
from .preflight import ERROR, WARNING, AnonymousBlob, BlobCheck, Issue, sas_issues
from .redaction import redact_uri

if TYPE_CHECKING:
    from azskernel.azpkg import Package

MAX_PACKAGE_BYTES: Final = 256 * 1024 * 1024
"""Bigger blobs are not downloaded to be checked (real packages weigh kilobytes to a few megabytes)."""


def _not_readable(status: int, error_code: str, has_sas: bool) -> Issue:
    code = f", {error_code}" if error_code else ""
    if has_sas and status == 404:
        return Issue("BlobNotFound", ERROR, "The package blob does not exist (HTTP 404 with the URI's SAS): check the "
                                            "container and blob names.")
    if has_sas:
        return Issue("SasRefused", ERROR, f"The storage service refused the URI's SAS (HTTP {status}{code}), so the "
                                          "stamp would be refused too: make a new read SAS for this blob "
                                          "(New-AzStorageBlobSASToken -Permission r -FullUri).")
    return Issue("BlobNotPublic", ERROR,
                 f"The package cannot be read without credentials (HTTP {status}{code}): its container is private (or "
                 "the blob does not exist) and the URI has no SAS. The gallery downloads it anonymously: allow public "
                 "read access (Set-AzStorageContainerAcl -Name <container> -Permission Blob -Context $ctx) or append a "
                 "read SAS (New-AzStorageBlobSASToken -Container <c> -Blob <b> -Permission r -FullUri -Context $ctx).")


def check_package_blob(uri: str, *, verify: str | bool, reporter: Reporter | None = None) -> BlobCheck:
    """Every finding about the package at `uri`; network failures raise (translated)."""
    from azskernel.azpkg import PackageFormatError, read_package

    rep = reporter or Reporter()
    result = BlobCheck(redact_uri(uri), "GalleryItemUri")
    result.issues.extend(sas_issues(uri))
    if result.errors:
        return result
    blob = AnonymousBlob(uri, verify, rep.verbose)
    try:
        with azure_errors(f"read the package {result.uri} without credentials", url=uri):
            head = blob.head()
            if head.status_code != 200:
                result.issues.append(_not_readable(head.status_code, head.headers.get("x-ms-error-code", ""),
                                                   "sig=" in uri))
                rep.event(PreflightEvent("access", False, result.issues[-1].message))
                return result
            rep.event(PreflightEvent("access", True, "readable as the stamp reads it"))
            result.size = blob.size = int(head.headers.get("content-length") or 0)
            if result.size > MAX_PACKAGE_BYTES:
                result.issues.append(Issue("PackageNotChecked", WARNING, f"The package is {result.size} bytes; it was "
                                                                         "not downloaded to be checked."))
                return result
            data = blob.read_at(0, result.size)
    finally:
        blob.close()
    try:
        package = read_package(data)
    except PackageFormatError as exc:
        result.issues.append(Issue("PackageStructure", ERROR, f"The stamp's package reader would refuse it: {exc} Make "
                                                              "it with New-AzsGalleryItemPackage."))
        rep.event(PreflightEvent("package", False, str(exc)))
        return result
    for problem in _packager_rules(package):
        result.issues.append(Issue("PackagerRule", WARNING, problem))
    rep.event(PreflightEvent("package", True, f"gallery item {package.identity}"))
    return result


def _packager_rules(package: Package) -> list[str]:
    """The packager's rule messages the package breaks (the stamp does not re-check them)."""
    from azskernel.azpkg import PackageError, PackageRulesError, Source, build
    from azskernel.azpkg.reader import CONTENT_TYPES

    payload = {name: data for name, data in package.parts.items()
               if name != CONTENT_TYPES and "_rels/" not in f"/{name}" and not name.endswith(("/Artifact", "/ImageProperties"))}
    try:
        build(Source.in_memory(payload, manifest=package.manifest_part))
    except PackageRulesError as exc:
        return [e.message for e in exc.errors]
    except PackageError as exc:
        return [str(exc)]
    return []
