"""Fixture pairs: each ``fixtures/<name>.cfg`` parses to the selected fields in ``<name>.expected.json``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from carrierwatch.configs import read_config_file

FIX = Path(__file__).parent / "fixtures"
CASES = sorted(p.stem for p in FIX.glob("*.cfg"))


def test_enough_fixtures_across_platforms() -> None:
    assert len(CASES) >= 12
    oses = {read_config_file(FIX / f"{c}.cfg").os for c in CASES}
    assert {"ios", "ios-xe", "nx-os", "ios-xr", "eos", "junos"} <= oses


@pytest.mark.parametrize("name", CASES)
def test_fixture_pair(name: str) -> None:
    dev = read_config_file(FIX / f"{name}.cfg")
    expected = json.loads((FIX / f"{name}.expected.json").read_text())
    assert dev.summary() == expected
    assert dev.parse_status != "failed"
    assert dev.recognised_lines + dev.unrecognised_lines <= dev.total_lines


def test_weak_ios_model_details() -> None:
    dev = read_config_file(FIX / "cw_ios_weak.cfg")
    assert dev.os == "ios-xe" and dev.version == "16.12"
    assert dev.services.ssh_ports == [20022] and dev.services.http_port == 18080 and dev.services.http_server
    (srv,) = dev.aaa.servers
    assert (srv.address, srv.key_type, srv.line) == ("203.0.113.66", "7", 8)
    assert srv.key_masked == "0***[12]"
    comms = {c.access: c for c in dev.snmp.communities}
    assert comms["RO"].acl == "20" and comms["RO"].masked == "p***[6]" and comms["RW"].acl is None
    assert {u.name: u.secret_type for u in dev.users} == {"admin": "5", "ops": "0"}
    assert dev.enable[0].kind == "password" and dev.enable[0].type == "7"
    (vty,) = dev.vty_lines()
    assert vty.transport_input == ["telnet", "ssh"] and vty.exec_timeout == 0 and vty.rotary == 1
    assert dev.interfaces["Tunnel9"].tunnel is not None
    assert dev.interfaces["Tunnel9"].tunnel.destination == "203.0.113.9"
    assert [e.source for e in dev.acls["20"].entries] == ["10.255.0.0/16", "203.0.113.5/32"]
    assert any(u.acl == "20" and u.where == "vty" for u in dev.acl_uses)
    assert "public" not in repr(dev.snmp) and "0822455D0A16" not in repr(dev.aaa)


def test_utf16_fixture_decoded() -> None:
    dev = read_config_file(FIX / "ios_ios-unicode.cfg")
    assert dev.hostname == "ios-unicode" and any("UTF-16" in n for n in dev.notes)
