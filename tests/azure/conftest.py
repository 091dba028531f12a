"""Fixtures of the Azure layer's unit tests: a temp config folder, the test images, blobs in Azurite."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.azure.images import Images, make_images


@pytest.fixture(autouse=True)
def config_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "config"
    monkeypatch.setenv("AZS_CONFIG_DIR", str(folder))
    monkeypatch.delenv("AZS_CA_BUNDLE", raising=False)
    return folder


@pytest.fixture(scope="session")
def images(qemu_img: str, tmp_path_factory: pytest.TempPathFactory) -> Images:
    return make_images(qemu_img, tmp_path_factory.mktemp("images"))


@dataclass(frozen=True)
class Blobs:
    public: str
    """Container URL with public Blob access."""
    private: str
    """Container URL with no public access."""
    service: object
    ca_bundle: str

    def url(self, container: str, name: str) -> str:
        return f"{getattr(self, container)}/{name}"


def _upload(service: object, container: str, name: str, path: Path) -> None:
    data = path.read_bytes()
    blob = service.get_blob_client(container, name)  # type: ignore[attr-defined]
    blob.create_page_blob(len(data))
    for offset in range(0, len(data), 4 * 1024 * 1024):
        chunk = data[offset : offset + 4 * 1024 * 1024]
        if chunk.strip(b"\0"):
            blob.upload_page(chunk, offset=offset, length=len(chunk))


@pytest.fixture(scope="session")
def blobs(azurite: object, images: Images) -> Iterator[Blobs]:
    from azure.storage.blob import BlobServiceClient

    service = BlobServiceClient.from_connection_string(
        azurite.connection_string, api_version="2019-07-07", connection_verify=str(azurite.ca_bundle)  # type: ignore[attr-defined]
    )
    service.create_container("public", public_access="blob")
    service.create_container("private")
    for container in ("public", "private"):
        for name in ("fixed", "dynamic", "unaligned", "gen2"):
            _upload(service, container, f"{name}.vhd", getattr(images, name))
    base = azurite.blob_endpoint  # type: ignore[attr-defined]
    yield Blobs(f"{base}/public", f"{base}/private", service, str(azurite.ca_bundle))  # type: ignore[attr-defined]
    service.close()
