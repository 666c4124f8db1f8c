"""Print the parse-status table (parsed/partial/failed per platform, with failure reasons) for DIR.

Usage: python scripts/parse_coverage.py DIR [--show-partial N]
Reads every regular file under DIR (recursively), parses it with carrierwatch.configs, and prints a
table per detected dialect. It is a maintenance script: tests never read ../shared.
"""

from __future__ import annotations

import sys
import time
from collections import Counter, defaultdict
from pathlib import Path

from carrierwatch.configs.parse import read_config_file


def main(argv: list[str]) -> int:
    if len(argv) < 2:
        print(__doc__)
        return 2
    root = Path(argv[1])
    files = sorted(p for p in root.rglob("*") if p.is_file() and p.name not in ("LICENSE", "SOURCE_COMMIT"))
    table: dict[str, Counter[str]] = defaultdict(Counter)
    reasons: Counter[str] = Counter()
    lines = Counter[str]()
    t0 = time.perf_counter()
    for p in files:
        dev = read_config_file(p)
        d = dev.dialect or "undecoded"
        table[d][dev.parse_status] += 1
        lines["total"] += dev.total_lines
        lines["recognised"] += dev.recognised_lines
        lines["unrecognised"] += dev.unrecognised_lines
        if dev.parse_status == "failed":
            reasons[dev.parse_reason or "NO REASON"] += 1
    dt = time.perf_counter() - t0
    print(f"{'dialect':<28}{'parsed':>8}{'partial':>9}{'failed':>8}{'total':>8}")
    for d in sorted(table):
        c = table[d]
        print(f"{d:<28}{c['parsed']:>8}{c['partial']:>9}{c['failed']:>8}{sum(c.values()):>8}")
    tot = Counter[str]()
    for c in table.values():
        tot.update(c)
    print(f"{'ALL':<28}{tot['parsed']:>8}{tot['partial']:>9}{tot['failed']:>8}{sum(tot.values()):>8}")
    print(
        f"\nlines: {lines['total']} total, {lines['recognised']} recognised, "
        f"{lines['unrecognised']} unrecognised; {len(files)} files in {dt:.2f}s"
    )
    print("\nfailure reasons:")
    for r, n in reasons.most_common():
        print(f"  {n:>5}  {r}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
