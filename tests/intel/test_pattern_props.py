"""Property tests for the pattern compiler, value canonicalisation and the 128-bit split."""

from __future__ import annotations

import ipaddress

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from carrierwatch.intel.indicators import split128
from carrierwatch.intel.pattern import PatternError, compile_pattern
from carrierwatch.intel.tlp import TLP2_IDS, tlp_from_marking_refs, tlp_from_misp_tags, tlp_of_marking_object
from carrierwatch.intel.values import normalise_url

ips = st.ip_addresses(v=4).map(str)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(ips, min_size=1, max_size=3), min_size=1, max_size=4))
def test_or_of_ands_roundtrips(dnf: list[list[str]]) -> None:
    """A pattern written as OR-of-ANDs compiles back to the same set of conjunctions."""
    text = "[" + " OR ".join("(" + " AND ".join(f"ipv4-addr:value = '{ip}'" for ip in conj) + ")"
                             for conj in dnf) + "]"
    got = {tuple(v for _, v in conj) for conj in compile_pattern(text).conjunctions}
    assert got == {tuple(sorted(set(c))) for c in dnf}


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=80))
def test_arbitrary_text_never_crashes(text: str) -> None:
    """Any other exception type (IndexError, KeyError...) would be a crash: only PatternError is allowed."""
    try:
        got = compile_pattern(text)
    except PatternError:
        return
    assert got.conjunctions and all(conj for conj in got.conjunctions)


@settings(max_examples=200, deadline=None)
@given(st.integers(0, 2**128 - 1), st.integers(0, 2**128 - 1))
def test_split128_preserves_order(a: int, b: int) -> None:
    assert (a < b) == (split128(a) < split128(b))
    assert all(-(2**63) <= h < 2**63 for h in split128(a))


@settings(max_examples=100, deadline=None)
@given(st.from_regex(r"[a-z0-9/_.~-]{0,20}", fullmatch=True))
def test_url_encoding_once_or_twice_normalises_the_same(path: str) -> None:
    from urllib.parse import quote

    once, twice = quote(path, safe=""), quote(quote(path, safe=""), safe="")
    assert normalise_url(f"http://h.example/{once}") == normalise_url(f"http://H.example:80/{twice}")


@pytest.mark.parametrize(("pattern", "reason"), [
    ("[ipv4-addr:value = '1.2.3.4'] AND [ipv4-addr:value = '5.6.7.8']", "observation-level AND"),
    ("[ipv4-addr:value = '1.2.3.4'] FOLLOWEDBY [domain-name:value = 'x.example']", "observation-level FOLLOWEDBY"),
    ("[ipv4-addr:value = '1.2.3.4'] WITHIN 300 SECONDS", "qualifier WITHIN"),
    ("[process:name = 'x']", "unsupported comparison process:name ="),
    ("[ipv4-addr:value = 'nope']", "invalid ip value"),
])
def test_unsupported_patterns_say_why(pattern: str, reason: str) -> None:
    with pytest.raises(PatternError, match=reason):
        compile_pattern(pattern)


def test_issubset_and_in() -> None:
    got = compile_pattern("[ipv4-addr:value ISSUBSET '10.0.0.0/8' OR domain-name:value IN ('A.example', 'b.example')]")
    assert got.conjunctions == [[("cidr4", "10.0.0.0/8")], [("domain", "a.example")], [("domain", "b.example")]]


def test_tlp_normalisation() -> None:
    assert tlp_from_marking_refs(["marking-definition--613f2e26-407d-48c7-9eca-b8e91df99dc9"]) == "clear"  # 1.0 WHITE
    assert tlp_from_marking_refs([TLP2_IDS["amber+strict"], TLP2_IDS["green"]]) == "amber+strict"
    assert tlp_from_marking_refs(["marking-definition--unknown"], default="amber") == "amber"
    assert tlp_from_misp_tags([{"name": "tlp:white"}, {"name": "tlp:amber+strict"}]) == "amber+strict"
    assert tlp_from_misp_tags(["osint:source-type=\"blog\""]) is None
    opencti = {"id": "marking-definition--x", "definition_type": "statement", "name": "TLP:AMBER+STRICT"}
    assert tlp_of_marking_object(opencti) == "amber+strict"
    tlp2 = {"id": "marking-definition--y", "extensions": {
        "extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d": {"tlp_2_0": "red"}}}
    assert tlp_of_marking_object(tlp2) == "red"
    ais_restricted = {"id": "marking-definition--z", "extensions": {
        "extension-definition--3a65884d-005a-4290-8335-cb2d778a83ce": {"classification": "U"}}}
    assert tlp_of_marking_object(ais_restricted) == "amber"


def test_ipv6_cidr_bounds_are_exact() -> None:
    net = ipaddress.ip_network("2001:db8::/127")
    lo, hi = split128(int(net.network_address)), split128(int(net.broadcast_address))
    assert lo < hi and split128(int(net.broadcast_address) + 1) > hi


def test_50000_term_or_pattern_compiles_every_term() -> None:
    """Issue 14: the tokenizer/parser were quadratic (text[pos:] per token, list + list per OR); now linear."""
    terms = [f"ipv4-addr:value = '10.{i // 65536 % 256}.{i // 256 % 256}.{i % 256}'" for i in range(50000)]
    got = compile_pattern("[" + " OR ".join(terms) + "]   ")
    assert len(got.conjunctions) == 50000
    assert got.conjunctions[-1] == [("ipv4", "10.0.195.79")]
