"""Issue 14 benchmark: a file of 10^6 rejected records through ``carrierwatch hunt FILE`` as a CLI process.

Why: hostile input is normal input, and a file of garbage must cost what reading it costs. The accounting
streams rejections (a count per reason, the first few examples per reason, a compact rejection log for the
quarantine): before, every output deep-copied the list of rejections and 10^6 records took minutes.

Data: an nfdump CSV header followed by ``10^6 * scale`` rows of the wrong field count — every record is
read, rejected with its reason, and copied to the quarantine with its text. The whole process is timed
(start-up, sniffing, reading, accounting, quarantine, JSON output). Target: <= 20 s at scale 1. No peer
tool accounts for rejected records, so the row reports the time, the records per second and whether the
accounting balanced (read = accepted + rejected) and the quarantine holds every record.
"""

from __future__ import annotations

import json
import shutil
import sys
import tempfile
from pathlib import Path

from benchmarks.common import run_cmd

TARGET_S = 20.0


def make_data(path: Path, rows: int) -> None:
    with path.open("w", encoding="utf-8") as fh:
        fh.write("ts,te,td,sa,da,sp,dp,pr,flg,fwd,stos,ipkt,ibyt\n")
        fh.writelines(f"bad,{i}\n" for i in range(rows))


def run(scale: float = 1.0) -> dict[str, object]:
    rows = max(1, int(1_000_000 * scale))
    tmp = Path(tempfile.mkdtemp(prefix="cw-bench-rejected-"))
    try:
        data = tmp / "rejected.csv"
        make_data(data, rows)
        out = tmp / "out.json"
        cw = str(Path(sys.executable).with_name("carrierwatch"))
        target = TARGET_S * max(scale, 0.05)  # below 5% of the size the process start-up dominates
        timed = run_cmd([cw, "-w", str(tmp / "ws"), "hunt", str(data), "--format", "json", "-o", str(out)])
        acc = json.loads(out.read_text(encoding="utf-8"))["inputs"][0]
        kept = sum(sum(1 for _ in f.open("rb")) for f in (tmp / "ws" / "quarantine").rglob("*.jsonl"))
        return {
            "records": rows,
            "exit_code": timed.value,
            "seconds": round(timed.seconds, 2),
            "records_per_s": round(rows / timed.seconds),
            "target_s": target,
            "met": timed.seconds <= target,
            "balanced": acc["records"] == acc["accepted"] + acc["rejected"] == rows,
            "quarantined": kept,
        }
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
