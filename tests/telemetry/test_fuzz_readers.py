"""Fuzz suite (issue 14): mutated real samples of every telemetry and LI input kind, plus the hostile values the
issue lists, through the real readers. No reader raises (not even into the per-file net of ``read_table``:
an ``account.error`` of ``reader failed`` counts as a crash here), and read = accepted + rejected for every
file. Bounded in time: a fixed number of examples per kind, no deadline.

Samples: the real-format fixtures in tests/telemetry/fixtures, tests/listen/fixtures and tests/li/fixtures
(their sources and licences are noted beside them).
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from carrierwatch.findings import InputAccount
from carrierwatch.li.hunt import LiInputs, read_warrant_input, read_x1_jsonl_input, read_x1_xml_input
from carrierwatch.telemetry.readers import read_table

TESTS = Path(__file__).parent.parent
SAMPLES: dict[str, list[Path]] = {
    "syslog": [TESTS / "telemetry/fixtures/syslog/cisco_ios.log", TESTS / "telemetry/fixtures/syslog/multivendor.log"],
    "tacacs": [TESTS / "telemetry/fixtures/tacacs/tac_plus.log", TESTS / "telemetry/fixtures/tacacs/tac_plus_ng.log",
               TESTS / "telemetry/fixtures/tacacs/radius_detail.log",
               TESTS / "telemetry/fixtures/tacacs/ise_export.csv"],
    "nfdump-csv": [TESTS / "telemetry/fixtures/nfdump/nfdump16.csv", TESTS / "telemetry/fixtures/nfdump/nfdump17.csv"],
    "zeek-conn": [TESTS / "telemetry/fixtures/zeek/conn.log"],
    "zeek-json": [p for p in (TESTS / "telemetry/fixtures/zeek/json").glob("*conn*")] or [],
    "zeek-dns": [TESTS / "listen/fixtures/zeek/dns_small.log"],
    "zeek-ssl": [TESTS / "listen/fixtures/zeek/ssl_small.log"],
    "ipfix": [TESTS / "listen/fixtures/lab_small.ipfix"],
    "netflow-pcap": [TESTS / "listen/fixtures/softflowd_v9.pcap"],
    "x1-xml": [TESTS / "li/fixtures/x1-activate.xml"],
}
SAMPLES = {k: v for k, v in SAMPLES.items() if v and all(p.exists() for p in v)}
LI = {"x1-xml", "x1-jsonl", "warrant-register"}

#: values the issue found crashing readers: non-ASCII digits, non-finite and huge numbers, times past 9999,
#: deep nesting, a CSV field past the csv module's limit
HOSTILE = [b"\xc2\xb2", b"\xd9\xa1\xd9\xa2", b"inf", b"nan", b"1e400", b"-1e400", b"99999999999999999999999",
           b"1" * 5000, b"9999-12-31T23:59:59-23:59", b"10000-01-01T00:00:00Z", b"0000-01-01T00:00:00Z",
           b"253402300800", b"-99999999999", b"[" * 3000, b"{\"a\":" * 2000, b"x" * 140_000, b"\x00",
           b"\"" * 7, b"\t" * 30, b",,,,,,,,", b"\xff\xfe", b"\r", b"<a>" * 2000]

X1_JSONL = (b'{"x1TransactionId":"t1","messageTimestamp":"2026-11-16T10:00:00Z","message":"activateTaskRequest",'
            b'"targets":[{"kind":"imsi","value":"001010123456789"}],"delivery_port":5000}\n')
WARRANTS = (b'{"warrants":[{"warrant_id":"W1","targets":["imsi:001010123456789"],"destinations":["192.0.2.7:5000"],'
            b'"valid_from":"2026-01-01T00:00:00Z","valid_to":"2026-12-31T00:00:00Z"}]}')


@st.composite
def mutated(draw: st.DrawFn, base: bytes) -> bytes:
    data = bytearray(base)
    for _ in range(draw(st.integers(1, 6))):
        op = draw(st.sampled_from(["hostile", "flip", "cut", "dup"]))
        pos = draw(st.integers(0, max(len(data) - 1, 0)))
        if op == "hostile":
            token = draw(st.sampled_from(HOSTILE))
            end = pos + draw(st.integers(0, 12))
            data[pos:end] = token
        elif op == "flip" and data:
            data[pos] = draw(st.integers(0, 255))
        elif op == "cut":
            del data[pos : pos + draw(st.integers(1, 64))]
        else:
            data[pos:pos] = data[pos : pos + draw(st.integers(1, 200))]
    return bytes(data)


def _read(kind: str, data: bytes, tmp: Path) -> InputAccount:
    path = tmp / f"input.{kind}"
    path.write_bytes(data)
    acc = InputAccount(str(path), kind)
    if kind in LI:
        read_li = {"x1-xml": read_x1_xml_input, "x1-jsonl": read_x1_jsonl_input,
                   "warrant-register": read_warrant_input}[kind]
        read_li(path, acc, LiInputs(), tmp, display=str(path))
    else:
        read_table(path, kind, acc, default_year=2026)
    return acc


def _check(acc: InputAccount) -> None:
    assert not (acc.error or "").startswith("reader failed"), acc.error
    assert acc.records == acc.accepted + acc.rejected, acc


CASES = [(kind, path.read_bytes()) for kind, paths in SAMPLES.items() for path in paths]
CASES += [("x1-jsonl", X1_JSONL * 3), ("warrant-register", WARRANTS)]


@pytest.mark.parametrize(("kind", "base"), CASES, ids=[f"{k}-{i}" for i, (k, _) in enumerate(CASES)])
def test_mutated_samples_never_crash_a_reader(kind: str, base: bytes) -> None:
    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        _check(_read(kind, base, tmp))  # the sample itself

        @settings(deadline=None, max_examples=40, suppress_health_check=list(HealthCheck), database=None)
        @given(mutated(base))
        def fuzz(data: bytes) -> None:
            _check(_read(kind, data, tmp))

        fuzz()


# -- one regression test per crash site fixed -------------------------------------------------------------
def _text(kind: str, text: str, tmp: Path) -> InputAccount:
    acc = _read(kind, text.encode("utf-8"), tmp)
    _check(acc)
    return acc


def test_superscript_digits_in_priv_level(tmp_path: Path) -> None:
    acc = _text("tacacs", "Nov 16 10:00:05\t10.0.0.1\tops\ttty2\t10.255.0.12\tstop\ttask_id=42\tpriv-lvl=\u00b2\t"
                "cmd=show run <cr>\n", tmp_path)
    assert acc.accepted == 1


def test_radius_event_timestamp_with_arabic_digits_and_year_past_9999(tmp_path: Path) -> None:
    block = "Mon Nov 16 10:00:01 2026\n\tUser-Name = \"ops\"\n\tNAS-IP-Address = 10.0.0.1\n\tTimestamp = {}\n\n"
    acc = _text("tacacs", block.format("\u0661\u0662") + block.format("253402300800"), tmp_path)
    assert acc.rejected == 2 and acc.accepted == 0


def test_nfdump_infinite_and_huge_counters(tmp_path: Path) -> None:
    head = "ts,te,td,sa,da,sp,dp,pr,flg,fwd,stos,ipkt,ibyt\n"
    row = "2026-11-16 10:00:01,2026-11-16 10:00:02,1.0,10.0.0.1,10.0.0.2,{sp},80,TCP,......,0,0,{pk},100\n"
    acc = _text("nfdump-csv", head + row.format(sp="1\u00b2", pk="1") + row.format(sp="1", pk="1e400")
                + row.format(sp="1", pk="99999999999999999999999") + row.format(sp="1", pk="inf")
                + row.format(sp="1", pk="5"), tmp_path)
    assert (acc.accepted, acc.rejected) == (1, 4)


def test_zeek_json_deep_nesting_and_infinite_duration(tmp_path: Path) -> None:
    good = '{"ts":1600000000.0,"id.orig_h":"10.0.0.1","id.orig_p":1,"id.resp_h":"10.0.0.2","id.resp_p":80,' \
           '"proto":"tcp","duration":%s}\n'
    acc = _text("zeek-json", good % "1.5" + good % "1e400" + "[" * 5000 + "\n" + good % "Infinity", tmp_path)
    assert acc.accepted == 1 and acc.rejected == 3


def test_timestamp_past_9999_from_an_offset_is_rejected_not_stored(tmp_path: Path) -> None:
    acc = _text("syslog", "<13>1 9999-12-31T23:59:59-23:59 pe1 app - - - hostile\n"
                "<13>1 2026-11-16T10:00:01Z pe1 app - - - good\n", tmp_path)
    assert (acc.accepted, acc.rejected) == (1, 1)


def test_x1_deep_xml_one_long_line_and_out_of_range_times(tmp_path: Path) -> None:
    acc = _text("x1-xml", "<?xml version='1.0'?>" + "<a>" * 5000 + "</a>" * 5000, tmp_path)
    assert acc.rejected == 1 and "nested too deep" in next(iter(acc.reasons))
    line = X1_JSONL.decode().replace("2026-11-16T10:00:00Z", "9999-12-31T23:59:59-23:59")
    acc = _text("x1-jsonl", line + X1_JSONL.decode().replace("5000", "1e400") + X1_JSONL.decode(), tmp_path)
    assert (acc.accepted, acc.rejected) == (1, 2)
    assert acc.reasons == {"X1 record without a valid timestamp": 1, "non-finite number": 1}


def test_warrant_register_deep_json_and_offset_overflow(tmp_path: Path) -> None:
    acc = _text("warrant-register", '{"warrants":' + "[" * 3000 + "]" * 3000 + "}", tmp_path)
    assert acc.rejected == 1 and acc.accepted == 0
    acc = _text("warrant-register", WARRANTS.decode().replace("2026-12-31T00:00:00Z", "9999-12-31T23:59:59-23:59"),
                tmp_path)
    assert acc.rejected == 1


def test_ise_csv_field_past_the_csv_limit(tmp_path: Path) -> None:
    base = (TESTS / "telemetry/fixtures/tacacs/ise_export.csv").read_text(encoding="utf-8").splitlines()
    clean = _text("tacacs", "\n".join(base) + "\n", tmp_path)
    acc = _text("tacacs", "\n".join([base[0], '"' + "x" * 140_000 + '",' + base[1], *base[1:]]) + "\n", tmp_path)
    assert acc.accepted == clean.accepted and acc.rejected == clean.rejected + 1
    assert acc.reasons["unparsable CSV"] == 1


def test_ise_header_with_a_stray_carriage_return(tmp_path: Path) -> None:
    """Found by the fuzz suite: a CR in the first line made the dialect sniffing raise."""
    base = (TESTS / "telemetry/fixtures/tacacs/ise_export.csv").read_text(encoding="utf-8")
    _text("tacacs", "\r" + base, tmp_path)


def test_a_reader_bug_fails_its_file_not_the_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The net under every reader: an exception it did not expect becomes the file's error, with the accepted
    records that were not delivered moved to rejected."""
    from carrierwatch.telemetry import readers

    def broken(path: Path, account: InputAccount, **_: object) -> None:
        account.accept(3)
        raise KeyError("a bug")

    monkeypatch.setitem(readers.TABLE_READERS, "tacacs", readers.TableReader("aaa", broken))
    acc = InputAccount("f", "tacacs")
    table = readers.read_table(tmp_path, "tacacs", acc)
    assert table.num_rows == 0 and acc.error is not None and acc.error.startswith("reader failed: KeyError at ")
    assert (acc.accepted, acc.rejected, acc.records) == (0, 3, 3)
