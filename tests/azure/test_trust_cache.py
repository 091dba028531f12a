"""The combined CA bundle is a cache: a file changed behind the tool's back is rebuilt from its sources."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from azskernel.azure.trust import verify_setting
from tests.support.tls import make_pki


def test_a_tampered_bundle_is_rebuilt_from_its_sources_at_its_next_use(tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    stamp = make_pki(tmp_path / "stamp")
    intruder = make_pki(tmp_path / "intruder")
    monkeypatch.setenv("AZS_CA_BUNDLE", str(stamp.ca_bundle))
    monkeypatch.delenv("REQUESTS_CA_BUNDLE", raising=False)
    path = Path(str(verify_setting(tmp_path / "config")))
    good = path.read_bytes()
    assert stamp.ca_bundle.read_bytes().strip() in good
    path.write_bytes(intruder.ca_bundle.read_bytes())  # someone swaps the cached file
    again = Path(str(verify_setting(tmp_path / "config")))
    assert again == path and again.read_bytes() == good
    assert intruder.ca_bundle.read_bytes().strip() not in again.read_bytes()
    assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700 and stat.S_IMODE(path.stat().st_mode) == 0o600
