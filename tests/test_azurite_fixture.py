"""The shared Azurite fixture speaks HTTPS with the test CA, as every storage test assumes."""

from azure.storage.blob import BlobServiceClient


def test_azurite_serves_https_trusting_the_test_ca(azurite):
    svc = BlobServiceClient.from_connection_string(azurite.connection_string, connection_verify=str(azurite.ca_bundle))
    container = svc.create_container("fixture-check")
    container.upload_blob("hello.txt", b"hello")
    assert container.download_blob("hello.txt").readall() == b"hello"
    assert azurite.blob_endpoint.startswith("https://127.0.0.1:")
