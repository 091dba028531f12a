"""Bad sources and bad destinations: each refused with its own clear message, secrets never shown.

A counting proxy sits in front of Azurite so "refused before any request" is checked, not assumed.
"""

from __future__ import annotations

import datetime as dt
import struct
import time
from pathlib import Path

import pytest

from azskernel.vhd.blob_target import BlobTarget, DestinationUriError
from azskernel.vhd.footer import footer_checksum
from azskernel.vhd.upload import upload_vhd
from azskernel.vhd.upload_errors import (
    AccessDeniedError,
    AccountFullError,
    BlobConflictError,
    ContainerMissingError,
    SasExpiredError,
    SourceRejectedError,
    UploadError,
)
from tests.vhd.images import ESP, gpt_structures
from tests.vhd.test_upload_proxy import FaultProxy, Forward, Reply
from tests.vhd.test_upload_support import (  # noqa: F401 - the store fixture
    MiB,
    convert,
    store,
    view_bytes,
    write_sparse_image,
)

SIZE = 24 * MiB


@pytest.fixture(scope="module")
def image(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("img") / "disk.raw"
    write_sparse_image(path, SIZE, [(3 * MiB, b"\x5a" * 70000)])
    return path


@pytest.fixture
def proxy(store, test_pki):  # type: ignore[no-untyped-def]
    with FaultProxy(store.endpoint, str(store.ca_bundle), str(test_pki.cert), str(test_pki.key)) as p:
        yield p


def requests_seen(proxy: FaultProxy) -> int:
    return proxy.page_requests + proxy.other_requests


def via_proxy(url: str, store, proxy: FaultProxy) -> str:  # type: ignore[no-untyped-def]
    return url.replace(store.endpoint, proxy.endpoint)


# -- sources -----------------------------------------------------------------------------------------------
def test_too_small_image_is_refused_before_any_request(tmp_path, store, proxy):
    small = tmp_path / "small.raw"
    write_sparse_image(small, 8 * MiB, [(MiB, b"x")])
    target = BlobTarget.from_account_key(proxy.endpoint, store.account, store.key, "c", "small.vhd")
    with pytest.raises(SourceRejectedError, match="20 MiB") as info:
        upload_vhd(small, target, ca_bundle=store.ca_bundle)
    assert "Nothing was sent" in info.value.message
    assert requests_seen(proxy) == 0


def test_size_not_whole_mib_is_rounded_up_virtually_unless_skip_resizing(tmp_path, store, proxy):
    odd = tmp_path / "odd.raw"
    write_sparse_image(odd, SIZE + 4096, [(2 * MiB, b"\x01" * 5000)])
    before = odd.read_bytes()
    target = BlobTarget.from_account_key(proxy.endpoint, store.account, store.key, store.new_container(), "o.vhd")
    result = upload_vhd(odd, target, ca_bundle=store.ca_bundle)
    assert result.source_size == SIZE + MiB + 512
    assert store.download(target.blob_url.split("/")[-2], "o.vhd")[: SIZE + 4096] == before
    assert odd.read_bytes() == before  # nothing written locally
    # -SkipResizing is the escape hatch: the size is kept as it is (what Add-AzVhd -SkipResizing does).
    kept = upload_vhd(odd, target, ca_bundle=store.ca_bundle, skip_resizing=True, overwrite=True)
    assert kept.source_size == SIZE + 4096 + 512


def test_differencing_disk_is_refused_naming_the_unsupported_patch_mode(tmp_path, store, proxy, qemu_img, image):
    child = convert(qemu_img, image, tmp_path / "child.vhd", "vpc", "dynamic")
    data = bytearray(child.read_bytes())
    for at in (0, len(data) - 512):  # both footer copies: disk type 4 = differencing, checksum redone
        footer = bytearray(data[at : at + 512])
        footer[60:64] = struct.pack(">I", 4)
        footer[64:68] = b"\0\0\0\0"
        footer[64:68] = struct.pack(">I", footer_checksum(bytes(footer)))
        data[at : at + 512] = footer
    child.write_bytes(bytes(data))
    target = BlobTarget.from_account_key(proxy.endpoint, store.account, store.key, "c", "child.vhd")
    with pytest.raises(SourceRejectedError, match="differencing") as info:
        upload_vhd(child, target, ca_bundle=store.ca_bundle)
    assert "BaseImageUriToPatch" in info.value.message
    assert requests_seen(proxy) == 0


def test_generation_2_only_disk_is_refused(tmp_path, store, proxy):
    gen2 = tmp_path / "gen2.raw"
    write_sparse_image(gen2, SIZE, gpt_structures(SIZE, [(ESP, 2048, 4095)]))
    target = BlobTarget.from_account_key(proxy.endpoint, store.account, store.key, "c", "gen2.vhd")
    with pytest.raises(SourceRejectedError, match="generation 2"):
        upload_vhd(gen2, target, ca_bundle=store.ca_bundle)
    assert requests_seen(proxy) == 0


def test_thread_count_outside_add_azvhd_range_is_refused(image, store):
    with pytest.raises(UploadError, match="between 1 and 64"):
        upload_vhd(image, store.key_target("c"), number_of_uploader_threads=0)


# -- destinations ------------------------------------------------------------------------------------------
def test_expired_sas_is_refused_before_any_request(image, store, proxy):
    container = store.new_container()
    url = store.blob_sas_url(container, "d.vhd", expiry=dt.datetime.now(dt.timezone.utc) - dt.timedelta(hours=1))
    with pytest.raises(SasExpiredError, match="expired") as info:
        upload_vhd(image, BlobTarget.from_sas_url(via_proxy(url, store, proxy)), ca_bundle=store.ca_bundle)
    assert "sig=" not in info.value.message.replace("sig=REDACTED", "")
    assert requests_seen(proxy) == 0


def test_read_only_sas_is_refused_before_any_request(image, store, proxy):
    url = store.blob_sas_url(store.new_container(), "d.vhd", permission="r")
    with pytest.raises(AccessDeniedError, match="does not allow writing"):
        upload_vhd(image, BlobTarget.from_sas_url(via_proxy(url, store, proxy)), ca_bundle=store.ca_bundle)
    assert requests_seen(proxy) == 0


def test_missing_container_that_the_sas_cannot_create(image, store):
    url = store.blob_sas_url("no-such-container", "d.vhd")
    with pytest.raises(ContainerMissingError, match="may not create it") as info:
        upload_vhd(image, BlobTarget.from_sas_url(url), ca_bundle=store.ca_bundle)
    sig = BlobTarget.from_sas_url(url).sas_fields()["sig"]
    assert sig not in info.value.message and sig not in str(info.value)


def test_account_sas_without_container_create_permission(image, store):
    url = store.account_sas_url("also-missing", "d.vhd", permission="rcw", resource_types="o")
    with pytest.raises(ContainerMissingError, match="Create the container"):
        upload_vhd(image, BlobTarget.from_sas_url(url), ca_bundle=store.ca_bundle)


def test_wrong_key_is_access_denied_and_the_key_is_not_shown(image, store):
    bad_key = "A" * 86 + "=="
    target = BlobTarget.from_account_key(store.endpoint, store.account, bad_key, store.new_container(), "d.vhd")
    with pytest.raises(AccessDeniedError, match="account key") as info:
        upload_vhd(image, target, ca_bundle=store.ca_bundle)
    assert bad_key not in str(info.value)
    assert bad_key not in repr(target) and store.key not in repr(store.key_target("c"))


def test_tampered_sas_signature_is_access_denied_and_not_shown(image, store):
    url = store.blob_sas_url(store.new_container(), "d.vhd")
    tampered = url.replace("sig=", "sig=AAAA")
    with pytest.raises(AccessDeniedError, match="refused the SAS") as info:
        upload_vhd(image, BlobTarget.from_sas_url(tampered), ca_bundle=store.ca_bundle)
    assert "AAAA" not in str(info.value)


def test_full_account_has_its_own_message(image, store, proxy):
    proxy.rule = lambda req: Reply(409, "AccountQuotaExceeded") if req.is_page_write else Forward()
    target = BlobTarget.from_account_key(proxy.endpoint, store.account, store.key, store.new_container(), "d.vhd")
    with pytest.raises(AccountFullError, match="no room left"):
        upload_vhd(image, target, ca_bundle=store.ca_bundle)


def test_plain_http_and_urls_without_a_blob_are_refused():
    with pytest.raises(DestinationUriError, match="not an https URL"):
        BlobTarget.from_sas_url("http://127.0.0.1:1/acct/c/d.vhd?sv=x&sig=secret")
    with pytest.raises(DestinationUriError, match="no SAS"):
        BlobTarget.from_sas_url("https://acct.blob.local.azurestack.external/c/d.vhd")
    with pytest.raises(DestinationUriError, match="names no container and blob"):
        BlobTarget.from_url_and_key("https://acct.blob.local.azurestack.external/c", "k")
    try:
        BlobTarget.from_sas_url("http://h/a/c/d.vhd?sv=x&sig=topsecret")
    except DestinationUriError as exc:
        assert "topsecret" not in str(exc)


def test_blob_of_another_source_is_a_conflict_unless_overwrite(image, store, tmp_path):
    container = store.new_container()
    store.service().get_blob_client(container, "disk.vhd").create_page_blob(SIZE + 512)
    with pytest.raises(BlobConflictError, match="not written by this uploader"):
        upload_vhd(image, store.key_target(container), ca_bundle=store.ca_bundle)
    store.service().get_blob_client(container, "block.vhd").upload_blob(b"hello")
    with pytest.raises(BlobConflictError, match="not a page blob"):
        upload_vhd(image, store.key_target(container, "block.vhd"), ca_bundle=store.ca_bundle)
    result = upload_vhd(image, store.key_target(container, "block.vhd"), ca_bundle=store.ca_bundle, overwrite=True)
    assert store.download(container, "block.vhd") == view_bytes(image)
    assert result.bytes_sent > 0


def test_unfinished_upload_of_a_changed_file_is_a_conflict(image, store, tmp_path):
    container = store.new_container()
    copy = tmp_path / "copy.raw"
    write_sparse_image(copy, SIZE, [(3 * MiB, b"\x5a" * 70000)])
    upload_vhd(copy, store.key_target(container), ca_bundle=store.ca_bundle)
    blob = store.service().get_blob_client(container, "disk.vhd")
    from azure.storage.blob import ContentSettings

    blob.set_http_headers(ContentSettings())  # as if interrupted before the MD5 was stamped
    write_sparse_image(copy, SIZE, [(3 * MiB, b"\x5b" * 70000)])
    with pytest.raises(BlobConflictError, match="another file"):
        upload_vhd(copy, store.key_target(container), ca_bundle=store.ca_bundle)


def test_overwrite_with_a_sas_that_cannot_delete_names_the_missing_permission(image, store):
    container = store.new_container()
    store.service().get_blob_client(container, "d.vhd").upload_blob(b"not a disk")
    url = store.container_sas_url(container, "d.vhd", permission="rcw")
    with pytest.raises(AccessDeniedError, match="sp=rcwd"):
        upload_vhd(image, BlobTarget.from_sas_url(url), ca_bundle=store.ca_bundle, overwrite=True)


def test_untrusted_tls_certificate_says_to_pass_the_ca_bundle(image, store):
    from azskernel.vhd.upload_errors import DestinationError

    started = time.monotonic()
    with pytest.raises(DestinationError, match="not trusted"):
        upload_vhd(image, store.key_target(store.new_container()))  # no ca_bundle: the test CA is unknown
    assert time.monotonic() - started < 10  # not retried: it cannot get better by itself
