"""The uploader's pure parts: zero-run search, planning, retry delays, redaction, SAS checks, resume verdicts."""

from __future__ import annotations

import datetime as dt
import random

import pytest

from azskernel.vhd.blob_target import BlobTarget
from azskernel.vhd.page_writer import RemoteBlob
from azskernel.vhd.progress import CancelToken, Phase, ProgressMeter
from azskernel.vhd.resume import STATE_UPLOADING, SourceFingerprint, Verdict, decide
from azskernel.vhd.upload_errors import (
    AccessDeniedError,
    SasExpiredError,
    ThrottledError,
    TransferFailedError,
    TransientError,
    UploadCancelled,
    redact,
)
from azskernel.vhd.upload_plan import CoveredRanges, coalesce, read_windows
from azskernel.vhd.upload_retry import RetryPolicy, call_with_retry
from azskernel.vhd.zeros import is_zero, nonzero_runs


def slow_runs(data: bytes) -> list[tuple[int, int]]:
    """Reference: sector by sector."""
    runs: list[tuple[int, int]] = []
    for i in range(0, len(data), 512):
        if any(data[i : i + 512]):
            if runs and runs[-1][0] + runs[-1][1] == i:
                runs[-1] = (runs[-1][0], runs[-1][1] + 512)
            else:
                runs.append((i, 512))
    return runs


@pytest.mark.parametrize("seed", range(40))
def test_nonzero_runs_match_a_sector_by_sector_scan(seed):
    rng = random.Random(seed)
    data = bytearray(rng.choice([512, 4096, 65536, 3 * 65536 + 1024, 1 << 20]))
    for _ in range(rng.randint(0, 12)):
        at = rng.randrange(len(data))
        n = rng.choice([1, 7, 511, 512, 513, 5000, 70000])
        data[at : at + n] = rng.randbytes(len(data[at : at + n]))
    # Zero sectors inside random data and zero runs that start mid-sector are the tricky part.
    for _ in range(rng.randint(0, 6)):
        at = rng.randrange(len(data))
        n = rng.choice([300, 512, 700, 1024, 1536])
        data[at : at + n] = bytes(len(data[at : at + n]))
    assert nonzero_runs(bytes(data), 1 << 40) == [(o + (1 << 40), n) for o, n in slow_runs(bytes(data))]


def test_nonzero_runs_edges():
    assert nonzero_runs(bytes(1 << 20)) == []
    assert nonzero_runs(b"\x01" + bytes(1023)) == [(0, 512)]
    assert nonzero_runs(bytes(1023) + b"\x01") == [(512, 512)]
    assert nonzero_runs(b"\xff" * 2048) == [(0, 2048)]
    with pytest.raises(ValueError):
        nonzero_runs(bytes(100))
    assert is_zero(bytes(300_000)) and not is_zero(bytes(299_999) + b"\x01")


def test_read_windows_are_aligned_and_never_cross_4_mib():
    extents = [(100, 10), (4 * 1024 * 1024 - 512, 1024), (10 << 20, 9 << 20)]
    windows = list(read_windows(extents, 64 << 20))
    assert windows[0] == (0, 512)
    assert (4 * 1024 * 1024 - 512, 512) in windows and (4 * 1024 * 1024, 512) in windows
    for offset, length in windows:
        assert offset % 512 == 0 and length % 512 == 0
        assert offset // (4 << 20) == (offset + length - 1) // (4 << 20)
    assert sum(n for o, n in windows if o >= 10 << 20) == 9 << 20


def test_coalesce_merges_small_gaps_and_caps_requests():
    assert coalesce([(0, 512), (1024, 512), (1 << 20, 512)], gap=4096) == [(0, 1536), (1 << 20, 512)]
    assert coalesce([(0, 512), (8192, 512)], gap=4096) == [(0, 512), (8192, 512)]
    assert coalesce([(0, 10 << 20)], limit=4 << 20) == [(0, 4 << 20), (4 << 20, 4 << 20), (8 << 20, 2 << 20)]


def test_covered_ranges_subtract():
    covered = CoveredRanges([(1024, 2048), (4096, 8192)])
    assert covered.subtract(0, 512) == [(0, 512)]
    assert covered.subtract(0, 10240) == [(0, 1024), (2048, 2048), (8192, 2048)]
    assert covered.subtract(4096, 4096) == []
    assert CoveredRanges().subtract(5, 6) == [(5, 6)]


def test_retry_delays_back_off_with_jitter_and_honour_retry_after():
    policy = RetryPolicy(base_delay=0.5, max_delay=8)
    rng = random.Random(1)
    delays = [policy.delay(n, None, rng) for n in range(1, 9)]
    for n, d in enumerate(delays, start=1):
        ceiling = min(8, 0.5 * 2 ** (n - 1))
        assert ceiling / 2 <= d <= ceiling
    assert 7 <= policy.delay(1, 7.0, rng) <= 7 + 0.125
    assert RetryPolicy(max_retry_after=60).delay(1, 3600, rng) <= 61


def test_call_with_retry_gives_up_with_the_right_error():
    waits: list[float] = []
    policy = RetryPolicy(max_tries=3, sleep=lambda s, t: waits.append(s) or False)
    calls = []

    def flaky() -> str:
        calls.append(1)
        if len(calls) < 3:
            raise TransientError("reset")
        return "ok"

    assert call_with_retry(flaky, what="x", policy=policy, cancel=CancelToken()) == "ok"
    assert len(waits) == 2

    def throttled() -> None:
        raise TransientError("busy", retry_after=1, throttled=True)

    with pytest.raises(ThrottledError, match="Run the same command again"):
        call_with_retry(throttled, what="x", policy=policy, cancel=CancelToken())

    def broken() -> None:
        raise TransientError("HTTP 500")

    with pytest.raises(TransferFailedError, match="failed after 3 tries"):
        call_with_retry(broken, what="x", policy=policy, cancel=CancelToken())
    token = CancelToken()
    token.cancel()
    with pytest.raises(UploadCancelled):
        call_with_retry(lambda: None, what="x", policy=policy, cancel=token)


def test_redact_removes_signatures_and_keys():
    text = ("https://a/c/b?sv=2019-07-07&sig=abc%2Fdef%3D&se=x AccountKey=S3cr3t==;Blob "
            "Authorization: SharedKey acct:c2lnbmF0dXJl other")
    out = redact(text, ["topsecret"])
    assert "abc" not in out and "S3cr3t" not in out and "c2lnbmF0dXJl" not in out
    assert "sig=REDACTED" in out and "se=x" in out
    assert redact("key topsecret here", ["topsecret"]) == "key REDACTED here"


def test_sas_is_checked_before_any_request():
    base = "https://acct.blob.local.azurestack.external/c/d.vhd"
    past = (dt.datetime.now(dt.timezone.utc) - dt.timedelta(minutes=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
    future = (dt.datetime.now(dt.timezone.utc) + dt.timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M:%SZ")
    with pytest.raises(SasExpiredError):
        BlobTarget.from_sas_url(f"{base}?sv=2019-07-07&se={past}&sp=rcw&sig=x").check_sas()
    with pytest.raises(AccessDeniedError, match="'rl'"):
        BlobTarget.from_sas_url(f"{base}?sv=2019-07-07&se={future}&sp=rl&sig=x").check_sas()
    target = BlobTarget.from_sas_url(f"{base}?sv=2019-07-07&se={future}&sp=rcw&sig=x")
    target.check_sas()
    assert target.display_uri == base and "sig" not in repr(target)
    assert target.container_url == "https://acct.blob.local.azurestack.external/c"
    emulator = BlobTarget.from_url_and_key("https://127.0.0.1:10000/devstoreaccount1/c/d.vhd", "k")
    assert emulator.account_name == "devstoreaccount1"
    assert emulator.container_url == "https://127.0.0.1:10000/devstoreaccount1/c"


def test_resume_verdicts():
    fp = SourceFingerprint(size=1024, mtime_ns=1, footer_sha256="f", extents_sha256="e")
    mine = fp.metadata(STATE_UPLOADING)
    assert decide(None, fp).verdict is Verdict.NEW
    assert decide(RemoteBlob(1024, True, mine), fp).verdict is Verdict.RESUME
    assert decide(RemoteBlob(1024, True, mine, b"m" * 16), fp).verdict is Verdict.CHECK_MD5
    assert decide(RemoteBlob(2048, True, mine), fp).verdict is Verdict.CONFLICT
    assert decide(RemoteBlob(1024, False, mine), fp).verdict is Verdict.CONFLICT
    other = SourceFingerprint(size=1024, mtime_ns=2, footer_sha256="f", extents_sha256="e").metadata(STATE_UPLOADING)
    assert "another file" in decide(RemoteBlob(1024, True, other), fp).reason
    assert "not written by this uploader" in decide(RemoteBlob(1024, True, {}), fp).reason


def test_progress_meter_rate_and_eta_from_the_injected_clock():
    now = [100.0]
    meter = ProgressMeter(10_000, clock=lambda: now[0])
    meter.set_phase(Phase.SCAN)
    meter.add(to_send=1000, scanned=10_000)
    now[0] += 2
    meter.add(sent=400)
    event = meter.snapshot()
    assert event.rate == 200 and event.eta is None  # the scan is not done: the total may still grow
    assert event.percent is None
    meter.finish_scan()
    assert meter.snapshot().eta == pytest.approx(3.0)
    assert meter.snapshot().percent == pytest.approx(40.0)
    assert meter.snapshot().elapsed == pytest.approx(2.0)
