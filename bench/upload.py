"""Benchmark: azskernel.vhd.upload_vhd against AzCopy and the SDK's upload_blob(PageBlob), same Azurite, one run.

Azurite runs behind the lab's strict blob rules (lab/blob_gate.js preloaded, as `azs lab up` runs it: service
versions and SAS up to 2019-07-07, 880-character names, 4 KiB page ranges), so every peer pays what a stamp-shaped
endpoint costs; AzCopy gets a container SAS signed 2019-07-07 (the SDK's would be refused).

Cases (issue 5):
  a  4 GiB fixed VHD, 10% random data in scattered 1 MiB extents
  b  32 GiB sparse fixed VHD with 1 GiB of data
  c  4 GiB dynamic VHD (same data as a)
Each peer runs in its own process (wall time and peak RSS from wait4); bytes stored are summed from the
blob's page ranges; ours also runs without the MD5 to show what the hash costs.

    .venv/bin/python bench/upload.py [--cases abc] [--workdir DIR] [--skip-peers] [--no-gate]

`--no-gate` runs plain Azurite, to see what the stamp's rules cost.

Needs qemu-img, node_modules (azurite, @azure-tools/azcopy-linux) and Debian's libsecret-1-0 for AzCopy.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from azure.storage.blob import BlobServiceClient  # noqa: E402

from azskernel.azure.sas import SasTerms, service_sas  # noqa: E402
from azslab.azurite import gate_environment  # noqa: E402
from tests.support.azurite import start_azurite  # noqa: E402
from tests.support.tls import make_pki  # noqa: E402

MiB = 1024 * 1024
GiB = 1024 * MiB
AZCOPY = REPO / "node_modules" / "@azure-tools" / "azcopy-linux" / "dist" / "bin" / "azcopy_linux_amd64"
API = "2019-07-07"


@dataclass
class Run:
    peer: str
    wall: float
    rss_mib: float
    stored: int
    ok: bool
    note: str = ""
    cpu: float = 0.0
    """Client CPU seconds (user + system)."""
    server_cpu: float = 0.0
    """Azurite CPU seconds during the run."""


def process_cpu(pid: int) -> float:
    """CPU seconds used so far by `pid` and its children (Azurite runs node under a wrapper)."""
    total = 0.0
    pids = [pid] + [int(p) for p in subprocess.run(["pgrep", "-P", str(pid)], capture_output=True,
                                                    text=True).stdout.split()]
    for p in pids:
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        total += (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return total


def make_image(folder: Path, name: str, size: int, data: int, fmt: str, subformat: str, qemu: str) -> tuple[Path, int]:
    """A qemu-img image from a sparse raw with `data` bytes of random 1 MiB extents; returns (path, non-zero)."""
    out = folder / f"{name}.{'vhdx' if fmt == 'vhdx' else 'vhd'}"
    if out.exists():
        return out, data
    raw = folder / f"{name}.raw"
    rng = random.Random(size ^ data)
    slots = rng.sample(range(1, size // MiB - 1), data // MiB)
    with open(raw, "wb") as f:
        f.truncate(size)
        for slot in sorted(slots):
            f.seek(slot * MiB)
            f.write(rng.randbytes(MiB))
    options = f"subformat={subformat},force_size=on"
    subprocess.run([qemu, "convert", "-f", "raw", "-O", fmt, "-o", options, str(raw), str(out)], check=True)
    raw.unlink()
    return out, data


@dataclass(frozen=True)
class Timed:
    wall: float
    rss_mib: float
    code: int
    out: str
    cpu: float


def timed(args: list[str], env: dict[str, str] | None = None) -> Timed:
    start = time.perf_counter()
    proc = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, env=env, text=True)
    out = proc.stdout.read() if proc.stdout else ""
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    return Timed(wall, usage.ru_maxrss / 1024, os.waitstatus_to_exitcode(status), out,
                 usage.ru_utime + usage.ru_stime)


OURS = """
import sys
from azskernel.vhd.blob_target import BlobTarget
from azskernel.vhd.upload import upload_vhd
path, endpoint, account, key, container, blob, ca, md5 = sys.argv[1:9]
r = upload_vhd(path, BlobTarget.from_account_key(endpoint, account, key, container, blob), ca_bundle=ca,
               compute_md5=md5 == "1")
print("sent", r.bytes_sent, "requests", r.requests)
"""

SDK = """
import os, sys
from azure.storage.blob import BlobClient
path, endpoint, account, key, container, blob, ca = sys.argv[1:8]
client = BlobClient(endpoint, container, blob, credential={"account_name": account, "account_key": key},
                    api_version="2019-07-07", connection_verify=ca)
with open(path, "rb") as f:
    client.upload_blob(f, blob_type="PageBlob", length=os.path.getsize(path), max_concurrency=8, overwrite=True)
"""


class Bench:
    def __init__(self, workdir: Path, qemu: str, gate: bool = True) -> None:
        self.workdir = workdir
        self.qemu = qemu
        self.gate = gate
        self.pki = make_pki(workdir / "pki")
        self.azurite = None
        self.azcopy = self._azcopy()

    def _azcopy(self) -> Path | None:
        if not AZCOPY.exists():
            return None
        copy = self.workdir / "azcopy"
        if not copy.exists():
            shutil.copy(AZCOPY, copy)
        copy.chmod(0o755)
        return copy

    def restart(self) -> None:
        # Azurite keeps deleted blobs in memory for a while: a fresh one per case keeps RAM flat.
        if self.azurite is not None:
            self.azurite.stop()
        folder = self.workdir / "azurite"
        shutil.rmtree(folder, ignore_errors=True)
        self.azurite = start_azurite(self.pki, folder, in_memory=True,
                                     extra_env=gate_environment(strict=True) if self.gate else None)

    def service(self) -> BlobServiceClient:
        a = self.azurite
        return BlobServiceClient(a.blob_endpoint, credential={"account_name": a.account, "account_key": a.key},
                                 api_version=API, connection_verify=str(a.ca_bundle))

    def stored(self, container: str, blob: str) -> int:
        client = self.service().get_blob_client(container, blob)
        pages, _ = client.get_page_ranges()
        return sum(p["end"] + 1 - p["start"] for p in pages)

    def run(self, peer: str, image: Path, blob: str) -> Run:
        """One peer on a fresh Azurite (its in-memory store would otherwise fill up and slow down)."""
        self.restart()
        container = "bench"
        self.service().create_container(container)
        server_before = process_cpu(self.azurite.process.pid)
        result = self.launch(peer, image, container, blob)
        server = process_cpu(self.azurite.process.pid) - server_before
        ok = result.code == 0
        note = result.out.strip().splitlines()[-1] if ok and result.out.strip() else result.out[-300:]
        return Run(peer, result.wall, result.rss_mib, self.stored(container, blob) if ok else 0, ok,
                   note if (peer.startswith("ours") or not ok) else "", result.cpu, server)

    def launch(self, peer: str, image: Path, container: str, blob: str) -> Timed:
        a = self.azurite
        common = [str(image), a.blob_endpoint, a.account, a.key, container, blob, str(a.ca_bundle)]
        if peer.startswith("ours"):
            return timed([sys.executable, "-c", OURS, *common, "0" if "no MD5" in peer else "1"])
        if peer == "SDK upload_blob":
            return timed([sys.executable, "-c", SDK, *common])
        assert self.azcopy is not None
        sas = service_sas(a.account, a.key, container, None,
                          SasTerms("racwdl", dt.datetime.now(dt.timezone.utc) + dt.timedelta(hours=2)))
        env = dict(os.environ, SSL_CERT_FILE=str(a.ca_bundle), AZCOPY_LOG_LOCATION=str(self.workdir / "azlog"),
                   AZCOPY_JOB_PLAN_LOCATION=str(self.workdir / "azplan"), AZCOPY_DEFAULT_SERVICE_API_VERSION=API)
        args = [str(self.azcopy), "copy", str(image), f"{a.blob_endpoint}/{container}/{blob}?{sas}",
                "--from-to", "LocalBlob", "--blob-type", "PageBlob", "--overwrite", "true"]
        if "md5" in peer:
            args.append("--put-md5")
        return timed(args, env)


def report(case: str, nonzero: int, runs: list[Run]) -> None:
    print(f"\n== case {case}: non-zero data {nonzero / MiB:.0f} MiB")
    print(f"{'peer':<20}{'wall s':>8}{'client CPU s':>13}{'Azurite CPU s':>14}{'MiB stored':>11}{'peak RSS MiB':>13}")
    for r in runs:
        flag = "" if r.ok else "  FAILED " + r.note
        print(f"{r.peer:<20}{r.wall:>8.2f}{r.cpu:>13.2f}{r.server_cpu:>14.2f}{r.stored / MiB:>11.0f}"
              f"{r.rss_mib:>13.0f}{flag}")
    by = {r.peer: r for r in runs if r.ok}
    ours, ours_nomd5 = by.get("ours"), by.get("ours (no MD5)")
    for peer in ("AzCopy --put-md5", "AzCopy", "SDK upload_blob"):
        if peer in by and ours:
            mine = ours_nomd5 if peer == "AzCopy" and ours_nomd5 else ours
            print(f"  speed-up vs {peer:<18} wall {by[peer].wall / mine.wall:5.1f}x   client+server CPU "
                  f"{(by[peer].cpu + by[peer].server_cpu) / (mine.cpu + mine.server_cpu):5.1f}x  ({mine.peer})")
    if ours:
        print(f"  bytes sent vs non-zero data: {ours.stored / nonzero:.3f}")
    if ours and ours_nomd5:
        print(f"  MD5 adds {100 * (ours.wall / ours_nomd5.wall - 1):.0f}% to wall time, "
              f"{ours.cpu - ours_nomd5.cpu:.1f} s of client CPU")
    print(f"  (load average at the end: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", default="abc")
    parser.add_argument("--workdir", type=Path, default=None)
    parser.add_argument("--skip-peers", action="store_true")
    parser.add_argument("--no-gate", action="store_true", help="plain Azurite, without the stamp's blob rules")
    args = parser.parse_args()
    qemu = shutil.which("qemu-img")
    if qemu is None:
        sys.exit("qemu-img is missing (Debian: qemu-utils)")
    workdir = (args.workdir or Path(tempfile.mkdtemp(prefix="bench-upload-"))).resolve()  # Azurite runs in it
    workdir.mkdir(parents=True, exist_ok=True)
    bench = Bench(workdir, qemu, gate=not args.no_gate)
    print("Azurite " + ("without the stamp's rules (--no-gate)" if args.no_gate else "behind the strict stamp's blob rules"))
    cases = {
        "a": ("a", 4 * GiB, 410 * MiB, "vpc", "fixed"),
        "b": ("b", 32 * GiB, 1 * GiB, "vpc", "fixed"),
        "c": ("c", 4 * GiB, 410 * MiB, "vpc", "dynamic"),
    }
    try:
        for key in args.cases:
            name, size, data, fmt, sub = cases[key]
            image, nonzero = make_image(workdir, name, size, data, fmt, sub, qemu)
            peers = ["ours", "ours (no MD5)"]
            if not args.skip_peers:
                if bench.azcopy is not None:
                    peers += ["AzCopy --put-md5", "AzCopy"]
                if sub == "fixed":  # upload_blob sends the file's bytes: a dynamic VHD would not be a disk
                    peers.append("SDK upload_blob")
            runs = [bench.run(peer, image, "disk.vhd") for peer in peers]
            report(f"{key} ({image.name}, {size // GiB} GiB {sub})", nonzero, runs)
    finally:
        if bench.azurite is not None:
            bench.azurite.stop()


if __name__ == "__main__":
    main()
