"""Set-AzStorageBlobContent (Az.Storage): a local file uploaded as a block blob, e.g. the .azpkg the
gallery reads. VHDs go through Add-AzVhd (page blobs, holes skipped, resumable). The data plane is pinned to
x-ms-version 2019-07-07 by the storage context. No SDK import at module level."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from azskernel.runtime.cmdlet import cmdlet, parameter

from ..errors import ParameterRuleError, ResourceConflictError, azure_errors
from ..events import Reporter
from ..records import AzRecord
from ._support import MODULE_STORAGE, confirm, ctx_reporter, resolve_path, run
from .storage import _blob_record, _require_context

_BLOB_TYPES = ("Block", "Page", "Append")


def set_storage_blob_content(*, file: str, container: str, blob: str | None = None, context: Any,
                             blob_type: str = "Block", properties: Any = None, metadata: Any = None,
                             force: bool = False, reporter: Reporter | None = None) -> AzRecord:
    """Upload `file` to `container`/`blob` (default: the file's name). An existing blob is replaced only with
    `force` (ResourceConflictError otherwise). Returns the blob (AzureStorageBlob)."""
    from azure.storage.blob import ContentSettings

    rep = reporter or Reporter()
    ctx = _require_context(context)
    kind = next((t for t in _BLOB_TYPES if t.casefold() == str(blob_type or "Block").casefold()), None)
    if kind is None:
        raise ParameterRuleError("BlobType", f"-BlobType '{blob_type}' is not one of Block, Page, Append.", value=blob_type)
    if kind != "Block":
        raise ParameterRuleError("BlobType", f"-BlobType {kind} is not supported here: upload VHDs with Add-AzVhd (page "
                                             "blobs, holes skipped, resumable), other files as Block.", value=blob_type)
    source = Path(file)
    if not source.is_file():
        raise ParameterRuleError("File", f"-File '{file}' is not a file.", value=file)
    name = blob or source.name
    settings = {str(k).replace("-", "_").casefold(): v for k, v in _items(properties)}
    content = ContentSettings(content_type=settings.get("contenttype") or settings.get("content_type"))
    with ctx.blob_service(rep.verbose) as service, azure_errors(f"upload '{source.name}' to {container}/{name}"):
        client = service.get_blob_client(container, name)
        if not force and client.exists():
            raise ResourceConflictError(f"The blob {container}/{name} already exists; add -Force to replace it.",
                                        target=name)
        with source.open("rb") as data:
            client.upload_blob(data, blob_type="BlockBlob", overwrite=True, length=source.stat().st_size,
                               content_settings=content, metadata={str(k): str(v) for k, v in _items(metadata)} or None)
        props = client.get_blob_properties()
    rep.verbose(f"Uploaded {source} ({source.stat().st_size} bytes) to {container}/{name}.")
    return _blob_record(props, container, ctx)


def _items(value: Any) -> list[tuple[Any, Any]]:
    if not value:
        return []
    items = getattr(value, "items", None)
    return list(items()) if callable(items) else []


@cmdlet("Set-AzStorageBlobContent", module=MODULE_STORAGE, supports_should_process=True,
        synopsis="Uploads a local file to a blob.", output_type=("AzureStorageBlob",))
@parameter("File", type="string", position=0, mandatory=True, aliases=("FullName",), value_from_pipeline_by_property_name=True,
           path=True, help="The local file.")
@parameter("Container", type="string", position=1, mandatory=True, help="The container.")
@parameter("Blob", type="string", position=2, help="The blob name (default: the file's name).")
@parameter("BlobType", type="string", validate_set=_BLOB_TYPES, help="Block (default); VHDs go through Add-AzVhd.")
@parameter("Properties", type="hashtable", help="Blob properties, e.g. @{ContentType='application/octet-stream'}.")
@parameter("Metadata", type="hashtable", help="Blob metadata.")
@parameter("Context", type="object", mandatory=True, value_from_pipeline_by_property_name=True, help="Storage context.")
@parameter("Force", switch=True, help="Replace an existing blob without asking.")
def set_az_storage_blob_content(ctx: Any, **p: Any) -> Any:
    path = resolve_path(ctx, p["file"]) or ""
    name = p["blob"] or Path(path).name
    force = p["force"]
    if not force:
        exists = run(ctx, lambda: _exists(p["context"], p["container"], name, ctx_reporter(ctx)))
        if exists:
            if not confirm(ctx, f"{p['container']}/{name}", "Overwrite the existing blob"):
                return None
            force = True
    return run(ctx, lambda: set_storage_blob_content(
        file=path, container=p["container"], blob=name, context=p["context"], blob_type=p["blob_type"] or "Block",
        properties=p["properties"], metadata=p["metadata"], force=force, reporter=ctx_reporter(ctx)))


def _exists(context: Any, container: str, blob: str, rep: Reporter) -> bool:
    ctx = _require_context(context)
    with ctx.blob_service(rep.verbose) as service, azure_errors(f"look for the blob {container}/{blob}"):
        return bool(service.get_blob_client(container, blob).exists())


COMMANDS = (set_az_storage_blob_content,)
__all__ = ["COMMANDS", "set_storage_blob_content"]
