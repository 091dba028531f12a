"""Add-AzVhd refuses, before any request, what Add-AzVhd or the stamp would refuse: thread counts outside
[ValidateRange(1, 64)] (Az.Compute's declaration) and blob names over Azure Stack Hub's 880 characters."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.azure.pshost import RecordingHost, new_session, run


@pytest.fixture
def disk(tmp_path: Path) -> Path:
    path = tmp_path / "disk.raw"
    with open(path, "wb") as f:
        f.truncate(21 * 1024 * 1024)
    return path


@pytest.mark.parametrize(("threads", "message"), [
    (0, "The 0 argument is less than the minimum allowed range of 1. Supply an argument that is greater than or "
        "equal to 1 and then try the command again."),
    (65, "The 65 argument is greater than the maximum allowed range of 64. Supply an argument that is less than or "
         "equal to 64 and then try the command again."),
])
def test_thread_counts_outside_1_to_64_are_a_validation_error(disk: Path, threads: int, message: str) -> None:
    host = RecordingHost()
    record = run(new_session(host), f"Add-AzVhd -Destination https://acct.blob.local.azurestack.external/c/d.vhd "
                                    f"-LocalFilePath '{disk}' -NumberOfUploaderThreads {threads}") or host.errors[-1]
    assert record is not None
    assert record.message == f"Cannot validate argument on parameter 'NumberOfUploaderThreads'. {message}"
    assert record.fully_qualified_error_id.startswith("ParameterArgumentValidationError")


def test_a_blob_name_over_880_characters_is_refused_before_signing_in(disk: Path) -> None:
    host = RecordingHost()
    record = run(new_session(host), f"Add-AzVhd -Destination ('https://acct.blob.local.azurestack.external/c/' + "
                                    f"'x' * 877 + '.vhd') -LocalFilePath '{disk}'") or host.errors[-1]
    assert record is not None
    assert "881 characters long; Azure Stack Hub allows at most 880" in record.message
    assert "Connect-AzAccount" not in record.message
