"""Fixture pairs for every intel reader: raw feed beside the expected typed indicators and input accounting.

Regenerate an expected file only after reading the diff: ``CW_REGEN=1 pytest tests/intel/test_readers.py``.
"""

from __future__ import annotations

import json
import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from carrierwatch.findings import InputAccount
from carrierwatch.intel import flat_readers, misp_reader
from carrierwatch.intel.stix_reader import read_stix_indicators

from .helpers import FIX, account_view, view

NOW = datetime(2026, 11, 16, tzinfo=UTC)


def _read(name: str) -> tuple[list[Any], InputAccount]:
    path = FIX / name
    acc = InputAccount(name, "intel")
    if name.endswith(".json"):
        got = read_stix_indicators(path, acc, display_path=name, now=NOW).indicators
    elif name.endswith(".intel"):
        got = flat_readers.read_zeek_intel(path, acc, source=name)
    elif name.endswith(".csv"):
        got = flat_readers.read_csv_iocs(path, acc, source=name)
    elif name.endswith(".txt"):
        got = flat_readers.read_value_list(path, acc, source=name)
    else:
        got = misp_reader.read_misp_feed(str(path), acc, source=name).indicators
    return got, acc


@pytest.mark.parametrize("name", ["cisa_style_bundle.json", "zeek_intel_sample.intel", "iocs.csv", "misp_export.csv",
                                  "freetext.txt", "misp_feed"])
def test_fixture_pair(name: str) -> None:
    got, acc = _read(name)
    actual = {"indicators": view(got), "account": account_view(acc)}
    exp_path = FIX / f"{Path(name).stem}.expected.json"
    if os.environ.get("CW_REGEN"):
        exp_path.write_text(json.dumps(actual, indent=1, sort_keys=True) + "\n", encoding="utf-8")
    assert actual == json.loads(exp_path.read_text(encoding="utf-8"))


def test_cisa_bundle_every_usable_indicator_is_usable() -> None:
    got, acc = _read("cisa_style_bundle.json")
    values = {(i.kind, i.value) for i in got}
    # upper-case hashes canonicalised, the newest 'modified' wins, revoked/expired/unsupported are counted out
    assert ("sha256", "f2bbba1ea0f34b262f158ff31e00d39d89bbc471d04e8fca60a034cabe18e4f4") in values
    assert ("ipv4", "45.125.67.144") in values and ("ipv4", "45.125.67.143") not in values
    assert ("ipv6", "2001:41d0:700:65dc::f656:929f") in values
    assert acc.reasons == {"superseded by a newer 'modified'": 1, "revoked": 1, "expired (valid_until in the past)": 1,
                           "unsupported comparison domain-name:value LIKE": 1}
    cmd1 = [i for i in got if i.id.endswith("000000000005")]
    assert {i.group_size for i in cmd1} == {2} and len({i.group for i in cmd1}) == 4  # 4 hashes x name
    assert all(i.attack == ["T1569"] and i.actors == ["Salt Typhoon"] for i in cmd1)
    assert {i.tlp for i in got} == {"clear"}  # AIS PUBREL -> CLEAR (documented guess in intel/tlp.py)


def test_unreadable_and_non_bundle_inputs_are_errors_not_tracebacks(tmp_path: Path) -> None:
    for text, why in [("{not json", "not a readable STIX JSON file"), ('{"type": "x"}', "no 'objects' list")]:
        p = tmp_path / "b.json"
        p.write_text(text, encoding="utf-8")
        acc = InputAccount("b.json", "stix")
        assert read_stix_indicators(p, acc).indicators == []
        assert acc.error and acc.error.startswith(why)


def test_gzip_bundle_reads_the_same(tmp_path: Path) -> None:
    import gzip

    p = tmp_path / "b.json.gz"
    p.write_bytes(gzip.compress((FIX / "cisa_style_bundle.json").read_bytes()))
    a, b = InputAccount("a", "stix"), InputAccount("b", "stix")
    plain = read_stix_indicators(FIX / "cisa_style_bundle.json", a, display_path="x", now=NOW).indicators
    packed = read_stix_indicators(p, b, display_path="x", now=NOW).indicators
    assert view(plain) == view(packed) and a.reasons == b.reasons


def test_misp_feed_reads_only_changed_events() -> None:
    acc = InputAccount("feed", "misp-feed")
    first = misp_reader.read_misp_feed(str(FIX / "misp_feed"), acc)
    assert first.events_read == 2
    known = {(k[0], k[2]) for k in first.keys}
    again = misp_reader.read_misp_feed(str(FIX / "misp_feed"), InputAccount("feed", "misp-feed"), known=known)
    assert again.events_read == 0 and again.events_unchanged == 2 and again.indicators == []
    changed = {k for k in known if not k[0].endswith("2222")}
    third = misp_reader.read_misp_feed(str(FIX / "misp_feed"), InputAccount("feed", "misp-feed"), known=changed)
    assert third.events_read == 1


values = st.one_of(st.ip_addresses().map(str), st.from_regex(r"[a-z]{1,10}\.(com|net|example)", fullmatch=True),
                   st.binary(min_size=16, max_size=16).map(lambda b: b.hex()))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(values, min_size=1, max_size=30))
def test_freetext_and_zeek_roundtrip_values(tmp_path: Path, vals: list[str]) -> None:
    """Values written as a freetext list and as a Zeek intel file read back as the same canonical set."""
    from carrierwatch.intel.export import to_zeek
    from carrierwatch.intel.values import guess_kind

    txt = tmp_path / "list.txt"
    txt.write_text("\n".join(vals) + "\n", encoding="utf-8")
    acc = InputAccount("l", "freetext")
    got = flat_readers.read_value_list(txt, acc)
    assert acc.rejected == 0 and acc.accepted == len(vals)
    assert {(i.kind, i.value) for i in got} == {guess_kind(v) for v in vals}
    zeek = tmp_path / "x.intel"
    zeek.write_text(to_zeek(got)[0], encoding="utf-8")
    acc2 = InputAccount("z", "zeek")
    back = flat_readers.read_zeek_intel(zeek, acc2)
    assert acc2.rejected == 0 and {(i.kind, i.value) for i in back} == {(i.kind, i.value) for i in got}
