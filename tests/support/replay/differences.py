"""Where the lab must differ from the recorded stamps, and why: the one table the replay consults.

A difference the replay finds is either fixed in the lab or named here with its reason; nothing else may
pass. Each row names the recording, the kind of difference (compare.Difference.kind, or `not-an-exchange`
for a recorded entry the replay does not send), the field relative to its resource (fnmatch pattern), and
the scope: `seeded` (resources the recording finds in place, which the replay has to make first), an
exchange index, or `all`. The replay test fails when a row of a recording it ran explained nothing, so the
table cannot outlive the difference. docs/stamp-fidelity.md links here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from fnmatch import fnmatchcase
from typing import Any
from urllib.parse import urlsplit

from .compare import Difference


@dataclass(frozen=True)
class KnownDifference:
    recording: str
    """Recording name (file name without `.Recording.json`), fnmatch pattern."""
    kind: str
    field: str
    scope: str | int
    reason: str
    accepts: Callable[[Any, Any], bool] | None = None
    """A further condition on the recorded and the lab's values."""

    def explains(self, recording: str, diff: Difference, seeded: set[str]) -> bool:
        if not fnmatchcase(recording, self.recording) or diff.kind != self.kind:
            return False
        if not fnmatchcase(diff.field, self.field):
            return False
        if self.scope == "seeded" and diff.resource not in seeded:
            return False
        if isinstance(self.scope, int) and diff.exchange != self.scope:
            return False
        return self.accepts is None or self.accepts(diff.recorded, diff.got)

    def skips(self, recording: str, index: int) -> bool:
        return self.kind == "not-an-exchange" and fnmatchcase(recording, self.recording) and self.scope == index


def _stamp_internal_uri(recorded: Any, got: Any) -> bool:
    """The stamp's value is on its gallery artifact host; the lab's is an https URL of its own with the same
    path (`//artifact/20161101/<identity>/<file>`): only the host may differ."""
    theirs, ours = urlsplit(str(recorded)), urlsplit(str(got))
    return (theirs.hostname or "").startswith("galleryartifacts.") and ours.scheme == "https" and \
        (ours.path, ours.query) == (theirs.path, theirs.query)


KNOWN: tuple[KnownDifference, ...] = (
    KnownDifference(
        "Azs.Compute.Admin.Add-AzsVMExtension", "type", "properties.sourceBlob", "seeded",
        "The 15 artifacts the recording finds in place (BGInfo, CustomScriptExtension, ...) came with the stamp "
        "or from Marketplace downloads and answer `sourceBlob: null`. The lab makes an artifact only through "
        "PUT, and its PUT takes the package's sourceBlob, so the replay's copies of them carry the URI they "
        "were made from (an object where the stamp has null). Artifacts made by the recording's own PUT match."),
    KnownDifference(
        "Azs.Gallery.Admin.Remove-AzsGalleryItem", "not-an-exchange", "*", 2,
        "Not an exchange the test makes: the entry has no Request object, records a GET of the collection "
        "carrying the POST's body, and is answered by one item. Remove-AzsGalleryItem.Tests.ps1 sends DELETE, "
        "POST, DELETE (entries 0, 1 and 3), which the replay sends."),
    KnownDifference(
        "Azs.Gallery.Admin.*", "value", "*", "all",
        "The gallery serves the package's files from a stamp-internal host (`galleryartifacts.adminhosting."
        "<region>.<fqdn>`) that a lab cannot have; the lab serves them from its own host, so these URIs are "
        "compared without their host: the path (`//artifact/20161101/<identity>/<file>`) must be the stamp's.",
        accepts=_stamp_internal_uri),
)
