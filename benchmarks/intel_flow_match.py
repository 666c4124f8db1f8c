"""Issue 4 benchmark: 10^7 flow records x 10^5 IP indicators, against ``grep -F -f`` and ``rg -F -f``.

Indicators: 80% exact IPv4, 8% exact IPv6, 10% IPv4 /24 CIDRs, 2% IPv6 /64 CIDRs, plus three /8s. Flows go
from an internal pool of 65,536 subscriber addresses (10.x.y.1) to an external pool of 2*10^5 public IPv4
addresses, 200 addresses inside the /8s and 2,000 IPv6 addresses; 0.5% of flows go to an exact indicator value
(500 hot ones), and some external addresses fall in the CIDRs by chance. The number of *distinct* addresses, not
of records, drives the cost of steps 1-3 of the scan; with a different address mix the rate changes, so the
distinct count is reported.

carrierwatch: the IOC leg of ``carrierwatch hunt`` (``detect.runner.run_detections`` with no behaviour rule:
every distinct address classified and keyed, the indicator hit table, the join back to both address fields of
every flow, one finding per device and indicator) over the flows stored as Parquet in the lake's ``flows``
schema (DuckDB, default threads), exact and CIDR in one run. Until issue 13 this row timed ``scan_ip_fields``
of the former ioc_scan module, a bucketed scan that ``hunt`` never called (removed). Peers: ``grep -F -f`` and
``rg -F -f`` over the same records as CSV text with the *exact* values only as fixed strings (they cannot do
CIDRs, and fixed strings also match inside longer addresses: 1.2.3.4 hits 11.2.3.45, so their counts are
upper bounds). nfdump: the IPv4 flows are exported as IPFIX (``lab.ipfix_writer``) to Debian ``nfcapd`` over
loopback (not timed: that is the collector's job), then ``nfdump -r <file> -f <filter>`` filters them with
every IPv4 indicator and IPv4 CIDR in one ``ip in [ ... ]`` list (timed). nfdump has no IPv6 flows here (the
lab's IPFIX template is IPv4), so its ratio is per record. Records/s = flow records / carrierwatch seconds.
"""

from __future__ import annotations

import ipaddress
import json
import random
import shutil
import sys
import tempfile
from pathlib import Path

from benchmarks.common import best_of, run_cmd


def make_indicators(n: int, rnd: random.Random) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for _ in range(int(n * 0.80)):
        out.append(("ipv4", str(ipaddress.IPv4Address(rnd.randrange(0x2D000000, 0xDF000000)))))
    for _ in range(int(n * 0.08)):
        out.append(("ipv6", str(ipaddress.IPv6Address((0x2A0B << 112) | rnd.getrandbits(96)))))
    for _ in range(int(n * 0.10)):
        out.append(("cidr4", str(ipaddress.IPv4Network((rnd.randrange(0x2D000000, 0xDF000000) >> 8 << 8, 24)))))
    for _ in range(int(n * 0.02)):
        out.append(("cidr6", str(ipaddress.IPv6Network(((0x2A0C << 112) | (rnd.getrandbits(48) << 64), 64)))))
    out += [("cidr4", "6.0.0.0/8"), ("cidr4", "7.0.0.0/8"), ("cidr4", "11.0.0.0/8")]
    return out


def make_data(folder: Path, flows: int, indicators: int, seed: int = 4) -> tuple[Path, Path, Path, list]:
    import duckdb

    rnd = random.Random(seed)
    inds = make_indicators(indicators, rnd)
    exact = [v for k, v in inds if k in ("ipv4", "ipv6")]
    ext = [str(ipaddress.IPv4Address(rnd.randrange(0x2D000000, 0xDF000000))) for _ in range(200_000)]
    ext += [f"{rnd.choice((6, 7, 11))}.{rnd.randrange(256)}.{rnd.randrange(256)}.{rnd.randrange(1, 255)}"
            for _ in range(200)]
    ext += [str(ipaddress.IPv6Address((0x2A0B << 112) | rnd.getrandbits(96))) for _ in range(2_000)]
    hot = rnd.sample(exact, min(500, len(exact)))  # indicator values that really occur
    con = duckdb.connect()
    con.execute("CREATE TABLE ext AS SELECT * FROM (SELECT unnest($1) AS ip) t", [ext])
    con.execute("CREATE TABLE ext_i AS SELECT row_number() OVER () - 1 AS i, ip FROM ext")
    con.execute("CREATE TABLE hot AS SELECT row_number() OVER () - 1 AS i, ip FROM (SELECT unnest($1) AS ip) t",
                [hot])
    m, h = len(ext), len(hot)
    parquet, text = folder / "flows.parquet", folder / "flows.csv"
    con.execute(f"""
CREATE TABLE flows AS
SELECT 'flows.csv' AS src_file, r.range + 1 AS src_line,
  TIMESTAMPTZ '2026-11-16 00:00:00+00' + to_microseconds(r.range * 1000) AS ts,
  '10.' || (hash(r.range) % 65536 // 256) || '.' || (hash(r.range) % 256) || '.1' AS source_ip,
  CAST(hash(r.range + 3) % 64511 + 1024 AS INTEGER) AS source_port,
  CASE WHEN hash(r.range + 5) % 200 = 0 THEN h.ip ELSE e.ip END AS destination_ip,
  CAST(443 AS INTEGER) AS destination_port, CAST(6 AS SMALLINT) AS network_iana_number,
  CAST(hash(r.range + 11) % 100000 AS BIGINT) AS network_bytes
FROM range({flows}) r
JOIN ext_i e ON e.i = hash(r.range + 1) % {m}
JOIN hot h ON h.i = hash(r.range + 2) % {h}
""")
    from carrierwatch.telemetry.schema import FLOWS

    cols = ", ".join(f"CAST(NULL AS VARCHAR) AS {f.name}" if f.name in ("observer_name", "raw") else
                     "CAST(NULL AS TIMESTAMPTZ) AS ts_end" if f.name == "ts_end" else
                     "CAST(NULL AS BIGINT) AS network_packets" if f.name == "network_packets" else f.name
                     for f in FLOWS)  # the lake's flows schema, as `hunt` registers it
    con.execute(f"COPY (SELECT {cols} FROM flows ORDER BY src_line) TO '{parquet}' (FORMAT parquet)")
    con.execute(f"COPY (SELECT ts, source_ip, source_port, destination_ip, destination_port, network_iana_number,"
                f" network_bytes FROM flows ORDER BY src_line) TO '{text}' (FORMAT csv, HEADER false)")
    con.close()
    pats = folder / "exact.txt"
    pats.write_text("\n".join(exact) + "\n", encoding="utf-8")
    return parquet, text, pats, inds


def distinct_count(parquet: Path) -> int:
    import duckdb

    sql = (f"SELECT count(DISTINCT ip) FROM (SELECT source_ip AS ip FROM '{parquet}' UNION ALL "
           f"SELECT destination_ip FROM '{parquet}') t")
    con = duckdb.connect()
    try:
        return int(con.execute(sql).fetchall()[0][0])
    finally:
        con.close()


def run(scale: float = 1.0) -> dict[str, object]:
    from carrierwatch.configs.inventory import Assets
    from carrierwatch.detect.runner import register_inputs, run_detections
    from carrierwatch.engine.duck import DuckEngine
    from carrierwatch.intel.indicators import Indicator
    from carrierwatch.workspace import Allowlists

    n_flows, n_ind = int(10_000_000 * scale), max(1000, int(100_000 * scale))
    tmp = Path(tempfile.mkdtemp(prefix="cw-bench-flows-"))
    try:
        parquet, text, pats, inds = make_data(tmp, n_flows, n_ind)
        indicators = [Indicator(f"indicator--{i}", k, v, "bench") for i, (k, v) in enumerate(inds)]

        def ours() -> tuple[int, int]:
            eng = DuckEngine()
            try:
                register_inputs(eng, {"flows": [parquet]})  # what hunt registers: the lake's tables
                found = run_detections(eng, allow=Allowlists(), assets=Assets(), indicators=indicators, rules=[])
                return len(found), sum(int(f.extra["events"]) for f in found)  # flow records behind each finding
            finally:
                eng.close()

        cw = best_of(2, ours)
        out: dict[str, object] = {
            "name": "IOC scan: flows x IP indicators (exact v4/v6, CIDRs, /8s), hunt's IOC leg", "flows": n_flows,
            "indicators": len(inds), "carrierwatch_s": round(cw.seconds, 3), "carrierwatch_findings": cw.value[0],
            "carrierwatch_hits": cw.value[1],
            "records_per_s": round(n_flows / cw.seconds), "text_mb": round(text.stat().st_size / 1e6, 1),
            "distinct_addresses": distinct_count(parquet)}
        for tool in ("grep", "rg"):
            if shutil.which(tool) is None:
                out[f"{tool}_s"] = None
                continue
            res = best_of(2, lambda t=tool: run_cmd([t, "-F", "-c", "-f", str(pats), str(text)],
                                                    str(tmp / f"{t}.out")).value)
            count = (tmp / f"{tool}.out").read_text(encoding="utf-8").strip()
            out |= {f"{tool}_s": round(res.seconds, 3), f"{tool}_matching_lines": int(count or 0),
                    f"ratio_{tool}_over_cw": round(res.seconds / cw.seconds, 2)}
        out |= nfdump_leg(parquet, inds, tmp, cw.seconds / n_flows)
        return out
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def nfdump_leg(parquet: Path, inds: list[tuple[str, str]], tmp: Path, our_s_per_record: float) -> dict[str, object]:
    """nfcapd stores the IPv4 flows received as IPFIX; nfdump filters them with the IPv4 indicators."""
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    from benchmarks.ipfix import _nfcapd_collect
    from carrierwatch.lab.ipfix_writer import messages, records

    if shutil.which("nfcapd") is None or shutil.which("nfdump") is None:
        return {"nfdump": "not installed (apt-get install nfdump)"}
    table = pq.read_table(parquet)
    v4 = pc.and_(pc.match_substring(table["source_ip"], "."), pc.match_substring(table["destination_ip"], "."))
    table = table.filter(v4)
    import pyarrow as pa

    empty = [n for n in ("network_packets", "ts_end", "observer_name")
             if n in table.column_names and table[n].null_count == table.num_rows]
    table = table.drop_columns(empty)  # the lake schema's unset columns get the values nfcapd needs, below

    for name, value in (("network_packets", pa.scalar(1, pa.int64())), ("ts_end", None),
                        ("observer_name", pa.scalar("10.255.0.1"))):
        if name not in table.column_names:
            col = table["ts"] if name == "ts_end" else pa.array([value.as_py()] * table.num_rows, value.type)
            table = table.append_column(name, col)
    nf_file = _nfcapd_collect(list(messages(records(table))), tmp / "nfcapd")
    if nf_file is None:
        return {"nfdump": "nfcapd wrote no file"}
    filt = tmp / "nfdump.filter"
    v4_inds = " ".join(v for k, v in inds if k in ("ipv4", "cidr4"))
    filt.write_text(f"ip in [ {v4_inds} ]\n", encoding="utf-8")
    res = best_of(1, lambda: run_cmd(["nfdump", "-r", str(nf_file), "-f", str(filt), "-q", "-o", "csv"],
                                     str(tmp / "nfdump.out")).value)
    hits = sum(1 for ln in (tmp / "nfdump.out").open(encoding="utf-8") if ln[:1].isdigit())
    stored = table.num_rows  # flows sent to nfcapd (IPv4 only)
    return {"nfdump_s": round(res.seconds, 3), "nfdump_exit": res.value, "nfdump_flows_sent": stored,
            "nfdump_matching_flows": hits,
            "ratio_nfdump_over_cw_per_record": round((res.seconds / max(stored, 1)) / our_s_per_record, 2)}


if __name__ == "__main__":
    print(json.dumps(run(float(sys.argv[1]) if len(sys.argv) > 1 else 1.0), indent=2))
