"""STIX export: fixture pair, stix2-validator 3.2.0 validity, TLP strictest-of-sources, anonymised sightings,
and a property test that no subscriber id, LI target, internal address/host or secret survives redaction."""

from __future__ import annotations

import json
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st
from stix2validator import ValidationOptions, validate_instance

from carrierwatch.findings import Category, Evidence, Finding, Severity
from carrierwatch.intel.tlp import ID_TO_TLP
from carrierwatch.share.export import export_bundle
from carrierwatch.share.redact import RedactionPolicy, Redactor

DATA = Path(__file__).parent / "data"
NOW = datetime(2026, 1, 1, tzinfo=UTC)


def _load() -> list[Finding]:
    return [Finding.from_dict(d) for d in json.loads((DATA / "findings-small.json").read_text())["findings"]]


def _valid(bundle: dict[str, object]) -> None:
    res = validate_instance(bundle, ValidationOptions(version="2.1"))
    assert res.is_valid, [str(e) for e in res.errors]


def test_fixture_pair() -> None:
    r = export_bundle(_load(), org="Example Carrier", now=NOW)
    objs = r.bundle["objects"]
    got = {"object_types": dict(sorted(Counter(o["type"] for o in objs).items())),
           "markings": dict(sorted(Counter(o["type"] + ":" + ID_TO_TLP[o["object_marking_refs"][0]]
                                           for o in objs).items())),
           "skipped": r.skipped, "redactions": r.redactions}
    assert got == json.loads((DATA / "findings-small.expected.json").read_text())
    _valid(r.bundle)
    text = json.dumps(r.bundle)
    for planted in ("310150123456789", "NYPD-2024-0042", "12025550142", "0822455D0A16", "10.9.8.7", "pe1-nyc",
                    "/tmp/", "lab/"):
        assert planted not in text
    sighting = next(o for o in objs if o["type"] == "sighting" and "observed_data_refs" in o)
    assert sighting["count"] == 12 and sighting["where_sighted_refs"] == [objs[0]["id"]]
    assert sighting["sighting_of_ref"].startswith("indicator--")


def test_anonymous_has_no_identity() -> None:
    r = export_bundle(_load(), anonymous=True, now=NOW)
    assert not [o for o in r.bundle["objects"] if o["type"] == "identity"]
    assert all("where_sighted_refs" not in o and "created_by_ref" not in o for o in r.bundle["objects"])
    _valid(r.bundle)


def _ioc(tlp: str, device: str) -> Finding:
    return Finding("CW-IOC-IP", "Traffic involving 198.51.100.9", Severity.HIGH, Category.IOC, device=device,
                   first_seen=NOW, last_seen=NOW, references=["indicator--5b1e6d4f-6f35-4a43-9a0c-1b1b0d1c2a11"],
                   extra={"indicator": "198.51.100.9", "tlp": tlp, "events": 2})


def test_marking_is_strictest_of_sources() -> None:
    r = export_bundle([_ioc("green", "a"), _ioc("red", "b")], now=NOW)
    s = next(o for o in r.bundle["objects"] if o["type"] == "sighting")
    assert ID_TO_TLP[s["object_marking_refs"][0]] == "red" and s["count"] == 4
    r2 = export_bundle([_ioc("green", "a")], now=NOW)
    s2 = next(o for o in r2.bundle["objects"] if o["type"] == "sighting")
    assert ID_TO_TLP[s2["object_marking_refs"][0]] == "green"


def test_internal_indicator_withheld_and_audit_not_shared() -> None:
    f = _ioc("clear", "a")
    f.extra["indicator"] = "10.20.30.40"
    audit = Finding("CW-IOS-X", "weak", Severity.HIGH, Category.AUDIT, attack=["T1040"])
    r = export_bundle([f, audit], now=NOW)
    assert r.skipped == {"indicator value is an internal address": 1, "category audit is not shared": 1}
    assert [o["type"] for o in r.bundle["objects"]] == ["identity"]


def test_redaction_policy_is_configurable() -> None:
    text = "from 10.1.1.1 imsi=310150123456789"
    assert "10.1.1.1" in Redactor(RedactionPolicy(internal_addresses=False)).text(text)
    assert "310150123456789" not in Redactor(RedactionPolicy(internal_addresses=False)).text(text)
    assert "203.0.113.0" not in Redactor(RedactionPolicy(internal_networks=["203.0.113.0/24"])).text("203.0.113.5 x")


_digits = st.text("0123456789", min_size=15, max_size=15).filter(lambda s: s[0] != "0")
# a digit in every secret, so a planted value can never equal a placeholder word like "subscriber"
_secret = st.text("abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789", min_size=10, max_size=16).filter(
    lambda s: any(c.isdigit() for c in s))
_host = st.text("abcdefghjkmnpqrstuvwxyz", min_size=6, max_size=8).map(lambda s: f"rtr{s}7")
_internal = st.tuples(st.sampled_from(["10", "192.168", "172.20", "100.64"]), st.integers(0, 255),
                      st.integers(1, 254)).map(lambda t: f"{t[0]}.{t[1]}.{t[2]}" + (".5" if t[0] == "10" else ""))


@st.composite
def planted(draw: st.DrawFn) -> tuple[list[Finding], list[str]]:
    imsi, imei, msisdn = draw(_digits), draw(_digits), "+1" + draw(_digits)[:10]
    liid, secret, host, ip = draw(_secret), draw(_secret), draw(_host), draw(_internal)
    forms = [f"imsi={imsi}", f"IMEI {imei}", f"msisdn: {msisdn}", f"SUPI imsi-{imsi}", f"LIID: {liid}",
             f"target={liid}", f"tacacs-server key 7 {secret}", f"password={secret}", f"Bearer {secret}",
             f"on {host}", f"{host}.noc.corp", f"from {ip}", f"peer {ip}"]
    texts = draw(st.lists(st.sampled_from(forms), min_size=1, max_size=6))
    blob = " ".join(texts)
    cat = draw(st.sampled_from([Category.BEHAVIOR, Category.IOC, Category.ANALYTIC]))
    f = Finding("CW-HUNT-PROP", f"Seen {blob}", Severity.CRITICAL, cat, device=host, first_seen=NOW, last_seen=NOW,
                attack=["T1040"], evidence=[Evidence(f"/var/log/{host}.log", 3, f"{blob} 45.61.134.77")],
                description=blob, extra={"indicator": "45.61.134.77", "tlp": "amber", "note": blob})
    secrets_in = [imsi, imei, msisdn[2:], liid, secret, host, ip]
    return [f], [s for s in secrets_in if s in blob or s == host]


@settings(max_examples=80, deadline=None)
@given(case=planted(), anonymous=st.booleans())
def test_property_nothing_sensitive_leaves(case: tuple[list[Finding], list[str]], anonymous: bool) -> None:
    findings, sensitive = case
    r = export_bundle(findings, anonymous=anonymous, now=NOW)
    text = json.dumps(r.bundle)
    for s in sensitive:
        assert s not in text
    assert r.bundle["objects"] or anonymous


@settings(max_examples=15, deadline=None)
@given(case=planted())
def test_property_bundles_validate(case: tuple[list[Finding], list[str]]) -> None:
    _valid(export_bundle(case[0], now=NOW).bundle)
