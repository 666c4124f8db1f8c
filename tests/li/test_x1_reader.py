"""X1 reader: fixture pair, XML attacks refused and counted, JSONL form, register reader, sniffing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from carrierwatch.findings import InputAccount
from carrierwatch.li.privacy import TargetHasher
from carrierwatch.li.warrants import read_warrants
from carrierwatch.li.x1 import parse_x1_text, read_x1_jsonl, read_x1_xml
from carrierwatch.telemetry.sniff import sniff

FX = Path(__file__).parent / "fixtures"


def test_x1_xml_fixture_pair(hasher: TargetHasher) -> None:
    acc = InputAccount("x", "x1-xml")
    events = read_x1_xml(FX / "x1-activate.xml", acc, hasher)
    want = json.loads((FX / "x1-activate.expected.json").read_text())
    got = [{"line": e.line, "message": e.message, "admf_id": e.admf_id, "ne_id": e.ne_id, "x_id": e.x_id,
            "target_kinds": list(e.target_kinds), "dids": list(e.dids), "d_id": e.d_id,
            "delivery_address": e.delivery_address, "delivery_port": e.delivery_port, "ts": e.ts.isoformat()}
           for e in events]
    assert got == want["events"]
    assert (acc.accepted, acc.rejected, acc.reasons) == (want["accepted"], want["rejected"], want["reasons"])
    assert acc.balanced
    assert events[0].targets == (hasher.token("e164", "+1 212 555 0142"),)
    assert "5550142" not in events[0].redacted()


BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<X1Request xmlns="http://uri.etsi.org/03221/X1/2017/10"><x1RequestMessage>&lol3;</x1RequestMessage></X1Request>
"""
XXE = """<?xml version="1.0"?>
<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<X1Request xmlns="http://uri.etsi.org/03221/X1/2017/10"><x1RequestMessage>&xxe;</x1RequestMessage></X1Request>
"""


@pytest.mark.parametrize("payload", [BILLION_LAUGHS, XXE], ids=["entity-expansion", "external-entity"])
def test_xml_attacks_are_rejected_and_counted(payload: str, hasher: TargetHasher, tmp_path: Path) -> None:
    path = tmp_path / "evil.xml"
    good = (FX / "x1-activate.xml").read_text()
    path.write_text(payload + good)
    assert sniff(path) == "x1-xml"
    acc = InputAccount(str(path), "x1-xml")
    events = read_x1_xml(path, acc, hasher)
    assert len(events) == 2  # the good documents after the hostile one are still read
    attacks = {r: n for r, n in acc.reasons.items() if r.startswith("xml attack refused")}
    assert sum(attacks.values()) == 1
    assert acc.balanced and acc.error is None
    assert all("root:" not in e.redacted() for e in events)


def test_malformed_xml_is_counted(hasher: TargetHasher) -> None:
    acc = InputAccount("x", "x1-xml")
    assert parse_x1_text("<?xml version='1.0'?><X1Request><x1RequestMessage>", "x", acc, hasher) == []
    assert acc.rejected == 1 and next(iter(acc.reasons)).startswith("malformed xml")


def test_jsonl_trail(hasher: TargetHasher, tmp_path: Path) -> None:
    lines = [
        {"timestamp": "2026-11-16T10:00:00Z", "message": "ActivateTaskRequest", "admf_id": "a", "ne_id": "pe1",
         "peer": "10.255.9.90", "x_id": "x1", "targets": [{"kind": "imsi", "value": "001011234567890"}],
         "dids": ["d1"]},
        {"messageTimestamp": "2026-11-16T10:01:00Z", "messageType": "getTaskDetailsRequest", "admfIdentifier": "a",
         "xId": "x1"},
        {"timestamp": "not a time", "message": "PingRequest", "admf_id": "a"},
    ]
    path = tmp_path / "trail.jsonl"
    path.write_text("\n".join(json.dumps(x) for x in lines) + "\nnot json\n")
    assert sniff(path) == "x1-jsonl"
    acc = InputAccount(str(path), "x1-jsonl")
    evs = read_x1_jsonl(path, acc, hasher)
    assert [e.message for e in evs] == ["ActivateTaskRequest", "GetTaskDetailsRequest"]
    assert evs[0].targets == (hasher.token("supi", "imsi-001011234567890"),)
    assert (acc.accepted, acc.rejected) == (2, 2) and acc.balanced


def test_warrant_register_csv_and_json(hasher: TargetHasher, tmp_path: Path) -> None:
    csv_path = tmp_path / "w.csv"
    csv_path.write_text("warrant_id,targets,destinations,valid_from,valid_to,authority\n"
                        "W-1,e164:+12125550142;imsi:001011234567890,10.255.9.90:50010;d-1,2026-11-01T00:00:00Z,"
                        "2026-12-01T00:00:00Z,court\n"
                        "W-2,e164:not-a-number,,2026-11-01T00:00:00Z,2026-12-01T00:00:00Z,court\n"
                        ",e164:+12125550143,,2026-11-01,2026-12-01,court\n")
    assert sniff(csv_path) == "warrant-register"
    acc = InputAccount("w", "warrant-register")
    ws = read_warrants(csv_path, acc, hasher)
    assert [w.warrant_id for w in ws] == ["W-1"]
    assert ws[0].destinations == frozenset({"10.255.9.90", "d-1"})
    assert hasher.token("msisdn", "12125550142") in ws[0].targets
    assert acc.rejected == 2 and all("not-a-number" not in r for r in acc.reasons)
    js = tmp_path / "w.json"
    entry = {"warrant_id": "W-9", "targets": [{"kind": "ip", "value": "192.0.2.7"}],
             "valid_from": "2026-11-01T00:00:00Z", "valid_to": "2026-11-02T00:00:00Z"}
    js.write_text(json.dumps({"warrants": [entry]}))
    assert sniff(js) == "warrant-register"
    acc2 = InputAccount("w", "warrant-register")
    assert [w.warrant_id for w in read_warrants(js, acc2, hasher)] == ["W-9"]


def test_cli_token_reads_stdin_and_never_echoes(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from carrierwatch.cli import app
    from carrierwatch.li.privacy import TargetHasher

    runner = CliRunner()
    res = runner.invoke(app, ["--workspace", str(tmp_path), "li", "token", "e164"], input="+1 212 555 0142\n")
    assert res.exit_code == 0, res.output
    assert res.output.strip() == TargetHasher.for_workspace(tmp_path).token("msisdn", "12125550142")
    assert "5550142" not in res.output
    bad = runner.invoke(app, ["--workspace", str(tmp_path), "li", "token", "imsi"], input="12ab\n")
    assert bad.exit_code == 2 and "12ab" not in bad.output


_X1_SNIPPETS = ["<?xml version='1.0'?>", "<X1Request>", "</X1Request>", "<x1RequestMessage xsi:type='PingRequest'>",
                "</x1RequestMessage>", "<messageTimestamp>2026-11-16T00:00:00Z</messageTimestamp>", "<!DOCTYPE a>",
                "<!ENTITY e 'x'>", "&e;", "<xId>", "</xId>", "]]>", "\n", "<![CDATA["]


@given(st.lists(st.sampled_from(_X1_SNIPPETS) | st.text(max_size=20), max_size=30))
@settings(max_examples=150, deadline=None)
def test_x1_parser_never_raises_and_accounts_every_record(parts: list[str]) -> None:
    acc = InputAccount("x", "x1-xml")
    events = parse_x1_text("".join(parts), "x", acc, TargetHasher(b"k" * 32))
    assert acc.balanced and acc.accepted == len(events)


@given(st.text(max_size=300))
@settings(max_examples=100, deadline=None)
def test_register_reader_never_raises(text: str) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as d:
        p = Path(d) / "w.csv"
        p.write_text("warrant_id,targets,destinations,valid_from,valid_to,authority\n" + text, encoding="utf-8")
        acc = InputAccount("w", "warrant-register")
        ws = read_warrants(p, acc, TargetHasher(b"k" * 32))
        assert acc.balanced and acc.accepted == len(ws)
