"""Helpers and fixtures shared by the uploader's tests (no tests here): images, destinations, downloads."""

from __future__ import annotations

import datetime as dt
import os
import random
import subprocess
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from azure.storage.blob import (
    AccountSasPermissions,
    BlobSasPermissions,
    BlobServiceClient,
    ContainerSasPermissions,
    ResourceTypes,
    generate_account_sas,
    generate_blob_sas,
    generate_container_sas,
)

from azskernel.vhd.blob_target import BlobTarget
from azskernel.vhd.page_writer import HUB_BLOB_API_VERSION

MiB = 1024 * 1024


def write_sparse_image(path: Path, size: int, chunks: list[tuple[int, bytes]]) -> None:
    """A raw image of `size` bytes: holes everywhere except the given (offset, data) chunks."""
    with open(path, "wb") as f:
        f.truncate(size)
        for offset, data in chunks:
            f.seek(offset)
            f.write(data)


def scattered_chunks(size: int, count: int, chunk: int, seed: int, *, sub_sector: bool = True) -> list[tuple[int, bytes]]:
    """`count` random-data chunks at distinct chunk-aligned offsets, away from the first MiB (no partition table),
    plus a few single non-zero bytes inside otherwise zero sectors (512-byte granularity matters)."""
    rng = random.Random(seed)
    slots = rng.sample(range(1, size // chunk - 1), count)
    out = [(s * chunk, rng.randbytes(chunk)) for s in sorted(slots)]
    if sub_sector:
        for _ in range(4):
            out.append((rng.randrange(MiB, size - MiB), b"\x01"))
    return sorted(out)


def convert(qemu_img: str, raw: Path, out: Path, fmt: str, subformat: str | None = None) -> Path:
    args = [qemu_img, "convert", "-f", "raw", "-O", fmt]
    options = []
    if subformat:
        options.append(f"subformat={subformat}")
    if fmt == "vpc":
        options.append("force_size=on")
    if options:
        args += ["-o", ",".join(options)]
    subprocess.run(args + [str(raw), str(out)], check=True, capture_output=True)
    return out


@dataclass
class Store:
    """One Azurite account, with helpers to make destinations and read blobs back."""

    endpoint: str
    account: str
    key: str
    ca_bundle: Path

    def service(self) -> BlobServiceClient:
        return BlobServiceClient(self.endpoint, credential={"account_name": self.account, "account_key": self.key},
                                 api_version=HUB_BLOB_API_VERSION, connection_verify=str(self.ca_bundle))

    def new_container(self) -> str:
        name = f"c{uuid.uuid4().hex[:12]}"
        self.service().create_container(name)
        return name

    def key_target(self, container: str, blob: str = "disk.vhd") -> BlobTarget:
        return BlobTarget.from_account_key(self.endpoint, self.account, self.key, container, blob)

    def blob_sas_url(self, container: str, blob: str, permission: str = "rcw",
                     expiry: dt.datetime | None = None) -> str:
        sas = generate_blob_sas(self.account, container, blob, account_key=self.key,
                                permission=BlobSasPermissions.from_string(permission),
                                expiry=expiry or dt.datetime.now(dt.timezone.utc) + dt.timedelta(hours=1),
                                version=HUB_BLOB_API_VERSION)
        return f"{self.endpoint}/{container}/{blob}?{sas}"

    def container_sas_url(self, container: str, blob: str, permission: str = "rcwdl") -> str:
        sas = generate_container_sas(self.account, container, account_key=self.key,
                                     permission=ContainerSasPermissions.from_string(permission),
                                     expiry=dt.datetime.now(dt.timezone.utc) + dt.timedelta(hours=1),
                                     version=HUB_BLOB_API_VERSION)
        return f"{self.endpoint}/{container}/{blob}?{sas}"

    def account_sas_url(self, container: str, blob: str, permission: str, resource_types: str = "co") -> str:
        sas = generate_account_sas(self.account, self.key, ResourceTypes.from_string(resource_types),
                                   AccountSasPermissions.from_string(permission),
                                   expiry=dt.datetime.now(dt.timezone.utc) + dt.timedelta(hours=1),
                                   version=HUB_BLOB_API_VERSION)
        return f"{self.endpoint}/{container}/{blob}?{sas}"

    def download(self, container: str, blob: str) -> bytes:
        return self.service().get_blob_client(container, blob).download_blob(max_concurrency=4).readall()

    def properties(self, container: str, blob: str):  # type: ignore[no-untyped-def]
        return self.service().get_blob_client(container, blob).get_blob_properties()

    def page_ranges(self, container: str, blob: str) -> list[tuple[int, int]]:
        pages, _ = self.service().get_blob_client(container, blob).get_page_ranges()
        return [(p["start"], p["end"] + 1) for p in pages]


@pytest.fixture(scope="session")
def store(azurite) -> Iterator[Store]:  # type: ignore[no-untyped-def]
    yield Store(azurite.blob_endpoint, azurite.account, azurite.key, azurite.ca_bundle)


def view_bytes(path: Path) -> bytes:
    """What the fixed view of `path` holds, i.e. what the blob must equal."""
    from azskernel.vhd import open_disk

    with open_disk(path) as view:
        return view.read(0, view.size)


def nonzero_sectors(data: bytes) -> int:
    zero = bytes(512)
    return sum(512 for i in range(0, len(data), 512) if data[i : i + 512] != zero)


def free_env() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if not k.startswith(("HTTP_PROXY", "HTTPS_PROXY"))}
