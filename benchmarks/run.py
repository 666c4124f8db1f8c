"""Run every benchmark and print a table of ratios (peer time / carrierwatch time; > 1 means we are faster)."""

from __future__ import annotations

import argparse
import json
import platform
import sys
from datetime import UTC, datetime

from benchmarks import syslog_ioc
from benchmarks.common import peak_rss_mb


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--scale", type=float, default=1.0, help="multiply data sizes (0.01 for a smoke run)")
    ap.add_argument("--json", help="also write the results to this file")
    args = ap.parse_args(argv)
    results = []
    results.append(syslog_ioc.run(lines=int(1_000_000 * args.scale), indicators=int(10_000 * max(args.scale, 0.01))))
    meta = {"date": datetime.now(UTC).isoformat(timespec="seconds"), "python": platform.python_version(),
            "machine": platform.machine(), "peak_rss_mb": round(peak_rss_mb(), 1)}
    print(json.dumps({"meta": meta, "results": results}, indent=2))
    print()
    print("| benchmark | carrierwatch | peer | ratio (peer/ours) |")
    print("|---|---|---|---|")
    for r in results:
        print(f"| {r['name']}: parse + lake + detect | {r['carrierwatch_s']} s | grep -F -f {r['grep_s']} s "
              f"| {r['ratio_grep_over_cw']}x |")
        print(f"| {r['name']}: detect over the lake | {r['carrierwatch_detect_only_s']} s | grep -F -f "
              f"{r['grep_s']} s | {r['ratio_grep_over_cw_detect_only']}x |")
    if args.json:
        with open(args.json, "w", encoding="utf-8") as fh:
            json.dump({"meta": meta, "results": results}, fh, indent=2)
    return 0


if __name__ == "__main__":
    sys.exit(main())
