"""Issue 2 benchmark: hunt 10^6 syslog lines for 10^4 IP indicators, against `grep -F -f`.

carrierwatch does strictly more than grep here: it parses every line into typed fields, writes them to the
Parquet lake, and matches indicators against the address *fields* (so 10.0.0.1 does not match 10.0.0.12); grep
matches raw substrings. Both read the same text file; grep gets the indicators as a fixed-string list.
"""

from __future__ import annotations

import json
import random
import shutil
import tempfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

from benchmarks.common import best_of, run_cmd


def make_data(folder: Path, lines: int, indicators: int, seed: int = 1) -> tuple[Path, Path, Path]:
    rnd = random.Random(seed)
    bad = [f"45.{rnd.randrange(256)}.{rnd.randrange(256)}.{rnd.randrange(1, 255)}" for _ in range(indicators)]
    bad = sorted(set(bad))
    log = folder / "syslog.log"
    t = datetime(2026, 11, 16, tzinfo=UTC)
    hosts = [f"pe{i}-nyc" for i in range(50)]
    with log.open("w", encoding="utf-8") as fh:
        for i in range(lines):
            t += timedelta(milliseconds=80)
            stamp = t.strftime("%b %d %H:%M:%S")
            dev = t.strftime("%b %d %H:%M:%S.") + f"{t.microsecond // 1000:03d} UTC"
            host = hosts[i % 50]
            src = bad[rnd.randrange(len(bad))] if rnd.random() < 0.0005 else f"10.255.0.{rnd.randrange(10, 40)}"
            r = rnd.random()
            if r < 0.3:
                msg = (f"%SEC_LOGIN-5-LOGIN_SUCCESS: Login Success [user: netops] [Source: {src}] [localport: 22] "
                       f"at {t.strftime('%H:%M:%S')} UTC Mon Nov 16 2026")
            elif r < 0.6:
                msg = f"%PARSER-5-CFGLOG_LOGGEDCMD: User:netops  logged command:interface GigabitEthernet0/0/{i % 8}"
            elif r < 0.8:
                msg = f"%SYS-5-CONFIG_I: Configured from console by netops on vty0 ({src})"
            else:
                msg = "%LINEPROTO-5-UPDOWN: Line protocol on Interface GigabitEthernet0/0/1, changed state to up"
            fh.write(f"{stamp} {host} {i:06d}: {dev}: {msg}\n")
    iocs = folder / "iocs.txt"
    iocs.write_text("\n".join(bad) + "\n", encoding="utf-8")
    bundle = folder / "intel.stix.json"
    objs = [{"type": "indicator", "spec_version": "2.1", "id": f"indicator--00000000-0000-4000-8000-{n:012d}",
             "created": "2026-01-01T00:00:00Z", "modified": "2026-01-01T00:00:00Z", "pattern_type": "stix",
             "pattern": f"[ipv4-addr:value = '{ip}']", "valid_from": "2026-01-01T00:00:00Z"}
            for n, ip in enumerate(bad)]
    bundle.write_text(json.dumps({"type": "bundle", "id": "bundle--00000000-0000-4000-8000-000000000000",
                                  "objects": objs}), encoding="utf-8")
    return log, iocs, bundle


def run(scale: float = 1.0, *, lines: int | None = None, indicators: int | None = None) -> dict[str, object]:
    lines = lines or max(1000, int(1_000_000 * scale))
    indicators = indicators or max(100, int(10_000 * scale))
    from carrierwatch.app.runs import hunt_workspace
    from carrierwatch.workspace import open_workspace

    tmp = Path(tempfile.mkdtemp(prefix="cw-bench-"))
    try:
        log, iocs, bundle = make_data(tmp, lines, indicators)

        def ours() -> int:
            ws_root = tmp / "ws"
            shutil.rmtree(ws_root, ignore_errors=True)
            ws = open_workspace(ws_root)
            result, _ = hunt_workspace([log, bundle], ws, default_year=2026, command="bench")
            return sum(1 for f in result.findings if f.rule_id == "CW-IOC-IP")

        cw = best_of(2, ours)

        # The detection phase alone, over telemetry already in the lake (what a repeated hunt costs).
        from carrierwatch.app.intake import collect
        from carrierwatch.detect.runner import register_inputs, run_detections
        from carrierwatch.engine import open_engine

        ws = open_workspace(tmp / "ws2")
        got = collect([log, bundle], ws, default_year=2026)

        def match_only() -> int:
            eng = open_engine("duckdb")
            try:
                register_inputs(eng, got.parquet)
                found = run_detections(eng, allow=ws.config.allowlists, assets=got.assets,
                                       indicators=got.indicators)
            finally:
                eng.close()
            return sum(1 for f in found if f.rule_id == "CW-IOC-IP")

        matched = best_of(2, match_only)
        grep = best_of(2, lambda: run_cmd(["grep", "-F", "-f", str(iocs), str(log)], str(tmp / "grep.out")).value)
        grep_hits = sum(1 for _ in (tmp / "grep.out").open(encoding="utf-8"))
        return {"name": "hunt: 10^6 syslog lines x 10^4 IP indicators", "lines": lines, "indicators": indicators,
                "carrierwatch_s": round(cw.seconds, 3), "ioc_findings": cw.value,
                "carrierwatch_detect_only_s": round(matched.seconds, 3),
                "ratio_grep_over_cw_detect_only": round(grep.seconds / matched.seconds, 3),
                "grep_s": round(grep.seconds, 3), "grep_matching_lines": grep_hits,
                "ratio_grep_over_cw": round(grep.seconds / cw.seconds, 3)}
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
