"""Property tests for the lab's building blocks: network plans and synthetic secrets."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from carrierwatch.lab.network import build_network
from carrierwatch.lab.rng import md5crypt, substream, type7, type8, type9


@settings(max_examples=40, deadline=None)
@given(st.integers(min_value=5, max_value=60), st.integers(min_value=0, max_value=2**32))
def test_network_has_all_platforms_and_unique_names_and_addresses(devices: int, seed: int) -> None:
    net = build_network(devices, seed)
    assert len(net.devices) == devices
    assert {d.platform for d in net.devices} == {"iosxe", "iosxr", "nxos", "junos", "eos"}
    for attr in ("hostname", "mgmt_ip", "loopback_ip"):
        values = [getattr(d, attr) for d in net.devices]
        assert len(set(values)) == len(values), attr
    assert all(re.fullmatch(r"[a-z0-9-]+", d.hostname) for d in net.devices)
    assert any(d.platform == "iosxe" and d.role == "pe" and d.hardening.http_server for d in net.devices)


@given(st.integers(min_value=2, max_value=4), st.integers(min_value=0, max_value=1000))
def test_tiny_networks_still_have_an_ios_xe_pe(devices: int, seed: int) -> None:
    net = build_network(devices, seed)
    assert any(d.platform == "iosxe" and d.role == "pe" for d in net.devices)


@given(st.integers(min_value=0, max_value=2**40), st.text(min_size=1, max_size=10))
def test_secrets_have_the_real_shapes(seed: int, name: str) -> None:
    rng = substream(seed, name)
    assert re.fullmatch(r"[01][0-9][0-9A-F]{20}", type7(rng))
    assert re.fullmatch(r"\$1\$[./0-9A-Za-z]{4}\$[./0-9A-Za-z]{22}", md5crypt(rng))
    assert re.fullmatch(r"\$8\$[./0-9A-Za-z]{14}\$[./0-9A-Za-z]{43}", type8(rng))
    assert re.fullmatch(r"\$9\$[./0-9A-Za-z]{14}\$[./0-9A-Za-z]{43}", type9(rng))


@given(st.integers(min_value=0, max_value=2**40))
def test_substreams_are_independent_of_call_order(seed: int) -> None:
    a1 = substream(seed, "a").random()
    substream(seed, "b").random()
    assert substream(seed, "a").random() == a1
