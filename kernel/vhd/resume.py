"""Resume: the source fingerprint kept in the blob's metadata, and what to do with a blob that exists.

Metadata written at creation (and kept at the end, with the state set to complete):
    azsupload           format version of these keys ("2": pages written whole at 4 KiB, footer written last)
    azsupload_source    sha256 over every field below: the one value compared
    azsupload_size      bytes of the fixed VHD uploaded
    azsupload_mtime     the source file's modification time (ns)
    azsupload_footer    sha256 of the fixed VHD footer (carries the disk's unique id)
    azsupload_extents   sha256 of the extent map (where the source may hold data)
    azsupload_state     "uploading" until every page is committed and Content-MD5 set, then "complete"
    azsupload_committed non-zero bytes committed so far, checkpointed every 30 s (for people and tools)
    azsupload_md5       the source's MD5 once hashed (base64): a resume of the same source skips the hash
The authority on what is committed is Get Page Ranges (a Put Page is atomic): a rerun lists the blob's
pages and sends exactly the non-zero runs it lacks, whatever the last checkpoint said. It trusts whole 4 KiB
pages only (upload_plan.trusted_ranges), which is sound because every write of format 2 covers whole pages;
format 1 wrote 512-byte sectors, which a stamp's 4 KiB page ranges cannot vouch for, so it is not resumed.
The blob's sequence number names the run that owns it (page_writer.py); it is not part of the metadata.
"""

from __future__ import annotations

import base64
import hashlib
import os
from dataclasses import dataclass
from enum import Enum

from .page_writer import RemoteBlob

FORMAT = "2"
STATE_UPLOADING = "uploading"
STATE_COMPLETE = "complete"


@dataclass(frozen=True)
class SourceFingerprint:
    size: int
    mtime_ns: int
    footer_sha256: str
    extents_sha256: str

    @classmethod
    def of(cls, path: str | os.PathLike[str], size: int, footer: bytes, extents: list[tuple[int, int]]) -> SourceFingerprint:
        digest = hashlib.sha256()
        for offset, length in extents:
            digest.update(b"%d+%d;" % (offset, length))
        return cls(
            size=size,
            mtime_ns=os.stat(path).st_mtime_ns,
            footer_sha256=hashlib.sha256(footer).hexdigest(),
            extents_sha256=digest.hexdigest(),
        )

    @property
    def source_id(self) -> str:
        text = f"{FORMAT};{self.size};{self.mtime_ns};{self.footer_sha256};{self.extents_sha256}"
        return hashlib.sha256(text.encode()).hexdigest()

    def metadata(self, state: str, committed: int = 0, md5: bytes | None = None) -> dict[str, str]:
        extra = {"azsupload_md5": base64.b64encode(md5).decode()} if md5 else {}
        return {
            **extra,
            "azsupload_committed": str(committed),
            "azsupload": FORMAT,
            "azsupload_source": self.source_id,
            "azsupload_size": str(self.size),
            "azsupload_mtime": str(self.mtime_ns),
            "azsupload_footer": self.footer_sha256,
            "azsupload_extents": self.extents_sha256,
            "azsupload_state": state,
        }


class Verdict(Enum):
    NEW = "new"
    """No blob: create it."""
    RESUME = "resume"
    """Our unfinished upload of this very source: send the pages it lacks."""
    CHECK_MD5 = "check-md5"
    """A finished blob of the right size: it is done if its Content-MD5 is the source's."""
    CONFLICT = "conflict"
    """Someone else's blob, another source, or another size: refuse unless overwriting."""


@dataclass(frozen=True)
class Decision:
    verdict: Verdict
    reason: str = ""


def decide(remote: RemoteBlob | None, fingerprint: SourceFingerprint) -> Decision:
    if remote is None:
        return Decision(Verdict.NEW)
    if not remote.is_page_blob:
        return Decision(Verdict.CONFLICT, "it is not a page blob")
    if remote.size != fingerprint.size:
        return Decision(Verdict.CONFLICT, f"it is a page blob of {remote.size} bytes, the source needs {fingerprint.size}")
    meta = {k.lower(): v for k, v in remote.metadata.items()}
    if remote.content_md5:
        return Decision(Verdict.CHECK_MD5)
    if meta.get("azsupload") == "1":
        return Decision(Verdict.CONFLICT, "it holds an unfinished upload by an earlier version of azs, whose "
                                          "512-byte writes a stamp's 4 KiB page ranges cannot vouch for")
    if meta.get("azsupload_source") == fingerprint.source_id:
        return Decision(Verdict.RESUME)
    if "azsupload_source" in meta:
        return Decision(Verdict.CONFLICT, "it holds an unfinished upload of another file (or this file changed since)")
    return Decision(Verdict.CONFLICT, "it was not written by this uploader")
