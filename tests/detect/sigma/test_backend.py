"""Backend semantics on small rules: keywords, wildcards/escaping, cidr ranges (v4 and v6), regex, modifiers."""

from __future__ import annotations

import ipaddress
from pathlib import Path

import pyarrow as pa
from hypothesis import given, settings
from hypothesis import strategies as st

from carrierwatch.detect.sigma.compile import load_pack
from carrierwatch.detect.sigma.ipnum import register_ipnum
from carrierwatch.engine.duck import DuckEngine

RULE = """title: t
id: 11111111-1111-1111-1111-111111111111
logsource: {{product: zeek, service: test}}
detection:
{det}
level: high
"""


def _pack(tmp_path: Path, det: str):  # type: ignore[no-untyped-def]
    (tmp_path / "r.yml").write_text(RULE.format(det=det))
    return load_pack([tmp_path])


def _hits(tmp_path: Path, det: str, rows: list[dict]) -> list[int]:
    pack = _pack(tmp_path, det)
    assert pack.rejected == [], pack.rejected
    [rule] = pack.rules
    n = len(rows)
    cols: dict[str, list] = {"device": ["d"] * n, "ts": [None] * n, "src_file": ["f"] * n,
                             "src_line": list(range(1, n + 1)), "raw": [r.get("raw", "") for r in rows]}
    for k in {k for r in rows for k in r if k != "raw"}:
        cols[k] = [r.get(k) for r in rows]
    eng = DuckEngine()
    try:
        eng.register_arrow("zeek_test", pa.table(cols))
        register_ipnum(eng, rule.cidr_fields, {"zeek_test"})
        return sorted(eng.query(rule.detection.sql).column("src_line").to_pylist())
    finally:
        eng.close()


def test_keywords_match_raw_case_insensitively(tmp_path: Path) -> None:
    det = "  keywords: ['clear logging', 'cisco_tac_admin']\n  condition: keywords"
    rows = [{"raw": "cmd=CLEAR LOGGING <cr>"}, {"raw": "user cisco_tac_admin"}, {"raw": "user ciscoXtacXadmin"},
            {"raw": "show logging"}]
    assert _hits(tmp_path, det, rows) == [1, 2]  # '_' is literal, not a LIKE wildcard


def test_percent_and_quote_are_literal(tmp_path: Path) -> None:
    det = "  sel:\n    f|contains: \"50%'x\"\n  condition: sel"
    assert _hits(tmp_path, det, [{"f": "a50%'xb"}, {"f": "a50AAxb"}, {"f": "50%x"}]) == [1]


def test_cidr_is_a_real_range_v4_and_v6(tmp_path: Path) -> None:
    det = "  sel:\n    ip|cidr: ['10.16.0.0/12', '2001:db8::/33']\n  condition: sel"
    rows = [{"ip": "10.31.255.255"}, {"ip": "10.32.0.0"}, {"ip": "10.15.255.255"}, {"ip": "2001:db8:7fff::1"},
            {"ip": "2001:db8:8000::1"}, {"ip": "not-an-ip"}, {"ip": None}]
    assert _hits(tmp_path, det, rows) == [1, 4]


def test_not_cidr(tmp_path: Path) -> None:
    det = "  sel:\n    ip|cidr: '192.168.0.0/16'\n  condition: not sel"
    assert _hits(tmp_path, det, [{"ip": "192.168.4.4"}, {"ip": "8.8.8.8"}]) == [2]


def test_regex_and_numbers(tmp_path: Path) -> None:
    det = "  sel:\n    c|re|i: '^ip ssh port [0-9]+'\n    p: 22\n  condition: sel"
    rows = [{"c": "IP SSH PORT 22222", "p": 22}, {"c": "ip ssh port 22222", "p": 23}, {"c": "x ip ssh port 2", "p": 22}]
    assert _hits(tmp_path, det, rows) == [1]


def test_startswith_endswith_all(tmp_path: Path) -> None:
    det = "  sel:\n    a|startswith: 'ab'\n    b|endswith: 'yz'\n    c|contains|all: ['k', 'm']\n  condition: sel"
    rows = [{"a": "abc", "b": "xyz", "c": "kxm"}, {"a": "cab", "b": "xyz", "c": "kxm"},
            {"a": "abc", "b": "xyz", "c": "k"}]
    assert _hits(tmp_path, det, rows) == [1]


def test_unsupported_modifier_names_rule_and_modifier(tmp_path: Path) -> None:
    pack = _pack(tmp_path, "  sel:\n    f|base64offset|contains: 'x'\n  condition: sel")
    assert pack.rules == []
    [rej] = pack.rejected
    assert rej.rule == "t" and "base64offset" in rej.reason


def test_bad_yaml_is_a_counted_rejection(tmp_path: Path) -> None:
    (tmp_path / "bad.yml").write_text("title: [unclosed\n")
    pack = load_pack([tmp_path])
    assert pack.rules == [] and len(pack.rejected) == 1 and "YAML" in pack.rejected[0].reason


@settings(max_examples=60, deadline=None)
@given(st.ip_addresses(), st.integers(min_value=0, max_value=128))
def test_cidr_matches_ipaddress_module(ip, plen) -> None:  # type: ignore[no-untyped-def]
    """Property: the hex-range test agrees with ``ipaddress`` for any address and prefix."""
    from carrierwatch.detect.sigma.backend import hex32

    plen = min(plen, ip.max_prefixlen)
    net = ipaddress.ip_network(f"{ip}/{plen}", strict=False)
    probe = ip
    inside = hex32(net.network_address) <= hex32(probe) <= hex32(net.broadcast_address)
    assert inside == (probe in net)
    other = type(ip)((int(ip) ^ (1 << (ip.max_prefixlen - 1))) if plen else int(ip))
    assert (hex32(net.network_address) <= hex32(other) <= hex32(net.broadcast_address)) == (other in net)
