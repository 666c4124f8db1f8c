"""`make bench`: every benchmark, each against its named peer on the same data in the same run.

Each module exposes ``run(scale) -> dict``; the dict's ``ratio_*`` keys are peer time / carrierwatch time
(> 1 means carrierwatch is faster). ``--scale`` multiplies every benchmark's size; some benchmarks have a smaller
default scale because their peer cannot finish at full size in reasonable time (stated per row).
"""

from __future__ import annotations

import argparse
import importlib
import json
import platform
import sys
import time
import traceback
from datetime import UTC, datetime
from typing import Any

from benchmarks.common import peak_rss_mb

#: module, default scale, why the default is below 1.0 (if it is)
BENCHES: list[tuple[str, float, str]] = [
    ("syslog_ioc", 1.0, ""),
    ("audit_configs", 1.0, ""),
    ("intel_stix_import", 1.0, ""),
    ("intel_flow_match", 1.0, ""),
    ("ipfix", 1.0, ""),
    ("syslog_ingest", 1.0, ""),
    ("sigma_pack", 1.0, ""),
    ("listen_load", 1.0, ""),
    ("rejected_records", 1.0, ""),
    ("taxii_paging", 1.0, "medallion runs in a child process with a 15-minute budget: at 100,000 objects it does "
     "not finish, so the ratio reported is a lower bound (its cost grows with the square of the collection)"),
]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--scale", type=float, default=1.0, help="multiply every size (0.01 for a smoke run)")
    ap.add_argument("--only", action="append", help="run only these benchmarks (repeatable)")
    ap.add_argument("--json", help="also write the results to this file")
    args = ap.parse_args(argv)
    results: dict[str, Any] = {}
    for name, default_scale, why in BENCHES:
        if args.only and name not in args.only:
            continue
        scale = default_scale * args.scale
        print(f"== {name} (scale {scale:g}) ...", file=sys.stderr, flush=True)
        t0 = time.perf_counter()
        try:
            out = importlib.import_module(f"benchmarks.{name}").run(scale)
        except Exception as exc:  # one broken peer must not hide the other results
            traceback.print_exc()
            out = {"error": f"{exc.__class__.__name__}: {exc}"}
        results[name] = {"scale": scale, "note": why, "wall_s": round(time.perf_counter() - t0, 1), **out}
        print(json.dumps({name: results[name]}, indent=2, default=str), flush=True)
    meta = {"date": datetime.now(UTC).isoformat(timespec="seconds"), "python": platform.python_version(),
            "machine": platform.machine(), "peak_rss_mb": round(peak_rss_mb(), 1)}
    print("\n| benchmark | scale | ratios (peer / carrierwatch) |\n|---|---|---|")
    for name, r in results.items():
        ratios = ", ".join(f"{k}={v}" for k, v in r.items() if k.startswith("ratio")) or r.get("error", "")
        print(f"| {name} | {r['scale']:g} | {ratios} |")
    if args.json:
        with open(args.json, "w", encoding="utf-8") as fh:
            json.dump({"meta": meta, "results": results}, fh, indent=2, default=str)
    return 0


if __name__ == "__main__":
    sys.exit(main())
