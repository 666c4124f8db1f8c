"""NetFlow v5/v9/IPFIX decoding: fixture pairs (real softflowd exports, hand-built edge cases, lab IPFIX),
property tests (random and truncated input never crashes, every record is accounted for), round trips."""

from __future__ import annotations

import json
import struct
from pathlib import Path

import numpy as np
import pyarrow as pa
import pytest
from handmade import T0, V4_MS, edge_cases, ipfix, rec_v4_ms, sset, tmpl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from netflow_fixture_io import CASES, FIXTURES, expected_path, run

from carrierwatch.findings import InputAccount
from carrierwatch.lab.ipfix_writer import DTYPE, messages, records, write_ipfix_file
from carrierwatch.telemetry.flows.netflow_decode import FlowDecoder
from carrierwatch.telemetry.flows.netflow_files import read_ipfix_file, read_pcap_flows
from carrierwatch.telemetry.schema import FLOWS


@pytest.mark.parametrize("fixture", sorted(CASES))
def test_fixture_pair(fixture: str) -> None:
    expected = json.loads(expected_path(fixture).read_text(encoding="utf-8"))
    got = run(fixture)
    assert got == expected
    acc = got["account"]
    assert acc["records"] == acc["accepted"] + acc["rejected"]
    assert acc["accepted"] == len(got["rows"])


def test_real_exporter_versions_agree() -> None:
    """softflowd exported the same 3 flows as v5, v9 and IPFIX: same addresses, ports, counters."""
    keys = ("source_ip", "source_port", "destination_ip", "destination_port", "network_iana_number",
            "network_bytes", "network_packets")
    seen = []
    for name in ("softflowd_v5.pcap", "softflowd_v9.pcap", "softflowd_ipfix.pcap"):
        rows = run(name)["rows"]
        seen.append(sorted(tuple(r[k] for k in keys) for r in rows))
    assert seen[0] == seen[1] == seen[2]
    assert ("10.0.0.1", 51000, "203.0.113.9", 49, 6, 700, 5) in seen[0]  # TACACS+ to a stranger


def test_template_cache_is_per_exporter_and_domain() -> None:
    """The same template id from another exporter or domain does not decode this one's data."""
    acc = InputAccount("x", "ipfix")
    dec = FlowDecoder(acc, "x")
    rec = rec_v4_ms("10.1.1.1", "192.0.2.9", 1, 49, 6, 10, 1, T0 * 1000)
    dec.packet(ipfix(sset(2, tmpl(300, V4_MS)), domain=1), "192.0.2.1")
    dec.packet(ipfix(sset(300, rec), domain=2), "192.0.2.1")  # other domain: waits
    dec.packet(ipfix(sset(300, rec), domain=1), "192.0.2.2")  # other exporter: waits
    dec.packet(ipfix(sset(300, rec), domain=1), "192.0.2.1")  # decodes
    assert dec.table().num_rows == 1
    dec.close()
    assert acc.reasons == {"no template for data set": 2}
    assert acc.records == acc.accepted + acc.rejected == 3


def test_data_before_template_is_decoded_when_it_comes() -> None:
    acc = InputAccount("x", "ipfix")
    dec = FlowDecoder(acc, "x")
    dec.packet(ipfix(sset(300, rec_v4_ms("10.1.1.1", "192.0.2.9", 1, 49, 6, 10, 1, T0 * 1000))), "e")
    assert dec.table().num_rows == 0
    dec.packet(ipfix(sset(2, tmpl(300, V4_MS))), "e")
    t = dec.table()
    assert t.column("source_ip").to_pylist() == ["10.1.1.1"] and acc.rejected == 0


def test_lab_round_trip_is_exact(tmp_path: Path) -> None:
    """FLOWS -> lab IPFIX file -> FLOWS gives back the same rows."""
    rng = np.random.default_rng(5)
    n = 1000
    table = pa.table({
        "ts": pa.array(T0 * 1_000_000 + rng.integers(0, 10**9, n) * 1000, pa.int64()).cast(FLOWS.field("ts").type),
        "ts_end": pa.array(T0 * 1_000_000 + 10**12 + rng.integers(0, 10**9, n) * 1000, pa.int64()).cast(
            FLOWS.field("ts").type),
        "source_ip": [f"10.{i % 250}.{i % 7}.{i % 200}" for i in range(n)],
        "source_port": pa.array(rng.integers(0, 65536, n), pa.int32()),
        "destination_ip": [f"203.0.113.{i % 256}" for i in range(n)],
        "destination_port": pa.array(rng.integers(0, 65536, n), pa.int32()),
        "network_iana_number": pa.array(rng.integers(0, 256, n), pa.int16()),
        "network_bytes": pa.array(rng.integers(0, 2**40, n), pa.int64()),
        "network_packets": pa.array(rng.integers(0, 2**30, n), pa.int64()),
        "observer_name": ["10.255.0.9"] * n,
    })
    path = tmp_path / "x.ipfix"
    write_ipfix_file(path, records(table))
    acc = InputAccount(str(path), "ipfix")
    back = read_ipfix_file(path, acc)
    assert acc.accepted == n and acc.rejected == 0
    assert back.select(table.column_names).equals(table)


packets_st = st.lists(st.binary(max_size=300), max_size=8)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(packets_st)
def test_random_packets_never_crash_and_balance(pkts: list[bytes]) -> None:
    acc = InputAccount("x", "netflow")
    dec = FlowDecoder(acc, "x")
    for p in pkts:
        dec.packet(p, "192.0.2.1")
    t = dec.table()
    dec.close()
    assert acc.records == acc.accepted + acc.rejected
    assert t.num_rows == acc.accepted
    assert t.schema == FLOWS


def _valid_packets() -> list[bytes]:
    return [p for _, p in edge_cases()]


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_truncated_and_mutated_real_packets(data: st.DataObject) -> None:
    """Real-shaped packets cut at any byte, or with one byte changed, are counted, never crash."""
    pkts = _valid_packets()
    acc = InputAccount("x", "netflow")
    dec = FlowDecoder(acc, "x")
    for p in pkts:
        cut = data.draw(st.integers(0, len(p)))
        q = bytearray(p[:cut])
        if q and data.draw(st.booleans()):
            q[data.draw(st.integers(0, len(q) - 1))] = data.draw(st.integers(0, 255))
        dec.packet(bytes(q), "e")
    t = dec.table()
    dec.close()
    assert acc.records == acc.accepted + acc.rejected == acc.accepted + sum(acc.reasons.values())
    assert t.num_rows == acc.accepted


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.integers(0, 2048), st.binary(max_size=64))
def test_truncated_ipfix_and_pcap_files(tmp_path: Path, cut: int, junk: bytes) -> None:
    for name, reader in (("lab_small.ipfix", read_ipfix_file), ("edge_cases.pcap", read_pcap_flows)):
        data = (FIXTURES / name).read_bytes()
        p = tmp_path / name
        p.write_bytes(data[: min(cut, len(data))] + junk)
        acc = InputAccount(name, "x")
        t = reader(p, acc)
        assert acc.records == acc.accepted + acc.rejected
        assert t.num_rows == acc.accepted


def test_pcapng_is_a_counted_rejection_not_a_crash(tmp_path: Path) -> None:
    p = tmp_path / "x.pcapng"
    p.write_bytes(b"\x0a\x0d\x0d\x0a" + b"\x00" * 40)
    acc = InputAccount(str(p), "netflow-pcap")
    assert read_pcap_flows(p, acc).num_rows == 0 and acc.rejected == 1 and "pcapng" in next(iter(acc.reasons))


def test_messages_fit_the_mtu() -> None:
    rec = np.zeros(100, dtype=DTYPE)
    sizes = [len(m) for m in messages(rec)]
    assert max(sizes) <= 1472 and sum(1 for _ in sizes) == 4
    assert struct.unpack(">H", next(iter(messages(rec)))[:2])[0] == 10


ZEEK_COUNTS = {  # the shared zat logs (copied into tests): every record accepted, counts exact
    "listen/fixtures/zeek/ssl.log": ("zeek-ssl", 37),
    "listen/fixtures/zeek/tor_ssl.log": ("zeek-ssl", 733),
    "listen/fixtures/zeek/json/ssl.log": ("zeek-ssl", 50),
    "telemetry/fixtures/zeek/dns.log": ("zeek-dns", 54),
    "telemetry/fixtures/zeek/json/dns.log": ("zeek-dns", 50),
    "telemetry/fixtures/zeek/conn.log": ("zeek-conn", 360),
    "telemetry/fixtures/zeek/json/conn.log": ("zeek-json", 50),
}


@pytest.mark.parametrize("rel", sorted(ZEEK_COUNTS))
def test_shared_zeek_logs_parse_with_exact_counts(rel: str) -> None:
    from carrierwatch.telemetry.readers import TABLE_FOR_KIND, read_table
    from carrierwatch.telemetry.schema import TABLES
    from carrierwatch.telemetry.sniff import sniff

    path = Path(__file__).parents[1] / rel
    kind, count = ZEEK_COUNTS[rel]
    assert sniff(path) == kind
    acc = InputAccount(rel, kind)
    t = read_table(path, kind, acc)
    data_lines = [ln for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip() and not ln.startswith("#")]
    assert len(data_lines) == count
    assert (acc.records, acc.accepted, acc.rejected, t.num_rows) == (count, count, 0, count)
    assert t.schema == TABLES[TABLE_FOR_KIND[kind]]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.sampled_from(["zeek/dns_small.log", "zeek/ssl_small.log", "zeek/json/dns_small.log",
                        "zeek/json/ssl_small.log"]), st.integers(0, 4000), st.text(max_size=200))
def test_zeek_dns_ssl_truncated_and_random(tmp_path: Path, name: str, cut: int, junk: str) -> None:
    from carrierwatch.telemetry.flows.zeek_dns_ssl import read_zeek_dns, read_zeek_ssl

    reader = read_zeek_dns if "dns" in name else read_zeek_ssl
    p = tmp_path / "x.log"
    p.write_text((FIXTURES / name).read_text(encoding="utf-8")[:cut] + junk, encoding="utf-8")
    acc = InputAccount(name, "zeek")
    t = reader(p, acc)
    assert acc.records == acc.accepted + acc.rejected and t.num_rows == acc.accepted
