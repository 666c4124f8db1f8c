"""Version ordering per train (never floats) and ``show version`` parsing."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from carrierwatch.configs.version import Version, parse_show_version, version_key

ORDERED = {
    "ios-xe": ["16.9.4", "16.12.1", "16.12.10a", "17.3.8", "17.3.8a", "17.9.4a"],
    "ios": ["12.2(55)SE10", "15.0(2)SE11", "15.2(4)M7", "15.2(4)M10"],
    "nx-os": ["7.0(3)I7(9)", "7.0(3)I7(10)", "9.3(8)", "9.3(10)"],
    "ios-xr": ["6.1.2", "7.5.2", "7.10.1"],
    "junos": ["21.4R3", "21.4R3-S5", "21.4R3-S10", "22.1R1"],
    "eos": ["4.28.3M", "4.28.3.1M", "4.28.10F", "4.30.1F"],
}


@pytest.mark.parametrize("os_name", sorted(ORDERED))
def test_train_order(os_name: str) -> None:
    vs = ORDERED[os_name]
    assert sorted(vs, key=lambda v: version_key(os_name, v)) == vs
    assert [Version(os_name, v) for v in vs] == sorted(Version(os_name, v) for v in vs)


def test_not_float_comparison() -> None:
    assert Version("ios-xe", "16.9") < Version("ios-xe", "16.12")
    assert Version("ios-xe", "16.09.04") == Version("ios-xe", "16.9.4")


def test_cross_os_comparison_refused() -> None:
    with pytest.raises(TypeError):
        _ = Version("ios-xe", "17.3.1") < Version("nx-os", "9.3(8)")


ver = st.builds(
    lambda a, b, c, s: f"{a}.{b}.{c}{s}",
    st.integers(0, 30),
    st.integers(0, 30),
    st.integers(0, 30),
    st.sampled_from(["", "a", "b"]),
)


@given(ver, ver, ver)
def test_total_order_transitive(a: str, b: str, c: str) -> None:
    ka, kb, kc = (version_key("ios-xe", x) for x in (a, b, c))
    if ka <= kb and kb <= kc:
        assert ka <= kc


@given(st.integers(0, 40), st.integers(0, 40), st.integers(0, 40), st.integers(0, 40))
def test_minor_numeric(maj: int, m1: int, m2: int, patch: int) -> None:
    a, b = Version("ios-xe", f"{maj}.{m1}.{patch}"), Version("ios-xe", f"{maj}.{m2}.{patch}")
    assert (a < b) == (m1 < m2)


@given(st.text(max_size=50))
def test_key_never_raises(text: str) -> None:
    assert isinstance(version_key("junos", text), tuple)
    assert parse_show_version(text) is not None


SHOW = {
    "Cisco IOS XE Software, Version 17.03.08a\ncisco C9300-48P (X86) processor with 1GB\n"
    'Processor board ID FOC1234X0AB\nSystem image file is "flash:packages.conf"\n': (
        "ios-xe",
        "17.03.08a",
        "C9300-48P",
        "FOC1234X0AB",
        "flash:packages.conf",
    ),
    "Cisco IOS Software, C2960 Software (C2960-LANBASEK9-M), Version 15.0(2)SE11, RELEASE SOFTWARE (fc3)\n"
    "cisco WS-C2960-24TT-L (PowerPC405) processor (revision B0)\n": (
        "ios",
        "15.0(2)SE11",
        "WS-C2960-24TT-L",
        None,
        None,
    ),
    "Cisco Nexus Operating System (NX-OS) Software\n  NXOS: version 9.3(8)\n  NXOS image file is: bootflash:///nxos.9.3.8.bin\n"
    "  cisco Nexus9000 C93180YC-EX chassis\n": (
        "nx-os",
        "9.3(8)",
        "C93180YC-EX",
        None,
        "bootflash:///nxos.9.3.8.bin",
    ),
    "Cisco IOS XR Software, Version 7.5.2\n": ("ios-xr", "7.5.2", None, None, None),
    "Hostname: mx1\nModel: mx480\nJunos: 21.4R3-S5.4\n": ("junos", "21.4R3-S5.4", "mx480", None, None),
    "Arista DCS-7050TX-64-R\nSerial number: JPE12345678\nSoftware image version: 4.28.3M\n": (
        "eos",
        "4.28.3M",
        "DCS-7050TX-64-R",
        "JPE12345678",
        None,
    ),
}


@pytest.mark.parametrize("text", list(SHOW))
def test_show_version(text: str) -> None:
    i = parse_show_version(text)
    assert (i.os, i.version, i.model, i.serial, i.image) == SHOW[text]
