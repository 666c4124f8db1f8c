"""Property tests: random bytes and truncated valid records never raise and always balance the account."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from carrierwatch.findings import InputAccount
from carrierwatch.telemetry.readers import TABLE_FOR_KIND, read_table
from carrierwatch.telemetry.schema import TABLES
from carrierwatch.telemetry.sniff import sniff

FIX = Path(__file__).parent / "fixtures"
VALID = {
    "syslog": (FIX / "syslog/cisco_ios.log").read_bytes() + (FIX / "syslog/multivendor.log").read_bytes(),
    "tacacs": (FIX / "tacacs/tac_plus.log").read_bytes(),
    "nfdump-csv": (FIX / "nfdump/nfdump16.csv").read_bytes(),
    "zeek-conn": (FIX / "zeek/conn_date_issue.log").read_bytes(),
    "zeek-json": b"\n".join((FIX / "zeek/json/conn.log").read_bytes().splitlines()[:3]),
    # issue 5 kinds (fixtures in tests/listen/fixtures)
    "ipfix": (FIX.parents[1] / "listen/fixtures/lab_small.ipfix").read_bytes(),
    "netflow-pcap": (FIX.parents[1] / "listen/fixtures/edge_cases.pcap").read_bytes(),
    "zeek-dns": (FIX.parents[1] / "listen/fixtures/zeek/dns_small.log").read_bytes(),
    "zeek-ssl": (FIX.parents[1] / "listen/fixtures/zeek/json/ssl_small.log").read_bytes(),
}
KINDS = sorted(TABLE_FOR_KIND)
_DIR = Path(tempfile.mkdtemp(prefix="cw-tel-prop-"))
_SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _check(kind: str, data: bytes) -> None:
    f = _DIR / f"in-{kind}"
    f.write_bytes(data)
    acc = InputAccount("p", kind)
    table = read_table(f, kind, acc, default_year=2026)
    assert acc.balanced and acc.error is None
    assert table.num_rows == acc.accepted
    assert table.schema == TABLES[TABLE_FOR_KIND[kind]]
    if kind not in ("tacacs", "ipfix", "netflow-pcap"):  # radius blocks span lines; flow files are binary
        assert acc.records <= data.count(b"\n") + 1


@_SETTINGS
@given(kind=st.sampled_from(KINDS), data=st.binary(max_size=2000))
def test_random_bytes_never_raise(kind: str, data: bytes) -> None:
    _check(kind, data)


@_SETTINGS
@given(kind=st.sampled_from(KINDS), cut=st.integers(min_value=0, max_value=10_000), junk=st.binary(max_size=40))
def test_truncated_valid_input(kind: str, cut: int, junk: bytes) -> None:
    valid = VALID[kind]
    _check(kind, valid[: cut % (len(valid) + 1)] + junk)


@_SETTINGS
@given(lines=st.lists(st.text(max_size=120), max_size=30))
def test_random_text_lines_for_every_reader(lines: list[str]) -> None:
    data = "\n".join(lines).encode("utf-8", errors="surrogatepass")
    for kind in KINDS:
        _check(kind, data)


@_SETTINGS
@given(data=st.binary(max_size=3000))
def test_sniff_never_raises(data: bytes) -> None:
    f = _DIR / "sniff-in"
    f.write_bytes(data)
    assert isinstance(sniff(f), str)
