"""Fixture pairs for the fleet parsers (SR OS classic and MD-CLI, VRP, ASA, PAN-OS XML, FortiOS): each
``tests/audit/fixtures/fleet/<name>.cfg`` (the weak/hardened configs the audit tests also use) parses to
``<name>.expected.json``; the version command outputs in ``fixtures/show_version`` parse to ``expected.json``.
All fixtures were written for these tests from the vendors' configuration guides (see each parser's
docstring); secrets in them are made up."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from carrierwatch.configs import detect_dialect, parse_config, parse_show_version, read_config_file
from carrierwatch.configs.model import DeviceConfig

FLEET = Path(__file__).parents[1] / "audit" / "fixtures" / "fleet"
CASES = sorted(p.stem for p in FLEET.glob("*.cfg"))
SV = Path(__file__).parent / "fixtures" / "show_version"


def _summary(dev: DeviceConfig) -> dict[str, object]:
    s = dev.summary()
    s.update(
        dialect=dev.dialect,
        user_secret_types={u.name: u.secret_type for u in dev.users},
        telnet=dev.services.telnet,
        vpn_portals=dev.services.vpn_portals,
        ntp_authenticated=dev.ntp.authenticate,
        bgp_auth={b.address: b.password_type for b in dev.bgp_neighbors},
    )
    return s


def test_every_fleet_platform_has_fixtures() -> None:
    oses = {read_config_file(FLEET / f"{c}.cfg").os for c in CASES}
    assert oses == {"sros", "vrp", "asa", "pan-os", "fortios"}
    dialects = {read_config_file(FLEET / f"{c}.cfg").dialect for c in CASES}
    assert dialects == {"sros", "vrp", "asa", "panos", "fortios"}


@pytest.mark.parametrize("name", CASES)
def test_fleet_fixture_pair(name: str) -> None:
    dev = read_config_file(FLEET / f"{name}.cfg")
    expected = json.loads((FLEET / f"{name}.expected.json").read_text())
    assert _summary(dev) == expected
    assert dev.parse_status == "parsed", dev.unrecognised_samples
    assert dev.recognised_lines + dev.unrecognised_lines <= dev.total_lines


def test_sros_both_clis_read_the_same_things() -> None:
    classic = read_config_file(FLEET / "hardened-sros-classic.cfg")
    md = read_config_file(FLEET / "hardened-sros-mdcli.cfg")
    for dev in (classic, md):
        assert dev.ntp.authenticate and dev.ntp.servers[0].key == "1"
        assert dev.aaa.accounting and dev.aaa.servers[0].key_type == "hash2"
        assert dev.acls["management-access-filter"].entries[0].source == "10.255.0.0/16"
        assert dev.acls["management-access-filter"].entries[-1].action == "deny"
        assert dev.lines[0].exec_timeout == 600


def test_secrets_never_in_the_model() -> None:
    for c in CASES:
        dev = read_config_file(FLEET / f"{c}.cfg")
        text = repr(dev.users) + repr(dev.aaa) + repr(dev.snmp) + repr(dev.crypto)
        for secret in ("admin123", "tacacs123", "public", "cisco123", "ops12345", "KgGkp0nl9zEYkMzxGq0gOzgfmTSv7C4z"):
            assert secret not in text, (c, secret)


def test_unknown_statement_is_counted_not_dropped() -> None:
    base = (FLEET / "hardened-vrp.cfg").read_text().replace("#\nreturn", "#\nfrobnicate everything\n#\nreturn")
    dev = parse_config(base, path="x.cfg")
    assert dev.parse_status == "partial" and dev.unrecognised_lines == 1
    assert dev.line_text(dev.unrecognised_samples[0]) == "frobnicate everything"


def test_panos_xml_not_well_formed_fails_with_reason() -> None:
    text = (FLEET / "hardened-panos.cfg").read_text()[:-40]
    dev = parse_config(text, path="pa.xml")
    assert dev.parse_status == "failed" and "not well-formed" in (dev.parse_reason or "")


def test_panos_xml_entities_refused() -> None:
    bomb = ('<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY a "aaaa">]>\n<config version="10.2.0"><devices>'
            "<entry><deviceconfig><system><hostname>&a;</hostname></system></deviceconfig></entry></devices></config>")
    dev = parse_config(bomb, path="bomb.xml")
    assert dev.parse_status == "failed"


@pytest.mark.parametrize("name", sorted(json.loads((SV / "expected.json").read_text())))
def test_version_command_outputs(name: str) -> None:
    expected = json.loads((SV / "expected.json").read_text())[name]
    info = parse_show_version((SV / name).read_text())
    assert {"os": info.os, "version": info.version, "model": info.model, "serial": info.serial} == expected


def test_cisco_dialects_unchanged_by_fleet_detection() -> None:
    assert detect_dialect("hostname r1\ninterface Loopback0\n ip address 10.0.0.1 255.255.255.255\n") == "ios"
    assert detect_dialect("set system host-name j1\n") == "junos-set"


@settings(max_examples=150, deadline=None)
@given(st.sampled_from(CASES), st.integers(min_value=0, max_value=4000), st.text(max_size=40))
def test_fleet_parsers_never_raise_on_mangled_input(name: str, cut: int, junk: str) -> None:
    text = (FLEET / f"{name}.cfg").read_text()
    dev = parse_config(text[:cut] + junk + text[cut:], path="m.cfg")
    assert dev.parse_status in ("parsed", "partial", "failed")
    assert not (dev.parse_reason or "").startswith("internal parser error"), dev.parse_reason
