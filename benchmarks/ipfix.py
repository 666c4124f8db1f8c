"""Issue 5 benchmark: IPFIX flow records -> typed table -> Parquet lake, against nfdump reading the same flows.

Data: ``4 * 10^6 * scale`` lab-shaped flow records (2,000 inside hosts, 50,000 outside addresses, random
ports), written once as an RFC 5655 IPFIX file (what ``lab/ipfix_writer`` writes: 27 records per
MTU-sized message).

* carrierwatch: ``telemetry.readers.ingest_file``, the call ``carrierwatch hunt`` makes for every telemetry
  file: decode every message, every record, into FLOWS Arrow tables (batches of ~0.5 M records) and store
  them (zstd Parquet, partitioned by day, atomic rename) on a thread per core while the next batch is
  decoded, the file's SHA-256 (its lake name) computed alongside — parse *and* store.
* peer: Debian ``nfcapd`` receives the same messages over loopback UDP and writes its own file (not
  timed: that is the collector's job); then ``nfdump -r <nfcapd file> -q -o csv`` reads and decodes every
  flow from it (timed, output to /dev/null). Records nfcapd stored are counted (``nfdump -q -o csv | wc``)
  so a lossy loopback transfer is visible rather than flattering the peer.

Reported: records/s for both, and ``ratio_nfdump_over_cw`` (> 1: carrierwatch is faster).
"""

from __future__ import annotations

import shutil
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import numpy as np

from benchmarks.common import best_of, run_cmd


def make_records(n: int, seed: int = 5) -> np.ndarray:
    from carrierwatch.lab.ipfix_writer import DTYPE

    rng = np.random.default_rng(seed)
    rec = np.zeros(n, dtype=DTYPE)
    inside = 0x0A000000 + rng.integers(0, 2000, n)
    outside = 0xC6336400 + rng.integers(0, 50_000, n)  # from 198.51.100.0 upwards
    flip = rng.random(n) < 0.5
    rec["sa"] = np.where(flip, inside, outside)
    rec["da"] = np.where(flip, outside, inside)
    rec["sp"] = rng.integers(1024, 65536, n)
    rec["dp"] = rng.choice(np.array([22, 49, 53, 69, 161, 443, 514, 830, 57722]), n)
    rec["proto"] = rng.choice(np.array([6, 17, 47]), n, p=[0.7, 0.28, 0.02])
    rec["packets"] = rng.integers(1, 1000, n)
    rec["octets"] = rec["packets"] * rng.integers(40, 1500, n)
    rec["start"] = 1_763_280_000_000 + np.sort(rng.integers(0, 86_400_000, n))
    rec["end"] = rec["start"] + rng.integers(0, 60_000, n)
    rec["exporter"] = 0x0AFF0001 + rng.integers(0, 24, n)
    return rec


def _nfcapd_collect(msgs: list[bytes], folder: Path) -> Path | None:
    """Send the messages to nfcapd on loopback; return the file it wrote (None if nfcapd is missing)."""
    if shutil.which("nfcapd") is None:
        return None
    probe = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    probe.bind(("127.0.0.1", 0))
    port = probe.getsockname()[1]
    probe.close()
    folder.mkdir(parents=True, exist_ok=True)
    proc = subprocess.Popen(["nfcapd", "-b", "127.0.0.1", "-p", str(port), "-w", str(folder), "-t", "86400",
                             "-B", str(64 << 20)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        time.sleep(1.0)
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        s.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 8 << 20)
        for i, m in enumerate(msgs):
            s.sendto(m, ("127.0.0.1", port))
            if i % 2000 == 1999:
                time.sleep(0.002)  # pace: a loss on loopback would only measure the kernel buffer
        s.close()
        time.sleep(1.0)
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(30)
    files = sorted(p for p in folder.rglob("nfcapd.*") if p.is_file())
    return files[-1] if files else None


def run(scale: float = 1.0) -> dict[str, object]:
    from carrierwatch.findings import InputAccount
    from carrierwatch.lab.ipfix_writer import messages, write_ipfix_file
    from carrierwatch.telemetry.readers import ingest_file

    n = max(1000, int(4_000_000 * scale))
    tmp = Path(tempfile.mkdtemp(prefix="cw-bench-ipfix-"))
    try:
        rec = make_records(n)
        ipfix = tmp / "flows.ipfix"
        write_ipfix_file(ipfix, rec)

        def ours() -> int:
            lake = tmp / "lake"
            shutil.rmtree(lake, ignore_errors=True)
            acc = InputAccount(str(ipfix), "ipfix")
            ingest_file(lake, ipfix, "ipfix", acc, digest_suffix="-ipfix")  # what `carrierwatch hunt` does
            assert acc.balanced
            return acc.accepted

        cw = best_of(2, ours)
        out: dict[str, object] = {
            "name": f"IPFIX: {n:,} flow records, parse + Parquet lake", "records": n,
            "carrierwatch_s": round(cw.seconds, 3), "carrierwatch_records": cw.value,
            "carrierwatch_records_per_s": round(n / cw.seconds),
        }
        nf_file = _nfcapd_collect(list(messages(rec)), tmp / "nfcapd")
        if nf_file is None:
            out["nfdump"] = "not installed (apt-get install nfdump)"
            return out
        count = subprocess.run(["nfdump", "-r", str(nf_file), "-q", "-o", "csv"], capture_output=True, check=False)
        stored = sum(1 for ln in count.stdout.splitlines() if ln[:1].isdigit())
        nf = best_of(2, lambda: run_cmd(["nfdump", "-r", str(nf_file), "-q", "-o", "csv"]).value)
        out.update({
            "nfdump_s": round(nf.seconds, 3), "nfdump_records": stored,
            "nfdump_records_per_s": round(stored / nf.seconds) if nf.seconds else None,
            "ratio_nfdump_over_cw": round((nf.seconds / max(stored, 1)) / (cw.seconds / n), 3),
        })
        return out
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    import json
    import sys

    print(json.dumps(run(float(sys.argv[1]) if len(sys.argv) > 1 else 0.05), indent=2))
