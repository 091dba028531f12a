"""Secrets never leave the Azure layer: patterns and remembered values."""

from __future__ import annotations

from azskernel.azure.errors import ServiceError
from azskernel.azure.redaction import redact, remember_secret


def test_patterns() -> None:
    text = ("GET https://a.blob.x/c/b.vhd?sv=2019-07-07&sr=b&sig=abcDEF%2Bxyz%3D&sp=r failed; "
            "DefaultEndpointsProtocol=https;AccountName=a;AccountKey=Zm9vYmFyYmF6cXV4==;EndpointSuffix=x "
            "Authorization: Bearer eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl")
    out = redact(text)
    assert "abcDEF" not in out and "sig=REDACTED&sp=r" in out
    assert "Zm9vYmFy" not in out and "AccountKey=REDACTED" in out
    assert "eyJhbGci" not in out and "Bearer REDACTED" in out


def test_remembered_values_are_masked_everywhere() -> None:
    remember_secret("s3cr3t-client-secret-value")
    assert redact("the secret s3cr3t-client-secret-value leaked") == "the secret REDACTED leaked"
    error = ServiceError("failed with s3cr3t-client-secret-value")
    assert "s3cr3t" not in str(error) and "s3cr3t" not in error.record.message


def test_short_values_are_not_remembered() -> None:
    remember_secret("abc")
    assert redact("abc def") == "abc def"
